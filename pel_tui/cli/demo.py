"""`pel demo`: a demo marketplace, built in a store of its own."""

from __future__ import annotations

import argparse
from pathlib import Path

from pel_tui.cli.common import (
    Registry,
    Session,
    emit,
    positive_int,
    raise_usage,
)
from pel_tui.launch import DEFAULT_DEMO_PROJECTS


def cmd_demo(s: Session | None, a: argparse.Namespace) -> None:
    import time

    from pel_tui.backend.demo import create_demo_store
    from pel_tui.locations import store_path

    path = store_path(a.store)
    if path.exists():
        if not a.force:
            raise_usage(f"{path} exists; pass --force to replace it, or --store PATH for another file")
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    res = create_demo_store(path, projects=a.projects, seed=a.seed)
    emit(a, {"store": str(path), "projects": res.projects, "seconds": round(time.perf_counter() - t0, 1)},
         lambda r: f"Demo marketplace with {r['projects']:,} projects in {r['store']} ({r['seconds']} s)")


def add_commands(reg: Registry) -> None:
    cmd = reg.cmd
    sp = cmd("demo", cmd_demo, "build a demo marketplace store")
    sp.add_argument("--projects", type=positive_int, default=DEFAULT_DEMO_PROJECTS)
    sp.add_argument("--seed", type=int, default=7)
    sp.add_argument("--force", action="store_true", help="replace an existing store file")

