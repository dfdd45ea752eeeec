"""The assistant's knowledge base: reviewed entries that answer people's questions, and the
questions it could not answer (aggregated, without the people who asked).

A `KnowledgeEntry` is a Wagtail snippet with revisions, drafts and the KPK review workflow
(`actions.ensure_knowledge_editing`): KPK editors write and submit, KPK moderators approve and
publish, and every change is a revision. Only live (published) entries answer questions. The
row holds the published content; drafts live in revisions until approved.

An answer's text may hold named slots, `[[name]]` or `[[name:argument]]`, that are filled at
answer time from data the platform already keeps (gift thresholds from the gratification rules,
complaint deadlines, official fees), so an answer never carries a stale copy (`slots.py`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar
from urllib.parse import urlsplit

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

# What a phone screen shows: an answer is 1–4 sentences and a link.
MAX_ANSWER_CHARS = 700
MAX_QUESTION_CHARS = 200


class Topic(models.TextChoices):
    """What an entry is about (one per entry; the public list groups by it)."""

    GRATIFICATION = "gratification", _("Gratification")
    LHKPN = "lhkpn", _("Wealth reports (LHKPN)")
    SPI = "spi", _("Integrity survey (SPI)")
    MCP = "mcp", _("Monitoring Center for Prevention (MCP)")
    STRANAS_PK = "stranas_pk", _("National strategy (Stranas PK)")
    LEVIES = "levies", _("Illegal levies and free services")
    COMPLAINTS = "complaints", _("Complaints")
    HOAXES = "hoaxes", _("Hoaxes and fact-checks")
    VALUES = "values", _("The nine anti-corruption values")
    HAKORDIA = "hakordia", _("Anti-Corruption Day (Hakordia)")
    PLATFORM = "platform", _("About the platform")


def parse_lines(text: str) -> list[str]:
    """Non-empty stripped lines."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_citations(text: str) -> list[tuple[str, str]]:
    """`title | url` lines as (title, url) pairs; raises ValueError naming a bad line."""
    found: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        title, sep, url = line.rpartition("|")
        title, url = title.strip(), url.strip()
        if not sep or not title or not url:
            raise ValueError(f"line {number}: write “title | address”")
        parts = urlsplit(url)
        if not (url.startswith("/") or (parts.scheme in ("http", "https") and parts.netloc)):
            raise ValueError(f"line {number}: the address must start with / or https://")
        found.append((title, url))
    return found


class KnowledgeEntryQuerySet(models.QuerySet["KnowledgeEntry"]):
    def answering(self) -> KnowledgeEntryQuerySet:
        """Entries that may answer questions: published ones."""
        return self.filter(live=True)

    def expired(self, today: dt.date | None = None) -> KnowledgeEntryQuerySet:
        """Entries past their review date (still answering, flagged to editors)."""
        return self.filter(expires_on__lt=today or timezone.localdate())


class KnowledgeEntry(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, models.Model
):
    """One reviewed answer: the questions it answers (variants, both languages), a short answer
    in Indonesian and English, the sources it rests on, who reviewed it and until when it holds."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    title_id = models.CharField(_("title (Indonesian)"), max_length=160)
    title_en = models.CharField(_("title (English)"), max_length=160)
    questions_id = models.TextField(
        _("questions (Indonesian)"),
        help_text=_("Ways people ask this, one per line, as they would type them."),
    )
    questions_en = models.TextField(
        _("questions (English)"), blank=True, help_text=_("One per line.")
    )
    answer_id = models.TextField(
        _("answer (Indonesian)"),
        max_length=MAX_ANSWER_CHARS,
        help_text=_(
            "One to four sentences. Facts the platform keeps as data go in slots such as "
            "[[gift_limit:l]] (see the knowledge base guide)."
        ),
    )
    answer_en = models.TextField(_("answer (English)"), max_length=MAX_ANSWER_CHARS)
    citations = models.TextField(
        _("citations"),
        help_text=_(
            "One source per line: “title | address”, e.g. “Pasal 12C UU 20/2001 | https://…”."
        ),
    )
    reviewed_by = models.CharField(_("reviewed by"), max_length=120, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    expires_on = models.DateField(
        _("review again by"),
        help_text=_("After this day the entry is flagged for review (it keeps answering)."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = KnowledgeEntryQuerySet.as_manager()
    # Deleting an entry deletes its revisions and workflow states with it.
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="knowledgeentry")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="knowledgeentry",
        for_concrete_model=False,
    )

    panels: ClassVar[list[Any]] = [
        FieldRowPanel([FieldPanel("slug"), FieldPanel("topic")]),
        MultiFieldPanel(
            [FieldPanel("title_id"), FieldPanel("questions_id"), FieldPanel("answer_id")],
            heading=_("Indonesian"),
        ),
        MultiFieldPanel(
            [FieldPanel("title_en"), FieldPanel("questions_en"), FieldPanel("answer_en")],
            heading=_("English"),
        ),
        FieldPanel("citations"),
        FieldRowPanel(
            [FieldPanel("reviewed_by"), FieldPanel("reviewed_on"), FieldPanel("expires_on")]
        ),
    ]
    search_fields: ClassVar[list[Any]] = [
        index.SearchField("title_id"),
        index.SearchField("title_en"),
        index.SearchField("questions_id"),
        index.AutocompleteField("title_id"),
    ]

    class Meta:
        ordering = ["topic", "title_id"]
        verbose_name = _("knowledge entry")
        verbose_name_plural = _("knowledge entries")

    def __str__(self) -> str:
        return self.title_id

    def get_absolute_url(self) -> str:
        return reverse("assistant:entry", args=[self.slug])

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        try:
            if not parse_citations(self.citations):
                errors["citations"] = _("Give at least one source.")
        except ValueError as exc:
            errors["citations"] = str(exc)
        if not parse_lines(self.questions_id):
            errors["questions_id"] = _("Give at least one question.")
        for name in ("questions_id", "questions_en"):
            if any(len(q) > MAX_QUESTION_CHARS for q in parse_lines(getattr(self, name))):
                errors[name] = _("A question may have at most %(max)s characters.") % {
                    "max": MAX_QUESTION_CHARS
                }
        if errors:
            raise ValidationError(errors)

    @property
    def title(self) -> str:
        """The title in the active language."""
        return self.title_en if (get_language() or "id").startswith("en") else self.title_id

    def answer_text(self, language: str) -> str:
        """The answer as written (slots unfilled) in `language`."""
        return self.answer_en if language == "en" and self.answer_en else self.answer_id

    def question_list(self, language: str) -> list[str]:
        return parse_lines(self.questions_en if language == "en" else self.questions_id)

    def citation_list(self) -> list[tuple[str, str]]:
        try:
            return parse_citations(self.citations)
        except ValueError:
            return []

    @property
    def revisions(self) -> Any:  # Wagtail reads revisions through this name
        return self._revisions

    @property
    def is_expired(self) -> bool:
        return self.expires_on < timezone.localdate()


class UnansweredReason(models.TextChoices):
    LOW_CONFIDENCE = "low_confidence", _("No entry fits well enough")
    OFF_TOPIC = "off_topic", _("Off topic")


class UnansweredQuestion(models.Model):
    """Questions the assistant did not answer, aggregated by their analysed terms: no raw text,
    no sender, and words that may identify someone (numbers, unknown names) removed
    (`unanswered.py` and docs/decisions/0019)."""

    key = models.CharField(_("terms"), max_length=200)
    language = models.CharField(_("language"), max_length=2)
    reason = models.CharField(_("reason"), max_length=20, choices=UnansweredReason.choices)
    count = models.PositiveIntegerField(_("times asked"), default=1)
    first_seen = models.DateTimeField(_("first asked"), default=timezone.now)
    last_seen = models.DateTimeField(_("last asked"), default=timezone.now)
    dismissed = models.BooleanField(
        _("dismissed"),
        default=False,
        help_text=_("Handled: an entry was written or it needs none."),
    )

    class Meta:
        ordering = ["-count", "-last_seen"]
        verbose_name = _("unanswered question")
        verbose_name_plural = _("unanswered questions")
        constraints = [
            models.UniqueConstraint(fields=["key", "language"], name="assistant_unanswered_once")
        ]

    def __str__(self) -> str:
        return self.key
