"""Scan profiles, chosen per procedure document item: resolution, the colour modes a page may end
up in, JPEG quality. A page is given the plainest mode its content allows within the profile."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.domain.procedure import SCAN_PROFILES
from scanning.model import ColorMode

ORDER = (ColorMode.BW, ColorMode.GRAY, ColorMode.COLOR)


@dataclass(frozen=True)
class Profile:
    key: str
    label: str  # Vietnamese, as the officer sees it in the procedure settings
    dpi: int
    scan_mode: ColorMode  # what the scanner is asked for
    lowest: ColorMode  # the plainest mode a page may be given
    highest: ColorMode  # the richest
    jpeg_quality: int = 60

    def clamp(self, mode: ColorMode) -> ColorMode:
        low, high = ORDER.index(self.lowest), ORDER.index(self.highest)
        return ORDER[min(max(ORDER.index(mode), low), high)]


PLAIN_TEXT = Profile(
    "plain_200", SCAN_PROFILES["plain_200"], 200, ColorMode.GRAY, ColorMode.BW, ColorMode.GRAY
)
SEAL_PHOTO = Profile(
    "seal_photo_300",
    SCAN_PROFILES["seal_photo_300"],
    300,
    ColorMode.COLOR,
    ColorMode.BW,
    ColorMode.COLOR,
    jpeg_quality=55,
)
COLOR_200 = Profile(
    "color_200", SCAN_PROFILES["color_200"], 200, ColorMode.COLOR, ColorMode.BW, ColorMode.COLOR
)
PROFILES: dict[str, Profile] = {p.key: p for p in (PLAIN_TEXT, SEAL_PHOTO, COLOR_200)}


def profile_named(key: str) -> Profile:
    """The profile with this catalogue key; plain text for "" (or a key no longer known)."""
    return PROFILES.get(key, PLAIN_TEXT)


def profile_for_item(item_profiles: dict[str, str], item_code: str) -> Profile:
    """The profile a procedure assigns to one document item (``item code → profile key``);
    plain text when the procedure says nothing about it."""
    return PROFILES.get(item_profiles.get(item_code, ""), PLAIN_TEXT)
