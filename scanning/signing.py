"""Digital signature (ký số) of a digitised item with pyHanko: PAdES (ETSI.CAdES.detached),
from a PKCS#12 file or a PKCS#11 token (the USB tokens Vietnamese officers use), with a visible
stamp at the top right of page 1 carrying the signer's name and the Vietnam time; and the check
made when a signed file is opened.

The stamp's font is a TTF with Vietnamese (DejaVu Sans / Noto Sans), embedded as a subset, so the
file stays PDF/A; every string is NFC before it is drawn.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext

from counter_app.domain.errors import DamagedError, ValidationError
from counter_app.domain.vntime import as_vn, now_vn

FIELD = "KySoCanBo"
STAMP_W, STAMP_H, MARGIN = 220.0, 56.0, 18.0
FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    Path("C:/Windows/Fonts/arial.ttf"),
)


def stamp_font() -> Path:
    for path in FONTS:
        if path.is_file():
            return path
    raise ValidationError("signing_font_missing")


def pkcs12_signer(data: bytes, passphrase: str | None) -> signers.Signer:
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(
            data, [], passphrase.encode() if passphrase else None
        )
    except Exception as exc:  # wrong passphrase or not a PKCS#12 file
        raise ValidationError("invalid_certificate_file") from exc
    if not isinstance(signer, signers.Signer):
        raise ValidationError("invalid_certificate_file")
    return signer


def pkcs11_signer(library: str, token_label: str, pin: str, key_label: str) -> tuple[Any, Any]:
    """(signer, session) for a PKCS#11 token; close the session after signing. Needs the
    ``python-pkcs11`` package and the token's PKCS#11 library (e.g. the vendor's .dll/.so)."""
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11

    session = pkcs11.open_pkcs11_session(
        library, token_criteria=TokenCriteria(label=token_label), user_pin=pin
    )
    return pkcs11.PKCS11Signer(session, key_label=key_label, cert_label=key_label), session


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def sign_pdf(pdf: bytes, signer: signers.Signer, name: str, at: datetime | None = None) -> bytes:
    """The PDF with a PAdES signature and a visible stamp at the top right of page 1."""
    moment = as_vn(at) if at is not None else now_vn()
    reader = PdfFileReader(io.BytesIO(pdf))
    page = reader.root["/Pages"]["/Kids"][0]
    box = [float(v) for v in page["/MediaBox"]]
    right, top = box[2] - MARGIN, box[3] - MARGIN
    spec = fields.SigFieldSpec(
        FIELD, on_page=0, box=(int(right - STAMP_W), int(top - STAMP_H), int(right), int(top))
    )
    text = _nfc(f"Ký bởi: {name}\nThời gian: {moment:%d/%m/%Y %H:%M:%S} (giờ Việt Nam)")
    style = TextStampStyle(
        stamp_text=text.replace("%", "%%"),
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(stamp_font()))),
        border_width=1,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD, subfilter=fields.SigSeedSubFilter.PADES, name=_nfc(name)
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    _leave_producer_to_pyhanko(writer)
    out = signers.PdfSigner(meta, signer=signer, stamp_style=style, new_field_spec=spec).sign_pdf(
        writer
    )
    return bytes(out.getvalue())


def _leave_producer_to_pyhanko(writer: IncrementalPdfFileWriter) -> None:
    """pyHanko writes its own name as the XMP ``pdf:Producer`` but *appends* it to an Info
    ``/Producer`` ("counter-app; pyHanko …"): the two would differ, which PDF/A forbids
    (ISO 19005-2 6.6.2.3). Without an Info entry it writes the same name in both."""
    ref = writer.trailer.raw_get("/Info")
    info = ref.get_object()
    if "/Producer" in info:
        del info["/Producer"]
        writer.mark_update(ref)


@dataclass(frozen=True)
class SignatureCheck:
    signer: str
    intact: bool  # the signed bytes are unchanged
    valid: bool  # the cryptographic signature is right
    trusted: bool  # the certificate chains to a trusted root
    whole_file: bool  # nothing was added after signing
    signed_at: datetime | None

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.whole_file


def verify_pdf(pdf: bytes, trust_roots: list[Any] | None = None) -> list[SignatureCheck]:
    """Check every signature of the file (done when a signed file is opened)."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        sigs = reader.embedded_signatures
    except Exception as exc:  # not a PDF any more
        raise DamagedError("signed_file_damaged") from exc
    context = ValidationContext(trust_roots=trust_roots or [], allow_fetching=False)
    checks = []
    for sig in sigs:
        try:
            status = validate_pdf_signature(sig, context)
        except Exception as exc:  # a signature structure that cannot be read is not valid
            raise DamagedError("signed_file_damaged") from exc
        checks.append(
            SignatureCheck(
                signer=str(status.signing_cert.subject.human_friendly),
                intact=bool(status.intact),
                valid=bool(status.valid),
                trusted=bool(status.trusted),
                whole_file=status.coverage is not None and status.coverage.name == "ENTIRE_FILE",
                signed_at=status.signer_reported_dt,
            )
        )
    return checks


@dataclass(frozen=True)
class ItemSigner:
    """The officer's signature for a document item's files: the file attached at once is signed,
    and so is the searchable copy that OCR makes later (see ``facade.attach_with_text_layer``)."""

    signer: signers.Signer
    name: str
    trust_roots: list[Any] | None = None

    def sign(self, pdf: bytes) -> bytes:
        return sign_pdf(pdf, self.signer, self.name)

    def verified(self, pdf: bytes) -> bool:
        """Signed, intact, valid and covering the whole file (trust is judged on opening)."""
        checks = verify_pdf(pdf, self.trust_roots)
        return bool(checks) and all(c.ok for c in checks)
