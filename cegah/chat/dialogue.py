"""One turn of a conversation: read the message, run the tool it belongs to (or start one),
or answer it from the knowledge base, and say what comes next.

The same code serves the web page, Telegram and WhatsApp; only the way the reply is shown
differs (`replies.py`). The tools ask one thing at a time, take what a message already says
("amplop nikahan 1 juta" is money, a wedding, Rp1,000,000) and ask only for what is missing.
"Batal" stops any tool.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cegah.chat import words
from cegah.chat.models import Conversation, Tool
from cegah.chat.replies import Link, Option, Reply

if TYPE_CHECKING:
    from cegah.assistant.engine import Answer

Answerer = Callable[[str, str], "Answer"]


class Photo(Protocol):
    """A photo that came with a message: bytes on the web, a media id to fetch in a chat."""

    name: str

    def read(self) -> bytes: ...


@dataclass
class Turn:
    """What one turn needs besides the conversation: the message, how to answer questions,
    today's date (the gift check counts deadlines from it), and the sender's phone number
    when the channel gives one (WhatsApp), offered as the complaint's contact."""

    text: str
    answerer: Answerer
    photo: Photo | None = None
    today: dt.date | None = None
    sender_phone: str = ""
    # Counts one complaint against the sender's limit; False when the limit is reached.
    allow_complaint: Callable[[], bool] = lambda: True

    @property
    def day(self) -> dt.date:
        return self.today or timezone.localdate()


def default_answerer(question: str, language: str) -> Answer:
    """The knowledge base (`cegah.assistant.engine.answer`)."""
    from cegah.assistant.engine import answer

    return answer(question, language)


def respond(conversation: Conversation, turn: Turn) -> Reply:
    """The reply to one message; changes the conversation's state (the caller saves it)."""
    with translation.override(conversation.language):
        return _respond(conversation, turn)


def _respond(conversation: Conversation, turn: Turn) -> Reply:
    from cegah.chat import complainttool, gifttool

    text = turn.text.strip()
    command = words.command_of(text) if text else None
    if command == "cancel":
        was_running = bool(conversation.tool)
        if conversation.tool == Tool.COMPLAINT:
            complainttool.discard(conversation)
        conversation.reset_tool()
        message = _("Stopped. Nothing was sent.") if was_running else _("There is nothing to stop.")
        return Reply(text=message + " " + _("What else can I help with?"), options=menu_options())
    if command == "menu":
        if conversation.tool == Tool.COMPLAINT:
            complainttool.discard(conversation)
        conversation.reset_tool()
        return menu()
    if command in {Tool.GIFT, Tool.FEE, Tool.FACTCHECK, Tool.COMPLAINT}:
        if conversation.tool == Tool.COMPLAINT:
            complainttool.discard(conversation)
        conversation.start_tool(command)
        return _start(conversation, turn, command, from_command=True)

    if conversation.tool == Tool.GIFT:
        return gifttool.step(conversation, turn)
    if conversation.tool == Tool.COMPLAINT:
        return complainttool.step(conversation, turn)
    if conversation.tool == Tool.FEE:
        conversation.reset_tool()
        return fee_reply(text, conversation.language) or answer_reply(text, turn, conversation)
    if conversation.tool == Tool.FACTCHECK:
        conversation.reset_tool()
        return factcheck_reply(text, turn.photo)

    if turn.photo is not None and not text:
        return Reply(
            text=_(
                "Thank you for the photo. Photos are taken as evidence of a complaint: write "
                "/lapor to start one. To check a picture that circulates, open the message "
                "check on the website."
            ),
            actions=[Link(_("Check a message"), _url("factchecks:check"), "factcheck")],
            options=menu_options(),
        )
    if not text:
        return menu()
    intent = words.intent_of(text)
    if intent is not None:
        conversation.start_tool(intent)
        return _start(conversation, turn, intent, from_command=False)
    return answer_reply(text, turn, conversation)


def _start(conversation: Conversation, turn: Turn, tool: str, *, from_command: bool) -> Reply:
    from cegah.chat import complainttool, gifttool

    text = "" if from_command else turn.text
    if tool == Tool.GIFT:
        return gifttool.start(conversation, turn, text)
    if tool == Tool.COMPLAINT:
        return complainttool.start(conversation, turn)
    if tool == Tool.FEE:
        if text:
            conversation.reset_tool()
            return fee_reply(text, conversation.language) or answer_reply(text, turn, conversation)
        return Reply(
            text=_(
                "Which service, and how much were you asked to pay? For example: “ID card "
                "(KTP) at the district office, asked Rp50,000”."
            ),
            options=[Option("/batal", _("Stop"))],
        )
    # The message check: a pasted chain message is checked at once, a short question asks
    # for the message.
    if len(words.tokens(text)) >= words.LONG_MESSAGE_WORDS or turn.photo is not None:
        conversation.reset_tool()
        return factcheck_reply(text, turn.photo)
    return Reply(
        text=_(
            "Paste or forward the message you want to check (the text, or a link in it), and "
            "I will look for a published fact-check."
        ),
        options=[Option("/batal", _("Stop"))],
    )


# The menu


def menu_options() -> list[Option]:
    if translation.get_language() == "en":
        return [
            Option("/gift", _("Must I report this gift?")),
            Option("/fee", _("Is this levy legal?")),
            Option("/hoax", _("Is this message true?")),
            Option("/complaint", _("File a complaint")),
        ]
    return [
        Option("/hadiah", _("Must I report this gift?")),
        Option("/pungli", _("Is this levy legal?")),
        Option("/hoaks", _("Is this message true?")),
        Option("/lapor", _("File a complaint")),
    ]


def menu() -> Reply:
    return Reply(
        text=_(
            "Hello, I am Tanya Cegah. Ask me about gratification, illegal levies, complaints, "
            "hoaxes or corruption prevention in your own words, or choose one of these:"
        ),
        options=menu_options(),
    )


# Answers from the knowledge base


def _url(name: str, *args: Any) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def forum_url(question: str, language: str) -> str:
    """The forum's new-thread form, prefilled (`cegah.forum.public`), when the forum exists."""
    try:
        from cegah.forum.public import new_thread_url
    except ImportError:
        return _url("forum:new")
    return new_thread_url(question=question, language=language)


def _topic_options(topic: str) -> list[Option]:
    """The tool that fits an answered topic, offered after the answer."""
    topic = topic.lower()
    wanted = []
    if "gratif" in topic or "gift" in topic:
        wanted.append(Tool.GIFT)
    if "pungli" in topic or "fee" in topic or "lev" in topic or "service" in topic:
        wanted.append(Tool.FEE)
    if "hoa" in topic or "fact" in topic:
        wanted.append(Tool.FACTCHECK)
    if "complaint" in topic or "keluhan" in topic or "pengaduan" in topic:
        wanted.append(Tool.COMPLAINT)
    tools = {Tool.GIFT: 0, Tool.FEE: 1, Tool.FACTCHECK: 2, Tool.COMPLAINT: 3}
    options = menu_options()
    return [options[tools[tool]] for tool in wanted]


def answer_reply(text: str, turn: Turn, conversation: Conversation) -> Reply:
    """The knowledge base's answer with its citations; when it has none, say so and offer
    the forum, a complaint or a contact."""
    result = turn.answerer(text, conversation.language)
    actions = [Link(a.label, a.url, a.kind) for a in result.actions]
    if not result.handoff:
        return Reply(
            text=result.text,
            citations=[Link(c.title, c.url) for c in result.citations],
            actions=actions,
            options=_topic_options(result.topic),
        )
    return handoff_reply(text, conversation.language, actions)


def handoff_reply(question: str, language: str, extra: list[Link] | None = None) -> Reply:
    lines = [
        _(
            "Sorry, I do not know a reliable answer to that. I only answer from reviewed "
            "sources, so I would rather not guess."
        )
    ]
    contact = " / ".join(
        value for value in (settings.OPERATOR_HOTLINE, settings.OPERATOR_EMAIL) if value
    )
    if contact:
        lines.append(_("You can also contact us: %(contact)s.") % {"contact": contact})
    offers: list[Link] = []
    forum = forum_url(question, language)
    if forum:
        offers.append(Link(_("Ask in the discussion forum"), forum, "forum"))
    offers.append(Link(_("File a complaint"), _url("complaints:new"), "complaint"))
    seen = {link.url for link in offers}
    offers += [link for link in extra or [] if link.url not in seen]
    complaint_option = menu_options()[3]
    return Reply(
        text="\n".join(lines),
        actions=offers,
        options=[complaint_option],
        handoff=True,
    )


# Is this levy legal?


def fee_reply(text: str, language: str) -> Reply | None:
    """The official fee for the service a message names (`cegah.services.public`), or None
    when there is no such data (then the knowledge base answers)."""
    try:
        from cegah.services.public import check_fee, overcharge_complaint_url
    except ImportError:
        return None
    found = check_fee(text, language=language, limit=1)
    if not found:
        return None
    fee = found[0]
    from cegah.gratification.rules import rupiah

    name = str(getattr(fee, "service_name", "") or getattr(fee, "name", ""))
    official = getattr(fee, "fee_idr", None)
    free = bool(getattr(fee, "free", False)) or official == 0
    unit = str(getattr(fee, "unit", "") or "")
    if free:
        sentence = _("%(service)s is free of charge: nobody may ask you to pay for it.") % {
            "service": name
        }
    else:
        sentence = _("The official fee for %(service)s is %(fee)s%(unit)s.") % {
            "service": name,
            "fee": rupiah(int(official or 0)),
            "unit": f" {unit}" if unit else "",
        }
    lines = [sentence]
    conditions = str(getattr(fee, "conditions", "") or "")
    if conditions:
        lines.append(conditions)
    asked = words.amount_in(text)
    actions: list[Link] = []
    page = str(getattr(fee, "url", "") or "")
    if page:
        actions.append(Link(_("See the official fee"), page, "fee"))
    if asked is not None and asked > int(official or 0):
        lines.append(
            _(
                "You were asked for %(asked)s, more than the official fee. Asking for more is "
                "an illegal levy (pungli): you can report it."
            )
            % {"asked": rupiah(asked)}
        )
        actions.append(
            Link(
                _("Report the illegal levy"),
                overcharge_complaint_url(
                    service_code=str(getattr(fee, "service_code", "") or getattr(fee, "code", "")),
                    official_fee_idr=int(official or 0),
                    asked_idr=asked,
                ),
                "complaint",
            )
        )
    citations = []
    for basis in getattr(fee, "legal_basis", []) or []:
        title = " ".join(
            str(part)
            for part in (getattr(basis, "title", ""), getattr(basis, "article", ""))
            if part
        )
        citations.append(Link(title, str(getattr(basis, "url", "") or page)))
    return Reply(text="\n".join(lines), citations=citations, actions=actions)


# Is this message true?


def factcheck_reply(text: str, photo: Photo | None) -> Reply:
    """The published verdict on the claim a message makes, or where to send it."""
    from cegah.factchecks.matching import check_message, image_fingerprint

    image_hash = ""
    if photo is not None:
        try:
            image_hash = image_fingerprint(photo.read())
        except Exception:  # an unreadable picture is checked by its text alone
            image_hash = ""
    matches = check_message(text, image_hash=image_hash, limit=3) if text or image_hash else []
    if not matches:
        return Reply(
            text=_(
                "I found no published fact-check of that message. Send it to the fact-checkers "
                "and they will look into it; until then, do not forward it."
            ),
            actions=[
                Link(_("Send it to the fact-checkers"), _url("factchecks:submit"), "factcheck")
            ],
        )
    claim = matches[0].claim
    verdict = claim.get_verdict_display()
    return Reply(
        text=_("This message has been checked. Verdict: %(verdict)s. %(headline)s")
        % {"verdict": verdict, "headline": claim.headline},
        citations=[Link(claim.headline or str(claim), claim.get_absolute_url())],
    )
