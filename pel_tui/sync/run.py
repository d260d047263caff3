"""`sync()`: push the pending commands, then pull the feed page by page; a summary of both."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from pel_tui.backend.engine import Engine
from pel_tui.sync import link, outbox, pull, tokens
from pel_tui.sync.api import Api
from pel_tui.sync.errors import SyncError


@dataclass
class Summary:
    pushed: int = 0
    applied: int = 0
    refused: int = 0
    received: int = 0
    pages: int = 0
    seconds: float = 0.0
    server_time: int | None = None


Progress = Callable[[int, int], None]

#: A sync off the main thread (the application's, in the background) runs in a thread of its own this much
#: nicer than the process, so that on a busy machine the screen and its queries get the cores first
#: (bench_tui.py --linked, typing while a sync runs: on 2 cores, the sync's SQLite writes and the
#: screen's thread, its queries and the server want more than the 2 cores at once).
BACKGROUND_NICE = 10
T = TypeVar("T")

#: A first sync's first page is small, so that the first screen has projects (the newest) at once.
FIRST_PAGE = 2_000  # (rows received so far, rows in all or 0)


def api_for(engine: Engine) -> tuple[Api, link.Link]:
    """The API of the store's server, with the account's token; SyncError when not linked or logged out."""
    here = link.current(engine.conn)
    if here is None:
        raise SyncError("sync.not_linked")
    token = tokens.load(here.server, here.account)
    if token is None:
        raise SyncError("sync.unauthorized", server=here.server)
    return Api(here.server, token[0]), here


def sync(engine: Engine, api: Api | None = None, *, progress: Progress | None = None,
         page_rows: int | None = None) -> Summary:
    """Push then pull. A failure is noted on the link (for the status line) and raised.

    Called off the main thread (the application's background sync), the work is done in a thread of
    its own at a lower CPU priority (`BACKGROUND_NICE`), the caller waiting for it: the thread dies
    with its priority, never lent back to a pool that runs the screen's queries."""
    if (threading.current_thread() is threading.main_thread() or not BACKGROUND_NICE
            or not sys.platform.startswith("linux")):  # a thread's own nice value: Linux's (setpriority of its id)
        return _sync(engine, api, progress, page_rows)
    return _in_nicer_thread(lambda: _sync(engine, api, progress, page_rows))


def _in_nicer_thread(work: Callable[[], T]) -> T:
    def nicer() -> None:
        with contextlib.suppress(OSError):  # not allowed: as it is
            me = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, me, min(19, os.getpriority(os.PRIO_PROCESS, me) + BACKGROUND_NICE))

    # An executor of one thread for this sync alone: the thread ends with it (its raise comes back here).
    with ThreadPoolExecutor(1, thread_name_prefix="pel-sync", initializer=nicer) as one:
        return one.submit(work).result()


def _sync(engine: Engine, api: Api | None, progress: Progress | None, page_rows: int | None) -> Summary:
    t0 = time.perf_counter()
    own = api is None
    if api is None:
        api, here = api_for(engine)
    else:
        linked = link.current(engine.conn)
        if linked is None:
            raise SyncError("sync.not_linked")
        here = linked
    out = Summary()
    try:
        out.pushed, out.applied, out.refused = outbox.push(engine, api, here.device)
        if out.refused:
            pull.rebase(engine)
        total = 0
        while True:
            now = link.current(engine.conn)
            assert now is not None
            first_page = not now.cursor and not now.first_done
            page = api.pull(now.cursor, now.epoch, FIRST_PAGE if first_page and page_rows is None else page_rows)
            total = total or page.total
            out.received += pull.apply_page(engine, page, device_now=int(time.time()))
            out.pages += 1
            out.server_time = page.server_time
            if progress is not None:
                progress(out.received, total)
            if not page.more and not page.must_refetch:
                break
    except SyncError as e:
        with engine.store.write() as conn:
            conn.execute("UPDATE sync_link SET last_error = ?, error_at = ?, attempts = attempts + 1",
                         (e.code, int(time.time())))
        raise
    finally:
        if own:
            api.close()
    out.seconds = time.perf_counter() - t0
    return out
