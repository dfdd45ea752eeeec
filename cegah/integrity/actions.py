"""Changing integrity figures: every change is proposed, then approved by a second person.

`propose_correction` (one figure, from the correction form) and `submit_import` (a whole file,
all rows or none) store `Correction` rows waiting for review; `review_correction` and
`review_import` apply them. Applying writes the score as approved and a `ScoreHistory` row with
the figures before and after, who proposed and who approved, in the same transaction.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cegah.integrity.access import may_manage
from cegah.integrity.loading import ensure_government
from cegah.integrity.models import (
    EDITABLE,
    Assessment,
    AssessmentChange,
    Confidence,
    Correction,
    Government,
    ImportBatch,
    Participant,
    Score,
    ScoreHistory,
    Source,
    Status,
)
from cegah.lib.errors import ActionRefused

if TYPE_CHECKING:
    from cegah.accounts.models import User
    from cegah.integrity.importing import Report


class ChangeRefused(ActionRefused):
    """A change the rules do not allow; `message` is shown to the person."""


def _require(actor: User) -> None:
    if not may_manage(actor):
        raise ChangeRefused(_("Only KPK officers and KPK editors change integrity figures."))


def source_for(title: str, url: str) -> Source:
    """The source with this address (or title), created on first use."""
    digest = hashlib.sha256(f"{title}|{url}".encode()).hexdigest()[:10]
    source, _created = Source.objects.get_or_create(
        key=f"U{digest}", defaults={"title": title[:300], "url": url[:500]}
    )
    return source


def _clean_values(values: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in values.items() if k in EDITABLE}
    if isinstance(out.get("score"), Decimal):
        out["score"] = float(out["score"])
    return out


def propose_correction(
    *,
    actor: User,
    government: Government,
    instrument: str,
    year: int,
    values: dict[str, Any],
    reason: str,
    scope: str = "pemda",
    interim: bool = False,
    form_token: str | None = None,
) -> Correction:
    """Propose new figures for one score (or a score not stored yet). A second submit of the
    same form returns the first correction."""
    _require(actor)
    if form_token:
        existing = Correction.objects.filter(form_token=form_token).first()
        if existing:
            return existing
    score = Score.objects.filter(
        government=government, instrument=instrument, year=year, scope=scope, interim=interim
    ).first()
    try:
        with transaction.atomic():
            return Correction.objects.create(
                score=score,
                government=government,
                instrument=instrument,
                year=year,
                scope=scope,
                interim=interim,
                proposed=_clean_values(values),
                reason=reason,
                proposed_by=actor,
                form_token=form_token or None,
            )
    except IntegrityError:
        return Correction.objects.get(form_token=form_token)


def _apply(correction: Correction, approver: User) -> Score:
    values = dict(correction.proposed)
    if "score" in values and values["score"] is not None:
        values["score"] = Decimal(str(values["score"]))
    score = (
        correction.score
        or Score.objects.filter(
            government=correction.government,
            instrument=correction.instrument,
            year=correction.year,
            scope=correction.scope,
            interim=correction.interim,
        ).first()
    )
    before: dict[str, Any] = {}
    if score is None:
        values.setdefault("confidence", Confidence.LIKELY)
        score = Score(
            government=correction.government,
            instrument=correction.instrument,
            year=correction.year,
            scope=correction.scope,
            interim=correction.interim,
        )
    else:
        before = score.values()
    for name, value in values.items():
        setattr(score, name, value)
    score.status = Status.APPROVED
    score.save()
    ScoreHistory.objects.create(
        score=score,
        before=before,
        after=score.values(),
        reason=correction.reason,
        proposed_by=correction.proposed_by,
        approved_by=approver,
    )
    correction.score = score
    return score


def review_correction(
    *, actor: User, correction: Correction, approve: bool, note: str = ""
) -> Correction:
    """Approve (apply) or reject a proposed figure; the proposer cannot review their own."""
    _require(actor)
    with transaction.atomic():
        correction = Correction.objects.select_for_update().get(pk=correction.pk)
        if correction.status != Status.PENDING:
            raise ChangeRefused(_("This correction has already been reviewed."))
        if correction.proposed_by_id == actor.pk:
            raise ChangeRefused(_("Someone other than the proposer must review a correction."))
        if approve:
            _apply(correction, actor)
        correction.status = Status.APPROVED if approve else Status.REJECTED
        correction.reviewed_by = actor
        correction.reviewed_at = timezone.now()
        correction.review_note = note[:500]
        correction.save()
    return correction


def submit_import(
    *,
    actor: User,
    report: Report,
    file_name: str,
    source_title: str,
    source_url: str,
    confidence: str,
    digest: str = "",
) -> ImportBatch:
    """Store every row of a checked file as corrections waiting for one review, or none. The
    same file sent again by the same person while the first is still waiting (a double
    submit) returns the first batch."""
    _require(actor)
    if not report.ok:
        raise ChangeRefused(_("The file has errors; nothing was imported."))
    if digest:
        waiting = ImportBatch.objects.filter(
            created_by=actor,
            digest=digest,
            instrument=report.instrument,
            year=report.year,
            status=Status.PENDING,
        ).first()
        if waiting is not None:
            return waiting
    with transaction.atomic():
        source = source_for(source_title, source_url)
        batch = ImportBatch.objects.create(
            instrument=report.instrument,
            year=report.year,
            file_name=file_name[:200],
            digest=digest,
            rows=len(report.rows),
            created_by=actor,
        )
        for row in report.rows:
            government = ensure_government(row.region)
            score = Score.objects.filter(
                government=government,
                instrument=report.instrument,
                year=report.year,
                scope=row.scope,
                interim=row.interim,
            ).first()
            Correction.objects.create(
                batch=batch,
                score=score,
                government=government,
                instrument=report.instrument,
                year=report.year,
                scope=row.scope,
                interim=row.interim,
                proposed={
                    "score": float(row.score),
                    "published_category": row.category,
                    "published_rank": row.rank,
                    "rank_of": row.rank_of,
                    "rank_scope": row.rank_scope,
                    "size_class": row.size_class,
                    "components": row.components,
                    "note": row.note,
                    "confidence": confidence,
                    "source_id": source.pk,
                },
                reason=_("Imported from %(file)s, line %(line)s.")
                % {"file": file_name, "line": row.line},
                proposed_by=actor,
            )
    return batch


def review_import(*, actor: User, batch: ImportBatch, approve: bool) -> ImportBatch:
    """Apply every row of an import, or reject them all; not by the person who uploaded it."""
    _require(actor)
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status != Status.PENDING:
            raise ChangeRefused(_("This import has already been reviewed."))
        if batch.created_by_id == actor.pk:
            raise ChangeRefused(_("Someone other than the uploader must review an import."))
        now = timezone.now()
        for correction in batch.corrections.select_related("score", "government"):
            if approve:
                _apply(correction, actor)
            correction.status = Status.APPROVED if approve else Status.REJECTED
            correction.reviewed_by = actor
            correction.reviewed_at = now
            correction.save()
        batch.status = Status.APPROVED if approve else Status.REJECTED
        batch.reviewed_by = actor
        batch.reviewed_at = now
        batch.save()
    return batch


def record_assessment(
    *,
    actor: User,
    participant: Participant,
    year: int,
    values: dict[str, float],
    source_title: str = "",
    source_url: str = "",
    confidence: str = Confidence.LIKELY,
    form_token: str | None = None,
) -> Assessment:
    """Record (or change) a participant's assessment for one year, with an `AssessmentChange`
    row saying who, when, and the values before and after. A second submit of the same form
    changes nothing and returns the assessment. A figure recorded by staff is never demo."""
    _require(actor)
    if form_token:
        done = AssessmentChange.objects.filter(form_token=form_token).first()
        if done:
            return Assessment.objects.get(pk=done.assessment_id)
    try:
        with transaction.atomic():
            assessment = (
                Assessment.objects.select_for_update()
                .filter(participant=participant, year=year)
                .first()
            )
            before: dict[str, Any] = {}
            if assessment is None:
                assessment = Assessment(participant=participant, year=year)
            else:
                before = _assessment_values(assessment)
            assessment.values = {code: float(v) for code, v in values.items()}
            assessment.source_title = source_title[:300]
            assessment.source_url = source_url[:500]
            assessment.confidence = confidence
            assessment.demo = False
            assessment.save()
            AssessmentChange.objects.create(
                assessment=assessment,
                actor=actor,
                before=before,
                after=_assessment_values(assessment),
                form_token=form_token or None,
            )
    except IntegrityError:
        # The same form submitted twice at once: the other request recorded it.
        done = (
            AssessmentChange.objects.filter(form_token=form_token).first() if form_token else None
        )
        if done is None:
            raise
        return Assessment.objects.get(pk=done.assessment_id)
    return assessment


def _assessment_values(assessment: Assessment) -> dict[str, Any]:
    return {
        "values": dict(assessment.values or {}),
        "source_title": assessment.source_title,
        "source_url": assessment.source_url,
        "confidence": assessment.confidence,
        "demo": assessment.demo,
    }
