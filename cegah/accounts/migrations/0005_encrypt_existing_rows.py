from django.db import migrations

from cegah.lib.encryption import migrate_model


class Migration(migrations.Migration):
    """Encrypt the phone number of existing accounts (see 0004). Rows are rewritten in
    primary-key batches of 1,000 with FIELD_ENCRYPTION_KEYS' current key; running it again
    leaves current tokens alone. Reversing writes the plain text back (before the columns
    shrink again)."""

    dependencies = [("accounts", "0004_encrypt_personal_data")]

    operations = [
        migrations.RunPython(
            migrate_model("accounts.User"),
            migrate_model("accounts.User", reverse=True),
        )
    ]
