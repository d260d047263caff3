"""The terminal interface on a large store, seen from a real terminal (a pty of 120×40).

Run: .venv/bin/python benchmarks/bench_tui.py [--store benchmarks/out/demo-1M.sqlite] [--runs 15]
(the 1M store comes from `pel demo --projects 1000000 --store benchmarks/out/demo-1M.sqlite`).

It measures, with the figures printed:
- process start to the first screen painted with 50 projects (target: median under 450 ms), beside a
  bare Textual app painting a 50-row table (`bare_table.py`), the yardstick of the app's own work
  (target: under 150 ms beyond it);
- a keystroke in the search box to the repainted list (target: median under 60 ms);
- resident memory after browsing 20 pages (target: under 150 MB).

"Painted" means the text is on the terminal: the harness reads what the app writes to the pty,
strips the escape sequences and waits for the pager line (`1–50 of N · page 1`).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.machine import describe  # noqa: E402

ESCAPES = re.compile(rb"\x1b\[[0-9;?<>=$]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv" / "bin" / "python").exists() else sys.executable


class Term:
    """A child process on a pty of the given size, whose output is read as plain text."""

    def __init__(self, argv: list[str], env: dict[str, str], cols: int = 120, rows: int = 40) -> None:
        self.t0 = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size its terminal, then become the program
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execve(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        self.text = ""

    def wait_for(self, pattern: re.Pattern[str], timeout: float = 20.0, since: int = 0) -> float:
        """Seconds from now until `pattern` appears in the output after offset `since`."""
        start = time.perf_counter()
        while True:
            m = pattern.search(self.text, since)
            if m:
                return time.perf_counter()
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise TimeoutError(f"{pattern.pattern!r} not seen; last output: {self.text[-400:]!r}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 1 << 16)
                except OSError:
                    raise TimeoutError("the program ended") from None
                self.text += ESCAPES.sub(b"", chunk).decode("utf-8", "replace")

    def drain(self, quiet: float = 0.15) -> None:
        """Read until the program has written nothing for `quiet` seconds."""
        while select.select([self.fd], [], [], quiet)[0]:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                return
            self.text += ESCAPES.sub(b"", chunk).decode("utf-8", "replace")

    def send(self, keys: str) -> None:
        os.write(self.fd, keys.encode())

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        os.waitpid(self.pid, 0)
        os.close(self.fd)


#: The language the app is run in (`--lang`); the pager line is read in it.
LANG = ["en"]


def pager(total: int | None = None, page: int = 1) -> re.Pattern[str]:
    """The pager line, `1–50 of 2,877 · page 1 of 58` (en) or `1–50 sur 2 877 · page 1 sur 58` (fr)."""
    from pel_tui.i18n import formats, lang

    lang.use(lang.choose(LANG[0]))
    figure = r"[\d,\u202f\u00a0]+"
    count = figure if total is None else re.escape(formats.number(total))
    of = "sur" if LANG[0] == "fr" else "of"
    return re.compile(rf"{figure}–{figure} {of} {count} · page {page}\b")


def env_for(store: Path, config: Path) -> dict[str, str]:
    # As on a user's machine: bytecode cached after the first run (this sandbox sets DONTWRITEBYTECODE).
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TMUX", "TEXTUAL")) and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(TERM="xterm-256color", COLORTERM="truecolor", PEL_STORE=str(store),
               XDG_CONFIG_HOME=str(config), LANG="C.UTF-8", PEL_LANG=LANG[0])
    return env


def first_paint(runs: int, store: Path, config: Path) -> tuple[list[float], list[float]]:
    pel, bare = [], []
    row = re.compile(r"row 30 of the bare table")
    for i in range(runs + 1):  # the first run of each writes the bytecode caches and is not counted
        t = Term([PYTHON, str(ROOT / "benchmarks" / "bare_table.py")], env_for(store, config))
        took = (t.wait_for(row) - t.t0) * 1000
        t.close()
        if i:
            bare.append(took)
        t = Term([PYTHON, "-m", "pel_tui"], env_for(store, config))
        took = (t.wait_for(pager()) - t.t0) * 1000
        t.close()
        if i:
            pel.append(took)
    return pel, bare


def totals(store: Path, queries: list[str]) -> dict[str, int]:
    """What the list must say for each prefix typed, asked of the engine directly."""
    from pel_tui.backend import Engine, Marketplace

    engine = Engine.open(store)
    mp = Marketplace.for_user(engine)
    out = {}
    for q in queries:
        for i in range(1, len(q) + 1):
            out[q[:i]] = mp.projects(q[:i]).total
    engine.store.close()
    return out


def keystrokes(store: Path, config: Path, words: list[str]) -> tuple[list[float], float, list[float]]:
    expected = totals(store, words)
    t = Term([PYTHON, "-m", "pel_tui"], env_for(store, config))
    t.wait_for(pager())
    t.drain()
    t.send("t")  # the next tab, All: the whole list
    t.wait_for(pager(expected_all(store)), since=len(t.text))
    t.drain()
    times: list[float] = []
    for word in words:
        t.send("/")
        t.drain(0.1)
        previous: int | None = None
        for i in range(1, len(word) + 1):
            prefix = word[:i]
            mark = len(t.text)
            sent = time.perf_counter()
            t.send(word[i - 1])
            if expected[prefix] != previous:  # a repaint we can see
                times.append((t.wait_for(pager(expected[prefix]), since=mark) - sent) * 1000)
            t.drain(0.05)
            previous = expected[prefix]
        t.send("\x15")  # ctrl+u: empty the box
        t.wait_for(pager(expected_all(store)), since=len(t.text) - 1)
        t.send("\x1b")  # back to the table
        t.drain(0.2)
    # 20 pages, then the resident memory.
    page_times = []
    for page in range(2, 22):
        mark = len(t.text)
        sent = time.perf_counter()
        t.send("n")
        page_times.append((t.wait_for(pager(page=page), since=mark) - sent) * 1000)
    t.drain(0.3)
    rss = t.rss_mb()
    t.close()
    return times, rss, page_times


_ALL: dict[Path, int] = {}


def expected_all(store: Path) -> int:
    if store not in _ALL:
        from pel_tui.backend import Engine, Marketplace

        engine = Engine.open(store)
        _ALL[store] = Marketplace.for_user(engine).projects().total
        engine.store.close()
    return _ALL[store]


def line(name: str, xs: list[float], unit: str = "ms") -> str:
    xs = sorted(xs)
    return (f"{name:<44} median {statistics.median(xs):7.1f} {unit}   p95 {xs[max(0, int(len(xs) * 0.95) - 1)]:7.1f} "
            f"{unit}   min {xs[0]:7.1f}   max {xs[-1]:7.1f}   (n={len(xs)})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, default=ROOT / "benchmarks" / "out" / "demo-1M.sqlite")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--lang", default="en,fr", help="the languages to run the app in, in turn (en, fr)")
    args = ap.parse_args()
    if not args.store.exists():
        sys.exit(f"no store at {args.store}: make it with "
                 f"`pel demo --projects 1000000 --store {args.store}` (about 2 minutes)")
    with tempfile.TemporaryDirectory() as config:
        from pel_tui.backend import Engine

        engine = Engine.open(args.store)
        engine.catch_up()  # the app starts on a caught-up store, as after any earlier run today
        n = engine.conn.execute("SELECT count(*) FROM projects").fetchone()[0]
        engine.store.close()
        print(describe(f"store {args.store.name}: {n:,} projects, terminal 120×40"))
        for language in args.lang.split(","):
            LANG[0] = language.strip()
            print(f"\n-- the app in {'French' if LANG[0] == 'fr' else 'English'} (PEL_LANG={LANG[0]})")
            run(args, Path(config))


def run(args: argparse.Namespace, config: Path) -> None:
    """Every figure, the app in the language `LANG` says (the bare app beside it in each run)."""
    pel, bare = first_paint(args.runs, args.store, config)
    print(line("bare Textual app, 50-row table: first paint", bare))
    print(line("pel: start to 50 projects painted", pel))
    print(f"{'pel beyond the bare app (medians)':<44} {statistics.median(pel) - statistics.median(bare):7.1f} ms"
          "   (target: under 150 ms; first paint under 450 ms)")
    words = ["développeur", "react", "logo", "traduction", "wordpress", "boutique"]
    keys, rss, pages = keystrokes(args.store, config, words)
    print(line("keystroke in search to repainted list", keys) + "   (target: median under 60 ms)")
    print(line("next page (n) to repainted list", pages))
    print(f"{'resident memory after 20 pages':<44} {rss:7.1f} MB   (target: under 150 MB)")


if __name__ == "__main__":
    main()
