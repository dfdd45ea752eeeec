"""Money as people read it: "Rp120.000" in Indonesian, "Rp120,000" in English."""

from __future__ import annotations

from django import template
from django.utils import translation

register = template.Library()


@register.filter
def rupiah(value: int | None) -> str:
    if value is None:
        return ""
    grouped = f"{int(value):,}"
    if translation.get_language() != "en":
        grouped = grouped.replace(",", ".")
    return f"Rp{grouped}"
