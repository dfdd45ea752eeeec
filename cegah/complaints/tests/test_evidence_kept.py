"""Issue 12: evidence is never lost. A photo chosen with a form that comes back (a mistake
to fix, the region button without JavaScript) is kept with the form, listed as attached
with a remove button, and sent with the complaint; a form never sent loses it after a day."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.complaints.models import Attachment, Complaint, KeptUpload
from cegah.complaints.tasks import remove_unsent_uploads
from cegah.complaints.tests.factories import JAKARTA, form_data, pdf, photo

pytestmark = pytest.mark.usefixtures("regions")

NEW = "/keluhan/baru/"
NOT_SENT = "Keluhan Anda belum terkirim"
KEPT_NOTE = "Berkas ini disimpan bersama formulir"


def post(client: Client, files: list[Any] | None = None, **values: Any) -> Any:
    data = form_data(**values)
    if files:
        data["evidence"] = files
    return client.post(NEW, data)


def stored(name: str) -> bool:
    return bool(storages["private"].exists(name))


def remove_buttons(html: str) -> dict[str, str]:
    """The kept files the page lists: {original name: the remove button's value}."""
    return dict(
        re.findall(
            r'<li>([^<]+?) <span class="help">[^<]*</span>\s*<button[^>]*name="remove_upload" '
            r'value="(\d+)"',
            html,
        )
    )


def test_a_photo_survives_a_form_sent_back_with_a_mistake_and_goes_with_the_complaint(
    client: Client,
) -> None:
    first = post(client, [photo("kuitansi.jpg")], description="Terlalu pendek")
    html = first.content.decode()
    assert first.status_code == 400
    assert NOT_SENT in html
    assert "Berkas yang Anda lampirkan tetap tersimpan bersama formulir" in html
    assert list(remove_buttons(html)) == ["kuitansi.jpg"]
    assert KEPT_NOTE in html
    assert "dihapus setelah satu hari" in html
    kept = KeptUpload.objects.get()
    assert stored(kept.file.name)
    assert b"PhoneMaker" not in storages["private"].open(kept.file.name).read()  # cleaned
    assert kept.file.name not in html  # the stored name never reaches the page
    assert "pilih lagi berkas bukti Anda" not in html  # the old warning is gone

    # The person fixes the description and sends; the browser sends no file this time.
    second = post(client)
    assert second.status_code == 302
    complaint = Complaint.objects.get()
    attachment = complaint.attachments.get()
    assert (attachment.original_name, attachment.content_type) == ("kuitansi.jpg", "image/jpeg")
    assert attachment.file.name == kept.file.name and stored(attachment.file.name)
    assert attachment.event == complaint.events.get()  # with the submission
    assert not attachment.internal
    assert KeptUpload.objects.count() == 0


def test_a_photo_survives_the_region_button_without_javascript(client: Client) -> None:
    step = post(client, [photo("foto-pungli.jpg")], district=None, _refresh_region="1")
    html = step.content.decode()
    assert step.status_code == 200
    assert NOT_SENT not in html
    assert "pilih lagi berkas bukti Anda" not in html
    assert list(remove_buttons(html)) == ["foto-pungli.jpg"]
    assert post(client).status_code == 302
    assert [a.original_name for a in Attachment.objects.all()] == ["foto-pungli.jpg"]


def test_an_accepted_file_is_kept_beside_a_refused_one(client: Client) -> None:
    virus = SimpleUploadedFile("virus.jpg", b"MZ\x90\x00" + b"\x00" * 200, "image/jpeg")
    response = post(client, [photo("bukti.jpg"), virus])
    html = response.content.decode()
    assert response.status_code == 400
    assert "“virus.jpg” bukan jenis berkas yang diterima" in html
    assert list(remove_buttons(html)) == ["bukti.jpg"]
    assert post(client).status_code == 302
    assert [a.original_name for a in Attachment.objects.all()] == ["bukti.jpg"]


def test_the_remove_button_removes_a_kept_file_without_a_failure_banner(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    html = post(client, [photo("salah.jpg"), pdf("kwitansi.pdf")], description="Pendek").content
    buttons = remove_buttons(html.decode())
    wrong = KeptUpload.objects.get(original_name="salah.jpg")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, remove_upload=buttons["salah.jpg"], description="Pendek")
    page = response.content.decode()
    assert response.status_code == 200
    assert NOT_SENT not in page
    assert list(remove_buttons(page)) == ["kwitansi.pdf"]
    assert re.search(r'name="evidence"[^>]*autofocus', page)  # back where files are chosen
    assert 'value="Pendek"' not in page and "Pendek" in page  # what was typed is kept
    assert not stored(wrong.file.name)
    assert post(client).status_code == 302
    assert [a.original_name for a in Attachment.objects.all()] == ["kwitansi.pdf"]


def test_at_most_five_files_in_all(client: Client) -> None:
    post(client, [photo(f"p{i}.jpg") for i in range(4)], description="Pendek")
    response = post(client, [photo("p4.jpg"), photo("p5.jpg")], description="Pendek")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Lampirkan paling banyak 5 berkas seluruhnya: 4 berkas sudah terlampir." in html
    assert KeptUpload.objects.count() == 4
    post(client, [photo("p4.jpg")], description="Pendek")
    html = post(client, description="Pendek").content.decode()
    assert "Itu jumlah terbanyak untuk satu keluhan" in html
    assert post(client).status_code == 302
    assert Attachment.objects.count() == 5


def test_kept_files_are_reached_only_with_their_forms_token(client: Client) -> None:
    post(client, [photo("milik-a.jpg")], description="Pendek", form_token="token-of-form-a-1234")
    mine = KeptUpload.objects.get()
    # Another form (another tab, another person) sees nothing and cannot remove it.
    other = post(
        Client(), description="Pendek", form_token="token-of-form-b-1234", remove_upload=mine.pk
    ).content.decode()
    assert "milik-a.jpg" not in other
    assert KeptUpload.objects.filter(pk=mine.pk).exists()
    assert post(Client(), form_token="token-of-form-b-1234").status_code == 302
    assert Complaint.objects.get().attachments.count() == 0
    assert KeptUpload.objects.filter(pk=mine.pk).exists()


def test_files_of_a_form_never_sent_are_removed_after_a_day(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    start = dt.datetime(2026, 3, 9, 10, 0, tzinfo=JAKARTA)
    with time_machine.travel(start, tick=False):
        post(client, [photo("lupa.jpg")], description="Pendek")
    kept = KeptUpload.objects.get()
    with time_machine.travel(start + dt.timedelta(hours=23), tick=False):
        assert remove_unsent_uploads.enqueue().return_value == 0
        assert "lupa.jpg" in post(client, description="Pendek").content.decode()
    with time_machine.travel(start + dt.timedelta(hours=25), tick=False):
        # Not listed any more, even before the job has run.
        assert "lupa.jpg" not in post(client, description="Pendek").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            assert remove_unsent_uploads.enqueue().return_value == 1
    assert KeptUpload.objects.count() == 0
    assert not stored(kept.file.name)


def test_a_double_submit_leaves_no_stray_file(client: Client) -> None:
    assert post(client, [photo("sekali.jpg")]).status_code == 302
    # The second click of a double click brings the same file with the same token.
    assert post(Client(), [photo("sekali.jpg")]).status_code == 302
    assert Complaint.objects.get().attachments.count() == 1
    assert KeptUpload.objects.count() == 0


def test_a_robot_that_fills_the_trap_gets_no_file_kept(client: Client) -> None:
    response = post(client, [photo()], website="http://spam.example")
    assert response.status_code == 400
    assert KeptUpload.objects.count() == 0


def test_an_address_keeps_only_as_many_files_as_its_complaints_could_carry(
    client: Client, settings: SettingsWrapper
) -> None:
    settings.COMPLAINTS_SUBMIT_RATE = "1/hour"  # one complaint: five files an hour
    post(client, [photo(f"a{i}.jpg") for i in range(5)], description="Pendek", form_token="a" * 20)
    response = post(client, [photo("b.jpg")], description="Pendek", form_token="b" * 20)
    assert "Terlalu banyak berkas dikirim dari sambungan Anda" in response.content.decode()
    assert KeptUpload.objects.count() == 5


def test_without_a_usable_form_token_the_page_says_files_must_be_chosen_again(
    client: Client,
) -> None:
    response = post(client, [photo()], form_token=None)
    assert response.status_code == 400
    assert "pilih lagi berkas bukti Anda" in response.content.decode()
    assert KeptUpload.objects.count() == 0
