"""Who may see, answer and moderate what in the forum: the only place these questions are
answered.

- Anyone reads public threads; a held or hidden post is seen by its author and by the
  moderators whose scope holds its thread.
- **Official answers**: administrators and complaint handlers of the agency concerned or of
  an agency above it, and KPK officers (and KPK's administrators and complaint handlers) for
  every thread; a thread without an agency is KPK's.
- **Moderators**: the `moderator` role in an agency covers the threads about that agency and
  its units; a moderator in KPK, a KPK officer and a superuser cover every thread. Anyone else
  gets a 404 for the queue and its posts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from cegah.accounts.access import active_memberships, is_kpk_officer
from cegah.accounts.models import Role
from cegah.agencies.models import Agency, AgencyType
from cegah.forum.models import Post, PostStatus, Thread

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cegah.accounts.models import User

ALL: Literal["all"] = "all"


# The people who speak for an agency in public: its administrators and its complaint
# handlers (who answer the public already), and KPK officers.
ANSWER_ROLES = (Role.AGENCY_ADMIN, Role.COMPLAINT_HANDLER, Role.KPK_OFFICER)


def _staff_agencies(user: User | AnonymousUser) -> list[Agency]:
    return [m.agency for m in active_memberships(user) if m.role in ANSWER_ROLES]


def answering_agencies(user: User | AnonymousUser) -> list[Agency]:
    """The agencies on whose behalf the person may answer officially."""
    return _staff_agencies(user)


def official_agency_for(user: User | AnonymousUser, thread: Thread) -> Agency | None:
    """The agency the person would answer `thread` for, or None when they may not: staff of
    the agency concerned (or above it) first, KPK staff otherwise."""
    if not user.is_authenticated:
        return None
    staff = _staff_agencies(user)
    if thread.agency is not None:
        for agency in staff:
            if thread.agency.path.startswith(agency.path):
                return agency
    for agency in staff:
        if agency.type == AgencyType.KPK:
            return agency
    if is_kpk_officer(user):
        return Agency.objects.filter(type=AgencyType.KPK).first()
    return None


def moderation_scope(user: User | AnonymousUser) -> Literal["all"] | list[Agency]:
    """`"all"` for moderators of every space, the agencies a moderator covers, or []."""
    if not user.is_authenticated:
        return []
    if is_kpk_officer(user):
        return ALL
    agencies = [m.agency for m in active_memberships(user) if m.role == Role.MODERATOR]
    if any(a.type == AgencyType.KPK for a in agencies):
        return ALL
    return agencies


def is_moderator(user: User | AnonymousUser) -> bool:
    return bool(moderation_scope(user))


def _scope_filter(scope: Literal["all"] | list[Agency], prefix: str = "") -> Q:
    if scope == ALL:
        return Q()
    q = Q(pk__in=[])
    for agency in scope:
        q |= Q(**{f"{prefix}agency__path__startswith": agency.path})
    return q


def moderated_posts(user: User | AnonymousUser) -> QuerySet[Post]:
    """Every post of the threads in the person's moderation scope; a 404 for non-moderators."""
    scope = moderation_scope(user)
    if not scope:
        raise Http404
    return Post.objects.filter(_scope_filter(scope, "thread__")).select_related(
        "thread", "thread__agency", "author__forum_member", "official_agency"
    )


def queue(user: User | AnonymousUser) -> QuerySet[Post]:
    """The one moderation queue, across every space, as far as the person's scope reaches:
    held posts and posts hidden by flags, oldest first."""
    return moderated_posts(user).filter(queued_at__isnull=False).order_by("queued_at", "pk")


def queue_size(user: User | AnonymousUser) -> int:
    scope = moderation_scope(user)
    if not scope:
        return 0
    return Post.objects.filter(_scope_filter(scope, "thread__"), queued_at__isnull=False).count()


def get_moderated_post(user: User | AnonymousUser, pk: int) -> Post:
    """A post the person moderates; a 404 for any other post and for non-moderators."""
    return get_object_or_404(moderated_posts(user), pk=pk)


def may_moderate_thread(user: User | AnonymousUser, thread: Thread) -> bool:
    scope = moderation_scope(user)
    if scope == ALL:
        return True
    return bool(thread.agency) and any(
        thread.agency.path.startswith(a.path)  # type: ignore[union-attr]
        for a in scope
    )


def get_thread(user: User | AnonymousUser, pk: int) -> Thread:
    """A public thread for anyone; one whose opening post is held or hidden only for its
    author and its moderators; a 404 otherwise."""
    thread = get_object_or_404(Thread.objects.select_related("agency", "region"), pk=pk)
    if thread.is_public:
        return thread
    if user.is_authenticated and (thread.author_id == user.pk or may_moderate_thread(user, thread)):
        return thread
    raise Http404


def visible_posts(user: User | AnonymousUser, thread: Thread) -> QuerySet[Post]:
    """The thread's posts the person may read: published ones, plus their own held or hidden
    posts, plus every post for its moderators."""
    posts = thread.posts.select_related("author__forum_member", "official_agency")
    if user.is_authenticated and may_moderate_thread(user, thread):
        return posts
    if user.is_authenticated:
        return posts.filter(Q(status=PostStatus.PUBLISHED) | Q(author=user))
    return posts.filter(status=PostStatus.PUBLISHED)


def get_post(user: User | AnonymousUser, pk: int) -> Post:
    """A post the person may read (see `visible_posts`); a 404 otherwise."""
    post = get_object_or_404(Post.objects.select_related("thread", "thread__agency"), pk=pk)
    thread = get_thread(user, post.thread_id)
    if not visible_posts(user, thread).filter(pk=post.pk).exists():
        raise Http404
    return post


def unanswered_for_staff(user: User | AnonymousUser) -> QuerySet[Thread]:
    """Public questions not yet answered about the agencies the person answers for (KPK
    staff: the threads without an agency)."""
    agencies = answering_agencies(user)
    if not agencies:
        return Thread.objects.none()
    q = Q(pk__in=[])
    for agency in agencies:
        if agency.type == AgencyType.KPK:
            q |= Q(agency__isnull=True)
        q |= Q(agency__path__startswith=agency.path)
    return Thread.objects.public().answered(False).filter(q)
