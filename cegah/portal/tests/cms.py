"""Helpers that drive Wagtail's admin the way an editor's browser does."""

from __future__ import annotations

from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html

from cegah.agencies.models import Agency
from cegah.portal.models import AgencySectionPage


def section(agency: Agency, language: str = "id") -> AgencySectionPage:
    return AgencySectionPage.objects.get(agency=agency, locale__language_code=language)


def add_url(parent_id: int, model: str = "newspage") -> str:
    return reverse("wagtailadmin_pages:add", args=("portal", model, parent_id))


def page_form(client: Client, url: str) -> QueryDict:
    """The page editor's form as the browser would send it back."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    # StreamField inputs are drawn by JavaScript; an empty body is zero blocks.
    data.setdefault("body-count", "0")
    return data


def approve(client: Client, page_id: int) -> int:
    from wagtail.models import Page

    task_state = Page.objects.get(pk=page_id).current_workflow_task_state
    assert task_state is not None
    url = reverse("wagtailadmin_pages:workflow_action", args=(page_id, "approve", task_state.pk))
    return client.post(url, {"comment": ""}).status_code
