"""The slip templates: each draws one view (``printing.views``) with a :class:`printing.draw.Writer`.

The wording is that of the official forms of Thông tư 03/2025/TT-VPCP Phụ lục I: legal text in
Vietnamese, kept here and not in the translation catalogue.
"""
