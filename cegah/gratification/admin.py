from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from cegah.gratification.models import Exemption, RulesVersion
from cegah.gratification.rules import LETTERS


class ExemptionFormSet(BaseInlineFormSet):
    """A version is complete or not saved at all: every letter a–q (Django refuses duplicates)."""

    def clean(self) -> None:
        super().clean()
        letters: list[str] = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data:
                continue
            if form.cleaned_data.get("DELETE"):
                continue
            letter = form.cleaned_data.get("letter")
            if letter:
                letters.append(letter)
        missing = [letter for letter in LETTERS if letter not in letters]
        if missing:
            raise ValidationError(
                _(
                    "A rules version lists every letter from a to q (mark a deleted letter as "
                    "repealed); missing: %(letters)s."
                )
                % {"letters": ", ".join(missing)}
            )


class ExemptionInline(admin.StackedInline):
    model = Exemption
    formset = ExemptionFormSet
    extra = 0
    fields = [
        ("letter", "article", "repealed"),
        "title_id",
        "title_en",
        ("max_per_gift_idr", "max_per_giver_per_year_idr", "void_if_conflict_of_interest"),
        "conditions",
        "notes",
    ]


@admin.register(RulesVersion)
class RulesVersionAdmin(admin.ModelAdmin):
    list_display = ["short_citation", "regulation", "effective_from", "updated_at"]
    search_fields = ["regulation", "short_citation"]
    date_hierarchy = "effective_from"
    inlines = [ExemptionInline]
