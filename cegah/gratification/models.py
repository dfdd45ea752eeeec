"""Gratification rules as versioned data: regulation versions and their exemptions.

A gift is judged by the rules in force on the day it was received, so each version of
Peraturan KPK on gratification reporting is a row with the date it took effect, and each
exemption of Pasal 2 ayat (3) (letters a–q) a row of that version with its thresholds and a
declarative `conditions` structure (see `cegah.gratification.rules.Conditions`). KPK officers
add a version in the admin without touching code.
"""

from __future__ import annotations

import datetime as dt
import secrets
import threading
import time
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, default_storage, storages
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pydantic import ValidationError as SchemaError

from cegah.accounts.access import active_memberships
from cegah.accounts.models import Role
from cegah.agencies.models import Agency, AgencyType
from cegah.gratification.rules import (
    LETTERS,
    PERISHABLE_FORMS,
    STATUTE,
    Assessment,
    Conditions,
    ExemptionRule,
    Gift,
    Rules,
    assess,
    choose_rules,
)
from cegah.lib.encryption import EncryptedCharField, EncryptedEmailField, EncryptedTextField
from cegah.lib.errors import ActionRefused

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cegah.accounts.models import User

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
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amended_by",
        verbose_name=_("amends"),
        help_text=_(
            "The earlier version this regulation amends, so that it is cited as “… sebagaimana "
            "diubah dengan …”; empty for a regulation that stands on its own."
        ),
    )
    statute = models.CharField(
        _("statute"),
        max_length=300,
        default=STATUTE,
        help_text=_(
            "The statute whose Pasal 12B and 12C the duty to report rests on, as it is cited."
        ),
    )
    duty_article = models.CharField(
        _("article of the duty to report"), max_length=60, default="Pasal 2 ayat (1)"
    )
    decision_basis = models.TextField(
        _("legal basis of KPK's decisions"),
        blank=True,
        help_text=_(
            "What a decision letter cites under “Mengingat”, one provision per line, as a "
            "lawyer cites it."
        ),
    )
    handover_working_days = models.PositiveSmallIntegerField(
        _("time to hand over state property (working days)"),
        default=7,
        help_text=_(
            "Working days after the decision within which the reporter hands over an object "
            "declared state property, or pays its value to the state treasury."
        ),
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
    completion_working_days = models.PositiveSmallIntegerField(
        _("time to complete a returned report (working days)"),
        default=30,
        help_text=_("30 under PerKPK 2/2019, 20 under PerKPK 1/2026 (Pasal 9)."),
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
        if self.amends_id is not None:
            if self.pk is not None and self.amends_id == self.pk:
                errors["amends"] = _("A regulation cannot amend itself.")
            elif (
                self.amends is not None
                and self.effective_from is not None
                and self.amends.effective_from >= self.effective_from
            ):
                errors["amends"] = _("It can only amend a version that took effect earlier.")
        if errors:
            raise ValidationError(errors)

    def amendment_chain(self) -> list[RulesVersion]:
        """The regulation first amended, then each amendment up to this one (oldest first)."""
        chain: list[RulesVersion] = [self]
        seen = {self.pk}
        current = self
        while current.amends_id is not None and current.amends_id not in seen:
            current = current.amends  # type: ignore[assignment]
            seen.add(current.pk)
            chain.append(current)
        return chain[::-1]

    @property
    def citation(self) -> str:
        """The regulation in force as a lawyer cites it: "Peraturan KPK Nomor 2 Tahun 2019
        sebagaimana diubah dengan Peraturan KPK Nomor 1 Tahun 2026", or, after several
        amendments, "… sebagaimana telah beberapa kali diubah, terakhir dengan …"."""
        chain = self.amendment_chain()
        base = chain[0].regulation
        if len(chain) == 1:
            return base
        if len(chain) == 2:
            return f"{base} sebagaimana diubah dengan {self.regulation}"
        return f"{base} sebagaimana telah beberapa kali diubah, terakhir dengan {self.regulation}"

    @property
    def decision_basis_lines(self) -> list[str]:
        return [line.strip() for line in self.decision_basis.splitlines() if line.strip()]

    def to_rules(self) -> Rules:
        """A plain snapshot for the engine (one query for the exemptions unless prefetched)."""
        return Rules(
            regulation=self.regulation,
            short_citation=self.short_citation,
            effective_from=self.effective_from,
            report_deadline_working_days=self.report_deadline_working_days,
            upg_deadline_working_days=self.upg_deadline_working_days,
            exemptions=tuple(e.to_rule() for e in self.exemptions.all()),
            citation=self.citation,
            statute=self.statute,
            duty_article=self.duty_article,
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

    @property
    def citation(self) -> str:
        """As a lawyer cites it: "Pasal 2 ayat (3) huruf h Peraturan KPK Nomor 2 Tahun 2019
        sebagaimana diubah dengan Peraturan KPK Nomor 1 Tahun 2026"."""
        return f"{self.article} huruf {self.letter} {self.version.citation}"

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
    versions = (
        RulesVersion.objects.select_related("amends")
        .prefetch_related("exemptions")
        .order_by("effective_from")
    )
    rules = tuple(version.to_rules() for version in versions)
    with _snapshot_lock:
        _snapshot = (time.monotonic(), rules)
    return rules


def rules_in_force_on(day: dt.date) -> Rules | None:
    """The version a gift received on `day` is judged by (see `rules.choose_rules`)."""
    versions = all_rules()
    return choose_rules(versions, day) if versions else None


def assess_gift(gift: Gift) -> Assessment:
    """The engine's answer for `gift` under the rules in force on the day it was received:
    what the API, the wizard and the report form all show."""
    rules = rules_in_force_on(gift.received_on)
    if rules is None:
        raise LookupError("no rules version is loaded")
    return assess(gift, rules, today=timezone.localdate())


def assessment_json(result: Assessment) -> dict[str, Any]:
    """The assessment as stored with a report (JSON, in the language that was active)."""
    rule = result.exemption
    return {
        "must_report": result.must_report,
        "exemption": None
        if rule is None
        else {
            "regulation": result.rules.regulation,
            "article": rule.article,
            "letter": rule.letter,
            "title": rule.title(),
            "citation": rule.citation(result.rules),
        },
        "rules_version": {
            "regulation": result.rules.regulation,
            "effective_from": result.rules.effective_from.isoformat(),
        },
        "deadline": result.deadline.isoformat() if result.deadline else None,
        "upg_deadline": result.upg_deadline.isoformat() if result.upg_deadline else None,
        "burden_of_proof_on_recipient": result.burden_of_proof_on_recipient,
        "reasons": result.reasons,
        "advice": result.advice,
        "legal_basis": result.legal_basis,
        "deadline_passed": result.deadline_passed,
    }


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


# --- reports: a civil servant's gratification report and its path to KPK's decision -----------


def today_in(zone: str) -> dt.date:
    """Today's date in `zone`: a deadline is owed by the calendar of whoever owes it."""
    return timezone.localdate(timezone=ZoneInfo(zone))


class ReportError(ActionRefused):
    """A change the report's state or rules do not allow; the message is for people."""


class ObjectCategory(models.TextChoices):
    """The five object categories KPK uses in its statistics (domain.md §2.3)."""

    MONEY = "money", _("Money, vouchers, gold or other means of payment")
    PERISHABLE = "perishable", _("Flower boards, food and drink that spoil")
    SOUVENIR = "souvenir", _("Souvenirs, plaques, items with the giver's logo")
    SERVICE = "service", _("Tickets, meals, lodging or other services")
    OTHER = "other", _("Other goods")


# The check's form of the gift → KPK's object category, so the report form starts from it.
_CATEGORY_OF_FORM = {
    "money": ObjectCategory.MONEY,
    "cash_equivalent": ObjectCategory.MONEY,
    "food_parcel": ObjectCategory.PERISHABLE,
    "served_food": ObjectCategory.PERISHABLE,
    "flower_board": ObjectCategory.PERISHABLE,
    "service": ObjectCategory.SERVICE,
    "goods": ObjectCategory.OTHER,
    "other": ObjectCategory.OTHER,
}


def category_for(form: str, kind: str = "gift") -> ObjectCategory | None:
    """KPK's object category for a gift as the check describes it (a promotional item that is
    not money is a souvenir with the giver's logo); None for a form the check does not know."""
    category = _CATEGORY_OF_FORM.get(form)
    if kind == "promotional_item" and category not in (None, ObjectCategory.MONEY):
        return ObjectCategory.SOUVENIR
    return category


class Receipt(models.TextChoices):
    ACCEPTED = "accepted", _("I accepted it")
    REFUSED = "refused", _("I refused it")


class ObjectLocation(models.TextChoices):
    """Where the object is while KPK decides."""

    KEPT = "kept", _("I keep it")
    HANDED_TO_UPG = "handed_to_upg", _("Handed to the gratification unit (UPG)")
    SOCIAL_INSTITUTION = "social_institution", _("Passed on to a social institution")
    RETURNED = "returned", _("Refused or given back to the giver")


class ReportStatus(models.TextChoices):
    """Where a report stands: a draft with its reporter, at the UPG, at KPK, decided, or
    stopped because a returned report was not completed in time."""

    DRAFT = "draft", _("Draft")
    AT_UPG = "at_upg", _("With the gratification unit (UPG)")
    RETURNED_BY_UPG = "returned_by_upg", _("Returned by the UPG for completion")
    AT_KPK = "at_kpk", _("Received by KPK")
    RETURNED_BY_KPK = "returned_by_kpk", _("Returned by KPK as incomplete")
    VERIFIED = "verified", _("Verified by KPK")
    DECIDED = "decided", _("Decided")
    # Terminal: a returned report was not completed within the rules version's working days,
    # so KPK's determination stops (Pasal 9 PerKPK 1/2026).
    DETERMINATION_STOPPED = "stopped", _("Determination stopped")


EDITABLE_STATUSES = frozenset(
    {ReportStatus.DRAFT, ReportStatus.RETURNED_BY_UPG, ReportStatus.RETURNED_BY_KPK}
)
KPK_STATUSES = frozenset({ReportStatus.AT_KPK, ReportStatus.VERIFIED})
RETURNED_STATUSES = frozenset({ReportStatus.RETURNED_BY_UPG, ReportStatus.RETURNED_BY_KPK})


class Decision(models.TextChoices):
    """KPK's determination of who owns the gift (Pasal 17 UU 30/2002, PerKPK 1/2026 Pasal 14)."""

    MILIK_PENERIMA = "milik_penerima", _("Property of the recipient")
    MILIK_NEGARA = "milik_negara", _("State property")
    MILIK_NEGARA_DAPAT_DIGANTI_UANG = (
        "milik_negara_dapat_diganti_uang",
        _("State property that may be redeemed with money"),
    )
    TIDAK_DAPAT_DITINDAKLANJUTI = "tidak_dapat_ditindaklanjuti", _("Cannot be followed up")


STATE_PROPERTY = frozenset({Decision.MILIK_NEGARA, Decision.MILIK_NEGARA_DAPAT_DIGANTI_UANG})


class DecreeIssuer(models.TextChoices):
    """Who signs a decision letter: since PerKPK 1/2026 it depends on how prominent the
    reporter's position is, not on the gift's value (domain.md §2.2). Each numbers its own
    decrees (`GRATIFICATION_DECREE_NUMBER_FORMATS`)."""

    PIMPINAN = "pimpinan", _("Leadership of the Corruption Eradication Commission")
    DEPUTI = "deputi", _("Deputy for Prevention and Monitoring")
    DIREKTUR = "direktur", _("Director of Gratification and Public Services")


# Working days the UPG has to forward a report, and KPK to decide (Pasal 17 UU 30/2002).
UPG_FORWARD_DAYS = 10
KPK_DECISION_DAYS = 30
# Working days within which the decision letter must reach the reporter (Pasal 18 UU 30/2002).
LETTER_DELIVERY_DAYS = 7


def is_kpk_gratification_officer(user: User | AnonymousUser) -> bool:
    """A gratification officer of KPK itself (the gratification directorate)."""
    return any(
        m.role == Role.GRATIFICATION_OFFICER and m.agency.type == AgencyType.KPK
        for m in active_memberships(user)
    )


def upg_governments(user: User | AnonymousUser) -> list[Agency]:
    """The governments whose gratification unit the person works in (not KPK)."""
    return [
        m.agency.government()
        for m in active_memberships(user)
        if m.role == Role.GRATIFICATION_OFFICER and m.agency.type != AgencyType.KPK
    ]


class ReportQuerySet(models.QuerySet["GratificationReport"]):
    def visible_to(self, user: User | AnonymousUser) -> ReportQuerySet:
        """The reporter sees their own reports; the UPG officers of the reporter's government
        and KPK's gratification officers see submitted ones; everybody else sees none."""
        if not user.is_authenticated:
            return self.none()
        q = Q(reporter=user)
        if is_kpk_gratification_officer(user):
            q |= ~Q(status=ReportStatus.DRAFT)
        governments = upg_governments(user)
        if governments:
            q |= Q(government__in=governments, via_upg=True) & ~Q(status=ReportStatus.DRAFT)
        return self.filter(q)

    def with_related(self) -> ReportQuerySet:
        return self.select_related("agency", "government", "reporter", "rules_version")

    def overdue(self) -> ReportQuerySet:
        """Reports whose owner (the UPG or KPK) has missed its deadline, in the platform zone:
        to forward, to decide, or to deliver the decision letter."""
        today = timezone.localdate()
        return self.filter(
            Q(status=ReportStatus.AT_UPG, upg_forward_by__lt=today)
            | Q(status__in=KPK_STATUSES, decide_by__lt=today)
            | Q(status=ReportStatus.DECIDED, letter_sent_at__isnull=True, letter_due__lt=today)
        )


class GratificationReport(models.Model):
    """A civil servant's gratification report: the fields of Pasal 16 UU 30/2002 and KPK's
    online form, the assessment made when it was written, and KPK's decision.

    A draft is seen by its reporter only. Submitting sends it to the gratification unit (UPG)
    of the reporter's government when there is one, or straight to KPK.
    """

    number = models.CharField(  # noqa: DJ001 -- unique once given, none while a draft
        _("report number"), max_length=20, unique=True, null=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="gratification_reports",
        verbose_name=_("reporter"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("reporter's agency")
    )
    government = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reporter's government"),
    )
    via_upg = models.BooleanField(_("sent through the UPG"), default=False)
    reporter_name = EncryptedCharField(_("full name"), max_length=150)
    reporter_nik = EncryptedCharField(_("NIK (identity number)"), max_length=16)
    reporter_position = models.CharField(_("position"), max_length=200)
    reporter_address = EncryptedTextField(_("home address"))
    reporter_phone = EncryptedCharField(_("phone number"), max_length=20, blank=True)
    reporter_email = EncryptedEmailField(_("email"), blank=True)
    giver_name = EncryptedCharField(_("giver's name"), max_length=200, blank=True)
    giver_relation = models.CharField(_("relation to the giver"), max_length=20)
    giver_address = EncryptedTextField(_("giver's address or institution"), blank=True)
    received_on = models.DateField(_("date received"))
    place_received = models.CharField(_("place received"), max_length=200)
    form = models.CharField(_("form of the gift"), max_length=20)
    kind = models.CharField(_("kind of gift"), max_length=30, default="gift")
    occasion = models.CharField(_("occasion"), max_length=40, default="none")
    category = models.CharField(_("object category"), max_length=20, choices=ObjectCategory.choices)
    description = models.TextField(_("description of the object"))
    value_idr = models.PositiveBigIntegerField(_("estimated value (IDR)"))
    chronology = models.TextField(_("chronology"))
    receipt = models.CharField(
        _("accepted or refused"), max_length=10, choices=Receipt.choices, default=Receipt.ACCEPTED
    )
    object_location = models.CharField(
        _("where the object is now"),
        max_length=20,
        choices=ObjectLocation.choices,
        default=ObjectLocation.KEPT,
    )
    answers = models.JSONField(_("answers to the check"), default=dict, blank=True)
    assessment = models.JSONField(_("assessment"), default=dict, blank=True)
    rules_version = models.ForeignKey(
        RulesVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deadline = models.DateField(_("reporting deadline"), null=True, blank=True)
    upg_deadline = models.DateField(_("deadline for the UPG"), null=True, blank=True)
    late = models.BooleanField(_("reported late"), default=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    upg_forward_by = models.DateField(_("UPG forwards by"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("received by KPK"), null=True, blank=True)
    complete_by = models.DateField(_("reporter completes by"), null=True, blank=True)
    decide_by = models.DateField(_("KPK decides by"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=40, choices=Decision.choices, blank=True)
    decision_amount_idr = models.PositiveBigIntegerField(
        _("amount to redeem (IDR)"), null=True, blank=True
    )
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_late = models.BooleanField(_("decided late"), default=False)
    letter_due = models.DateField(_("decision letter due by"), null=True, blank=True)
    letter_sent_at = models.DateTimeField(_("decision letter sent"), null=True, blank=True)
    decree_issuer = models.CharField(
        _("issued by"), max_length=20, choices=DecreeIssuer.choices, blank=True
    )
    decree_year = models.PositiveSmallIntegerField(_("decree year"), null=True, blank=True)
    decree_sequence = models.PositiveIntegerField(
        _("running number of the decree"), null=True, blank=True
    )
    decree_number = models.CharField(_("decree number"), max_length=100, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True)
    decree_place = models.CharField(_("issued at"), max_length=100, blank=True)
    signatory_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signatory_position = models.CharField(_("signatory's position"), max_length=200, blank=True)
    decree_basis = models.JSONField(_("legal basis cited"), default=list, blank=True)
    handover_due = models.DateField(
        _("state property to be handed over or paid by"), null=True, blank=True
    )
    # A random value hashed with the decree, so that its hash (the public verification
    # address) cannot be guessed from what someone knows of the reporter.
    decree_nonce = models.CharField(max_length=32, blank=True, editable=False)
    decree_hash = models.CharField(_("decree hash"), max_length=64, blank=True, editable=False)
    handover_at = models.DateTimeField(_("state property handed over"), null=True, blank=True)
    handover_note = models.TextField(_("handover record"), blank=True)
    form_token = models.CharField(  # noqa: DJ001 -- unique when given: one draft per form
        max_length=64, unique=True, null=True, editable=False
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("gratification report")
        verbose_name_plural = _("gratification reports")
        indexes = [models.Index(fields=["status", "government"], name="grat_report_status_gov")]
        constraints = [
            models.UniqueConstraint(
                fields=["decree_issuer", "decree_year", "decree_sequence"],
                condition=Q(decree_sequence__isnull=False),
                name="grat_decree_number_once",
            ),
            models.UniqueConstraint(
                fields=["decree_hash"], condition=~Q(decree_hash=""), name="grat_decree_hash_once"
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("gratification:report_detail", args=[self.pk])

    @property
    def status_enum(self) -> ReportStatus:
        return ReportStatus(self.status)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def zone(self) -> str:
        return self.agency.timezone

    @property
    def is_overdue(self) -> bool:
        today = timezone.localdate()
        if self.status == ReportStatus.AT_UPG and self.upg_forward_by:
            return self.upg_forward_by < today
        if self.status in KPK_STATUSES and self.decide_by:
            return self.decide_by < today
        return self.letter_overdue

    @property
    def deadline_passed(self) -> bool:
        """A draft whose reporting deadline (KPK's) has passed in the reporter's zone."""
        return (
            self.status == ReportStatus.DRAFT
            and self.deadline is not None
            and today_in(self.zone) > self.deadline
        )

    @property
    def is_perishable(self) -> bool:
        return self.form in PERISHABLE_FORMS

    @property
    def letter_overdue(self) -> bool:
        """Decided, and the decision letter has not reached the reporter by its due date."""
        return (
            self.status == ReportStatus.DECIDED
            and self.letter_sent_at is None
            and self.letter_due is not None
            and self.letter_due < timezone.localdate()
        )

    @property
    def decision_is_state_property(self) -> bool:
        return self.decision in STATE_PROPERTY


class EventKind(models.TextChoices):
    CREATED = "created", _("Draft created")
    UPDATED = "updated", _("Draft changed")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED_BY_UPG = "returned_by_upg", _("Returned by the UPG for completion")
    FORWARDED = "forwarded", _("Forwarded to KPK")
    RETURNED_BY_KPK = "returned_by_kpk", _("Returned by KPK as incomplete")
    VERIFIED = "verified", _("Verified by KPK")
    DECIDED = "decided", _("Decided by KPK")
    HANDED_OVER = "handed_over", _("State property handed over")
    EVIDENCE_ADDED = "evidence_added", _("Evidence added")
    REMINDED = "reminded", _("Reminder of the deadline sent")
    DETERMINATION_STOPPED = "stopped", _("Determination stopped: not completed in time")
    LETTER_SENT = "letter_sent", _("Decision letter sent to the reporter")


class GratificationEvent(models.Model):
    """One line of a report's history, written by the action that changed it."""

    report = models.ForeignKey(GratificationReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what happened"), max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    from_status = models.CharField(max_length=20, choices=ReportStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ReportStatus.choices, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("gratification report event")
        verbose_name_plural = _("gratification report events")

    def __str__(self) -> str:
        return f"#{self.report_id} {self.kind}"


class ReminderSent(models.Model):
    """A reminder emailed to the reporter of a draft close to its deadline. One row per report
    and day (the date in the reporter's agency's zone): the unique constraint is what keeps a
    job that runs several times a day from sending a second reminder."""

    report = models.ForeignKey(
        GratificationReport, on_delete=models.CASCADE, related_name="reminders"
    )
    day = models.DateField(_("day"))
    deadline = models.DateField(_("deadline reminded of"))
    working_days_left = models.PositiveSmallIntegerField(_("working days left"))
    sent_to = models.EmailField(_("sent to"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(fields=["report", "day"], name="reminder_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"#{self.report_id} {self.day:%Y-%m-%d}"


def evidence_storage() -> Storage:
    """A private storage when the deployment defines one, else the default; files are only
    served through an access-checked view."""
    return storages["private"] if "private" in settings.STORAGES else default_storage


def evidence_path(instance: Evidence, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"gratification/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class Evidence(models.Model):
    """One evidence file of a report, cleaned on upload by `cegah.lib.uploads.clean_upload`."""

    report = models.ForeignKey(
        GratificationReport, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, storage=evidence_storage)
    content_type = models.CharField(_("type"), max_length=100)
    original_name = models.CharField(_("original name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self) -> str:
        return self.original_name
