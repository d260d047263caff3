"""PF-8: the "Prestataire Certifié" badge, saved by a certified provider as SVG and PNG files.

Not a command: it changes nothing in the store, it writes two files where the provider asks.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, TypedDict

from pel_tui.backend import certification
from pel_tui.backend.atomic import write_atomic
from pel_tui.backend.clock import day
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput, NotAllowed

SVG_NAME = "prestataire-certifie.svg"
PNG_NAME = "prestataire-certifie.png"


class BadgeSaved(TypedDict):
    svg: str
    png: str
    path: str | None  # the certification path: references or reputation


def write_badge(ctx: Ctx, pseudo: str, directory: str = ".") -> BadgeSaved:
    """PF-8: write the badge of the provider of `ctx` into `directory` (created if need be)."""
    cert = certification.status(ctx, ctx.me)
    if not cert["certified"]:
        raise NotAllowed("badge.not_certified", references=cert["references"]["missing"],
                         reputation=cert["reputation"]["missing"])
    folder = Path(directory).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise InvalidInput("badge.folder_unusable", path=str(folder), errno=e.errno) from None
    when = day(ctx.now)
    out = {}
    for name, data in ((SVG_NAME, badge_svg(pseudo, when).encode()), (PNG_NAME, badge_png(pseudo, when))):
        target = folder / name
        try:
            write_atomic(target, data)
        except OSError as e:
            raise InvalidInput("badge.write_failed", path=str(target), errno=e.errno) from None
        out[name.rsplit(".", 1)[1]] = str(target)
    return {"svg": out["svg"], "png": out["png"], "path": cert["path"]}


def badge_svg(pseudo: str, on: str) -> str:
    from xml.sax.saxutils import escape

    who, when = escape(pseudo), escape(on)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400" role="img"
     aria-label="Prestataire Certifié : {who}">
  <title>Prestataire Certifié — {who}</title>
  <circle cx="200" cy="200" r="190" fill="#1f4e9c"/>
  <circle cx="200" cy="200" r="170" fill="none" stroke="#f2c14e" stroke-width="8"/>
  <path d="M150 150 l35 35 l70 -70" fill="none" stroke="#f2c14e" stroke-width="18"
        stroke-linecap="round" stroke-linejoin="round"/>
  <text x="200" y="245" text-anchor="middle" font-family="Helvetica, Arial, sans-serif"
        font-size="32" font-weight="bold" fill="#ffffff">Prestataire</text>
  <text x="200" y="282" text-anchor="middle" font-family="Helvetica, Arial, sans-serif"
        font-size="32" font-weight="bold" fill="#ffffff">Certifié</text>
  <text x="200" y="320" text-anchor="middle" font-family="Helvetica, Arial, sans-serif"
        font-size="22" fill="#f2c14e">{who}</text>
  <text x="200" y="348" text-anchor="middle" font-family="Helvetica, Arial, sans-serif"
        font-size="14" fill="#dbe4f3">{when}</text>
</svg>
"""


def badge_png(pseudo: str, on: str, size: int = 400) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    im = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(im)
    s = size / 400
    d.ellipse((10 * s, 10 * s, 390 * s, 390 * s), fill=(31, 78, 156, 255))
    d.ellipse((30 * s, 30 * s, 370 * s, 370 * s), outline=(242, 193, 78, 255), width=max(1, int(8 * s)))
    d.line([(150 * s, 150 * s), (185 * s, 185 * s), (255 * s, 115 * s)], fill=(242, 193, 78, 255),
           width=max(1, int(18 * s)), joint="curve")

    def font(px: float) -> Any:
        try:
            return ImageFont.load_default(size=px)
        except (TypeError, OSError):  # a Pillow without FreeType: the bitmap font
            return ImageFont.load_default()

    for text, y, px, color in (
        ("Prestataire", 230, 32, (255, 255, 255, 255)),
        ("Certifié", 267, 32, (255, 255, 255, 255)),
        (pseudo, 308, 22, (242, 193, 78, 255)),
        (on, 338, 14, (219, 228, 243, 255)),
    ):
        d.text((200 * s, y * s), text, font=font(px * s), fill=color, anchor="mm")
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()
