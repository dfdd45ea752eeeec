"""Draft → review → publish through Wagtail's admin, and who may edit which subtree."""

from __future__ import annotations

from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from cegah.accounts.models import Role, User
from cegah.portal.actions import PortalTree
from cegah.portal.models import AgencySectionPage, NewsPage
from cegah.test import Personas, make_user


def _section(personas_agency: object) -> AgencySectionPage:
    return AgencySectionPage.objects.get(agency=personas_agency, locale__language_code="id")


def _form(client: Client, url: str) -> QueryDict:
    response = client.get(url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # StreamField inputs are drawn by JavaScript; an empty body is zero blocks.
    data.setdefault("body-count", "0")
    return data


def _submit_news(client: Client, parent_id: int, slug: str, title: str) -> NewsPage:
    url = reverse("wagtailadmin_pages:add", args=("portal", "newspage", parent_id))
    data = _form(client, url)
    data.update({"title": title, "slug": slug, "intro": "Ringkasan berita.", "action-submit": "1"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return NewsPage.objects.get(slug=slug)


def _approve(client: Client, page: NewsPage) -> int:
    task_state = page.current_workflow_task_state
    assert task_state is not None
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    return client.post(url, {"comment": ""}).status_code


def test_editor_submits_and_only_a_moderators_approval_makes_the_page_public(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    editor = make_user("editor.a@example.org", (personas.agency_a, Role.EDITOR))
    moderator = make_user("moderator.a@example.org", (personas.agency_a, Role.MODERATOR))
    section = _section(personas.agency_a)
    client.force_login(editor)
    page = _submit_news(client, section.pk, "layanan-baru", "Layanan baru Klaten")
    assert not page.live
    assert page.author_agency == personas.agency_a  # the section's agency, whatever was chosen
    workflow_state = page.current_workflow_state
    assert workflow_state is not None and workflow_state.status == "in_progress"
    public_url = "/kanal/pemkab-klaten/layanan-baru/"
    anonymous = Client()
    assert anonymous.get(public_url).status_code == 404

    # The editor cannot skip the review by pressing "publish".
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = _form(client, edit_url)
    data["action-publish"] = "1"
    client.post(edit_url, data)
    page.refresh_from_db()
    assert not page.live
    assert anonymous.get(public_url).status_code == 404

    client.force_login(moderator)
    assert _approve(client, page) in (200, 302)
    page.refresh_from_db()
    assert page.live
    response = anonymous.get(public_url)
    assert response.status_code == 200
    assert "Layanan baru Klaten" in response.content.decode()


def test_moderator_of_another_agency_cannot_approve(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    editor = make_user("editor.a@example.org", (personas.agency_a, Role.EDITOR))
    other = make_user("moderator.b@example.org", (personas.agency_b, Role.MODERATOR))
    client.force_login(editor)
    page = _submit_news(client, _section(personas.agency_a).pk, "tunggu", "Menunggu tinjauan")
    client.force_login(other)
    _approve(client, page)
    page.refresh_from_db()
    assert not page.live


def test_kpk_moderator_approves_agency_content(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    editor = make_user("editor.b@example.org", (personas.agency_b, Role.EDITOR))
    kpk_moderator = make_user("moderator@kpk.example.org", (personas.kpk, Role.MODERATOR))
    client.force_login(editor)
    page = _submit_news(client, _section(personas.agency_b).pk, "bali", "Berita Bali")
    client.force_login(kpk_moderator)
    _approve(client, page)
    page.refresh_from_db()
    assert page.live


def test_revisions_are_kept_and_a_new_draft_waits_for_review(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    editor = make_user("editor.a@example.org", (personas.agency_a, Role.EDITOR))
    moderator = make_user("moderator.a@example.org", (personas.agency_a, Role.MODERATOR))
    client.force_login(editor)
    page = _submit_news(client, _section(personas.agency_a).pk, "revisi", "Judul pertama")
    client.force_login(moderator)
    _approve(client, page)
    client.force_login(editor)
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = _form(client, edit_url)
    data["title"] = "Judul kedua"
    assert client.post(edit_url, data).status_code == 302
    page.refresh_from_db()
    titles = [r.content["title"] for r in page.revisions.order_by("created_at", "pk")]
    assert titles[0] == "Judul pertama" and titles[-1] == "Judul kedua"
    html = Client().get("/kanal/pemkab-klaten/revisi/").content.decode()
    assert "Judul pertama" in html and "Judul kedua" not in html


def test_editor_of_agency_a_cannot_edit_agency_b_section(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    editor = make_user("editor.a@example.org", (personas.agency_a, Role.EDITOR))
    make_user("editor.b@example.org", (personas.agency_b, Role.EDITOR))
    own, other = _section(personas.agency_a), _section(personas.agency_b)
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_pages:edit", args=(own.pk,))).status_code == 200
    other_url = reverse("wagtailadmin_pages:edit", args=(other.pk,))
    assert client.get(other_url).status_code in (302, 403)
    client.post(other_url, {"title": "Diambil alih", "slug": other.slug, "action-submit": "1"})
    other.refresh_from_db()
    assert other.title != "Diambil alih"
    add_url = reverse("wagtailadmin_pages:add", args=("portal", "newspage", other.pk))
    assert client.get(add_url).status_code in (302, 403)
    # Nor the prevention window, which belongs to KPK's editors.
    prevention_url = reverse("wagtailadmin_pages:edit", args=(tree.prevention.pk,))
    assert client.get(prevention_url).status_code in (302, 403)


def test_kpk_editor_edits_every_section(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    make_user("editor.b@example.org", (personas.agency_b, Role.EDITOR))
    kpk_editor = make_user("editor@kpk.example.org", (personas.kpk, Role.EDITOR))
    client.force_login(kpk_editor)
    for page_id in (_section(personas.agency_b).pk, tree.prevention.pk, tree.news.pk):
        url = reverse("wagtailadmin_pages:edit", args=(page_id,))
        assert client.get(url).status_code == 200


def test_people_without_an_editor_role_cannot_open_the_cms(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    client.force_login(personas.admin_a)
    assert client.get("/cms/").status_code == 302
    assert not User.objects.get(pk=personas.admin_a.pk).groups.exists()


def test_cms_gets_its_own_policy_and_public_pages_keep_the_strict_one(
    client: Client, personas: Personas, tree: PortalTree
) -> None:
    editor = make_user("editor@kpk.example.org", (personas.kpk, Role.EDITOR))
    client.force_login(editor)
    admin_csp = client.get(reverse("wagtailadmin_pages:edit", args=(tree.news.pk,)))[
        "Content-Security-Policy"
    ]
    assert "script-src 'self' 'unsafe-inline'" in admin_csp and "nonce" not in admin_csp
    assert "frame-ancestors 'self'" in admin_csp
    public_csp = client.get("/berita/")["Content-Security-Policy"]
    assert "unsafe-inline" not in public_csp and "frame-ancestors 'none'" in public_csp
