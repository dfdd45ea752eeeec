"""Reading what people type: the language, the tool they want, and the facts a tool asks for
(amounts, dates, yes or no, the kind of gift, who gave it and on what occasion).

Words are compared by their Sastrawi stems from the shared analyzer
(`cegah.lib.textanalysis`), stopwords kept: "nikahan", "pernikahan" and "menikah" are all
"nikah", and "bawahan saya" still says "bawah". Informal spellings people type in chats
(gak, ga, nggak, jt, rb) are listed here next to the formal ones.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cegah.lib.textanalysis import STOPWORDS_EN, STOPWORDS_ID, analyse_word, normalise

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")

# Words that only English has (Indonesian stopwords removed: "di", "a"… are shared noise).
_ENGLISH_ONLY = STOPWORDS_EN - STOPWORDS_ID
_ENGLISH_HINTS = frozenset(
    {"gift", "report", "must", "should", "bribe", "fee", "legal", "true", "hoax", "complaint"}
)
_INDONESIAN_HINTS = frozenset(
    {"yang", "yg", "gak", "ga", "nggak", "tidak", "apa", "apakah", "saya", "aku", "harus",
     "boleh", "dong", "sih", "kah", "gimana", "bagaimana", "berapa", "mau", "ini", "itu"}
)  # fmt: skip


def tokens(text: str) -> list[str]:
    """The words of `text`, normalised (lowercase, accents dropped)."""
    return _WORD.findall(normalise(text))


def stems(text: str) -> list[str]:
    """The stem of every word of `text`, in order, stopwords kept."""
    return [s for word in tokens(text) for s in analyse_word(word).stems]


def guess_language(text: str, default: str = "id") -> str:
    """ "en" for a message written in English, "id" for Indonesian, `default` when it cannot
    be told (a number, "ok", a place name)."""
    words = tokens(text)
    english = sum(1 for w in words if w in _ENGLISH_ONLY or w in _ENGLISH_HINTS)
    indonesian = sum(1 for w in words if w in _INDONESIAN_HINTS)
    if english >= 2 and english > indonesian:
        return "en"
    if indonesian >= 1 and indonesian >= english:
        return "id"
    return default


# Commands: typed with a slash (Telegram shows them in its menu), or pressed on the web.
COMMANDS: dict[str, str] = {
    "/hadiah": "gift",
    "/gratifikasi": "gift",
    "/gift": "gift",
    "/biaya": "fee",
    "/pungli": "fee",
    "/fee": "fee",
    "/hoaks": "factcheck",
    "/cekpesan": "factcheck",
    "/hoax": "factcheck",
    "/lapor": "complaint",
    "/keluhan": "complaint",
    "/complaint": "complaint",
    "/start": "menu",
    "/menu": "menu",
    "/bantuan": "menu",
    "/help": "menu",
}
CANCEL_WORDS = frozenset({"batal", "batalkan", "cancel", "stop", "berhenti", "keluar", "/batal"})
GREETINGS = frozenset(
    {"halo", "hallo", "hai", "hi", "hello", "menu", "assalamualaikum", "pagi", "siang", "sore",
     "malam", "permisi", "p", "tes", "test"}
)  # fmt: skip
SKIP_WORDS = frozenset({"lewati", "lewat", "skip", "-", "tidak ada", "gak ada", "ga ada", "none"})

YES = frozenset({"ya", "iya", "y", "yes", "yup", "betul", "benar", "ok", "oke", "boleh", "iyaa"})
NO = frozenset(
    {"tidak", "tdk", "gak", "ga", "nggak", "enggak", "engga", "no", "n", "bukan", "jangan"}
)


def command_of(text: str) -> str | None:
    """The tool (or "menu", "cancel") a command or greeting names, else None."""
    word = text.strip().lower()
    first = word.split(maxsplit=1)[0] if word else ""
    first = first.split("@", 1)[0]  # Telegram groups add the bot's name: /start@CegahBot
    if first in COMMANDS:
        return COMMANDS[first]
    if word.rstrip("!. ") in CANCEL_WORDS:
        return "cancel"
    if word.rstrip("!.? ") in GREETINGS:
        return "menu"
    return None


def is_skip(text: str) -> bool:
    return text.strip().lower().rstrip(".! ") in SKIP_WORDS


def yes_no(text: str) -> bool | None:
    """True for yes, False for no, None when neither (the first word decides)."""
    words = tokens(text)
    if not words:
        return None
    if words[0] in YES:
        return True
    if words[0] in NO:
        return False
    return None


# Intents from free text


_GIFT = {"hadiah", "gratifikasi", "amplop", "parsel", "parcel", "bingkisan", "kado", "gift",
         "angpao", "angpau", "cendera", "souvenir", "hampers", "voucher", "oleh"}  # fmt: skip
_MUST = {"lapor", "wajib", "harus", "boleh", "terima", "perlu", "must", "report", "should",
         "accept"}  # fmt: skip
_FEE = {"pungli", "pungut", "biaya", "bayar", "tarif", "retribusi", "fee", "levy", "charge",
        "setor", "uang", "duit"}  # fmt: skip
_LEGAL = {"resmi", "sah", "legal", "wajar", "gratis", "official", "free", "aturan"}
_CHECK = {"hoaks", "hoax", "fakta", "fact", "fitnah"}
_TRUE = {"benar", "bener", "true", "asli", "beneran", "valid"}
_NEWS = {"pesan", "berita", "info", "informasi", "kabar", "message", "news", "broadcast", "viral"}
_COMPLAIN = {"adu", "keluh", "lapor", "complain", "complaint", "report"}
_WANT = {"mau", "ingin", "pengen", "pingin", "gimana", "bagaimana", "cara", "want", "how", "bisa"}
# A chain message pasted to be checked is long; a question about hoaxes is short.
LONG_MESSAGE_WORDS = 12


def intent_of(text: str) -> str | None:
    """The tool a free-text message asks for, or None for a question for the knowledge base.

    A gift tool only for a concrete gift ("amplop nikahan 1 juta harus lapor gak?"); a
    general question about gift rules is the knowledge base's."""
    found = set(stems(text))
    if found & _GIFT and found & _MUST and gift_facts(text):
        return "gift"
    if found & _CHECK or (found & _TRUE and found & _NEWS):
        return "factcheck"
    if found & _FEE and (found & _LEGAL or amount_in(text) is not None):
        return "fee"
    if found & _COMPLAIN and found & _WANT and not found & _GIFT:
        return "complaint"
    return None


# Amounts

_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{2,4}))?\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

_AMOUNT = re.compile(
    r"(?:rp\.?\s*)?(\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d+)?)\s*"
    r"(juta|jt|jta|million|mio|m|ribu|rb|rebu|k|thousand|ratus)?\b",
    re.IGNORECASE,
)
_UNITS = {
    "juta": 1_000_000,
    "jt": 1_000_000,
    "jta": 1_000_000,
    "million": 1_000_000,
    "mio": 1_000_000,
    "m": 1_000_000,
    "ribu": 1_000,
    "rb": 1_000,
    "rebu": 1_000,
    "k": 1_000,
    "thousand": 1_000,
    "ratus": 100,
}


def amount_in(text: str) -> int | None:
    """The first amount of rupiah in `text`: "1 jt", "1,5 juta", "500rb", "Rp1.500.000",
    "750000". Dates, years and bare numbers under 1,000 are no amounts."""
    lowered = _NUMERIC_DATE.sub(" ", _ISO_DATE.sub(" ", text.lower()))
    for match in _AMOUNT.finditer(lowered):
        digits, unit = match.group(1), (match.group(2) or "").lower()
        has_rp = match.group(0).lower().startswith("rp")
        if unit:
            number = float(digits.replace(",", "."))
            if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", digits):
                number = float(re.sub(r"[.,]", "", digits))
            value = round(number * _UNITS[unit])
        else:
            value = int(re.sub(r"[.,]", "", digits)) if re.search(r"[.,]\d{3}\b", digits) else 0
            if not value:
                try:
                    value = int(digits)
                except ValueError:
                    continue
            if not has_rp and (value < 1000 or (len(digits) == 4 and 1900 <= value <= 2100)):
                continue
        if value > 0:
            return value
    return None


# Dates


_MONTHS = {
    "januari": 1, "jan": 1, "january": 1, "februari": 2, "feb": 2, "february": 2, "maret": 3,
    "mar": 3, "march": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "jun": 6,
    "june": 6, "juli": 7, "jul": 7, "july": 7, "agustus": 8, "agu": 8, "agt": 8, "aug": 8,
    "august": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10,
    "october": 10, "november": 11, "nov": 11, "nopember": 11, "desember": 12, "des": 12,
    "dec": 12, "december": 12,
}  # fmt: skip
_NAMED_DATE = re.compile(r"\b(\d{1,2})\s+([a-z]+)(?:\s+(\d{4}))?\b")
_AGO = re.compile(r"\b(\d+|se|satu|dua|tiga)\s*(hari|minggu|pekan|bulan|day|days|week|weeks)\b")
_NUMBER_WORDS = {"se": 1, "satu": 1, "dua": 2, "tiga": 3}


def date_in(text: str, today: dt.date) -> dt.date | None:
    """The day a message names: "hari ini", "kemarin", "3 hari lalu", "12/11/2026",
    "12 November", "2026-11-12". A day after `today` is refused (None)."""
    lowered = normalise(text)
    words = set(tokens(lowered))
    found: dt.date | None = None
    if words & {"kemarin", "kemaren", "yesterday"}:
        found = today - dt.timedelta(days=1)
    elif words & {"today", "tadi"} or "hari ini" in lowered:
        found = today
    elif match := _AGO.search(lowered):
        count = _NUMBER_WORDS.get(match.group(1)) or int(match.group(1))
        unit = match.group(2)
        days = {"hari": 1, "day": 1, "days": 1, "bulan": 30}.get(unit, 7)
        found = today - dt.timedelta(days=count * days)
    elif match := _ISO_DATE.search(lowered):
        found = _safe_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    elif match := _NUMERIC_DATE.search(lowered):
        year = int(match.group(3)) if match.group(3) else today.year
        year = year + 2000 if year < 100 else year
        found = _safe_date(year, int(match.group(2)), int(match.group(1)))
        if found and not match.group(3) and found > today:
            found = _safe_date(year - 1, found.month, found.day)
    else:
        for match in _NAMED_DATE.finditer(lowered):
            month = _MONTHS.get(match.group(2))
            if month is None:
                continue
            year = int(match.group(3)) if match.group(3) else today.year
            found = _safe_date(year, month, int(match.group(1)))
            if found and not match.group(3) and found > today:
                found = _safe_date(year - 1, month, found.day)
            break
    if found is None or found > today:
        return None
    return found


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


# The gift's facts


Phrases = list[tuple[tuple[str, ...], tuple[str, ...], str]]


def _phrase_table(table: Mapping[str, Iterable[str]]) -> Phrases:
    """(words of a phrase, their stems, value), longest phrase first."""
    rows = [
        (tuple(tokens(phrase)), tuple(stems(phrase)), value)
        for value, phrases in table.items()
        for phrase in phrases
    ]
    return sorted(rows, key=lambda row: -len(row[0]))


_FORM_WORDS = {
    "money": ["uang", "duit", "amplop", "tunai", "cash", "transfer", "money", "angpao",
              "angpau", "thr", "salam tempel"],
    "cash_equivalent": ["voucher", "emas", "saldo", "e-money", "pulsa", "gift card",
                        "logam mulia", "gopay", "ovo"],
    "food_parcel": ["parsel", "parcel", "hampers", "bingkisan makanan", "sembako", "kue"],
    "served_food": ["makan", "traktir", "jamuan", "dinner", "lunch", "meal"],
    "service": ["tiket", "hotel", "penginapan", "liburan", "perjalanan", "tour", "ticket",
                "pengobatan gratis", "jalan-jalan"],
    "flower_board": ["karangan bunga", "papan bunga", "bunga"],
    "goods": ["barang", "hp", "handphone", "ponsel", "jam", "tas", "baju", "batik", "kain",
              "laptop", "sepatu", "perhiasan", "goods", "watch", "phone", "cincin", "kalung"],
}  # fmt: skip
_OCCASION_WORDS = {
    "wedding": ["nikah", "nikahan", "pernikahan", "kawin", "kawinan", "resepsi", "wedding",
                "mantu", "mantenan", "hajatan"],
    "engagement": ["lamaran", "tunangan", "engagement"],
    "birth": ["lahir", "kelahiran", "lahiran", "melahirkan", "birth"],
    "aqiqah": ["aqiqah", "akikah", "aqiqahan"],
    "baptism": ["baptis", "baptisan", "baptism"],
    "circumcision": ["sunat", "sunatan", "khitan", "khitanan", "circumcision"],
    "tooth_filing": ["potong gigi", "mepandes"],
    "religious_or_customary_ceremony": ["upacara adat", "upacara agama", "selamatan",
                                        "syukuran", "kenduri"],
    "disaster": ["musibah", "bencana", "duka", "meninggal", "kematian", "melayat",
                 "disaster", "funeral"],
    "farewell": ["perpisahan", "pisah sambut", "farewell"],
    "retirement": ["pensiun", "purna tugas", "retirement"],
    "transfer_or_promotion": ["mutasi", "promosi", "naik pangkat", "pelantikan", "naik jabatan",
                              "promotion"],
    "birthday": ["ulang tahun", "ultah", "birthday", "milad"],
    "religious_holiday": ["lebaran", "idul fitri", "idulfitri", "natal", "hari raya",
                          "imlek", "nyepi", "waisak", "thr", "christmas", "eid"],
    "official_event": ["acara dinas", "acara resmi", "seminar", "rapat", "kegiatan dinas",
                       "official event"],
    "none": ["tanpa acara", "tidak ada acara", "biasa saja", "no occasion", "gak ada acara"],
}  # fmt: skip
_GIVER_WORDS = {
    "family": ["keluarga", "saudara", "orang tua saya", "ayah", "ibu saya", "bapak saya",
               "kakak", "adik", "paman", "om", "tante", "bibi", "mertua", "sepupu", "family"],
    "colleague": ["rekan kerja", "teman kantor", "kolega", "rekan kantor", "atasan",
                  "sesama pegawai", "colleague", "teman sekantor"],
    "service_user": ["orang tua murid", "wali murid", "ortu murid", "pasien", "pemohon",
                     "warga", "masyarakat", "nasabah", "pelanggan", "wajib pajak", "murid",
                     "siswa", "mahasiswa", "parent", "patient", "applicant"],
    "business_partner": ["rekanan", "kontraktor", "vendor", "mitra", "pengusaha", "penyedia",
                         "supplier", "contractor", "perusahaan"],
    "subordinate": ["bawahan", "anak buah", "staf saya", "subordinate"],
    "other": ["teman", "tetangga", "kenalan", "friend", "neighbour", "orang lain"],
    "unknown": ["tidak tahu", "gak tahu", "gak tau", "nggak tahu", "ga tau", "tidak tau",
                "tanpa nama", "anonim", "unknown", "don't know"],
}  # fmt: skip

FORM_TABLE = _phrase_table(_FORM_WORDS)
OCCASION_TABLE = _phrase_table(_OCCASION_WORDS)
GIVER_TABLE = _phrase_table(_GIVER_WORDS)


def _longest(found: list[str], table: list[tuple[tuple[str, ...], str]]) -> str | None:
    best: tuple[int, int, str] | None = None  # (-length, position, value)
    for phrase, value in table:
        size = len(phrase)
        for index in range(len(found) - size + 1):
            if tuple(found[index : index + size]) == phrase:
                candidate = (-size, index, value)
                if best is None or candidate < best:
                    best = candidate
                break
    return None if best is None else best[2]


def find_in(text: str, table: Phrases) -> str | None:
    """The value of the longest phrase of `table` in `text` (first in the text on a tie).
    The words as written are tried before their stems: "rekanan" (a contractor) and
    "rekan" (a colleague) share a stem."""
    written = _longest(tokens(text), [(words, value) for words, _s, value in table])
    if written is not None:
        return written
    return _longest(stems(text), [(stemmed, value) for _w, stemmed, value in table])


@dataclass(frozen=True)
class GiftFacts:
    """What one message says about a gift; None for what it does not say."""

    form: str | None = None
    value_idr: int | None = None
    occasion: str | None = None
    giver_relation: str | None = None

    def as_answers(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def gift_facts(text: str) -> dict[str, object]:
    """The facts about a gift one message gives, as the gift tool's answers."""
    return GiftFacts(
        form=find_in(text, FORM_TABLE),
        value_idr=amount_in(text),
        occasion=find_in(text, OCCASION_TABLE),
        giver_relation=find_in(text, GIVER_TABLE),
    ).as_answers()
