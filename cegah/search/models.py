"""The search index: one `Entry` per public document and language.

The analysed text (`title_terms`, `body_terms`) is what the full-text index covers: an FTS5
table on SQLite, a generated `tsvector('simple')` column with a GIN index on PostgreSQL,
both made by migration 0002 and kept in step with this table by the database itself.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cegah.search.documents import KINDS


class Kind(models.TextChoices):
    PAGE = "page", _("Page")
    NEWS = "news", _("News")
    LIBRARY = "library", _("Library")
    FACTCHECK = "factcheck", _("Fact-check")


assert tuple(Kind.values) == KINDS, "Kind must list documents.KINDS in the same order"


class Entry(models.Model):
    """One public document in one language, as site search shows and matches it."""

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=100)
    language = models.CharField(_("language"), max_length=8)
    title = models.TextField(_("title"))
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("address"), max_length=1000)
    # Topic slugs between bars ("|gratifikasi|suap|"), so one LIKE finds a topic on both
    # engines.
    topics = models.CharField(_("topics"), max_length=1000, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    title_terms = models.TextField(editable=False)
    body_terms = models.TextField(editable=False)
    # Number of terms in title_terms + body_terms: the length normalisation of ranking.
    length = models.PositiveIntegerField(editable=False, default=0)
    indexed_at = models.DateTimeField(_("indexed"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "language"], name="search_entry_unique_document"
            )
        ]
        indexes = [
            models.Index(fields=["language", "-published_at"], name="search_entry_lang_pub"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} ({self.language})"

    @property
    def topic_list(self) -> list[str]:
        return [t for t in self.topics.split("|") if t]


class IndexVersion(models.Model):
    """The version of one in-memory ranking collection (`engine.py`): bumped, with a fresh
    random stamp, in every transaction that changes the collection's rows. The row lock the
    bump takes orders writers, so versions become visible in commit order."""

    collection = models.CharField(max_length=20, primary_key=True)
    version = models.BigIntegerField(default=0)
    stamp = models.CharField(max_length=16, blank=True)
    # Changes up to this version have been deleted: a process further behind reloads all.
    pruned_through = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.collection} v{self.version}"


class Change(models.Model):
    """One row of a collection added, replaced or removed at a version: processes replay
    these to bring their in-memory index up to the database's state."""

    collection = models.CharField(max_length=20)
    version = models.BigIntegerField()
    stamp = models.CharField(max_length=16)
    row_id = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["collection", "version"], name="search_change_coll_version")
        ]

    def __str__(self) -> str:
        return f"{self.collection} v{self.version}: {self.row_id}"
