"""CR-2 across processes: two OS processes on the same store file spend at most one credit per kind."""

from __future__ import annotations

import multiprocessing as mp
import traceback
from typing import Any

from pel_tui.backend.ledger import credits
from tests.conftest import OFFER_MSG, World

N_PROJECTS = 20


def _worker(path: str, now: int, me: int, projects: list[int], order: int, barrier: Any,
            out: Any) -> None:
    """One pel process: consult then offer on every project, racing the other process."""
    from local_store import Store
    from pel_tui.backend import Engine, FixedClock, Marketplace

    spent: dict[str, int] = {"consultation": 0, "offer": 0}
    errors: list[str] = []
    engine = None
    try:
        engine = Engine(Store.open(path), FixedClock(now))
        session = Marketplace(engine, me)
        for pid in projects:
            barrier.wait(timeout=30)  # both start each project at the same instant: a real race
            for name, call in (
                ("consultation", lambda p: session.consult(p)),
                ("offer", lambda p: session.make_offer(p, 150_000 + order, 20, OFFER_MSG)),
            ):
                try:
                    spent[name] += int(call(pid)["spent"])
                except Exception:
                    errors.append(traceback.format_exc())
    except Exception:
        errors.append(traceback.format_exc())
    finally:
        if engine is not None:
            engine.store.close()
        out.put({"order": order, "spent": spent, "errors": errors})


def test_cr_2_two_processes_on_one_store_pay_each_project_once(world: World) -> None:
    projects = [world.post(f"Projet concurrent {i}") for i in range(N_PROJECTS)]
    before = dict(world.mp.credits().balances)
    ctx = mp.get_context("spawn")
    barrier = ctx.Barrier(2)
    out = ctx.Queue()
    procs = [
        ctx.Process(
            target=_worker,
            args=(str(world.path), world.engine.now(), world.mp.provider_id, projects, order, barrier, out),
        )
        for order in (0, 1)
    ]
    for p in procs:
        p.start()
    results = [out.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0

    assert [r["errors"] for r in results] == [[], []]
    # Between them the two processes paid each project exactly once per kind.
    assert sum(r["spent"]["consultation"] for r in results) == N_PROJECTS
    assert sum(r["spent"]["offer"] for r in results) == N_PROJECTS

    conn = world.engine.conn
    me = world.mp.provider_id
    rows = conn.execute(
        "SELECT project_id, kind, count(*) FROM credit_entries WHERE provider_id = ? AND "
        "entry_type = 'debit' GROUP BY project_id, kind ORDER BY project_id, kind", (me,),
    ).fetchall()
    assert rows == [(p, k, 1) for p in projects for k in ("consultation", "offer")]
    after = credits.balances(conn, me)
    assert after == {
        "consultation": before["consultation"] - N_PROJECTS,
        "offer": before["offer"] - N_PROJECTS,
        "contact": before["contact"],
    }
    lots = credits.live_lots(conn, me)
    assert {k: sum(r for _g, kk, _s, r, _e in lots if kk == k) for k in after} == after
    # One offer per project (the second process's call was an edit, OF-2), counted once.
    offers = world.mp.offers()
    assert sorted(o.project_id for o in offers) == projects
    assert all(len(o.versions) == 2 for o in offers)
    assert all(world.mp.project(p).project.offers == 1 for p in projects)
