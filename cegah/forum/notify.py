"""Messages the forum sends: the official answer to the asker and followers (email, and
Telegram for those who linked it), the reason for a moderation decision to the author, the
queue alert to moderators and the weekly digest to agencies.

Every message goes through `cegah.messaging.channels.send` in a background task queued with
the change that causes it; outside production email lands in the outbox table and Telegram in
the sink. Texts are written in the reader's preferred language.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.tasks import task
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from cegah.forum.models import EventKind, Member, Post, Thread
from cegah.messaging import channels

if TYPE_CHECKING:
    from cegah.accounts.models import User
    from cegah.agencies.models import Agency

logger = logging.getLogger(__name__)


@task()
def deliver(channel: str, to: str, subject: str, body: str, key: str) -> None:
    """Send one message; a refusal is logged, not retried (the page shows the same news)."""
    try:
        channels.send(channel, to, body, key=key, subject=subject)
    except channels.DeliveryError:
        logger.warning("Forum message %s to %s not delivered", key, channel, exc_info=True)


def _queue(channel: str, to: str, subject: str, body: str, key: str) -> None:
    if not to:
        return
    # Queued in the caller's transaction (django-tasks-db), so a rolled-back change sends
    # nothing.
    deliver.enqueue(channel=channel, to=to, subject=subject, body=body, key=key)


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _language(user: User) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def _thread_url(thread: Thread, language: str) -> str:
    with translation.override(language):
        return _absolute(reverse("forum:thread", args=[thread.pk]))


def official_answer(thread: Thread, post: Post, followers: Iterable[User]) -> int:
    """Tell each follower (the asker among them) that the official answer arrived; returns
    how many people were told."""
    told = 0
    agency_name = post.official_agency.name if post.official_agency else ""
    for user in followers:
        if user.pk == post.author_id:
            continue
        language = _language(user)
        with translation.override(language):
            subject = _("Official answer: %(title)s") % {"title": thread.title[:80]}
            body = _(
                "%(agency)s answered the question “%(title)s” officially.\n\n"
                "Read the answer: %(url)s\n\n"
                "You receive this because you asked or follow this question."
            ) % {"agency": agency_name, "title": thread.title, "url": _thread_url(thread, language)}
        key = f"forum:official:{post.pk}:{user.pk}"
        _queue("email", user.email, subject, body, key)
        member = Member.objects.filter(user=user).exclude(telegram_chat_id="").first()
        if member is not None:
            _queue("telegram", member.telegram_chat_id, subject, body, key)
        told += 1
    return told


def tell_author(post: Post, kind: str, reason: str) -> None:
    """Tell the author what a moderator (or the flags) did to their post, and why."""
    author = post.author
    language = _language(author)
    with translation.override(language):
        what = {
            EventKind.HELD: _("Your post waits for a moderator's review before it is shown."),
            EventKind.AUTO_HIDDEN: _(
                "Your post was hidden because several people reported it; a moderator will "
                "review it."
            ),
            EventKind.HIDDEN: _("A moderator hid your post."),
            EventKind.RESTORED: _("A moderator published your post."),
            EventKind.EDITED: _("A moderator edited your post."),
            EventKind.BLOCKED: _("A moderator blocked you from posting in the forum."),
        }[EventKind(kind)]
        if kind == EventKind.HELD:
            reason = _("it contains %(what)s") % {"what": post.held_reason_text}
        subject = _("About your post in the forum")
        body = _("%(what)s\n\nReason: %(reason)s\n\nThe question: %(title)s\n%(url)s") % {
            "what": what,
            "reason": reason or "-",
            "title": post.thread.title,
            "url": _thread_url(post.thread, language),
        }
    _queue("email", author.email, subject, body, f"forum:{kind}:{post.pk}")


def queue_alert(moderator: User, size: int) -> None:
    """Tell a moderator that their queue has grown past the alert size."""
    language = _language(moderator)
    with translation.override(language):
        subject = _("The forum moderation queue needs you")
        body = _(
            "%(size)s posts wait in your moderation queue (held for review or hidden after "
            "flags).\n\n%(url)s"
        ) % {"size": size, "url": _absolute(reverse("forum:queue"))}
    _queue("email", moderator.email, subject, body, f"forum:alert:{moderator.pk}")


def digest(agency: Agency, threads: list[Thread], recipients: list[str], week: str) -> None:
    """The weekly list of the agency's public questions still unanswered after their
    deadline, to its administrators and moderators and its own address."""
    with translation.override(settings.LANGUAGE_CODE):
        lines = [
            _("- %(title)s (due %(due)s): %(url)s")
            % {
                "title": t.title,
                "due": t.answer_due.isoformat() if t.answer_due else "-",
                "url": _thread_url(t, settings.LANGUAGE_CODE),
            }
            for t in threads
        ]
        subject = _("%(count)s public questions to %(agency)s are past their deadline") % {
            "count": len(threads),
            "agency": agency.name,
        }
        body = (
            _(
                "These public questions to %(agency)s have no official answer yet, and their "
                "deadline has passed:"
            )
            % {"agency": agency.name}
            + "\n\n"
            + "\n".join(lines)
        )
    for to in recipients:
        _queue("email", to, subject, body, f"forum:digest:{agency.pk}:{week}")
