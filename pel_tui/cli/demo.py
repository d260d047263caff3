"""`pel demo`: a demo marketplace, built in a store of its own."""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pel_tui.cli.common import (
    Registry,
    Session,
    emit,
    positive_int,
    raise_usage,
    whole_number,
)
from pel_tui.i18n import _, ngettext
from pel_tui.i18n import formats as fmt
from pel_tui.launch import DEFAULT_DEMO_PROJECTS

#: Below this many projects a build takes a few seconds: no progress line.
QUIET_BELOW = 50_000
#: Projects built per second, roughly (a 1,000,000-project store takes about 1.5 minutes here).
RATE = 11_000


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 60:
        return _("{minutes} min {seconds} s").format(minutes=fmt.number(seconds // 60), seconds=f"{seconds % 60:02d}")
    return _("{seconds} s").format(seconds=fmt.number(seconds))


@contextmanager
def progress(projects: int, enabled: bool) -> Iterator[None]:
    """A line on standard error that says the build goes on: time spent, and the time it should take."""
    if not enabled:
        yield
        return
    done = threading.Event()
    expected = projects / RATE
    t0 = time.monotonic()

    def tick() -> None:
        spinner = "|/-\\"
        i = 0
        while not done.wait(0.5):
            spent = time.monotonic() - t0
            share = min(99, int(spent * 100 / expected)) if expected else 99
            sys.stderr.write("\r" + _("pel demo: building {n} projects {spinner} {spent} (about {share}, {total} "
                                       "in all)").format(n=fmt.number(projects), spinner=spinner[i % 4],
                                                         spent=_duration(spent), share=fmt.percent(share / 100),
                                                         total=_duration(expected)) + "   ")
            sys.stderr.flush()
            i += 1

    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()


def cmd_demo(s: Session | None, a: argparse.Namespace) -> None:
    from pel_tui.backend.demo import create_demo_store
    from pel_tui.locations import store_path

    path = store_path(a.store)
    if path.exists():
        if not a.force:
            raise_usage(_("{path} exists; pass --force to replace it, or --store PATH for another file").format(
                path=path))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    with progress(a.projects, a.projects >= QUIET_BELOW and not a.json and sys.stderr.isatty()):
        res = create_demo_store(path, projects=a.projects, seed=a.seed)
    emit(a, {"store": str(path), "projects": res.projects, "seconds": round(time.perf_counter() - t0, 1)},
         lambda r: ngettext("Demo marketplace with {n} project in {store} ({seconds} s)",
                            "Demo marketplace with {n} projects in {store} ({seconds} s)", r["projects"]).format(
             n=fmt.number(r["projects"]), store=r["store"], seconds=fmt.decimal(r["seconds"], 1)))


def add_commands(reg: Registry) -> None:
    cmd = reg.cmd
    sp = cmd("demo", cmd_demo, _("build a demo marketplace store"))
    sp.add_argument("--projects", type=positive_int, default=DEFAULT_DEMO_PROJECTS, metavar="N",
                    help=_("how many projects (default: {n})").format(n=fmt.number(DEFAULT_DEMO_PROJECTS)))
    sp.add_argument("--seed", type=whole_number, default=7, metavar="N",
                    help=_("the same seed builds the same marketplace"))
    sp.add_argument("--force", action="store_true", help=_("replace an existing store file"))
