"""Complaints (keluhan) from the public: their state, deadlines and history.

A complaint is received, checked by KPK's verifiers, forwarded to the agency responsible,
assigned to one of its units, handled and resolved, or closed with a reason. Every change is
an action in `actions.py` that writes a `ComplaintEvent`; the rules of which change may
happen in which state live here (`TRANSITIONS`, `Complaint.require()`).

Deadlines are dates counted in Indonesian working days (`cegah.lib.workdays`), in the time
zone of whoever owes them: KPK's verifiers in the platform's zone, an agency in its own.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import secrets
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.files.storage import Storage, default_storage, storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from cegah.accounts.access import agencies_with_role, has_role, is_kpk_officer
from cegah.accounts.models import Role
from cegah.agencies.models import REGIONAL_TYPES, Agency, AgencyQuerySet, AgencyType
from cegah.complaints.codes import format_code
from cegah.lib.encryption import EncryptedCharField, EncryptedEmailField
from cegah.lib.errors import ActionRefused
from cegah.lib.workdays import is_working_day, working_days_between

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from cegah.accounts.models import User
    from cegah.regions.models import Region

# Working days each party has (domain.md §1.3 and §6: LAPOR! verifies within 3, JAGA gives
# agencies 7 for a first response); the resolution time is the category's class.
VERIFICATION_DAYS = 3
FIRST_RESPONSE_DAYS = 7
INFORMATION_DAYS = 5
REOPEN_WINDOW = dt.timedelta(days=30)
MAX_REOPENS = 1
MAX_ATTACHMENTS = 5
HANDLER_ROLES = (Role.AGENCY_ADMIN, Role.COMPLAINT_HANDLER)
# The zones an agency may be in (WIB, WITA, WIT), from the field's choices.
AGENCY_ZONES = tuple(str(choice[0]) for choice in Agency._meta.get_field("timezone").choices or ())


def verifier_zone() -> str:
    """KPK's verifiers work in the platform's zone (Jakarta)."""
    return str(settings.TIME_ZONE)


def today_in(zone: str) -> dt.date:
    """Today's date in `zone`: deadlines are owed by the calendar of whoever owes them."""
    return timezone.localdate(timezone=ZoneInfo(zone))


class ComplaintError(ActionRefused):
    """A change the complaint's state or rules do not allow; the message is for people."""


class InvalidTransition(ComplaintError):
    """The action does not apply to a complaint in its current state."""


class ResolutionClass(models.IntegerChoices):
    """Resolution time classes of public-service complaint standards (domain.md §6)."""

    LIGHT = 2, _("Light: 2 working days")
    NORMATIVE = 5, _("Normative: 5 working days")
    NO_INVESTIGATION = 14, _("No investigation needed: 14 working days")
    INVESTIGATION = 60, _("Needs investigation or audit: 60 working days")


class CategoryQuerySet(models.QuerySet["Category"]):
    def active(self) -> CategoryQuerySet:
        return self.filter(is_active=True)


class Category(models.Model):
    """What a complaint is about (schools, villages, ports…), kept as data admins edit.

    The resolution class says how many working days the agency has to resolve it.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    resolution_days = models.PositiveSmallIntegerField(
        _("resolution time"),
        choices=ResolutionClass.choices,
        default=ResolutionClass.NO_INVESTIGATION,
    )
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the language of the page."""
        return self.name_en if (get_language() or "id").startswith("en") else self.name_id


class RoutingRuleQuerySet(models.QuerySet["RoutingRule"]):
    def active(self) -> RoutingRuleQuerySet:
        return self.filter(is_active=True, agency__is_active=True)


class RoutingRule(models.Model):
    """Which agency a complaint of a category in a region goes to.

    The most specific rule wins: a deeper region before a wider one, a rule for the
    category before a rule for every category (`category` empty).
    """

    category = models.ForeignKey(
        Category,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routing_rules",
        verbose_name=_("category"),
        help_text=_("Leave empty for every category."),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("Covers this region and every region inside it."),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="+", verbose_name=_("agency")
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = RoutingRuleQuerySet.as_manager()

    class Meta:
        ordering = ["region_id", "category__position"]
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "region"],
                condition=Q(category__isnull=False),
                name="routingrule_one_per_category_region",
            ),
            models.UniqueConstraint(
                fields=["region"],
                condition=Q(category__isnull=True),
                name="routingrule_one_catch_all_per_region",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category or '*'} · {self.region_id} → {self.agency}"


def propose_agency(category: Category, region: Region) -> Agency | None:
    """The agency the routing rules send a complaint to; without a rule, the regional
    government of the complaint's region (regency or city before province)."""
    parts = region.code.split(".")
    codes = [".".join(parts[: i + 1]) for i in range(len(parts))]
    rules = list(
        RoutingRule.objects.active()
        .filter(Q(category=category) | Q(category__isnull=True), region_id__in=codes)
        .select_related("agency")
    )
    if rules:
        rules.sort(key=lambda r: (len(r.region_id), r.category_id is not None), reverse=True)
        return rules[0].agency
    governments = list(Agency.objects.active().filter(type__in=REGIONAL_TYPES, region_id__in=codes))
    governments.sort(key=lambda a: len(a.region_id or ""), reverse=True)
    return governments[0] if governments else None


def forward_targets() -> AgencyQuerySet:
    """Every agency a verifier may forward a complaint to: the active ones outside KPK."""
    return Agency.objects.active().exclude(type=AgencyType.KPK)


def suggested_agencies(region: Region, proposed: Agency | None) -> AgencyQuerySet:
    """The agencies a complaint from `region` most likely goes to, in one query: the
    governments of the region and of the regions around it (province, regency or city) with
    their units one level down, and the agency the routing rules propose with its units.
    The governments and the proposed agency come first, then the units in tree order."""
    parts = region.code.split(".")
    codes = [".".join(parts[: i + 1]) for i in range(len(parts))]
    governments = Agency.objects.active().filter(type__in=REGIONAL_TYPES, region_id__in=codes)
    heads = Q(pk__in=governments.values("pk"))
    if proposed is not None:
        heads |= Q(pk=proposed.pk)
    units = Q(parent__in=governments.values("pk"))
    if proposed is not None:
        units |= Q(parent_id=proposed.pk)
    # The governments and the proposed agency first, so a cut list never loses them.
    return (
        forward_targets()
        .filter(heads | units)
        .order_by(Case(When(heads, then=0), default=1), "path")
    )


class Status(models.TextChoices):
    """Where a complaint stands. Open states wait on someone; closed states are final
    (a resolved complaint may still be reopened by its reporter)."""

    RECEIVED = "received", _("Received")
    NEEDS_INFO = "needs_info", _("Waiting for more information")
    VERIFIED = "verified", _("Verified")
    RETURNED_BY_AGENCY = "returned_by_agency", _("Returned by the agency")
    FORWARDED = "forwarded", _("Forwarded to the agency")
    IN_PROGRESS = "in_progress", _("In progress")
    REOPENED = "reopened", _("Reopened")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES


CLOSED_STATUSES = frozenset({Status.RESOLVED, Status.CLOSED})
OPEN_STATUSES = frozenset(Status) - CLOSED_STATUSES
# Waiting on KPK's verifiers: the verification deadline runs until the complaint is forwarded.
VERIFIER_STATUSES = frozenset({Status.RECEIVED, Status.VERIFIED, Status.RETURNED_BY_AGENCY})
# Waiting on the agency: the resolution deadline runs.
AGENCY_STATUSES = frozenset({Status.FORWARDED, Status.IN_PROGRESS, Status.REOPENED})


class StatusGroup(models.TextChoices):
    """The two groups of states, for filters: still waiting on someone, or finished."""

    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class CloseReason(models.TextChoices):
    """Why a complaint was closed without being forwarded or resolved."""

    DUPLICATE = "duplicate", _("Duplicate of another complaint")
    SPAM = "spam", _("Spam")
    CANNOT_BE_VERIFIED = "cannot_be_verified", _("Cannot be verified")
    NO_ANSWER = "no_answer", _("The reporter did not answer in time")


# Which state each action may start from (reopen and rate add conditions of their own).
TRANSITIONS: dict[str, frozenset[Status]] = {
    "verify": frozenset({Status.RECEIVED, Status.NEEDS_INFO}),
    "return_for_information": frozenset(
        {Status.RECEIVED, Status.VERIFIED, Status.RETURNED_BY_AGENCY}
    ),
    "close": frozenset(
        {Status.RECEIVED, Status.NEEDS_INFO, Status.VERIFIED, Status.RETURNED_BY_AGENCY}
    ),
    "forward": frozenset({Status.VERIFIED, Status.RETURNED_BY_AGENCY}),
    "assign_unit": AGENCY_STATUSES,
    "start_progress": frozenset({Status.FORWARDED, Status.REOPENED}),
    "resolve": AGENCY_STATUSES,
    "reject_authority": AGENCY_STATUSES,
    "reopen": frozenset({Status.RESOLVED}),
    "rate": frozenset({Status.RESOLVED}),
    "reporter_update": OPEN_STATUSES,
    "reply": OPEN_STATUSES,
    "add_note": frozenset(Status),
}


class BreachKind(models.TextChoices):
    """Which deadline a complaint missed."""

    VERIFICATION = "verification", _("Verification")
    FIRST_RESPONSE = "first_response", _("Agency's first response")
    RESOLUTION = "resolution", _("Resolution")


def _zoned(field: str, zones: tuple[str, ...]) -> Q:
    """`field` is before today in the zone of the complaint's agency."""
    return functools.reduce(
        operator.or_,
        (Q(agency__timezone=zone, **{f"{field}__lt": today_in(zone)}) for zone in zones),
    )


def breach_filter(kind: BreachKind) -> Q:
    """The complaints that have missed the deadline of `kind` today."""
    if kind == BreachKind.VERIFICATION:
        return Q(status__in=VERIFIER_STATUSES, verify_by__lt=today_in(verifier_zone()))
    if kind == BreachKind.FIRST_RESPONSE:
        return Q(status=Status.FORWARDED, first_response_at__isnull=True) & _zoned(
            "first_response_by", AGENCY_ZONES
        )
    return Q(status__in=AGENCY_STATUSES) & _zoned("resolve_by", AGENCY_ZONES)


class ComplaintQuerySet(models.QuerySet["Complaint"]):
    def open(self) -> ComplaintQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def closed(self) -> ComplaintQuerySet:
        return self.filter(status__in=CLOSED_STATUSES)

    def with_related(self) -> ComplaintQuerySet:
        """What lists and pages show, in the same query."""
        return self.select_related("category", "region", "agency", "unit")

    def overdue(self) -> ComplaintQuerySet:
        return self.filter(functools.reduce(operator.or_, map(breach_filter, BreachKind)))

    def breached(self, kind: BreachKind) -> ComplaintQuerySet:
        return self.filter(breach_filter(kind))

    def public(self) -> ComplaintQuerySet:
        """What may be listed publicly (without personal data): not confidential."""
        return self.filter(confidential=False)

    def visible_to(self, user: User | AnonymousUser) -> ComplaintQuerySet:
        """KPK (verifiers and officers) see every complaint; agency staff see those forwarded
        to their agency or assigned to a unit below it; everybody else sees none."""
        if is_kpk_officer(user) or has_role(user, Role.VERIFIER):
            return self.all()
        return self.for_agency_staff(user)

    def for_agency_staff(self, user: User | AnonymousUser) -> ComplaintQuerySet:
        """Complaints forwarded to an agency where the person administers or handles
        complaints, or assigned to a unit below one."""
        paths = [a.path for a in agencies_with_role(user, *HANDLER_ROLES)]
        if not paths:
            return self.none()
        # The subtree is resolved in the small agency table, so the complaint table is
        # filtered on its indexed foreign keys instead of a LIKE through two joins.
        # The ids are read first (a few dozen at most) and passed as literals: PostgreSQL
        # plans `IN (subquery)` as a hashed filter over a scan of the whole table, while
        # `= ANY(ids)` on each indexed column becomes a bitmap OR of two index scans.
        subtree = list(
            Agency.objects.filter(
                functools.reduce(operator.or_, (Q(path__startswith=p) for p in paths))
            ).values_list("id", flat=True)
        )
        return self.filter(Q(agency_id__in=subtree) | Q(unit_id__in=subtree))


class Complaint(models.Model):
    """One complaint from the public, followed by its reporter with the tracking code alone.

    The code is the reporter's key to the complaint, so staff pages address complaints by
    number (`pk`) and never show it. An anonymous complaint stores no identity at all;
    otherwise the identity is shown to verifiers, and to the agency only with consent.
    """

    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.RECEIVED
    )
    close_reason = models.CharField(
        _("reason for closing"), max_length=24, choices=CloseReason.choices, blank=True
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("category")
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    place = models.CharField(_("place or unit concerned"), max_length=200, blank=True)
    incident_date = models.DateField(_("date of the incident"), null=True, blank=True)
    description = models.TextField(_("description"))
    # What the person was asked to pay, when they came from the fee check or an office's
    # poster: codes only, no foreign keys, so complaints need nothing of those apps.
    service_code = models.CharField(_("service code"), max_length=80, blank=True)
    office_code = models.CharField(_("office code"), max_length=40, blank=True)
    official_fee_idr = models.PositiveBigIntegerField(
        _("official fee (rupiah)"), null=True, blank=True
    )
    asked_fee_idr = models.PositiveBigIntegerField(
        _("amount asked (rupiah)"), null=True, blank=True
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    confidential = models.BooleanField(_("confidential"), default=False)
    consent_to_share_identity = models.BooleanField(
        _("consent to show the identity to the agency"), default=False
    )
    reporter_name = EncryptedCharField(_("reporter's name"), max_length=150, blank=True)
    reporter_email = EncryptedEmailField(_("reporter's email"), blank=True)
    reporter_phone = EncryptedCharField(_("reporter's phone"), max_length=20, blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("reporter's account"),
    )
    language = models.CharField(_("reporter's language"), max_length=5, default="id")
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("agency"),
    )
    unit = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_complaints",
        verbose_name=_("unit"),
    )
    verify_by = models.DateField(_("verify by"), null=True, blank=True)
    information_by = models.DateField(_("reporter answers by"), null=True, blank=True)
    first_response_by = models.DateField(_("first response by"), null=True, blank=True)
    resolve_by = models.DateField(_("resolve by"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    first_response_days = models.PositiveSmallIntegerField(
        _("working days to the first response"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Counted in the agency's zone from the day it was forwarded; an answer on a "
            "weekend or holiday counts as given on the next working day."
        ),
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.TextField(_("comment on the outcome"), blank=True)
    idempotency_key = models.CharField(
        max_length=80, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["status", "created_at"], name="complaint_status_created"),
            models.Index(fields=["agency", "status"], name="complaint_agency_status"),
            models.Index(fields=["unit", "status"], name="complaint_unit_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False)
                | Q(
                    reporter_name="",
                    reporter_email="",
                    reporter_phone="",
                    reporter__isnull=True,
                    consent_to_share_identity=False,
                ),
                name="complaint_anonymous_has_no_identity",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="complaint_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category_id} {self.get_status_display()}"

    @property
    def display_code(self) -> str:
        return format_code(self.tracking_code)

    @property
    def status_enum(self) -> Status:
        return Status(self.status)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def has_identity(self) -> bool:
        return not self.anonymous and bool(
            self.reporter_name or self.reporter_email or self.reporter_phone
        )

    def public_url(self) -> str:
        """The reporter's page: whoever has this address holds the code."""
        return reverse("complaints:track_detail", args=[self.tracking_code])

    def staff_url(self) -> str:
        return reverse("complaints:staff_detail", args=[self.pk])

    def agency_zone(self) -> str:
        return self.agency.timezone if self.agency_id and self.agency else verifier_zone()

    def can(self, action: str) -> bool:
        """Whether `action` applies in the complaint's current state."""
        if self.status not in TRANSITIONS[action]:
            return False
        if action == "reopen":
            return self.reopen_count < MAX_REOPENS and (
                self.resolved_at is not None and timezone.now() - self.resolved_at <= REOPEN_WINDOW
            )
        if action == "rate":
            return self.rating is None
        return True

    def require(self, action: str) -> None:
        """Raise `InvalidTransition` with a reason a person understands when `can()` is false."""
        if self.can(action):
            return
        if action == "reopen" and self.status == Status.RESOLVED:
            if self.reopen_count >= MAX_REOPENS:
                raise InvalidTransition(gettext("This complaint has already been reopened once."))
            raise InvalidTransition(
                gettext("A complaint can only be reopened within 30 days of its resolution.")
            )
        if action == "rate" and self.status == Status.RESOLVED:
            raise InvalidTransition(gettext("You have already rated this outcome."))
        raise InvalidTransition(
            gettext("This cannot be done while the complaint is “%(status)s”.")
            % {"status": self.get_status_display()}
        )

    def breaches(self) -> list[tuple[BreachKind, dt.date]]:
        """The deadlines this complaint has missed as of today, with their dates."""
        found: list[tuple[BreachKind, dt.date]] = []
        if (
            self.status in VERIFIER_STATUSES
            and self.verify_by
            and self.verify_by < today_in(verifier_zone())
        ):
            found.append((BreachKind.VERIFICATION, self.verify_by))
        if self.status in AGENCY_STATUSES:
            today = today_in(self.agency_zone())
            if (
                self.status == Status.FORWARDED
                and self.first_response_at is None
                and self.first_response_by
                and self.first_response_by < today
            ):
                found.append((BreachKind.FIRST_RESPONSE, self.first_response_by))
            if self.resolve_by and self.resolve_by < today:
                found.append((BreachKind.RESOLUTION, self.resolve_by))
        return found

    @property
    def is_overdue(self) -> bool:
        return bool(self.breaches())

    def current_deadline(self) -> dt.date | None:
        """The date the party the complaint waits on owes its next step by."""
        if self.status == Status.NEEDS_INFO:
            return self.information_by
        if self.status in VERIFIER_STATUSES:
            return self.verify_by
        if self.status == Status.FORWARDED and self.first_response_at is None:
            return min(filter(None, [self.first_response_by, self.resolve_by]), default=None)
        if self.status in AGENCY_STATUSES:
            return self.resolve_by
        return None


def response_working_days(forwarded_at: dt.datetime, answered_at: dt.datetime, zone: str) -> int:
    """Working days from forwarding to an answer, as dates in the agency's zone. An answer on
    a day off counts as given on the next working day, so the answer was on time exactly
    when this is at most `FIRST_RESPONSE_DAYS` (the deadline is always a working day)."""
    tz = ZoneInfo(zone)
    start = timezone.localdate(forwarded_at, timezone=tz)
    end = timezone.localdate(answered_at, timezone=tz)
    days = max(working_days_between(start, end), 0)
    return days if is_working_day(end) or end <= start else days + 1


def evidence_storage() -> Storage:
    """A private storage when the deployment defines one (`STORAGES["private"]`), else the
    default; files are never linked by their storage URL, only through views that check
    who asks."""
    return storages["private"] if "private" in settings.STORAGES else default_storage


def evidence_path(instance: models.Model, filename: str) -> str:
    """An unguessable name: the original name is kept in the row, never in the path."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"complaints/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class AttachmentSource(models.TextChoices):
    """Who uploaded a file: the reporter (with the code) or staff (with a reply)."""

    REPORTER = "reporter", _("Reporter")
    STAFF = "staff", _("Staff")


class Attachment(models.Model):
    """One evidence file, cleaned on upload (type sniffed, image metadata removed) and served
    only through views that check the tracking code or the staff member's access."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(
        "ComplaintEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=evidence_path, storage=evidence_storage)
    content_type = models.CharField(_("type"), max_length=100)
    original_name = models.CharField(_("original name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    source = models.CharField(_("uploaded by"), max_length=10, choices=AttachmentSource.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    internal = models.BooleanField(_("staff only"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


# How long a file accepted with an intake form waits for the form to be sent; after that
# the periodic job removes it (`remove_unsent_uploads`).
KEPT_UPLOAD_LIFETIME = dt.timedelta(days=1)


class KeptUploadQuerySet(models.QuerySet["KeptUpload"]):
    def for_form(self, form_key: str) -> KeptUploadQuerySet:
        """The files kept with one intake form that may still be sent with it."""
        return self.filter(
            form_key=form_key, created_at__gt=timezone.now() - KEPT_UPLOAD_LIFETIME
        ).order_by("created_at", "id")

    def expired(self) -> KeptUploadQuerySet:
        """The files whose form was never sent within `KEPT_UPLOAD_LIFETIME`."""
        return self.filter(created_at__lte=timezone.now() - KEPT_UPLOAD_LIFETIME)


class KeptUpload(models.Model):
    """An evidence file accepted with the intake form before the complaint is sent, so a
    form shown again (a mistake to fix, the region button without JavaScript) never loses
    it: browsers do not send a chosen file twice.

    Cleaned like every attachment and stored privately under an unguessable name, against a
    hash of the form's one-time token (the same key the complaint's idempotency uses), so
    only the page holding that token reaches it. Sending the complaint turns it into an
    `Attachment`; a file whose form is never sent is removed after a day.
    """

    form_key = models.CharField(max_length=80, db_index=True, editable=False)
    file = models.FileField(_("file"), upload_to=evidence_path, storage=evidence_storage)
    content_type = models.CharField(_("type"), max_length=100)
    original_name = models.CharField(_("original name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = KeptUploadQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("file kept with an unsent form")
        verbose_name_plural = _("files kept with unsent forms")

    def __str__(self) -> str:
        return self.original_name


class EventKind(models.TextChoices):
    """What a line of a complaint's history records."""

    SUBMITTED = "submitted", _("Complaint received")
    VERIFIED = "verified", _("Verified")
    INFO_REQUESTED = "info_requested", _("More information requested")
    REPORTER_UPDATE = "reporter_update", _("Reporter added information")
    CLOSED = "closed", _("Closed")
    FORWARDED = "forwarded", _("Forwarded to an agency")
    UNIT_ASSIGNED = "unit_assigned", _("Assigned to a unit")
    STARTED = "started", _("Handling started")
    RESOLVED = "resolved", _("Resolved")
    AUTHORITY_REJECTED = "authority_rejected", _("Returned: not the agency's authority")
    REOPENED = "reopened", _("Reopened by the reporter")
    RATED = "rated", _("Rated by the reporter")
    REPLY = "reply", _("Reply to the reporter")
    NOTE = "note", _("Internal note")
    ESCALATED = "escalated", _("Deadline missed; escalated")


class ComplaintEvent(models.Model):
    """One line of a complaint's history: a change of state, a reply, a note. Internal
    events (notes, escalations, an agency's reasons) are never shown to the reporter."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what happened"), max_length=24, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    from_status = models.CharField(max_length=24, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Status.choices, blank=True)
    message = models.TextField(_("message"), blank=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency concerned"),
        help_text=_("The agency forwarded to, the unit assigned, or the agency that returned it."),
    )
    internal = models.BooleanField(_("staff only"), default=False)
    # The rating a "rated" event gave: the complaint's own rating is cleared on reopening,
    # the history keeps what the reporter said.
    rating = models.PositiveSmallIntegerField(
        _("rating given"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("complaint event")
        verbose_name_plural = _("complaint events")

    def __str__(self) -> str:
        return f"#{self.complaint_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class EscalationNotice(models.Model):
    """Proof that a missed deadline was escalated: one row per complaint, deadline kind and
    due date, so the periodic job notifies once however often it runs (a reopened complaint
    that misses its new resolution date is a new breach)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="escalations")
    kind = models.CharField(_("deadline"), max_length=16, choices=BreachKind.choices)
    due_on = models.DateField(_("was due on"))
    recipients = models.PositiveIntegerField(_("people notified"), default=0)
    created_at = models.DateTimeField(_("escalated"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "kind", "due_on"], name="escalation_once_per_breach"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.complaint_id} {self.kind} {self.due_on}"
