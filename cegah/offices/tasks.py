"""Background jobs of the offices app, run by the worker (django-tasks)."""

from __future__ import annotations

from django.tasks import task


@task()
def make_poster_batch(batch_id: int) -> int:
    """Print every poster of the batch's agency (and its units) into one PDF; returns how
    many posters it holds. A failure is recorded on the batch for the person who asked."""
    from django.utils import timezone

    from cegah.offices import actions, posters
    from cegah.offices.models import PosterBatch, ServiceStandard

    batch = PosterBatch.objects.select_related("agency", "requested_by").get(pk=batch_id)
    if batch.status == PosterBatch.Status.DONE:
        return batch.posters
    PosterBatch.objects.filter(pk=batch.pk).update(status=PosterBatch.Status.RUNNING)
    try:
        standards = (
            ServiceStandard.objects.filter(office__agency__path__startswith=batch.agency.path)
            .select_related("office", "office__region", "service")
            .order_by("office__region_id", "office__name", "service__sort_order", "service__code")
        )
        items = posters.posters_for(standards)
        if not items:
            actions.fail_poster_batch(batch=batch, error="no-standards")
            return 0
        pdf = posters.render_many(items, batch.size)
        actions.record_posters(
            actor=batch.requested_by,
            offices=[(p.office, p.service_code) for p in items],
            size=batch.size,
            batch=batch,
        )
        name = f"poster-{batch.agency.code}-{batch.size}-{timezone.localdate():%Y%m%d}.pdf"
        actions.finish_poster_batch(batch=batch, name=name, content=pdf, count=len(items))
        return len(items)
    except Exception as exc:
        actions.fail_poster_batch(batch=batch, error=repr(exc))
        raise
