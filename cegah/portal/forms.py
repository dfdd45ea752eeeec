"""The CMS forms of the pages editors write (articles and content pages).

Two things Wagtail's own page form leaves to chance:

- **The address (slug) of a page that was never published is made unique within its parent.**
  Autosave creates the page as soon as a title is typed; an editor who leaves and starts again
  with the same title used to meet "the slug is already in use" on a tab they could not see,
  and could not save. A page that has been public keeps its address: changing it silently
  would break links, so there Wagtail's error stands (on the Content tab, in Indonesian).
- **The author agency is one the editor may publish as** (`access.author_choices`).

This module is imported by `models.py`, so it imports the portal's models only inside methods.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page


def unique_slug(slug: str, parent: Page, page: Page) -> str:
    """`slug`, or `slug-2`, `slug-3`… : the first one no sibling of `page` under `parent` uses."""
    limit = Page._meta.get_field("slug").max_length or 255
    candidate, number = slug, 1
    while not Page._slug_is_available(candidate, parent, page):
        number += 1
        suffix = f"-{number}"
        candidate = f"{slug[: limit - len(suffix)]}{suffix}"
    return candidate


class PortalPageForm(WagtailAdminPageForm):
    """Wagtail's page form with addresses made unique for pages that were never public."""

    _slug_changed = False

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data.get("slug") or ""
        page = self.instance
        # A page not yet saved counts as live (Wagtail's default) but has never been public.
        public = page.pk is not None and (page.live or page.first_published_at is not None)
        if not slug or self.parent_page is None or public:
            return slug
        unique = unique_slug(slug, self.parent_page, page)
        self._slug_changed = unique != slug
        return unique

    def get_field_updates_for_resave(self) -> list[tuple[str, Any]]:
        """After an autosave, the open form takes the address the server gave the page, so the
        next save does not ask for the one already taken."""
        updates: list[tuple[str, Any]] = list(super().get_field_updates_for_resave())
        if self._slug_changed:
            updates.append(("slug", self.cleaned_data["slug"]))
        return updates


class NewsPageForm(PortalPageForm):
    """An article's form: the author agency offers only the agencies the editor may publish
    as, and is fixed when there is one (always so inside an agency's section)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields.get("author_agency")
        if field is None or self.for_user is None:
            return
        from cegah.agencies.models import Agency
        from cegah.portal.access import author_choices

        current = None
        if self.instance.pk:
            # The author stored on the page, not a draft's: a draft is not a choice made by
            # someone entitled to make it.
            author_id = (
                type(self.instance)
                .objects.filter(pk=self.instance.pk)
                .values_list("author_agency_id", flat=True)
                .first()
            )
            current = Agency.objects.filter(pk=author_id).first() if author_id else None
        choices = author_choices(self.for_user, self.parent_page, current)
        field.queryset = choices
        field.required = True
        field.error_messages["invalid_choice"] = _(
            "You can publish only as your own agency. Choose one of the agencies listed."
        )
        only = list(choices[:2])
        if len(only) == 1:
            field.disabled = True
            field.empty_label = None
            self.initial["author_agency"] = only[0].pk
            field.help_text = _("Articles are published in the name of your agency.")
