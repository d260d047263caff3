"""Storage faults are messages with their exit code, never tracebacks, and never leave anything partial.

On real files: a small tmpfs that the test fills (root only: skipped elsewhere, saying why), a
store read-only or in a folder that cannot be written (as another user when the tests run as
root, who may write anything), /proc, a store locked by another process, damaged files, empty
files, a demo build killed before its end, a path in a folder that does not exist.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from local_store import connection
from local_store.connection import (
    NotAStore,
    Store,
    StoreBadPlace,
    StoreCorrupt,
    StoreError,
    StoreFull,
    StoreMissing,
)
from tests.conftest import OFFER_MSG, World, make_world, run_cli
from tests.test_escrow import r0_project
from tests.test_payments import invoice, released

NOBODY = 65534


# -- helpers --------------------------------------------------------------------------------------------

def snapshot(path: Path) -> dict[str, list[str]]:
    """Every row of every table of the store, read through a read-only connection."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [n for (n,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
        return {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}
    finally:
        conn.close()


def kept_files(folder: Path) -> list[str]:
    root = folder / "files"
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def whole(path: Path) -> bool:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        conn.close()


def no_traceback(err: str) -> None:
    assert "Traceback" not in err and err.startswith("pel: "), err


def damage_page(path: Path, name: str) -> None:
    """Overwrite the root page of table or index `name` of a closed store with garbage."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    assert not Path(f"{path}-wal").exists()
    with open(path, "r+b") as f:
        f.seek((root - 1) * size)
        f.write(b"\xfe" * size)


def closed_world(path: Path) -> Path:
    w = make_world(path)
    w.post()
    w.engine.store.close()
    return path


@contextlib.contextmanager
def tmpfs(folder: Path, size: str = "2m") -> Iterator[Path]:
    """A small tmpfs mounted at `folder` (root only); skipped with the reason where it cannot be."""
    folder.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs (to fill a disk) needs root")
    if shutil.which("mount") is None:
        pytest.skip("no mount command")
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(folder)],
                       capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


class Filler:
    """Takes every free byte of a disk, and gives them back."""

    def __init__(self, disk: Path) -> None:
        self.path = disk / "filler"

    def fill(self) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for chunk in (1 << 20, 1 << 16, 1 << 12, 1 << 9, 1):
                with contextlib.suppress(OSError):
                    while True:
                        os.write(fd, b"\x01" * chunk)
        finally:
            os.close(fd)
        assert shutil.disk_usage(self.path.parent).free < 4096

    def free(self) -> None:
        self.path.unlink()


def as_nobody(*argv: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`pel ARGV` run as the user nobody (root writes any file: the tests of permissions need another user)."""
    if shutil.which("setpriv") is None:
        pytest.skip("running as another user needs setpriv (util-linux)")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PEL_", "COV_"))}
    env["HOME"] = str(cwd)
    env["PEL_LANG"] = "en"  # the tests read English (tests/conftest.py), the user nobody's pel too
    r = subprocess.run(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", sys.executable,
                        "-m", "pel_tui", *argv], capture_output=True, text=True, env=env, cwd=cwd, timeout=120)
    if "No module named" in r.stderr or "Permission denied: '" in r.stderr:
        pytest.skip(f"the user nobody cannot run this Python: {r.stderr.strip()[-200:]}")
    return r


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder that the user nobody can reach (pytest's tmp_path is root's only)."""
    d = Path(tempfile.mkdtemp(prefix="pel-faults-", dir="/tmp"))
    os.chmod(d, 0o755)
    yield d
    for root, dirs, _files in os.walk(d):
        for x in dirs:
            with contextlib.suppress(OSError):
                os.chmod(Path(root) / x, 0o755)
    shutil.rmtree(d, ignore_errors=True)


# -- a full disk ----------------------------------------------------------------------------------------

def _prepare(w: World, outside: Path) -> dict[str, list[str]]:
    """A world where each write command has something to do; the argv of each."""
    fresh, consulted, opened = w.post("Projet A"), w.post("Projet B"), w.post("Projet C")
    w.mp.consult(consulted)
    w.mp.consult(opened)
    funded = r0_project(w)
    pid = released(w)
    pdf = invoice(outside, "F-7", 10_000, pid)
    store = str(w.path)
    return {
        "consult": ["--store", store, "consult", str(fresh)],
        "offer": ["--store", store, "offer", str(consulted), "--amount", "1500", "--days", "20",
                  "--message", OFFER_MSG],
        "contact": ["--store", store, "contact", str(opened)],
        "pay": ["--store", store, "pay", str(pid), "--amount", "100", "--invoice", pdf],
        "invoice": ["--store", store, "invoice", str(pid), "--amount", "50", "-o", str(outside / "out.pdf")],
        "deposit": ["--store", store, "platform", "deposit", str(funded), "1000"],
        "release": ["--store", store, "platform", "release", str(pid), "100"],
        "advance": ["--store", store, "platform", "advance", "3"],
    }


@pytest.mark.parametrize("command", ["consult", "offer", "contact", "pay", "invoice", "deposit", "release",
                                     "advance"])
def test_a_full_disk_is_said_changes_nothing_and_the_store_works_once_space_is_freed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    with tmpfs(tmp_path / "disk") as disk:
        w = make_world(disk / "store.sqlite")
        argv = _prepare(w, tmp_path)[command]
        assert run_cli(capsys, "--store", str(w.path), "whoami")[0] == 0  # the rules due by now, applied
        w.engine.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every write must now take space
        before, files_before = snapshot(w.path), kept_files(disk)
        filler = Filler(disk)
        filler.fill()
        code, out, err = run_cli(capsys, *argv)
        assert code == StoreFull.exit_code == 13, (code, out, err)
        no_traceback(err)
        assert "no space left on the disk" in err and "nothing was saved" in err and "Free some space" in err
        assert snapshot(w.path) == before and kept_files(disk) == files_before  # nothing partial
        assert not list((disk / "files" / ".staging").glob("*")) if (disk / "files").exists() else True
        filler.free()
        code, out, err = run_cli(capsys, *argv)
        assert code == 0, err
        assert snapshot(w.path) != before and whole(w.path)
        w.engine.store.close()


def test_a_full_disk_through_the_facade_raises_store_full_and_rolls_back_whole(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk") as disk:
        w = make_world(disk / "store.sqlite")
        pid = w.post()
        w.engine.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = snapshot(w.path)
        filler = Filler(disk)
        filler.fill()
        with pytest.raises(StoreFull) as err:
            w.mp.consult(pid)
        assert err.value.exit_code == 13 and "no space left" in str(err.value)
        assert not w.engine.store.in_transaction and not w.engine.conn.in_transaction
        assert snapshot(w.path) == before
        filler.free()
        assert w.mp.consult(pid)["spent"] == 1
        w.engine.store.close()
        assert whole(w.path)


def test_a_file_kept_on_a_full_disk_leaves_nothing_staged(tmp_path: Path) -> None:
    from PIL import Image

    photo = tmp_path / "photo.png"
    Image.effect_noise((400, 400), 60).convert("RGB").save(photo)
    with tmpfs(tmp_path / "disk") as disk:
        w = make_world(disk / "store.sqlite")
        w.engine.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (disk / "files" / ".staging").mkdir(parents=True)
        before = snapshot(w.path)
        filler = Filler(disk)
        filler.fill()
        with pytest.raises(StoreFull):
            w.mp.set_photo(str(photo))
        assert snapshot(w.path) == before and kept_files(disk) == []
        filler.free()
        w.mp.set_photo(str(photo))
        assert len(kept_files(disk)) == 1
        w.engine.store.close()


def test_opening_a_store_on_a_full_disk_is_said_on_the_cli_and_at_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pel_tui.__main__ import main as pel

    with tmpfs(tmp_path / "disk") as disk:
        path = closed_world(disk / "store.sqlite")  # closed: its -shm is gone, opening needs space for it
        filler = Filler(disk)
        filler.fill()
        code, _, err = run_cli(capsys, "--store", str(path), "credits")
        assert code == 13, err
        no_traceback(err)
        assert pel(["--store", str(path)]) == 13  # the application's start: no Textual, a message
        err = capsys.readouterr().err
        no_traceback(err)
        assert "no space left" in err
        filler.free()
        assert run_cli(capsys, "--store", str(path), "credits")[0] == 0


def test_os_errors_map_to_their_store_errors() -> None:
    p = Path("/somewhere/store.sqlite")
    full = StoreError.of(OSError(errno.ENOSPC, "No space left on device", "/somewhere/files/.staging/x"), p)
    assert isinstance(full, StoreFull) and "no space left on the disk holding /somewhere" in str(full)
    elsewhere = StoreError.of(OSError(errno.EDQUOT, "Disk quota exceeded", "/home/me/out.pdf"), p)
    assert isinstance(elsewhere, StoreFull) and "writing /home/me/out.pdf" in str(elsewhere)
    assert StoreError.of(OSError(errno.ENOENT, "nope"), p) is None  # not a storage fault: a bug, raised
    assert StoreError.of(sqlite3.IntegrityError("UNIQUE constraint failed"), p) is None


# -- read-only, unwritable, not a place -------------------------------------------------------------------

def _owned_by_nobody(folder: Path) -> Path:
    path = closed_world(folder / "store.sqlite")
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            os.chown(Path(root) / name, NOBODY, NOBODY)
    os.chown(folder, NOBODY, NOBODY)
    return path


def _pel_as_other(capsys: pytest.CaptureFixture[str], folder: Path, *argv: str) -> tuple[int, str]:
    if os.geteuid() == 0:
        r = as_nobody(*argv, cwd=folder)
        return r.returncode, r.stderr
    code, _out, err = run_cli(capsys, *argv)
    return code, err


def test_a_read_only_store_file_is_said(shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = shared_dir / "ro"
    folder.mkdir()
    path = _owned_by_nobody(folder) if os.geteuid() == 0 else closed_world(folder / "store.sqlite")
    path.chmod(0o444)
    before = path.read_bytes()
    code, err = _pel_as_other(capsys, folder, "--store", str(path), "credits")
    assert code == 14, err
    no_traceback(err)
    assert f"{path} is read-only" in err and "chmod u+w" in err
    assert path.read_bytes() == before


def test_a_store_in_a_folder_that_cannot_be_written_is_said(
    shared_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = shared_dir / "locked"
    folder.mkdir()
    path = _owned_by_nobody(folder) if os.geteuid() == 0 else closed_world(folder / "store.sqlite")
    folder.chmod(0o555)
    code, err = _pel_as_other(capsys, folder, "--store", str(path), "credits")
    assert code == 15, err
    no_traceback(err)
    assert f"cannot write in the folder {folder}" in err and "store.sqlite-wal" in err
    code, err = _pel_as_other(capsys, folder, "--store", str(folder / "new.sqlite"), "credits")
    assert code == 15 and f"cannot make a store in the folder {folder}" in err, err
    assert sorted(os.listdir(folder)) == ["store.sqlite"]


def test_a_store_on_a_read_only_disk_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with tmpfs(tmp_path / "disk", size="4m") as disk:
        path = closed_world(disk / "store.sqlite")
        r = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True, text=True)
        if r.returncode:
            pytest.skip(f"cannot remount read-only: {r.stderr.strip()}")
        code, _, err = run_cli(capsys, "--store", str(path), "credits")
        assert code == 14, err
        no_traceback(err)
        assert "is on a read-only disk" in err


@pytest.mark.parametrize("where", ["/proc/pel-test.sqlite", "/proc/cpuinfo", "/sys/pel-test.sqlite",
                                   "/dev/null", "/proc/self/status"])
def test_a_path_in_a_system_folder_is_refused(where: str, capsys: pytest.CaptureFixture[str]) -> None:
    if not Path(where).parent.is_dir():
        pytest.skip(f"no {Path(where).parent} here")
    code, _, err = run_cli(capsys, "--store", where, "credits")
    assert code == StoreBadPlace.exit_code == 16, err
    no_traceback(err)
    assert "a folder of the system" in err and "--store or PEL_STORE" in err
    assert not Path("/proc/pel-test.sqlite").exists()


# -- a locked store -----------------------------------------------------------------------------------------

@pytest.fixture
def held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A store that another process holds locked (exclusive locking mode, a write done)."""
    path = closed_world(tmp_path / "store.sqlite")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sqlite3, sys, time\n"
        f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
        "c.execute('PRAGMA locking_mode = EXCLUSIVE')\n"
        "c.execute('BEGIN IMMEDIATE'); c.execute(\"INSERT INTO meta VALUES ('held', '1')\"); c.execute('COMMIT')\n"
        "print('held', flush=True)\n"
        "time.sleep(60)\n")], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 300)
        yield path
    finally:
        holder.kill()
        holder.wait()


def test_a_locked_store_is_said_as_locked_not_as_not_a_store(
    held: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pel_tui.__main__ import main as pel

    t0 = time.monotonic()
    code, _, err = run_cli(capsys, "--store", str(held), "credits")
    assert code == 17, err
    no_traceback(err)
    assert "is locked by another program" in err and "not a pel-tui store" not in err
    assert time.monotonic() - t0 < 5
    assert pel(["--store", str(held)]) == 17
    assert "is locked by another program" in capsys.readouterr().err


def test_a_locked_store_with_json_carries_the_code(held: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    code, _, err = run_cli(capsys, "--store", str(held), "credits", "--json")
    assert code == 17
    data = json.loads(err.splitlines()[-1])
    assert data["error"]["code"] == "store.busy" and data["error"]["params"]["path"] == str(held)


# -- damage ----------------------------------------------------------------------------------------------------

def test_a_damaged_small_store_is_refused_at_open_with_how_to_recover(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pel_tui.__main__ import main as pel

    path = closed_world(tmp_path / "store.sqlite")
    damage_page(path, "projects")
    before = path.read_bytes()
    code, _, err = run_cli(capsys, "--store", str(path), "projects")
    assert code == StoreCorrupt.exit_code == 12, err
    no_traceback(err)
    for words in ("is damaged", "last backup", "--salvage", "VACUUM INTO", "pel doctor"):
        assert words in err, (words, err)
    assert pel(["--store", str(path)]) == 12
    assert path.read_bytes() == before  # nothing written to it


def test_a_store_cut_short_is_refused_as_damaged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = closed_world(tmp_path / "store.sqlite")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    code, _, err = run_cli(capsys, "--store", str(path), "credits")
    assert code == 12 and "cut short" in err, err


def test_damage_met_by_a_read_of_a_large_store_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "QUICK_CHECK_MAX_BYTES", 0)  # a store too large to check at every open
    path = closed_world(tmp_path / "store.sqlite")
    damage_page(path, "projects")
    code, _, err = run_cli(capsys, "--store", str(path), "projects")
    assert code == 12, err
    no_traceback(err)
    assert "is damaged" in err and "--salvage" in err


def test_a_write_that_meets_damage_refuses_every_later_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "QUICK_CHECK_MAX_BYTES", 0)
    path = closed_world(tmp_path / "store.sqlite")
    damage_page(path, "meta")
    store = Store.open(path)
    with pytest.raises(StoreCorrupt), store.write() as conn:
        conn.execute("INSERT INTO meta(key, value) VALUES ('k', 'v')")
    assert store.damage is not None and not store.conn.in_transaction
    with pytest.raises(StoreCorrupt, match="writes nothing to it"), store.write() as conn:
        raise AssertionError("a damaged store must not be written")  # pragma: no cover
    store.close()


def test_a_file_that_is_not_a_store_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    garbage = tmp_path / "notes.sqlite"
    garbage.write_bytes(os.urandom(8192))
    foreign = tmp_path / "other-app.sqlite"
    with sqlite3.connect(foreign) as c:
        c.execute("CREATE TABLE things(x)")
    c.close()
    for path, why in ((garbage, "not a database"), (foreign, "a database of another program"),
                      (tmp_path, "a folder")):
        before = path.read_bytes() if path.is_file() else None
        code, _, err = run_cli(capsys, "--store", str(path), "credits")
        assert code == NotAStore.exit_code == 11, err
        no_traceback(err)
        assert "is not a pel-tui store" in err and why in err, err
        if before is not None:
            assert path.read_bytes() == before


# -- pel doctor ------------------------------------------------------------------------------------------------

@pytest.fixture
def doctor(monkeypatch: pytest.MonkeyPatch) -> None:
    """`pel doctor` is a command of the command line, one that opens the store its own way (read-only)."""
    import pel_tui.cli as cli
    from pel_tui.cli import doctor as module

    assert module in cli.AREAS and "doctor" in cli.STORELESS


def test_doctor_says_a_whole_store_is_whole(
    doctor: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    path = closed_world(tmp_path / "store.sqlite")
    code, out, err = run_cli(capsys, "--store", str(path), "doctor")
    assert code == 0, err
    assert "integrity  ok" in out and "PRAGMA integrity_check" in out and "privacy    ok" in out
    code, out, _ = run_cli(capsys, "--store", str(path), "doctor", "--json")
    report: dict[str, Any] = json.loads(out)
    assert report["integrity"] == "ok" and report["loose"] == [] and report["files"]["missing"] == []


def test_doctor_lists_the_damage_and_salvages_what_can_be_read(
    doctor: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = closed_world(tmp_path / "store.sqlite")
    rows = snapshot(path)["projects"]
    damage_page(path, "projects_created")  # an index: every row can still be read
    before = path.read_bytes()
    code, out, err = run_cli(capsys, "--store", str(path), "doctor")
    assert code == 12, err
    assert "integrity  DAMAGED" in out and "pel doctor" in err
    assert path.read_bytes() == before  # the doctor changes nothing
    new = tmp_path / "saved.sqlite"
    code, out, err = run_cli(capsys, "--store", str(path), "doctor", "--salvage", str(new))
    assert code == 12 and f"what could be read is in {new} (whole)" in out, out + err
    assert (new.stat().st_mode & 0o777) == 0o600
    store = Store.open(new)  # a store pel opens again, with every row
    assert sorted(map(repr, store.conn.execute("SELECT * FROM projects"))) == rows
    store.close()
    code, _, err = run_cli(capsys, "--store", str(path), "doctor", "--salvage", str(new))
    assert code == 2 and "exists" in err


def test_doctor_on_1m_projects_store_if_present(doctor: None, capsys: pytest.CaptureFixture[str]) -> None:
    """Measured, not asserted: `PEL_BIG_STORE=/tmp/f1m.sqlite` times the full check of a big store."""
    big = os.environ.get("PEL_BIG_STORE")
    if not big:
        pytest.skip("set PEL_BIG_STORE to a large store to time pel doctor on it")
    t0 = time.perf_counter()
    code, out, err = run_cli(capsys, "--store", big, "doctor")
    print(f"pel doctor on {big}: {time.perf_counter() - t0:.1f} s, exit {code}\n{out}{err}")


# -- empty files, half-made demos, missing folders ----------------------------------------------------------

def test_an_empty_file_gets_no_schema(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pel_tui.__main__ import main as pel

    empty = tmp_path / "empty.sqlite"
    empty.touch()
    code, _, err = run_cli(capsys, "--store", str(empty), "credits")
    assert code == 11 and "not a pel-tui store (an empty file)" in err, err
    assert pel(["--store", str(empty)]) == 11
    code, _, err = run_cli(capsys, "--store", str(empty), "demo")
    assert code == 2 and "exists" in err
    with pytest.raises(NotAStore):
        Store.open(empty)
    assert empty.stat().st_size == 0 and sorted(os.listdir(tmp_path)) == ["empty.sqlite"]


def test_a_demo_build_interrupted_leaves_no_half_made_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pel_tui.backend import demo

    path = tmp_path / "store.sqlite"
    real = demo.build_demo

    def interrupted(store: Store, **kw: Any) -> Any:
        from pel_tui.backend.demo.generator import generate_marketplace

        generate_marketplace(store, projects=50, seed=1, now=0)
        raise KeyboardInterrupt

    monkeypatch.setattr(demo, "build_demo", interrupted)
    with pytest.raises(KeyboardInterrupt):
        demo.create_demo_store(path, projects=50)
    assert os.listdir(tmp_path) == [] or sorted(os.listdir(tmp_path)) == ["files"]
    monkeypatch.setattr(demo, "build_demo", real)
    assert demo.create_demo_store(path, projects=300).path == str(path)
    assert Store.open(path).get_meta("me") is not None


def test_a_demo_killed_midway_does_not_block_the_next_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "store.sqlite"
    proc = subprocess.Popen([sys.executable, "-m", "pel_tui", "demo", "--store", str(path), "--projects",
                             "300000"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(".store.sqlite.*.demo-wal")) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert not path.exists()  # only the temporary file, beside it
    (left,) = tmp_path.glob(".store.sqlite.*.demo")
    old = time.time() - 7200
    os.utime(left, (old, old))
    for extra in tmp_path.glob(".store.sqlite.*.demo-*"):
        os.utime(extra, (old, old))
    code, _out, err = run_cli(capsys, "--store", str(path), "demo", "--projects", "300")
    assert code == 0, err
    assert not list(tmp_path.glob(".store.sqlite.*.demo*"))  # what the killed build left is cleared
    assert run_cli(capsys, "--store", str(path), "whoami")[0] == 0


def test_a_path_in_a_folder_that_does_not_exist_is_not_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from pel_tui.__main__ import main as pel

    missing = tmp_path / "no" / "such" / "store.sqlite"
    code, _, err = run_cli(capsys, "--store", str(missing), "credits")
    assert code == StoreMissing.exit_code == 10, err
    no_traceback(err)
    assert f"pel demo --store {missing}" in err
    monkeypatch.setenv("PEL_STORE", str(missing))
    assert run_cli(capsys, "credits")[0] == 10
    assert pel([]) == 10  # the application's start
    assert f"pel demo --store {missing}" in capsys.readouterr().err
    assert not (tmp_path / "no").exists()
    with pytest.raises(StoreMissing):
        Store.open(missing)
    assert not (tmp_path / "no").exists()
    code, _, err = run_cli(capsys, "--store", str(missing), "demo", "--projects", "300")  # asked: made
    assert code == 0, err
    assert (missing.parent.stat().st_mode & 0o777) == 0o700
    assert run_cli(capsys, "credits")[0] == 0


def test_the_default_location_is_made_on_a_first_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import pel_tui.launch

    monkeypatch.delenv("PEL_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg" / "share"))
    monkeypatch.setattr(pel_tui.launch, "DEFAULT_DEMO_PROJECTS", 300)
    code, _, err = run_cli(capsys, "whoami")
    assert code == 0, err
    assert "created a demo marketplace" in err
    folder = tmp_path / "xdg" / "share" / "pel-tui"
    assert (folder / "store.sqlite").is_file() and (folder.stat().st_mode & 0o777) == 0o700


def test_damage_met_while_the_application_starts_is_said_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large store (not checked whole at open) whose notifications are damaged: the application's start
    reads the unread count, meets the damage, and says it as the command line would (exit 12)."""
    from pel_tui.launch import run_app

    monkeypatch.setattr(connection, "QUICK_CHECK_MAX_BYTES", 0)
    path = closed_world(tmp_path / "store.sqlite")
    damage_page(path, "notifications")
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert run_app(str(path)) == 12
    err = capsys.readouterr().err
    no_traceback(err)
    assert "is damaged" in err and "--salvage" in err
