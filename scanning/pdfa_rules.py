"""PDF/A-2b rules checked the way veraPDF checks them, for the parts of ISO 19005-2 our files can
break (no veraPDF here: it is a Java program outside the package registries we use). Each rule
names its clause; ``check_pdfa`` (``scanning.pdfa``) adds their findings to its report.

- 6.1.2 header: ``%PDF-1.n`` then a comment line of at least four bytes above 127;
- 6.1.3 the trailer has ``/ID`` and no ``/Encrypt``;
- 6.1.7 no stream refers to an external file (``/F``, ``/FFilter``, ``/FDecodeParms``), and
  6.1.7.2 no LZW;
- 6.2.8 no image asks for interpolation, nor has ``/Alternates`` or ``/OPI``;
- 6.2.11.4 every font is embedded (``/FontFile``, ``/FontFile2`` or ``/FontFile3``);
- 6.3.2 every annotation but a Popup is printable and neither hidden nor invisible, and
  6.3.3 its appearance has only a normal (``/N``) entry;
- 6.4.1 no ``/NeedAppearances`` true in the form; 6.6.1 no JavaScript, no Launch action, no
  additional actions on the catalogue;
- 6.6.2.3 the document information entries that have an XMP counterpart say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pikepdf

PRINT, HIDDEN, INVISIBLE, NOVIEW = 4, 2, 1, 32
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
#: Info key → XMP property (6.6.2.3, table 3)
INFO_XMP = {"/Title": "dc:title", "/Author": "dc:creator", "/Producer": "pdf:Producer"}


def check_rules(data: bytes, pdf: pikepdf.Pdf) -> list[str]:
    problems = _header(data)
    if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
        problems.append("6.1.3 encrypted")
    for obj in pdf.objects:
        problems += _object(obj)
    for page_no, page in enumerate(pdf.pages, start=1):
        problems += _annotations(page, page_no)
    problems += _catalogue(pdf)
    problems += _info_matches_xmp(pdf)
    return sorted(set(problems))


def _header(data: bytes) -> list[str]:
    lines = data[:64].split(b"\n")
    if not re.fullmatch(rb"%PDF-1\.[0-7]\r?", lines[0]):
        return ["6.1.2 no PDF header"]
    comment = lines[1] if len(lines) > 1 else b""
    if not comment.startswith(b"%") or sum(b > 127 for b in comment[1:5]) < 4:
        return ["6.1.2 no binary comment after the header"]
    return []


def _filters(obj: pikepdf.Object) -> Iterator[str]:
    value = obj.get("/Filter")
    if isinstance(value, pikepdf.Array):
        yield from (str(v) for v in value)
    elif value is not None:
        yield str(value)


def _object(obj: pikepdf.Object) -> list[str]:
    if not isinstance(obj, pikepdf.Stream | pikepdf.Dictionary):
        return []
    problems = []
    if isinstance(obj, pikepdf.Stream):
        if any(k in obj for k in ("/F", "/FFilter", "/FDecodeParms")):
            problems.append("6.1.7 a stream refers to an external file")
        if "/LZWDecode" in _filters(obj):
            problems.append("6.1.7.2 LZW compression")
        if obj.get("/Subtype") == "/Image":
            if _true(obj.get("/Interpolate")):
                problems.append("6.2.8 an image asks for interpolation")
            if "/Alternates" in obj or "/OPI" in obj:
                problems.append("6.2.8 an image has alternates or OPI")
    if obj.get("/Type") == "/FontDescriptor" and not any(k in obj for k in FONT_FILES):
        problems.append(f"6.2.11.4 font {obj.get('/FontName')} is not embedded")
    if obj.get("/S") in ("/JavaScript", "/Launch"):
        problems.append(f"6.6.1 action {obj.get('/S')}")
    return problems


def _annotations(page: pikepdf.Page, page_no: int) -> list[str]:
    problems = []
    for annot in page.obj.get("/Annots", []):
        if annot.get("/Subtype") == "/Popup":
            continue
        flags = int(annot.get("/F", 0))
        if not flags & PRINT or flags & (HIDDEN | INVISIBLE | NOVIEW):
            problems.append(f"6.3.2 annotation on page {page_no} is not printable or is hidden")
        appearance = annot.get("/AP")
        if appearance is not None and set(appearance.keys()) - {"/N"}:
            problems.append(f"6.3.3 annotation on page {page_no} has more than a normal appearance")
    return problems


def _catalogue(pdf: pikepdf.Pdf) -> list[str]:
    problems = []
    root = pdf.Root
    if "/AA" in root:
        problems.append("6.6.1 additional actions on the catalogue")
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names:
        problems.append("6.6.1 document JavaScript")
    form = root.get("/AcroForm")
    if form is not None and _true(form.get("/NeedAppearances")):
        problems.append("6.4.1 the form asks the reader to draw appearances")
    return problems


def _info_matches_xmp(pdf: pikepdf.Pdf) -> list[str]:
    info = pdf.trailer.get("/Info")
    if info is None:
        return []
    meta = pdf.open_metadata()
    problems = []
    for key, prop in INFO_XMP.items():
        if key not in info:
            continue
        xmp = meta.get(prop)
        said = xmp[0] if isinstance(xmp, list) and xmp else xmp
        if str(info[key]) != str(said or ""):
            problems.append(f"6.6.2.3 {key} differs from XMP {prop}")
    return problems


def _true(value: object) -> bool:
    return isinstance(value, bool) and value
