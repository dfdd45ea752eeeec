""" "Periksa pesan" finds published verdicts by the claim, the headline and the known
wordings, in the words and abbreviations people use, among every published claim."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from cegah.factchecks import actions
from cegah.factchecks.matching import COLLECTION, check_message
from cegah.factchecks.models import Claim, Status, Verdict
from cegah.factchecks.tests.factories import (
    HOAX_FORWARDED,
    OTHER,
    VERDICT,
    FactPeople,
    published,
    submit,
)
from cegah.search.engine import record_changes

pytestmark = pytest.mark.django_db

NO_MATCH = "Belum ada putusan yang cocok dengan pesan ini"


def check(client: Client, text: str) -> str:
    response = client.get("/cek-fakta/periksa/", {"q": text})
    assert response.status_code == 200
    return response.content.decode()


def test_pasting_the_exact_published_claim_shows_its_verdict(
    client: Client, people: FactPeople
) -> None:
    claim = published(people.checker_kpk)
    html = check(client, VERDICT["claim_text"])
    assert NO_MATCH not in html
    assert "Satu putusan cocok" in html
    assert f'href="/cek-fakta/{claim.slug}/"' in html
    assert "Hoaks/Salah" in html


def test_pasting_the_headline_shows_the_verdict(client: Client, people: FactPeople) -> None:
    claim = published(people.checker_kpk)
    assert f'href="/cek-fakta/{claim.slug}/"' in check(client, VERDICT["headline"])


def test_a_paraphrase_with_abbreviations_shows_the_verdict(
    client: Client, people: FactPeople
) -> None:
    claim = published(people.checker_kpk)
    html = check(client, "Katanya kades wajib setor 5 jt ke petugas KPK, benar gak?")
    assert f'href="/cek-fakta/{claim.slug}/"' in html


def test_a_known_wording_in_other_words_shows_the_verdict(
    client: Client, people: FactPeople
) -> None:
    claim = published(
        people.checker_bali,
        OTHER,
        verdict=Verdict.FALSE,
        claim_text="Guru honorer dipecat bila menerima parsel Lebaran dari wali murid.",
        headline="Tidak ada aturan pemecatan guru karena parsel",
        variants="Pemda potong THR ASN yang terima parsel dari ortu murid\nBansos guru dicabut",
    )
    html = check(
        client,
        "Info: pemerintah daerah memotong tunjangan hari raya aparatur sipil negara "
        "yang menerima parsel dari ortu murid!!",
    )
    assert f'href="/cek-fakta/{claim.slug}/"' in html


def test_a_message_on_a_neighbouring_topic_is_not_given_the_verdict(
    client: Client, people: FactPeople
) -> None:
    published(people.checker_kpk)
    assert NO_MATCH in check(client, OTHER)
    assert NO_MATCH in check(client, "korupsi")


def test_a_withdrawn_verdict_is_no_longer_found(client: Client, people: FactPeople) -> None:
    claim = published(people.checker_kpk)
    assert NO_MATCH not in check(client, VERDICT["claim_text"])
    actions.unpublish_verdict(actor=people.checker_kpk, claim=claim, reason="Koreksi")
    assert NO_MATCH in check(client, VERDICT["claim_text"])


def test_the_oldest_of_thousands_of_published_claims_is_found(
    client: Client, people: FactPeople
) -> None:
    now = timezone.now()
    old = published(people.checker_kpk)
    Claim.objects.filter(pk=old.pk).update(published_at=now - dt.timedelta(days=3 * 365))
    others = Claim.objects.bulk_create(
        Claim(
            status=Status.DONE,
            claim_text=f"Pesan berantai nomor {n} tentang undian berhadiah mobil dari bank {n}",
            headline=f"Undian palsu nomor {n}",
            verdict=Verdict.FALSE,
            slug=f"undian-{n}",
            published_at=now - dt.timedelta(minutes=n),
            created_at=now - dt.timedelta(minutes=n),
        )
        for n in range(2100)
    )
    record_changes(COLLECTION, [c.pk for c in others])

    found = check_message(VERDICT["claim_text"])
    assert [m.claim.pk for m in found] == [old.pk]
    assert found[0].score == 1.0


def test_a_message_that_joins_a_published_claim_becomes_a_known_wording(
    client: Client, people: FactPeople
) -> None:
    claim = published(people.checker_kpk)
    asked = "petugas membawa kuitansi palsu bercap KPK minta setoran kepala desa"
    assert NO_MATCH in check(client, asked)
    forwarded = HOAX_FORWARDED + "\nTambahan: petugas datang membawa kuitansi palsu bercap KPK."
    assert submit(forwarded).claim_id == claim.pk  # grouped by its near-identical text
    assert f'href="/cek-fakta/{claim.slug}/"' in check(client, asked)


def test_refreshing_the_terms_after_a_synonym_change_is_idempotent(people: FactPeople) -> None:
    claim = published(people.checker_kpk)
    Claim.objects.filter(pk=claim.pk).update(match_terms="usang")
    out = StringIO()
    call_command("refresh_match_terms", "--dry-run", stdout=out)
    assert out.getvalue().strip() == "[dry run] 1 published claims read, 1 changed"
    assert Claim.objects.get(pk=claim.pk).match_terms == "usang"
    call_command("refresh_match_terms", stdout=out)
    assert "kades" in Claim.objects.get(pk=claim.pk).match_terms
    out = StringIO()
    call_command("refresh_match_terms", stdout=out)
    assert out.getvalue().strip() == "1 published claims read, 0 changed"
