"""Every write to the library: items, adoptions, adaptations and collections.

Views, the API and the demo seeding call these, so they behave the same. Each keeps site
search in step in the same transaction: a published item is indexed, anything else is
removed from the index.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from cegah.lib.uploads import CleanFile
from cegah.library.models import (
    ALL_SPECS,
    Adoption,
    AdoptionKind,
    Collection,
    CollectionEntry,
    LibraryItem,
    Licence,
    Topic,
)
from cegah.library.search import sync_search

if TYPE_CHECKING:
    from cegah.accounts.models import User
    from cegah.agencies.models import Agency

# The fields a form or the seeding may set directly.
ITEM_FIELDS = (
    "kind",
    "title",
    "description",
    "caption",
    "for_civil_servants",
    "for_public",
    "for_students",
    "licence",
    "attribution",
    "is_published",
)


@dataclass(frozen=True)
class ItemFiles:
    """New files for an item; None leaves the current one in place."""

    image: CleanFile | None = None
    video: UploadedFile | None = None
    video_extension: str = "mp4"
    poster: CleanFile | None = None
    captions: CleanFile | None = None


def _store_image(item: LibraryItem, clean: CleanFile, actor: User | None) -> None:
    """Store the picture as a Wagtail image and make all its renditions now, so pages and
    the API only ever read them."""
    image_model = get_image_model()
    image = image_model(
        title=item.title[:255],
        uploaded_by_user=actor,
        file=ImageFile(io.BytesIO(clean.data), name=clean.name),
    )
    image.save()
    image.get_renditions(*ALL_SPECS)
    old = item.image
    item.image = image
    if old is not None:
        transaction.on_commit(old.delete)


def _replace_file(field: FieldFile, name: str, content: Any) -> None:
    old_name = field.name
    storage = field.storage
    field.save(name, content, save=False)
    if old_name:
        transaction.on_commit(lambda: storage.delete(old_name))


def _apply(
    item: LibraryItem,
    data: dict[str, Any],
    files: ItemFiles,
    actor: User | None,
) -> None:
    for name in ITEM_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    if files.image is not None:
        _store_image(item, files.image, actor)
    if files.video is not None:
        _replace_file(item.video, f"video.{files.video_extension}", files.video)
    if files.poster is not None:
        _replace_file(item.poster, files.poster.name, ContentFile(files.poster.data))
    if files.captions is not None:
        _replace_file(item.captions, files.captions.name, ContentFile(files.captions.data))
    if item.is_published:
        if not item.can_be_published():
            raise ValidationError(
                _("An item can only be published with its file (or, for a caption, its text)."),
                code="incomplete",
            )
        if item.published_at is None:
            item.published_at = timezone.now()


def create_item(
    *,
    actor: User | None,
    agency: Agency,
    data: dict[str, Any],
    topics: Iterable[Topic],
    files: ItemFiles = ItemFiles(),
    form_token: str | None = None,
    adapted_from: LibraryItem | None = None,
) -> tuple[LibraryItem, bool]:
    """A new item of `agency`; the same form sent twice gives one item."""
    if form_token:
        existing = LibraryItem.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing, False
    item = LibraryItem(owner_agency=agency, created_by=actor, form_token=form_token or None)
    if adapted_from is not None:
        item.adapted_from = adapted_from
        item.lineage_root = adapted_from.root()
        item.source_attribution = _source_attribution(adapted_from)
    try:
        with transaction.atomic():
            _apply(item, data, files, actor)
            item.save()
            item.topics.set(list(topics))
            if adapted_from is not None:
                Adoption.objects.create(
                    item=adapted_from,
                    agency=agency,
                    kind=AdoptionKind.ADAPT,
                    adaptation=item,
                    created_by=actor,
                )
            sync_search(item)
    except IntegrityError:
        existing = LibraryItem.objects.filter(form_token=form_token).first() if form_token else None
        if existing is None:
            raise
        return existing, False
    return item, True


def _source_attribution(original: LibraryItem) -> str:
    """The credit an adaptation carries: the original's, and the chain above it."""
    own = f"{original.attribution} ({original.get_licence_display()})"
    if original.source_attribution:
        return f"{own}; {original.source_attribution}"[:600]
    return own[:600]


def update_item(
    *,
    actor: User,
    item: LibraryItem,
    data: dict[str, Any],
    topics: Iterable[Topic],
    files: ItemFiles = ItemFiles(),
) -> LibraryItem:
    """Change an item (its editors only: the caller got it through `access.py`)."""
    with transaction.atomic():
        _apply(item, data, files, actor)
        item.save()
        item.topics.set(list(topics))
        sync_search(item)
    return item


def delete_item(*, actor: User, item: LibraryItem) -> None:
    """Remove an item, its files and its search entry; its adaptations stay, credited."""
    with transaction.atomic():
        image = item.image
        names = (item.video.name, item.poster.name, item.captions.name)
        storage = item.video.storage
        sync_search(item, removed=True)
        item.delete()
        if image is not None:
            transaction.on_commit(image.delete)
        for name in names:
            if name:
                transaction.on_commit(functools.partial(storage.delete, name))


def adopt_item(*, actor: User, agency: Agency, item: LibraryItem) -> tuple[Adoption, bool]:
    """Record that `agency` uses the item as is; adopting again changes nothing."""
    if item.owner_agency_id == agency.pk:
        raise ValidationError(_("This item already belongs to your agency."), code="own")
    if not item.is_published:
        raise ValidationError(_("Only published items can be adopted."), code="draft")
    existing = Adoption.objects.filter(item=item, agency=agency, kind=AdoptionKind.ADOPT).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            adoption = Adoption.objects.create(
                item=item, agency=agency, kind=AdoptionKind.ADOPT, created_by=actor
            )
    except IntegrityError:
        return Adoption.objects.get(item=item, agency=agency, kind=AdoptionKind.ADOPT), False
    return adoption, True


def adapt_item(
    *,
    actor: User,
    agency: Agency,
    original: LibraryItem,
    data: dict[str, Any],
    topics: Iterable[Topic],
    files: ItemFiles = ItemFiles(),
    form_token: str | None = None,
) -> tuple[LibraryItem, bool]:
    """`agency`'s local version of `original`: a new item linked to it, its credit kept."""
    if not original.is_published:
        raise ValidationError(_("Only published items can be adapted."), code="draft")
    if original.owner_agency_id == agency.pk:
        raise ValidationError(_("This item already belongs to your agency."), code="own")
    if not original.can_be_adapted():
        raise ValidationError(
            _("The owner reserves all rights to this item: it can be adopted as is, not adapted."),
            code="licence",
        )
    if original.licence == Licence.CC_BY_SA:
        # Share-alike: the adaptation goes out under the same licence.
        data = {**data, "licence": Licence.CC_BY_SA}
    return create_item(
        actor=actor,
        agency=agency,
        data=data,
        topics=topics,
        files=files,
        form_token=form_token,
        adapted_from=original,
    )


def create_collection(*, actor: User | None, agency: Agency, name: str) -> tuple[Collection, bool]:
    """A named collection of `agency`; a second one with the same name is the same one."""
    name = name.strip()
    try:
        with transaction.atomic():
            collection, created = Collection.objects.get_or_create(
                agency=agency, name=name, defaults={"created_by": actor}
            )
    except IntegrityError:
        return Collection.objects.get(agency=agency, name=name), False
    return collection, created


def add_to_collection(*, actor: User | None, collection: Collection, item: LibraryItem) -> bool:
    """Put a published item (or one of the agency's own) in the collection, once."""
    if not item.is_published and item.owner_agency_id != collection.agency_id:
        raise ValidationError(_("Only published items can be collected."), code="draft")
    try:
        with transaction.atomic():
            _entry, created = CollectionEntry.objects.get_or_create(
                collection=collection, item=item
            )
    except IntegrityError:
        return False
    return created


def remove_from_collection(*, actor: User, collection: Collection, item_id: int) -> None:
    CollectionEntry.objects.filter(collection=collection, item_id=item_id).delete()


def delete_collection(*, actor: User, collection: Collection) -> None:
    collection.delete()
