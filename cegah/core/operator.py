"""Who runs this deployment: named in every page's footer and, as the data controller, in
the privacy notice (settings `OPERATOR_*`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

OPERATOR_SETTINGS = (
    "OPERATOR_NAME",
    "OPERATOR_ADDRESS",
    "OPERATOR_EMAIL",
    "OPERATOR_PHONE",
    "OPERATOR_HOTLINE",
)


@dataclass(frozen=True)
class Operator:
    """The operator's identity and how to reach it; empty fields are simply not shown."""

    name: str
    address: str
    email: str
    phone: str
    hotline: str

    @staticmethod
    def _tel(number: str) -> str:
        """A `tel:` address: the digits, with the leading `+` kept."""
        digits = "".join(c for c in number if c.isdigit())
        return f"tel:+{digits}" if number.strip().startswith("+") else f"tel:{digits}"

    @property
    def phone_uri(self) -> str:
        return self._tel(self.phone)

    @property
    def hotline_uri(self) -> str:
        return self._tel(self.hotline)


def site_operator() -> Operator:
    return Operator(
        name=settings.OPERATOR_NAME,
        address=settings.OPERATOR_ADDRESS,
        email=settings.OPERATOR_EMAIL,
        phone=settings.OPERATOR_PHONE,
        hotline=settings.OPERATOR_HOTLINE,
    )


def missing_operator_settings() -> list[str]:
    """The `OPERATOR_*` settings left empty."""
    return [name for name in OPERATOR_SETTINGS if not str(getattr(settings, name, "")).strip()]
