from django.db import migrations

from cegah.lib.encryption import migrate_model


class Migration(migrations.Migration):
    """Encrypt the reporter's name, email and phone of existing complaints (see 0010). Rows
    are rewritten in primary-key batches of 1,000 with FIELD_ENCRYPTION_KEYS' current key;
    running it again leaves current tokens alone. Reversing writes the plain text back
    (before the columns shrink again)."""

    dependencies = [("complaints", "0010_encrypt_personal_data")]

    operations = [
        migrations.RunPython(
            migrate_model("complaints.Complaint"),
            migrate_model("complaints.Complaint", reverse=True),
        )
    ]
