"""Writes of the knowledge base: editorial set-up, loading the seed file, recording reviews,
and dismissing unanswered-question aggregates.

Every change to an entry is a Wagtail revision with a log entry (the history editors see);
publishing goes through the KPK review workflow in the CMS, or through `load_knowledge`
(the seed file, itself reviewed in the repository).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from cegah.assistant import engine
from cegah.assistant.models import KnowledgeEntry, UnansweredQuestion

if TYPE_CHECKING:
    from cegah.accounts.models import User

logger = logging.getLogger(__name__)

# Fields the seed file sets (and `--update` compares).
CONTENT_FIELDS = (
    "topic",
    "title_id",
    "title_en",
    "questions_id",
    "questions_en",
    "answer_id",
    "answer_en",
    "citations",
    "reviewed_by",
    "reviewed_on",
    "expires_on",
)

_quiet = False


@contextmanager
def index_changes_recorded_once(pks: list[int]) -> Iterator[None]:
    """Within the block, publishing does not record each entry's index change; the block
    records them all at once at its end (a bulk load would otherwise write per entry)."""
    global _quiet
    _quiet = True
    try:
        yield
    finally:
        _quiet = False
    for pk in pks:
        engine.record_entry_change(pk)


def on_entry_changed(instance: Any, **_kwargs: Any) -> None:
    """Signal receiver: an entry was published, unpublished or deleted."""
    if isinstance(instance, KnowledgeEntry) and instance.pk and not _quiet:
        engine.record_entry_change(instance.pk)


@transaction.atomic
def ensure_knowledge_editing() -> None:
    """KPK editors may write and submit entries, KPK moderators approve and publish them;
    entries go through the same review workflow as the portal's pages. Idempotent."""
    from wagtail.models import WorkflowContentType

    from cegah.portal.actions import KPK_EDITORS, KPK_MODERATORS, ensure_review_workflow

    content_type = ContentType.objects.get_for_model(KnowledgeEntry)
    perms = {p.codename: p for p in Permission.objects.filter(content_type=content_type)}
    grants = {
        KPK_EDITORS: ("add_knowledgeentry", "change_knowledgeentry"),
        KPK_MODERATORS: (
            "add_knowledgeentry",
            "change_knowledgeentry",
            "publish_knowledgeentry",
            "delete_knowledgeentry",
        ),
    }
    workflow = ensure_review_workflow()
    for name, codenames in grants.items():
        group = Group.objects.get(name=name)
        group.permissions.add(*[perms[c] for c in codenames if c in perms])
    WorkflowContentType.objects.update_or_create(
        content_type=content_type, defaults={"workflow": workflow}
    )


def record_review(entry: KnowledgeEntry, *, actor: User | None) -> None:
    """Signal receiver's action: publishing an entry through review records who approved it
    and when (the reviewer's name, the day), unless the entry already names this review."""
    if actor is None or not actor.is_authenticated:
        return
    name = getattr(actor, "full_name", "") or actor.get_username()
    today = timezone.localdate()
    KnowledgeEntry.objects.filter(pk=entry.pk).update(reviewed_by=name[:120], reviewed_on=today)


def on_published(instance: Any, revision: Any = None, **_kwargs: Any) -> None:
    """Signal receiver: published through the CMS (the user who published is the reviewer)."""
    if not isinstance(instance, KnowledgeEntry):
        return
    user = getattr(revision, "user", None) if revision is not None else None
    if user is not None and not _quiet:
        record_review(instance, actor=user)
    on_entry_changed(instance)


@dataclass
class LoadReport:
    """What `load_entries` did (or would do)."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged"
        )


def _differs(entry: KnowledgeEntry, values: dict[str, Any]) -> bool:
    return any(getattr(entry, name) != values[name] for name in CONTENT_FIELDS)


@transaction.atomic
def load_entries(
    rows: Iterable[dict[str, Any]],
    *,
    actor: User | None = None,
    update: bool = False,
    dry_run: bool = False,
) -> LoadReport:
    """Create the entries of the seed file that do not exist yet, each as a published
    revision; with `update`, also replace entries whose content differs (a new revision, so
    the editors' version stays in the history). All or nothing; `dry_run` rolls back."""
    report = LoadReport()
    existing = {e.slug: e for e in KnowledgeEntry.objects.all()}
    touched: list[int] = []
    with index_changes_recorded_once(touched):
        for values in rows:
            slug = values["slug"]
            entry = existing.get(slug)
            if entry is not None and not (update and _differs(entry, values)):
                report.unchanged.append(slug)
                continue
            if entry is None:
                entry = KnowledgeEntry(slug=slug, live=False)
                report.created.append(slug)
            else:
                report.updated.append(slug)
            for name in CONTENT_FIELDS:
                setattr(entry, name, values[name])
            # The slug's uniqueness is known from `existing`: no query per entry for it.
            entry.full_clean(validate_unique=False)
            entry.save()
            revision = entry.save_revision(user=actor, log_action=True)
            revision.publish(user=actor, log_action=True)
            touched.append(entry.pk)
        if dry_run:
            touched.clear()
    if dry_run:
        transaction.set_rollback(True)
    return report


def dismiss_unanswered(*, actor: User, pk: int) -> bool:
    """Mark an unanswered-question aggregate as handled (an entry was written, or none is
    needed); it leaves the editors' list. Returns whether it existed."""
    updated = UnansweredQuestion.objects.filter(pk=pk, dismissed=False).update(dismissed=True)
    if updated:
        logger.info("Unanswered question %s dismissed by user %s", pk, actor.pk)
    return bool(updated)
