"""Copy each rated complaint's rating onto its latest "rated" event, so the history of a
complaint rated before the event kept the rating shows it too (a reopened complaint lost
its rating, and nothing can restore that one)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery

BATCH = 500


def backfill(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    ComplaintEvent = apps.get_model("complaints", "ComplaintEvent")
    latest = (
        ComplaintEvent.objects.filter(complaint=OuterRef("pk"), kind="rated")
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    rated = (
        Complaint.objects.filter(rating__isnull=False)
        .annotate(event_id=Subquery(latest))
        .filter(event_id__isnull=False)
        .values_list("event_id", "rating")
    )
    batch = []
    for event_id, rating in rated.iterator(chunk_size=BATCH):
        batch.append(ComplaintEvent(pk=event_id, rating=rating))
        if len(batch) >= BATCH:
            ComplaintEvent.objects.bulk_update(batch, ["rating"])
            batch = []
    if batch:
        ComplaintEvent.objects.bulk_update(batch, ["rating"])


class Migration(migrations.Migration):
    dependencies = [("complaints", "0006_complaintevent_rating")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
