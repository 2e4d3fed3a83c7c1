"""One PDF/A-2b file per document item: the pipeline's encoded pages embedded as they are
(img2pdf: JPEG byte for byte, CCITT G4 without re-encoding), then made PDF/A with pikepdf
(XMP metadata with the PDF/A identification, an sRGB OutputIntent, the document info in step).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import img2pdf
import pikepdf
from PIL import ImageCms

from scanning.pdfa_rules import check_rules
from scanning.pipeline import ProcessedPage

PRODUCER = "counter-app"


@dataclass(frozen=True)
class ItemMeta:
    dossier_code: str
    item_code: str
    officer: str
    at: datetime
    title: str = ""


def _srgb_icc() -> bytes:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return bytes(profile.tobytes())


def build_pdfa(pages: Sequence[ProcessedPage], meta: ItemMeta) -> bytes:
    """The PDF/A-2b bytes for the pages, in the given order."""
    if not pages:
        raise ValueError("a document item needs at least one page")
    # each page at its own resolution (pages of a continued batch may differ)
    raw = img2pdf.convert([p.data for p in pages], with_pdfrw=False)
    assert raw is not None
    pdf = pikepdf.open(io.BytesIO(raw))
    for page, processed in zip(pdf.pages, pages, strict=True):
        if processed.mask is not None:
            _overlay_mask(pdf, page, processed)
    _make_pdfa(pdf, meta)
    out = io.BytesIO()
    pdf.save(out, fix_metadata_version=True, deterministic_id=False)
    return out.getvalue()


def _overlay_mask(pdf: pikepdf.Pdf, page: pikepdf.Page, processed: ProcessedPage) -> None:
    """Draw the page's G4 text mask in black over its picture (the CCITT data as it is: the
    mask's image object is taken from img2pdf's embedding of the TIFF and turned into an
    /ImageMask, whose 0 samples — the black text — are painted)."""
    single = img2pdf.convert(processed.mask, with_pdfrw=False)
    assert single is not None
    source = pikepdf.open(io.BytesIO(single))
    image = next(iter(source.pages[0].Resources.XObject.values()))
    mask = pdf.copy_foreign(image)
    mask.ImageMask = True
    for key in ("/ColorSpace", "/BitsPerComponent", "/Decode"):
        if key in mask:
            del mask[key]
    name = page.add_resource(mask, pikepdf.Name.XObject, prefix="Txt")
    box = page.mediabox
    width, height = float(box[2]) - float(box[0]), float(box[3]) - float(box[1])
    page.contents_add(
        pikepdf.Stream(pdf, f"q 0 g {width:.4f} 0 0 {height:.4f} 0 0 cm {name} Do Q".encode()),
        prepend=False,
    )


def _make_pdfa(pdf: pikepdf.Pdf, meta: ItemMeta) -> None:
    icc = pdf.make_stream(_srgb_icc())
    icc.N = 3
    pdf.Root.OutputIntents = pikepdf.Array(
        [
            pikepdf.Dictionary(
                Type=pikepdf.Name.OutputIntent,
                S=pikepdf.Name.GTS_PDFA1,
                OutputConditionIdentifier="sRGB IEC61966-2.1",
                Info="sRGB IEC61966-2.1",
                DestOutputProfile=icc,
            )
        ]
    )
    title = meta.title or f"{meta.dossier_code} / {meta.item_code}"
    with pdf.open_metadata(set_pikepdf_as_editor=False) as xmp:
        xmp["pdfaid:part"] = "2"
        xmp["pdfaid:conformance"] = "B"
        xmp["dc:title"] = title
        xmp["dc:creator"] = [meta.officer]
        xmp["dc:identifier"] = f"{meta.dossier_code}/{meta.item_code}"
        xmp["xmp:CreateDate"] = meta.at.isoformat()
        xmp["xmp:ModifyDate"] = meta.at.isoformat()
        xmp["xmp:CreatorTool"] = PRODUCER
        xmp["pdf:Producer"] = PRODUCER
        xmp["pdf:Keywords"] = f"MaHoSo={meta.dossier_code}; MaThanhPhanHoSo={meta.item_code}"


@dataclass(frozen=True)
class PdfaReport:
    pages: int
    part: str
    conformance: str
    has_output_intent: bool
    encrypted: bool
    dossier_code: str
    item_code: str
    problems: tuple[str, ...]


def check_pdfa(data: bytes) -> PdfaReport:
    """The PDF/A-2b points pikepdf can check: identification, OutputIntent, no encryption,
    every image's colour space device-independent through the intent, metadata present, and the
    veraPDF-style rules of ``scanning.pdfa_rules``."""
    pdf = pikepdf.open(io.BytesIO(data))
    problems: list[str] = []
    meta = pdf.open_metadata()
    part, conf = str(meta.get("pdfaid:part", "")), str(meta.get("pdfaid:conformance", ""))
    intents = pdf.Root.get("/OutputIntents")
    has_intent = intents is not None and any(
        i.get("/S") == pikepdf.Name.GTS_PDFA1 and "/DestOutputProfile" in i for i in intents
    )
    if (part, conf) != ("2", "B"):
        problems.append("not identified as PDF/A-2b")
    if not has_intent:
        problems.append("no PDF/A OutputIntent")
    if pdf.is_encrypted:
        problems.append("encrypted")
    if "/ID" not in pdf.trailer:
        problems.append("no file identifier")
    problems += check_rules(data, pdf)
    ident = str(meta.get("dc:identifier", ""))
    dossier, _, item = ident.partition("/")
    return PdfaReport(
        len(pdf.pages), part, conf, has_intent, pdf.is_encrypted, dossier, item, tuple(problems)
    )
