"""Answering: citations, handoffs, languages, slots filled from live data, the index in step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from cegah.assistant import engine, slots
from cegah.assistant.engine import answer
from cegah.assistant.models import KnowledgeEntry, UnansweredQuestion
from cegah.assistant.tests.factories import load_seed, make_entry

pytestmark = pytest.mark.django_db


def test_an_informal_question_gets_the_entry_with_its_citations() -> None:
    load_seed()
    found = answer("amplop nikahan 1 juta harus lapor gak?")
    assert not found.handoff
    assert KnowledgeEntry.objects.get(pk=found.entry_id).slug == "amplop-pernikahan"
    assert "Rp1.500.000" in found.text  # from the rules data in force today
    assert any("Pasal 2 ayat (3)" in c.title for c in found.citations)
    assert any(c.url.endswith("/pengetahuan/amplop-pernikahan/") for c in found.citations)
    assert found.topic == "gratification"
    assert {a.kind for a in found.actions} >= {"entry"}


def test_an_off_topic_question_is_declined_without_citations() -> None:
    load_seed()
    found = answer("besok hujan gak di jakarta")
    assert found.handoff and found.citations == [] and found.entry_id is None
    assert "pencegahan korupsi" in found.text
    assert {a.kind for a in found.actions} >= {"complaint", "contact"}


def test_an_unknown_question_says_it_does_not_know_and_offers_the_forum() -> None:
    load_seed()
    found = answer("cara daftar bpjs ketenagakerjaan")
    assert found.handoff and found.citations == []
    assert "belum tahu" in found.text
    assert "forum" in {a.kind for a in found.actions}


def test_an_english_question_gets_an_english_answer() -> None:
    load_seed()
    found = answer("must I report a wedding gift?")
    assert not found.handoff
    assert "need not be reported up to Rp1,500,000" in found.text
    assert any("/en/pengetahuan/" in c.url for c in found.citations)
    assert answer("amplop nikahan wajib lapor", "en").text.startswith("Gifts at a wedding")


def test_changing_the_rules_data_changes_the_answer() -> None:
    from cegah.gratification.models import Exemption, forget_rules

    load_seed()
    exemption = Exemption.objects.get(version__short_citation="PerKPK 1/2026", letter="l")
    exemption.max_per_gift_idr = 2_000_000
    exemption.save()
    forget_rules()
    assert "Rp2.000.000" in answer("amplop nikahan wajib lapor?").text


def test_a_date_in_a_slot_reads_the_rules_of_that_day() -> None:
    assert slots.fill("[[gift_limit:l:2025-12-31]]", "id") == "Rp1.000.000"
    assert slots.fill("[[gift_limit:l]] [[report_days]] [[upg_days]]", "en") == (
        "Rp1,500,000 30 10"
    )
    assert slots.fill("[[completion_days:2025-01-01]] [[completion_days]]", "id") == "30 20"


def test_complaint_deadlines_come_from_the_complaints_app() -> None:
    from cegah.complaints import models as complaints

    assert slots.fill("[[complaint_days:response]]", "id") == str(complaints.FIRST_RESPONSE_DAYS)


def test_a_slot_that_cannot_be_filled_points_to_the_page() -> None:
    assert slots.fill("[[gift_limit:z]]", "id") == "(lihat halaman rujukan)"
    assert slots.unknown_slots("[[nope]] [[gift_limit:l]]") == ["nope"]


def test_only_live_entries_answer_and_the_index_follows_changes() -> None:
    entry = make_entry(questions_id="zebra belang di kebun binatang")
    assert answer("zebra belang kebun binatang").entry_id == entry.pk
    KnowledgeEntry.objects.filter(pk=entry.pk).update(live=False)
    engine.record_entry_change(entry.pk)
    assert answer("zebra belang kebun binatang", record=False).handoff


def test_publishing_a_revision_updates_the_index() -> None:
    entry = make_entry(questions_id="zebra belang di kebun binatang")
    entry.questions_id = "jerapah leher panjang"
    revision = entry.save_revision()
    revision.publish()
    assert answer("jerapah leher panjang").entry_id == entry.pk


def test_unanswered_questions_are_counted_without_personal_data() -> None:
    load_seed()
    answer("cara daftar bpjs ketenagakerjaan, saya Sutrisno 081234567890")
    answer("Cara daftar BPJS ketenagakerjaan??")
    row = UnansweredQuestion.objects.get()
    assert row.count == 2
    assert "081234567890" not in row.key and "sutrisno" not in row.key
    assert "bpjs" in row.key and "daftar" in row.key


@override_settings(ASSISTANT_MIN_CONFIDENCE=1.0)
def test_below_the_threshold_nothing_is_answered() -> None:
    load_seed()
    assert answer("amplop nikahan 1 juta harus lapor gak?").handoff


def test_expired_entries_are_listed_for_review() -> None:
    make_entry("lama", expires_on=dt.date(2020, 1, 1))
    make_entry("baru", expires_on=dt.date(2099, 1, 1))
    assert list(KnowledgeEntry.objects.expired().values_list("slug", flat=True)) == ["lama"]


def test_official_fees_come_from_the_fee_table() -> None:
    from cegah.services.actions import load_fees

    load_fees(actor=None)
    assert slots.fill("[[fee:skck]] [[fee:ktp-el]] [[fee:sim-c:baru]]", "id") == (
        "Rp30.000 Rp0 Rp100.000"
    )
    load_seed()
    assert "Rp30.000" in answer("biaya skck resmi brp sih").text


def test_old_unanswered_aggregates_are_purged() -> None:
    from django.utils import timezone

    from cegah.assistant.tasks import purge_old_unanswered

    old = timezone.now() - dt.timedelta(days=400)
    UnansweredQuestion.objects.create(key="lama", language="id", reason="off_topic", last_seen=old)
    UnansweredQuestion.objects.create(key="baru", language="id", reason="off_topic")
    assert purge_old_unanswered.call() == 1
    assert list(UnansweredQuestion.objects.values_list("key", flat=True)) == ["baru"]


def test_a_bad_seed_file_is_refused_naming_the_file_and_entry(tmp_path: object) -> None:
    from pathlib import Path

    from cegah.assistant.knowledge import KnowledgeFileError, read_rows

    folder = Path(str(tmp_path))
    (folder / "x.yaml").write_text(
        "topic: gratification\nentries:\n- slug: satu\n  title_id: Satu\n  title_en: One\n"
        "  q_id: [satu]\n  a_id: '[[tidak_ada]]'\n  a_en: x\n  cite: ['S | https://x.id/']\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeFileError, match=r"x.yaml, entry 1 \(satu\): unknown slots"):
        read_rows(folder)


def test_integrity_figures_come_from_the_published_scores() -> None:
    """The national series, the bands of a survey year and the top provinces are read from
    the integrity app's approved figures at answer time, never copied into an answer."""
    from cegah.integrity.loading import load_published
    from cegah.integrity.models import NationalIndex

    load_published()
    assert slots.fill("[[national_series:spi:2024]]", "id") == "71,53 (2024) dan 72,32 (2025)"
    assert slots.fill("[[national_series:mcp:2023]]", "en") == "75.13 (2023) and 76 (2024)"
    assert slots.fill("[[bands:spi:2024]]", "id") == (
        "Rentan 0 sampai di bawah 73, Waspada 73 sampai di bawah 78 dan Terjaga 78–100"
    )
    assert slots.fill("[[top_provinces:spi:2024:2]]", "id") == (
        "Provinsi Jawa Tengah (79,47) dan Provinsi Bali (77,97)"
    )
    NationalIndex.objects.filter(instrument="spi", year=2025).update(index="73.10")
    assert slots.fill("[[spi_national]]", "en") == "73.1 (2025)"
