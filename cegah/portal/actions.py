"""Writes on the editorial side: the page tree per language, agency sections, and who may
edit and approve what in Wagtail (synced from agency memberships)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from cegah.accounts.models import Membership, Role, User
from cegah.agencies.models import Agency, AgencyType
from cegah.portal.models import (
    AgencyIndexPage,
    AgencySectionPage,
    NewsIndexPage,
    PortalRootPage,
    PreventionIndexPage,
)

if TYPE_CHECKING:
    from collections.abc import Iterable

logger = logging.getLogger(__name__)

LANGUAGES = ("id", "en")
GROUP_PREFIX = "Cegah: "
KPK_EDITORS = "Cegah: KPK editors"
KPK_MODERATORS = "Cegah: KPK moderators"
KPK_WORKFLOW = "Cegah: review by KPK moderators"


# Slug and titles of the fixed top-level pages, in Indonesian and English.
TOP_PAGES: tuple[tuple[type[Page], str, str, str], ...] = (
    (PreventionIndexPage, "pencegahan", "Jendela Pencegahan", "Prevention window"),
    (NewsIndexPage, "berita", "Berita", "News"),
    (AgencyIndexPage, "kanal", "Kanal Instansi", "Agency sections"),
)


@dataclass
class PortalTree:
    """The root and top-level pages of the Indonesian tree (translations exist for each)."""

    root: PortalRootPage
    prevention: PreventionIndexPage
    news: NewsIndexPage
    agencies: AgencyIndexPage


def locale_for(code: str) -> Locale:
    """The Wagtail locale of a language code, created if missing."""
    return Locale.objects.get_or_create(language_code=code)[0]


def publish(page: Page, user: User | None = None) -> None:
    """Publish the page's current state as a new revision (revisions are kept)."""
    page.save_revision(user=user, log_action=True).publish(user=user)


def ensure_translation[P: Page](page: P, language: str, **values: Any) -> P:
    """The page's translation into `language`, created (and published) if missing; `values`
    are only set on creation, so editors' later changes are kept."""
    locale = locale_for(language)
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    copy = page.copy_for_translation(locale)
    for name, value in values.items():
        setattr(copy, name, value)
    publish(copy)
    return copy.specific


def _child[P: Page](parent: Page, model: type[P], slug: str, **values: Any) -> P:
    """The live child of `parent` with this slug, created and published when missing."""
    found = model.objects.child_of(parent).filter(slug=slug).first()
    if found is not None:
        return found
    page = model(slug=slug, **values)
    parent.add_child(instance=page)
    publish(page)
    return page


@transaction.atomic
def ensure_portal_tree() -> PortalTree:
    """Create the Indonesian tree (root, prevention window, news, agency sections) and its
    English translation, point the default site at it and set up review. Idempotent."""
    locale_for("id")
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    root = PortalRootPage.objects.filter(locale__language_code="id", depth=2).first()
    if root is None:
        root = Page.get_first_root_node().add_child(
            instance=PortalRootPage(title="Cegah", slug="cegah", locale=locale_for("id"))
        )
        publish(root)
    if site is None:
        Site.objects.create(hostname="localhost", root_page=root, is_default_site=True)
    elif site.root_page_id != root.pk:
        old = site.root_page
        site.root_page = root
        site.save()
        # Wagtail's "Welcome" placeholder is removed when nothing was built under it.
        if type(old.specific) is Page and old.is_leaf():
            old.delete()
    ensure_translation(root, "en", title="Cegah")
    pages: list[Page] = []
    for model, slug, title_id, title_en in TOP_PAGES:
        page = _child(root, model, slug, title=title_id)
        ensure_translation(page, "en", title=title_en)
        pages.append(page)
    ensure_review_workflow()
    return PortalTree(root, *pages)


def _group(name: str) -> Group:
    group, created = Group.objects.get_or_create(name=name)
    # Every editor and moderator may start the English translation of what they may edit
    # (wagtail-localize; `cms_views` checks the page permission it does not).
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtail_localize", codename="submit_translation"
        )
    )
    if created:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        root = Collection.get_first_root_node()
        for app, codenames in (
            ("wagtailimages", ("add_image", "choose_image")),
            ("wagtaildocs", ("add_document", "choose_document")),
        ):
            for codename in codenames:
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=root,
                    permission=Permission.objects.get(
                        content_type__app_label=app, codename=codename
                    ),
                )
    return group


def _grant(group: Group, pages: Iterable[Page], *codenames: str) -> None:
    for page in pages:
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )


def _workflow(name: str, groups: list[Group], pages: Iterable[Page]) -> Workflow:
    workflow = Workflow.objects.filter(name=name).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=name, active=True)
        task = GroupApprovalTask.objects.create(name=name)
        task.groups.set(groups)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    for page in pages:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


# Editors draft and submit; only moderators publish (through the workflow's approval).
EDITOR_PERMISSIONS = ("add_page", "change_page")
MODERATOR_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
# In the English tree an agency's people only translate: pages there come from
# wagtail-localize, never from "add child page" (an Indonesian text would be served as English).
TRANSLATION_ONLY = ("add_page",)


def ensure_review_workflow() -> Workflow:
    """KPK editors edit the whole site, KPK moderators approve it: one review step for every
    page (agency sections get their own, see `ensure_agency_section`)."""
    top = Page.get_first_root_node()
    editors, moderators = _group(KPK_EDITORS), _group(KPK_MODERATORS)
    _grant(editors, [top], *EDITOR_PERMISSIONS)
    _grant(moderators, [top], *MODERATOR_PERMISSIONS)
    return _workflow(KPK_WORKFLOW, [moderators], [top])


def editors_group_name(agency: Agency) -> str:
    return f"{GROUP_PREFIX}editors of {agency.code}"


def moderators_group_name(agency: Agency) -> str:
    return f"{GROUP_PREFIX}moderators of {agency.code}"


def _revoke(group: Group, pages: Iterable[Page], *codenames: str) -> None:
    GroupPagePermission.objects.filter(
        group=group,
        page__in=list(pages),
        permission__content_type__app_label="wagtailcore",
        permission__codename__in=codenames,
    ).delete()


@transaction.atomic
def ensure_agency_section(agency: Agency) -> AgencySectionPage:
    """The agency's section in the Indonesian tree and its English translation, its editor
    and moderator groups limited to that subtree (writing in Indonesian, translating in
    English), and its review step (the agency's moderators or KPK's approve)."""
    tree = ensure_portal_tree()
    section = AgencySectionPage.objects.child_of(tree.agencies).filter(agency=agency).first()
    if section is None:
        section = _child(
            tree.agencies,
            AgencySectionPage,
            agency.code,
            title=agency.short_name or agency.name,
            agency=agency,
        )
    english = ensure_translation(section, "en")
    pages = [section, english]
    editors, moderators = _group(editors_group_name(agency)), _group(moderators_group_name(agency))
    _grant(editors, [section], *EDITOR_PERMISSIONS)
    _grant(moderators, [section], *MODERATOR_PERMISSIONS)
    translations = list(AgencySectionPage.objects.filter(translation_key=section.translation_key))
    translations = [page for page in translations if page.pk != section.pk]
    for group, codenames in ((editors, EDITOR_PERMISSIONS), (moderators, MODERATOR_PERMISSIONS)):
        granted = tuple(c for c in codenames if c not in TRANSLATION_ONLY)
        _grant(group, translations, *granted)
        _revoke(group, translations, *TRANSLATION_ONLY)
    _workflow(
        f"{GROUP_PREFIX}review for {agency.code}", [moderators, _group(KPK_MODERATORS)], pages
    )
    return section


def desired_groups(user: User) -> set[str]:
    """The Wagtail groups the person's active editor and moderator roles call for."""
    names: set[str] = set()
    memberships = Membership.objects.active().filter(
        user=user, role__in=[Role.EDITOR, Role.MODERATOR]
    )
    for m in memberships.select_related("agency"):
        kpk = m.agency.type == AgencyType.KPK
        if m.role == Role.EDITOR:
            names.add(KPK_EDITORS if kpk else editors_group_name(m.agency))
            if not kpk:
                ensure_agency_section(m.agency)
        else:
            names.add(KPK_MODERATORS if kpk else moderators_group_name(m.agency))
            if not kpk:
                ensure_agency_section(m.agency)
    return names


@transaction.atomic
def sync_editor_access(user: User) -> tuple[set[str], set[str]]:
    """Make the person's Cegah-managed Wagtail groups match their roles; groups not named
    "Cegah: …" are left alone. Returns the group names added and removed."""
    wanted = desired_groups(user)
    if wanted:
        ensure_portal_tree()
    current = set(user.groups.filter(name__startswith=GROUP_PREFIX).values_list("name", flat=True))
    added, removed = wanted - current, current - wanted
    if added:
        user.groups.add(*[_group(name) for name in sorted(added)])
    if removed:
        user.groups.remove(*Group.objects.filter(name__in=removed))
    if added or removed:
        logger.info("Editor access of user %s: +%s -%s", user.pk, sorted(added), sorted(removed))
    return added, removed


# Other apps whose content goes through the editors' review workflow (Wagtail snippets)
# register here how they grant their permissions and attach the workflow, so
# `manage.py sync_editor_groups` sets them up on a deploy without the portal importing them.
_editing_setups: list[Callable[[], None]] = []


def register_editing_setup(setup: Callable[[], None]) -> None:
    """Run `setup()` (idempotent) whenever `sync_editor_groups` runs."""
    if setup not in _editing_setups:
        _editing_setups.append(setup)


def run_editing_setups() -> int:
    """Every registered app's editing setup; how many ran."""
    for setup in _editing_setups:
        setup()
    return len(_editing_setups)


def sync_all_editor_access() -> int:
    """Sync every person who holds an editor or moderator role or a managed group; returns
    how many people's groups changed."""
    ids = set(
        Membership.objects.filter(role__in=[Role.EDITOR, Role.MODERATOR]).values_list(
            "user_id", flat=True
        )
    ) | set(User.objects.filter(groups__name__startswith=GROUP_PREFIX).values_list("pk", flat=True))
    changed = 0
    for user in User.objects.filter(pk__in=ids).order_by("pk"):
        added, removed = sync_editor_access(user)
        changed += bool(added or removed)
    return changed
