from django.db import migrations

from cegah.lib.encryption import migrate_model


class Migration(migrations.Migration):
    """Encrypt the reporter's and the giver's personal fields of existing reports (see
    0011). Rows are rewritten in primary-key batches of 1,000 with FIELD_ENCRYPTION_KEYS'
    current key; running it again leaves current tokens alone. Reversing writes the plain
    text back (before the columns shrink again)."""

    dependencies = [("gratification", "0011_encrypt_personal_data")]

    operations = [
        migrations.RunPython(
            migrate_model("gratification.GratificationReport"),
            migrate_model("gratification.GratificationReport", reverse=True),
        )
    ]
