"""`/api/v1/forum`: public questions, asking and replying with a personal token, flags, and
the moderation queue for moderators.

The same actions as the pages: posting needs a verified account past its cooling-off (403
otherwise) and counts against the person's limit (429); `official` in a reply is honoured only
for staff of the agency concerned or KPK (403 otherwise); a post with a link or personal data
is held for review (`status: "held"`).
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import StrictBool

from cegah.agencies.models import Agency
from cegah.api.auth import TokenAuth
from cegah.api.errors import field_error, responses
from cegah.api.params import Pages, object_id
from cegah.forum import access, actions, search
from cegah.forum.forms import BODY_MAX, TITLE_MAX
from cegah.forum.models import FlagReason, Post, PostStatus, Thread, ThreadQuerySet, Topic
from cegah.regions.models import Region

router = Router(tags=["forum"])

# The list counts at most this many matches (`count` reads as the cap above it): an exact
# count of 100,000 threads costs more than the page itself.
COUNT_CAP = 10_000


class CappedPages(Pages):
    """`Pages` whose `count` stops at `COUNT_CAP`."""

    def _items_count(self, queryset: Any) -> int:
        return int(queryset.order_by()[:COUNT_CAP].count())


class ForumThreadOut(Schema):
    id: int
    title: str
    topic: Topic
    region: str | None = Field(description="Kemendagri code of the region, if any.")
    region_name: str | None
    agency: str | None = Field(description="Code of the agency concerned, if any.")
    agency_name: str | None
    answered: bool = Field(description="Whether the agency gave its official answer.")
    answered_at: dt.datetime | None
    answer_due: dt.date | None = Field(description="When the official answer is due.")
    created_at: dt.datetime
    last_activity_at: dt.datetime
    support_count: int
    reply_count: int
    url: str

    @staticmethod
    def resolve_region(obj: Thread) -> str | None:
        return obj.region_id

    @staticmethod
    def resolve_region_name(obj: Thread) -> str | None:
        return obj.region.name if obj.region else None

    @staticmethod
    def resolve_agency(obj: Thread) -> str | None:
        return obj.agency.code if obj.agency else None

    @staticmethod
    def resolve_agency_name(obj: Thread) -> str | None:
        return obj.agency.name if obj.agency else None

    @staticmethod
    def resolve_answered(obj: Thread) -> bool:
        return obj.answered_at is not None

    @staticmethod
    def resolve_url(obj: Thread) -> str:
        return obj.get_absolute_url()


class ThreadFilters(Schema):
    q: str = Field("", max_length=200, description="Search words (Indonesian analyzer).")
    topic: Topic | None = Field(None, description="Only this topic.")
    region: str = Field("", max_length=13, description="Kemendagri code; regions inside too.")
    agency: str = Field("", max_length=64, description="Agency code; its units too.")
    answered: bool | None = Field(None, description="true: answered; false: not yet.")


@router.get("/threads", response=list[ForumThreadOut], summary="Public questions")
@paginate(CappedPages, page_size=20)
def list_threads(request: HttpRequest, filters: Query[ThreadFilters]) -> ThreadQuerySet:
    """Public questions, most recently active first, filtered and searched like the page."""
    return search.threads(
        search.Filters(
            q=filters.q,
            topic=filters.topic or "",
            region=filters.region.strip(),
            agency=filters.agency.strip(),
            answered=filters.answered,
        )
    )


class ThreadIn(Schema):
    title: str = Field(min_length=10, max_length=TITLE_MAX)
    body: str = Field(min_length=20, max_length=BODY_MAX)
    topic: Topic
    region: str | None = Field(None, max_length=13, description="Kemendagri region code.")
    agency: str | None = Field(None, max_length=64, description="Code of the agency concerned.")


class ThreadCreatedOut(Schema):
    id: int
    post_id: int = Field(description="The opening post.")
    url: str
    status: PostStatus = Field(description="`held` while it waits for a moderator.")


def _refused(exc: actions.PostingRefused) -> HttpError:
    return HttpError(429 if exc.code == "rate_limited" else 403, exc.message)


def _required_text(field: str, value: str, minimum: int) -> str:
    text = value.replace("\x00", "").strip()
    if len(text) < minimum:
        raise field_error(
            ["body", field],
            _("Must have at least %(min_length)s characters.") % {"min_length": minimum},
        )
    return text


IDEMPOTENCY = Header(
    None,
    alias="Idempotency-Key",
    max_length=64,
    description="Any unique string; a retry with the same key returns the same post.",
)


@router.post(
    "/threads",
    response={201: ThreadCreatedOut, **responses(401, 403, 422, 429)},
    auth=TokenAuth(),
    summary="Ask a question",
)
def create_thread(
    request: HttpRequest, payload: ThreadIn, idempotency_key: str | None = IDEMPOTENCY
) -> Status[ThreadCreatedOut]:
    """Ask a public question. Without `agency`, the government of `region` (or KPK) is the
    agency concerned."""
    title = _required_text("title", payload.title, 10)
    body = _required_text("body", payload.body, 20)
    region = None
    if payload.region:
        region = Region.objects.filter(code=payload.region.strip()).first()
        if region is None:
            raise field_error(["body", "region"], _("Unknown region code."))
    agency = None
    if payload.agency:
        agency = Agency.objects.active().filter(code=payload.agency.strip()).first()
        if agency is None:
            raise field_error(["body", "agency"], _("Unknown agency code."))
    try:
        thread, post = actions.create_thread(
            actor=request.user,  # type: ignore[arg-type]
            title=title,
            body=body,
            topic=payload.topic,
            region=region,
            agency=agency,
            form_token=f"api:{idempotency_key}" if idempotency_key else None,
        )
    except actions.PostingRefused as exc:
        raise _refused(exc) from exc
    return Status(
        201,
        ThreadCreatedOut(
            id=thread.pk,
            post_id=post.pk,
            url=thread.get_absolute_url(),
            status=PostStatus(post.status),
        ),
    )


class ReplyIn(Schema):
    body: str = Field(min_length=2, max_length=BODY_MAX)
    official: StrictBool = Field(
        False, description="The official answer; only for staff of the agency concerned or KPK."
    )


class ReplyOut(Schema):
    id: int
    thread_id: int
    official: bool
    status: PostStatus
    url: str


@router.post(
    "/threads/{thread_id}/replies",
    response={201: ReplyOut, **responses(401, 403, 404, 422, 429)},
    auth=TokenAuth(),
    summary="Reply to a question",
)
def create_reply(
    request: HttpRequest,
    payload: ReplyIn,
    thread_id: int = object_id("The thread's id."),
    idempotency_key: str | None = IDEMPOTENCY,
) -> Status[ReplyOut]:
    """Reply; with `official: true`, answer officially for the agency concerned."""
    thread = access.get_thread(request.user, thread_id)
    body = _required_text("body", payload.body, 2)
    try:
        post = actions.reply(
            actor=request.user,  # type: ignore[arg-type]
            thread=thread,
            body=body,
            official=payload.official,
            form_token=f"api:{idempotency_key}" if idempotency_key else None,
        )
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    except actions.PostingRefused as exc:
        raise _refused(exc) from exc
    return Status(
        201,
        ReplyOut(
            id=post.pk,
            thread_id=thread.pk,
            official=post.is_official,
            status=PostStatus(post.status),
            url=f"{thread.get_absolute_url()}#post-{post.pk}",
        ),
    )


class FlagIn(Schema):
    reason: FlagReason
    note: str = Field("", max_length=500)


class FlagOut(Schema):
    id: int
    post_id: int
    hidden: bool = Field(description="Whether the post is now hidden (threshold reached).")


@router.post(
    "/posts/{post_id}/flags",
    response={201: FlagOut, **responses(401, 404, 409, 422)},
    auth=TokenAuth(),
    summary="Report a post",
)
def create_flag(
    request: HttpRequest, payload: FlagIn, post_id: int = object_id("The post's id.")
) -> Status[FlagOut]:
    """Report a post to the moderators; one report per person per post (409 for another)."""
    post = access.get_post(request.user, post_id)
    try:
        flag = actions.flag_post(
            actor=request.user,  # type: ignore[arg-type]
            post=post,
            reason=payload.reason,
            note=payload.note.replace("\x00", ""),
        )
    except actions.AlreadyFlagged as exc:
        raise HttpError(409, _("You have already reported this post.")) from exc
    post.refresh_from_db(fields=["status"])
    return Status(
        201, FlagOut(id=flag.pk, post_id=post.pk, hidden=post.status == PostStatus.HIDDEN)
    )


class ModerationItemOut(Schema):
    id: int = Field(description="The post's id.")
    thread_id: int
    thread_title: str
    agency: str | None
    status: PostStatus
    held_reason: str
    flag_count: int
    queued_at: dt.datetime
    body: str

    @staticmethod
    def resolve_thread_title(obj: Post) -> str:
        return obj.thread.title

    @staticmethod
    def resolve_agency(obj: Post) -> str | None:
        return obj.thread.agency.code if obj.thread.agency else None


@router.get(
    "/moderation",
    response={200: list[ModerationItemOut], **responses(401, 404)},
    auth=TokenAuth(),
    summary="The moderation queue",
)
@paginate(Pages, page_size=50)
def moderation_queue(request: HttpRequest) -> list[Post]:
    """Held posts and posts hidden after flags in the threads the moderator covers, oldest
    first; a 404 for anyone who moderates nothing."""
    return access.queue(request.user)  # type: ignore[return-value]
