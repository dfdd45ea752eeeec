"""The content library: materials agencies publish, adopt, adapt and keep in collections.

An item's picture is a Wagtail image; its phone formats (feed 4:5, story/status 9:16 and
square) are Wagtail renditions, generated when the picture is stored. Videos, their
Indonesian captions (WebVTT) and poster PDFs are plain files in the `default` storage
(local disk, or S3-compatible object storage in production).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from cegah.library.renditions import format_refusal

# The three formats an item's picture is offered in, at full size for posting. Each keeps the
# whole picture: fitted inside the format on its own border colour (`renditions.py`), never
# cropped and never enlarged, so a rendition is always exactly its declared size.
FORMAT_SIZES: dict[str, tuple[int, int]] = {
    "feed": (1080, 1350),  # 4:5, Instagram/Facebook feed
    "story": (1080, 1920),  # 9:16, WhatsApp status, stories
    "square": (1080, 1080),  # 1:1
}
FORMATS: dict[str, str] = {
    fmt: f"letterbox-{width}x{height}|format-jpeg|jpegquality-85"
    for fmt, (width, height) in FORMAT_SIZES.items()
}
FORMAT_LABELS: dict[str, Any] = {
    "feed": _("Feed (4:5)"),
    "story": _("Story and WhatsApp status (9:16)"),
    "square": _("Square (1:1)"),
}
# Phone-sized variants shown on pages (srcset); the full-size JPEG is the largest candidate.
PHONE_FORMATS: dict[str, dict[int, str]] = {
    "feed": {360: "letterbox-360x450|format-webp", 720: "letterbox-720x900|format-webp"},
    "story": {540: "letterbox-540x960|format-webp"},
}
ALL_SPECS: tuple[str, ...] = (
    *FORMATS.values(),
    *(spec for sizes in PHONE_FORMATS.values() for spec in sizes.values()),
)


class Kind(models.TextChoices):
    VIDEO = "video", _("Video")
    IMAGE = "image", _("Image or infographic")
    POSTER = "poster", _("Poster (PDF)")
    CAPTION = "caption", _("Caption only")


class Audience(models.TextChoices):
    CIVIL_SERVANTS = "asn", _("Civil servants (ASN)")
    PUBLIC = "public", _("General public")
    STUDENTS = "students", _("Students")


# Each audience is a boolean column, so filtering is one indexed equality on both databases.
AUDIENCE_FIELDS: dict[str, str] = {
    Audience.CIVIL_SERVANTS: "for_civil_servants",
    Audience.PUBLIC: "for_public",
    Audience.STUDENTS: "for_students",
}


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", "CC BY 4.0"
    CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
    CC0 = "cc0-1.0", "CC0 1.0"
    ALL_RIGHTS_RESERVED = "all-rights-reserved", _("All rights reserved")


LICENCE_URLS: dict[str, str] = {
    Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/",
    Licence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}


class Topic(models.Model):
    """A theme of prevention (gratifikasi, suap, …); seeded by migration, editable in the admin."""

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name (Indonesian)"), max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the language of the request."""
        return self.name_en if translation.get_language() == "en" else self.name


class LibraryItemQuerySet(models.QuerySet["LibraryItem"]):
    def published(self) -> LibraryItemQuerySet:
        return self.filter(is_published=True)

    def owned_by(self, agencies: list[Any]) -> LibraryItemQuerySet:
        """Items of these agencies and of the units below them."""
        if not agencies:
            return self.none()
        paths = Q()
        for agency in agencies:
            paths |= Q(owner_agency__path__startswith=agency.path)
        return self.filter(paths)

    def for_listing(self) -> LibraryItemQuerySet:
        """Everything a list shows, in a fixed number of queries whatever the page size."""
        image_model = get_image_model()
        return self.select_related("owner_agency", "adapted_from").prefetch_related(
            "topics",
            Prefetch("image", queryset=image_model.objects.prefetch_renditions(*ALL_SPECS)),
        )

    def with_usage_counts(self) -> LibraryItemQuerySet:
        """Annotate how many agencies adopted the item as is, and how many adapted it
        (correlated subqueries: no GROUP BY over the item's columns)."""

        def agencies(kind: str) -> Coalesce:
            counted = (
                Adoption.objects.filter(item=OuterRef("pk"), kind=kind)
                .order_by()
                .values("item")
                .annotate(n=Count("agency", distinct=True))
                .values("n")
            )
            return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)

        return self.annotate(
            adopted_count=agencies(AdoptionKind.ADOPT),
            adapted_count=agencies(AdoptionKind.ADAPT),
        )


class LibraryItem(models.Model):
    """One reusable material: a video, an image or infographic, a poster PDF or a caption.

    An adaptation is an item of its own whose `adapted_from` is the item it was made from;
    `lineage_root` names the original at the top of the chain, so the whole family tree is
    one query. The original's attribution is copied into `source_attribution`, so it stays
    shown even if the original is later removed.
    """

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    caption = models.TextField(
        _("caption"),
        max_length=2200,
        blank=True,
        help_text=_("The text to post with the material, hashtags included."),
    )
    topics = models.ManyToManyField(Topic, related_name="items", verbose_name=_("topics"))
    for_civil_servants = models.BooleanField(_("for civil servants"), default=False)
    for_public = models.BooleanField(_("for the public"), default=False)
    for_students = models.BooleanField(_("for students"), default=False)
    licence = models.CharField(
        _("licence"), max_length=24, choices=Licence.choices, default=Licence.CC_BY
    )
    attribution = models.CharField(
        _("attribution"),
        max_length=300,
        help_text=_("Who made it, as it must be credited, e.g. “KPK RI”."),
    )
    source_attribution = models.CharField(
        _("attribution of the original"), max_length=600, blank=True, editable=False
    )
    owner_agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="library_items",
        verbose_name=_("owner agency"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    video = models.FileField(_("video"), upload_to="library/video/%Y/%m/", blank=True)
    poster = models.FileField(_("poster PDF"), upload_to="library/poster/%Y/%m/", blank=True)
    captions = models.FileField(
        _("captions (WebVTT)"),
        upload_to="library/captions/%Y/%m/",
        blank=True,
        help_text=_("Indonesian captions for the video, shown by players (WCAG 1.2.2)."),
    )
    adapted_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="adaptations",
        verbose_name=_("adapted from"),
    )
    lineage_root = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lineage",
        editable=False,
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    form_token = models.CharField(  # noqa: DJ001 -- unique when given: one item per form
        max_length=64, unique=True, null=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = LibraryItemQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        indexes = [
            models.Index(fields=["is_published", "-published_at"], name="library_published_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:detail", args=[self.pk])

    @property
    def audiences(self) -> list[str]:
        return [value for value, field in AUDIENCE_FIELDS.items() if getattr(self, field)]

    def audience_labels(self) -> list[str]:
        return [str(Audience(value).label) for value in self.audiences]

    @property
    def licence_url(self) -> str:
        return LICENCE_URLS.get(self.licence, "")

    @property
    def hashtags(self) -> list[str]:
        return [word for word in self.caption.split() if word.startswith("#") and len(word) > 1]

    def format_refusal(self, fmt: str) -> str:
        """Why the picture is not offered in this format ("" when it is, or has no picture)."""
        if fmt not in FORMAT_SIZES:
            raise ValueError(f"Unknown format {fmt!r}; expected one of {', '.join(FORMATS)}.")
        if self.image is None:
            return ""
        return format_refusal((self.image.width, self.image.height), FORMAT_SIZES[fmt])

    def rendition_url(self, fmt: str) -> str:
        """The address of the picture in one format ("feed", "story" or "square"); "" without
        a picture, or when the picture is too small for that format."""
        if self.format_refusal(fmt) or self.image is None:
            return ""
        return str(self.image.get_rendition(FORMATS[fmt]).url)

    def rendition_urls(self) -> dict[str, str]:
        return {fmt: self.rendition_url(fmt) for fmt in FORMATS}

    def formats(self) -> list[dict[str, Any]]:
        """Each format as a download: its label, address and the rendition's real size, or
        the reason it is not offered."""
        if self.image is None:
            return []
        rows: list[dict[str, Any]] = []
        for fmt in FORMATS:
            row: dict[str, Any] = {"name": fmt, "label": FORMAT_LABELS[fmt]}
            refusal = self.format_refusal(fmt)
            if refusal:
                row.update(url="", width=None, height=None, refusal=refusal)
            else:
                rendition = self.image.get_rendition(FORMATS[fmt])
                row.update(
                    url=rendition.url, width=rendition.width, height=rendition.height, refusal=""
                )
            rows.append(row)
        return rows

    def share_picture_url(self) -> str:
        """The picture to post as a status: 9:16, else the first format it is offered in."""
        for fmt in ("story", "feed", "square"):
            url = self.rendition_url(fmt)
            if url:
                return url
        return ""

    def srcset(self, fmt: str = "feed", *, full: bool = True) -> str:
        """Phone-sized candidates and (with `full`) the full-size file, for `<img srcset>`."""
        if self.image is None:
            return ""
        parts = [
            f"{self.image.get_rendition(spec).url} {width}w"
            for width, spec in PHONE_FORMATS.get(fmt, {}).items()
        ]
        if full and not self.format_refusal(fmt):
            largest = self.image.get_rendition(FORMATS[fmt])
            parts.append(f"{largest.url} {largest.width}w")
        return ", ".join(parts)

    def card_srcset(self) -> str:
        """The phone-sized candidates only: a list card never needs the 1080-pixel file."""
        return self.srcset("feed", full=False)

    def phone_url(self, fmt: str = "feed") -> str:
        """The smallest phone-sized variant: the `src` of list thumbnails."""
        if self.image is None:
            return ""
        sizes = PHONE_FORMATS.get(fmt)
        spec = sizes[min(sizes)] if sizes else FORMATS[fmt]
        return str(self.image.get_rendition(spec).url)

    def can_be_published(self) -> bool:
        """A published item has the file its kind promises."""
        match self.kind:
            case Kind.VIDEO:
                return bool(self.video)
            case Kind.IMAGE:
                return self.image_id is not None
            case Kind.POSTER:
                return bool(self.poster)
        return bool(self.caption.strip())

    def can_be_adapted(self) -> bool:
        """Open licences allow local versions; "all rights reserved" allows use as is only."""
        return self.licence != Licence.ALL_RIGHTS_RESERVED

    def root(self) -> LibraryItem:
        return self.lineage_root or self


class AdoptionKind(models.TextChoices):
    ADOPT = "adopt", _("Adopted as is")
    ADAPT = "adapt", _("Adapted")


class Adoption(models.Model):
    """An agency's use of someone else's item: as is (once per agency) or as an adaptation."""

    item = models.ForeignKey(
        LibraryItem, on_delete=models.CASCADE, related_name="adoptions", verbose_name=_("item")
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.CASCADE,
        related_name="library_adoptions",
        verbose_name=_("agency"),
    )
    kind = models.CharField(_("kind"), max_length=5, choices=AdoptionKind.choices)
    adaptation = models.OneToOneField(
        LibraryItem,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="adoption_record",
        verbose_name=_("adaptation"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.UniqueConstraint(
                fields=["item", "agency"],
                condition=Q(kind="adopt"),
                name="library_adoption_once_per_agency",
            ),
            models.CheckConstraint(
                condition=(Q(kind="adopt", adaptation__isnull=True))
                | Q(kind="adapt", adaptation__isnull=False),
                name="library_adoption_adaptation_iff_adapt",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} · {self.get_kind_display()} · {self.item}"


class Collection(models.Model):
    """A named list of items an agency keeps for its own work (its own items or others')."""

    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.CASCADE,
        related_name="library_collections",
        verbose_name=_("agency"),
    )
    name = models.CharField(_("name"), max_length=120)
    items = models.ManyToManyField(
        LibraryItem, through="CollectionEntry", related_name="collections", blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="library_collection_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("library:collection", args=[self.pk])


class CollectionEntry(models.Model):
    """One item in one collection (once)."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-added_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["collection", "item"], name="library_collection_entry")
        ]

    def __str__(self) -> str:
        return f"{self.collection} · {self.item}"


def lineage_of(item: LibraryItem, *, published_only: bool = True) -> list[tuple[LibraryItem, int]]:
    """The item's family: the original first, then every adaptation below its parent,
    as (item, depth) pairs in tree order. One query, whatever the depth; with
    `published_only`, drafts and everything below them are left out."""
    root = item.root()
    members = LibraryItem.objects.filter(Q(pk=root.pk) | Q(lineage_root=root))
    if published_only:
        members = members.published()
    family = {
        member.pk: member
        for member in members.select_related("owner_agency").order_by("created_at", "id")
    }
    children: dict[int | None, list[LibraryItem]] = {}
    for member in family.values():
        if member.pk != root.pk:
            children.setdefault(member.adapted_from_id, []).append(member)
    ordered: list[tuple[LibraryItem, int]] = []

    def walk(node: LibraryItem, depth: int) -> None:
        ordered.append((node, depth))
        for child in children.get(node.pk, []):
            walk(child, depth + 1)

    if root.pk in family:
        walk(family[root.pk], 0)
    return ordered
