"""Near-duplicate grouping: forwarded variants of one message join one claim."""

from __future__ import annotations

import pytest

from cegah.factchecks.matching import (
    THRESHOLD,
    Fingerprint,
    jaccard,
    normalise_text,
    normalise_url,
    shingles,
)
from cegah.factchecks.models import Claim
from cegah.factchecks.tests.factories import (
    HOAX,
    HOAX_FORWARDED,
    HOAX_FORWARDED_EN,
    OTHER,
    submit,
)


def similarity(a: str, b: str) -> float:
    return jaccard(shingles(Fingerprint.of(a).text), shingles(Fingerprint.of(b).text))


def test_forwarding_boilerplate_emoji_and_case_are_ignored() -> None:
    text = "Diteruskan\nFwd: *AWAS PENIPUAN!!* 🚨\nMohon sebarkan ke grup lain ya\n"
    assert normalise_text(text) == "awas penipuan"


def test_amounts_are_compared_whatever_their_spelling() -> None:
    assert normalise_text("Rp 5.000.000") == normalise_text("Rp5.000.000") == "rp5000000"


@pytest.mark.parametrize(
    "variant", [HOAX_FORWARDED, HOAX_FORWARDED_EN], ids=["diteruskan", "forwarded"]
)
def test_whatsapp_forward_variants_are_above_the_threshold(variant: str) -> None:
    assert similarity(HOAX, variant) >= THRESHOLD


def test_an_edited_copy_with_a_changed_name_and_an_added_line_is_still_the_same_claim() -> None:
    edited = HOAX.replace("Bapak Hendra", "Bapak Hendro") + " Info ini sudah dikonfirmasi."
    assert similarity(HOAX, edited) >= THRESHOLD


def test_a_different_message_on_a_neighbouring_topic_is_not_grouped() -> None:
    assert similarity(HOAX, OTHER) < 0.3


@pytest.mark.parametrize(
    "url",
    [
        "https://www.facebook.com/kpk.hoaks/posts/123?fbclid=IwAR0abc&utm_source=whatsapp",
        "http://m.facebook.com/kpk.hoaks/posts/123/",
        "facebook.com/kpk.hoaks/posts/123#comments",
        "HTTPS://WWW.FACEBOOK.COM/kpk.hoaks/posts/123?utm_medium=social&utm_campaign=x",
    ],
)
def test_shared_links_lose_scheme_www_and_tracking_parameters(url: str) -> None:
    assert normalise_url(url) == "facebook.com/kpk.hoaks/posts/123"


def test_meaningful_query_parameters_are_kept() -> None:
    assert normalise_url("https://youtube.com/watch?v=abc&si=share1") == "youtube.com/watch?v=abc"
    assert normalise_url("https://youtube.com/watch?v=abc") != normalise_url(
        "https://youtube.com/watch?v=xyz"
    )


def test_things_that_are_not_web_links_have_no_key() -> None:
    assert normalise_url("javascript:alert(1)") == ""
    assert normalise_url("") == ""


@pytest.mark.django_db
def test_forwarded_variants_join_one_claim_and_a_different_message_starts_another() -> None:
    first = submit(HOAX)
    second = submit(HOAX_FORWARDED)
    third = submit(HOAX_FORWARDED_EN)
    other = submit(OTHER)

    assert first.claim_id == second.claim_id == third.claim_id
    assert other.claim_id != first.claim_id
    assert first.similarity is None
    assert second.similarity is not None and second.similarity >= THRESHOLD
    claim = Claim.objects.with_counts().get(pk=first.claim_id)
    assert claim.submission_count == 3  # type: ignore[attr-defined]
    assert Claim.objects.count() == 2


@pytest.mark.django_db
def test_the_same_link_shared_differently_joins_one_claim() -> None:
    a = submit("", link="https://www.tiktok.com/@akun/video/7301?utm_source=whatsapp")
    b = submit("Lihat video ini, bahaya! https://tiktok.com/@akun/video/7301?utm_source=copy")
    c = submit("Video petugas gadungan", link="https://m.tiktok.com/@akun/video/7301/?fbclid=x")
    d = submit("", link="https://www.tiktok.com/@akun/video/9999")
    assert a.claim_id == b.claim_id == c.claim_id
    assert d.claim_id != a.claim_id
