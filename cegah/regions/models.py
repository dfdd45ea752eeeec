"""Indonesia's administrative regions: province → regency/city → district → village."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Province")
    REGENCY = 2, _("Regency/city")
    DISTRICT = 3, _("District")
    VILLAGE = 4, _("Village")


LEVEL_BY_NAME = {
    "province": Level.PROVINCE,
    "regency": Level.REGENCY,
    "district": Level.DISTRICT,
    "village": Level.VILLAGE,
}


class Kind(models.TextChoices):
    PROVINCE = "provinsi", _("Province")
    REGENCY = "kabupaten", _("Regency")
    CITY = "kota", _("City")
    DISTRICT = "kecamatan", _("District")
    DISTRICT_PAPUA = "distrik", _("District (Papua)")
    URBAN_VILLAGE = "kelurahan", _("Urban village")
    VILLAGE = "desa", pgettext_lazy("region kind", "Village")
    CUSTOMARY_VILLAGE = "desa_adat", _("Customary village")


class Scheme(models.TextChoices):
    KEMENDAGRI = "kemendagri", _("Kemendagri")


class RegionQuerySet(models.QuerySet["Region"]):
    def provinces(self) -> RegionQuerySet:
        return self.filter(level=Level.PROVINCE)

    def children_of(self, code: str | None) -> RegionQuerySet:
        if not code:
            return self.provinces()
        return self.filter(parent_id=code)

    def search(self, text: str) -> RegionQuerySet:
        return self.filter(name__icontains=text.strip())


class Region(models.Model):
    """One region with its dotted Kemendagri code ("33.10" is Kabupaten Klaten).

    The code scheme is stored because BPS and Kemendagri codes differ for Papua.
    """

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    scheme = models.CharField(
        _("code scheme"), max_length=12, choices=Scheme.choices, default=Scheme.KEMENDAGRI
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [models.Index(fields=["level", "name"], name="region_level_name")]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[Region]:
        """The regions above this one, province first (codes give them without a query per level)."""
        parts = self.code.split(".")
        codes = [".".join(parts[:i]) for i in range(1, len(parts))]
        by_code = Region.objects.in_bulk(codes)
        return [by_code[c] for c in codes if c in by_code]

    @property
    def path(self) -> str:
        """'Klaten, Jawa Tengah': the region with its parents, nearest first."""
        return ", ".join([self.name, *(r.name for r in reversed(self.ancestors()))])
