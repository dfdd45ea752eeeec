"""Staff forms: the import and the poster batch."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cegah.agencies.models import Agency
from cegah.offices.importing import MAX_BYTES
from cegah.offices.models import ImportKind, OfficeKind, PosterSize


class AgencyChoiceField(forms.ModelChoiceField[Agency]):
    def label_from_instance(self, obj: Agency) -> str:
        return obj.name


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    agency = AgencyChoiceField(
        label=_("Responsible agency"),
        queryset=Agency.objects.none(),
        to_field_name="code",
        help_text=_("Offices without an agency code in the file belong to this agency."),
    )
    file = forms.FileField(
        label=_("File (CSV or Excel .xlsx)"),
        help_text=_("At most 300 MB. The header is line 1."),
    )
    dry_run = forms.BooleanField(label=_("Only check the file, import nothing"), required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.order_by("name")  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 300 MB."))
        return upload


class BatchForm(forms.Form):
    agency = AgencyChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), to_field_name="code"
    )
    size = forms.ChoiceField(
        label=_("Paper size"), choices=PosterSize.choices, initial=PosterSize.A4
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.order_by("name")  # type: ignore[attr-defined]


class SearchForm(forms.Form):
    """The public search: words, a kind and a region code (all optional)."""

    q = forms.CharField(label=_("Name, kind or place"), required=False, max_length=200)
    jenis = forms.ChoiceField(label=_("Kind"), required=False)
    wilayah = forms.RegexField(
        label=_("Region code"),
        required=False,
        regex=r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$",
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jenis"].choices = [("", _("All kinds")), *OfficeKind.choices]  # type: ignore[attr-defined]
