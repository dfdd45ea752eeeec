"""Each app's personal data, described once (see `registry.py`); kept here until the apps
declare their own. Records are found through the foreign keys to the account only, never by
looking up an email address or a phone number: those fields may be encrypted, and a number
typed into a form proves nothing about who owns it. Changed rows are saved whole (`save()`),
so blind indexes and other derived columns follow the emptied values.

What erasure does with each kind, and why, is in docs/decisions/0024-pdp-requests-and-retention.md.
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cegah.accounts.models import STAFF_ROLES, Membership
from cegah.audit.models import AccessLog
from cegah.privacy.models import PrivacyRequest
from cegah.privacy.registry import Field, Item, Provider, Subject, fields, records, register

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.db.models.fields.files import FieldFile

# Shown beside an erased person's forum posts. Stored text, so it cannot follow the reader's
# language: Indonesian, the site's default.
DELETED_DISPLAY_NAME = "Akun dihapus"
DELETED_EMAIL_DOMAIN = "akun-terhapus.invalid"


def _remove_files(files: list[FieldFile]) -> None:
    """Delete stored files once the transaction that dropped their rows has committed."""
    found = [(f.storage, str(f.name)) for f in files if f]

    def remove() -> None:
        for storage, name in found:
            storage.delete(name)

    if found:
        transaction.on_commit(remove)


# The account --------------------------------------------------------------------------------


def _account_export(subject: Subject) -> list[Item]:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from cegah.api.models import ApiToken

    user = subject.user
    items = [
        Item(
            user.email,
            fields(
                user,
                "email",
                "full_name",
                "phone",
                "nip",
                "region",
                "preferred_language",
                "date_joined",
                "last_login",
                "is_active",
            ),
        )
    ]
    for m in Membership.objects.filter(user=user).select_related("agency"):
        items.append(
            Item(
                gettext("Role"),
                (
                    Field("agency", _("agency"), m.agency.name),
                    *fields(m, "role", "is_active", "created_at"),
                ),
            )
        )
    for address in EmailAddress.objects.filter(user=user):
        items.append(
            Item(
                gettext("Email address"),
                (
                    Field("email", _("email address"), address.email),
                    Field("verified", _("verified"), address.verified),
                    Field("primary", _("primary"), address.primary),
                ),
            )
        )
    for authenticator in Authenticator.objects.filter(user=user):
        items.append(
            Item(
                gettext("Two-factor authentication"),
                (
                    Field("type", _("type"), authenticator.get_type_display()),
                    Field("created_at", _("created"), authenticator.created_at.isoformat()),
                ),
            )
        )
    for token in ApiToken.objects.filter(user=user):
        items.append(
            Item(
                gettext("API token"),
                fields(token, "name", "hint", "created_at", "last_used_at", "revoked_at"),
            )
        )
    return items


def _account_blockers(subject: Subject) -> list[str]:
    user = subject.user
    staff = Membership.objects.filter(user=user, is_active=True, role__in=STAFF_ROLES).exists()
    if staff or user.is_staff or user.is_superuser:
        return [
            gettext(
                "You hold a staff role. Ask your agency's administrator to end your roles "
                "first: the records of what staff did must keep their author."
            )
        ]
    return []


def _account_erase(subject: Subject) -> int:
    """Empty the account in place: other records (gift reports, forum posts, access-log
    rows) point at it and must keep pointing at one row, which now holds nothing personal."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.usersessions.models import UserSession

    from cegah.api.models import ApiToken

    user = subject.user
    touched = 1
    touched += Membership.objects.filter(user=user).delete()[0]
    touched += EmailAddress.objects.filter(user=user).delete()[0]
    touched += Authenticator.objects.filter(user=user).delete()[0]
    touched += ApiToken.objects.filter(user=user).delete()[0]
    # The signed-in devices list (allauth's user sessions) keeps each session's address and
    # browser: gone with the account's sessions.
    touched += UserSession.objects.filter(user=user).delete()[0]
    user.email = f"{user.pk}@{DELETED_EMAIL_DOMAIN}"
    user.full_name = ""
    user.phone = ""
    user.nip = None
    user.region = None
    user.is_active = False
    # A new (unusable) password also ends every session the person had: Django checks the
    # password's hash on each request.
    user.set_unusable_password()
    user.save()
    return touched


register(
    Provider(
        key="account",
        label=_("Your account"),
        order=10,
        policy=_(
            "Deleted: your email address, name, phone number, NIP, region, roles, two-factor "
            "devices, API tokens and the list of signed-in devices. The emptied account stays as a number so that the records "
            "below keep pointing at one place; nobody can sign in to it."
        ),
        export=_account_export,
        erase=_account_erase,
        blockers=_account_blockers,
        records=lambda s: [(get_user_model()._meta.label_lower, str(s.user.pk))],
    )
)


# Complaints ---------------------------------------------------------------------------------


def _complaints(subject: Subject) -> QuerySet[Any]:
    from cegah.complaints.models import Complaint

    return Complaint.objects.filter(reporter=subject.user)


def _complaints_export(subject: Subject) -> list[Item]:
    items = []
    for c in (
        _complaints(subject)
        .select_related("category", "region", "agency")
        .prefetch_related("events", "attachments")
    ):
        history = [
            f"{e.created_at.isoformat()} {e.get_kind_display()}: {e.message}".strip()
            for e in c.events.all()
            if not e.internal
        ]
        files = [a.original_name for a in c.attachments.all() if not a.internal]
        items.append(
            Item(
                c.display_code,
                (
                    Field("tracking_code", _("tracking code"), c.display_code),
                    *fields(
                        c,
                        "created_at",
                        "status",
                        "category",
                        "region",
                        "place",
                        "incident_date",
                        "description",
                        "anonymous",
                        "confidential",
                        "consent_to_share_identity",
                        "reporter_name",
                        "reporter_email",
                        "reporter_phone",
                        "language",
                        "agency",
                        "rating",
                        "rating_comment",
                    ),
                    Field("history", _("history"), history),
                    Field("attachments", _("attachments"), files),
                ),
            )
        )
    return items


def _complaints_erase(subject: Subject) -> int:
    """The complaint stays (a public-interest record the agency must answer for); who filed
    it is blanked, as if it had been sent without a name."""
    touched = 0
    for c in _complaints(subject):
        c.reporter_name = ""
        c.reporter_email = ""
        c.reporter_phone = ""
        c.reporter = None
        c.consent_to_share_identity = False
        c.save()
        touched += 1
    return touched


register(
    Provider(
        key="complaints",
        label=_("Complaints you filed while signed in"),
        order=20,
        policy=_(
            "Kept, with your name, email address and phone number removed: a complaint is a "
            "public-interest record the agency must still answer for. Whoever holds the "
            "tracking code can still follow it."
        ),
        export=_complaints_export,
        erase=_complaints_erase,
        records=lambda s: [
            ("complaints.complaint", str(pk)) for pk in _complaints(s).values_list("pk", flat=True)
        ],
    )
)


# Gift (gratification) reports ---------------------------------------------------------------


def _reports(subject: Subject) -> QuerySet[Any]:
    from cegah.gratification.models import GratificationReport

    return GratificationReport.objects.filter(reporter=subject.user)


def report_is_concluded(report: object) -> bool:
    """Whether KPK's handling of a gift report has ended: determination stopped, or decided
    with the letter sent and, when the gift became state property, handed over."""
    from cegah.gratification.models import STATE_PROPERTY, ReportStatus

    status = getattr(report, "status", "")
    if status == ReportStatus.DETERMINATION_STOPPED:
        return True
    if status != ReportStatus.DECIDED or getattr(report, "letter_sent_at", None) is None:
        return False
    return getattr(report, "decision", "") not in STATE_PROPERTY or bool(
        getattr(report, "handover_at", None)
    )


def _reports_export(subject: Subject) -> list[Item]:
    items = []
    for r in _reports(subject).select_related("agency").prefetch_related("evidence"):
        items.append(
            Item(
                r.number or gettext("Draft #%(id)s") % {"id": r.pk},
                (
                    *fields(
                        r,
                        "number",
                        "status",
                        "created_at",
                        "submitted_at",
                        "agency",
                        "reporter_name",
                        "reporter_nik",
                        "reporter_position",
                        "reporter_address",
                        "reporter_phone",
                        "reporter_email",
                        "giver_name",
                        "giver_relation",
                        "giver_address",
                        "received_on",
                        "place_received",
                        "form",
                        "kind",
                        "occasion",
                        "category",
                        "description",
                        "value_idr",
                        "chronology",
                        "decision",
                        "decided_at",
                        "decree_number",
                    ),
                    Field("evidence", _("evidence"), [e.original_name for e in r.evidence.all()]),
                ),
            )
        )
    return items


def _reports_blockers(subject: Subject) -> list[str]:
    from cegah.gratification.models import ReportStatus

    return [
        gettext(
            "Your gift report %(number)s is still being handled by the gratification unit or "
            "KPK. The law on corruption requires it to stay complete until KPK's decision is "
            "carried out (Pasal 15 UU 27/2022 allows this). Ask again once it is concluded."
        )
        % {"number": r.number or r.pk}
        for r in _reports(subject).exclude(status=ReportStatus.DRAFT)
        if not report_is_concluded(r)
    ]


def _reports_erase(subject: Subject) -> int:
    """Drafts were never reported: deleted with their files. A concluded report is a legal
    record (Pasal 12C UU 31/1999 jo. 20/2001, Pasal 16–17 UU 30/2002): the statutory
    elements stay, the contact data (phone, email, where reminders went) is removed."""
    from cegah.gratification.models import ReminderSent, ReportStatus

    touched = 0
    for r in _reports(subject).prefetch_related("evidence"):
        if r.status == ReportStatus.DRAFT:
            _remove_files([e.file for e in r.evidence.all()])
            r.delete()
            touched += 1
            continue
        r.reporter_phone = ""
        r.reporter_email = ""
        r.save()
        for sent in ReminderSent.objects.filter(report=r):
            sent.sent_to = ""
            sent.save()
        touched += 1
    return touched


register(
    Provider(
        key="gratification",
        label=_("Gift (gratification) reports"),
        order=30,
        policy=_(
            "Drafts never sent are deleted. A sent report is a legal record under the law on "
            "corruption: it stays with your name, NIK, position and address as reported, and "
            "your phone number and email address are removed."
        ),
        export=_reports_export,
        erase=_reports_erase,
        blockers=_reports_blockers,
        records=lambda s: [
            ("gratification.gratificationreport", str(pk))
            for pk in _reports(s).values_list("pk", flat=True)
        ],
    )
)


# Campaign participations --------------------------------------------------------------------


def _participations(subject: Subject) -> QuerySet[Any]:
    """The campaigns app's own answer: rows linked to the account, and imported rows that
    name the person's NIP or an email address they proved is theirs."""
    from cegah.campaigns.workspace import participant_rows

    return participant_rows(subject.user)


def _participations_export(subject: Subject) -> list[Item]:
    items = []
    for p in (
        _participations(subject).select_related("campaign", "agency").prefetch_related("shares")
    ):
        shares = [
            f"{s.day.isoformat()} {s.get_channel_display()}"
            + (f" {s.proof_url}" if s.proof_url else "")
            for s in p.shares.all()
        ]
        items.append(
            Item(
                p.campaign.title,
                (
                    Field("campaign", _("campaign"), p.campaign.title),
                    *fields(
                        p,
                        "agency",
                        "group",
                        "nip",
                        "name",
                        "phone",
                        "email",
                        "telegram_chat_id",
                        "reminder_channel",
                        "created_at",
                    ),
                    Field("confirmations", _("confirmed shares"), shares),
                ),
            )
        )
    return items


def _participations_erase(subject: Subject) -> int:
    """The participation stays in the campaign's report (a circular letter's duty, counted
    per agency); the ways to reach the person and the screenshots of their phone go."""
    from cegah.campaigns.models import Reminder, ReminderStatus, Share

    touched = 0
    for p in _participations(subject):
        Reminder.objects.filter(participant=p, status=ReminderStatus.PLANNED).delete()
        for reminder in Reminder.objects.filter(participant=p).exclude(recipient=""):
            reminder.recipient = ""
            reminder.save()
        for share in Share.objects.filter(participant=p).exclude(proof_file=""):
            _remove_files([share.proof_file])
            share.proof_file = ""
            share.save(update_fields=["proof_file"])
        p.phone = ""
        p.email = ""
        p.telegram_chat_id = ""
        p.user = None
        p.save()
        touched += 1
    return touched


register(
    Provider(
        key="campaigns",
        label=_("Campaign participations"),
        order=40,
        policy=_(
            "Kept in the campaign's report with your name and NIP (taking part is a duty of "
            "the circular letter), without your phone number, email address, Telegram chat or "
            "screenshots; no more reminders are sent."
        ),
        export=_participations_export,
        erase=_participations_erase,
        records=lambda s: [
            ("campaigns.participant", str(pk))
            for pk in _participations(s).values_list("pk", flat=True)
        ],
    )
)


# Forum --------------------------------------------------------------------------------------


def _forum_export(subject: Subject) -> list[Item]:
    from cegah.forum.models import Follow, Member, Post, Support

    user = subject.user
    items = []
    member = Member.objects.filter(user=user).first()
    if member is not None:
        items.append(
            Item(
                member.display_name,
                (
                    *fields(member, "display_name", "is_blocked", "created_at"),
                    Field("telegram_linked", _("Telegram linked"), bool(member.telegram_chat_id)),
                ),
            )
        )
    for post in Post.objects.filter(author=user).select_related("thread"):
        items.append(
            Item(
                post.thread.title,
                (
                    Field("thread", _("question"), post.thread.title),
                    Field("opening", _("opening post"), post.is_opening),
                    *fields(post, "body", "status", "created_at"),
                ),
            )
        )
    supported = [s.thread.title for s in Support.objects.filter(user=user).select_related("thread")]
    followed = [f.thread.title for f in Follow.objects.filter(user=user).select_related("thread")]
    if supported or followed:
        items.append(
            Item(
                gettext("Questions you support or follow"),
                (
                    Field("supported", _("supported"), supported),
                    Field("followed", _("followed"), followed),
                ),
            )
        )
    return items


def _forum_records(subject: Subject) -> list[tuple[str, str]]:
    from cegah.forum.models import Post

    return [
        ("forum.post", str(pk))
        for pk in Post.objects.filter(author=subject.user).values_list("pk", flat=True)
    ]


def _forum_erase(subject: Subject) -> int:
    """Posts stay where others answered them, under "Akun dihapus"; subscriptions go."""
    from cegah.forum.actions import set_display_name
    from cegah.forum.models import Follow, Member, Post

    user = subject.user
    touched = Follow.objects.filter(user=user).delete()[0]
    if Member.objects.filter(user=user).exists():
        member = set_display_name(actor=user, display_name=DELETED_DISPLAY_NAME)
        member.telegram_chat_id = ""
        member.telegram_code = ""
        member.save(update_fields=["telegram_chat_id", "telegram_code"])
        touched += 1 + Post.objects.filter(author=user).count()
    return touched


register(
    Provider(
        key="forum",
        label=_("Forum questions and replies"),
        order=50,
        policy=_(
            "Your questions and replies stay where others answered them, shown as written by "
            "“Akun dihapus” (deleted account); the questions you follow are forgotten."
        ),
        export=_forum_export,
        erase=_forum_erase,
        records=_forum_records,
    )
)


# Chat conversations -------------------------------------------------------------------------


def _chat_senders(subject: Subject) -> list[tuple[str, str]]:
    """The web conversation of this browser and the Telegram chats the person linked with a
    code only they had (the forum's and the campaigns' links). A WhatsApp number typed into a
    profile proves nothing, so WhatsApp conversations are never linked to an account."""
    from cegah.campaigns.models import Participant
    from cegah.chat.models import ChannelKind
    from cegah.forum.models import Member

    found = set(subject.chat_senders)
    chats = set(
        Member.objects.filter(user=subject.user).values_list("telegram_chat_id", flat=True)
    ) | set(
        Participant.objects.filter(user=subject.user).values_list("telegram_chat_id", flat=True)
    )
    found |= {(ChannelKind.TELEGRAM.value, chat) for chat in chats if chat}
    return sorted(found)


def _conversations(subject: Subject) -> QuerySet[Any]:
    from cegah.chat.models import Conversation

    senders = _chat_senders(subject)
    if not senders:
        return Conversation.objects.none()
    return Conversation.objects.filter(
        reduce(operator.or_, (Q(channel=c, sender=s) for c, s in senders))
    )


def _chat_export(subject: Subject) -> list[Item]:
    items = []
    for c in _conversations(subject).prefetch_related("messages"):
        messages = [
            f"{m.created_at.isoformat()} {m.get_direction_display()}: {m.text}"
            for m in c.messages.all()
        ]
        items.append(
            Item(
                c.get_channel_display(),
                (
                    *fields(c, "channel", "created_at", "last_message_at", "tool", "step"),
                    Field("messages", _("messages"), messages),
                ),
            )
        )
    return items


def _chat_erase(subject: Subject) -> int:
    from cegah.chat.actions import clear_conversation

    return sum(
        clear_conversation(channel=c.channel, sender=c.sender) for c in _conversations(subject)
    )


register(
    Provider(
        key="chat",
        label=_("Conversations with Tanya Cegah"),
        order=60,
        policy=_("Deleted (they are deleted anyway some days after the last message)."),
        export=_chat_export,
        erase=_chat_erase,
    )
)


# Requests under UU PDP and the access log ---------------------------------------------------


def _requests_export(subject: Subject) -> list[Item]:
    return [
        Item(
            r.get_kind_display(),
            fields(r, "kind", "status", "requested_at", "completed_at", "reason"),
        )
        for r in PrivacyRequest.objects.filter(actor=subject.user)
    ]


register(
    Provider(
        key="requests",
        label=_("Your requests about your personal data"),
        order=80,
        policy=_("Kept, without their contents, as the record that your request was honoured."),
        export=_requests_export,
        erase=lambda s: 0,
    )
)


def access_rows_about(subject: Subject) -> QuerySet[Any]:
    """The access-log rows naming any record about the person."""
    by_type: dict[str, list[str]] = {}
    for object_type, object_id in records(subject):
        by_type.setdefault(object_type, []).append(object_id)
    if not by_type:
        return AccessLog.objects.none()
    return AccessLog.objects.filter(
        reduce(operator.or_, (Q(object_type=t, object_id__in=ids) for t, ids in by_type.items()))
    )


def _access_export(subject: Subject) -> list[Item]:
    return [
        Item(
            f"{row.at:%Y-%m-%d %H:%M}",
            fields(row, "at", "actor_label", "kind", "object_type", "object_id", "reason"),
        )
        for row in access_rows_about(subject)
    ]


register(
    Provider(
        key="access_log",
        label=_("Who accessed your records"),
        order=90,
        policy=_(
            "Kept for the period the access log is kept: it is how misuse of your data by "
            "staff can be found out later."
        ),
        export=_access_export,
        erase=lambda s: 0,
    )
)
