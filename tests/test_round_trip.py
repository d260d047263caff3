"""Every command, serialized as the wire carries it, read back and run again, gives the same store.

A store is filled by the demo's story and a scenario that sends every command of the registry at
least once, recording each command as the engine receives it. A second store, made from the same
generated marketplace, is given the recorded commands only as JSON (name, version, arguments, the
files they carry), decoded through the registry, at the times they ran: every table ends equal.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from local_store import Store
from pel_tui.backend import Engine, FixedClock, Marketplace, Platform, registry
from pel_tui.backend.commands.base import encode
from pel_tui.backend.context import Actor
from pel_tui.backend.demo import build_demo
from pel_tui.backend.demo.generator import generate_marketplace
from pel_tui.backend.errors import PelError
from pel_tui.backend.policy import DAY
from tests.conftest import OFFER_MSG

T = 1_795_000_000
PROJECTS = 300
SEED = 11

Recorded = tuple[bytes, Actor, str, dict[str, bytes], int]


def record(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every command the engine runs, as (wire form, actor, id, files, time), and every catch-up."""
    seen: list[Any] = []
    execute, catch_up = Engine.execute, Engine.catch_up

    def recording(self: Engine, cmd: Any, actor: Actor, **kw: Any) -> Any:
        command_id = kw.get("command_id") or f"rt-{len(seen)}"
        kw["command_id"] = command_id
        if not self.store.in_transaction:
            seen.append((encode(cmd), actor, command_id, dict(kw.get("blobs") or {}), self.now()))
        return execute(self, cmd, actor, **kw)

    def caught(self: Engine) -> int:
        seen.append(("catch_up", self.now()))
        return catch_up(self)

    monkeypatch.setattr(Engine, "execute", recording)
    monkeypatch.setattr(Engine, "catch_up", caught)
    return seen


def scenario(engine: Engine, clock: FixedClock, tmp: Path) -> None:
    """Beyond the demo's story: every command the story does not send."""
    pl, mp = Platform(engine), Marketplace.for_user(engine)
    me = mp.pseudo

    def attempt(fn: Any, *args: Any, **kw: Any) -> Any:
        try:
            return fn(*args, **kw)
        except PelError:
            return None  # a refusal is an outcome too: it still goes through the wire form

    cid = int(pl.add_client("Atelier Roux", "contact@atelier-roux.fr", "+33 4 78 00 00 00", "FR", "Lyon")["client_id"])

    def post(title: str) -> int:
        return int(pl.post(title, "Un besoin précis et bien décrit.", "Le détail du besoin, avec ses contraintes.",
                           "Développement web", 100_000, 300_000, client_id=cid)["project_id"])

    p1 = post("Site vitrine pour un atelier")
    mp.consult(p1)
    mp.make_offer(p1, 150_000, 20, OFFER_MSG)
    mp.hide(p1)
    mp.unhide(p1)
    pl.answer(p1, "Merci, pouvez-vous préciser le délai ?", me)
    mp.report_stale(p1)
    pl.answer_stale(p1, False)
    mp.mark_read(None)
    pl.grant_credits(me, "offer", 2)
    pl.import_debit(me, p1, "consultation")  # a duplicate: refunded (CR-2)
    p2 = post("Boutique en ligne")
    mp.consult(p2)
    mp.make_offer(p2, 120_000, 15, OFFER_MSG)
    pl.select(p2, me, "base")
    mp.decline(p2)
    p3 = post("Catalogue produits")
    mp.consult(p3)
    pl.cancel(p3)
    pl.remove(post("Application interne"))
    p5 = post("Refonte d'une application de réservation")
    mp.consult(p5)
    mp.make_offer(p5, 200_000, 30, OFFER_MSG)
    pl.select(p5, me, "r0")
    mp.confirm_terms(p5)
    pl.pay_commission(p5)
    pl.amend(p5, 240_000)
    pl.deposit(p5, 120_000)
    mp.deliver(p5, 1, "Première version", True)
    pl.request_changes(p5, "Quelques retouches")
    mp.open_dispute(p5, "Les retouches demandées dépassent le périmètre")
    mp.withdraw_dispute(p5)
    pl.client_dispute(p5, "Le livrable est incomplet")
    pl.client_withdraw_dispute(p5)
    pl.client_dispute(p5, "Le livrable est toujours incomplet")
    pl.sma_propose(p5, 40_000, 20_000)
    mp.accept_settlement(p5)
    pl.client_accept_settlement(p5)
    pl.client_dispute(p5, "Un nouveau désaccord")
    pl.sma_decide(p5, 10_000, 10_000)
    mp.agree_refund(p5, 10_000)
    pl.release(p5, 20_000)
    invoice = mp.generate_invoice(p5, 20_000, str(tmp))
    request = mp.request_payment(p5, 20_000, invoice["path"])
    pl.reject_payment(int(request["request_id"]), "Le numéro de commande manque")
    mp.report_progress(p5, "La recette est en cours, la mise en ligne suit.")  # FO-1
    mp.declare_finalized(p5)
    pl.object_finalized(p5, "Il reste la recette")
    shot = tmp / "capture.png"
    Image.new("RGB", (640, 400), (200, 210, 220)).save(shot)
    item = mp.add_portfolio_item("Tableau de bord", "Un tableau de bord pour une PME.", 2024, None, [str(shot)])
    mp.remove_portfolio_item(int(item["item_id"]))
    attempt(mp.rename_pseudo, "autre-pseudo")  # always refused (PF-2)
    ref = mp.add_reference("Luc Blanc", "luc@blanc-conseil.fr", "Un intranet", 2024)
    engine.advance(3 * DAY)
    mp.resend_reference(int(ref["reference_id"]))
    pl.scp_refuse(int(ref["reference_id"]), "denied")
    mp.change_plan("expert", mp.subscription_sentence("expert"))  # SU-9
    mp.keep_plan()
    mp.change_plan("essentiel", mp.subscription_sentence("essentiel"))
    mp.suspend(1)
    engine.advance(2 * DAY)
    mp.resume()
    pl.set_card_declined(me, True)
    sub = mp.subscription()
    assert sub is not None
    engine.advance(int(sub.period_end.timestamp()) - engine.now() + DAY)  # the renewal fails: an incident
    pl.set_card_declined(me, False)
    mp.settle()
    mp.cancel_subscription()
    mp.delete_account(me)


def dump(path: Path) -> dict[str, list[Any]]:
    with sqlite3.connect(path) as c:
        tables = [t for (t,) in c.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                          "'%fts%' AND name NOT LIKE 'sqlite%' AND name <> 'meta'")]
        return {t: c.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in sorted(tables)}


def test_every_command_round_trips_through_its_wire_form_and_runs_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = tmp_path / "first" / "store.sqlite"
    first.parent.mkdir()
    seen = record(monkeypatch)
    store = Store.open(first)
    clock = FixedClock(T)
    build_demo(store, projects=PROJECTS, seed=SEED, clock=clock)
    engine = Engine(store, clock)
    with tempfile.TemporaryDirectory() as tmp:
        scenario(engine, clock, Path(tmp))
    store.close()
    monkeypatch.undo()

    commands = [s for s in seen if s[0] != "catch_up"]
    names = {json.loads(wire)["name"] for wire, *_ in commands}
    assert names == set(registry.BY_NAME), sorted(set(registry.BY_NAME) - names)  # every command, at least once

    second = tmp_path / "second" / "store.sqlite"
    second.parent.mkdir()
    copy = Store.open(second)
    generate_marketplace(copy, projects=PROJECTS, seed=SEED, now=T, policy=engine.policy)
    replay_clock = FixedClock(0)
    replay = Engine(copy, replay_clock)
    for item in seen:
        if item[0] == "catch_up":
            replay_clock.t = item[1]
            replay.catch_up()
            continue
        wire, actor, command_id, blobs, at = item
        message = json.loads(wire)  # only what the wire carries
        cmd = registry.decode(message["name"], message["version"], message["args"])
        assert cmd == registry.decode(message["name"], message["version"], json.loads(encode(cmd))["args"])
        replay_clock.t = at
        with contextlib.suppress(PelError):  # refused here as it was there
            replay.execute(cmd, actor, command_id=command_id, blobs=blobs)
    copy.close()
    a, b = dump(first), dump(second)
    assert a.keys() == b.keys()
    for table in a:
        assert a[table] == b[table], table
