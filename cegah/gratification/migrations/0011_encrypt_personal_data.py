from django.db import migrations

import cegah.lib.encryption


class Migration(migrations.Migration):
    dependencies = [
        ("gratification", "0010_decision_letter_as_decree"),
    ]

    operations = [
        migrations.AlterField(
            model_name="gratificationreport",
            name="giver_address",
            field=cegah.lib.encryption.EncryptedTextField(
                blank=True, verbose_name="giver's address or institution"
            ),
        ),
        migrations.AlterField(
            model_name="gratificationreport",
            name="giver_name",
            field=cegah.lib.encryption.EncryptedCharField(
                blank=True, max_length=200, verbose_name="giver's name"
            ),
        ),
        migrations.AlterField(
            model_name="gratificationreport",
            name="reporter_address",
            field=cegah.lib.encryption.EncryptedTextField(verbose_name="home address"),
        ),
        migrations.AlterField(
            model_name="gratificationreport",
            name="reporter_email",
            field=cegah.lib.encryption.EncryptedEmailField(
                blank=True, max_length=254, verbose_name="email"
            ),
        ),
        migrations.AlterField(
            model_name="gratificationreport",
            name="reporter_name",
            field=cegah.lib.encryption.EncryptedCharField(max_length=150, verbose_name="full name"),
        ),
        migrations.AlterField(
            model_name="gratificationreport",
            name="reporter_nik",
            field=cegah.lib.encryption.EncryptedCharField(
                max_length=16, verbose_name="NIK (identity number)"
            ),
        ),
        migrations.AlterField(
            model_name="gratificationreport",
            name="reporter_phone",
            field=cegah.lib.encryption.EncryptedCharField(
                blank=True, max_length=20, verbose_name="phone number"
            ),
        ),
    ]
