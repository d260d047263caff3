"""The terminal interface on a large store, seen from a real terminal (a pty of 120×40).

Run: .venv/bin/python benchmarks/bench_tui.py [--store benchmarks/out/demo-1M.sqlite] [--runs 15]
     .venv/bin/python benchmarks/bench_tui.py --linked --projects 100000 [--posts 20000] [--rounds 5]
(the 1M store comes from `pel demo --projects 1000000 --store benchmarks/out/demo-1M.sqlite`).

It measures, with the figures printed:
- process start to the first screen painted with 50 projects (target: median under 450 ms), beside a
  bare Textual app painting a 50-row table (`bare_table.py`), the yardstick of the app's own work
  (target: under 150 ms beyond it);
- a keystroke in the search box to the repainted list (target: median under 60 ms);
- resident memory after browsing 20 pages (target: under 150 MB).

"Painted" means the text is on the terminal: the harness reads what the app writes to the pty,
strips the escape sequences and waits for the pager line (`1–50 of N · page 1`). The app runs on a
copy of the store (it writes: the projects seen, the catch-up).

With `--linked [--projects 100000]` the app runs on a store linked to a `pel serve --demo` subprocess
(the server store cached by bench_sync.py in benchmarks/out/server-N.sqlite), linked and synced fully
first, the app's background sync running as a user's does (its token in PEL_TOKEN). Then `--posts`
projects are posted on the server, and the app is opened `--rounds` times on a copy of the store as
it was before them: its sync brings them in while words are typed in the search box, and the
keystrokes sent while that sync ran (from the server's first work for it to its last page committed,
watched from outside) are timed apart (target: median under 60 ms); the yardstick is the same done on
the store with those projects synced already (nothing to bring), the keys taken as long after the
first paint.
"""

from __future__ import annotations

import argparse
import codecs
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
from typing import Any

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
        self._held = b""  # an escape sequence cut by the end of a read, kept for the next one
        self._utf8 = codecs.getincrementaldecoder("utf-8")("replace")  # a character cut likewise

    def _feed(self, chunk: bytes) -> None:
        """Add what the program wrote, as text: escape sequences stripped, even one split across two reads."""
        data = self._held + chunk
        cut = data.rfind(b"\x1b")
        if cut != -1 and len(data) - cut < 512 and ESCAPES.match(data, cut) is None:
            data, self._held = data[:cut], data[cut:]
        else:
            self._held = b""
        self.text += self._utf8.decode(ESCAPES.sub(b"", data))

    def wait_for(self, pattern: re.Pattern[str], timeout: float = 20.0, since: int = 0) -> float:
        """The time (perf_counter) at which `pattern` appeared in the output after offset `since`."""
        return self.wait_match(pattern, timeout, since)[0]

    def wait_match(self, pattern: re.Pattern[str], timeout: float = 20.0, since: int = 0) -> tuple[float, re.Match[str]]:
        """The time at which `pattern` appeared in the output after offset `since`, and the match."""
        start = time.perf_counter()
        while True:
            m = pattern.search(self.text, since)
            if m:
                return time.perf_counter(), m
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                raise TimeoutError(f"{pattern.pattern!r} not seen; last output: {self.text[-400:]!r}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 1 << 16)
                except OSError:
                    raise TimeoutError("the program ended") from None
                self._feed(chunk)

    def drain(self, quiet: float = 0.15) -> None:
        """Read until the program has written nothing for `quiet` seconds."""
        while select.select([self.fd], [], [], quiet)[0]:
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                return
            self._feed(chunk)

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


class Counts:
    """What the list must say for the words in the search box, asked of the engine on the store the app shows.

    The figures move while the app runs: the list counts the projects of PR-2's window, which moves
    with the clock (a project posted 30 days ago leaves it now), and on a linked store the background
    sync brings new projects and closes others (the server's clock runs). So a figure is read again
    when the store changed (`PRAGMA data_version` of this connection moves when another commits) or
    the second did, and the list is right if it shows a figure the store had at some moment between
    the keystroke and the repaint.
    """

    def __init__(self, store: Path) -> None:
        from pel_tui.backend import Engine, Marketplace

        self.engine = Engine.open(store)
        self.mp = Marketplace.for_user(self.engine)
        self._seen: dict[tuple[int, int, str], int] = {}

    def version(self) -> int:
        return int(self.engine.conn.execute("PRAGMA data_version").fetchone()[0])

    def of(self, words: str) -> int:
        key = (self.version(), self.engine.now(), words)
        if key not in self._seen:
            self._seen[key] = self.mp.projects(words or None, limit=1).total
        return self._seen[key]

    def close(self) -> None:
        self.engine.store.close()


PAGER_COUNT = r"[\d,\u202f\u00a0]+"


def _count_of(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def wait_count(t: Term, counts: Counts, words: str, since: int, before: int, timeout: float = 20.0) -> float:
    """The time the list showed what the store holds for `words` (`before`: the figure when the key was sent)."""
    of = "sur" if LANG[0] == "fr" else "of"
    pattern = re.compile(rf"{PAGER_COUNT}–{PAGER_COUNT} {of} ({PAGER_COUNT}) · page 1\b")
    deadline = time.perf_counter() + timeout
    start = since
    while True:
        try:
            seen, m = t.wait_match(pattern, max(0.01, deadline - time.perf_counter()), since)
        except TimeoutError:
            said = [_count_of(x) for x in pattern.findall(t.text, start)]
            raise TimeoutError(f"{words!r}: the list never said {before:,} (the store now: {counts.of(words):,}); "
                               f"it said {said} since the key") from None
        shown, now = _count_of(m.group(1)), counts.of(words)
        if min(before, now) <= shown <= max(before, now):
            return seen
        since = m.end()  # another repaint (the previous words, a reload after a sync): wait on


def type_words(t: Term, counts: Counts, words: list[str], *, until: float | None = None,
               sent_at: list[float] | None = None) -> list[float]:
    """Each word typed in the search box, a key at a time, then emptied (ctrl+u); the times from a key to the
    repainted list, where it shows another figure (a repaint one can see). `until`: stop after the word
    during which that time (perf_counter) passed; `sent_at`: when each timed key was sent."""
    times: list[float] = []
    for word in words:
        if until is not None and time.perf_counter() > until:
            break
        t.send("/")
        t.drain(0.1)
        previous = counts.of("")
        for i in range(1, len(word) + 1):
            prefix = word[:i]
            expected = counts.of(prefix)
            mark = len(t.text)
            sent = time.perf_counter()
            t.send(word[i - 1])
            if expected != previous:
                times.append((wait_count(t, counts, prefix, mark, expected) - sent) * 1000)
                if sent_at is not None:
                    sent_at.append(sent)
            t.drain(0.05)
            previous = expected
        mark = len(t.text)
        t.send("\x15")  # ctrl+u: empty the box
        wait_count(t, counts, "", mark - 1, counts.of(""))
        t.send("\x1b")  # back to the table
        t.drain(0.2)
    return times


def keystrokes(store: Path, config: Path, words: list[str]) -> tuple[list[float], float, list[float]]:
    counts = Counts(store)
    t = Term([PYTHON, "-m", "pel_tui"], env_for(store, config))
    t.wait_for(pager())
    t.drain()
    mark = len(t.text)
    t.send("t")  # the next tab, All: the whole list
    wait_count(t, counts, "", mark, counts.of(""))
    t.drain()
    times = type_words(t, counts, words)
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
    counts.close()
    return times, rss, page_times


def line(name: str, xs: list[float], unit: str = "ms") -> str:
    xs = sorted(xs)
    return (f"{name:<44} median {statistics.median(xs):7.1f} {unit}   p95 {xs[max(0, int(len(xs) * 0.95) - 1)]:7.1f} "
            f"{unit}   min {xs[0]:7.1f}   max {xs[-1]:7.1f}   (n={len(xs)})")


class SyncWatch:
    """Whether the app's background sync is running, seen from outside: the server at work (its CPU
    time moves) from the app's start to the commit of the sync's last page (the link's `synced_at`)."""

    def __init__(self, store: Path, server_pid: int) -> None:
        import sqlite3
        import threading

        self.conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True, check_same_thread=False)
        self.server_pid = server_pid
        self.synced_at = self._link()[1]
        self.start: float | None = None  # the server first worked after the app started
        self.pages: list[float] = []  # when each page was committed (the link's cursor moved)
        self.end: float | None = None  # the last page committed
        self.cpu: list[tuple[float, int]] = []  # (when, the server's CPU ticks then)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _link(self) -> tuple[str, int | None]:
        cursor, synced_at = self.conn.execute("SELECT cursor, synced_at FROM sync_link").fetchone()
        return str(cursor), synced_at

    def _cpu(self) -> int:
        fields = Path(f"/proc/{self.server_pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks

    def begin(self) -> None:
        self._thread.start()

    def _watch(self) -> None:
        cpu, (cursor, _) = self._cpu(), self._link()
        while not self._stop.wait(0.01):
            now = time.perf_counter()
            self.cpu.append((now, self._cpu()))
            if self.start is None and self.cpu[-1][1] > cpu + 1:
                self.start = now - 0.01
            moved, synced_at = self._link()
            if moved != cursor:
                cursor = moved
                self.pages.append(now)
            if synced_at != self.synced_at:
                self.end = now
                return

    def server_busy(self, start: float, end: float) -> bool:
        """Whether the server (on this machine, on the same cores) worked between these times (2 ticks: 20 ms)."""
        ticks = [c for t, c in self.cpu if start - 0.01 <= t <= end + 0.01]
        return len(ticks) > 1 and ticks[-1] - ticks[0] >= 2

    def running(self, at: float) -> bool:
        return self.start is not None and self.end is not None and self.start <= at <= self.end

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.conn.close()


def _typing(store: Path, config: Path, words: list[str], watch: SyncWatch | None,
            until: float | None = None) -> tuple[float, list[float], list[float]]:
    """The app opened on `store`, the All tab, then words typed: until `watch` saw the sync end (or 60 s),
    or until `until` seconds after the first paint. (first paint, when each timed key was sent, its time)."""
    counts = Counts(store)
    if watch is not None:
        watch.begin()
    t = Term([PYTHON, "-m", "pel_tui"], env_for(store, config))
    painted = t.wait_for(pager())
    mark = len(t.text)
    t.send("t")  # the All tab, as in `keystrokes`
    wait_count(t, counts, "", mark, counts.of(""))
    sent_at: list[float] = []
    times: list[float] = []
    deadline = painted + (until if until is not None else 60)
    while time.perf_counter() < deadline and (watch is None or watch.end is None):
        times += type_words(t, counts, words, until=deadline, sent_at=sent_at)
    t.close()
    counts.close()
    if watch is not None:
        watch.close()
    return painted, sent_at, times


def while_syncing(before: Path, synced: Path, folder: Path, config: Path, words: list[str], server_pid: int,
                  rounds: int) -> dict[str, Any]:
    """The app opened on a copy of `before` (a store that has not seen the server's new projects yet), its
    sync bringing them in while words are typed in the search box; then, as the yardstick, on a copy of
    `synced` (the same store, those projects synced already: nothing to bring), the keys sent as long
    after the first paint as those that were timed during the sync. `rounds` times each, in turn."""
    during: list[float] = []
    server_busy: list[float] = []  # the key's wait overlapped the server's work (a page read, on the same cores)
    server_idle: list[float] = []  # it did not: the app's sync decoding and writing the page, the screen
    control: list[float] = []
    seconds: list[float] = []
    pages: list[int] = []
    for r in range(rounds):
        store = folder / f"live-{r}.sqlite"
        copy_store(before, store)
        watch = SyncWatch(store, server_pid)
        painted, sent_at, times = _typing(store, config, words, watch)
        if watch.start is None or watch.end is None:
            raise RuntimeError("the app's sync was not seen running (no new rows on the server?)")
        seconds.append(watch.end - watch.start)
        pages.append(len(watch.pages))
        for at, took in zip(sent_at, times, strict=True):
            if watch.running(at):
                during.append(took)
                (server_busy if watch.server_busy(at, at + took / 1000) else server_idle).append(took)
        window = (watch.start - painted, watch.end - painted)
        copy_store(synced, store)
        painted, sent_at, times = _typing(store, config, words, None, until=window[1])
        control += [took for at, took in zip(sent_at, times, strict=True)
                    if window[0] <= at - painted <= window[1]]
        for suffix in ("", "-wal", "-shm"):
            Path(str(store) + suffix).unlink(missing_ok=True)
    return {"during": during, "server_busy": server_busy, "server_idle": server_idle, "control": control,
            "seconds": seconds, "pages": pages}


def copy_store(source: Path, dest: Path) -> None:
    """A copy of a store (its WAL too) to run the app on: the app writes (the projects seen, its sync)."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src, \
            contextlib.closing(sqlite3.connect(dest)) as dst:
        src.backup(dst)  # a consistent copy, even of a store in use
    files = source.parent / "files"
    if files.is_dir() and not (dest.parent / "files").exists():
        os.symlink(files, dest.parent / "files")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", type=Path, default=ROOT / "benchmarks" / "out" / "demo-1M.sqlite")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--lang", default="en,fr", help="the languages to run the app in, in turn (en, fr)")
    ap.add_argument("--linked", action="store_true",
                    help="the app on a store linked to a `pel serve --demo` of --projects projects "
                         "(benchmarks/out/server-N.sqlite, as bench_sync.py), synced fully first")
    ap.add_argument("--projects", type=int, default=100_000, help="with --linked: the server's projects")
    ap.add_argument("--posts", type=int, default=20_000,
                    help="with --linked: projects posted on the server for the app's sync to bring while typing")
    ap.add_argument("--rounds", type=int, default=5, help="with --linked: times the app is opened on that sync")
    args = ap.parse_args()
    if not args.linked and not args.store.exists():
        sys.exit(f"no store at {args.store}: make it with "
                 f"`pel demo --projects 1000000 --store {args.store}` (about 2 minutes)")
    with tempfile.TemporaryDirectory(prefix="bench-tui-") as work:
        folder = Path(work)
        config = folder / "config"
        config.mkdir()
        server = None
        try:
            if args.linked:
                server = linked_store(args, folder)
            else:  # the app writes (the projects seen) and so does the catch-up: never the store given
                copy_store(args.store, folder / "store.sqlite")
                args.store = folder / "store.sqlite"
            from pel_tui.backend import Engine

            engine = Engine.open(args.store)
            engine.catch_up()  # the app starts on a caught-up store, as after any earlier run today
            n = engine.conn.execute("SELECT count(*) FROM projects").fetchone()[0]
            engine.store.close()
            what = f"linked to a server of {args.projects:,} projects, synced, " if args.linked else ""
            print(describe(f"store {what}{n:,} projects, terminal 120×40"))
            for language in args.lang.split(","):
                LANG[0] = language.strip()
                print(f"\n-- the app in {'French' if LANG[0] == 'fr' else 'English'} (PEL_LANG={LANG[0]})")
                run(args, config)
                if server is not None:
                    live(args, folder, config, server)
        finally:
            if server is not None:
                server.stop()


def linked_store(args: argparse.Namespace, folder: Path) -> Any:
    """A `pel serve --demo` on a copy of the cached server store, a new store linked to it and synced fully
    (args.store from then on), and the server's projects posted for `live` (the store kept as it was
    before them, `before.sqlite`). The app finds the token in PEL_TOKEN, as a user may give it."""
    from benchmarks import bench_sync

    t = time.perf_counter()
    server = bench_sync.start_server(bench_sync.server_store(args.projects), folder)
    try:
        token = server.login("camille-dev")
        os.environ["PEL_TOKEN"] = token
        before = folder / "before.sqlite"
        summary = bench_sync.link_store(server.url, token, before)
        print(f"server of {args.projects:,} projects up, a new store linked and synced "
              f"({summary.received:,} rows in {summary.seconds:.1f} s) in {time.perf_counter() - t:.0f} s")
        copy_store(before, folder / "linked.sqlite")
        args.store = folder / "linked.sqlite"
        if args.posts:
            t = time.perf_counter()
            server.post_projects(server.login("client"), args.posts)
            print(f"{args.posts:,} projects posted on the server in {time.perf_counter() - t:.0f} s, "
                  "for the sync while typing")
            copy_store(before, folder / "synced.sqlite")  # the yardstick's store: those projects synced already
            from pel_tui.backend.engine import Engine
            from pel_tui.sync import run as sync_run
            from pel_tui.sync.api import Api

            engine = Engine.open(folder / "synced.sqlite")
            with Api(server.url, token) as api:
                sync_run.sync(engine, api)
            engine.store.close()
    except BaseException:
        server.stop()
        raise
    return server


def live(args: argparse.Namespace, folder: Path, config: Path, server: Any) -> None:
    """Typing in the search box while the app's sync brings the server's new projects."""
    if not args.posts:
        return
    words = ["développeur", "react", "logo", "traduction", "wordpress", "boutique"]
    got = while_syncing(folder / "before.sqlite", folder / "synced.sqlite", folder, config, words,
                        server.process.pid, args.rounds)
    print(f"{'the sync of ' + format(args.posts, ',') + ' new projects in the app':<44} median "
          f"{statistics.median(got['seconds']):7.2f} s   in {statistics.median(got['pages']):.0f} pages "
          f"(median of {args.rounds} app starts; from the server's first work to the last page committed)")
    if got["during"]:
        print(line("keystroke while the sync runs", got["during"]) + "   (target: median under 60 ms)")
    else:
        print("keystroke while the sync runs: none was sent while it ran")
    if got["server_busy"]:
        print(line("  of which the server (same cores) worked", got["server_busy"]))
    if got["server_idle"]:
        print(line("  of which the server was idle", got["server_idle"]))
    if got["control"]:
        print(line("yardstick: the same, nothing to sync", got["control"])
              + "   (a synced store, keys as long after the first paint)")


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
