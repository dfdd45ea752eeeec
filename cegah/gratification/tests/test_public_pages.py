"""The public pages: the exemptions list and the step-by-step check."""

from __future__ import annotations

from typing import Any

from django.test import Client

from cegah.gratification.tests.factories import assess
from cegah.test import Personas

WEDDING = {
    "received_on": "2026-06-10",
    "form": "money",
    "kind": "gift",
    "value_idr": "1200000",
    "giver_relation": "other",
    "occasion": "wedding",
    "same_giver_total_this_year_idr": "",
}
CONTRACTOR = {
    "received_on": "2026-03-13",
    "form": "money",
    "kind": "gift",
    "value_idr": "2000000",
    "giver_relation": "business_partner",
    "occasion": "religious_holiday",
    "same_giver_total_this_year_idr": "",
    "conflict_of_interest": "on",
}


def test_the_exemptions_page_lists_the_2026_letters_in_force_today(client: Client) -> None:
    response = client.get("/gratifikasi/pengecualian/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Peraturan KPK Nomor 1 Tahun 2026" in html
    assert 'id="huruf-l"' in html and "Rp1.500.000" in html
    assert "Dihapus dalam versi ini." in html
    assert html.count('class="card" id="huruf-') == 17
    assert (
        '<cite lang="id">Pasal 2 ayat (3) huruf h Peraturan KPK Nomor 2 Tahun 2019 sebagaimana diubah '
        "dengan Peraturan KPK Nomor 1 Tahun 2026</cite>"
    ) in html


def test_the_2019_version_is_reachable_by_its_effective_date(client: Client) -> None:
    response = client.get("/en/gratifikasi/pengecualian/?versi=2019-10-17")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Peraturan KPK Nomor 2 Tahun 2019" in html
    assert "At most Rp1,000,000 per gift from one giver." in html
    assert "This is not the version in force today." in html
    assert (
        '<cite lang="id">Pasal 2 ayat (3) huruf h Peraturan KPK Nomor 2 Tahun 2019</cite>' in html
    )


def test_an_unknown_version_is_a_404(client: Client) -> None:
    assert client.get("/gratifikasi/pengecualian/?versi=2020-01-01").status_code == 404
    assert client.get("/gratifikasi/pengecualian/?versi=rubbish").status_code == 404


def test_the_check_starts_with_the_first_step_in_indonesian(client: Client) -> None:
    html = client.get("/gratifikasi/cek/").content.decode()
    assert "Langkah 1 dari 3" in html
    assert 'name="received_on"' in html and 'method="get"' in html


def test_a_step_with_a_future_date_is_shown_again_with_the_error(client: Client) -> None:
    response = client.get(
        "/en/gratifikasi/cek/",
        {"langkah": 2, "received_on": "2027-01-01", "form": "money", "value_idr": "5"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Step 1 of 3" in html and "The date cannot be in the future." in html


def test_each_step_carries_the_earlier_answers_in_hidden_fields(client: Client) -> None:
    step1 = {k: WEDDING[k] for k in ("received_on", "form", "kind", "value_idr")}
    html = client.get("/gratifikasi/cek/", {"langkah": 2, **step1}).content.decode()
    assert "Langkah 2 dari 3" in html
    assert '<input type="hidden" name="value_idr" value="1200000">' in html
    html = client.get("/gratifikasi/cek/", {"langkah": 3, **WEDDING}).content.decode()
    assert "Langkah 3 dari 3" in html
    assert '<input type="hidden" name="occasion" value="wedding">' in html
    assert 'action="/gratifikasi/cek/hasil/"' in html


def test_going_back_keeps_the_answers(client: Client) -> None:
    html = client.get("/gratifikasi/cek/", {"langkah": 1, **WEDDING}).content.decode()
    assert 'value="1200000"' in html and 'value="2026-06-10"' in html


def test_a_wedding_gift_of_rp1200000_in_2026_needs_no_report_under_letter_l(
    client: Client,
) -> None:
    response = client.get("/en/gratifikasi/cek/hasil/", WEDDING)
    html = response.content.decode()
    assert response.status_code == 200
    assert "You do not need to report this gift." in html
    assert (
        '<cite lang="id">Pasal 2 ayat (3) huruf l Peraturan KPK Nomor 2 Tahun 2019 sebagaimana diubah '
        "dengan Peraturan KPK Nomor 1 Tahun 2026</cite>"
    ) in html
    assert "Report this gift" not in html
    assert 'id="deadline-passed"' not in html


def test_a_contractors_lebaran_money_must_be_reported_with_the_apis_deadlines(
    client: Client,
) -> None:
    api = assess(
        client,
        received_on="2026-03-13",
        form="money",
        value_idr=2_000_000,
        giver_relation="business_partner",
        occasion="religious_holiday",
        conflict_of_interest=True,
    )
    html = client.get("/en/gratifikasi/cek/hasil/", CONTRACTOR).content.decode()
    assert "You must report this gift." in html
    assert api["deadline"] == "2026-05-05" and api["upg_deadline"] == "2026-04-06"
    assert '<span id="deadline">May 5, 2026</span>' in html
    assert '<span id="upg-deadline">April 6, 2026</span>' in html
    assert "the prosecutor would have to prove it was a bribe" in html
    for sentence in api["reasons"] + api["advice"]:
        assert sentence.replace("'", "&#x27;") in html


def test_anonymous_visitors_are_asked_to_log_in_to_report(client: Client) -> None:
    html = client.get("/gratifikasi/cek/hasil/", CONTRACTOR).content.decode()
    assert "Anda harus melaporkan gratifikasi ini." in html
    assert "/akun/login/?next=/gratifikasi/laporan/baru/%3F" in html


def test_a_signed_in_civil_servant_gets_a_button_into_a_prefilled_report(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.asn_a)
    response = client.get("/gratifikasi/cek/hasil/", CONTRACTOR)
    link = response.context["report_url"]
    assert link.startswith("/gratifikasi/laporan/baru/?received_on=2026-03-13")
    form = client.get(link).context["form"]
    initial: dict[str, Any] = form.initial
    assert initial["value_idr"] == 2_000_000 and initial["occasion"] == "religious_holiday"
    assert initial["giver_relation"] == "business_partner"
    assert initial["conflict_of_interest"] is True


def test_a_result_with_missing_answers_goes_back_to_the_step_that_misses_them(
    client: Client,
) -> None:
    answers = {k: v for k, v in WEDDING.items() if k != "occasion"}
    response = client.get("/en/gratifikasi/cek/hasil/", answers)
    assert response.status_code == 400
    assert "Step 2 of 3" in response.content.decode()


def test_the_english_pages_show_english_titles_and_steps(client: Client) -> None:
    html = client.get("/en/gratifikasi/pengecualian/").content.decode()
    assert "Gifts at an engagement, wedding, birth" in html
    assert "Deleted in this version." in html
    html = client.get("/en/gratifikasi/cek/").content.decode()
    assert "Step 1 of 3" in html and "When did you receive it?" in html
    assert "Next step" in html


def test_the_indonesian_exemptions_page_shows_indonesian_titles(client: Client) -> None:
    html = client.get("/gratifikasi/pengecualian/").content.decode()
    assert "Pemberian karena hubungan keluarga" in html


def _section(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</section>", start)]


def test_a_passed_deadline_is_the_headline_with_what_was_missed_and_what_to_do_now(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.asn_a)
    html = client.get("/gratifikasi/cek/hasil/", CONTRACTOR).content.decode()
    # The headline comes before the answer card and the lists.
    assert html.index('id="deadline-passed"') < html.index('id="answer"')
    headline = _section(html, "deadline-passed")
    assert "Batas waktu pelaporan gratifikasi ini sudah lewat pada 5 Mei 2026." in headline
    assert "Anda menerimanya pada 13 Maret 2026" in headline
    assert "30 hari kerja" in headline
    assert "Laporan yang terlambat tetap diterima." in headline
    assert "Apa yang harus dilakukan sekarang" in headline
    assert 'href="/gratifikasi/laporan/baru/?received_on=2026-03-13' in headline
    # Not a bullet among the advice any more, and the dates are marked as passed.
    advice = html[html.index('id="advice"') :]
    assert "sudah lewat" not in advice[: advice.index("</ul>")]
    assert html.count("(sudah lewat)") == 2


def test_only_the_upg_deadline_passed_says_to_report_to_kpk_directly(client: Client) -> None:
    # Received Monday 2 Nov 2026: the UPG's 10 working days ended on 16 Nov, KPK's 30 run on.
    answers = {**CONTRACTOR, "received_on": "2026-11-02"}
    html = client.get("/en/gratifikasi/cek/hasil/", answers).content.decode()
    assert 'id="deadline-passed"' not in html
    assert (
        "The deadline to report it through your agency's gratification unit (UPG) passed "
        "on Nov. 16, 2026. Report it directly to KPK by Dec. 14, 2026."
    ) in html


def test_a_must_report_answer_cites_pasal_12b_and_12c_as_its_legal_basis(client: Client) -> None:
    html = client.get("/gratifikasi/cek/hasil/", CONTRACTOR).content.decode()
    basis = html[html.index('id="legal-basis"') :]
    basis = basis[: basis.index("</ul>")]
    assert (
        '<cite lang="id">Pasal 12B dan Pasal 12C Undang-Undang Nomor 31 Tahun 1999 tentang Pemberantasan '
        "Tindak Pidana Korupsi sebagaimana diubah dengan Undang-Undang Nomor 20 Tahun 2001</cite>"
    ) in basis
    assert (
        '<cite lang="id">Pasal 2 ayat (1) Peraturan KPK Nomor 2 Tahun 2019 sebagaimana diubah dengan '
        "Peraturan KPK Nomor 1 Tahun 2026</cite>"
    ) in basis


def test_the_wizard_does_not_steer_a_parents_voucher_towards_letter_h(client: Client) -> None:
    first = client.get("/gratifikasi/cek/").content.decode()
    # A voucher from a person is named in the first kind, the commercial one says "umum".
    assert "Pemberian dari orang atau lembaga (uang, voucher, barang, parsel…)" in first
    assert "promosi yang terbuka untuk umum, misalnya undian toko" in first
    assert "meskipun vouchernya diterbitkan toko" in first
    second = client.get(
        "/gratifikasi/cek/",
        {"langkah": 2, "received_on": "2026-11-16", "form": "cash_equivalent", "kind": "gift",
         "value_idr": "750000"},
    ).content.decode()  # fmt: skip
    assert "Orang yang saya layani dalam pekerjaan (orang tua murid, pasien, pemohon…)" in second
    third = client.get(
        "/gratifikasi/cek/",
        {"langkah": 3, "received_on": "2026-11-16", "form": "cash_equivalent", "kind": "gift",
         "value_idr": "750000", "giver_relation": "service_user", "occasion": "none"},
    ).content.decode()  # fmt: skip
    assert "Siapa pun dari masyarakat dapat memperolehnya dengan syarat yang sama" in third
    assert "karena pekerjaan atau jabatan saya" in third


def test_the_teachers_voucher_answered_as_before_is_now_told_to_report_it(client: Client) -> None:
    answers = {
        "received_on": "2026-11-16", "form": "cash_equivalent",
        "kind": "commercial_prize_or_discount", "value_idr": "750000",
        "giver_relation": "service_user", "occasion": "none", "general_terms": "on",
    }  # fmt: skip
    html = client.get("/gratifikasi/cek/hasil/", answers).content.decode()
    assert "Anda harus melaporkan gratifikasi ini." in html
    assert "Anda tidak perlu melaporkan" not in html
    assert "sedangkan pemberian dari orang yang Anda layani dalam pekerjaan terkait" in html


def test_the_report_form_takes_the_object_category_from_the_check(
    client: Client, personas: Personas
) -> None:
    client.force_login(personas.asn_a)
    cases = [
        ("cash_equivalent", "gift", "money"),
        ("food_parcel", "gift", "perishable"),
        ("flower_board", "gift", "perishable"),
        ("service", "gift", "service"),
        ("goods", "promotional_item", "souvenir"),
        ("goods", "gift", "other"),
    ]
    for form, kind, category in cases:
        answers = {**CONTRACTOR, "form": form, "kind": kind}
        link = client.get("/gratifikasi/cek/hasil/", answers).context["report_url"]
        page = client.get(link)
        assert page.context["form"].initial["category"] == category, form
        assert f'<option value="{category}" selected>' in page.content.decode()
