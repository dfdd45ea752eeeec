from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from cegah.gratification.models import Exemption, RulesVersion, rules_in_force_on
from cegah.gratification.preview import preview
from cegah.gratification.rules import LETTERS, Rules


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

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST" and "_preview" in request.POST:
            return self.preview_view(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def preview_view(self, request: HttpRequest, object_id: str | None) -> HttpResponse:
        """The sample gifts judged by the version as it stands in the form (nothing is saved)
        and by the version in force today; or the form's errors."""
        obj = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None:
                raise Http404
            if not self.has_change_permission(request, obj):
                raise PermissionDenied
        elif not self.has_add_permission(request):
            raise PermissionDenied
        form = self.get_form(request, obj, change=obj is not None)(
            request.POST, request.FILES, instance=obj
        )
        valid = form.is_valid()
        edited = self.save_form(request, form, change=obj is not None) if valid else obj
        instance = edited or RulesVersion()
        formsets = [
            formset_class(
                data=request.POST,
                files=request.FILES,
                instance=instance,
                prefix=formset_class.get_default_prefix(),
                queryset=inline.get_queryset(request),
            )
            for formset_class, inline in self.get_formsets_with_inlines(request, obj)
        ]
        errors = [str(e) for errs in form.errors.values() for e in errs]
        for formset in formsets:
            if not formset.is_valid():
                errors += [str(e) for e in formset.non_form_errors()]
                errors += [
                    f"{f.cleaned_data.get('letter') or f.prefix}: {e}"
                    for f in formset.forms
                    for errs in f.errors.values()
                    for e in errs
                ]
        rows = []
        if not errors and edited is not None:
            exemptions = tuple(
                f.instance.to_rule()
                for formset in formsets
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            )
            draft = Rules(
                regulation=edited.regulation,
                short_citation=edited.short_citation,
                effective_from=edited.effective_from,
                exemptions=exemptions,
                report_deadline_working_days=edited.report_deadline_working_days,
                upg_deadline_working_days=edited.upg_deadline_working_days,
                citation=edited.citation,
                statute=edited.statute,
                duty_article=edited.duty_article,
            )
            today = timezone.localdate()
            rows = preview(draft, rules_in_force_on(today), today)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Preview: sample gifts under this version"),
            "edited": edited,
            "errors": errors,
            "rows": rows,
        }
        return TemplateResponse(request, "admin/gratification/rulesversion/preview.html", context)
