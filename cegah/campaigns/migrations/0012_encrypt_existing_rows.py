from django.db import migrations

from cegah.lib.encryption import migrate_model


class Migration(migrations.Migration):
    """Encrypt existing participants' phone and email and fill their blind indexes. Rows are
    rewritten in primary-key batches of 1,000 with FIELD_ENCRYPTION_KEYS' current key;
    running it again leaves current tokens alone. Reversing writes the plain text back
    (before the columns shrink again)."""

    dependencies = [("campaigns", "0011_encrypt_personal_data")]

    operations = [
        migrations.RunPython(
            migrate_model("campaigns.Participant", hashes=("phone_hash", "email_hash")),
            migrate_model("campaigns.Participant", reverse=True),
        )
    ]
