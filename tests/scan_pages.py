"""Generated A4 pages for the scanning tests and bench: Vietnamese text, a red seal, a photo."""

from __future__ import annotations

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
)
LINES = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "ĐƠN ĐỀ NGHỊ CẤP GIẤY CHỨNG NHẬN QUYỀN SỬ DỤNG ĐẤT",
    "Kính gửi: Ủy ban nhân dân xã Hòa Bình, tỉnh Nghệ An.",
    "Tôi tên là Nguyễn Thị Hồng Nhung, sinh ngày 12 tháng 8 năm 1985,",
    "thường trú tại thôn Đông Xuân, xã Hòa Bình, huyện Hưng Nguyên.",
    "Đề nghị cơ quan có thẩm quyền xem xét giải quyết hồ sơ của tôi.",
    "Tôi xin cam đoan những lời khai trên là đúng sự thật và chịu trách nhiệm.",
)


def font_path() -> Path | None:
    return next((p for p in FONT_CANDIDATES if p.is_file()), None)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = font_path()
    return ImageFont.truetype(str(path), size) if path else ImageFont.load_default()


def a4(dpi: int, mode: str = "L") -> Image.Image:
    size = (round(210 / 25.4 * dpi), round(297 / 25.4 * dpi))
    return Image.new(mode, size, 255 if mode == "L" else (255, 255, 255))


def text_page(dpi: int = 200, mode: str = "L", lines: int = 30, noise: bool = True) -> Image.Image:
    img = a4(dpi, mode)
    draw = ImageDraw.Draw(img)
    font = _font(round(dpi * 12 / 72))
    step = round(dpi * 0.3)
    black = 20 if mode == "L" else (20, 20, 20)
    for i in range(lines):
        y = round(dpi * 0.9) + i * step
        if y > img.height - dpi:
            break
        draw.text((round(dpi * 0.8), y), LINES[i % len(LINES)], fill=black, font=font)
    if noise:
        img = _paper_noise(img, seed=dpi + lines)
    return img


def seal_page(dpi: int = 200) -> Image.Image:
    img = text_page(dpi, "RGB", lines=20)
    draw = ImageDraw.Draw(img)
    cx, cy, r = img.width * 0.65, img.height * 0.8, dpi * 0.8
    red = (200, 30, 35)
    for k in range(3):
        draw.ellipse((cx - r + k, cy - r + k, cx + r - k, cy + r - k), outline=red, width=4)
    draw.ellipse((cx - r * 0.7, cy - r * 0.7, cx + r * 0.7, cy + r * 0.7), outline=red, width=3)
    draw.text((cx - r * 0.55, cy - r * 0.1), "UBND XÃ", fill=red, font=_font(round(dpi * 0.2)))
    return img


def photo_page(dpi: int = 200) -> Image.Image:
    img = text_page(dpi, "RGB", lines=12)
    w, h = round(dpi * 1.6), round(dpi * 2.1)  # a 4x6 ID photo, enlarged
    photo = Image.new("RGB", (w, h))
    px = photo.load()
    assert px is not None
    for y in range(h):
        for x in range(0, w, 2):
            v = (
                int(120 + 80 * math.sin(x / 17) * math.cos(y / 23)),
                int(110 + 60 * math.cos(x / 29)),
                int(160 + 50 * math.sin(y / 31)),
            )
            px[x, y] = v
            if x + 1 < w:
                px[x + 1, y] = v
    photo = photo.filter(ImageFilter.GaussianBlur(1.5))
    img.paste(photo, (round(dpi * 5.5), round(dpi * 5.5)))
    return img


def _paper_noise(img: Image.Image, seed: int) -> Image.Image:
    rnd = random.Random(seed)
    noise = Image.effect_noise(img.size, 6).point(lambda v: v // 8)
    rnd.random()
    if img.mode == "L":
        from PIL import ImageChops

        return ImageChops.subtract(img, noise)
    from PIL import ImageChops

    return ImageChops.subtract(img, Image.merge("RGB", [noise, noise, noise]))
