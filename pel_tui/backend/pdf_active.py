"""What a PDF may carry besides its pages (PA-2): scripts, actions that start a program, embedded files.

An invoice is a document to read: a JavaScript action, a Launch action or an embedded file (an
attachment, possibly an executable) has no place in it. `active_content` walks every object the
document reaches from its trailer (the catalog, its name trees, the pages and their annotations,
forms), without decoding any stream's data, and says the first such thing it finds. pypdf reads the
names with their `#xx` escapes undone, so `/J#61vaScript` is `/JavaScript`.
"""

from __future__ import annotations

from typing import Any

#: At most this many objects are visited (an invoice has a few hundred); past it the file is refused.
MAX_PDF_OBJECTS = 200_000

#: Dictionary keys that only a script or an embedded file has.
_SCRIPT_KEYS = frozenset({"/JS", "/JavaScript", "/XFA"})
_FILE_KEYS = frozenset({"/EmbeddedFiles", "/EF", "/EmbeddedFile"})
#: Action types (`/S`) and object types that run or carry something.
_ACTIONS = {"/JavaScript": "javascript", "/Rendition": "javascript", "/Launch": "launch", "/GoToE": "embedded_file"}
_TYPES = {"/EmbeddedFile": "embedded_file", "/FileAttachment": "embedded_file"}


class TooManyObjects(Exception):
    """The document has more objects than `MAX_PDF_OBJECTS`: too complex to vouch for."""


def active_content(reader: Any, limit: int = MAX_PDF_OBJECTS) -> str | None:
    """`javascript`, `launch` or `embedded_file` for the first such content of the document, else None."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    visited = 0
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        visited += 1
        if visited > limit:
            raise TooManyObjects()
        if isinstance(obj, DictionaryObject):
            found = _dictionary(obj)
            if found is not None:
                return found
            stack.extend(v for k, v in obj.items() if k not in ("/Parent", "/P"))
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return None


def _dictionary(d: Any) -> str | None:
    keys = set(d.keys())
    if keys & _SCRIPT_KEYS:
        return "javascript"
    if keys & _FILE_KEYS:
        return "embedded_file"
    for field, table in (("/S", _ACTIONS), ("/Type", _TYPES), ("/Subtype", _TYPES)):
        value = d.get(field)
        if isinstance(value, str) and value in table:
            return table[value]
    return None
