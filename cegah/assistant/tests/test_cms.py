"""The knowledge base in the CMS: KPK editors write, moderators approve, history is kept."""

from __future__ import annotations

import pytest
from django.test import Client

from cegah.accounts.models import Role, User
from cegah.assistant.actions import ensure_knowledge_editing, load_entries
from cegah.assistant.knowledge import read_rows
from cegah.assistant.models import KnowledgeEntry
from cegah.portal.actions import sync_editor_access
from cegah.test import Personas, make_user

pytestmark = pytest.mark.django_db


def test_operators_find_entries_and_their_history_in_the_cms() -> None:
    load_entries(read_rows()[:3])
    entry = KnowledgeEntry.objects.first()
    assert entry is not None
    client = Client()
    client.force_login(User.objects.create_superuser(email="ops@example.org", password="x-long-1"))
    for url in (
        "/cms/snippets/assistant/knowledgeentry/",
        f"/cms/snippets/assistant/knowledgeentry/edit/{entry.pk}/",
        f"/cms/snippets/assistant/knowledgeentry/history/{entry.pk}/",
    ):
        assert client.get(url).status_code == 200, url


def test_kpk_editors_may_edit_but_only_moderators_publish(personas: Personas) -> None:
    editor = make_user("editor.kpk@example.org", (personas.kpk, Role.EDITOR))
    moderator = make_user("moderator.kpk@example.org", (personas.kpk, Role.MODERATOR))
    sync_editor_access(editor)
    sync_editor_access(moderator)
    ensure_knowledge_editing()
    editor = User.objects.get(pk=editor.pk)
    moderator = User.objects.get(pk=moderator.pk)
    assert editor.has_perm("assistant.change_knowledgeentry")
    assert not editor.has_perm("assistant.publish_knowledgeentry")
    assert moderator.has_perm("assistant.publish_knowledgeentry")
    assert KnowledgeEntry().get_workflow() is not None  # the KPK review applies to entries
