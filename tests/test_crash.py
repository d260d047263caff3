"""A short crash test: 12 kills at the injected points of the write commands, every check after each.

The long run, 200 kills and more at random moments (SIGKILL after a random delay) and at every
injected point, prints its figures (kills per command and per point, checks passed, failures with
the seed to replay):

    .venv/bin/python benchmarks/crash.py --kills 200 --seed N

See `benchmarks/crash.py` for the checks and `local_store/faults.py` for the points.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import crash
from local_store import faults
from pel_tui.backend import atomic, files

#: (command, point): the points where a kill used to leave something behind, and one COMMIT each.
PAIRS = [
    ("pay", "files.staged:1"), ("pay", "files.publish:1"), ("pay", "atomic.written:1"),
    ("pay", "store.commit.after:1"), ("invoice", "store.commit.before:1"), ("invoice", "invoice.rendered:1"),
    ("invoice", "atomic.written:1"), ("consult", "store.commit.after:1"), ("offer", "store.commit.before:1"),
    ("contact", "store.commit.after:1"), ("deposit", "store.commit.before:1"), ("advance", "store.commit.after:1"),
]


def test_kills_at_the_injected_points_leave_the_store_whole(tmp_path: Path) -> None:
    template = crash.prepare(tmp_path, projects=150)
    run = crash.Run(template, crash.baseline(template.store), tmp_path, "api", seed=0, log=lambda s: None)
    rng = random.Random(0)
    for command, point in PAIRS:
        t = run.trial(command, point, rng)
        assert t.outcome == "killed", (command, point, t.outcome, t.failures)
    failures = [(t.command, t.how, t.failures) for t in run.trials if t.failures]
    assert not failures, failures
    assert run.kills == len(PAIRS) and run.passed >= len(PAIRS) * 30


def test_a_point_dies_only_at_its_nth_pass() -> None:
    code = ("from local_store import faults\n"
            "for i in range(5):\n"
            "    faults.point('other'); faults.point('here'); print(i, flush=True)\n")
    env = {**os.environ, "PEL_CRASH_AT": "here:3"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert out.returncode == 137 and out.stdout.split() == ["0", "1"]
    env["PEL_CRASH_AT"] = "here"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert out.returncode == 137 and out.stdout == ""


def test_unset_the_points_do_nothing() -> None:
    if os.environ.get("PEL_CRASH_AT"):
        pytest.skip("PEL_CRASH_AT is set for this run")
    assert faults._AT is None
    faults.point("store.commit.before")


def test_a_killed_writer_s_temporary_file_goes_at_the_next_write_a_live_one_stays(tmp_path: Path) -> None:
    target = tmp_path / "facture.pdf"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    host = atomic.owner().partition("@")[2]
    left = tmp_path / f".facture.pdf.{dead.pid}@{host}.abcd1234.part"
    alive = tmp_path / f".facture.pdf.{os.getppid()}@{host}.efgh5678.part"
    elsewhere = tmp_path / f".facture.pdf.{dead.pid}@another-host.ijkl9012.part"
    for p in (left, alive, elsewhere):
        p.write_bytes(b"%PDF-")
    atomic.write_atomic(target, b"%PDF-1.4 whole")
    assert target.read_bytes() == b"%PDF-1.4 whole"
    assert not left.exists() and alive.exists() and elsewhere.exists()


def test_recovery_leaves_a_live_writer_s_staged_file_alone(tmp_path: Path) -> None:
    import sqlite3

    staging = tmp_path / files.STAGING
    staging.mkdir()
    sha = "ab" * 32
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    host = atomic.owner().partition("@")[2]
    mine = staging / f"{sha}__invoice__00000000__{os.getppid()}@{host}.pdf"
    gone = staging / f"{sha}__invoice__11111111__{dead.pid}@{host}.pdf"
    cut = staging / f".{sha}__invoice__22222222__{dead.pid}@{host}.pdf.{dead.pid}@{host}.xyz.part"
    for p in (mine, gone, cut):
        p.write_bytes(b"x")
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE blobs (sha256 TEXT)")
    assert files.recover(tmp_path, conn) == 2
    assert mine.exists() and not gone.exists() and not cut.exists()
