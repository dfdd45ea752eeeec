"""Plain-function factories and realistic forwarded messages for the fact-check tests."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cegah.accounts.models import Role, User
from cegah.agencies.models import Agency, UnitKind
from cegah.complaints.tests.factories import jpeg_with_gps, photo
from cegah.factchecks import actions
from cegah.factchecks.models import Claim, Submission, Verdict
from cegah.lib.tests.test_imagehash import poster
from cegah.lib.uploads import CleanFile, clean_upload
from cegah.test import Personas, make_agency, make_user

__all__ = ["jpeg_with_gps", "photo", "poster"]

# A hoax as it first reached a WhatsApp group ...
HOAX = (
    "Pemberitahuan resmi dari KPK. Mulai bulan depan setiap kepala desa wajib menyetor "
    "uang pembinaan sebesar Rp5.000.000 kepada petugas KPK yang datang ke kantor desa. "
    "Yang tidak menyetor akan diperiksa dan dana desanya dibekukan. Hubungi Bapak Hendra "
    "petugas KPK di nomor 0812-3456-7890 untuk jadwal kunjungan."
)
# ... and as it came back after a few forwards: header, emoji, line breaks, an appeal.
HOAX_FORWARDED = (
    "Diteruskan\n*PEMBERITAHUAN RESMI DARI KPK!!* 🚨🚨\n\n"
    "Mulai bulan depan setiap kepala desa WAJIB menyetor uang pembinaan sebesar "
    "Rp5.000.000 kepada petugas KPK yang datang ke kantor desa.\n"
    "Yang tidak menyetor akan diperiksa dan dana desanya dibekukan!!!\n"
    "Hubungi Bapak Hendra petugas KPK di nomor 0812-3456-7890 untuk jadwal kunjungan.\n\n"
    "Mohon sebarkan ke grup lain ya"
)
HOAX_FORWARDED_EN = (
    "Forwarded many times\n"
    "Pemberitahuan resmi dari KPK: mulai bulan depan setiap kepala desa wajib menyetor "
    "uang pembinaan sebesar Rp 5.000.000 kepada petugas KPK yang datang ke kantor desa. "
    "Yang tidak menyetor akan diperiksa dan dana desanya dibekukan. Hubungi Bapak Hendra "
    "petugas KPK di nomor 0812 3456 7890 untuk jadwal kunjungan. Sebarkan!"
)
# Another message on a neighbouring topic: must not be grouped with the one above.
OTHER = (
    "Info terbaru: guru honorer sekarang dilarang menerima parsel Lebaran dari wali murid. "
    "Yang menerima akan langsung dipecat tanpa peringatan dan namanya diumumkan di koran. "
    "Aturan ini berlaku mulai tahun ajaran baru."
)


@dataclass
class FactPeople:
    """The personas plus a KPK fact-checker and a Diskominfo Bali fact-checker."""

    personas: Personas
    diskominfo: Agency
    checker_kpk: User
    checker_bali: User


def make_fact_people(p: Personas) -> FactPeople:
    diskominfo = make_agency(
        "bali-diskominfos",
        "Diskominfos Provinsi Bali",
        parent=p.agency_b,
        unit_kind=UnitKind.COMMUNICATION,
        region=p.agency_b.region,
    )
    return FactPeople(
        personas=p,
        diskominfo=diskominfo,
        checker_kpk=make_user(
            "cekfakta@kpk.example", (p.kpk, Role.FACT_CHECKER), full_name="Cek Fakta KPK"
        ),
        checker_bali=make_user(
            "cekfakta@bali.example", (diskominfo, Role.FACT_CHECKER), full_name="Cek Fakta Bali"
        ),
    )


def submit(text: str = HOAX, **values: Any) -> Submission:
    submission, _created = actions.submit_message(text=text, **values)
    return submission


VERDICT = {
    "claim_text": "KPK mewajibkan kepala desa menyetor Rp5 juta kepada petugas KPK.",
    "verdict": Verdict.FALSE,
    "headline": "KPK tidak pernah meminta uang pembinaan dari kepala desa",
    "explanation": "KPK tidak memungut uang apa pun.\n\nPetugas KPK dilarang menerima uang.",
    "sources": "Siaran pers KPK https://www.kpk.go.id/id/berita/siaran-pers\nCall center KPK 198",
}


def published(checker: User, text: str = HOAX, **verdict: Any) -> Claim:
    claim = submit(text).claim
    actions.start_checking(actor=checker, claim=claim)
    actions.save_verdict(actor=checker, claim=claim, **{**VERDICT, **verdict})
    return actions.publish_verdict(actor=checker, claim=claim)


def image_file(
    image: Image.Image, name: str = "poster.jpg", fmt: str = "JPEG", **options: object
) -> SimpleUploadedFile:
    """An upload of a picture drawn with Pillow (see `poster()`)."""
    out = io.BytesIO()
    image.save(out, format=fmt, **options)
    return SimpleUploadedFile(name, out.getvalue(), f"image/{fmt.lower()}")


def clean_image(image: Image.Image, **options: object) -> CleanFile:
    """The picture as the forms hand it to the actions: checked and re-encoded."""
    return clean_upload(image_file(image, **options))


def published_with_image(
    checker: User, image: Image.Image, text: str = "", **verdict: Any
) -> Claim:
    claim = submit(text, image=clean_image(image)).claim
    actions.start_checking(actor=checker, claim=claim)
    actions.save_verdict(actor=checker, claim=claim, **{**VERDICT, **verdict})
    return actions.publish_verdict(actor=checker, claim=claim)
