"""What a person reads for a storage fault (`StoreError`): what happened, and what to do.

The sentences are English, marked for translation with `_`: local_store imports nothing of
pel_tui, so the application's language module gives its own translation here (`translate`,
set by `pel_tui.i18n.lang.use`); their French is in `pel_tui/i18n/po/fr/local_store.words.po`.
The faults are told apart by their `kind`, so this module needs nothing of `connection` to run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from local_store.connection import StoreError

#: The translation of a sentence: none by default (English); the application sets its language's.
translate: Callable[[str], str] = str


def _(message: str) -> str:
    return translate(message)


def store_error_words(e: StoreError) -> str:
    p = e.path
    where = str(p) if p is not None else _("the store")
    store_option = f" --store {p}" if p is not None else ""  # how a command names this store
    detail = f" ({e.detail})" if e.detail else ""
    params = e.params
    kind = e.kind
    if kind == "store.too_new":
        return _("{where} was written by a newer version of pel-tui (store version {version}, this version knows "
                 "up to {known}); upgrade pel-tui to open it. Nothing was changed.").format(
            where=where, version=params["version"], known=params["known"])
    if kind == "store.missing":
        folder = params.get("folder")
        if folder:
            return _("no store at {where}, and no folder {folder}: pel-tui makes no folder but its own. To make a "
                     "store there: pel demo{store_option} (a demo marketplace); or correct the path given with "
                     "--store or PEL_STORE.").format(where=where, folder=folder, store_option=store_option)
        return _("no store at {where}{detail}").format(where=where, detail=detail)
    if kind == "store.not_a_store":
        why = {"empty": _("an empty file"), "folder": _("a folder"), "special": _("not a regular file"),
               "foreign": _("a database of another program")}.get(str(params.get("what")), _("not a database"))
        return _("{where} is not a pel-tui store ({why}); nothing was written to it. Give the path of a pel-tui "
                 "store, or make a new one: pel demo --store NEW.sqlite").format(where=where, why=why)
    if kind == "store.corrupt":
        return _("{where} is damaged{detail}: pel-tui writes nothing to it. Restore your last backup of this "
                 "file; or save what can still be read into a new store: pel doctor{store_option} --salvage "
                 "NEW.sqlite (SQLite's VACUUM INTO), then use NEW.sqlite (--store or PEL_STORE). pel "
                 "doctor{store_option} lists the damage.").format(where=where, detail=detail, store_option=store_option)
    if kind == "store.full":
        folder = params.get("folder") or (str(p.parent) if p is not None else _("the store"))
        if params.get("filename"):
            return _("no space left on the disk holding {folder} (writing {filename}): nothing was saved, the "
                     "store is as it was. Free some space on that disk and try again.").format(
                folder=folder, filename=params["filename"])
        return _("no space left on the disk holding {folder}: nothing was saved, the store is as it was. Free "
                 "some space on that disk and try again.").format(folder=folder)
    if kind == "store.read_only":
        if params.get("what") == "disk":
            return _("{where} is on a read-only disk: pel-tui needs to write to its store. Copy the store to a "
                     "writable folder (with --store or PEL_STORE), or mount the disk read-write.").format(where=where)
        return _("{where} is read-only: pel-tui needs to write to its store. Make it writable (chmod u+w "
                 "{where}) or copy it to a file you can write.").format(where=where)
    if kind == "store.no_access":
        if params.get("what") == "folder" and params.get("making"):
            return _("pel-tui cannot make a store in the folder {folder}: it is not yours to write. Give "
                     "yourself write access to it, or choose a path in a folder you can write.").format(
                folder=params.get("folder"))
        if params.get("what") == "folder":
            return _("pel-tui cannot write in the folder {folder}: SQLite keeps {name}-wal and {name}-shm beside "
                     "the store. Give yourself write access to that folder, or move the store to a folder you "
                     "can write.").format(folder=params.get("folder"), name=p.name if p is not None else "STORE")
        return _("permission denied on {what}{detail}: pel-tui must read and write its store. Check the file's "
                 "owner and mode (ls -l).").format(what=params.get("filename") or where, detail=detail)
    if kind == "store.bad_place":
        return _("{where} is in {root}, a folder of the system, not of files: a store must be a file on a disk. "
                 "Give another path with --store or PEL_STORE.").format(where=where, root=params.get("root"))
    if kind == "store.busy":
        if params.get("opening"):
            return _("{where} is locked by another program (still locked after {seconds} s): close the other "
                     "pel, or the program using the file, then try again.").format(
                where=where, seconds=params.get("seconds"))
        return _("the store is busy in another pel process; try again in a moment")
    if kind == "store.io_error":
        return _("the disk returned an error on {where}{detail}: nothing was saved. Check the disk, then run "
                 "pel doctor{store_option}.").format(where=where, detail=detail, store_option=store_option)
    if p is None:
        return e.detail or _("the store cannot be used")
    if e.detail:
        return _("cannot use {path}: {detail}").format(path=p, detail=e.detail)
    return _("cannot use {path}").format(path=p)
