"""Named slots in answers, filled at answer time from the data the platform keeps.

An answer says "[[gift_limit:l]]" instead of "Rp1.500.000": when KPK changes the wedding-gift
threshold, the rules data changes (`cegah.gratification`) and every answer follows. A slot is
`[[name]]` or `[[name:argument]]` (arguments separated by `:`); a date argument `YYYY-MM-DD`
asks for the rules in force on that day (for "what was the limit in 2025?").

Providers read other apps through their public functions, imported inside each provider so the
knowledge base works (with a plain fallback) while an app is missing. A slot that cannot be
filled becomes `FALLBACK` text pointing to the page that holds the figure, never a guess.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

SLOT = re.compile(r"\[\[([a-z_]+)((?::[A-Za-z0-9._-]+)*)\]\]")

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

Provider = Callable[[list[str], str], str | None]
_providers: dict[str, Provider] = {}


def provider(name: str) -> Callable[[Provider], Provider]:
    def decorate(function: Provider) -> Provider:
        _providers[name] = function
        return function

    return decorate


def names() -> list[str]:
    """Every slot name an answer may use."""
    return sorted(_providers)


def _fallback(language: str) -> str:
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(language):
        return gettext("(see the page)")


def fill(text: str, language: str) -> str:
    """The text with every slot replaced by its current value."""

    def replace(match: re.Match[str]) -> str:
        function = _providers.get(match.group(1))
        arguments = [a for a in match.group(2).split(":") if a]
        value = function(arguments, language) if function else None
        return value if value is not None else _fallback(language)

    return SLOT.sub(replace, text) if "[[" in text else text


def unknown_slots(text: str) -> list[str]:
    """Slot names in `text` that no provider fills (the loader refuses them)."""
    return [m.group(1) for m in SLOT.finditer(text) if m.group(1) not in _providers]


# Formatting


def rupiah(value: int, language: str) -> str:
    """Rp1.500.000 in Indonesian, Rp1,500,000 in English."""
    separator = "," if language == "en" else "."
    return "Rp" + f"{value:,}".replace(",", separator)


def _day(arguments: list[str], index: int) -> dt.date:
    if len(arguments) > index:
        try:
            return dt.date.fromisoformat(arguments[index])
        except ValueError:
            pass
    return timezone.localdate()


# Gratification rules (cegah.gratification: versioned rules data)


def _rules(day: dt.date):  # type: ignore[no-untyped-def]
    try:
        from cegah.gratification.models import rules_in_force_on
    except ImportError:  # pragma: no cover - the app is part of the project
        return None
    return rules_in_force_on(day)


def _exemption(arguments: list[str]):  # type: ignore[no-untyped-def]
    rules = _rules(_day(arguments, 1))
    if rules is None or not arguments:
        return None, None
    for rule in rules.exemptions:
        if rule.letter == arguments[0]:
            return rules, rule
    return rules, None


@provider("gift_limit")
def gift_limit(arguments: list[str], language: str) -> str | None:
    """The per-gift limit of exemption letter `arguments[0]` (optionally on a date)."""
    rule = _exemption(arguments)[1]
    if rule is None or rule.max_per_gift_idr is None:
        return None
    return rupiah(rule.max_per_gift_idr, language)


@provider("gift_year_limit")
def gift_year_limit(arguments: list[str], language: str) -> str | None:
    """The yearly limit per giver of exemption letter `arguments[0]`."""
    rule = _exemption(arguments)[1]
    if rule is None or rule.max_per_giver_per_year_idr is None:
        return None
    return rupiah(rule.max_per_giver_per_year_idr, language)


@provider("gift_rules")
def gift_rules(arguments: list[str], language: str) -> str | None:
    """The regulation in force (as amended), e.g. "Peraturan KPK Nomor 2 Tahun 2019 …"."""
    rules = _rules(_day(arguments, 0))
    return rules.citation if rules else None


@provider("gift_rules_short")
def gift_rules_short(arguments: list[str], language: str) -> str | None:
    rules = _rules(_day(arguments, 0))
    return rules.short_citation if rules else None


@provider("gift_rules_from")
def gift_rules_from(arguments: list[str], language: str) -> str | None:
    """The day the rules in force took effect."""
    rules = _rules(_day(arguments, 0))
    if rules is None:
        return None
    return _long_date(rules.effective_from, language)


@provider("report_days")
def report_days(arguments: list[str], language: str) -> str | None:
    """Working days to report a gift to KPK."""
    rules = _rules(_day(arguments, 0))
    return str(rules.report_deadline_working_days) if rules else None


@provider("upg_days")
def upg_days(arguments: list[str], language: str) -> str | None:
    """Working days to report a gift to the agency's UPG."""
    rules = _rules(_day(arguments, 0))
    return str(rules.upg_deadline_working_days) if rules else None


@provider("completion_days")
def completion_days(arguments: list[str], language: str) -> str | None:
    """Working days to complete a report KPK returned."""
    try:
        from cegah.gratification.models import RulesVersion
    except ImportError:  # pragma: no cover
        return None
    day = _day(arguments, 0)
    version = (
        RulesVersion.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    )
    return str(version.completion_working_days) if version else None


@provider("burden_threshold")
def burden_threshold(arguments: list[str], language: str) -> str | None:
    """Pasal 12B: from this value the recipient must prove it was no bribe."""
    from cegah.gratification.rules import BURDEN_OF_PROOF_THRESHOLD_IDR

    return rupiah(BURDEN_OF_PROOF_THRESHOLD_IDR, language)


# Complaints (cegah.complaints: working-day deadlines)


@provider("complaint_days")
def complaint_days(arguments: list[str], language: str) -> str | None:
    """Working days of a complaint step: `verify`, `response` or `information`."""
    from cegah.complaints import models as complaints

    step = arguments[0] if arguments else "response"
    values = {
        "verify": complaints.VERIFICATION_DAYS,
        "response": complaints.FIRST_RESPONSE_DAYS,
        "information": complaints.INFORMATION_DAYS,
    }
    found = values.get(step)
    return str(found) if found is not None else None


@provider("complaint_resolution_days")
def complaint_resolution_days(arguments: list[str], language: str) -> str | None:
    """Working days to resolve a complaint of category `arguments[0]`, or the range over all
    active categories ("2–60")."""
    from cegah.complaints.models import Category

    categories = Category.objects.active()
    if arguments:
        found = categories.filter(code=arguments[0]).values_list("resolution_days", flat=True)
        days = list(found)
    else:
        days = list(categories.values_list("resolution_days", flat=True))
    if not days:
        return None
    low, high = min(days), max(days)
    return str(low) if low == high else f"{low}–{high}"


# Official fees (cegah.services, being built alongside)


@provider("fee")
def fee(arguments: list[str], language: str) -> str | None:
    """The official fee of the service whose code is `arguments[0]` ("Rp0" when free); further
    arguments name the case (`[[fee:sim-a:baru]]`)."""
    if not arguments:
        return None
    try:
        from cegah.services.public import check_fee
    except ImportError:
        return None
    code = arguments[0]
    # The code's words and the case asked for ("sim-a:baru" asks for a new licence).
    query = " ".join(arguments).replace("-", " ").replace("_", " ")
    try:
        answers = check_fee(query, language=language, limit=5)
    except Exception:  # another app's failure must not break an answer
        return None
    for found in answers:
        if getattr(found, "service_code", getattr(found, "code", "")) == code:
            if getattr(found, "free", False):
                return "Rp0"
            value = getattr(found, "fee_idr", None)
            return rupiah(int(value), language) if value is not None else None
    return None


# Integrity scores (cegah.integrity, if present)


def _number(value: Decimal, language: str) -> str:
    """A published figure as published (no trailing zeros), with the language's decimal mark."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",") if language == "id" else text


def _listing(items: list[str], language: str) -> str:
    if len(items) < 2:
        return "".join(items)
    last = "dan" if language == "id" else "and"
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _integrity():  # type: ignore[no-untyped-def]
    try:
        from cegah.integrity import public
    except ImportError:
        return None
    return public


@provider("national_series")
def national_series(arguments: list[str], language: str) -> str | None:
    """`[[national_series:spi]]` or `[[national_series:mcp:2023]]`: the national index per
    year (from the year given), from the integrity app's published figures."""
    public = _integrity()
    if public is None or not arguments:
        return None
    since = int(arguments[1]) if len(arguments) > 1 and arguments[1].isdigit() else None
    series = public.national_series(arguments[0], since=since)
    if not series:
        return None
    return _listing([f"{_number(p.index, language)} ({p.year})" for p in series], language)


@provider("spi_national")
def spi_national(arguments: list[str], language: str) -> str | None:
    """The latest national SPI index the integrity app holds."""
    public = _integrity()
    latest = public.national_index("spi") if public is not None else None
    if latest is None:
        return None
    return f"{_number(latest.index, language)} ({latest.year})"


@provider("bands")
def bands(arguments: list[str], language: str) -> str | None:
    """`[[bands:spi:2024]]`: the category bands of that survey year, as stored."""
    public = _integrity()
    if public is None or len(arguments) < 2 or not arguments[1].isdigit():
        return None
    found = public.bands(arguments[0], int(arguments[1]))
    if not found:
        return None
    parts = []
    for band in found:
        label = band.label if language == "id" else band.label_en
        low = _number(band.lower, language)
        if band.upper is None:
            span = f"{low}–100"
        else:
            below = _number(band.upper, language)
            span = (
                f"{low} sampai di bawah {below}" if language == "id" else f"{low} to below {below}"
            )
        parts.append(f"{label} {span}")
    return _listing(parts, language)


@provider("top_provinces")
def top_provinces(arguments: list[str], language: str) -> str | None:
    """`[[top_provinces:spi:2024:3]]`: the provinces with the highest published scores."""
    public = _integrity()
    if public is None or len(arguments) < 3 or not (arguments[1] + arguments[2]).isdigit():
        return None
    found = public.top_provinces(arguments[0], int(arguments[1]), int(arguments[2]))
    if not found:
        return None
    return _listing([f"{g.name} ({_number(g.score, language)})" for g in found], language)


def _long_date(day: dt.date, language: str) -> str:
    months_id = MONTHS_ID
    if language == "en":
        return f"{day.day} {day.strftime('%B')} {day.year}"
    return f"{day.day} {months_id[day.month - 1]} {day.year}"
