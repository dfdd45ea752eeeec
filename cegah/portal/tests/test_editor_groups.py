"""Wagtail groups follow agency memberships (signals and `sync_editor_groups`)."""

from __future__ import annotations

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cegah.accounts.models import Membership, Role
from cegah.portal.actions import KPK_EDITORS, KPK_MODERATORS, PortalTree
from cegah.portal.models import AgencySectionPage
from cegah.test import Personas, make_user


def _groups(user: object) -> set[str]:
    return set(Group.objects.filter(user=user).values_list("name", flat=True))


def test_an_editor_role_gives_the_agency_section_and_its_group(
    personas: Personas, tree: PortalTree
) -> None:
    editor = make_user("editor.a@example.org", (personas.agency_a, Role.EDITOR))
    assert _groups(editor) == {"Cegah: editors of pemkab-klaten"}
    sections = AgencySectionPage.objects.filter(agency=personas.agency_a)
    assert sorted(s.locale.language_code for s in sections) == ["en", "id"]
    assert all(s.live for s in sections)
    kpk = make_user(
        "kpk.editor@example.org", (personas.kpk, Role.EDITOR), (personas.kpk, Role.MODERATOR)
    )
    assert _groups(kpk) == {KPK_EDITORS, KPK_MODERATORS}


def test_ending_the_membership_takes_the_cms_away(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    editor = make_user("editor.a@example.org", (personas.agency_a, Role.EDITOR))
    section = AgencySectionPage.objects.get(agency=personas.agency_a, locale__language_code="id")
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=(section.pk,))
    assert client.get(url).status_code == 200
    membership = Membership.objects.get(user=editor, role=Role.EDITOR)
    membership.is_active = False
    membership.save()
    assert _groups(editor) == set()
    assert client.get(url).status_code == 302


def test_other_groups_are_left_alone(personas: Personas, tree: PortalTree) -> None:
    editor = make_user("editor.a@example.org", (personas.agency_a, Role.EDITOR))
    editor.groups.add(Group.objects.create(name="Hand-made group"))
    Membership.objects.filter(user=editor).delete()
    assert _groups(editor) == {"Hand-made group"}


def test_roles_given_before_the_portal_exists_are_synced_by_the_command(
    personas: Personas,
) -> None:
    editor = make_user("editor.a@example.org", (personas.agency_a, Role.EDITOR))
    assert _groups(editor) == set()
    assert not AgencySectionPage.objects.exists()
    out = StringIO()
    call_command("sync_editor_groups", "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue() and _groups(editor) == set()
    assert not AgencySectionPage.objects.exists()
    call_command("sync_editor_groups", stdout=out)
    assert _groups(editor) == {"Cegah: editors of pemkab-klaten"}
    out = StringIO()
    call_command("sync_editor_groups", stdout=out)
    assert "changed for 0 people" in out.getvalue()


def test_the_command_gives_kpk_editors_the_review_permissions_of_fees_and_knowledge(
    personas: Personas,
) -> None:
    """Apps whose snippets go through the editors' review register their setup with the
    portal; a deploy's `sync_editor_groups` runs it, demo data or not."""
    from django.contrib.auth.models import Group

    call_command("sync_editor_groups", stdout=StringIO())

    moderators = Group.objects.filter(permissions__codename="publish_feeitem")
    assert moderators.exists()
    assert Group.objects.filter(permissions__codename="publish_knowledgeentry").exists()
