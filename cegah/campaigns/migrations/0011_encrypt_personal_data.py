from django.db import migrations

import cegah.lib.encryption


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0010_remove_scheduleday_item"),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="email_hash",
            field=cegah.lib.encryption.BlindIndexField(kind="email", source="email"),
        ),
        migrations.AddField(
            model_name="participant",
            name="phone_hash",
            field=cegah.lib.encryption.BlindIndexField(kind="phone", source="phone"),
        ),
        migrations.AlterField(
            model_name="participant",
            name="email",
            field=cegah.lib.encryption.EncryptedEmailField(
                blank=True, max_length=254, verbose_name="email"
            ),
        ),
        migrations.AlterField(
            model_name="participant",
            name="phone",
            field=cegah.lib.encryption.EncryptedCharField(
                blank=True, max_length=20, verbose_name="phone"
            ),
        ),
    ]
