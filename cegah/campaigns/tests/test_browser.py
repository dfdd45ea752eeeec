"""On a phone, with and without JavaScript: a participant opens the link, shares and confirms."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from cegah.campaigns.access import personal_token
from cegah.campaigns.models import Share
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import make_campaign, make_participant

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2, "is_mobile": True}


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_a_participant_shares_and_confirms_on_a_phone(
    browser: Browser, live_server: object, people: People, javascript: bool
) -> None:
    campaign = make_campaign(people.manager, people.p.agency_a, [people.p.unit_a])
    sri = make_participant(campaign, people.p.unit_a, "Sri Wahyuni")
    sri.phone = "+6281234567890"
    sri.save()
    context = browser.new_context(java_script_enabled=javascript, **PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    page.goto(f"{live_server}/kampanye/saya/{personal_token(sri)}/")
    share = page.get_by_role("link", name="Kirim lewat obrolan WhatsApp")
    assert (share.get_attribute("href") or "").startswith("https://wa.me/?text=Hari%201")
    expect(page.get_by_label("Keterangan untuk diunggah (pilih lalu salin)")).to_have_value(
        f"Hari 1: tolak suap!\n\n{live_server}/s/{sri.code}"
    )
    copy = page.get_by_role("button", name="Salin keterangan")
    if javascript:
        expect(copy).to_be_visible()
    else:
        expect(copy).to_be_hidden()
    page.get_by_label("Status WhatsApp").check()
    page.get_by_role("button", name="Sudah saya bagikan").click()
    expect(page.get_by_role("status")).to_contain_text("Terima kasih")
    page.get_by_role("button", name="Sudah saya bagikan").click()
    expect(page.get_by_role("status")).to_contain_text("tercatat sekali")
    assert Share.objects.filter(participant=sri).count() == 1
    record = page.get_by_role("region", name="Partisipasi Anda")
    expect(record).to_contain_text("Status WhatsApp")
    # She would rather not be reminded: one radio and one button, with or without JS.
    reminders = page.get_by_role("region", name="Pengingat")
    expect(reminders.get_by_label("WhatsApp (+62812…7890)")).to_be_checked()
    reminders.get_by_label("Tanpa pengingat").check()
    reminders.get_by_role("button", name="Simpan pilihan saya").click()
    expect(page.get_by_role("status")).to_contain_text("Pilihan pengingat Anda tersimpan")
    expect(
        page.get_by_role("region", name="Pengingat").get_by_label("Tanpa pengingat")
    ).to_be_checked()
    sri.refresh_from_db()
    assert sri.reminder_channel == "none"
    context.close()
