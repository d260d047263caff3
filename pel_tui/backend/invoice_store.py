"""The provider's invoice once accepted (PA-2): kept content-addressed and read-only, with the user's
file name made safe to keep as metadata."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from pel_tui.backend.atomic import write_atomic
from pel_tui.backend.errors import InvalidInput

DEFAULT_FILE_NAME = "invoice.pdf"
MAX_FILE_NAME = 120


def sanitize_file_name(name: str) -> str:
    """The user's file name, safe to keep as metadata: base name only, no control characters."""
    if not isinstance(name, str):
        return DEFAULT_FILE_NAME
    name = unicodedata.normalize("NFC", name).replace("\\", "/")
    # Control and format characters (NUL, newlines, bidi overrides) go before the path is split:
    # "a\n/../b" must not hide a path part.
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    base = name.rsplit("/", 1)[-1]
    base = " ".join(base.split()).lstrip(". ").rstrip(" ")
    if not base or base in (".", ".."):
        return DEFAULT_FILE_NAME
    if len(base) > MAX_FILE_NAME:
        stem, dot, ext = base.rpartition(".")
        if dot and stem and 0 < len(ext) <= 10:
            base = stem[: MAX_FILE_NAME - len(ext) - 1].rstrip(" .") + "." + ext
        else:
            base = base[:MAX_FILE_NAME].rstrip(" .")
    return base or DEFAULT_FILE_NAME


_SHA256 = re.compile(r"[0-9a-f]{64}")


def invoice_path(data_dir: Path, sha256: str) -> Path:
    return Path(data_dir) / "invoices" / sha256[:2] / f"{sha256}.pdf"


def store_invoice(data_dir: Path, data: bytes, sha256: str) -> Path:
    """Keep the file at data_dir/invoices/<sha[:2]>/<sha>.pdf, read-only, durably; idempotent."""
    if not _SHA256.fullmatch(sha256):
        raise InvalidInput("invoice.sha_invalid", sha256=sha256)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise InvalidInput("invoice.sha_mismatch", sha256=sha256)
    final = invoice_path(data_dir, sha256)
    if final.is_file():
        try:
            if final.stat().st_size == len(data) and final.read_bytes() == data:
                return final
        except OSError:
            pass  # unreadable: write it again below
    write_atomic(final, data, read_only=True)
    return final
