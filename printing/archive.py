"""The archival copy kept with the dossier: PDF/A-2b-like. The fonts are embedded (reportlab
always embeds TrueType subsets), XMP metadata says title, creator, dates and the PDF/A part and
conformance, and an sRGB OutputIntent (profile made by Pillow's littleCMS) is attached. Not
validated with veraPDF here (not installable from this machine's registries)."""

from __future__ import annotations

import io
from datetime import datetime
from functools import cache

import pikepdf
from PIL import ImageCms

from counter_app.domain.vntime import as_vn


@cache
def srgb_profile() -> bytes:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return bytes(profile.tobytes())


def archival(pdf: bytes, title: str, issued_at: datetime, identifier: str) -> bytes:
    """``pdf`` with XMP metadata and an sRGB OutputIntent (PDF/A-2B claims)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        stamp = as_vn(issued_at).isoformat()
        with doc.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta["dc:title"] = title
            meta["dc:identifier"] = identifier
            meta["dc:creator"] = ["counter-app"]
            meta["xmp:CreatorTool"] = "counter-app (reportlab)"
            meta["xmp:CreateDate"] = stamp
            meta["xmp:ModifyDate"] = stamp
            meta["xmp:MetadataDate"] = stamp
            meta["pdfaid:part"] = "2"
            meta["pdfaid:conformance"] = "B"
        icc = doc.make_stream(srgb_profile())
        icc.N = 3
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent,
            S=pikepdf.Name.GTS_PDFA1,
            OutputConditionIdentifier="sRGB IEC61966-2.1",
            Info="sRGB IEC61966-2.1",
            DestOutputProfile=icc,
        )
        doc.Root.OutputIntents = pikepdf.Array([intent])
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
    return out.getvalue()
