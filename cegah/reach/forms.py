from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cegah.agencies.models import Agency
from cegah.reach.imports import MAX_BYTES
from cegah.reach.models import Account, DailyMetric, Target


class AccountForm(forms.ModelForm):
    class Meta:
        model = Account
        fields = ["agency", "platform", "handle", "url"]

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])

    def clean_handle(self) -> str:
        return str(self.cleaned_data["handle"]).strip().lstrip("@")


class DayForm(forms.ModelForm):
    class Meta:
        model = DailyMetric
        fields = ["day", "impressions", "reach", "views", "followers", "engagements"]
        widgets = {"day": forms.DateInput(attrs={"type": "date"})}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV export"),
        help_text=_("The daily figures exported from the platform's dashboard, at most 2 MB."),
    )
    dry_run = forms.BooleanField(label=_("Only check the file"), required=False)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class TargetForm(forms.ModelForm):
    class Meta:
        model = Target
        fields = ["metric", "value", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end cannot be before the start."))
        if cleaned.get("value") == 0:
            self.add_error("value", _("A target must be above zero."))
        return cleaned
