"""Gratification rules as versioned data: regulation versions and their exemptions.

A gift is judged by the rules in force on the day it was received, so each version of
Peraturan KPK on gratification reporting is a row with the date it took effect, and each
exemption of Pasal 2 ayat (3) (letters a–q) a row of that version with its thresholds and a
declarative `conditions` structure (see `cegah.gratification.rules.Conditions`). KPK officers
add a version in the admin without touching code.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError as SchemaError

from cegah.gratification.rules import LETTERS, Conditions, ExemptionRule, Rules, choose_rules

LETTER_CHOICES = [(letter, letter) for letter in LETTERS]


class RulesVersion(models.Model):
    """One version of the gratification reporting rules, in force from `effective_from` until
    the next version takes effect (e.g. Peraturan KPK Nomor 1 Tahun 2026 from 20 Jan 2026)."""

    regulation = models.CharField(
        _("regulation"),
        max_length=200,
        help_text=_("As it is cited, e.g. “Peraturan KPK Nomor 1 Tahun 2026”."),
    )
    regulation_title = models.CharField(
        _("regulation title"),
        max_length=300,
        blank=True,
        help_text=_("What the regulation is about, e.g. “tentang Pelaporan Gratifikasi”."),
    )
    short_citation = models.CharField(
        _("short citation"), max_length=60, help_text=_("e.g. “PerKPK 1/2026”.")
    )
    effective_from = models.DateField(
        _("in force from"),
        unique=True,
        help_text=_("Gifts received on or after this day are judged by this version."),
    )
    report_deadline_working_days = models.PositiveSmallIntegerField(
        _("reporting deadline (working days)"),
        default=30,
        help_text=_("Working days after receipt within which the gift must reach KPK."),
    )
    upg_deadline_working_days = models.PositiveSmallIntegerField(
        _("deadline for reporting to the UPG (working days)"), default=10
    )
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_("What changed, and how sure each value is ([sure], [likely], [unsure])."),
    )
    sources = models.TextField(_("sources"), blank=True, help_text=_("One address per line."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("gratification rules version")
        verbose_name_plural = _("gratification rules versions")

    def __str__(self) -> str:
        return f"{self.short_citation} ({self.effective_from:%Y-%m-%d})"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.report_deadline_working_days is not None and self.report_deadline_working_days < 1:
            errors["report_deadline_working_days"] = _("The deadline must be at least one day.")
        if (
            self.upg_deadline_working_days is not None
            and self.report_deadline_working_days is not None
            and not 1 <= self.upg_deadline_working_days <= self.report_deadline_working_days
        ):
            errors["upg_deadline_working_days"] = _(
                "The deadline for the UPG must be at least one day and no later than the "
                "deadline for KPK."
            )
        if errors:
            raise ValidationError(errors)

    def to_rules(self) -> Rules:
        """A plain snapshot for the engine (one query for the exemptions unless prefetched)."""
        return Rules(
            regulation=self.regulation,
            short_citation=self.short_citation,
            effective_from=self.effective_from,
            report_deadline_working_days=self.report_deadline_working_days,
            upg_deadline_working_days=self.upg_deadline_working_days,
            exemptions=tuple(e.to_rule() for e in self.exemptions.all()),
        )


class Exemption(models.Model):
    """One lettered item of Pasal 2 ayat (3): a gift that need not be reported, with the
    conditions and thresholds under which it applies in its rules version."""

    version = models.ForeignKey(
        RulesVersion,
        on_delete=models.CASCADE,
        related_name="exemptions",
        verbose_name=_("rules version"),
    )
    letter = models.CharField(_("letter"), max_length=1, choices=LETTER_CHOICES)
    article = models.CharField(_("article"), max_length=60, default="Pasal 2 ayat (3)")
    title_id = models.CharField(_("title (Indonesian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    repealed = models.BooleanField(
        _("repealed"),
        default=False,
        help_text=_("The letter is kept but deleted (“dihapus”) in this version."),
    )
    max_per_gift_idr = models.PositiveBigIntegerField(
        _("limit per gift (IDR)"),
        null=True,
        blank=True,
        help_text=_("Highest value of one gift from one giver; empty for no limit."),
    )
    max_per_giver_per_year_idr = models.PositiveBigIntegerField(
        _("limit per giver per year (IDR)"),
        null=True,
        blank=True,
        help_text=_(
            "Highest total from the same giver in a calendar year, this gift included; empty "
            "for no limit."
        ),
    )
    void_if_conflict_of_interest = models.BooleanField(
        _("void if the giver has a conflict of interest"), default=True
    )
    conditions = models.JSONField(
        _("conditions"),
        default=dict,
        blank=True,
        help_text=_(
            "Which gifts it covers, as JSON: lists “forms”, “forms_excluded”, “kinds”, "
            "“occasions”, “giver_relations” (empty means any) and “require”, yes/no facts such "
            "as {“general_terms”: true}."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["version", "letter"]
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
        constraints = [
            models.UniqueConstraint(fields=["version", "letter"], name="exemption_letter_once"),
        ]

    def __str__(self) -> str:
        return f"{self.article} huruf {self.letter}"

    def parsed_conditions(self) -> Conditions:
        return Conditions.model_validate(self.conditions or {})

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if not isinstance(self.conditions, dict):
            errors["conditions"] = _("The conditions must be a JSON object.")
        else:
            try:
                conditions = self.parsed_conditions()
            except SchemaError as exc:
                problems = "; ".join(
                    f"{'.'.join(str(p) for p in err['loc']) or 'conditions'}: {err['msg']}"
                    for err in exc.errors()
                )
                errors["conditions"] = _("These conditions are not valid: %(problems)s") % {
                    "problems": problems
                }
            else:
                if self.repealed and (conditions.has_scope or conditions.require):
                    errors["conditions"] = _("A repealed letter has no conditions.")
        if self.repealed and (
            self.max_per_gift_idr is not None or self.max_per_giver_per_year_idr is not None
        ):
            errors["repealed"] = _("A repealed letter has no limits.")
        if (
            self.max_per_gift_idr is not None
            and self.max_per_giver_per_year_idr is not None
            and self.max_per_giver_per_year_idr < self.max_per_gift_idr
        ):
            errors["max_per_giver_per_year_idr"] = _(
                "The yearly limit cannot be lower than the limit per gift."
            )
        if errors:
            raise ValidationError(errors)

    def to_rule(self) -> ExemptionRule:
        return ExemptionRule(
            letter=self.letter,
            article=self.article,
            title_id=self.title_id,
            title_en=self.title_en,
            conditions=self.parsed_conditions(),
            max_per_gift_idr=self.max_per_gift_idr,
            max_per_giver_per_year_idr=self.max_per_giver_per_year_idr,
            void_if_conflict_of_interest=self.void_if_conflict_of_interest,
            repealed=self.repealed,
        )


# --- the rules as the engine reads them -------------------------------------------------------

# Each process keeps a snapshot of every version: the public assessment API reads the rules on
# every request, and they change a few times a decade. A save in this process drops the snapshot
# at once; other processes pick the change up within this many seconds.
SNAPSHOT_SECONDS = 60.0
_snapshot_lock = threading.Lock()
_snapshot: tuple[float, tuple[Rules, ...]] | None = None


def all_rules() -> tuple[Rules, ...]:
    """Every rules version as engine snapshots, oldest first (two queries when not cached)."""
    global _snapshot
    current = _snapshot
    if current is not None and time.monotonic() - current[0] < SNAPSHOT_SECONDS:
        return current[1]
    versions = RulesVersion.objects.prefetch_related("exemptions").order_by("effective_from")
    rules = tuple(version.to_rules() for version in versions)
    with _snapshot_lock:
        _snapshot = (time.monotonic(), rules)
    return rules


def rules_in_force_on(day: dt.date) -> Rules | None:
    """The version a gift received on `day` is judged by (see `rules.choose_rules`)."""
    versions = all_rules()
    return choose_rules(versions, day) if versions else None


def forget_rules() -> None:
    """Drop this process's snapshot, so the next assessment reads the rules again."""
    global _snapshot
    with _snapshot_lock:
        _snapshot = None


@receiver(post_save, sender=RulesVersion)
@receiver(post_delete, sender=RulesVersion)
@receiver(post_save, sender=Exemption)
@receiver(post_delete, sender=Exemption)
def _rules_changed(**kwargs: Any) -> None:
    forget_rules()
    transaction.on_commit(forget_rules)
