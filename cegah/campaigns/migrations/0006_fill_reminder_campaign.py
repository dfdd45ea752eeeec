"""Fill `Reminder.campaign` from each reminder's participant (rows made before 0005)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Reminder = apps.get_model("campaigns", "Reminder")
    Participant = apps.get_model("campaigns", "Participant")
    campaign_of = Participant.objects.filter(pk=OuterRef("participant_id")).values("campaign_id")
    Reminder.objects.filter(campaign__isnull=True).update(campaign_id=Subquery(campaign_of[:1]))


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0005_reminder_campaign")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
