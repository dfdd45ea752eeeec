"""Use cases that write offices data; the staff pages, the API, commands and tasks call these."""

from __future__ import annotations

from itertools import islice
from typing import IO, TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from cegah.accounts.access import is_kpk_officer
from cegah.offices import access, importing
from cegah.offices.models import ImportRecord, Office, PosterBatch, PosterPrint, PosterSize
from cegah.offices.writers import BATCH, WRITERS

if TYPE_CHECKING:
    from cegah.accounts.models import User
    from cegah.agencies.models import Agency


class _Rollback(Exception):
    """Raised inside the import's transaction to undo every batch written."""


def import_file(
    *,
    actor: User,
    kind: str,
    agency: Agency,
    stream: IO[bytes],
    file_name: str = "",
    dry_run: bool = False,
) -> importing.Report:
    """Import a CSV or XLSX file of `kind` for `agency` (which the caller has checked the
    actor manages): every row or none. Rows are checked and written batch by batch inside
    one transaction; the first bad row stops the writing, the rest is still checked so the
    report names every bad line, and the transaction is rolled back. A dry run checks
    everything and rolls back too. A successful import leaves an `ImportRecord`."""
    dataset = importing.DATASETS[kind]
    report = importing.Report(kind=kind)
    manage_all = is_kpk_officer(actor)
    managed_ids = (
        set() if manage_all else set(access.managed_agencies(actor).values_list("pk", flat=True))
    )
    writer = WRITERS[kind](default_agency=agency, manage_all=manage_all, managed_ids=managed_ids)
    rows = importing.iter_rows(dataset, stream, report)
    try:
        with transaction.atomic():
            while batch := list(islice(rows, BATCH)):
                good = writer.check(batch, report)
                if report.ok and good:
                    writer.write(good)
            if report.error_count == 0 and report.lines == 0:
                report.add(1, "", importing.empty_message())
            if not report.ok or dry_run:
                raise _Rollback
            ImportRecord.objects.create(
                kind=kind,
                agency=agency,
                actor=actor,
                file_name=file_name[:200],
                created=writer.created,
                updated=writer.updated,
            )
    except _Rollback:
        pass
    if report.ok:
        report.created, report.updated = writer.created, writer.updated
        if dry_run:
            report.created = report.updated = 0
    return report


def record_posters(
    *,
    actor: User | None,
    offices: list[tuple[Office, str]],
    size: str,
    batch: PosterBatch | None = None,
) -> int:
    """Record each poster printed (office, service code), for `public.posters_printed`."""
    PosterPrint.objects.bulk_create(
        [
            PosterPrint(
                office=office,
                service_code=service_code,
                size=size,
                region_code=office.region_id,
                batch=batch,
                printed_by=actor,
            )
            for office, service_code in offices
        ]
    )
    return len(offices)


def request_poster_batch(*, actor: User, agency: Agency, size: str) -> PosterBatch:
    """Queue the posters of every office of `agency` (and its units) as one PDF, made by the
    worker (`tasks.make_poster_batch`); the task is enqueued when the row is committed. A
    batch of the same agency and size still waiting is returned instead of a second one (a
    double submit makes one file)."""
    from cegah.offices.tasks import make_poster_batch

    if size not in PosterSize.values:
        raise ValueError(size)
    waiting = (PosterBatch.Status.QUEUED, PosterBatch.Status.RUNNING)
    with transaction.atomic():
        existing = (
            PosterBatch.objects.select_for_update()
            .filter(agency=agency, size=size, status__in=waiting)
            .first()
        )
        if existing is not None:
            return existing
        batch = PosterBatch.objects.create(agency=agency, requested_by=actor, size=size)
        transaction.on_commit(lambda: make_poster_batch.enqueue(batch.pk))
    return batch


def finish_poster_batch(*, batch: PosterBatch, name: str, content: bytes, count: int) -> None:
    """Store the batch's PDF and mark it ready (called by the task)."""
    from django.core.files.base import ContentFile

    batch.file.save(name, ContentFile(content), save=False)
    batch.posters = count
    batch.status = PosterBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.save(update_fields=["file", "posters", "status", "finished_at"])


def fail_poster_batch(*, batch: PosterBatch, error: str) -> None:
    batch.status = PosterBatch.Status.FAILED
    batch.error = error[:2000]
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "error", "finished_at"])
