"""Escrow figures of a project with 1,000 ledger entries (target: under 5 ms).

Run: .venv/bin/python benchmarks/bench_escrow.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.machine import describe
from pel_tui.backend.ledger.escrow import figures
from tests.conftest import OFFER_MSG, make_world


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        w = make_world(Path(tmp) / "s.sqlite")
        pid = w.post()
        w.mp.consult(pid)
        w.mp.make_offer(pid, 10_000_000, 30, OFFER_MSG)
        w.pl.select(pid, "alice", "r0")
        w.mp.confirm_terms(pid)
        w.pl.pay_commission(pid)
        # 1,000 entries through the engine's own commands: deposits and releases.
        for _ in range(500):
            w.pl.deposit(pid, 2_000)
            w.pl.release(pid, 1_000)
        cid = w.mp.escrow(pid).contract_id
        n = w.engine.conn.execute("SELECT count(*) FROM escrow_entries WHERE contract_id = ?", (cid,)).fetchone()[0]
        times_fig, times_view = [], []
        for _ in range(200):
            t0 = time.perf_counter()
            figures(w.engine.conn, cid)
            times_fig.append((time.perf_counter() - t0) * 1000)
        for _ in range(50):
            t0 = time.perf_counter()
            w.mp.escrow(pid)
            times_view.append((time.perf_counter() - t0) * 1000)
        w.engine.store.close()

    def line(name: str, xs: list[float]) -> str:
        xs = sorted(xs)
        return (f"{name:<40} median {statistics.median(xs):7.3f} ms   p95 {xs[int(len(xs) * 0.95) - 1]:7.3f} ms"
                f"   max {xs[-1]:7.3f} ms")

    print(describe())
    print(f"escrow account with {n:,} ledger entries (target: figures under 5 ms)")
    print(line("figures (ES-4 terms)", times_fig))
    print(line("whole escrow view (+tranches, entries)", times_view))


if __name__ == "__main__":
    main()
