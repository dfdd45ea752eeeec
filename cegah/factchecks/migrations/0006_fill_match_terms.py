"""Analyse the wordings of the claims already published, for "Periksa pesan"."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps


def fill(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from cegah.factchecks.matching import MAX_SUBMISSION_TEXTS, match_terms, wordings

    Claim = apps.get_model("factchecks", "Claim")
    Submission = apps.get_model("factchecks", "Submission")
    published = Claim.objects.filter(status="done", published_at__isnull=False)
    for claim in published.iterator(chunk_size=500):
        sent = (
            Submission.objects.filter(claim_id=claim.pk)
            .exclude(text="")
            .order_by("created_at", "pk")
            .values_list("text", flat=True)[: MAX_SUBMISSION_TEXTS * 5]
        )
        terms = match_terms(wordings(claim.claim_text, claim.headline, claim.variants, sent))
        Claim.objects.filter(pk=claim.pk).update(match_terms=terms)


class Migration(migrations.Migration):
    dependencies = [("factchecks", "0005_claim_variants_match_terms_second_review")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
