"""Demo content for the portal: the prevention window in Indonesian and English, news with
lead images drawn here with Pillow, and sections for the demo agencies. Idempotent: pages
and images that already exist (by slug or title) are left as editors left them."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Callable
from typing import Any

from django.core.files.images import ImageFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage
from wagtail.rich_text import RichText
from wagtail_localize.models import Translation, TranslationSource

from cegah.agencies.models import Agency
from cegah.portal.actions import (
    ensure_agency_section,
    ensure_portal_tree,
    ensure_translation,
    locale_for,
    publish,
    sync_all_editor_access,
)
from cegah.portal.models import ContentPage, NewsCategory, NewsPage

DEMO_SECTION_AGENCIES = (
    "pemkab-klaten",
    "pemprov-bali",
    "bali-diskominfos",
    "pemprov-sumsel",
    "sumsel-diskominfo",
)

CATEGORIES = (
    ("pencegahan", "Pencegahan", "Prevention"),
    ("gratifikasi", "Gratifikasi", "Gratification"),
    ("pelayanan-publik", "Pelayanan publik", "Public services"),
    ("kampanye", "Kampanye", "Campaigns"),
    ("literasi-digital", "Literasi digital", "Digital literacy"),
)


def _url(name: str, language: str) -> str:
    with translation.override(language):
        return reverse(name)


def _p(*paragraphs: str) -> list[tuple[str, Any]]:
    return [("paragraph", RichText(f"<p>{text}</p>")) for text in paragraphs]


def _cta(text: str, url_name: str, language: str) -> tuple[str, dict[str, Any]]:
    return ("call_to_action", {"text": text, "page": None, "url": _url(url_name, language)})


def _quote(text: str, source: str = "") -> tuple[str, dict[str, str]]:
    return ("quote", {"text": text, "source": source})


# (slug, topic, {language: (title, intro, body builder)})
Body = Callable[[str], list[tuple[str, Any]]]
SECTIONS: tuple[tuple[str, dict[str, tuple[str, str, Body]]], ...] = (
    (
        "lhkpn",
        {
            "id": (
                "LHKPN: laporan harta pejabat",
                "Penyelenggara negara melaporkan hartanya kepada KPK, dan ringkasannya "
                "diumumkan agar publik ikut mengawasi.",
                lambda lang: [
                    *_p(
                        "LHKPN (Laporan Harta Kekayaan Penyelenggara Negara) memuat data "
                        "pribadi, harta, penerimaan dan pengeluaran seorang pejabat. Dasarnya "
                        "UU 28/1999, UU 30/2002 dan Peraturan KPK 2/2020 yang diubah dengan "
                        "Peraturan KPK 3/2024.",
                        "<b>Siapa yang wajib lapor?</b> Antara lain menteri, gubernur, bupati "
                        "dan wali kota, hakim, pejabat eselon I, direksi BUMN/BUMD, rektor PTN, "
                        "jaksa dan penyidik. Instansi dapat menambah jabatan lain, misalnya "
                        "eselon II, pemeriksa pajak dan pejabat pemberi izin.",
                        "<b>Kapan?</b> Dalam tiga bulan setelah pertama menjabat, berhenti atau "
                        "diangkat kembali, dan setiap tahun: harta per 31 Desember dilaporkan "
                        "antara 1 Januari dan 31 Maret tahun berikutnya melalui e-LHKPN.",
                        "Bagi warga, LHKPN adalah alat pengawasan: gaya hidup pejabat yang jauh "
                        "di atas penghasilannya patut dipertanyakan.",
                    ),
                    _cta("Laporkan keluhan", "complaints:new", lang),
                ],
            ),
            "en": (
                "LHKPN: officials' wealth reports",
                "State officials report their assets to KPK, and summaries are published so "
                "the public can keep watch.",
                lambda lang: [
                    *_p(
                        "The LHKPN (state officials' wealth report) holds an official's "
                        "personal data, assets, income and spending. It rests on Law 28/1999, "
                        "Law 30/2002 and KPK Regulation 2/2020 as amended by KPK Regulation "
                        "3/2024.",
                        "<b>Who must file?</b> Among others ministers, governors, regents and "
                        "mayors, judges, echelon I officials, directors of state and regional "
                        "enterprises, rectors of state universities, prosecutors and "
                        "investigators. Agencies may add other posts, such as echelon II, tax "
                        "examiners and permit-issuing officials.",
                        "<b>When?</b> Within three months of first taking office, leaving it or "
                        "being reappointed, and every year: assets as of 31 December are filed "
                        "between 1 January and 31 March through e-LHKPN.",
                        "For citizens the LHKPN is a tool for oversight: an official living far "
                        "beyond their income deserves questions.",
                    ),
                    _cta("File a complaint", "complaints:new", lang),
                ],
            ),
        },
    ),
    (
        "gratifikasi",
        {
            "id": (
                "Gratifikasi: hadiah untuk pejabat",
                "Hadiah yang berhubungan dengan jabatan wajib ditolak atau dilaporkan dalam "
                "30 hari kerja.",
                lambda lang: [
                    *_p(
                        "Gratifikasi adalah pemberian dalam arti luas kepada pegawai negeri atau "
                        "penyelenggara negara: uang, barang, diskon, komisi, pinjaman tanpa "
                        "bunga, tiket, penginapan, perjalanan wisata, pengobatan cuma-cuma dan "
                        "fasilitas lain (Pasal 12B UU 31/1999 jo UU 20/2001).",
                        "Gratifikasi yang berhubungan dengan jabatan dan berlawanan dengan "
                        "kewajiban dianggap suap, kecuali penerima melaporkannya kepada KPK "
                        "paling lambat 30 hari kerja sejak diterima (Pasal 12C). Laporan dapat "
                        "disampaikan melalui Unit Pengendalian Gratifikasi (UPG) instansi.",
                        "Beberapa pemberian tidak perlu dilaporkan, misalnya hadiah pernikahan "
                        "sampai Rp1,5 juta per pemberi menurut Peraturan KPK 1/2026. Aturannya "
                        "berubah dari waktu ke waktu; yang berlaku adalah aturan pada hari "
                        "hadiah diterima.",
                    ),
                    _quote(
                        "Uang terima kasih kepada petugas layanan bukan rezeki: itu gratifikasi.",
                        "Pesan kampanye antikorupsi",
                    ),
                    _cta("Cek apakah hadiah wajib dilaporkan", "gratification:check", lang),
                ],
            ),
            "en": (
                "Gratification: gifts to officials",
                "Gifts related to an official's position must be refused or reported within "
                "30 working days.",
                lambda lang: [
                    *_p(
                        "Gratification is any gift, in the broad sense, to a civil servant or "
                        "state official: money, goods, discounts, commissions, interest-free "
                        "loans, tickets, lodging, tours, free medical care and other facilities "
                        "(Article 12B of Law 31/1999 as amended by Law 20/2001).",
                        "A gift related to the position and against the official's duties "
                        "counts as a bribe, unless the recipient reports it to KPK within 30 "
                        "working days of receipt (Article 12C). Reports can go through the "
                        "agency's gratification control unit (UPG).",
                        "Some gifts need not be reported, such as wedding gifts of up to Rp1.5 "
                        "million per giver under KPK Regulation 1/2026. The rules change over "
                        "time; what counts are the rules in force on the day the gift was "
                        "received.",
                    ),
                    _quote(
                        "A 'thank-you' tip to a service officer is not a blessing: it is "
                        "gratification.",
                        "Anti-corruption campaign message",
                    ),
                    _cta("Check whether a gift must be reported", "gratification:check", lang),
                ],
            ),
        },
    ),
    (
        "spi",
        {
            "id": (
                "SPI: Survei Penilaian Integritas",
                "Survei yang memetakan risiko korupsi di kementerian, lembaga dan pemerintah "
                "daerah.",
                lambda lang: _p(
                    "Survei Penilaian Integritas dikembangkan KPK bersama BPS sejak 2016. "
                    "Respondennya tiga kelompok: pegawai instansi (internal), pengguna "
                    "layanan dan vendor (eksternal), serta ahli dari BPK, BPKP, Ombudsman, "
                    "auditor, LSM dan media (eksper).",
                    "Hasilnya berupa indeks 0–100: makin tinggi, makin terjaga integritasnya. "
                    "Indeks nasional 2024 adalah 71,53, dari 641 instansi dan lebih dari "
                    "600 ribu responden.",
                    "Jika Anda terpilih menjadi responden, jawablah dengan jujur. Nilai "
                    "per komponen menunjukkan titik lemah yang harus dibenahi instansi.",
                ),
            ),
            "en": (
                "SPI: the Integrity Assessment Survey",
                "A survey that maps corruption risks in ministries, agencies and regional "
                "governments.",
                lambda lang: _p(
                    "KPK has run the Integrity Assessment Survey with Statistics Indonesia "
                    "(BPS) since 2016. It asks three groups: the agency's own staff "
                    "(internal), service users and vendors (external), and experts from BPK, "
                    "BPKP, the Ombudsman, auditors, NGOs and the media.",
                    "The result is an index from 0 to 100: the higher, the better guarded "
                    "the integrity. The 2024 national index was 71.53, across 641 "
                    "institutions and more than 600,000 respondents.",
                    "If you are chosen as a respondent, answer honestly. The score of each "
                    "component shows the weak spot an agency has to fix.",
                ),
            ),
        },
    ),
    (
        "mcp",
        {
            "id": (
                "MCP: Monitoring Center for Prevention",
                "Pemerintah daerah melaporkan kemajuan aksi pencegahan korupsinya, dan "
                "hasilnya terbuka untuk publik.",
                lambda lang: _p(
                    "MCP dibangun KPK pada 2018 agar pemerintah daerah melaporkan kemajuan "
                    "per indikator beserta bukti dukungnya. Sejak 2022 dikelola bersama KPK, "
                    "Kemendagri dan BPKP; mulai 2025 menjadi Indeks Pencegahan Korupsi "
                    "Daerah (IPKD MCP).",
                    "Delapan area intervensi: perencanaan, penganggaran, pengadaan barang "
                    "dan jasa, pelayanan publik, pengawasan APIP, manajemen ASN, pengelolaan "
                    "barang milik daerah, dan optimalisasi pajak daerah.",
                    "Nilainya 0–100. Rata-rata nasional 2024 adalah 76. Warga dapat melihat "
                    "capaian daerahnya dan menagih perbaikan.",
                ),
            ),
            "en": (
                "MCP: Monitoring Center for Prevention",
                "Regional governments report the progress of their corruption-prevention "
                "actions, and the results are public.",
                lambda lang: _p(
                    "KPK built the MCP in 2018 so that regional governments report progress "
                    "per indicator with supporting evidence. Since 2022 it has been run "
                    "jointly by KPK, the Ministry of Home Affairs and BPKP; from 2025 it is "
                    "the Regional Corruption Prevention Index (IPKD MCP).",
                    "Eight areas: planning, budgeting, procurement, public services, internal "
                    "audit (APIP), civil-service management, regional asset management, and "
                    "regional tax collection.",
                    "Scores run from 0 to 100. The 2024 national average was 76. Citizens "
                    "can see how their region is doing and ask for improvement.",
                ),
            ),
        },
    ),
    (
        "stranas-pk",
        {
            "id": (
                "Stranas PK: Strategi Nasional Pencegahan Korupsi",
                "Aksi pencegahan bersama kementerian, lembaga dan daerah di bawah Perpres 54/2018.",
                lambda lang: _p(
                    "Stranas PK ditetapkan dengan Perpres 54/2018 dan berfokus pada tiga "
                    "bidang: perizinan dan tata niaga; keuangan negara; penegakan hukum dan "
                    "reformasi birokrasi.",
                    "Tim Nasional Pencegahan Korupsi terdiri atas KPK, KSP, Kementerian "
                    "PPN/Bappenas, KemenPANRB dan Kemendagri, dengan sekretariat di KPK. "
                    "Kementerian, lembaga dan kepala daerah melaporkan aksinya setiap tiga "
                    "bulan.",
                    "Aksi PK 2025–2026 terdiri atas 15 aksi dengan 40 keluaran, antara lain "
                    "digitalisasi layanan dan integrasi perencanaan dan penganggaran.",
                ),
            ),
            "en": (
                "Stranas PK: the National Strategy for Corruption Prevention",
                "Joint prevention actions of ministries, agencies and regions under "
                "Presidential Regulation 54/2018.",
                lambda lang: _p(
                    "Stranas PK was set by Presidential Regulation 54/2018 and focuses on "
                    "three areas: permits and trade; state finances; law enforcement and "
                    "bureaucratic reform.",
                    "The National Corruption Prevention Team is made up of KPK, the "
                    "Presidential Staff Office, Bappenas, the Ministry of Administrative "
                    "Reform and the Ministry of Home Affairs, with its secretariat at KPK. "
                    "Ministries, agencies and regional heads report their actions every "
                    "three months.",
                    "The 2025–2026 action plan has 15 actions with 40 outputs, among them "
                    "digital services and integrated planning and budgeting.",
                ),
            ),
        },
    ),
)

# (slug id, slug en, days ago, agency code, categories, tags, id text, en text)
NEWS: tuple[
    tuple[
        str,
        str,
        int,
        str,
        tuple[str, ...],
        tuple[str, ...],
        tuple[str, str, str],
        tuple[str, str, str],
    ],
    ...,
] = (
    (
        "kpk-buka-akun-literasi-gratifikasi",
        "kpk-opens-gratification-literacy-accounts",
        1,
        "kpk",
        ("gratifikasi", "kampanye"),
        ("gratifikasi", "media-sosial"),
        (
            "KPK buka akun Literasi Gratifikasi di media sosial",
            "Akun Instagram dan TikTok untuk ASN dan masyarakat meraih 3 juta tayangan dalam "
            "kurang dari lima bulan.",
            "Direktorat Gratifikasi KPK membuka akun Literasi Gratifikasi untuk menjelaskan "
            "aturan hadiah kepada aparatur sipil negara dan masyarakat dengan bahasa sederhana.",
        ),
        (
            "KPK opens Gratification Literacy accounts on social media",
            "Instagram and TikTok accounts for civil servants and the public reached 3 million "
            "impressions in under five months.",
            "KPK's gratification directorate opened the Gratification Literacy accounts to "
            "explain the rules on gifts to civil servants and the public in plain words.",
        ),
    ),
    (
        "asn-klaten-bagikan-video-antikorupsi",
        "klaten-civil-servants-share-anti-corruption-videos",
        2,
        "pemkab-klaten",
        ("kampanye",),
        ("asn", "whatsapp"),
        (
            "ASN Klaten serentak bagikan video antikorupsi",
            "Surat edaran bupati meminta setiap ASN memasang video KPK sebagai status WhatsApp "
            "pada hari yang dijadwalkan.",
            "Materi sudah disiapkan, termasuk pesan agar warga tidak memberi imbalan kepada "
            "petugas layanan publik. Akun perangkat daerah ikut mengunggah.",
        ),
        (
            "Klaten civil servants share anti-corruption videos together",
            "A circular from the regent asks every civil servant to post KPK's video as a "
            "WhatsApp status on scheduled days.",
            "The material is prepared, including the message not to tip public-service "
            "officers. The agencies' own accounts post it too.",
        ),
    ),
    (
        "peringkat-mcp-klaten-naik",
        "klaten-mcp-rank-rises",
        3,
        "pemkab-klaten",
        ("pencegahan",),
        ("mcp",),
        (
            "Peringkat MCP Klaten naik ke urutan delapan di Jawa Tengah",
            "Dari peringkat 15 dari 35 daerah pada 2022 menjadi peringkat 8 pada 2023.",
            "Pemerintah Kabupaten Klaten memperbaiki capaian aksi pencegahan korupsi di "
            "delapan area intervensi MCP, dan skor SPI-nya juga meningkat.",
        ),
        (
            "Klaten's MCP rank rises to eighth in Central Java",
            "From 15th of 35 regions in 2022 to 8th in 2023.",
            "The Klaten regency government improved its corruption-prevention actions across "
            "the eight MCP areas, and its SPI score rose as well.",
        ),
    ),
    (
        "diskominfos-bali-sebarkan-konten-pencegahan",
        "bali-communication-office-spreads-prevention-content",
        4,
        "bali-diskominfos",
        ("literasi-digital",),
        ("spi", "media-sosial"),
        (
            "Diskominfos Bali diminta sebarkan konten pencegahan korupsi",
            "Dalam lokakarya KPK, dinas komunikasi diminta memakai dan mengembangkan konten "
            "KPK di media sosial.",
            "Skor SPI Bali sudah tinggi, tetapi komponen penilaian ahli masih dapat "
            "ditingkatkan. Konten tentang gratifikasi dan titik rawan korupsi akan disebarkan.",
        ),
        (
            "Bali's communication office asked to spread prevention content",
            "At a KPK workshop, communication offices were asked to reuse and develop KPK's "
            "content on social media.",
            "Bali's SPI score is already high, but its expert component can improve. Content "
            "on gratification and corruption-prone points will be shared.",
        ),
    ),
    (
        "sumsel-dan-kpk-tukar-konten-lawan-hoaks",
        "south-sumatra-and-kpk-exchange-content-fight-hoaxes",
        5,
        "sumsel-diskominfo",
        ("literasi-digital",),
        ("hoaks", "media-sosial"),
        (
            "Diskominfo Sumsel dan KPK sepakat bertukar konten dan melawan hoaks",
            "Komitmen bersama mencakup pertukaran konten pencegahan korupsi dan pelayanan "
            "publik serta pelatihan konten kreatif.",
            "Kedua pihak juga akan menangkal hoaks yang beredar di grup percakapan warga.",
        ),
        (
            "South Sumatra's communication office and KPK agree to exchange content and fight "
            "hoaxes",
            "The joint commitment covers exchanging content on corruption prevention and public "
            "service, and training in creative content.",
            "Both sides will also counter hoaxes circulating in citizens' chat groups.",
        ),
    ),
    (
        "layanan-publik-gratis-kecuali-diatur",
        "public-services-are-free-unless-a-regulation-sets-a-fee",
        6,
        "pemkab-klaten",
        ("pelayanan-publik",),
        ("pungli",),
        (
            "Layanan publik gratis, kecuali ada peraturan yang menetapkan biaya",
            "Warga diminta mengawasi layanan yang cepat, transparan dan tanpa pungutan.",
            "Akta kelahiran dan dokumen kependudukan lain tidak dipungut biaya. Pungutan tanpa "
            "dasar peraturan dapat dilaporkan.",
        ),
        (
            "Public services are free unless a regulation sets a fee",
            "Citizens are asked to watch for services that are fast, transparent and free of "
            "illegal levies.",
            "Birth certificates and other population documents cost nothing. A levy without a "
            "regulation behind it can be reported.",
        ),
    ),
    (
        "batas-lapor-lhkpn-31-maret",
        "lhkpn-filing-deadline-31-march",
        8,
        "kpk",
        ("pencegahan",),
        ("lhkpn",),
        (
            "Pengingat: LHKPN periodik disampaikan paling lambat 31 Maret",
            "Harta per 31 Desember dilaporkan melalui e-LHKPN antara 1 Januari dan 31 Maret.",
            "Staf khusus menteri dan pimpinan lembaga kini juga wajib melapor menurut "
            "Peraturan KPK 3/2024.",
        ),
        (
            "Reminder: periodic LHKPN reports are due by 31 March",
            "Assets as of 31 December are filed through e-LHKPN between 1 January and 31 March.",
            "Special staff of ministers and agency heads must now file too, under KPK "
            "Regulation 3/2024.",
        ),
    ),
    (
        "tolak-parsel-hari-raya",
        "refuse-holiday-parcels",
        10,
        "kpk",
        ("gratifikasi",),
        ("gratifikasi", "asn"),
        (
            "Jelang hari raya, pejabat diimbau menolak parsel",
            "Parsel makanan yang mudah rusak boleh disalurkan ke panti sosial, didokumentasikan "
            "dan dilaporkan ke UPG.",
            "Meminta THR atau hadiah atas nama pribadi maupun instansi dilarang, dan kendaraan "
            "dinas tidak boleh dipakai untuk mudik.",
        ),
        (
            "Before the holidays, officials are urged to refuse parcels",
            "Perishable food parcels may go to social institutions, documented and reported to "
            "the UPG.",
            "Asking for holiday allowances or gifts, personally or in the agency's name, is "
            "forbidden, and official cars must not be used for the trip home.",
        ),
    ),
    (
        "hadiah-untuk-guru-termasuk-gratifikasi",
        "gifts-to-teachers-are-gratification",
        12,
        "kpk",
        ("gratifikasi", "pelayanan-publik"),
        ("gratifikasi", "sekolah"),
        (
            "Hadiah orang tua murid untuk guru termasuk gratifikasi",
            "Pemberian saat kenaikan kelas atau pembagian rapor dapat memengaruhi penilaian "
            "yang objektif.",
            "Ucapan terima kasih tanpa barang tetap boleh. Ketentuan ini berlaku juga bagi guru "
            "honorer dan guru sekolah swasta.",
        ),
        (
            "Parents' gifts to teachers are gratification",
            "Gifts at the end of the school year or with report cards can affect fair grading.",
            "A thank-you without a gift is fine. This applies to honorary and private-school "
            "teachers as well.",
        ),
    ),
    (
        "indeks-spi-2025-diumumkan",
        "2025-spi-index-announced",
        14,
        "kpk",
        ("pencegahan",),
        ("spi",),
        (
            "Indeks SPI 2025 diumumkan pada Hakordia: 72,32",
            "Survei mencakup 653 kementerian, lembaga dan pemerintah daerah serta 4 BUMN.",
            "Angka ini naik dari 71,53 pada 2024. Instansi diminta membenahi komponen dengan "
            "nilai terendah.",
        ),
        (
            "The 2025 SPI index announced at Hakordia: 72.32",
            "The survey covered 653 ministries, agencies and regional governments and 4 "
            "state-owned enterprises.",
            "The figure is up from 71.53 in 2024. Agencies are asked to fix their weakest "
            "components.",
        ),
    ),
    (
        "jangan-beri-imbalan-kepada-petugas",
        "do-not-tip-service-officers",
        16,
        "pemkab-klaten",
        ("kampanye", "pelayanan-publik"),
        ("pungli", "whatsapp"),
        (
            "Jangan beri imbalan kepada petugas layanan: itu suap",
            "Spanduk, baliho dan video dipasang di setiap perangkat daerah.",
            "PKK dan Dharma Wanita ikut menyebarkan pesan ini. Keluhan dan saran warga menjadi "
            "bagian dari pengawasan sosial.",
        ),
        (
            "Don't tip service officers: it is a bribe",
            "Banners, billboards and videos are up at every agency.",
            "The PKK and Dharma Wanita women's groups help spread the message. Citizens' "
            "complaints and suggestions are part of social oversight.",
        ),
    ),
    (
        "jaga-dikunjungi-21-juta-kali",
        "jaga-visited-21-million-times",
        20,
        "kpk",
        ("literasi-digital",),
        ("jaga",),
        (
            "Situs pencegahan JAGA dikunjungi 21,5 juta kali pada 2023",
            "Warga memakai JAGA untuk informasi pencegahan, data layanan publik dan keluhan.",
            "Informasi tentang LHKPN, gratifikasi, SPI, MCP dan Stranas PK tersedia di jendela "
            "pencegahan.",
        ),
        (
            "The JAGA prevention site had 21.5 million hits in 2023",
            "Citizens use JAGA for prevention information, public-service data and complaints.",
            "Information on LHKPN, gratification, SPI, MCP and Stranas PK is in the prevention "
            "window.",
        ),
    ),
)

# Articles an agency wrote in its own section (Indonesian tree), with the English version made
# through wagtail-localize as its editors would: (agency code, slug, days ago, categories,
# tags, {Indonesian text: English text} for title, summary and paragraph).
SECTION_NEWS: tuple[
    tuple[str, str, int, tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]], ...
] = (
    (
        "bali-diskominfos",
        "kelas-konten-antikorupsi-untuk-admin-media-sosial",
        0,
        ("literasi-digital", "kampanye"),
        ("media-sosial", "gratifikasi"),
        (
            (
                "Diskominfos Bali buka kelas konten antikorupsi untuk admin media sosial",
                "Bali's communication office opens anti-corruption content classes for "
                "social media admins",
            ),
            (
                "Admin akun perangkat daerah belajar mengolah materi KPK menjadi unggahan yang "
                "mudah dibagikan warga.",
                "Admins of the regional agencies' accounts learn to turn KPK's material into "
                "posts citizens can easily share.",
            ),
            (
                "Kelas pertama membahas gratifikasi dan pungutan liar di layanan publik. Setiap "
                "peserta menyiapkan satu unggahan yang akan dibagikan serentak pekan depan.",
                "The first class covered gratification and illegal levies in public services. "
                "Each participant prepares one post to be shared together next week.",
            ),
        ),
    ),
)

PALETTE = ((11, 93, 75), (162, 58, 0), (30, 107, 52), (35, 70, 140), (122, 74, 0), (90, 40, 110))


def _lead_image(title: str, index: int) -> AbstractImage:
    """A 1200×675 picture drawn here (no download), stored once per title."""
    model = get_image_model()
    found = model.objects.filter(title=title).first()
    if found is not None:
        return found
    base = PALETTE[index % len(PALETTE)]
    picture = PILImage.new("RGB", (1200, 675), base)
    draw = ImageDraw.Draw(picture)
    for band in range(0, 675, 45):
        shade = tuple(min(255, c + band // 12) for c in base)
        draw.rectangle((0, band, 1200, band + 45), fill=shade)
    seed = int(hashlib.sha256(title.encode()).hexdigest()[:8], 16)
    for k in range(5):
        x, y, r = (seed >> (k * 3)) % 1000 + 100, (seed >> (k * 5)) % 500 + 80, 40 + 25 * k
        draw.ellipse((x - r, y - r, x + r, y + r), outline=(255, 255, 255), width=6)
    font = ImageFont.load_default(size=54)
    words, lines, line = title.split(), [], ""
    for word in words:
        if len(line) + len(word) > 30:
            lines.append(line)
            line = ""
        line = f"{line} {word}".strip()
    lines.append(line)
    for n, text in enumerate(lines[:4]):
        draw.text((60, 380 + n * 64), text, fill=(255, 255, 255), font=font)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=82, optimize=True)
    image = model(title=title, width=picture.width, height=picture.height)
    image.file = ImageFile(buffer, name=f"demo-news-{index:02d}.jpg")
    image.save()
    return image


def seed_portal_demo(*, dry_run: bool = False) -> int:
    """Create the demo portal content; returns how many pages were created this run (with
    `dry_run`, inside a transaction that is rolled back)."""
    with transaction.atomic():
        created = _seed()
        if dry_run:
            transaction.set_rollback(True)
    return created


def _seed() -> int:
    before = NewsPage.objects.count() + ContentPage.objects.count()
    tree = ensure_portal_tree()
    for slug, texts in SECTIONS:
        title, intro, body = texts["id"]
        page = ContentPage.objects.child_of(tree.prevention).filter(slug=slug).first()
        if page is None:
            page = ContentPage(slug=slug, title=title, intro=intro, topic=slug, body=body("id"))
            tree.prevention.add_child(instance=page)
            publish(page)
        title, intro, body = texts["en"]
        ensure_translation(page, "en", title=title, intro=intro, body=body("en"))
    categories = {}
    for slug, name, name_en in CATEGORIES:
        categories[slug] = NewsCategory.objects.get_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en}
        )[0]
    agencies = {a.code: a for a in Agency.objects.all()}
    today = timezone.localdate()
    for n, (slug, slug_en, days, code, cats, tags, text_id, text_en) in enumerate(NEWS):
        page = NewsPage.objects.child_of(tree.news).filter(slug=slug).first()
        if page is None:
            title, intro, paragraph = text_id
            page = NewsPage(
                slug=slug,
                title=title,
                intro=intro,
                body=_p(paragraph),
                date=today - dt.timedelta(days=days),
                lead_image=_lead_image(title, n),
                author_agency=agencies.get(code),
            )
            page.categories.set([categories[c] for c in cats])
            page.tags.set(tags)
            tree.news.add_child(instance=page)
            publish(page)
        title, intro, paragraph = text_en
        ensure_translation(page, "en", slug=slug_en, title=title, intro=intro, body=_p(paragraph))
    for code in DEMO_SECTION_AGENCIES:
        if code in agencies:
            section = ensure_agency_section(agencies[code])
            name = agencies[code].name
            for language, intro in (
                ("id", f"Informasi pencegahan korupsi dan berita dari {name}."),
                ("en", f"Corruption-prevention information and news from {name}."),
            ):
                page = (
                    section if language == "id" else section.get_translation(locale_for(language))
                )
                if not page.specific.intro:
                    page = page.specific
                    page.intro = intro
                    publish(page)
    for code, slug, days, cats, tags, pairs in SECTION_NEWS:
        if code not in agencies:
            continue
        section = ensure_agency_section(agencies[code])
        page = NewsPage.objects.child_of(section).filter(slug=slug).first()
        if page is None:
            title, intro, paragraph = (indonesian for indonesian, _english in pairs)
            page = NewsPage(
                slug=slug,
                title=title,
                intro=intro,
                body=_p(paragraph),
                date=today - dt.timedelta(days=days),
                lead_image=_lead_image(title, len(NEWS)),
            )
            page.categories.set([categories[c] for c in cats])
            page.tags.set(tags)
            section.add_child(instance=page)
            publish(page)
        _translate_with_localize(page, "en", dict(pairs))
    sync_all_editor_access()
    return NewsPage.objects.count() + ContentPage.objects.count() - before


def _translate_with_localize(page: NewsPage, language: str, strings: dict[str, str]) -> None:
    """The page's translation made as an editor makes it in wagtail-localize: the source's
    strings exported, translated (`strings`, source text to translation; others keep the
    source text until someone translates them), imported and published."""
    locale = locale_for(language)
    if page.get_translation_or_none(locale) is not None:
        return
    source, _created = TranslationSource.get_or_create_from_instance(page)
    translation_, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    po = translation_.export_po()
    for entry in po:
        text = strip_tags(entry.msgid).strip()
        if text in strings:
            entry.msgstr = entry.msgid.replace(text, strings[text])
    translation_.import_po(po)
    translation_.save_target(publish=True)
