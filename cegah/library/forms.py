"""Forms of the library: the public filters, the item form (new, edit, adapt), collections."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cegah.agencies.models import Agency
from cegah.library import uploads
from cegah.library.actions import ItemFiles
from cegah.library.models import AUDIENCE_FIELDS, Audience, Kind, LibraryItem, Licence, Topic


class FilterForm(forms.Form):
    """The public list's filters; an unknown value is reported, not silently ignored."""

    topic = forms.ModelChoiceField(
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Topic"),
        empty_label=_("All topics"),
    )
    audience = forms.ChoiceField(
        choices=[("", _("Everyone")), *Audience.choices], required=False, label=_("Audience")
    )
    kind = forms.ChoiceField(
        choices=[("", _("All kinds")), *Kind.choices], required=False, label=_("Kind")
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(library_items__is_published=True).distinct(),
        to_field_name="code",
        required=False,
        label=_("Agency"),
        empty_label=_("All agencies"),
    )


class ItemForm(forms.Form):
    """A library item. Files are checked by their content; when one is refused, the page
    comes back with everything else as typed, and asks only for the file again."""

    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label=_("Agency"), empty_label=None
    )
    kind = forms.ChoiceField(choices=Kind.choices, label=_("Kind"))
    title = forms.CharField(max_length=200, label=_("Title"))
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Description")
    )
    caption = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2200,
        required=False,
        label=_("Caption to post"),
        help_text=_(
            "The text to post with the material, hashtags included (at most 2,200 characters)."
        ),
    )
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.all(), widget=forms.CheckboxSelectMultiple, label=_("Topics")
    )
    audiences = forms.MultipleChoiceField(
        choices=Audience.choices, widget=forms.CheckboxSelectMultiple, label=_("Audience")
    )
    licence = forms.ChoiceField(choices=Licence.choices, initial=Licence.CC_BY, label=_("Licence"))
    attribution = forms.CharField(
        max_length=300,
        label=_("Attribution"),
        help_text=_("Who made it, as it must be credited, e.g. “KPK RI”."),
    )
    image = forms.FileField(
        required=False,
        label=_("Image or infographic"),
        help_text=_("JPEG, PNG or WebP, at most 10 MB, at least 1080 × 1080 pixels."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    video = forms.FileField(
        required=False,
        label=_("Video"),
        help_text=_("MP4 or WebM, at most 200 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "video/mp4,video/webm"}),
    )
    poster = forms.FileField(
        required=False,
        label=_("Poster (PDF)"),
        help_text=_("A PDF of at most 20 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    captions = forms.FileField(
        required=False,
        label=_("Captions for the video (WebVTT)"),
        help_text=_(
            "Indonesian subtitles for people who cannot hear the video: a .vtt file, at most 1 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
    )
    is_published = forms.BooleanField(
        required=False,
        label=_("Published"),
        help_text=_("Published items are public and can be adopted by other agencies."),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        agencies: list[Agency],
        instance: LibraryItem | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("path")
        self.fixed_agency: Agency | None = None
        if instance is not None or len(agencies) == 1:
            # The owner never changes; an editor of one agency has nothing to choose.
            self.fixed_agency = instance.owner_agency if instance else agencies[0]
            field.widget = forms.HiddenInput()
            field.initial = self.fixed_agency.pk
            field.disabled = True  # whatever is posted, the fixed agency it is
        self.video_extension = "mp4"

    @staticmethod
    def initial_from(item: LibraryItem) -> dict[str, Any]:
        return {
            "agency": item.owner_agency_id,
            "kind": item.kind,
            "title": item.title,
            "description": item.description,
            "caption": item.caption,
            "topics": list(item.topics.all()),
            "audiences": item.audiences,
            "licence": item.licence,
            "attribution": item.attribution,
            "is_published": item.is_published,
        }

    def clean_image(self) -> Any:
        upload = self.cleaned_data.get("image")
        return uploads.clean_image(upload) if upload else None

    def clean_poster(self) -> Any:
        upload = self.cleaned_data.get("poster")
        return uploads.clean_poster(upload) if upload else None

    def clean_captions(self) -> Any:
        upload = self.cleaned_data.get("captions")
        return uploads.clean_captions(upload) if upload else None

    def clean_video(self) -> Any:
        upload = self.cleaned_data.get("video")
        if not upload:
            return None
        self.video_extension = uploads.check_video(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        # The kinds that need a file are named like their file field.
        field = kind if kind in ("image", "video", "poster") else None
        if field and field not in self.errors and not data.get(field):
            present = {
                "image": self.instance is not None and self.instance.image_id is not None,
                "video": self.instance is not None and bool(self.instance.video),
                "poster": self.instance is not None and bool(self.instance.poster),
            }
            if not present[field]:
                self.add_error(field, _("This kind of item needs this file."))
        if data.get("captions") and kind != Kind.VIDEO:
            self.add_error("captions", _("Captions go with a video: choose the kind “Video”."))
        if kind == Kind.CAPTION and not (data.get("caption") or "").strip():
            self.add_error("caption", _("A caption-only item needs its caption."))
        return data

    def item_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in ("kind", "title", "description", "caption", "licence", "attribution")
        }
        values["is_published"] = data["is_published"]
        for value, field in AUDIENCE_FIELDS.items():
            values[field] = value in data["audiences"]
        return values

    def item_files(self) -> ItemFiles:
        data = self.cleaned_data
        return ItemFiles(
            image=data.get("image"),
            video=data.get("video"),
            video_extension=self.video_extension,
            poster=data.get("poster"),
            captions=data.get("captions"),
        )

    def add_action_error(self, error: ValidationError) -> None:
        self.add_error(None, error)


class AdoptForm(forms.Form):
    """Which of the editor's agencies adopts (or adapts, or collects) the item."""

    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label=_("For agency"))

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies])


class CollectionForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label=_("Agency"), empty_label=None
    )
    name = forms.CharField(max_length=120, label=_("Name"))

    def __init__(self, *args: Any, agencies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("path")
        self.fixed_agency = agencies[0] if len(agencies) == 1 else None
        if self.fixed_agency is not None:
            field.widget = forms.HiddenInput()
            field.initial = self.fixed_agency.pk
            field.disabled = True

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if not name:
            raise ValidationError(_("Give the collection a name."))
        return name


class AddToCollectionForm(forms.Form):
    collection = forms.IntegerField(widget=forms.HiddenInput)
