"""Count the working days to the first response of complaints answered before the field
existed, as `cegah.complaints.models.response_working_days` does."""

from zoneinfo import ZoneInfo

from django.db import migrations
from django.utils import timezone

from cegah.lib.workdays import is_working_day, working_days_between

BATCH = 500


def response_days(forwarded_at, answered_at, zone):
    tz = ZoneInfo(zone)
    start = timezone.localdate(forwarded_at, timezone=tz)
    end = timezone.localdate(answered_at, timezone=tz)
    days = max(working_days_between(start, end), 0)
    return days if is_working_day(end) or end <= start else days + 1


def backfill(apps, schema_editor):
    Complaint = apps.get_model("complaints", "Complaint")
    pending = (
        Complaint.objects.filter(
            first_response_days__isnull=True,
            first_response_at__isnull=False,
            forwarded_at__isnull=False,
            agency__isnull=False,
        )
        .select_related("agency")
        .only("pk", "forwarded_at", "first_response_at", "agency__timezone")
    )
    batch = []
    for complaint in pending.iterator(chunk_size=BATCH):
        complaint.first_response_days = response_days(
            complaint.forwarded_at, complaint.first_response_at, complaint.agency.timezone
        )
        batch.append(complaint)
        if len(batch) >= BATCH:
            Complaint.objects.bulk_update(batch, ["first_response_days"])
            batch = []
    if batch:
        Complaint.objects.bulk_update(batch, ["first_response_days"])


class Migration(migrations.Migration):
    dependencies = [("complaints", "0003_complaint_first_response_days")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
