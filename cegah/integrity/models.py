"""KPK's integrity instruments as data: MCP and SPI scores per government and year.

Everything that changes between years is stored as rows, never as constants: the MCP area set
(eight areas to 2023, the 2024 set, IPKD MCP from 2025), the SPI components, and the category
bands of each instrument per survey year (`Band`). A score keeps the figures as published
(category label, rank, its denominator and scope) beside what the platform computes; nothing
published is "corrected" (Klaten's MCP rank rose from 15th to 8th while its score fell from
94.18 to 92.43: both are shown as the sources give them).

Public pages and the API show only approved figures (`Status.APPROVED`). Every change after
the first load goes through a `Correction` reviewed by a second person, and each applied
change leaves a `ScoreHistory` row.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _


class Instrument(models.TextChoices):
    MCP = "mcp", _("MCP (Monitoring Center for Prevention)")
    SPI = "spi", _("SPI (Integrity Assessment Survey)")


class Confidence(models.TextChoices):
    """How far a figure can be trusted (integrity-data.md): sure = official page or several
    outlets agree; likely = one credible outlet; unsure = thin or conflicting; derived = worked
    out by arithmetic from published figures."""

    SURE = "sure", _("sure")
    LIKELY = "likely", _("likely")
    UNSURE = "unsure", _("unsure")
    DERIVED = "derived", _("derived")


class GovernmentKind(models.TextChoices):
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency")
    CITY = "city", _("City")
    MINISTRY = "ministry", _("Ministry")
    AGENCY = "agency", _("Agency")


class SizeClass(models.TextChoices):
    """KPK's grouping by budget and staff numbers (from SPI 2023)."""

    UNKNOWN = "", _("unknown")
    LARGE = "besar", _("large (besar)")
    MEDIUM = "sedang", _("medium (sedang)")
    SMALL = "kecil", _("small (kecil)")


class Scope(models.TextChoices):
    """Whose score it is: the government itself, or an average over a province and all its
    regencies and cities ("wilayah"), which news reports often give under the province's name."""

    GOVERNMENT = "pemda", _("the government itself")
    REGION = "wilayah", _("average over the region's governments")


class RankScope(models.TextChoices):
    NONE = "", _("—")
    PROVINCE = "province", _("within the province")
    NATIONAL = "national", _("nationally")
    NATIONAL_KIND = "national_kind", _("nationally, among governments of the same kind")
    NATIONAL_SIZE = "national_size", _("nationally, among governments of the same size class")


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class NoteMixin:
    """The note in the page's language: Indonesian first, English under /en/."""

    note: str
    note_en: str

    @property
    def note_text(self) -> str:
        if translation.get_language() == "en" and self.note_en:
            return self.note_en
        return self.note


class Source(models.Model):
    """A public page a figure comes from; `key` is the reference used in the data files."""

    key = models.CharField(_("key"), max_length=20, unique=True)
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("address"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["key"]

    def __str__(self) -> str:
        return f"[{self.key}] {self.title}"


class ComponentSet(models.Model):
    """The parts an instrument's score is made of, valid for a range of years: the MCP's eight
    areas to 2023, the 2024 set, IPKD MCP from 2025; the SPI's respondent components."""

    instrument = models.CharField(_("instrument"), max_length=4, choices=Instrument.choices)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=8, choices=Confidence.choices, default=Confidence.LIKELY
    )

    class Meta:
        verbose_name = _("component set")
        verbose_name_plural = _("component sets")
        ordering = ["instrument", "first_year"]

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name


class Component(models.Model):
    """One MCP area or SPI component. `tools` names the platform's tools that act on a weak
    value of it (keys of `weakest.TOOLS`); `subtracted` marks the SPI correction factor, which
    is taken off the total and so is never the "weakest part"."""

    set = models.ForeignKey(ComponentSet, on_delete=models.CASCADE, related_name="components")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    subtracted = models.BooleanField(_("subtracted from the total"), default=False)
    tools = models.JSONField(_("platform tools"), default=list, blank=True)

    class Meta:
        verbose_name = _("component")
        verbose_name_plural = _("components")
        ordering = ["set", "order"]
        constraints = [
            models.UniqueConstraint(fields=["set", "code"], name="integrity_component_set_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name


class Band(models.Model):
    """One category band of an instrument for one survey year: `lower` ≤ score < `upper`
    (no upper bound for the top band). Bands changed between years and sources disagree, so
    each year carries its own rows with their source and confidence."""

    instrument = models.CharField(_("instrument"), max_length=4, choices=Instrument.choices)
    year = models.PositiveSmallIntegerField(_("survey year"))
    code = models.SlugField(_("code"), max_length=20)
    label = models.CharField(_("label"), max_length=60)
    label_en = models.CharField(_("label (English)"), max_length=60)
    colour = models.CharField(_("colour"), max_length=10)
    lower = models.DecimalField(_("from"), max_digits=5, decimal_places=2)
    upper = models.DecimalField(_("below"), max_digits=5, decimal_places=2, null=True, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True)
    confidence = models.CharField(
        _("confidence"), max_length=8, choices=Confidence.choices, default=Confidence.LIKELY
    )

    class Meta:
        verbose_name = _("category band")
        verbose_name_plural = _("category bands")
        ordering = ["instrument", "year", "lower"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "year", "code"], name="integrity_band_year_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.year} {self.code}"

    @property
    def name(self) -> str:
        return self.label_en if translation.get_language() == "en" else self.label

    def contains(self, score: Decimal) -> bool:
        return self.lower <= score and (self.upper is None or score < self.upper)


class GovernmentQuerySet(models.QuerySet["Government"]):
    def in_province(self, province_code: str) -> GovernmentQuerySet:
        return self.filter(province_code=province_code)


class Government(models.Model):
    """A government or institution that KPK scores, keyed by its Kemendagri region code
    (`33.10` is Kabupaten Klaten); a ministry or agency has no region and gets its own code
    (`kl.<slug>`). `province_code` is the province a regency or city lies in (its own code for
    a province) so that rankings within a province need no join."""

    code = models.CharField(_("code"), max_length=40, primary_key=True)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=GovernmentKind.choices)
    province_code = models.CharField(_("province"), max_length=2, blank=True, db_index=True)
    size_class = models.CharField(
        _("KPK size class"), max_length=6, choices=SizeClass.choices, blank=True, default=""
    )

    objects = GovernmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("government")
        verbose_name_plural = _("governments")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("integrity:government", args=[self.code])


class ScoreQuerySet(models.QuerySet["Score"]):
    def approved(self) -> ScoreQuerySet:
        return self.filter(status=Status.APPROVED)

    def final(self) -> ScoreQuerySet:
        """Final scores of the government itself: no interim progress figures, no averages
        over a region, no withheld entries."""
        return self.filter(interim=False, scope=Scope.GOVERNMENT, score__isnull=False)


class Score(NoteMixin, models.Model):
    """One instrument's score of one government for one year, as published.

    `year` is the survey (or assessment) year, not the release date. `published_category`,
    `published_rank`, `rank_of` and `rank_scope` are the source's words; the category the
    bands of that year give is computed beside it (`category`). `components` maps component
    codes of the year's set to values. `alternatives` keeps other published values of the same
    figure when sources conflict (`[{"score": 75.82, "source": "S29", "note": "…"}]`).
    A score of None is a figure KPK withheld (`note` says why).
    """

    instrument = models.CharField(_("instrument"), max_length=4, choices=Instrument.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="scores")
    scope = models.CharField(
        _("scope"), max_length=8, choices=Scope.choices, default=Scope.GOVERNMENT
    )
    interim = models.BooleanField(_("interim (progress before verification)"), default=False)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    published_category = models.CharField(_("category as published"), max_length=60, blank=True)
    published_rank = models.PositiveIntegerField(_("rank as published"), null=True, blank=True)
    rank_of = models.PositiveIntegerField(_("ranked among"), null=True, blank=True)
    rank_scope = models.CharField(
        _("rank scope"), max_length=16, choices=RankScope.choices, blank=True, default=""
    )
    size_class = models.CharField(
        _("KPK size class that year"),
        max_length=6,
        choices=SizeClass.choices,
        blank=True,
        default="",
    )
    components = models.JSONField(_("components"), default=dict, blank=True)
    alternatives = models.JSONField(_("other published values"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="scores")
    other_sources = models.CharField(_("other sources (keys)"), max_length=100, blank=True)
    confidence = models.CharField(_("confidence"), max_length=8, choices=Confidence.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPROVED, db_index=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["instrument", "year", "government"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "year", "government", "scope", "interim"],
                name="integrity_score_unique",
            )
        ]
        indexes = [models.Index(fields=["instrument", "year", "status"], name="integrity_score_iy")]

    def __str__(self) -> str:
        return f"{self.instrument.upper()} {self.year} {self.government_id}: {self.score}"

    def values(self) -> dict[str, Any]:
        """The editable figures, as a correction or the history stores them."""
        return {name: _plain(getattr(self, name)) for name in EDITABLE}


# The figures a correction may change.
EDITABLE = (
    "score",
    "published_category",
    "published_rank",
    "rank_of",
    "rank_scope",
    "size_class",
    "components",
    "note",
    "confidence",
    "source_id",
)


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


class NationalIndex(NoteMixin, models.Model):
    """An instrument's national index for one year, with what was published about it: the
    label officials gave it, coverage, respondents, the target, and averages by kind of
    institution (`by_kind`) or by area (`components`). `derived` marks a figure worked out by
    arithmetic (MCP 2022)."""

    instrument = models.CharField(_("instrument"), max_length=4, choices=Instrument.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    index = models.DecimalField(_("index"), max_digits=5, decimal_places=2, null=True, blank=True)
    approximate = models.BooleanField(_("approximate"), default=False)
    published_category = models.CharField(_("category as published"), max_length=120, blank=True)
    target = models.DecimalField(_("target"), max_digits=5, decimal_places=2, null=True, blank=True)
    institutions = models.CharField(_("institutions covered"), max_length=200, blank=True)
    respondents = models.CharField(_("respondents"), max_length=200, blank=True)
    components = models.JSONField(_("average per component"), default=dict, blank=True)
    by_kind = models.JSONField(_("average per kind"), default=dict, blank=True)
    released_on = models.DateField(_("released on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT, null=True, blank=True)
    confidence = models.CharField(_("confidence"), max_length=8, choices=Confidence.choices)

    class Meta:
        verbose_name = _("national index")
        verbose_name_plural = _("national indices")
        ordering = ["instrument", "year"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "year"], name="integrity_national_year")
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.year}: {self.index}"


class BehaviourIndex(models.Model):
    """BPS's anti-corruption behaviour index (IPAK, 0 to 5) for one year: national context,
    measured on households, not on governments."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    value = models.DecimalField(_("index"), max_digits=4, decimal_places=2)
    perception = models.DecimalField(
        _("perception index"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    experience = models.DecimalField(
        _("experience index"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    target = models.DecimalField(_("target"), max_digits=4, decimal_places=2, null=True, blank=True)
    source = models.ForeignKey(Source, on_delete=models.PROTECT)
    confidence = models.CharField(_("confidence"), max_length=8, choices=Confidence.choices)

    class Meta:
        verbose_name = _("anti-corruption behaviour index (IPAK)")
        verbose_name_plural = _("anti-corruption behaviour index (IPAK)")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"IPAK {self.year}: {self.value}"


class ProgrammeKind(models.TextChoices):
    VILLAGE = "desa", _("Anti-corruption village (desa antikorupsi)")
    SCHOOL = "sekolah", _("School of integrity (sekolah berintegritas)")


class Indicator(models.Model):
    """One indicator of a programme (e.g. a component of the anti-corruption village
    assessment), kept as data so KPK's guidance can change without code."""

    programme = models.CharField(_("programme"), max_length=8, choices=ProgrammeKind.choices)
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    confidence = models.CharField(
        _("confidence"), max_length=8, choices=Confidence.choices, default=Confidence.UNSURE
    )

    class Meta:
        verbose_name = _("programme indicator")
        verbose_name_plural = _("programme indicators")
        ordering = ["programme", "order"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="integrity_indicator_code")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name


class Participant(NoteMixin, models.Model):
    """A village or school in a programme, under the government that runs it there."""

    programme = models.CharField(_("programme"), max_length=8, choices=ProgrammeKind.choices)
    government = models.ForeignKey(
        Government, on_delete=models.PROTECT, related_name="participants"
    )
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("programme participant")
        verbose_name_plural = _("programme participants")
        ordering = ["programme", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "government", "name"], name="integrity_participant_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Assessment(models.Model):
    """A participant's assessment in one year: each indicator's value (0 to 100) in
    `values`; progress is the share of indicators at or above `PASS_MARK`. `demo` marks
    made-up figures seeded for demonstration, never shown as published ones."""

    PASS_MARK = 70

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    values = models.JSONField(_("indicator values"), default=dict)
    source_title = models.CharField(_("source"), max_length=300, blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    confidence = models.CharField(_("confidence"), max_length=8, choices=Confidence.choices)
    demo = models.BooleanField(_("demo data"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("programme assessment")
        verbose_name_plural = _("programme assessments")
        ordering = ["participant", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "year"], name="integrity_assessment_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} {self.year}"

    @property
    def progress(self) -> int:
        """Percent of indicators at or above the pass mark."""
        if not self.values:
            return 0
        met = sum(1 for v in self.values.values() if float(v) >= self.PASS_MARK)
        return round(100 * met / len(self.values))


class AssessmentChange(models.Model):
    """Who recorded or changed an assessment, when, and its values before and after.
    `form_token` makes a second submit of the same form a no-op."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="changes")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict)
    form_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("assessment change")
        verbose_name_plural = _("assessment changes")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.assessment} @ {self.at:%Y-%m-%d %H:%M}"


class ImportBatch(models.Model):
    """One uploaded file of scores: its corrections wait together for one review."""

    instrument = models.CharField(_("instrument"), max_length=4, choices=Instrument.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    file_name = models.CharField(_("file"), max_length=200)
    digest = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("score import")
        verbose_name_plural = _("score imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.instrument} {self.year})"


class Correction(models.Model):
    """A proposed new or changed figure, applied only when a second person approves it.
    `score` is None for a figure not stored yet; `key` then names it."""

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    score = models.ForeignKey(
        Score, on_delete=models.CASCADE, null=True, blank=True, related_name="corrections"
    )
    instrument = models.CharField(_("instrument"), max_length=4, choices=Instrument.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    government = models.ForeignKey(Government, on_delete=models.PROTECT, related_name="+")
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.GOVERNMENT)
    interim = models.BooleanField(default=False)
    proposed = models.JSONField(_("proposed figures"))
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=500, blank=True)
    form_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-proposed_at"]

    def __str__(self) -> str:
        return f"{self.instrument} {self.year} {self.government_id}"


class ScoreHistory(models.Model):
    """What a score was before and after an approved change, who proposed and who approved."""

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="history")
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)
    reason = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("score history")
        verbose_name_plural = _("score history")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.score} @ {self.created_at:%Y-%m-%d}"
