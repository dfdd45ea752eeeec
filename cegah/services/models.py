"""Public services and their official fees, as versioned data with citations.

A `Service` is what a person asks for at a counter (a new SIM A, a birth certificate). A
`FeeItem` is one official amount for that service under one set of conditions, in one
jurisdiction, for one period, with its `LegalBasis` rows. Rp0 is a value (free by statute),
never a missing one. Editors change both through Wagtail snippets with drafts, revisions and
the review workflow; only live (approved) rows answer the public (decision 0017).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)


class Sector(models.TextChoices):
    POPULATION = "population", _("Population documents (Dukcapil)")
    POLICE = "police", _("Police (SIM, SKCK, vehicles)")
    IMMIGRATION = "immigration", _("Immigration (passports)")
    RELIGION = "religion", _("Religious affairs (KUA)")
    EDUCATION = "education", _("Schools")
    HEALTH = "health", _("Health (puskesmas)")
    PERMITS = "permits", _("Permits (DPMPTSP, OSS)")
    VILLAGE = "village", _("Village services")
    PORTS = "ports", _("Ports")
    OTHER = "other", _("Other")


class Confidence(models.TextChoices):
    """How sure the platform is of a figure, from the data's own tag."""

    SURE = "sure", _("sure")
    LIKELY = "likely", _("likely")
    UNSURE = "unsure", _("unsure")


def _pick(indonesian: str, english: str) -> str:
    """The English text on English pages when there is one, else the Indonesian."""
    if translation.get_language() == "en" and english:
        return english
    return indonesian


class ServiceQuerySet(models.QuerySet["Service"]):
    def public(self) -> ServiceQuerySet:
        """Services the public may see: live (approved) versions only."""
        return self.filter(live=True)


class Service(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, models.Model):  # type: ignore[django-manager-missing]
    """A public service a person asks for at a counter, named in both languages, with the
    phrasings people use for it (one per line) so the fee check can match their words."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name (Indonesian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    description = models.TextField(_("description (Indonesian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    aliases = models.TextField(
        _("other names and phrasings"),
        blank=True,
        help_text=_("One per line: how people ask for this service, in their own words."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=100)

    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="fee_service",
        for_concrete_model=False,
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="fee_service",
        for_concrete_model=False,
    )

    objects = ServiceQuerySet.as_manager()

    panels: ClassVar[list[Any]] = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("sector"),
        FieldPanel("description"),
        FieldPanel("description_en"),
        FieldPanel("aliases"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("public service")
        verbose_name_plural = _("public services")
        ordering: ClassVar[list[str]] = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("services:service", args=[self.code])

    @property
    def label(self) -> str:
        """The name in the active language."""
        return _pick(self.name, self.name_en)

    @property
    def description_label(self) -> str:
        return _pick(self.description, self.description_en)

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class FeeItemQuerySet(models.QuerySet["FeeItem"]):
    def public(self) -> FeeItemQuerySet:
        """Fee items the public may see: live (approved) versions of live services."""
        return self.filter(live=True, service__live=True)

    def in_force(self, on: dt.date) -> FeeItemQuerySet:
        """Items in force on that day (valid_to is the last day in force)."""
        return self.filter(valid_from__lte=on).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=on)
        )

    def national(self) -> FeeItemQuerySet:
        return self.filter(region_code="")


class FeeItem(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, ClusterableModel):
    """One official amount for a service under one set of conditions, in one jurisdiction,
    for one period. `amount_idr` 0 means free by law. A new regulation is a new item with a
    new `valid_from`, the old one gets a `valid_to`: history is data, not an overwrite.

    `variant` groups the items of a service that answer the same case ("baru",
    "luar-kantor"); a local item (a `region_code`) replaces the national item of the same
    variant only where the national item says the law lets regions set it."""

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="fee_items", verbose_name=_("service")
    )
    variant = models.SlugField(
        _("variant"),
        max_length=60,
        default="standar",
        help_text=_("Short key of the case this amount answers, the same across versions."),
    )
    label = models.CharField(_("case (Indonesian)"), max_length=200, blank=True)
    label_en = models.CharField(_("case (English)"), max_length=200, blank=True)
    amount_idr = models.PositiveBigIntegerField(
        _("official amount (rupiah)"), help_text=_("Whole rupiah. 0 means free by law.")
    )
    unit = models.CharField(_("unit (Indonesian)"), max_length=80, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=80, blank=True)
    conditions = models.TextField(_("conditions (Indonesian)"), blank=True)
    conditions_en = models.TextField(_("conditions (English)"), blank=True)
    covers = models.TextField(_("what it covers (Indonesian)"), blank=True)
    covers_en = models.TextField(_("what it covers (English)"), blank=True)
    not_covered = models.TextField(_("what it does not cover (Indonesian)"), blank=True)
    not_covered_en = models.TextField(_("what it does not cover (English)"), blank=True)
    exemptions = models.TextField(_("who pays Rp0 (Indonesian)"), blank=True)
    exemptions_en = models.TextField(_("who pays Rp0 (English)"), blank=True)
    region_code = models.CharField(
        _("region code"),
        max_length=13,
        blank=True,
        default="",
        db_index=True,
        help_text=_(
            "Empty for a national fee; a Kemendagri province or regency code for a local levy."
        ),
    )
    regions_may_override = models.BooleanField(
        _("regions may set their own amount"),
        default=False,
        help_text=_("Whether the law lets a region set this levy by Perda or Perkada."),
    )
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(
        _("in force until"), null=True, blank=True, help_text=_("The last day in force.")
    )
    confidence = models.CharField(
        _("confidence"), max_length=10, choices=Confidence.choices, default=Confidence.LIKELY
    )
    confidence_note = models.TextField(_("note on the sources"), blank=True)
    last_checked = models.DateField(_("last checked"), null=True, blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=100)

    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="fee_item",
        for_concrete_model=False,
    )
    revisions = GenericRelation(
        "wagtailcore.Revision",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="fee_item",
        for_concrete_model=False,
    )

    objects = FeeItemQuerySet.as_manager()

    panels: ClassVar[list[Any]] = [
        FieldPanel("service"),
        FieldPanel("variant"),
        FieldPanel("label"),
        FieldPanel("label_en"),
        FieldPanel("amount_idr"),
        FieldPanel("unit"),
        FieldPanel("unit_en"),
        MultiFieldPanel(
            [
                FieldPanel("conditions"),
                FieldPanel("conditions_en"),
                FieldPanel("covers"),
                FieldPanel("covers_en"),
                FieldPanel("not_covered"),
                FieldPanel("not_covered_en"),
                FieldPanel("exemptions"),
                FieldPanel("exemptions_en"),
            ],
            heading=_("Conditions and coverage"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("region_code"),
                FieldPanel("regions_may_override"),
                FieldPanel("valid_from"),
                FieldPanel("valid_to"),
            ],
            heading=_("Where and when"),
        ),
        InlinePanel("legal_bases", label=_("Legal basis"), min_num=1),
        FieldPanel("confidence"),
        FieldPanel("confidence_note"),
        FieldPanel("last_checked"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("fee item")
        verbose_name_plural = _("fee items")
        ordering: ClassVar[list[str]] = ["service", "sort_order", "variant", "-valid_from"]
        constraints: ClassVar[list[Any]] = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="services_feeitem_period_ordered",
            )
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["service", "valid_from"], name="services_fee_service_from"),
        ]

    def __str__(self) -> str:
        until = self.valid_to.isoformat() if self.valid_to else "…"
        return f"{self.service.code} / {self.variant} ({self.valid_from.isoformat()}–{until})"

    def clean(self) -> None:
        super().clean()
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end date is before the start date.")})
        if self.service_id and self.valid_from:
            # Two versions of one case in one place on the same day would answer twice.
            overlapping = (
                FeeItem.objects.filter(
                    service_id=self.service_id, variant=self.variant, region_code=self.region_code
                )
                .exclude(pk=self.pk)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from))
            )
            if self.valid_to:
                overlapping = overlapping.filter(valid_from__lte=self.valid_to)
            if overlapping.exists():
                raise ValidationError(
                    {
                        "valid_from": _(
                            "Another version of this case is in force in these dates: end it "
                            "the day before this one starts."
                        )
                    }
                )

    @property
    def free(self) -> bool:
        return self.amount_idr == 0

    @property
    def label_text(self) -> str:
        return _pick(self.label, self.label_en)

    @property
    def unit_text(self) -> str:
        return _pick(self.unit, self.unit_en)

    @property
    def conditions_text(self) -> str:
        return _pick(self.conditions, self.conditions_en)

    @property
    def covers_text(self) -> str:
        return _pick(self.covers, self.covers_en)

    @property
    def not_covered_text(self) -> str:
        return _pick(self.not_covered, self.not_covered_en)

    @property
    def exemptions_text(self) -> str:
        return _pick(self.exemptions, self.exemptions_en)

    def in_force_on(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)


class LegalBasis(Orderable):
    """The regulation behind a fee item: title, article, annex item and a link. Kept inside
    the fee item's revisions, so a change of citation is reviewed with the amount."""

    fee_item = ParentalKey(FeeItem, on_delete=models.CASCADE, related_name="legal_bases")
    title = models.CharField(_("regulation"), max_length=300)
    article = models.CharField(_("article"), max_length=200, blank=True)
    annex_item = models.CharField(_("annex item"), max_length=200, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)

    panels: ClassVar[list[Any]] = [
        FieldPanel("title"),
        FieldPanel("article"),
        FieldPanel("annex_item"),
        FieldPanel("url"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    def __str__(self) -> str:
        return " ".join(part for part in (self.title, self.article) if part)

    @property
    def short_title(self) -> str:
        """ "PP 76/2020" of "PP 76/2020 tentang …", for tables on a phone."""
        return self.title.split(" tentang ", 1)[0]


def service_codes() -> QuerySet[Service]:
    """Live services, for pickers in other apps (offices) that must not import more."""
    return Service.objects.public().only("code", "name", "name_en")
