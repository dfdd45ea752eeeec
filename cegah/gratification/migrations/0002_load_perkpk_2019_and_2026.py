"""Loads the two versions of the exemptions of Pasal 2 ayat (3): PerKPK 2/2019 and PerKPK 1/2026.

Values and their certainty tags come from the project's domain reference (§2.2, gratification
rules) and the sources listed with each version; each version's and each exemption's `notes` say
where a value is [likely] or [unsure].
"""

import datetime as dt

from django.db import migrations

ARTICLE = "Pasal 2 ayat (3)"
CEREMONIES = [
    "engagement",
    "wedding",
    "birth",
    "aqiqah",
    "baptism",
    "circumcision",
    "tooth_filing",
    "religious_or_customary_ceremony",
]
NOT_MONEY = ["money", "cash_equivalent"]

SOURCES_2019 = """\
https://news.detik.com/berita/d-5582141/isi-lengkap-peraturan-kpk-nomor-2-tahun-2019-tentang-gratifikasi
https://medialampung.disway.id/read/672640
https://dntlawyers.com/?p=11696
https://palpres.disway.id/amp/705856
fliphtml5 "PERJA" p.11 (copy of Berita Negara 2019 No. 1438)"""

SOURCES_2026 = """\
https://news.okezone.com/read/2026/01/28/337/3198042/kpk-ubah-aturan-gratifikasi-ini-perubahan-yang-wajib-diketahui
https://www.idxchannel.com/news/kpk-ubah-aturan-pelaporan-gratifikasi-nilai-batas-wajar-dinaikkan
https://radarseluma.disway.id/amp/705331/aturan-baru-kpk-2026-berikut-aturan-dan-penjelasannya-disini/16
https://kanalindonesia.com/2026/01/28/kpk-terbitkan-aturan-baru-gratifikasi-batas-hadiah-pernikahan-naik-menjadi-rp15-juta
https://pendawanews.com/?p=4149"""

COI_NOTE = (
    "Void on conflict of interest: the regulation names it for letters a, e, i and j [sure]; for "
    "the other letters this follows KPK's position that the exemptions do not remove the duty to "
    "refuse gifts with a potential conflict of interest (Pasal 2 ayat (2); radarseluma.disway.id "
    "705331) [likely]."
)

NOTES_2019 = f"""\
Peraturan KPK Nomor 2 Tahun 2019 tentang Pelaporan Gratifikasi (Berita Negara 2019 No. 1438), \
which replaced PerKPK 2/2014 as amended by 6/2015. The list of 17 exemptions a–q [sure].
In force from: [unsure]. Its promulgation date was not found; it cites UU 19/2019, in force \
17 Oct 2019, so it cannot be older, and that day is used as the lower bound.
Deadlines: 30 working days to KPK (Pasal 12C UU Tipikor, Pasal 16 UU 30/2002) [sure]; 10 \
working days to the agency's UPG, the pattern of agency rules built on this regulation \
(pasal.id Peraturan BPIP 4/2021 Pasal 7) [likely].
{COI_NOTE}"""

NOTES_2026 = f"""\
Peraturan KPK Nomor 1 Tahun 2026 tentang Perubahan atas Peraturan KPK Nomor 2 Tahun 2019 \
tentang Pelaporan Gratifikasi: signed 14 Jan 2026, promulgated and in force 20 Jan 2026 \
(Berita Negara 2026 No. 43) [sure]. It rewrote the wording of Pasal 2 ayat (3), so every letter \
is cited from this regulation.
Changes [sure]: letter l Rp1,000,000 → Rp1,500,000 per giver; letter n (colleagues' farewell, \
retirement, transfer/promotion, birthday) deleted and folded into letter o; letter o \
Rp200,000 per gift and Rp1,000,000 a year → Rp500,000 per giver and Rp1,500,000 a year from the \
same giver. The deleted letter keeps its place ("huruf n dihapus"), as amendments do; the \
re-lettering of the rewritten text is [unsure].
Unchanged according to the press summaries: the other letters, letter m's ceiling included \
[unsure]. Also new, outside the exemptions: incomplete reports must be completed within 20 \
working days (was 30) and a report filed after 30 working days may be declared state property.
{COI_NOTE}"""

# (letter, Indonesian title, English title, conditions, per-gift limit, yearly limit, notes)
EXEMPTIONS_2019 = [
    (
        "a",
        "Pemberian karena hubungan keluarga (kakek/nenek, bapak/ibu/mertua, suami/istri, "
        "anak/menantu, anak angkat/wali yang sah, cucu, besan, paman/bibi, kakak/adik/ipar, "
        "sepupu, keponakan), sepanjang tidak memiliki konflik kepentingan",
        "Gifts from family (grandparents, parents and parents-in-law, spouse, children and "
        "children-in-law, adopted children or legal wards, grandchildren, co-parents-in-law, "
        "uncles and aunts, siblings and siblings-in-law, cousins, nieces and nephews), if there "
        "is no conflict of interest",
        {"giver_relations": ["family"]},
        None,
        None,
        "No limit, if there is no conflict of interest [sure].",
    ),
    (
        "b",
        "Keuntungan atau bunga dari penempatan dana, investasi, atau kepemilikan saham pribadi "
        "yang berlaku umum",
        "Returns or interest on personal deposits, investments or shares, on general terms",
        {"kinds": ["investment_return"], "require": {"general_terms": True}},
        None,
        None,
        "No limit [sure].",
    ),
    (
        "c",
        "Manfaat dari koperasi atau organisasi pegawai berdasarkan keanggotaan, yang berlaku "
        "umum",
        "Benefits from a cooperative or staff organisation based on membership, on general terms",
        {"kinds": ["cooperative_benefit"], "require": {"general_terms": True}},
        None,
        None,
        "No limit [sure].",
    ),
    (
        "d",
        "Perangkat atau perlengkapan yang diberikan kepada seluruh peserta dalam kegiatan "
        "kedinasan seperti seminar, lokakarya, atau pelatihan",
        "Kits given to all participants of official events such as seminars, workshops or "
        "training",
        {"kinds": ["event_kit"], "require": {"general_terms": True}},
        None,
        None,
        "No limit [sure]. “General terms” here means given alike to all participants.",
    ),
    (
        "e",
        "Barang promosi atau sosialisasi yang memuat logo atau pesan, yang berlaku umum, "
        "bernilai wajar, dan tidak memiliki konflik kepentingan",
        "Promotional or information items bearing a logo or message, on general terms, of "
        "reasonable value and with no conflict of interest",
        {
            "kinds": ["promotional_item"],
            "forms_excluded": NOT_MONEY,
            "require": {"general_terms": True},
        },
        None,
        None,
        "“Reasonable value” (wajar) has no figure [sure]; money and cash equivalents are not "
        "promotional items.",
    ),
    (
        "f",
        "Hadiah dari perlombaan yang diikuti dengan biaya sendiri dan tidak terkait kedinasan",
        "Prizes from competitions entered at one's own cost, not on official business",
        {"kinds": ["competition_prize"]},
        None,
        None,
        "No limit [sure].",
    ),
    (
        "g",
        "Penghargaan dari pemerintah berupa uang atau barang atas prestasi kerja sesuai "
        "peraturan perundang-undangan",
        "Government awards in money or goods for work performance, under the rules",
        {"kinds": ["government_award"]},
        None,
        None,
        "No limit [sure].",
    ),
    (
        "h",
        "Hadiah langsung atau undian, diskon atau rabat, voucher, poin hadiah, atau suvenir yang "
        "berlaku umum dan tidak terkait kedinasan",
        "Direct prizes, lotteries, discounts, vouchers, reward points or souvenirs on general "
        "terms, unrelated to the office",
        {"kinds": ["commercial_prize_or_discount"], "require": {"general_terms": True}},
        None,
        None,
        "No limit [sure].",
    ),
    (
        "i",
        "Imbalan atas kompetensi profesional di luar kedinasan yang tidak memiliki konflik "
        "kepentingan dan tidak melanggar kode etik",
        "Fees for professional work outside official duties, with no conflict of interest and "
        "no breach of a code of ethics",
        {"kinds": ["professional_fee"]},
        None,
        None,
        "No limit [sure].",
    ),
    (
        "j",
        "Kompensasi kegiatan kedinasan (honorarium, transportasi, akomodasi) sesuai standar "
        "biaya yang berlaku, tanpa pembiayaan ganda dan tanpa konflik kepentingan",
        "Compensation for official activities (honorarium, transport, lodging) within the "
        "applicable cost standard, without double funding or conflict of interest",
        {
            "kinds": ["official_honorarium"],
            "require": {"within_cost_standard": True, "double_funding": False},
        },
        None,
        None,
        "Limited by the applicable cost standard (standar biaya), not by a figure here [sure].",
    ),
    (
        "k",
        "Karangan bunga sebagai ucapan selamat atau tanda duka",
        "Flower boards (karangan bunga) as congratulations or condolences",
        {"forms": ["flower_board"]},
        None,
        None,
        "No limit [sure].",
    ),
    (
        "l",
        "Hadiah dalam rangka pertunangan, pernikahan, kelahiran, akikah, baptis, khitanan, "
        "potong gigi, atau upacara adat/agama lainnya",
        "Gifts at an engagement, wedding, birth, aqiqah, baptism, circumcision, tooth filing or "
        "other customary or religious ceremony",
        {"kinds": ["gift"], "occasions": CEREMONIES},
        1_000_000,
        None,
        "Rp1,000,000 per giver per event [sure].",
    ),
    (
        "m",
        "Pemberian terkait musibah atau bencana yang dialami penerima, bapak/ibu/mertua, "
        "suami/istri, atau anak penerima",
        "Gifts on a disaster or calamity that befalls the recipient or their parents, "
        "parents-in-law, spouse or children",
        {"kinds": ["gift"], "occasions": ["disaster"]},
        1_000_000,
        None,
        "Rp1,000,000 per giver per event [unsure]: the older rules and palpres.disway.id 705856 "
        "give this ceiling; some 2019 summaries only say “no conflict of interest and "
        "reasonable”.",
    ),
    (
        "n",
        "Pemberian sesama rekan kerja dalam rangka pisah sambut, pensiun, mutasi atau promosi "
        "jabatan, atau ulang tahun, yang tidak dalam bentuk uang atau setara uang",
        "Gifts between colleagues at a farewell or welcome, retirement, transfer or promotion, "
        "or birthday, not in money or cash equivalents",
        {
            "kinds": ["gift"],
            "occasions": ["farewell", "retirement", "transfer_or_promotion", "birthday"],
            "giver_relations": ["colleague"],
            "forms_excluded": NOT_MONEY,
        },
        300_000,
        1_000_000,
        "Rp300,000 per gift, at most Rp1,000,000 a year from the same giver [sure]. "
        "“Colleague” (sesama rekan kerja) is read as a peer: gifts from subordinates are not "
        "covered [unsure].",
    ),
    (
        "o",
        "Pemberian sesama rekan kerja yang tidak dalam bentuk uang atau alat tukar lainnya dan "
        "tidak terkait kedinasan",
        "Gifts between colleagues, not in money or other means of payment, unrelated to "
        "official duties",
        {"kinds": ["gift"], "giver_relations": ["colleague"], "forms_excluded": NOT_MONEY},
        200_000,
        1_000_000,
        "Rp200,000 per gift, at most Rp1,000,000 a year from the same giver [sure]. "
        "“Colleague” is read as a peer, as for letter n [unsure].",
    ),
    (
        "p",
        "Hidangan atau sajian yang berlaku umum",
        "Food or refreshments served on general terms",
        {"forms": ["served_food"], "require": {"general_terms": True}},
        None,
        None,
        "No limit [sure].",
    ),
    (
        "q",
        "Pemberian kepada instansi dalam hubungan kedinasan atau kenegaraan, di dalam maupun "
        "di luar negeri, dan bukan untuk pribadi",
        "Gifts to the agency in official or state relations, at home or abroad, not to an "
        "individual",
        {"require": {"to_institution": True}},
        None,
        None,
        "No limit [sure].",
    ),
]


def _exemptions_2026():
    rows = []
    for letter, title_id, title_en, conditions, per_gift, per_year, notes in EXEMPTIONS_2019:
        if letter == "l":
            per_gift = 1_500_000
            notes = "Rp1,500,000 per giver per event (was Rp1,000,000) [sure]."
        elif letter == "m":
            notes = (
                "Rp1,000,000 per giver per event, unchanged according to the press summaries of "
                "PerKPK 1/2026 [unsure]."
            )
        elif letter == "n":
            title_id, title_en = "(dihapus)", "(deleted)"
            conditions, per_gift, per_year = {}, None, None
            notes = "Deleted by PerKPK 1/2026; its occasions fall under letter o [sure]."
        elif letter == "o":
            per_gift, per_year = 500_000, 1_500_000
            notes = (
                "Rp500,000 per giver, at most Rp1,500,000 a year from the same giver (was "
                "Rp200,000 and Rp1,000,000); now also covers the occasions of the deleted letter "
                "n [sure]. “Colleague” is read as a peer [unsure]."
            )
        rows.append((letter, title_id, title_en, conditions, per_gift, per_year, notes))
    return rows


VERSIONS = [
    {
        "regulation": "Peraturan KPK Nomor 2 Tahun 2019",
        "regulation_title": "tentang Pelaporan Gratifikasi",
        "short_citation": "PerKPK 2/2019",
        "effective_from": dt.date(2019, 10, 17),
        "notes": NOTES_2019,
        "sources": SOURCES_2019,
        "exemptions": EXEMPTIONS_2019,
    },
    {
        "regulation": "Peraturan KPK Nomor 1 Tahun 2026",
        "regulation_title": (
            "tentang Perubahan atas Peraturan KPK Nomor 2 Tahun 2019 tentang Pelaporan Gratifikasi"
        ),
        "short_citation": "PerKPK 1/2026",
        "effective_from": dt.date(2026, 1, 20),
        "notes": NOTES_2026,
        "sources": SOURCES_2026,
        "exemptions": _exemptions_2026(),
    },
]


def load(apps, schema_editor):
    RulesVersion = apps.get_model("gratification", "RulesVersion")
    Exemption = apps.get_model("gratification", "Exemption")
    for data in VERSIONS:
        data = dict(data)
        exemptions = data.pop("exemptions")
        version, created = RulesVersion.objects.get_or_create(
            effective_from=data["effective_from"], defaults=data
        )
        if not created:
            continue
        Exemption.objects.bulk_create(
            Exemption(
                version=version,
                letter=letter,
                article=ARTICLE,
                title_id=title_id,
                title_en=title_en,
                conditions=conditions,
                max_per_gift_idr=per_gift,
                max_per_giver_per_year_idr=per_year,
                void_if_conflict_of_interest=True,
                repealed=not conditions,
                notes=notes,
            )
            for letter, title_id, title_en, conditions, per_gift, per_year, notes in exemptions
        )


def unload(apps, schema_editor):
    RulesVersion = apps.get_model("gratification", "RulesVersion")
    RulesVersion.objects.filter(
        effective_from__in=[data["effective_from"] for data in VERSIONS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("gratification", "0001_rules_versions_and_exemptions")]

    operations = [migrations.RunPython(load, unload)]
