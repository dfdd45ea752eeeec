"""Hash the images already submitted, and give each claim the hash of its first image."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from cegah.lib.imagehash import dhash_hex

BATCH = 500


def fill_image_hashes(apps: Any, schema_editor: Any) -> None:
    Submission = apps.get_model("factchecks", "Submission")
    Claim = apps.get_model("factchecks", "Claim")
    pending = Submission.objects.exclude(image="").filter(image_hash="").order_by("pk")
    for submission in pending.iterator(chunk_size=BATCH):
        try:
            with submission.image.open("rb") as f:
                data = f.read()
        except OSError:
            continue  # the file is gone: nothing to compare
        image_hash = dhash_hex(data)  # empty when unreadable or too plain
        if image_hash:
            Submission.objects.filter(pk=submission.pk).update(image_hash=image_hash)
    claims = Claim.objects.filter(image_hash="", submissions__image_hash__gt="").distinct()
    for claim in claims.iterator(chunk_size=BATCH):
        first = (
            Submission.objects.filter(claim=claim)
            .exclude(image_hash="")
            .order_by("created_at", "pk")
            .values_list("image_hash", flat=True)
            .first()
        )
        Claim.objects.filter(pk=claim.pk).update(image_hash=first)


class Migration(migrations.Migration):
    dependencies = [
        ("factchecks", "0003_claim_submission_image_hash"),
    ]

    operations = [
        migrations.RunPython(fill_image_hashes, migrations.RunPython.noop, elidable=True),
    ]
