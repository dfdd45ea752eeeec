from django.db import migrations

from cegah.lib.encryption import migrate_model


class Migration(migrations.Migration):
    """Encrypt the addresses already recorded on sent reminders (primary-key batches of 1,000
    with FIELD_ENCRYPTION_KEYS' current key; running it again leaves current tokens alone).
    Reversing writes the plain text back."""

    dependencies = [("campaigns", "0013_encrypt_reminder_recipient")]

    operations = [
        migrations.RunPython(
            migrate_model("campaigns.Reminder"),
            migrate_model("campaigns.Reminder", reverse=True),
        )
    ]
