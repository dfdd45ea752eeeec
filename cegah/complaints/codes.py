"""Tracking codes: 80 random bits written as 16 Crockford base32 characters in four groups.

Crockford's alphabet leaves out I, L, O and U, so a code read aloud or typed from paper
survives the usual confusions: `normalize_code()` maps O to 0 and I/L to 1, ignores case,
spaces and dashes. Codes are stored normalised (16 characters, no dashes) and shown as
`K7QM-2XRA-9FTB-H4WD`.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BITS = 80
LENGTH = BITS // 5
GROUP = 4
_CONFUSABLE = str.maketrans({"O": "0", "I": "1", "L": "1"})
# What a URL may carry: the 16 characters, with or without the dashes between groups.
URL_PATTERN = r"[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}"


def new_code() -> str:
    """A fresh random code, normalised (16 characters)."""
    number = secrets.randbits(BITS)
    chars = []
    for _ in range(LENGTH):
        number, digit = divmod(number, 32)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def normalize_code(text: str) -> str | None:
    """The stored form of what a person typed, or None when it cannot be a code."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_CONFUSABLE)
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def format_code(code: str) -> str:
    """'K7QM2XRA9FTBH4WD' → 'K7QM-2XRA-9FTB-H4WD'."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


class TrackingCodeConverter:
    """URL converter: accepts a code with or without dashes, in any case."""

    regex = URL_PATTERN

    def to_python(self, value: str) -> str:
        code = normalize_code(value)
        if code is None:
            raise ValueError(value)
        return code

    def to_url(self, value: str) -> str:
        return format_code(normalize_code(value) or value)
