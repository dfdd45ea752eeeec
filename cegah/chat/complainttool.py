"""Complaints by chat: a guided exchange that ends with the same complaint and tracking code
as the web form, through the same action (`cegah.complaints.actions.submit_complaint`).

It asks, one at a time: the category, the region (a regency, city or district, by name or
Kemendagri code), the office or place (optional), what happened, a photo (optional), whether
to stay anonymous, and if not a name and a contact. Before sending it shows a summary.

A photo is cleaned like a web upload (`cegah.lib.uploads.clean_upload`: type sniffed, image
re-encoded without EXIF or GPS) and kept privately with the complaints app's own
`keep_uploads`, against a key unique to this complaint; `submit_complaint` attaches it. The
same key is the complaint's idempotency key, so "kirim" sent twice (or a webhook retried)
files one complaint. "Batal" discards the kept photo.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import validate_email
from django.urls import reverse
from django.utils.translation import gettext as _

from cegah.chat import words
from cegah.chat.dialogue import Photo, Turn
from cegah.chat.models import Conversation
from cegah.chat.replies import Link, Option, Reply

MIN_DESCRIPTION = 20
MAX_DESCRIPTION = 5000
MAX_PLACE = 200
MAX_NAME = 150
MAX_PHOTOS = 3
REGION_CODE = re.compile(r"^\d{2}(?:\.\d{2}){1,2}(?:\.\d{4})?$")
_REGION_PREFIX = re.compile(
    r"^(?:kabupaten|kab\.?|kota|kecamatan|kec\.?|distrik|regency|city of|district)\s+",
    re.IGNORECASE,
)

STEPS = ("category", "region", "place", "description", "photo", "anonymous", "name", "contact")


def form_key(conversation: Conversation) -> str:
    """Where this complaint's photos are kept, and its idempotency key."""
    nonce = str(conversation.answers.get("key", ""))
    digest = hashlib.sha256(f"{conversation.pk}:{nonce}".encode()).hexdigest()
    return f"chat:{digest}"


def discard(conversation: Conversation) -> None:
    """Forget the complaint in progress: its kept photos are deleted."""
    from cegah.complaints.actions import discard_kept_upload

    if conversation.answers.get("key"):
        key = form_key(conversation)
        for upload_id in conversation.answers.get("uploads", []):
            discard_kept_upload(form_key=key, upload_id=int(upload_id))


def _stop() -> Option:
    return Option("/batal", _("Stop"))


def _categories() -> list[tuple[str, str]]:
    from cegah.complaints.models import Category

    return [(c.code, c.name) for c in Category.objects.active()]


def _question(step: str, conversation: Conversation, turn: Turn) -> Reply:
    if step == "category":
        return Reply(
            text=_("What is the complaint about?"),
            options=[Option(code, name) for code, name in _categories()],
        )
    if step == "region":
        return Reply(
            text=_(
                "In which regency, city or district did it happen? Write its name (for "
                "example “Klaten” or “Kota Denpasar”) or its code (33.10)."
            ),
            options=[_stop()],
        )
    if step == "region_choice":
        return Reply(
            text=_("Which one do you mean?"),
            options=[Option(o["code"], o["label"]) for o in conversation.answers["candidates"]],
        )
    if step == "place":
        return Reply(
            text=_(
                "Which office, school or place is it about? Write “lewati” if you would "
                "rather not say."
            ),
            options=[Option(_("skip"), _("Skip"))],
        )
    if step == "description":
        return Reply(
            text=_(
                "What happened? Who asked for what, how much, when and where. Do not write "
                "your own name here if you want to stay anonymous."
            ),
            options=[_stop()],
        )
    if step == "photo":
        return Reply(
            text=_(
                "Do you have a photo as evidence (a receipt, a notice, the place)? Send it now, "
                "or write “lewati”. Location and camera data are removed from photos."
            ),
            options=[Option(_("skip"), _("Skip"))],
            wants_photo=True,
        )
    if step == "anonymous":
        return Reply(
            text=_(
                "Do you want to report anonymously? Then nobody, not even KPK, will know who "
                "you are; keep your tracking code safe."
            ),
            options=[
                Option(_("yes"), _("Yes, anonymously")),
                Option(_("no"), _("No, with my name")),
            ],
        )
    if step == "name":
        return Reply(text=_("What is your name?"), options=[_stop()])
    if step == "contact":
        options = [_stop()]
        if turn.sender_phone:
            options.insert(0, Option(_("this number"), _("Use this WhatsApp number")))
        return Reply(
            text=_("How can KPK's verifiers reach you? Write an email address or a phone number."),
            options=options,
        )
    return _summary(conversation)


def start(conversation: Conversation, turn: Turn) -> Reply:
    conversation.answers = {"key": secrets.token_urlsafe(12), "uploads": []}
    conversation.step = "category"
    reply = _question("category", conversation, turn)
    reply.text = (
        _(
            "I will take your complaint step by step; it goes to KPK's verifiers like one sent "
            "with the form on the website. Write “batal” at any time to stop."
        )
        + "\n"
        + reply.text
    )
    return reply


def _next_step(answers: dict[str, Any]) -> str:
    for name in STEPS:
        if name in {"name", "contact"} and answers.get("anonymous", True):
            continue
        if name not in answers:
            return name
    return "confirm"


def _option_value(text: str, options: list[tuple[str, str]]) -> str | None:
    cleaned = text.strip().rstrip(".").lower()
    if cleaned.isdigit() and 1 <= int(cleaned) <= len(options):
        return options[int(cleaned) - 1][0]
    for value, label in options:
        if cleaned in {value.lower(), label.lower()}:
            return value
    return None


def _category(text: str) -> str | None:
    choices = _categories()
    found = _option_value(text, choices)
    if found:
        return found
    wanted = set(words.stems(text))
    for code, name in choices:
        if wanted & set(words.stems(f"{code} {name}")) - {"dan", "atau", "lain"}:
            return code
    return None


def _regions(text: str) -> list[Any]:
    """Regencies, cities and districts a reply names (a code, or a name)."""
    from cegah.regions.models import Level, Region

    cleaned = text.strip().rstrip(".")
    if REGION_CODE.match(cleaned):
        region = Region.objects.filter(code=cleaned).first()
        if region is None:
            try:
                from cegah.regions.actions import ensure_region

                region = ensure_region(cleaned)
            except (LookupError, ValueError):
                return []
        while region.level > Level.DISTRICT and region.parent is not None:
            region = region.parent
        return [region] if region.level >= Level.REGENCY else []
    name = _REGION_PREFIX.sub("", cleaned).strip()
    if len(name) < 3:
        return []
    found = Region.objects.filter(
        level__in=[Level.REGENCY, Level.DISTRICT], name__icontains=name
    ).order_by("level", "code")[:6]
    exact = [r for r in found if r.name.lower() == name.lower()]
    if exact and cleaned.lower().startswith("kota"):
        exact = [r for r in exact if r.kind == "city"] or exact
    if len(exact) == 1:
        return exact
    return list(found)


def step(conversation: Conversation, turn: Turn) -> Reply:
    """Take the answer to the pending question."""
    answers = dict(conversation.answers)
    pending = conversation.step or "category"
    text = turn.text.strip()
    problem = ""
    answered = False
    if turn.photo is not None and pending != "confirm":
        problem = _keep_photo(conversation, answers, turn.photo)
        if pending == "photo":
            # The photo is the answer (a caption is not); a refused one is asked for again.
            answers["photo"] = answers.get("photo") or not problem
            if not answers["photo"]:
                del answers["photo"]
            answered = True
    if pending == "confirm":
        cleaned = text.lower()
        if words.yes_no(cleaned) is True or cleaned in {"kirim", "send", "1"}:
            conversation.answers = answers
            return _submit(conversation, turn)
        return _summary(conversation, again=True)
    if not answered and (text or pending == "photo"):
        problem = _take(pending, text, answers, turn)
    conversation.answers = answers
    if "candidates" in answers and "region" not in answers:
        following = "region_choice"
    else:
        following = _next_step(answers)
    conversation.step = following
    reply = _question(following, conversation, turn)
    if problem:
        reply.text = problem + "\n" + reply.text
    return reply


def _take(pending: str, text: str, answers: dict[str, Any], turn: Turn) -> str:
    """Store the answer to `pending`; a sentence saying what is wrong, or ""."""
    if not text:
        return "" if pending == "photo" and answers.get("photo") else _("Please answer in words.")
    if pending == "category":
        code = _category(text)
        if code is None:
            return _("Choose one of the categories.")
        answers["category"] = code
    elif pending in {"region", "region_choice"}:
        if pending == "region_choice":
            chosen = _option_value(
                text, [(o["code"], o["label"]) for o in answers.get("candidates", [])]
            )
            if chosen:
                answers["region"] = chosen
                answers.pop("candidates", None)
                return ""
        found = _regions(text)
        if not found:
            answers.pop("candidates", None)
            return _("I could not find that regency, city or district.")
        if len(found) == 1:
            answers["region"] = found[0].code
            answers.pop("candidates", None)
        else:
            answers["candidates"] = [{"code": r.code, "label": r.path} for r in found]
    elif pending == "place":
        answers["place"] = (
            "" if words.is_skip(text) or text.lower() == _("skip") else text[:MAX_PLACE]
        )
    elif pending == "description":
        if len(text) < MIN_DESCRIPTION:
            return _("Please tell a little more (at least %(count)s characters).") % {
                "count": MIN_DESCRIPTION
            }
        answers["description"] = text[:MAX_DESCRIPTION]
    elif pending == "photo":
        if words.is_skip(text) or text.lower() == _("skip"):
            answers["photo"] = False
        else:
            return _("Send a photo, or write “lewati”.")
    elif pending == "anonymous":
        choice = words.yes_no(text)
        if text.strip() in {"1", "2"}:
            choice = text.strip() == "1"
        if choice is None:
            return _("Please answer yes or no.")
        answers["anonymous"] = choice
    elif pending == "name":
        if len(text) < 2:
            return _("Please write your name.")
        answers["name"] = text[:MAX_NAME]
    elif pending == "contact":
        return _contact(text, answers, turn)
    return ""


def _contact(text: str, answers: dict[str, Any], turn: Turn) -> str:
    from cegah.lib.phone import normalize_phone

    cleaned = text.strip()
    if turn.sender_phone and (cleaned.lower() in {_("this number"), "1", "nomor ini"}):
        cleaned = "+" + turn.sender_phone.lstrip("+")
    if "@" in cleaned:
        try:
            validate_email(cleaned)
        except ValidationError:
            return _("That email address does not look right.")
        answers["contact"] = {"email": cleaned.lower()}
        return ""
    try:
        answers["contact"] = {"phone": normalize_phone(cleaned)}
    except ValidationError:
        return _("Write an email address, or an Indonesian phone number such as 0812 3456 7890.")
    return ""


def _keep_photo(conversation: Conversation, answers: dict[str, Any], photo: Photo) -> str:
    """Clean the photo and keep it with the complaint; "" or why it was refused."""
    from cegah.complaints.actions import keep_uploads
    from cegah.complaints.models import ComplaintError
    from cegah.lib.uploads import IMAGE_TYPES, clean_upload

    uploads = list(answers.get("uploads", []))
    if len(uploads) >= MAX_PHOTOS:
        return _("That is enough photos for one complaint.")
    try:
        data = photo.read()
        clean = clean_upload(
            SimpleUploadedFile(photo.name or "photo.jpg", data),
            allowed=frozenset(IMAGE_TYPES),
            stem="evidence",
        )
    except ValidationError as exc:
        return " ".join(exc.messages)
    except OSError:
        return _("The photo could not be received. Try sending it again.")
    conversation.answers = answers
    try:
        kept = keep_uploads(form_key=form_key(conversation), files=[clean])
    except ComplaintError as exc:
        return str(exc)
    uploads.extend(upload.pk for upload in kept)
    answers["uploads"] = uploads
    return ""


def _summary(conversation: Conversation, *, again: bool = False) -> Reply:
    from cegah.complaints.models import Category
    from cegah.regions.models import Region

    answers = conversation.answers
    category = Category.objects.filter(code=answers.get("category")).first()
    region = Region.objects.filter(code=answers.get("region")).first()
    lines = [_("Please check your complaint:")]
    lines.append(_("About: %(value)s") % {"value": category.name if category else "—"})
    lines.append(_("Where: %(value)s") % {"value": region.path if region else "—"})
    if answers.get("place"):
        lines.append(_("Place: %(value)s") % {"value": answers["place"]})
    lines.append(_("What happened: %(value)s") % {"value": answers.get("description", "")})
    lines.append(_("Photos: %(count)s") % {"count": len(answers.get("uploads", []))})
    if answers.get("anonymous"):
        lines.append(_("Anonymous: yes"))
    else:
        contact = answers.get("contact", {})
        lines.append(
            _("Name and contact: %(name)s, %(contact)s")
            % {"name": answers.get("name", ""), "contact": next(iter(contact.values()), "")}
        )
    lines.append(_("Write “kirim” to send it, or “batal” to stop."))
    if again:
        lines.insert(0, _("The complaint is not sent yet."))
    return Reply(
        text="\n".join(lines),
        options=[Option(_("send"), _("Send")), _stop()],
    )


def _submit(conversation: Conversation, turn: Turn) -> Reply:
    from cegah.complaints.actions import submit_complaint
    from cegah.complaints.models import Category
    from cegah.regions.models import Region

    answers = conversation.answers
    category = Category.objects.active().filter(code=answers.get("category")).first()
    region = Region.objects.filter(code=answers.get("region")).first()
    if category is None or region is None:
        conversation.reset_tool()
        return Reply(text=_("Something is missing; please start again with /lapor."))
    if not turn.allow_complaint():
        return Reply(
            text=_("Too many complaints were sent from here. Try again in an hour."),
            options=[Option(_("send"), _("Send")), _stop()],
        )
    contact = answers.get("contact", {})
    key = form_key(conversation)
    complaint, _created = submit_complaint(
        actor=None,
        category=category,
        region=region,
        place=str(answers.get("place", "")),
        description=str(answers["description"]),
        anonymous=bool(answers.get("anonymous")),
        reporter_name=str(answers.get("name", "")),
        reporter_email=str(contact.get("email", "")),
        reporter_phone=str(contact.get("phone", "")),
        upload_key=key,
        idempotency_key=key,
        language=conversation.language,
    )
    conversation.reset_tool()
    track = reverse("complaints:track_detail", args=[complaint.display_code])
    return Reply(
        text=_(
            "Your complaint has been received. Your tracking code is %(code)s. Keep it: with it "
            "you can follow the complaint and answer questions about it."
        )
        % {"code": complaint.display_code},
        actions=[Link(_("Follow your complaint"), track, "track")],
        tracking_code=complaint.display_code,
    )
