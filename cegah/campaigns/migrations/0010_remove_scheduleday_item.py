from django.db import migrations


class Migration(migrations.Migration):
    """The day's items now live in `ScheduleItem` (copied by 0009)."""

    dependencies = [("campaigns", "0009_fill_schedule_items")]

    operations = [migrations.RemoveField(model_name="scheduleday", name="item")]
