"""The message catalogs: extracted from the sources, translated in `po/`, compiled into `locale/`.

    python -m pel_tui.i18n.catalog update [PREFIX...]  # every sentence of the sources into po/fr/<module>.po
    python -m pel_tui.i18n.catalog compile             # po/fr/*.po → locale/fr/LC_MESSAGES/pel.mo
    python -m pel_tui.i18n.catalog check [PREFIX...]   # what is missing, fuzzy or untranslated

A PREFIX (`pel_tui.screens`, `pel_tui.cli.escrow`) limits `update` and `check` to those modules.

There is one `.po` file per source module (`po/fr/pel_tui.screens.escrow.po`), so that the people
translating different parts never edit the same file; `compile` gathers them into one catalog.
A sentence is found where the code calls `_`, `ngettext`, `pgettext` or `N_` on a literal.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]  # pel_tui/
PO_DIR = Path(__file__).resolve().parent / "po"
MO_PATH = Path(__file__).resolve().parent / "locale" / "fr" / "LC_MESSAGES" / "pel.mo"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
LANGUAGE = "fr"
SKIP = ("i18n/locale_data.py", "i18n/catalog.py")


#: local_store's own sentences (it imports nothing of pel_tui: `lang.use` gives it the translation).
OTHER_SOURCES = (ROOT.parent / "local_store" / "words.py",)


def sources(prefixes: tuple[str, ...] = ()) -> Iterator[Path]:
    for path in [*sorted(ROOT.rglob("*.py")), *OTHER_SOURCES]:
        rel = path.relative_to(ROOT.parent).as_posix()
        if rel.endswith(SKIP) or "/tests/" in rel:
            continue
        name = module_name(path)
        if not prefixes or any(name == p or name.startswith(p + ".") for p in prefixes):
            yield path


def module_name(path: Path) -> str:
    return path.relative_to(ROOT.parent).with_suffix("").as_posix().replace("/", ".").removesuffix(".__init__")


def extract(path: Path) -> list[tuple[str | tuple[str, str], str | None, int]]:
    """(message — a pair for a plural —, context, line) of every sentence marked in one source file."""
    from babel.messages.extract import extract_from_file

    out = []
    for lineno, message, _comments, context in extract_from_file("python", str(path), keywords=KEYWORDS,
                                                                  options={"encoding": "utf-8"}):
        if isinstance(message, tuple):
            if not all(message):
                continue
            message = (message[0], message[1]) if len(message) > 1 else message[0]
        elif not message:
            continue
        out.append((message, context, lineno))
    return out


def po_path(module: str) -> Path:
    return PO_DIR / LANGUAGE / f"{module}.po"


def _new_catalog(module: str) -> object:
    from datetime import datetime

    from babel.messages.catalog import Catalog

    # A fixed date, so that a catalog changes only when its sentences do.
    fixed = datetime(2026, 12, 1, tzinfo=UTC)
    return Catalog(locale=LANGUAGE, domain="pel", project="pel-tui", version="1",
                   header_comment=f"# French sentences of {module}\n", fuzzy=False,
                   creation_date=fixed, revision_date=fixed, last_translator="pel-tui <pel-tui@localhost>",
                   language_team="French <pel-tui@localhost>", msgid_bugs_address="pel-tui@localhost")


def update(prefixes: tuple[str, ...] = ()) -> int:
    """Every sentence of the sources into its module's catalog, translations kept; how many files."""
    from babel.messages.pofile import read_po, write_po

    written = 0
    for path in sources(prefixes):
        found = extract(path)
        module = module_name(path)
        target = po_path(module)
        if not found:
            if target.exists():
                target.unlink()
            continue
        old = None
        if target.exists():
            with target.open("rb") as f:
                old = read_po(f, locale=LANGUAGE)
        cat = _new_catalog(module)
        for message, context, lineno in found:
            key = message if isinstance(message, str) else message[0]
            previous = old.get(key, context=context) if old is not None else None
            plural = isinstance(message, tuple)
            string: Any = ("", "") if plural else ""
            if previous is not None and isinstance(previous.string, tuple) == plural:
                string = previous.string  # kept; a sentence that became (or stopped being) plural starts over
            cat.add(message, string, locations=[(path.relative_to(ROOT.parent).as_posix(), lineno)],  # type: ignore[attr-defined]
                    context=context, flags=previous.flags if previous is not None else ())
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as f:
            write_po(f, cat, width=110, omit_header=False, sort_output=False, include_lineno=False)  # type: ignore[arg-type]
        written += 1
    return written


def gathered() -> object:
    """Every module's catalog in one (the first translation of a sentence wins)."""
    from datetime import UTC, datetime

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    fixed = datetime(2026, 12, 1, tzinfo=UTC)  # the same bytes from the same sentences, whenever compiled
    whole = Catalog(locale=LANGUAGE, domain="pel", project="pel-tui", fuzzy=False, creation_date=fixed,
                    revision_date=fixed)
    for po in sorted((PO_DIR / LANGUAGE).glob("*.po")):
        with po.open("rb") as f:
            for m in read_po(f, locale=LANGUAGE):
                translated = m.id and m.string and (not isinstance(m.string, tuple) or all(m.string)) and not m.fuzzy
                if translated and whole.get(m.id, context=m.context) is None:
                    whole.add(m.id, m.string, context=m.context)
    return whole


def compiled() -> bytes:
    import io

    from babel.messages.mofile import write_mo

    buf = io.BytesIO()
    write_mo(buf, gathered())  # type: ignore[arg-type]
    return buf.getvalue()


def compile_mo() -> Path:
    MO_PATH.parent.mkdir(parents=True, exist_ok=True)
    MO_PATH.write_bytes(compiled())
    return MO_PATH


def missing(prefixes: tuple[str, ...] = ()) -> list[str]:
    """Sentences of the sources with no French translation yet (file: sentence)."""
    from babel.messages.pofile import read_po

    out = []
    for path in sources(prefixes):
        found = extract(path)
        if not found:
            continue
        target = po_path(module_name(path))
        known = {}
        if target.exists():
            with target.open("rb") as f:
                known = {(m.id if isinstance(m.id, str) else m.id[0], m.context): m for m in read_po(f, locale=LANGUAGE)}
        for message, context, _line in found:
            key = message if isinstance(message, str) else message[0]
            m = known.get((key, context))
            done = m is not None and m.string and not m.fuzzy and (not isinstance(m.string, tuple) or all(m.string))
            if not done:
                out.append(f"{path.relative_to(ROOT.parent).as_posix()}: {key}")
    return out


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "check"
    only = tuple(sys.argv[2:])
    if what == "update":
        print(f"{update(only)} catalogs written in {PO_DIR / LANGUAGE}")
    elif what == "compile":
        print(f"wrote {compile_mo()}")
    else:
        left = missing(only)
        print("\n".join(left) or "every sentence is translated")
        print(f"{len(left)} untranslated")
        sys.exit(1 if left else 0)
