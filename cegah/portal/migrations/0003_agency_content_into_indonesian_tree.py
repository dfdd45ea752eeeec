"""Move agency content written in the English tree into the Indonesian tree (issue 12, item 10).

Editors of an agency could add pages to the English copy of their section; an Indonesian
article written there was published only under `/en/`, marked as English, and never reached
`/berita/` or the Indonesian feeds. Every page below an English agency index that is not the
translation of an Indonesian page (no page shares its `translation_key` in the default
locale) moves, with its subtree, under the Indonesian counterpart of its parent and becomes
Indonesian. A whole English-only agency section moves likewise, unless the agency already has
an Indonesian section: then its pages move into that one. Addresses already taken in the new
place get `-2`, `-3`… Agency groups lose "add page" in the English tree (they translate there).

The page tree is moved by hand (materialised paths, as treebeard keeps them), since
migrations have no model methods. Run `manage.py reindex_search` afterwards so site search
lists the moved pages in Indonesian. Reversing leaves the pages where they are.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import migrations
from django.db.models import F

STEPLEN = 4
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
AGENCY_GROUPS = ("Cegah: editors of ", "Cegah: moderators of ")


def _step(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(STEPLEN, "0")


class _Mover:
    def __init__(self, apps: Any) -> None:
        self.Page = apps.get_model("wagtailcore", "Page")
        self.Revision = apps.get_model("wagtailcore", "Revision")
        self.Section = apps.get_model("portal", "AgencySectionPage")
        ContentType = apps.get_model("contenttypes", "ContentType")
        Locale = apps.get_model("wagtailcore", "Locale")
        self.default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
        self.types = {
            ct.model: ct.pk
            for ct in ContentType.objects.filter(
                app_label="portal", model__in=["agencyindexpage", "agencysectionpage"]
            )
        }
        self.page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
        self.moved = 0

    def run(self) -> int:
        if self.default is None or "agencyindexpage" not in self.types:
            return 0
        indexes = self.Page.objects.filter(content_type_id=self.types["agencyindexpage"]).exclude(
            locale=self.default
        )
        for index in indexes:
            self._settle_children(index)
        return self.moved

    def _counterpart(self, page: Any) -> Any:
        return self.Page.objects.filter(
            translation_key=page.translation_key, locale=self.default
        ).first()

    def _children(self, page: Any) -> list[Any]:
        return list(
            self.Page.objects.filter(path__startswith=page.path, depth=page.depth + 1).order_by(
                "path"
            )
        )

    def _settle_children(self, parent: Any) -> None:
        """Each child of `parent` (not in the default locale) that is no translation goes
        under the default-locale counterpart of `parent`."""
        for child in self._children(parent):
            if self._counterpart(child) is not None:
                # A real translation: its untranslated pages below may still need moving.
                self._settle_children(child)
                continue
            target = self._counterpart(parent)
            if target is None:
                continue
            existing = self._existing_section(child, target)
            if existing is not None:
                self._move_children_into(child, existing)
            else:
                self._move(child, parent, target)

    def _existing_section(self, page: Any, target: Any) -> Any:
        if page.content_type_id != self.types.get("agencysectionpage"):
            return None
        agency_id = self.Section.objects.get(pk=page.pk).agency_id
        sections = self.Section.objects.filter(
            agency_id=agency_id,
            locale=self.default,
            path__startswith=target.path,
            depth=target.depth + 1,
        )
        return sections.first()

    def _move_children_into(self, section: Any, existing: Any) -> None:
        for child in self._children(section):
            if self._counterpart(child) is None:
                self._move(child, section, existing)

    def _free_slug(self, slug: str, parent: Any) -> str:
        taken = set(
            self.Page.objects.filter(
                path__startswith=parent.path, depth=parent.depth + 1
            ).values_list("slug", flat=True)
        )
        candidate, number = slug, 1
        while candidate in taken:
            number += 1
            candidate = f"{slug[: 255 - len(str(number)) - 1]}-{number}"
        return candidate

    def _move(self, page: Any, old_parent: Any, new_parent: Any) -> None:
        last = (
            self.Page.objects.filter(path__startswith=new_parent.path, depth=new_parent.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
        number = int(last[-STEPLEN:], len(ALPHABET)) + 1 if last else 1
        old_path, new_path = page.path, new_parent.path + _step(number)
        old_url = page.url_path
        slug = self._free_slug(page.slug, new_parent)
        new_url = f"{new_parent.url_path}{slug}/"
        delta = new_parent.depth + 1 - page.depth
        subtree = list(self.Page.objects.filter(path__startswith=old_path).order_by("path"))
        keys = {node.pk: node.translation_key for node in subtree}
        for node in subtree:
            node.path = new_path + node.path[len(old_path) :]
            node.depth += delta
            node.locale_id = self.default.pk
            if node.url_path.startswith(old_url):
                node.url_path = new_url + node.url_path[len(old_url) :]
            if node.pk == page.pk:
                node.slug = slug
            if (
                self.Page.objects.filter(translation_key=node.translation_key, locale=self.default)
                .exclude(pk=node.pk)
                .exists()
            ):
                # Its Indonesian counterpart lives elsewhere; this copy starts its own line.
                node.translation_key = uuid.uuid4()
            node.save(
                update_fields=["path", "depth", "locale", "url_path", "slug", "translation_key"]
            )
            self._fix_revisions(node, slug if node.pk == page.pk else None, keys[node.pk])
        self.Page.objects.filter(pk=old_parent.pk).update(numchild=F("numchild") - 1)
        self.Page.objects.filter(pk=new_parent.pk).update(numchild=F("numchild") + 1)
        self.moved += len(subtree)

    def _fix_revisions(self, node: Any, slug: str | None, old_key: Any) -> None:
        """Drafts and revisions carry the page's language and address: publishing one later
        must not bring the old ones back."""
        if self.page_type is None:
            return
        revisions = self.Revision.objects.filter(
            base_content_type_id=self.page_type.pk, object_id=str(node.pk)
        )
        for revision in revisions:
            content = dict(revision.content)
            content["locale"] = self.default.pk
            if slug is not None:
                content["slug"] = slug
            if node.translation_key != old_key:
                content["translation_key"] = str(node.translation_key)
            revision.content = content
            revision.save(update_fields=["content"])


def move_agency_content(apps: Any, schema_editor: Any) -> None:
    _Mover(apps).run()
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Locale = apps.get_model("wagtailcore", "Locale")
    default = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    if default is None:
        return
    for prefix in AGENCY_GROUPS:
        GroupPagePermission.objects.filter(
            group__name__startswith=prefix,
            permission__content_type__app_label="wagtailcore",
            permission__codename="add_page",
        ).exclude(page__locale=default).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_english_locale"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(move_agency_content, migrations.RunPython.noop)]
