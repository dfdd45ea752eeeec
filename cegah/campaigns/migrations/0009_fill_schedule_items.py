"""Keep every existing day's material: its `item` becomes the day's first `ScheduleItem`."""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    ScheduleDay = apps.get_model("campaigns", "ScheduleDay")
    ScheduleItem = apps.get_model("campaigns", "ScheduleItem")
    days = ScheduleDay.objects.filter(item__isnull=False).values_list("pk", "item_id")
    rows = [ScheduleItem(day_id=pk, item_id=item_id, position=0) for pk, item_id in days.iterator()]
    ScheduleItem.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    """The first item of each day goes back into `item` (a day's further items are lost)."""
    ScheduleDay = apps.get_model("campaigns", "ScheduleDay")
    ScheduleItem = apps.get_model("campaigns", "ScheduleItem")
    for entry in ScheduleItem.objects.order_by("day_id", "-position", "-id").iterator():
        ScheduleDay.objects.filter(pk=entry.day_id).update(item_id=entry.item_id)


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0008_schedule_items")]

    operations = [migrations.RunPython(forwards, backwards)]
