import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    """A campaign day may carry several library items: `ScheduleItem` rows, in order. The old
    single `item` stays (nullable, no reverse name) until 0009 has copied it."""

    dependencies = [
        ("campaigns", "0007_reminder_campaign_required"),
        ("library", "0003_libraryitem_captions"),
    ]

    operations = [
        migrations.AlterField(
            model_name="scheduleday",
            name="item",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="library.libraryitem",
                verbose_name="material",
            ),
        ),
        migrations.CreateModel(
            name="ScheduleItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0, verbose_name="order in the day")),
                (
                    "day",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="entries",
                        to="campaigns.scheduleday",
                    ),
                ),
                (
                    "item",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="campaign_uses",
                        to="library.libraryitem",
                        verbose_name="material",
                    ),
                ),
            ],
            options={
                "verbose_name": "material of a day",
                "verbose_name_plural": "materials of a day",
                "ordering": ["position", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("day", "item"), name="schedule_item_once_a_day")
                ],
            },
        ),
        migrations.AddField(
            model_name="scheduleday",
            name="items",
            field=models.ManyToManyField(
                related_name="campaign_days",
                through="campaigns.ScheduleItem",
                to="library.libraryitem",
                verbose_name="material",
            ),
        ),
    ]
