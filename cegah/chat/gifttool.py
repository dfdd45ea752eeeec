"""“Must I report this gift?”: the gift check of `cegah.gratification` as a conversation.

It asks for what the web check asks on its first two steps (what, how much, when, who,
on what occasion) and, when the giver is not tied to the office by the relation itself,
whether it was given because of the person's job. The answers become exactly the web
check's answers (`gratification.forms.gift_from`), so the verdict, its citation and the
report link are the ones the web check gives for them; the full check (with the rarer
conditions) is one link away, prefilled.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cegah.chat import words
from cegah.chat.dialogue import Turn
from cegah.chat.models import Conversation
from cegah.chat.replies import Link, Option, Reply

STEPS = ("form", "value_idr", "received_on", "giver_relation", "occasion", "because_of_office")


def _choices(step: str) -> list[tuple[str, str]]:
    from cegah.gratification.choices import FORM_CHOICES, GIVER_RELATION_CHOICES, OCCASION_CHOICES

    table = {
        "form": FORM_CHOICES,
        "giver_relation": GIVER_RELATION_CHOICES,
        "occasion": OCCASION_CHOICES,
    }
    return [(value, str(label)) for value, label in table.get(step, [])]


def _needed(answers: dict[str, Any]) -> list[str]:
    from cegah.gratification.rules import INTERESTED_RELATIONS

    missing = [step for step in STEPS if step not in answers]
    # A giver the office ties to the recipient (or an unknown one) settles the question.
    if answers.get("giver_relation") in {*INTERESTED_RELATIONS, "unknown"}:
        missing = [step for step in missing if step != "because_of_office"]
    return missing


def _question(step: str) -> Reply:
    stop = Option("/batal", _("Stop"))
    if step == "value_idr":
        return Reply(
            text=_("About how much is it worth, in rupiah? For example: 500rb, 1,5 juta."),
            options=[stop],
        )
    if step == "received_on":
        return Reply(
            text=_("When did you receive it? For example: today, yesterday, 12/11/2026."),
            options=[Option(_("today"), _("Today")), Option(_("yesterday"), _("Yesterday"))],
        )
    if step == "because_of_office":
        return Reply(
            text=_("Was it given to you because of your job or position?"),
            options=[Option(_("yes"), _("Yes")), Option(_("no"), _("No"))],
        )
    text = {
        "form": _("What was the gift?"),
        "giver_relation": _("Who gave it to you?"),
        "occasion": _("On what occasion?"),
    }[step]
    return Reply(text=text, options=[Option(value, label) for value, label in _choices(step)])


def _chosen(text: str, step: str) -> str | None:
    """The choice a reply names: its number, its value, its label, or words that mean it."""
    choices = _choices(step)
    cleaned = text.strip().rstrip(".").lower()
    if cleaned.isdigit() and 1 <= int(cleaned) <= len(choices):
        return choices[int(cleaned) - 1][0]
    for value, label in choices:
        if cleaned in {value, label.lower()}:
            return value
    table = {
        "form": words.FORM_TABLE,
        "giver_relation": words.GIVER_TABLE,
        "occasion": words.OCCASION_TABLE,
    }[step]
    return words.find_in(text, table)


def _read(step: str, text: str, today: dt.date) -> Any:
    """The answer to `step` in `text`, or None."""
    if step in {"form", "giver_relation", "occasion"}:
        return _chosen(text, step)
    if step == "value_idr":
        return words.amount_in(text)
    if step == "received_on":
        cleaned = text.strip().lower()
        if cleaned in {"1", "2"}:
            cleaned = {"1": "hari ini", "2": "kemarin"}[cleaned]
        day = words.date_in(cleaned, today)
        return day.isoformat() if day else None
    if step == "because_of_office":
        cleaned = text.strip()
        if cleaned in {"1", "2"}:
            return cleaned == "1"
        return words.yes_no(cleaned)
    return None


def _hint(step: str) -> str:
    if step == "value_idr":
        return _("I could not read an amount.")
    if step == "received_on":
        return _("I could not read a date (it cannot be in the future).")
    return _("I did not understand that answer.")


def start(conversation: Conversation, turn: Turn, text: str) -> Reply:
    """Begin with what the first message already says about the gift."""
    answers = words.gift_facts(text) if text else {}
    if text:
        day = words.date_in(text, turn.day)
        if day is not None:
            answers["received_on"] = day.isoformat()
    conversation.answers = answers
    return _next(conversation, turn, intro=True)


def step(conversation: Conversation, turn: Turn) -> Reply:
    """Take the answer to the pending question (and any other facts the message gives)."""
    answers = dict(conversation.answers)
    pending = conversation.step
    value = _read(pending, turn.text, turn.day) if pending else None
    if pending and value is None:
        reply = _question(pending)
        reply.text = _hint(pending) + " " + reply.text + " " + _("(Or write “batal” to stop.)")
        return reply
    if pending:
        answers[pending] = value
    for name, found in words.gift_facts(turn.text).items():
        answers.setdefault(name, found)
    conversation.answers = answers
    return _next(conversation, turn, intro=False)


def _next(conversation: Conversation, turn: Turn, *, intro: bool) -> Reply:
    missing = _needed(conversation.answers)
    if missing:
        conversation.step = missing[0]
        reply = _question(missing[0])
        if intro:
            reply.text = (
                _("Let us check whether you must report this gift. I need a few answers.")
                + " "
                + reply.text
            )
        return reply
    reply = verdict(conversation.answers)
    conversation.reset_tool()
    return reply


def web_answers(answers: dict[str, Any]) -> dict[str, Any]:
    """The web check's cleaned answers for what the conversation collected."""
    return {
        "received_on": dt.date.fromisoformat(str(answers["received_on"])),
        "form": answers["form"],
        "kind": "gift",
        "value_idr": int(answers["value_idr"]),
        "giver_relation": answers["giver_relation"],
        "occasion": answers["occasion"],
        "same_giver_total_this_year_idr": 0,
        "because_of_office": bool(answers.get("because_of_office", False)),
        "conflict_of_interest": False,
        "general_terms": False,
        "within_cost_standard": False,
        "double_funding": False,
        "to_institution": False,
    }


def verdict(answers: dict[str, Any]) -> Reply:
    """The web check's verdict for these answers, with its citation and the report link."""
    from cegah.gratification.forms import answers_as_text, gift_from
    from cegah.gratification.models import assess_gift

    cleaned = web_answers(answers)
    try:
        result = assess_gift(gift_from(cleaned))
    except LookupError:
        return Reply(
            text=_(
                "The gift check is not available right now. Please use the check on the website."
            ),
            actions=[Link(_("Open the gift check"), reverse("gratification:check"), "gift")],
        )
    query = urlencode(answers_as_text(cleaned))
    result_url = reverse("gratification:check_result") + "?" + query
    report_url = reverse("gratification:report_new") + "?" + query
    lines: list[str] = []
    citations: list[Link] = []
    actions: list[Link] = []
    if result.must_report:
        lines.append(_("You must report this gift."))
        lines.extend(result.reasons[:1])
        assert result.deadline is not None and result.upg_deadline is not None
        names = {
            "upg": date_format(result.upg_deadline, "DATE_FORMAT"),
            "kpk": date_format(result.deadline, "DATE_FORMAT"),
        }
        if result.deadline_passed:
            lines.append(
                _(
                    "The deadline to report it to KPK passed on %(kpk)s. Report it now anyway: a "
                    "late report is still accepted."
                )
                % names
            )
        elif result.upg_deadline_passed:
            lines.append(_("Report it directly to KPK by %(kpk)s.") % names)
        else:
            lines.append(
                _("Report it to your agency's UPG by %(upg)s, or to KPK by %(kpk)s.") % names
            )
        citations = [Link(basis, result_url) for basis in result.legal_basis]
        actions.append(Link(_("Report this gift"), report_url, "report"))
    else:
        lines.append(_("You do not need to report this gift."))
        citation = result.exemption_citation or ""
        title = result.exemption.title() if result.exemption else ""
        lines.append(
            _("It falls under %(citation)s: %(title)s.") % {"citation": citation, "title": title}
        )
        citations = [Link(citation, reverse("gratification:exemptions"))]
    lines.append(_("Judged by %(regulation)s.") % {"regulation": result.rules.citation})
    actions.append(Link(_("See the full answer"), result_url, "gift"))
    return Reply(text="\n".join(lines), citations=citations, actions=actions)
