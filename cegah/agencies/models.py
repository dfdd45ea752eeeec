"""The agency tree: KPK, ministries and national agencies, regional governments and their units."""

from __future__ import annotations

import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyType(models.TextChoices):
    KPK = "kpk", _("Corruption Eradication Commission (KPK)")
    MINISTRY = "ministry", _("Ministry")
    NATIONAL_AGENCY = "national_agency", _("National agency")
    PROVINCE_GOVERNMENT = "province_government", _("Provincial government")
    REGENCY_GOVERNMENT = "regency_government", _("Regency government")
    CITY_GOVERNMENT = "city_government", _("City government")
    UNIT = "unit", _("Agency unit (OPD)")


class UnitKind(models.TextChoices):
    """What kind of unit an OPD is, so that routing rules can name "the education office"."""

    NONE = "", _("—")
    SECRETARIAT = "secretariat", _("Regional secretariat (Setda)")
    INSPECTORATE = "inspectorate", _("Inspectorate")
    COMMUNICATION = "communication", _("Communication and informatics office (Diskominfo)")
    EDUCATION = "education", _("Education office")
    HEALTH = "health", _("Health office")
    LICENSING = "licensing", _("Investment and one-stop licensing office (DPMPTSP)")
    SOCIAL = "social", _("Social affairs office")
    VILLAGE = "village", _("Community and village empowerment office")
    PUBLIC_WORKS = "public_works", _("Public works office")
    POPULATION = "population", _("Population and civil registry office")
    FINANCE = "finance", _("Finance and asset agency")
    PERSONNEL = "personnel", _("Personnel agency (BKPSDM)")
    TRANSPORT = "transport", _("Transport office")
    HOSPITAL = "hospital", _("Regional hospital")
    DISTRICT = "district", _("District office (kecamatan)")
    SCHOOL = "school", _("School")
    HEALTH_CENTRE = "health_centre", _("Community health centre (puskesmas)")
    OTHER = "other", _("Other")


REGIONAL_TYPES = {
    AgencyType.PROVINCE_GOVERNMENT,
    AgencyType.REGENCY_GOVERNMENT,
    AgencyType.CITY_GOVERNMENT,
}


class AgencyQuerySet(models.QuerySet["Agency"]):
    def active(self) -> AgencyQuerySet:
        return self.filter(is_active=True)

    def subtree_of(self, agency: Agency) -> AgencyQuerySet:
        """The agency and every unit below it."""
        return self.filter(path__startswith=agency.path)


class Agency(models.Model):
    """A government body that owes answers: KPK, a ministry, a regional government or one of its units.

    `path` is the chain of ids from the root ("/1/7/12/"), kept by `save()`, so a whole
    subtree is one indexed prefix query.
    """

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    type = models.CharField(_("type"), max_length=24, choices=AgencyType.choices)
    unit_kind = models.CharField(
        _("unit kind"), max_length=20, choices=UnitKind.choices, blank=True, default=""
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent agency"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name=_("region"),
    )
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    has_gratification_unit = models.BooleanField(_("has a gratification unit (UPG)"), default=False)
    timezone = models.CharField(
        _("time zone"),
        max_length=32,
        default="Asia/Jakarta",
        choices=[
            ("Asia/Jakarta", _("WIB (Asia/Jakarta)")),
            ("Asia/Makassar", _("WITA (Asia/Makassar)")),
            ("Asia/Jayapura", _("WIT (Asia/Jayapura)")),
        ],
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        old_path = self.path
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        parent_path = self.parent.path if self.parent_id and self.parent else "/"
        new_path = f"{parent_path}{self.pk}/"
        if new_path != old_path:
            Agency.objects.filter(pk=self.pk).update(path=new_path)
            self.path = new_path
            if old_path:
                # Re-root the subtree that moved with this agency.
                for child in Agency.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    Agency.objects.filter(pk=child.pk).update(
                        path=new_path + child.path[len(old_path) :]
                    )

    def clean(self) -> None:
        if self.type in REGIONAL_TYPES and self.region_id is None:
            raise ValidationError({"region": _("A regional government must have its region.")})
        if self.type == AgencyType.UNIT and self.parent_id is None:
            raise ValidationError({"parent": _("A unit must belong to a parent agency.")})
        if self.pk and self.parent_id:
            parent = Agency.objects.get(pk=self.parent_id)
            if parent.path.startswith(self.path):
                raise ValidationError({"parent": _("An agency cannot be placed under itself.")})
        zoneinfo.ZoneInfo(self.timezone)

    @property
    def depth(self) -> int:
        return self.path.count("/") - 1

    def ancestors(self) -> list[Agency]:
        """The agencies above this one, root first."""
        ids = [int(p) for p in self.path.strip("/").split("/")[:-1] if p]
        by_id = Agency.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def government(self) -> Agency:
        """The government or body this agency belongs to: itself, or its nearest non-unit ancestor."""
        for agency in [self, *reversed(self.ancestors())]:
            if agency.type != AgencyType.UNIT:
                return agency
        return self
