"""The fee check pages as people use them."""

from __future__ import annotations

import datetime as dt
from html import unescape

import pytest
import time_machine
from django.test import Client

from cegah.regions.actions import ensure_region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fees")]


def page(client: Client, url: str, **params: str) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_the_empty_form_asks_in_plain_words(client: Client) -> None:
    html = page(client, "/cek-biaya/")
    assert 'name="q"' in html and 'method="get"' in html
    assert "Cek biaya layanan" in html


@time_machine.travel(dt.datetime(2026, 6, 1, 3, tzinfo=dt.UTC), tick=False)
def test_a_sim_question_shows_the_fee_what_it_leaves_out_and_the_regulation(client: Client) -> None:
    html = page(client, "/cek-biaya/", q="bikin SIM A berapa?")
    assert "SIM A (mobil)" in html
    assert "Rp120.000" in html and "Rp80.000" in html
    assert "tes psikologi" in html  # what it does not cover
    assert "PP 76/2020" in html and "Lampiran" in html
    assert "Pasti:" in html  # confidence in plain words
    assert html.index("Rp120.000") < html.index("Rp80.000")  # the new licence first


def test_a_free_document_says_gratis_large(client: Client) -> None:
    html = page(client, "/cek-biaya/", q="akta kelahiran bayar?")
    assert "GRATIS" in html and "(Rp0)" in html
    assert "Pasal 79A" in html
    assert "tanda bahaya" in html


def test_the_english_page_answers_in_english(client: Client) -> None:
    html = page(client, "/en/cek-biaya/", q="birth certificate fee")
    assert "Birth certificate" in html and "FREE" in html


def test_a_day_before_the_service_existed_is_not_priced(client: Client) -> None:
    html = page(client, "/cek-biaya/", q="paspor", tanggal="2019-05-02")
    assert "Tidak ada biaya resmi tercatat" in html


def test_an_unsure_fee_carries_a_warning(client: Client) -> None:
    html = page(client, "/cek-biaya/", q="bikin nib di oss", tanggal="2026-01-10")
    assert "Belum pasti" in html
    assert "tanda bahaya" not in html  # an unsure "free" is not a red flag


def test_the_amount_asked_is_compared_and_carried_to_the_complaint(client: Client) -> None:
    html = page(client, "/cek-biaya/", q="skck", diminta="35000", tanggal="2026-01-10")
    assert "Rp5.000 lebih" in html
    assert "/keluhan/baru/?layanan=skck&biaya_resmi=30000&diminta=35000" in html


def test_a_region_that_does_not_exist_is_refused_and_the_question_kept(client: Client) -> None:
    ensure_region("33.10")
    html = page(client, "/cek-biaya/", q="skck", wilayah="99.99")
    assert "Tidak ada wilayah dengan kode ini" in html
    assert 'value="skck"' in html


def test_an_unknown_question_says_so(client: Client) -> None:
    html = page(client, "/cek-biaya/", q="xyzzy qwerty")
    assert "Kami belum mengenali layanan ini" in html


def test_the_service_list_and_an_unknown_service(client: Client) -> None:
    html = page(client, "/cek-biaya/layanan/")
    assert ("Paspor biasa" in html and "Kepolisian" in html) or "Polisi" in html
    assert client.get("/cek-biaya/layanan/tidak-ada/").status_code == 404
