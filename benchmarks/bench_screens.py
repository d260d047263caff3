"""Each screen of the application, first visit and later visits, on a large store (figures printed).

Run: .venv/bin/python benchmarks/bench_screens.py [--store benchmarks/out/demo-1M.sqlite] [--runs 5]
(the 1M store comes from `pel demo --projects 1000000 --store benchmarks/out/demo-1M.sqlite`).

The application runs headless in this process (Textual's `run_test`, 120×40); a visit is timed from
the key press to the screen shown with its data read and laid out (its load worker done, then one
more frame). The first visit of a screen pays its module's import, its widgets' styles and its
first query; a later visit is a return to a screen already made. The targets: a first visit under
200 ms, a later one under 100 ms. Nothing is asserted: the figures are printed with the machine,
with the process's CPU time beside the wall clock (on a shared machine the wall clock counts the
other processes too).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.machine import describe  # noqa: E402

#: (key, what it opens); `escape` after a dialog, `1` back to the list between visits.
VISITS = [
    ("2", "offers"), ("3", "credits"), ("4", "subscription"), ("5", "escrow"), ("6", "payments"),
    ("7", "profile"), ("8", "notifications"), ("9", "stats"), ("f", "filter form"), ("question_mark", "help"),
    ("enter", "report"),
]


async def busy(app) -> bool:  # type: ignore[no-untyped-def]
    return any(not w.is_finished and (w.group.startswith("load") or w.group == "default") for w in app.workers)


async def visit(pilot, app, key: str) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    before = app.screen
    c0, t0 = time.process_time(), time.perf_counter()
    await pilot.press(key)
    for _ in range(2000):
        if app.screen is not before and not await busy(app):
            break
        await asyncio.sleep(0.001)
    await pilot.pause()  # one more frame: the data laid out and painted
    return (time.perf_counter() - t0) * 1000, (time.process_time() - c0) * 1000


async def back(pilot, app, key: str) -> None:  # type: ignore[no-untyped-def]
    if key in ("f", "question_mark", "enter"):
        await pilot.press("escape")
    else:
        await pilot.press("1")
    await pilot.pause(0.05)
    while await busy(app):
        await asyncio.sleep(0.005)


async def run_once(store: Path) -> dict[str, list[tuple[float, float]]]:
    from pel_tui.app import PelApp
    from pel_tui.backend import Engine

    engine = Engine.open(store)
    app = PelApp(engine)
    out: dict[str, list[tuple[float, float]]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(0.5)
        while await busy(app):
            await asyncio.sleep(0.01)
        for _round in range(3):  # the first round is the first visit; the next two, later visits
            for key, name in VISITS:
                out.setdefault(name, []).append(await visit(pilot, app, key))
                await back(pilot, app, key)
    engine.store.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, default=ROOT / "benchmarks" / "out" / "demo-1M.sqlite")
    ap.add_argument("--runs", type=int, default=3, help="fresh application runs (each its own first visits)")
    args = ap.parse_args()
    if not args.store.exists():
        sys.exit(f"no store at {args.store}: pel demo --projects 1000000 --store {args.store}")
    with tempfile.TemporaryDirectory() as tmp:  # a copy: the visits write (projects seen, ...)
        store = Path(tmp) / "store.sqlite"
        shutil.copy(args.store, store)
        if (args.store.parent / "files").is_dir():
            shutil.copytree(args.store.parent / "files", Path(tmp) / "files")
        first: dict[str, list[tuple[float, float]]] = {}
        later: dict[str, list[tuple[float, float]]] = {}
        for _ in range(args.runs):
            for name, times in asyncio.run(run_once(store)).items():
                first.setdefault(name, []).append(times[0])
                later.setdefault(name, []).extend(times[1:])
    from pel_tui.backend import Engine

    engine = Engine.open(args.store)
    projects = engine.conn.execute("SELECT count(*) FROM projects").fetchone()[0]
    engine.store.close()
    print(describe(f"store {projects:,} projects", "headless 120×40"))
    print("ms, wall clock (median / max) and the process's CPU time (median): the CPU time does not")
    print("count the waits for other processes on a shared machine")
    print(f"{'screen':<15}{'first visit: wall   max   cpu':>32}{'later visits: wall   max   cpu':>34}")
    for name in first:
        f, x = first[name], later[name]
        fw, xw = [w for w, _ in f], [w for w, _ in x]
        fc, xc = [c for _, c in f], [c for _, c in x]
        print(f"{name:<15}{statistics.median(fw):>20.0f}{max(fw):>6.0f}{statistics.median(fc):>6.0f}"
              f"{statistics.median(xw):>22.0f}{max(xw):>6.0f}{statistics.median(xc):>6.0f}")


if __name__ == "__main__":
    main()
