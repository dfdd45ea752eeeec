"""The whole campaign flow through the HTTP layer, as people and API clients use it.

Klaten's campaign manager creates a campaign from its circular letter, plans its days, imports
the participants (first a file with bad rows, then a dry run, then the clean file through the
API, and one more through the upload page) and publishes it. A participant opens her personal
link from the links CSV, shares her short link (which is followed and counted) and confirms
twice (one record). When the reminder time has passed, only those who have not confirmed get
one reminder, once. The dashboard, the stats API and the XLSX and PDF reports carry the same
numbers. Another participant's link shows nothing of the first, an administrator of another
agency gets 404 everywhere and the head of one unit sees only that unit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from html import unescape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.tasks import TaskResultStatus
from django.test import Client
from pytest_django.fixtures import Settings as SettingsWrapper

from cegah.campaigns import tasks
from cegah.campaigns.models import Campaign, Click, Participant, Share, Status
from cegah.campaigns.tests.conftest import People
from cegah.campaigns.tests.factories import make_video, token_for
from cegah.campaigns.tests.test_campaigns import login, pdf_bytes
from cegah.campaigns.tests.test_report import pdf_text, row_of, sheet_rows
from cegah.messaging.models import OutboxMessage

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
SITE = "https://cegah.example"
CAPTIONS = {
    "2024-04-24": "Hari 1: layanan publik gratis, tolak suap! #TolakGratifikasi",
    "2024-04-25": "Hari 2: laporkan pungutan liar.",
    "2024-04-26": "Hari 3: ASN Klaten berintegritas.",
}

# A campaign day that has not come yet, as the dashboard and the report say it.
NOT_YET = "belum berlangsung"
HEADER = "nip,name,unit_code,phone,email\n"
SRI = "198805122015032004,Sri Wahyuni,klaten-disdik,0812-3456-7890,sri@example.org\n"
AGUS = "199001012015031002,Agus Setiawan,klaten-disdik,,agus@example.org\n"
DEWI = "197501012000031001,Dewi Lestari,klaten-dinkes,0813-1111-2222,\n"
BUDI = "198203152008011003,Budi Santoso,klaten-dinkes,0856-4321-0987,\n"
BAD_FILE = (
    HEADER
    + SRI  # line 2: fine
    + "19880512201503200,Kurang Satu,klaten-disdik,,\n"  # line 3: 17 digits
    + "199001012015031002,,klaten-dinkes,12345,bukan-email\n"  # line 4: three problems
    + "197501012000031001,Dewi Lestari,pemprov-bali,,\n"  # line 5: not a target
)
CLEAN_FILE = HEADER + SRI + AGUS + DEWI


class Tables(HTMLParser):
    """The text of every table cell, as tables → rows → cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(page: str) -> list[list[list[str]]]:
    parser = Tables()
    parser.feed(page)
    return parser.tables


def import_file(
    client: Client, campaign: Campaign, token: dict[str, str], content: str, **data: str
) -> Any:
    return client.post(
        f"/api/v1/campaigns/{campaign.pk}/participants/import",
        {"file": SimpleUploadedFile("peserta.csv", content.encode()), **data},
        headers=token,
    )


def run(job: Any) -> Any:
    """Run a periodic job as the worker would (the test settings run jobs at once)."""
    result = job.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL, result.errors
    return result.return_value


def path_of(url: str) -> str:
    return urlsplit(url).path


@pytest.fixture(autouse=True)
def _messaging(settings: SettingsWrapper) -> None:
    settings.SITE_URL = SITE
    # Never wait for a channel's rate while the clock is frozen.
    settings.MESSAGING_RATES = {c: "1000/second" for c in ("email", "whatsapp", "telegram")}


def test_a_campaign_runs_from_circular_letter_to_report_and_each_person_sees_only_their_part(
    client: Client, people: People
) -> None:
    manager, unit_a, unit_b = people.manager, people.p.unit_a, people.unit_b
    api = token_for(manager)

    # 1. The campaign manager fills in the form with the circular letter and the targets.
    login(client, manager)
    form = client.get("/kampanye/baru/").content.decode()
    form_token = re.search(r'name="form_token" value="([^"]+)"', form)
    assert form_token is not None
    response = client.post(
        "/kampanye/baru/",
        {
            "organiser": people.p.agency_a.pk,
            "title": "Kampanye Antikorupsi Klaten",
            "goal": "Semua ASN memasang status WhatsApp antikorupsi.",
            "circular_number": "B/700/127/11",
            "circular_date": "2024-04-04",
            "circular_signatory": "Sekretaris Daerah Kabupaten Klaten",
            "starts_on": "2024-04-24",
            "ends_on": "2024-04-26",
            "reminder_time": "10:00",
            # As the browser sends it: every reminder channel is ticked by default.
            "reminder_channels": ["whatsapp", "telegram", "email"],
            "channels": ["whatsapp_status", "instagram"],
            "groups": ["asn"],
            "targets": [unit_a.pk, unit_b.pk],
            "form_token": form_token.group(1),
            "circular_file": SimpleUploadedFile("se.pdf", pdf_bytes()),
        },
        follow=True,
    )
    campaign = Campaign.objects.get()
    assert response.redirect_chain == [(f"/kampanye/{campaign.pk}/kelola/", 302)]
    detail = response.content.decode()
    assert "Kampanye tersimpan sebagai draf." in detail
    assert "B/700/127/11" in detail and campaign.circular_pdf.url in detail
    assert campaign.status == Status.DRAFT
    assert campaign.reminder_time == dt.time(10, 0)
    assert {t.code for t in campaign.targets.all()} == {"klaten-disdik", "klaten-dinkes"}

    # 2. Publishing without a schedule is refused; then every day gets its material.
    client.post(f"/kampanye/{campaign.pk}/status/publish/")
    campaign.refresh_from_db()
    assert campaign.status == Status.DRAFT
    video = make_video(people.p.agency_a)
    for day, caption in CAPTIONS.items():
        response = client.post(
            f"/kampanye/{campaign.pk}/jadwal/",
            {"day": day, "items": [video.pk], "caption": caption},
            follow=True,
        )
        assert "Jadwal tersimpan." in response.content.decode()
    assert [(d.day.isoformat(), d.caption) for d in campaign.schedule.all()] == list(
        CAPTIONS.items()
    )

    # 3. The API refuses a file with bad rows, naming each line and column; nothing is stored.
    response = import_file(client, campaign, api, BAD_FILE)
    assert response.status_code == 422
    body = response.json()
    # The API's one error shape, in Indonesian by default (no Accept-Language).
    assert body["detail"] == "Berkas mengandung kesalahan; tidak ada yang diimpor."
    assert body["code"] == "invalid"
    assert [(e["line"], e["column"], e["msg"]) for e in body["errors"]] == [
        (3, "nip", "NIP terdiri atas tepat 18 digit."),
        (4, "name", "Nama belum diisi."),
        (4, "phone", "Masukkan nomor telepon Indonesia, misalnya 0812 3456 7890."),
        (4, "email", "Masukkan alamat email yang valid."),
        (5, "unit_code", "“pemprov-bali” bukan salah satu instansi sasaran kampanye."),
    ]
    assert not Participant.objects.exists()

    # 4. A dry run of the corrected file counts it and stores nothing; the real run stores it.
    response = import_file(client, campaign, api, CLEAN_FILE, dry_run="true")
    assert response.status_code == 200
    assert response.json() == {
        "dry_run": True,
        "rows": 3,
        "participants": 3,
        "duplicates_merged": 0,
        "created": 0,
        "updated": 0,
    }
    assert not Participant.objects.exists()
    response = import_file(client, campaign, api, CLEAN_FILE)
    assert response.status_code == 200
    assert response.json() == {
        "dry_run": False,
        "rows": 3,
        "participants": 3,
        "duplicates_merged": 0,
        "created": 3,
        "updated": 0,
    }
    assert sorted(
        campaign.participants.values_list("nip", "name", "agency__code", "phone", "email")
    ) == [
        ("197501012000031001", "Dewi Lestari", "klaten-dinkes", "+6281311112222", ""),
        ("198805122015032004", "Sri Wahyuni", "klaten-disdik", "+6281234567890", "sri@example.org"),
        ("199001012015031002", "Agus Setiawan", "klaten-disdik", "", "agus@example.org"),
    ]

    # 5. One latecomer is added through the upload page.
    assert client.get(f"/kampanye/{campaign.pk}/peserta/impor/").status_code == 200
    response = client.post(
        f"/kampanye/{campaign.pk}/peserta/impor/",
        {"file": SimpleUploadedFile("susulan.csv", (HEADER + BUDI).encode())},
        follow=True,
    )
    assert response.redirect_chain == [(f"/kampanye/{campaign.pk}/kelola/", 302)]
    detail = response.content.decode()
    assert "1 peserta ditambahkan, 0 diperbarui." in detail
    assert "4 peserta." in detail
    assert campaign.participants.get(nip="198203152008011003").agency == unit_b

    # 6. Publishing now succeeds; on the first day itself, the campaign runs at once.
    response = client.post(f"/kampanye/{campaign.pk}/status/publish/", follow=True)
    assert "Status kampanye sudah diubah." in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == Status.RUNNING

    # 7. The organiser downloads the personal links and sends each participant theirs.
    response = client.get(f"/kampanye/{campaign.pk}/peserta/tautan.csv")
    assert response.status_code == 200
    links = {row["Nama"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert set(links) == {"Sri Wahyuni", "Agus Setiawan", "Dewi Lestari", "Budi Santoso"}
    sri_short = links["Sri Wahyuni"]["Tautan pendek"]
    dewi_short = links["Dewi Lestari"]["Tautan pendek"]

    # 8. Sri opens her page (no login): today's material, her short link in the caption.
    client.logout()
    sri_page_url = path_of(links["Sri Wahyuni"]["Tautan pribadi"])
    response = client.get(sri_page_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sri Wahyuni" in page and "Dinas Pendidikan Kabupaten Klaten" in page
    assert CAPTIONS["2024-04-24"] in page and CAPTIONS["2024-04-25"] not in page
    text = f"{CAPTIONS['2024-04-24']}\n\n{sri_short}"
    assert f'href="https://wa.me/?text={quote(text, safe="")}"' in page
    caption_box = re.search(r'<textarea id="caption-text"[^>]*>(.*?)</textarea>', page, re.S)
    assert caption_box is not None and unescape(caption_box.group(1)) == text  # to copy
    assert "Bagikan ke status saya" in page and "Sudah saya bagikan" in page
    assert "Cara memasangnya di status WhatsApp Anda" in page  # the guide, without script
    assert dewi_short not in page

    # 9. Her contacts follow her short link: counted per visitor, leading to the public page.
    for ip in ("203.0.113.10", "203.0.113.10", "198.51.100.20"):
        response = client.get(path_of(sri_short), REMOTE_ADDR=ip, HTTP_USER_AGENT="Ponsel")
        assert response.status_code == 302
        assert response["Location"] == f"/kampanye/{campaign.pk}/"
    landing = client.get(f"/kampanye/{campaign.pk}/").content.decode()
    assert "Kampanye Antikorupsi Klaten" in landing
    assert "Materi hari ini" in landing and CAPTIONS["2024-04-24"] in landing  # the day's material
    client.get(path_of(dewi_short), REMOTE_ADDR="192.0.2.30", HTTP_USER_AGENT="Ponsel")

    # 10. "Sudah saya bagikan", tapped twice: one record.
    shown_day = re.search(r'name="day" value="([^"]+)"', page)  # the form's hidden field
    assert shown_day is not None and shown_day.group(1) == "2024-04-24"
    confirmation = {"day": shown_day.group(1), "channel": "whatsapp_status"}
    first = client.post(sri_page_url, confirmation, follow=True).content.decode()
    assert "Terima kasih! Bagikan Anda sudah tercatat." in first
    second = client.post(sri_page_url, confirmation, follow=True).content.decode()
    assert "Anda sudah mengonfirmasi ini; tercatat sekali saja." in second
    assert "Sudah tercatat hari ini: Status WhatsApp" in second
    share = Share.objects.get()
    assert (share.participant.name, share.day, share.channel) == (
        "Sri Wahyuni",
        dt.date(2024, 4, 24),
        "whatsapp_status",
    )

    # 11. The clock has nothing left to start; before 10:00 nobody is reminded.
    assert run(tasks.advance_campaigns) == {"started": 0, "finished": 0}
    assert run(tasks.plan_campaign_reminders) == 0
    assert not OutboxMessage.objects.exists() and not mail.outbox

    # 12. After 10:00 those who have not confirmed get one reminder each; Sri gets none.
    with time_machine.travel(dt.datetime(2024, 4, 24, 10, 5, tzinfo=JAKARTA), tick=False):
        assert run(tasks.plan_campaign_reminders) == 3
        assert run(tasks.plan_campaign_reminders) == 0
    whatsapp = {m.recipient: m for m in OutboxMessage.objects.filter(channel="whatsapp")}
    assert set(whatsapp) == {"+6281311112222", "+6285643210987"}  # Dewi, Budi
    assert [m.to for m in mail.outbox] == [["agus@example.org"]]
    assert OutboxMessage.objects.count() == 2
    dewi_reminder = whatsapp["+6281311112222"].body
    assert dewi_reminder.startswith("Halo Dewi Lestari,")
    assert SITE + path_of(dewi_short) in dewi_reminder  # her short link, for the caption

    # 13. Dewi opens the link in her reminder: her own page, nothing of Sri's.
    link = re.search(rf"{re.escape(SITE)}(/kampanye/saya/\S+/)", dewi_reminder)
    assert link is not None
    with time_machine.travel(dt.datetime(2024, 4, 24, 10, 10, tzinfo=JAKARTA), tick=False):
        response = client.get(link.group(1))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Dewi Lestari" in page and "Dinas Kesehatan Kabupaten Klaten" in page
        assert "Sri Wahyuni" not in page and "198805122015032004" not in page
        assert path_of(sri_short) not in page and path_of(dewi_short) in page
        assert "Sudah tercatat hari ini" not in page
        response = client.post(link.group(1), {"day": "2024-04-24", "channel": "instagram"})
        assert response.status_code == 302
        # She confirmed after her reminder: planning again sends nothing to anybody.
        assert run(tasks.plan_campaign_reminders) == 0
    assert OutboxMessage.objects.count() == 2 and len(mail.outbox) == 1
    assert Share.objects.count() == 2

    # 14. The stats API: 4 participants, 2 confirmed today, 4 clicks by 3 visitors.
    stats = client.get(f"/api/v1/campaigns/{campaign.pk}/stats", headers=api).json()
    assert (stats["participants"], stats["clicks"], stats["unique_visitors"]) == (4, 4, 3)
    assert stats["totals"][0] == {
        "day": "2024-04-24",
        "reached": True,
        "confirmed": 2,
        "percent": 50.0,
    }
    per_agency_api = [
        (a["code"], a["participants"], [d["confirmed"] for d in a["days"]], a["clicks"])
        for a in stats["agencies"]
    ]
    assert per_agency_api == [
        ("klaten-dinkes", 2, [1, None, None], 1),
        ("klaten-disdik", 2, [1, None, None], 3),
    ]
    assert Click.objects.filter(participant__name="Sri Wahyuni").count() == 2

    # 15. The dashboard shows the same numbers, and who has not confirmed today.
    login(client, manager)
    page = client.get(f"/kampanye/{campaign.pk}/dasbor/").content.decode()
    per_agency, *_rest, missing = tables(page)
    assert per_agency == [
        ["Instansi", "Peserta", "24 Apr", "25 Apr", "26 Apr", "Klik"],
        ["Dinas Kesehatan Kabupaten Klaten", "2", "1 (50,0%)", NOT_YET, NOT_YET, "1"],
        ["Dinas Pendidikan Kabupaten Klaten", "2", "1 (50,0%)", NOT_YET, NOT_YET, "3"],
        ["Jumlah", "4", "2 (50,0%)", NOT_YET, NOT_YET, "4"],
    ]
    assert sorted(row[1] for row in missing[1:]) == ["Agus Setiawan", "Budi Santoso"]

    # 16. The XLSX report carries them.
    response = client.get(f"/kampanye/{campaign.pk}/laporan.xlsx")
    assert response.status_code == 200
    rows = sheet_rows(response.content)
    assert row_of(rows, "Nomor surat edaran")[1] == "B/700/127/11"
    assert row_of(rows, "klaten-disdik") == (
        "klaten-disdik", "Dinas Pendidikan Kabupaten Klaten", 2, 1, 50.0,
        NOT_YET, None, NOT_YET, None, 3, 2,
    )  # fmt: skip
    assert row_of(rows, "klaten-dinkes") == (
        "klaten-dinkes", "Dinas Kesehatan Kabupaten Klaten", 2, 1, 50.0,
        NOT_YET, None, NOT_YET, None, 1, 1,
    )  # fmt: skip
    assert row_of(rows, None, "Jumlah")[2:] == (4, 2, 50.0, NOT_YET, None, NOT_YET, None, 4, 3)

    # 17. And so does the PDF.
    response = client.get(f"/kampanye/{campaign.pk}/laporan.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Laporan Pelaksanaan Kampanye" in text and "B/700/127/11" in text
    assert "Dinas Pendidikan Kabupaten Klaten" in text
    assert "Dinas Kesehatan Kabupaten Klaten" in text
    assert "1 (50,0%)" in text and "2 (50,0%)" in text

    # 18. An administrator of another agency gets a 404 for every part of it.
    login(client, people.p.officer_b)
    for path in ["kelola/", "dasbor/", "laporan.xlsx", "laporan.pdf", "peserta/tautan.csv"]:
        assert client.get(f"/kampanye/{campaign.pk}/{path}").status_code == 404, path
    other = token_for(people.p.officer_b)
    assert client.get(f"/api/v1/campaigns/{campaign.pk}/stats", headers=other).status_code == 404
    assert import_file(client, campaign, other, HEADER + BUDI).status_code == 404

    # 19. The head of Dinas Pendidikan sees only that unit, on the dashboard and in the API.
    login(client, people.head_a)
    page = client.get(f"/kampanye/{campaign.pk}/dasbor/").content.decode()
    per_agency, *_rest, missing = tables(page)
    assert per_agency[1:] == [
        ["Dinas Pendidikan Kabupaten Klaten", "2", "1 (50,0%)", NOT_YET, NOT_YET, "3"],
        ["Jumlah", "2", "1 (50,0%)", NOT_YET, NOT_YET, "3"],
    ]
    assert [row[1] for row in missing[1:]] == ["Agus Setiawan"]
    assert "Dinas Kesehatan" not in page and "Budi Santoso" not in page
    stats = client.get(
        f"/api/v1/campaigns/{campaign.pk}/stats", headers=token_for(people.head_a)
    ).json()
    assert [a["code"] for a in stats["agencies"]] == ["klaten-disdik"]
    assert (stats["participants"], stats["clicks"], stats["unique_visitors"]) == (2, 3, 2)
    assert stats["totals"][0] == {
        "day": "2024-04-24",
        "reached": True,
        "confirmed": 1,
        "percent": 50.0,
    }
    assert client.get(f"/kampanye/{campaign.pk}/peserta/tautan.csv").status_code == 404
