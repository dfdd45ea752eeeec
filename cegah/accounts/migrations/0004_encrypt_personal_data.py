from django.db import migrations

import cegah.lib.encryption


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_add_inspector_role"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=cegah.lib.encryption.EncryptedCharField(
                blank=True, max_length=20, verbose_name="phone number"
            ),
        ),
    ]
