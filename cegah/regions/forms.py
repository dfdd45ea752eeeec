"""A province → regency → district → village picker that works with plain selects."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cegah.regions.models import Level, Region

LEVEL_FIELDS = ("province", "regency", "district", "village")
LEVEL_LABELS = {
    "province": _("Province"),
    "regency": _("Regency/city"),
    "district": _("District"),
    "village": _("Village"),
}
# The button a form without JavaScript submits to load the next level's choices.
REFRESH_FIELD = "_refresh_region"


class RegionCascadeMixin(forms.Form):
    """Adds one select per level; each level's choices are the children of the one above.

    Without JavaScript the person picks a level and presses the refresh button (a normal
    submit named `_refresh_region`) to get the next level's choices; with htmx the selects
    reload as they change. `cleaned_data["region"]` is the deepest level chosen.
    """

    region_max_level = Level.VILLAGE
    region_required_level: int = 0

    def __init__(self, *args: Any, initial_region: Region | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = self._chosen_codes(initial_region)
        parent: str | None = None
        for depth, name in enumerate(LEVEL_FIELDS[: self.region_max_level], start=1):
            if depth > 1 and not parent:
                choices: list[tuple[str, str]] = []
            else:
                qs = Region.objects.children_of(parent).only("code", "name")
                choices = [(r.code, r.name) for r in qs]
            field = forms.ChoiceField(
                label=LEVEL_LABELS[name],
                required=False,
                choices=[("", _("— choose —")), *choices],
            )
            field.widget.attrs["data-region-level"] = name
            self.fields[name] = field
            if not self.is_bound and chosen.get(name):
                self.initial[name] = chosen[name]
            code = chosen.get(name)
            parent = code if code and code in dict(choices) else None

    def _chosen_codes(self, initial_region: Region | None) -> dict[str, str]:
        if self.is_bound:
            return {n: str(self.data.get(self.add_prefix(n), "")).strip() for n in LEVEL_FIELDS}
        if initial_region is None:
            return {}
        parts = initial_region.code.split(".")
        return {LEVEL_FIELDS[i]: ".".join(parts[: i + 1]) for i in range(len(parts))}

    @property
    def region_refresh_requested(self) -> bool:
        return self.is_bound and REFRESH_FIELD in self.data

    def region_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in LEVEL_FIELDS if name in self.fields]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        deepest: str | None = None
        for name in LEVEL_FIELDS:
            code = cleaned.get(name) or ""
            if not code:
                break
            if deepest and not code.startswith(deepest + "."):
                self.add_error(name, _("Choose a region inside the one above."))
                break
            deepest = code
        region = Region.objects.filter(code=deepest).first() if deepest else None
        if self.region_required_level and (
            region is None or region.level < self.region_required_level
        ):
            required_name = LEVEL_FIELDS[self.region_required_level - 1]
            self.add_error(required_name, _("Choose the region down to this level."))
        cleaned["region"] = region
        return cleaned
