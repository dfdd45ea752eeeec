from __future__ import annotations

import pytest

from cegah.search.analysis import analyse, normalise, query_terms, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("melaporkan", "lapor"),
        ("laporan", "lapor"),
        ("Dilaporkan", "lapor"),
        ("kepegawaian", "pegawai"),
        ("pegawai", "pegawai"),
        ("penyuapan", "suap"),
        ("pungutan liar", "pungut liar pungli"),  # and the synonym list's term
        ("anak-anak", "anak"),
        ("covid-19", "covid 19"),
    ],
)
def test_inflected_indonesian_words_reach_their_root(text: str, expected: str) -> None:
    assert analyse(text) == expected


def test_stopwords_are_dropped_and_punctuation_ignored() -> None:
    assert analyse("Yang melaporkan, dan yang dilaporkan!") == "lapor lapor"


def test_urls_and_emails_are_not_indexed_as_words() -> None:
    assert analyse("Lihat https://www.kpk.go.id/id/berita?x=1 atau tulis ke humas@kpk.go.id") == (
        "tulis"  # "lihat", "atau" and "ke" are stopwords
    )


def test_text_is_nfkc_normalised_lowercased_and_stripped_of_accents() -> None:
    assert normalise("ＬＨＫＰＮ Café") == "lhkpn cafe"
    assert analyse("ＬＨＫＰＮ Café") == "lhkpn cafe"


def test_english_text_also_loses_english_stopwords() -> None:
    assert analyse("The officer and the gift", "en") == "officer gift"
    assert analyse("The officer and the gift", "id") == "the officer and the gift"


def test_query_terms_are_distinct_in_typed_order() -> None:
    assert query_terms("laporan melaporkan pegawai") == ["lapor", "pegawai"]
    assert query_terms("yang dan") == []


def test_words_keep_their_place_in_the_original_text() -> None:
    text = "Pegawai <b>melaporkan</b> hadiah"
    found = [(text[w.start : w.end], w.terms) for w in words(text)]
    assert found == [
        ("Pegawai", ("pegawai",)),
        ("b", ()),
        ("melaporkan", ("lapor",)),
        ("b", ()),
        ("hadiah", ("hadiah",)),
    ]
