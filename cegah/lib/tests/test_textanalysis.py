"""The shared analyzer's synonym list: abbreviations and their spelled-out forms are one term."""

from __future__ import annotations

import pytest

from cegah.lib.textanalysis import (
    analyse,
    canonical_terms,
    parse_synonyms,
    query_terms,
    synonyms,
    words,
)


@pytest.mark.parametrize(
    ("short", "spelled_out"),
    [
        ("bansos", "bantuan sosial"),
        ("pungli", "pungutan liar"),
        ("OTT", "operasi tangkap tangan"),
        ("ASN", "Aparatur Sipil Negara"),
        ("THR", "tunjangan hari raya"),
        ("kades", "kepala desa"),
        ("KPK", "Komisi Pemberantasan Korupsi"),
    ],
)
def test_an_abbreviation_and_its_spelled_out_form_ask_for_the_same_term(
    short: str, spelled_out: str
) -> None:
    assert query_terms(short) == query_terms(spelled_out) == [short.lower()]


def test_a_document_keeps_its_own_words_and_gains_the_group_term() -> None:
    assert analyse("Pungutan liar di sekolah") == "pungut liar pungli sekolah"
    assert analyse("Bansos dipotong") == "bansos potong"


def test_affixes_and_case_do_not_hide_a_synonym() -> None:
    assert canonical_terms("PEMOTONGAN Tunjangan Hari Raya untuk aparatur sipil negara") == [
        "potong",
        "thr",
        "asn",
    ]


def test_single_word_variants_join_their_group() -> None:
    assert query_terms("hoax 5 jt") == ["hoaks", "5", "juta"]


def test_the_words_of_a_spelled_out_form_carry_the_group_term_for_highlighting() -> None:
    text = "Bantuan sosial dipotong"
    marked = [text[w.start : w.end] for w in words(text) if "bansos" in w.terms]
    assert marked == ["Bantuan", "sosial"]


def test_the_maintained_list_compiles_and_has_the_issue_abbreviations() -> None:
    terms = {group.term for group in synonyms().groups}
    assert {"bansos", "pungli", "ott", "asn", "thr"} <= terms


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("bansos\n", "at least two forms"),
        ("bantuan sosial, bansos\n", "must be one word"),
        ("bansos, bantuan sosial\nbantuan, bantuan sosial\n", "already in line 1"),
    ],
)
def test_a_malformed_list_fails_loudly_naming_the_line(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_synonyms(text)
