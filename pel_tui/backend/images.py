"""Images (the photo, portfolio images, PF-3 and PF-5): PNG or JPEG, at most 5 MB, at least 200×200,
validated as an image by Pillow, and kept re-encoded (`reencoded`: decoded in full, no metadata).

The façade reads a file and checks it (`read_image`) before it runs the command; the handler checks
the bytes the command carries again (`carried`), since a command may come from elsewhere, and
keeps them with `files.keep`.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from pel_tui.backend import files
from pel_tui.backend.commands.base import BlobRef
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput, NotAllowed
from pel_tui.backend.policy import ProfilePolicy


@dataclass(frozen=True)
class CheckedImage:
    data: bytes
    ext: str  # ".png" or ".jpg"
    width: int
    height: int
    name: str

    @property
    def ref(self) -> BlobRef:
        """What a command carries of this image."""
        return BlobRef(files.sha256(self.data), self.name, len(self.data))


def read_image(path: str | Path, pol: ProfilePolicy) -> CheckedImage:
    """The file at `path`, checked (PF-3): a refusal says which check failed."""
    p = Path(path)
    name = p.name
    try:
        if not p.is_file():
            raise InvalidInput("image.not_a_file", name=name)
        size = p.stat().st_size
    except OSError as e:
        raise InvalidInput("image.unreadable", name=name, errno=e.errno) from None
    if size > pol.image_max_bytes:
        raise InvalidInput("image.too_large", name=name, max_bytes=pol.image_max_bytes, size_bytes=size)
    if size == 0:
        raise InvalidInput("image.empty", name=name)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InvalidInput("image.unreadable", name=name, errno=e.errno) from None
    return check(data, name, pol)


def check(data: bytes, name: str, pol: ProfilePolicy) -> CheckedImage:
    """PF-3: the bytes of an image named `name`: size, format (PNG or JPEG), validity, dimensions."""
    from PIL import Image

    if not data:
        raise InvalidInput("image.empty", name=name)
    if len(data) > pol.image_max_bytes:
        raise InvalidInput("image.too_large", name=name, max_bytes=pol.image_max_bytes)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                fmt = im.format
                if fmt not in ("PNG", "JPEG"):
                    raise InvalidInput("image.wrong_format", name=name, format=fmt)
                im.verify()
            clean = reencoded(data)
            with Image.open(io.BytesIO(clean)) as im:
                width, height = im.size
    except InvalidInput:
        raise
    except Exception as e:  # every Pillow error: not an image, truncated, corrupt, too large
        raise InvalidInput("image.invalid", name=name, error=type(e).__name__) from None
    if min(width, height) < pol.image_min_px:
        raise InvalidInput("image.too_small", name=name, width=width, height=height, min_px=pol.image_min_px)
    return CheckedImage(clean, ".png" if fmt == "PNG" else ".jpg", width, height, name)


def reencoded(data: bytes) -> bytes:
    """The image decoded in full and written again, as it is kept: every pixel read (a truncated
    file fails here, where `verify` lets some pass), turned upright as its EXIF orientation says,
    and nothing else kept: no metadata (EXIF, GPS position, comments, text chunks), nothing after its
    end. Deterministic: the same bytes give the same bytes, on the device and on the server."""
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(data)) as im:
        fmt = im.format
        im.load()
        upright = ImageOps.exif_transpose(im)
        out = io.BytesIO()
        if fmt == "PNG":
            upright.save(out, "PNG")
        else:
            if upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            upright.save(out, "JPEG", quality=90)
    return out.getvalue()


def carried(ctx: Ctx, ref: BlobRef) -> CheckedImage:
    """The image a command carries, from `ctx.blobs`, checked again."""
    try:
        data: bytes | None = ctx.blobs[ref.sha256]  # not .get: a blob kept before is read back
    except KeyError:
        data = None
    if data is None or files.sha256(data) != ref.sha256:
        raise InvalidInput("image.not_carried", name=ref.name)
    return check(data, ref.name, ctx.policy.profile)


def keep(ctx: Ctx, img: CheckedImage) -> str:
    """Keep a checked image as a blob (visible once the command commits); its SHA-256."""
    return files.keep(ctx, img.data, "image", img.ext)


def path(ctx: Ctx, sha: str) -> Path | None:
    """The stored file of an image, or None when the store is in memory or the file is gone."""
    try:
        folder = files.final_path(ctx.files_dir, "image", sha, "").parent
    except NotAllowed:
        return None
    for ext in (".png", ".jpg", ""):
        p = folder / f"{sha}{ext}"
        if p.exists():
            return p
    return None
