"""Everything that changes the forum. The pages, the API and the periodic jobs call these.

Each action checks who acts (`PostingRefused`, `PermissionDenied`), writes the change and its
`ModerationEvent` in one transaction and queues the messages it causes in that transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
import zoneinfo
from collections import defaultdict
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cegah.accounts.access import is_staff_member
from cegah.accounts.models import Role, User
from cegah.agencies.models import REGIONAL_TYPES, Agency
from cegah.forum import access, notify, ratelimit
from cegah.forum.models import (
    EventKind,
    Flag,
    Follow,
    Member,
    ModerationEvent,
    Post,
    PostStatus,
    Support,
    Thread,
)
from cegah.forum.screening import screen
from cegah.lib.textanalysis import analyse
from cegah.lib.workdays import add_working_days

if TYPE_CHECKING:
    from cegah.regions.models import Region


class PostingRefused(Exception):
    """The person may not post now; the message says why and what to do."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class AlreadyFlagged(Exception):
    """The person has flagged this post before (one flag per person per post)."""


# Members


def default_display_name(user: User) -> str:
    """The first word of the person's name, or "Warga <number>": never the email address."""
    first = (user.full_name or "").strip().split(" ")[0]
    return first[:40] if first else f"Warga {user.pk}"


def member_for(user: User) -> Member:
    """The person's forum identity, made on first use."""
    member, _created = Member.objects.get_or_create(
        user=user, defaults={"display_name": default_display_name(user)}
    )
    return member


def set_display_name(*, actor: User, display_name: str) -> Member:
    """Change the one name others see next to the person's posts."""
    member = member_for(actor)
    member.display_name = display_name.strip()[:60] or default_display_name(actor)
    member.save(update_fields=["display_name"])
    return member


def telegram_code(*, actor: User) -> str:
    """The code of the person's Telegram link (`/start forum<code>`), made on first use."""
    member = member_for(actor)
    if not member.telegram_code:
        member.telegram_code = secrets.token_hex(8)
        member.save(update_fields=["telegram_code"])
    return member.telegram_code


def link_telegram(*, code: str, chat_id: str) -> Member | None:
    """Store the chat that opened the bot with the person's code; None for an unknown code."""
    member = Member.objects.filter(telegram_code=code).first() if code else None
    if member is None:
        return None
    member.telegram_chat_id = chat_id[:32]
    member.save(update_fields=["telegram_chat_id"])
    return member


# Posting


def has_verified_email(user: User) -> bool:
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def check_may_post(user: User) -> None:
    """Raise `PostingRefused` unless the person may post now: a verified email address (agency
    staff are vetted by their agency), not blocked, past the cooling-off of a new account.
    The rate limit is counted only when a post is written."""
    staff = is_staff_member(user)
    if not staff and not has_verified_email(user):
        raise PostingRefused(
            _("Confirm your email address first: open the link we sent you, then post."),
            code="unverified",
        )
    member = Member.objects.filter(user=user).first()
    if member is not None and member.is_blocked:
        raise PostingRefused(
            _("A moderator has blocked you from posting in the forum."), code="blocked"
        )
    hours = settings.FORUM_NEW_ACCOUNT_HOURS
    if not staff and hours > 0 and user.date_joined > timezone.now() - dt.timedelta(hours=hours):
        raise PostingRefused(
            _("New accounts can post %(hours)s hours after signing up.") % {"hours": hours},
            code="new_account",
        )


def _count_post(user: User) -> None:
    if not ratelimit.allow_post(user.pk):
        raise PostingRefused(
            _("You have posted a lot in a short time; try again later."), code="rate_limited"
        )


def agency_for_region(region: Region | None) -> Agency | None:
    """The regional government of the region (or of the nearest region above it with one)."""
    if region is None:
        return None
    codes = [region.code, *[r.code for r in region.ancestors()]]
    found = {
        a.region_id: a
        for a in Agency.objects.active().filter(type__in=REGIONAL_TYPES, region_id__in=codes)
    }
    for code in codes:
        if code in found:
            return found[code]
    return None


def answer_due(agency: Agency | None, now: dt.datetime) -> dt.date:
    """The date the official answer is due: `FORUM_ANSWER_DEADLINE_WORKDAYS` working days
    after the question, counted in the zone of the agency that owes it."""
    zone = zoneinfo.ZoneInfo(agency.timezone if agency else "Asia/Jakarta")
    return add_working_days(now.astimezone(zone).date(), settings.FORUM_ANSWER_DEADLINE_WORKDAYS)


def thread_terms(thread: Thread, opening: str, official: str = "") -> str:
    text = "\n".join(t for t in (thread.title, opening, official) if t)
    return f" {analyse(text)} "


def _status_for(text: str) -> tuple[str, str]:
    reasons = screen(text)
    if reasons:
        return PostStatus.HELD, ",".join(reasons)
    return PostStatus.PUBLISHED, ""


def _existing(actor: User, form_token: str | None) -> Post | None:
    if not form_token:
        return None
    return Post.objects.select_related("thread").filter(author=actor, form_token=form_token).first()


def create_thread(
    *,
    actor: User,
    title: str,
    body: str,
    topic: str,
    region: Region | None = None,
    agency: Agency | None = None,
    form_token: str | None = None,
) -> tuple[Thread, Post]:
    """Ask a public question. The agency concerned defaults to the region's government; a
    text with a link or personal data is held for review. A second submit of the same form
    (`form_token`) returns the first thread instead of writing another."""
    found = _existing(actor, form_token)
    if found is not None:
        return found.thread, found
    check_may_post(actor)
    agency = agency or agency_for_region(region)
    status, held_reason = _status_for(f"{title}\n{body}")
    now = timezone.now()
    try:
        with transaction.atomic():
            _count_post(actor)
            member_for(actor)
            thread = Thread(
                title=title.strip(),
                topic=topic,
                region=region,
                agency=agency,
                author=actor,
                is_public=status == PostStatus.PUBLISHED,
                created_at=now,
                last_activity_at=now,
                answer_due=answer_due(agency, now),
            )
            thread.search_terms = thread_terms(thread, body)
            thread.save()
            post = Post.objects.create(
                thread=thread,
                author=actor,
                body=body.strip(),
                is_opening=True,
                status=status,
                held_reason=held_reason,
                queued_at=now if status == PostStatus.HELD else None,
                created_at=now,
                form_token=form_token or "",
            )
            Follow.objects.get_or_create(thread=thread, user=actor)
            _after_post(actor, post)
    except IntegrityError:
        # The same form submitted twice at once: the other request wrote it.
        found = _existing(actor, form_token)
        if found is None:
            raise
        return found.thread, found
    return thread, post


def reply(
    *,
    actor: User,
    thread: Thread,
    body: str,
    official: bool = False,
    form_token: str | None = None,
) -> Post:
    """Reply to a thread. `official` marks the answer of the agency concerned: only its staff
    (or KPK's) may give it (PermissionDenied otherwise); it is pinned, ends the wait, and the
    asker and followers are told."""
    found = _existing(actor, form_token)
    if found is not None:
        return found
    official_agency = None
    if official:
        official_agency = access.official_agency_for(actor, thread)
        if official_agency is None:
            raise PermissionDenied(
                _("Only staff of the agency concerned or of KPK may answer officially.")
            )
    check_may_post(actor)
    # Official answers come from vetted staff: they are not held for links (they often cite
    # rules online); everything else is screened.
    status, held_reason = (PostStatus.PUBLISHED, "") if official_agency else _status_for(body)
    now = timezone.now()
    try:
        with transaction.atomic():
            _count_post(actor)
            member_for(actor)
            post = Post.objects.create(
                thread=thread,
                author=actor,
                body=body.strip(),
                official_agency=official_agency,
                status=status,
                held_reason=held_reason,
                queued_at=now if status == PostStatus.HELD else None,
                created_at=now,
                form_token=form_token or "",
            )
            updates: dict[str, object] = {"last_activity_at": now}
            if status == PostStatus.PUBLISHED:
                updates["reply_count"] = F("reply_count") + 1
            Thread.objects.filter(pk=thread.pk).update(**updates)
            Follow.objects.get_or_create(thread=thread, user=actor)
            _after_post(actor, post)
            if official_agency is not None:
                _record_official(actor, thread, post)
    except IntegrityError:
        found = _existing(actor, form_token)
        if found is None:
            raise
        return found
    return post


def _after_post(actor: User, post: Post) -> None:
    if post.status == PostStatus.HELD:
        ModerationEvent.objects.create(
            kind=EventKind.HELD, post=post, actor=None, subject=actor, reason=post.held_reason
        )
        notify.tell_author(post, EventKind.HELD, post.held_reason)
        alert_moderators(post)
    else:
        ModerationEvent.objects.create(kind=EventKind.POSTED, post=post, actor=actor, subject=actor)


def _record_official(actor: User, thread: Thread, post: Post) -> None:
    opening = thread.posts.filter(is_opening=True).values_list("body", flat=True).first() or ""
    thread.refresh_from_db()
    thread.search_terms = thread_terms(thread, opening, post.body)
    if thread.answered_at is None:
        thread.answered_at = post.created_at
    thread.save(update_fields=["search_terms", "answered_at"])
    ModerationEvent.objects.create(
        kind=EventKind.OFFICIAL,
        post=post,
        actor=actor,
        reason=post.official_agency.name if post.official_agency else "",
    )
    followers = User.objects.filter(
        pk__in=Follow.objects.filter(thread=thread).values("user_id"), is_active=True
    )
    notify.official_answer(thread, post, followers)


# Support and follow


def toggle_support(*, actor: User, thread: Thread) -> bool:
    """Support the question, or take the support back; one per person. True when supported."""
    with transaction.atomic():
        deleted, _rows = Support.objects.filter(thread=thread, user=actor).delete()
        if deleted:
            Thread.objects.filter(pk=thread.pk).update(support_count=F("support_count") - 1)
            return False
        try:
            with transaction.atomic():
                Support.objects.create(thread=thread, user=actor)
        except IntegrityError:
            return True
        Thread.objects.filter(pk=thread.pk).update(support_count=F("support_count") + 1)
        Follow.objects.get_or_create(thread=thread, user=actor)
        return True


def toggle_follow(*, actor: User, thread: Thread) -> bool:
    """Follow the question (be told of its official answer), or stop. True when following."""
    deleted, _rows = Follow.objects.filter(thread=thread, user=actor).delete()
    if deleted:
        return False
    Follow.objects.get_or_create(thread=thread, user=actor)
    return True


# Flags and moderation


def flag_post(*, actor: User, post: Post, reason: str, note: str = "") -> Flag:
    """Report a post (one flag per person per post: `AlreadyFlagged` for a second). When
    `FORUM_HIDE_AFTER_FLAGS` distinct people have flagged it, it is hidden at once and enters
    the moderation queue, and its author is told."""
    with transaction.atomic():
        locked = Post.objects.select_for_update().select_related("thread").get(pk=post.pk)
        try:
            with transaction.atomic():
                flag = Flag.objects.create(post=locked, user=actor, reason=reason, note=note[:500])
        except IntegrityError as exc:
            raise AlreadyFlagged from exc
        count = Flag.objects.filter(post=locked).count()
        Post.objects.filter(pk=locked.pk).update(flag_count=count)
        ModerationEvent.objects.create(
            kind=EventKind.FLAGGED, post=locked, actor=actor, reason=reason
        )
        if count >= settings.FORUM_HIDE_AFTER_FLAGS and locked.status == PostStatus.PUBLISHED:
            # Once a moderator has restored a post, new flags queue it again but only hide it
            # once the threshold is passed again by new people: the count keeps rising.
            _set_status(locked, PostStatus.HIDDEN, queued=True)
            ModerationEvent.objects.create(
                kind=EventKind.AUTO_HIDDEN,
                post=locked,
                actor=None,
                subject=locked.author,
                reason=_("%(count)s people reported it.") % {"count": count},
            )
            notify.tell_author(locked, EventKind.AUTO_HIDDEN, "")
            alert_moderators(locked)
    return flag


def _set_status(post: Post, status: str, *, queued: bool) -> None:
    was_visible = post.status == PostStatus.PUBLISHED
    post.status = status
    post.queued_at = (post.queued_at or timezone.now()) if queued else None
    post.save(update_fields=["status", "queued_at"])
    visible = status == PostStatus.PUBLISHED
    if post.is_opening:
        Thread.objects.filter(pk=post.thread_id).update(is_public=visible)
    elif visible != was_visible:
        change = 1 if visible else -1
        Thread.objects.filter(pk=post.thread_id).update(reply_count=F("reply_count") + change)


def _moderated(actor: User, post: Post) -> Post:
    """The post, locked, if the actor moderates its thread (404 otherwise)."""
    access.get_moderated_post(actor, post.pk)
    return Post.objects.select_for_update().select_related("thread", "author").get(pk=post.pk)


def hide_post(*, actor: User, post: Post, reason: str) -> Post:
    """Hide a post and take it out of the queue; the author is told why."""
    with transaction.atomic():
        post = _moderated(actor, post)
        _set_status(post, PostStatus.HIDDEN, queued=False)
        ModerationEvent.objects.create(
            kind=EventKind.HIDDEN, post=post, actor=actor, subject=post.author, reason=reason
        )
        notify.tell_author(post, EventKind.HIDDEN, reason)
    return post


def restore_post(*, actor: User, post: Post, reason: str) -> Post:
    """Publish a held or hidden post and take it out of the queue; the author is told."""
    with transaction.atomic():
        post = _moderated(actor, post)
        _set_status(post, PostStatus.PUBLISHED, queued=False)
        ModerationEvent.objects.create(
            kind=EventKind.RESTORED, post=post, actor=actor, subject=post.author, reason=reason
        )
        notify.tell_author(post, EventKind.RESTORED, reason)
    return post


def edit_post(*, actor: User, post: Post, body: str, reason: str) -> Post:
    """Replace a post's text (e.g. remove a phone number) and publish it; the reason is
    required, logged and sent to the author."""
    if not reason.strip():
        raise ValueError("A moderator's edit needs a reason.")
    with transaction.atomic():
        post = _moderated(actor, post)
        post.body = body.strip()
        post.edited_at = timezone.now()
        post.save(update_fields=["body", "edited_at"])
        _set_status(post, PostStatus.PUBLISHED, queued=False)
        if post.is_opening or post.is_official:
            thread = post.thread
            opening = post.body if post.is_opening else thread.posts.get(is_opening=True).body
            official = thread.posts.filter(official_agency__isnull=False).first()
            thread.search_terms = thread_terms(thread, opening, official.body if official else "")
            thread.save(update_fields=["search_terms"])
        ModerationEvent.objects.create(
            kind=EventKind.EDITED, post=post, actor=actor, subject=post.author, reason=reason
        )
        notify.tell_author(post, EventKind.EDITED, reason)
    return post


def block_member(*, actor: User, post: Post, reason: str) -> Member:
    """Block the author of a post the moderator moderates from posting anywhere in the forum,
    hide that post, and tell them why."""
    with transaction.atomic():
        post = _moderated(actor, post)
        member = member_for(post.author)
        member.is_blocked = True
        member.blocked_reason = reason
        member.save(update_fields=["is_blocked", "blocked_reason"])
        if post.status != PostStatus.HIDDEN or post.queued_at:
            _set_status(post, PostStatus.HIDDEN, queued=False)
        ModerationEvent.objects.create(
            kind=EventKind.BLOCKED, post=post, actor=actor, subject=post.author, reason=reason
        )
        notify.tell_author(post, EventKind.BLOCKED, reason)
    return member


def _moderators_of(thread: Thread) -> list[User]:
    """Everyone whose queue holds the thread's posts."""
    people = User.objects.filter(is_active=True, memberships__is_active=True).filter(
        memberships__role__in=[Role.MODERATOR, Role.KPK_OFFICER]
    )
    return [u for u in people.distinct() if access.may_moderate_thread(u, thread)]


def alert_moderators(post: Post) -> int:
    """Email each moderator of the post's thread whose queue has grown past
    `FORUM_QUEUE_ALERT_SIZE`, at most once a day each; returns how many were told."""
    limit = settings.FORUM_QUEUE_ALERT_SIZE
    since = timezone.now() - dt.timedelta(days=1)
    told = 0
    for moderator in _moderators_of(post.thread):
        moderator.__dict__.pop("_cegah_memberships", None)
        size = access.queue_size(moderator)
        if size <= limit:
            continue
        if ModerationEvent.objects.filter(
            kind=EventKind.QUEUE_ALERT, subject=moderator, created_at__gte=since
        ).exists():
            continue
        ModerationEvent.objects.create(
            kind=EventKind.QUEUE_ALERT, subject=moderator, reason=str(size)
        )
        notify.queue_alert(moderator, size)
        told += 1
    return told


# The weekly digest

DIGEST_ROLES = (Role.AGENCY_ADMIN, Role.MODERATOR, Role.COMPLAINT_HANDLER)


def send_overdue_digests(today: dt.date | None = None) -> int:
    """For each agency, one email listing its public questions still unanswered after their
    deadline (to its administrators, moderators, complaint handlers and its own address);
    returns how many agencies were told."""
    today = today or timezone.localdate()
    overdue = (
        Thread.objects.public()
        .answered(False)
        .filter(agency__isnull=False, answer_due__lt=today)
        .select_related("agency")
        .order_by("answer_due", "pk")
    )
    by_agency: dict[int, list[Thread]] = defaultdict(list)
    for thread in overdue[:5000]:
        by_agency[thread.agency_id].append(thread)  # type: ignore[index]
    week = f"{today.isocalendar().year}-W{today.isocalendar().week:02d}"
    told = 0
    for threads in by_agency.values():
        agency = threads[0].agency
        assert agency is not None
        recipients = sorted(
            {
                u.email
                for u in User.objects.filter(
                    is_active=True,
                    # The agency's own people and those of the agencies above it.
                    memberships__agency_id__in=[int(i) for i in agency.path.strip("/").split("/")],
                    memberships__role__in=DIGEST_ROLES,
                    memberships__is_active=True,
                )
            }
            | ({agency.email} if agency.email else set())
        )
        if recipients:
            notify.digest(agency, threads[:50], recipients, week)
            told += 1
    return told
