from django.db import migrations

import cegah.lib.encryption


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0009_service_context"),
    ]

    operations = [
        migrations.AlterField(
            model_name="complaint",
            name="reporter_email",
            field=cegah.lib.encryption.EncryptedEmailField(
                blank=True, max_length=254, verbose_name="reporter's email"
            ),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="reporter_name",
            field=cegah.lib.encryption.EncryptedCharField(
                blank=True, max_length=150, verbose_name="reporter's name"
            ),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="reporter_phone",
            field=cegah.lib.encryption.EncryptedCharField(
                blank=True, max_length=20, verbose_name="reporter's phone"
            ),
        ),
    ]
