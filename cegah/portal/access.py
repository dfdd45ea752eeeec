"""Who may put which agency's name on an article.

An editor publishes only as their own agency: the author of an article is an agency in which
the person holds an editor or moderator role, and an article inside an agency's section is
always that agency's, whoever edits it (a KPK editor correcting a typo in Diskominfos Bali's
section does not make it KPK's). Platform operators (superusers) may name any agency.
The page form asks these functions; the model keeps the section rule as its invariant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cegah.accounts.access import agencies_with_role
from cegah.accounts.models import Role
from cegah.agencies.models import Agency
from cegah.portal.models import AgencySectionPage

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.db.models import QuerySet
    from wagtail.models import Page

    from cegah.accounts.models import User

    Person = User | AnonymousUser

PUBLISHING_ROLES = (Role.EDITOR, Role.MODERATOR)


def section_of(page: Page | None) -> AgencySectionPage | None:
    """The agency section `page` is (or sits in), or None outside every section."""
    if page is None or not page.path:
        return None
    return AgencySectionPage.objects.filter(
        path__in=[page.path[:n] for n in range(page.steplen, len(page.path) + 1, page.steplen)]
    ).first()


def publishing_agencies(user: Person) -> QuerySet[Agency]:
    """The agencies the person may publish as: those where they edit or moderate."""
    if not user.is_authenticated:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    ids = {agency.pk for agency in agencies_with_role(user, *PUBLISHING_ROLES)}
    return Agency.objects.filter(pk__in=ids)


def author_choices(user: Person, parent: Page | None, current: Agency | None) -> QuerySet[Agency]:
    """The agencies the person may name as the author of an article under `parent`: the
    section's agency inside a section; otherwise their own agencies, plus the author the
    article already has (someone entitled chose it; keeping it is not choosing it)."""
    section = section_of(parent)
    if section is not None:
        return Agency.objects.filter(pk=section.agency_id)
    ids = set(publishing_agencies(user).values_list("pk", flat=True))
    if current is not None:
        ids.add(current.pk)
    return Agency.objects.filter(pk__in=ids).order_by("name")


def may_publish_as(user: Person, agency: Agency, parent: Page | None) -> bool:
    """Whether the person may name `agency` as the author of a new article under `parent`."""
    return author_choices(user, parent, None).filter(pk=agency.pk).exists()
