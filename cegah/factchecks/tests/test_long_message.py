"""A long chain message goes from "check a message" to the submission form in a POST body,
never in an address (a 3,000-character message in a link was refused with 414)."""

from __future__ import annotations

from html import unescape
from html.parser import HTMLParser

import pytest
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.factchecks.models import Submission

pytestmark = pytest.mark.django_db

CHECK = "/en/cek-fakta/periksa/"
SUBMIT = "/en/cek-fakta/kirim/"
# Thousands of characters, lines and non-ASCII text, as a forwarded chain message has.
LINE = "PENTING!! Bapak/Ibu kepala desa wajib setor “dana koordinasi” ke rekening pribadi ✅ "
MESSAGE = "\n".join([LINE] * 40)[:3000].strip()


class Forms(HTMLParser):
    """Every form of a page: its method, action, fields (name → value) and links."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, object]] = []
        self.hrefs: list[str] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(
                {"method": a.get("method", "get"), "action": a["action"], "fields": {}}
            )
        elif tag == "input" and self.forms and "name" in a:
            self.fields[a["name"]] = a.get("value", "")
        elif tag == "textarea" and self.forms:
            self._textarea = a["name"]
            self.fields[a["name"]] = ""
        elif tag == "a" and "href" in a:
            self.hrefs.append(a["href"])

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            # The HTML parser drops one newline right after <textarea>, as browsers do.
            name = self._textarea or ""
            self.fields[name] = self.fields[name].removeprefix("\n")
            self._textarea = None

    @property
    def fields(self) -> dict[str, str]:
        """The fields of the form being read."""
        fields = self.forms[-1]["fields"]
        assert isinstance(fields, dict)
        return fields

    def form(self, action: str, method: str = "post") -> dict[str, str]:
        """The fields of the form that sends to `action` with `method`."""
        found = next(f for f in self.forms if f["action"] == action and f["method"] == method)
        fields = found["fields"]
        assert isinstance(fields, dict)
        return fields


def parse(html: str) -> Forms:
    parser = Forms()
    parser.feed(html)
    return parser


def test_a_3000_character_message_is_handed_to_the_submit_form_by_post_and_sent(
    client: Client,
) -> None:
    assert len(MESSAGE) == 3000
    checked = client.post(CHECK, {"q": MESSAGE})
    page = parse(checked.content.decode())
    assert checked.status_code == 200
    assert all(len(href) < 500 for href in page.hrefs)  # no link carries the message
    fields = page.form(SUBMIT)  # a POST form, not a link
    assert "csrfmiddlewaretoken" in fields
    assert unescape(fields["text"]) == MESSAGE

    prefilled = client.post(SUBMIT, fields)
    form = parse(prefilled.content.decode()).form(SUBMIT)
    assert prefilled.status_code == 200
    assert "Your message has not been sent yet" not in prefilled.content.decode()
    assert unescape(form["text"]) == MESSAGE  # the whole message, line breaks and all
    assert not Submission.objects.exists()  # filling the form in sends nothing

    sent = client.post(SUBMIT, {**form, "text": unescape(form["text"]), "website": ""})
    assert sent.status_code == 302
    assert Submission.objects.get().text == MESSAGE


def test_the_hand_off_is_refused_without_its_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(SUBMIT, {"prefill": "1", "text": MESSAGE})
    assert response.status_code == 403
    assert "Your form has expired" in response.content.decode()


def test_too_many_messages_say_how_long_to_wait_and_keep_the_text(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.FACTCHECKS_SUBMIT_RATE = "1/hour"
    data = {"text": MESSAGE, "link": "", "contact_email": "", "website": ""}
    assert client.post(SUBMIT, {**data, "form_token": "token-number-first"}).status_code == 302
    response = client.post(SUBMIT, {**data, "form_token": "token-number-second"})
    html = response.content.decode()
    assert response.status_code == 429
    assert 3500 <= int(response["Retry-After"]) <= 3600
    assert "Wait about 60 minutes, then try again." in html
    assert unescape(parse(html).form(SUBMIT)["text"]) == MESSAGE
