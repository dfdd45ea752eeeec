"""Data for issue 12 (docs/decisions/0009-gratification-defects.md):

- PerKPK 1/2026 amends PerKPK 2/2019, so letters are cited "… Peraturan KPK Nomor 2 Tahun 2019
  sebagaimana diubah dengan Peraturan KPK Nomor 1 Tahun 2026".
- Letters f, h, i and o cover only what is "tidak terkait (dengan) kedinasan" (Berita Negara
  2019 No. 1438, Pasal 2 ayat (3), fliphtml5 "PERJA" p.11; medialampung.disway.id 672640 for o):
  their conditions now require `unrelated_to_office`, which a gift from someone the recipient
  serves, a business partner or a subordinate never is.
- The legal basis a decision letter cites, and the working days to hand over state property.
"""

import datetime as dt

from django.db import migrations

PERKPK_2019 = dt.date(2019, 10, 17)
PERKPK_2026 = dt.date(2026, 1, 20)
OFFICE_LETTERS = ("f", "h", "i", "o")

OFFICE_NOTE = (
    "Requires the gift to be unrelated to the office (“tidak terkait kedinasan”) [sure: "
    "regulation text]; a gift from someone the recipient serves, a business partner or a "
    "subordinate never is, nor one the recipient says was given because of the office "
    "[likely: reading of the text, docs/decisions/0009]."
)

STATUTE_BASIS = (
    "Pasal 12B dan Pasal 12C Undang-Undang Nomor 31 Tahun 1999 tentang Pemberantasan Tindak "
    "Pidana Korupsi sebagaimana diubah dengan Undang-Undang Nomor 20 Tahun 2001"
)
KPK_LAW_BASIS = (
    "Pasal 16 sampai dengan Pasal 18 Undang-Undang Nomor 30 Tahun 2002 tentang Komisi "
    "Pemberantasan Tindak Pidana Korupsi sebagaimana telah beberapa kali diubah, terakhir "
    "dengan Undang-Undang Nomor 19 Tahun 2019"
)
BASIS = {
    PERKPK_2019: "\n".join(
        [STATUTE_BASIS, KPK_LAW_BASIS, "Peraturan KPK Nomor 2 Tahun 2019 tentang Pelaporan Gratifikasi"]
    ),
    PERKPK_2026: "\n".join(
        [
            STATUTE_BASIS,
            KPK_LAW_BASIS,
            "Peraturan KPK Nomor 2 Tahun 2019 tentang Pelaporan Gratifikasi sebagaimana diubah "
            "dengan Peraturan KPK Nomor 1 Tahun 2026",
        ]
    ),
}
VERSION_NOTE = """
Decision letters (issue 12): the legal basis under “Mengingat” is Pasal 12B and 12C of the \
anti-corruption statute [sure], Pasal 16–18 of UU 30/2002 as last amended by UU 19/2019 \
[likely: the articles' numbers after the 2019 amendment were not checked against its text] and \
this regulation. State property is handed over (or its value paid to the state treasury) within \
7 working days of the decision [likely: agency rules built on PerKPK 2/2019, e.g. pasal.id \
Peraturan BPOM 9/2021 Pasal 13 ayat (2)]."""


def forwards(apps, schema_editor):
    RulesVersion = apps.get_model("gratification", "RulesVersion")
    Exemption = apps.get_model("gratification", "Exemption")
    old = RulesVersion.objects.filter(effective_from=PERKPK_2019).first()
    for version in RulesVersion.objects.filter(effective_from__in=list(BASIS)):
        if version.effective_from == PERKPK_2026 and old is not None:
            version.amends = old
        version.decision_basis = BASIS[version.effective_from]
        version.handover_working_days = 7
        if VERSION_NOTE not in version.notes:
            version.notes = version.notes.rstrip() + "\n" + VERSION_NOTE
        version.save()
        for exemption in Exemption.objects.filter(version=version, repealed=False):
            if exemption.letter in OFFICE_LETTERS:
                conditions = dict(exemption.conditions or {})
                conditions["require"] = {**conditions.get("require", {}), "unrelated_to_office": True}
                exemption.conditions = conditions
                if OFFICE_NOTE not in exemption.notes:
                    exemption.notes = f"{exemption.notes} {OFFICE_NOTE}".strip()
                exemption.save()


def backwards(apps, schema_editor):
    RulesVersion = apps.get_model("gratification", "RulesVersion")
    Exemption = apps.get_model("gratification", "Exemption")
    for version in RulesVersion.objects.filter(effective_from__in=list(BASIS)):
        version.amends = None
        version.decision_basis = ""
        version.notes = version.notes.replace("\n" + VERSION_NOTE, "")
        version.save()
        for exemption in Exemption.objects.filter(version=version, repealed=False):
            if exemption.letter in OFFICE_LETTERS:
                conditions = dict(exemption.conditions or {})
                require = dict(conditions.get("require", {}))
                require.pop("unrelated_to_office", None)
                if require:
                    conditions["require"] = require
                else:
                    conditions.pop("require", None)
                exemption.conditions = conditions
                exemption.notes = exemption.notes.replace(" " + OFFICE_NOTE, "")
                exemption.save()


class Migration(migrations.Migration):
    dependencies = [("gratification", "0008_rules_version_citation_and_decision_basis")]
    operations = [migrations.RunPython(forwards, backwards)]
