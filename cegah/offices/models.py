"""Service units (offices), the service standards they publish, the posters printed for their
counters, and the sector figures JAGA-style pages show for them (BOS funds of schools, Dana Desa
of villages, health-facility facts).

An office is public information: its page, standards and figures are for everyone. Who may
change them is the office's responsible agency (and KPK), see `access.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage, default_storage, storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class OfficeKind(models.TextChoices):
    SCHOOL = "school", _("School")
    CAMPUS = "campus", _("Campus")
    PUSKESMAS = "puskesmas", _("Community health centre (puskesmas)")
    HOSPITAL = "hospital", _("Hospital")
    VILLAGE_OFFICE = "village_office", _("Village office")
    DUKCAPIL = "dukcapil", _("Population and civil registry (Dukcapil)")
    SAMSAT = "samsat", _("Vehicle registration (Samsat)")
    SATPAS = "satpas", _("Driving licence office (Satpas)")
    POLICE = "police", _("Police station (SKCK)")
    IMMIGRATION = "immigration", _("Immigration office")
    DPMPTSP = "dpmptsp", _("One-stop licensing office (DPMPTSP)")
    KUA = "kua", _("Religious affairs office (KUA)")
    PORT = "port", _("Port office")
    OTHER = "other", _("Other service unit")


class Office(models.Model):
    """One service unit with its own counter: a school, a puskesmas, a village office…

    `code` is the identifier its sector gives it (NPSN for schools, the facility code for
    health facilities, the Kemendagri code for village offices) or one the agency assigns;
    it is the office's address on the site and in poster QR codes. `search_text` holds the
    shared analyzer's terms of the name, kind and region (filled by `search.document`), with
    a leading and trailing space so a term prefix is a plain substring match.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OfficeKind.choices)
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="offices",
        verbose_name=_("region"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name=_("responsible agency"),
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service office")
        verbose_name_plural = _("service offices")
        indexes = [
            models.Index(fields=["region", "kind", "name"], name="office_region_kind_name"),
            models.Index(fields=["agency"], name="office_agency"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("offices:detail", args=[self.code])


class ServiceStandard(models.Model):
    """The six published components of one service at one office (PermenPANRB 15/2014):
    requirements, procedure, completion time, fee, product and complaint handling.

    The fee itself is never copied here: pages and posters ask the fee registry
    (`cegah.services.public`) for the fee in force, so a change of regulation reaches every
    counter at once. `fee_note` is only the office's own remark (where to pay, which window).
    """

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="standards")
    service = models.ForeignKey(
        "services.Service",
        on_delete=models.PROTECT,
        related_name="office_standards",
        verbose_name=_("service"),
    )
    requirements = models.TextField(_("requirements"), blank=True)
    procedure = models.TextField(_("procedure"), blank=True)
    completion_time = models.CharField(_("completion time"), max_length=200, blank=True)
    fee_note = models.CharField(_("office's note on the fee"), max_length=300, blank=True)
    product = models.CharField(_("service product"), max_length=300, blank=True)
    complaints = models.TextField(_("complaint handling"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")
        constraints = [
            models.UniqueConstraint(fields=["office", "service"], name="office_standard_service")
        ]
        ordering = ["office", "service"]

    def __str__(self) -> str:
        return f"{self.office} · {self.service}"


class PosterSize(models.TextChoices):
    A4 = "A4", "A4"
    A3 = "A3", "A3"


def batch_storage() -> Storage:
    """Private storage when the deployment has one: a batch is downloaded through a view that
    checks who asks, never by its storage address."""
    return storages["private"] if "private" in settings.STORAGES else default_storage


class PosterBatch(models.Model):
    """A request to print every poster of an agency's offices as one PDF, made by a
    background task; the file is kept in private storage until downloaded."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="poster_batches"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    size = models.CharField(_("paper size"), max_length=2, choices=PosterSize.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    posters = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="offices/posters/", storage=batch_storage, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("poster batch")
        verbose_name_plural = _("poster batches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.agency} {self.size} {self.created_at:%Y-%m-%d}"


class PosterPrint(models.Model):
    """One poster generated (downloaded alone or inside a batch): what `posters_printed`
    counts per region and year. The office's region is copied so counts need no join."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="poster_prints")
    service_code = models.CharField(max_length=64, blank=True)
    size = models.CharField(max_length=2, choices=PosterSize.choices)
    region_code = models.CharField(max_length=13, db_index=True)
    batch = models.ForeignKey(
        PosterBatch, on_delete=models.SET_NULL, null=True, blank=True, related_name="prints"
    )
    printed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    printed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("poster printed")
        verbose_name_plural = _("posters printed")

    def __str__(self) -> str:
        return f"{self.office_id} {self.service_code} {self.size}"


class ImportKind(models.TextChoices):
    OFFICES = "offices", _("Service offices")
    STANDARDS = "standards", _("Service standards")
    BOS = "bos", _("School BOS funds")
    VILLAGE_FUNDS = "village_funds", _("Village funds (Dana Desa)")
    HEALTH = "health", _("Health facilities")


class ImportRecord(models.Model):
    """One successful import: who brought in which file for which agency, and how many rows.
    The audit trail of bulk changes (a failed import changes nothing and is not recorded)."""

    kind = models.CharField(max_length=20, choices=ImportKind.choices)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField(max_length=200, blank=True)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class Stage(models.IntegerChoices):
    """The tranche (tahap) of a transfer; 0 is the whole year."""

    YEAR = 0, _("Whole year")
    ONE = 1, _("Stage 1")
    TWO = 2, _("Stage 2")
    THREE = 3, _("Stage 3")


class SchoolFunds(models.Model):
    """BOS (school operational assistance) a school received and spent in one year and stage,
    as the education ministry's BOS reports publish them."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="bos_funds")
    year = models.PositiveSmallIntegerField(_("year"))
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices, default=0)
    students = models.PositiveIntegerField(_("students"), null=True, blank=True)
    received_idr = models.PositiveBigIntegerField(_("received (Rp)"))
    spent_idr = models.PositiveBigIntegerField(_("spent (Rp)"), null=True, blank=True)

    class Meta:
        verbose_name = _("BOS funds")
        verbose_name_plural = _("BOS funds")
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "stage"], name="office_bos_stage")
        ]
        ordering = ["-year", "stage"]

    def __str__(self) -> str:
        return f"{self.office_id} {self.year}/{self.stage}"


class VillageFunds(models.Model):
    """Dana Desa of one village in one year: its ceiling (pagu) and what was disbursed in each
    stage, as the finance ministry's OM-SPAN/DJPK releases publish them."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="village_funds")
    year = models.PositiveSmallIntegerField(_("year"))
    stage = models.PositiveSmallIntegerField(_("stage"), choices=Stage.choices, default=0)
    ceiling_idr = models.PositiveBigIntegerField(_("ceiling (Rp)"), null=True, blank=True)
    disbursed_idr = models.PositiveBigIntegerField(_("disbursed (Rp)"), default=0)

    class Meta:
        verbose_name = _("village funds")
        verbose_name_plural = _("village funds")
        constraints = [
            models.UniqueConstraint(fields=["office", "year", "stage"], name="office_dd_stage")
        ]
        ordering = ["-year", "stage"]

    def __str__(self) -> str:
        return f"{self.office_id} {self.year}/{self.stage}"


class HealthFacility(models.Model):
    """Facts about a health facility in one year, as the health ministry's facility registry
    and BPJS publish them: accreditation, beds, doctors, JKN membership."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="health_facts")
    year = models.PositiveSmallIntegerField(_("year"))
    accreditation = models.CharField(_("accreditation"), max_length=40, blank=True)
    beds = models.PositiveIntegerField(_("beds"), null=True, blank=True)
    doctors = models.PositiveIntegerField(_("doctors"), null=True, blank=True)
    bpjs_partner = models.BooleanField(_("serves JKN (BPJS) patients"), null=True, blank=True)

    class Meta:
        verbose_name = _("health facility facts")
        verbose_name_plural = _("health facility facts")
        constraints = [
            models.UniqueConstraint(fields=["office", "year"], name="office_health_year")
        ]
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.office_id} {self.year}"
