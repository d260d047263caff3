"""ES-4 and ES-6 under random sequences: a Hypothesis state machine over one R0 escrow account.

Deposits, deliveries, partial releases, change requests, disputes (opened, proposed, accepted,
decided, withdrawn), agreed refunds, payment requests with real invoices (validated, rejected, paid)
and clock jumps; after every step the account equals a plain model, ES-4 holds, no term is
negative, no dispute outcome exceeds its cap, and nothing is paid above `available`.

PEL_ESCROW_EXAMPLES sets the number of sequences (CI runs 2,000); PEL_ESCROW_SEED replays a run.
"""

from __future__ import annotations

import os
import random
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, seed, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from local_store import Store
from pel_tui.backend import Engine, FixedClock, Marketplace, Platform
from pel_tui.backend.errors import PelError
from pel_tui.backend.policy import DAY
from pel_tui.backend.services.accounting import add_business_days
from tests.conftest import OFFER_MSG, make_world

EXAMPLES = int(os.environ.get("PEL_ESCROW_EXAMPLES", "150"))
SEED = int(os.environ.get("PEL_ESCROW_SEED", str(random.randrange(2**32))))
AMOUNT = 1_000_000
SIRET = "73282932000074"


def _scratch() -> Path:
    shm = Path("/dev/shm")
    return Path(tempfile.mkdtemp(prefix="pel-sm-", dir=shm if shm.is_dir() else None))


@cache
def template() -> tuple[Path, int, int]:
    """A store with alice under contract on one R0 project: (path, project id, clock time)."""
    path = _scratch() / "template.sqlite"
    w = make_world(path)
    with w.engine.store.write() as c:
        c.execute("UPDATE providers SET legal_status = 'micro_entreprise', legal_name = 'Alice Martin', "
                  "siret = ? WHERE pseudo = 'alice'", (SIRET,))
    pid = w.post()
    w.mp.consult(pid)
    w.mp.make_offer(pid, AMOUNT, 30, OFFER_MSG)
    w.pl.select(pid, "alice", "r0")
    w.mp.confirm_terms(pid)
    w.pl.pay_commission(pid)
    t = w.clock.now()
    w.engine.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    w.engine.store.close()
    return path, pid, t


@cache
def invoice_pdf(number: str, amount: int, project_id: int) -> bytes:
    from pel_tui.backend.invoice_pdf import render_invoice

    return render_invoice(
        number=number, issued_on="2026-11-02", seller_name="Alice Martin", seller_status="micro_entreprise",
        siret=SIRET, seller_address=None, vat_number=None, client_name="Sophie Client", project_id=project_id,
        project_title="Projet", amount_cents=amount, vat_rate_bp=None,
    )


@dataclass
class Model:
    deposited: int = 0
    released: int = 0
    refunded: int = 0
    requests: dict[int, list[object]] = field(default_factory=dict)  # id -> [amount, state, pay_on]
    dispute: dict[str, object] | None = None

    @property
    def held(self) -> int:
        return self.deposited - self.released - self.refunded

    def total(self, state: str) -> int:
        return sum(int(r[0]) for r in self.requests.values() if r[1] == state)  # type: ignore[call-overload]

    @property
    def requested(self) -> int:
        return self.total("submitted") + self.total("validated")

    @property
    def available(self) -> int:
        return self.released - self.requested - self.total("paid")


#: How often each command went through, to show the sequences reach every state.
ACCEPTED: Counter[str] = Counter()


class EscrowMachine(RuleBasedStateMachine):
    @initialize()
    def setup(self) -> None:
        src, self.pid, t = template()
        self.dir = _scratch()
        shutil.copy(src, self.dir / "s.sqlite")
        self.clock = FixedClock(t)
        self.engine = Engine(Store.open(self.dir / "s.sqlite"), self.clock)
        self.mp = Marketplace.for_user(self.engine)
        self.pl = Platform(self.engine)
        self.m = Model()
        self.numbers = 0
        self.max_outcome_over_cap = 0

    def teardown(self) -> None:
        if hasattr(self, "engine"):
            self.engine.store.close()
            shutil.rmtree(self.dir, ignore_errors=True)

    def attempt(self, ok: bool, fn: object, *args: object) -> bool:
        """Run a command; it must succeed exactly when the model says it may."""
        try:
            fn(*args)  # type: ignore[operator]
        except PelError as e:
            assert not ok, f"refused but allowed by the model: {e}"
            return False
        assert ok, f"{getattr(fn, '__name__', fn)}{args} accepted but the model forbids it"
        ACCEPTED[getattr(fn, "__name__", str(fn))] += 1
        return True

    @property
    def frozen(self) -> bool:
        return self.m.dispute is not None

    @rule(amount=st.integers(1, 400_000), tranche=st.none())
    def deposit(self, amount: int, tranche: None) -> None:
        ok = not self.frozen and self.m.deposited + amount <= AMOUNT
        if self.attempt(ok, self.pl.deposit, self.pid, amount, tranche):
            self.m.deposited += amount

    @rule()
    def deliver(self) -> None:
        self.attempt(True, self.mp.deliver, self.pid, 1, "", True)

    @rule()
    def request_changes(self) -> None:
        pending = any(d.status == "submitted" for d in self.mp.escrow(self.pid).deliverables)
        self.attempt(pending, self.pl.request_changes, self.pid)

    @rule(share=st.integers(1, 100))
    def release(self, share: int) -> None:  # twice as likely: payments need released money
        self._release(share)

    @rule(amount=st.integers(1, 400_000), share=st.integers(1, 100))
    def deposit_and_release(self, amount: int, share: int) -> None:
        self.deposit(amount, None)
        self._release(share)

    def _release(self, share: int) -> None:
        amount = max(1, self.m.held * share // 100)
        ok = not self.frozen and amount <= self.m.held
        if self.attempt(ok, self.pl.release, self.pid, amount):
            self.m.released += amount

    @rule(amount=st.integers(1, 300_000))
    def agree_refund(self, amount: int) -> None:
        ok = not self.frozen and amount <= self.m.held
        if self.attempt(ok, self.mp.agree_refund, self.pid, amount):
            self.m.refunded += amount

    @rule(by=st.sampled_from(["provider", "client"]), roll=st.integers(0, 3))
    def open_dispute(self, by: str, roll: int) -> None:
        if roll:  # a dispute freezes everything: open one in a quarter of the draws only
            return
        fn = self.mp.open_dispute if by == "provider" else self.pl.client_dispute
        if self.attempt(not self.frozen, fn, self.pid, "Désaccord sur la livraison"):
            self.m.dispute = {"by": by, "cap": self.m.held, "proposal": None, "accepted": set()}

    @rule(by=st.sampled_from(["provider", "client"]))
    def withdraw_dispute(self, by: str) -> None:
        fn = self.mp.withdraw_dispute if by == "provider" else self.pl.client_withdraw_dispute
        ok = self.m.dispute is not None and self.m.dispute["by"] == by
        if self.attempt(ok, fn, self.pid):
            self.m.dispute = None

    @rule(p=st.integers(0, 100), q=st.integers(0, 110))
    def propose(self, p: int, q: int) -> None:
        cap = int(self.m.dispute["cap"]) if self.m.dispute else 0  # type: ignore[call-overload]
        to_p = cap * p // 100
        to_c = (cap - to_p) * q // 100
        ok = self.m.dispute is not None and to_p + to_c <= cap
        if self.attempt(ok, self.pl.sma_propose, self.pid, to_p, to_c) and self.m.dispute:
            self.m.dispute["proposal"] = (to_p, to_c)
            self.m.dispute["accepted"] = set()

    @rule(by=st.sampled_from(["provider", "client"]))
    def accept(self, by: str) -> None:
        fn = self.mp.accept_settlement if by == "provider" else self.pl.client_accept_settlement
        d = self.m.dispute
        if self.attempt(d is not None and d["proposal"] is not None, fn, self.pid) and d:
            d["accepted"].add(by)  # type: ignore[attr-defined]
            if d["accepted"] == {"provider", "client"}:
                to_p, to_c = d["proposal"]  # type: ignore[misc]
                self.m.released += to_p
                self.m.refunded += to_c
                self.m.dispute = None

    @rule(by=st.sampled_from(["provider", "client"]), p=st.integers(0, 100), q=st.integers(0, 100),
          client_first=st.booleans())
    def settle(self, by: str, p: int, q: int, client_first: bool) -> None:
        """A dispute from its opening (or the one open) to a settlement both sides accept, in either
        order, in one step: one-step rules reach it only when the right draws fall, in order, between
        an opening and anything that ends it, and 2,000 sequences then miss it now and then."""
        if not self.frozen:
            self.open_dispute(by, 0)
        self.propose(p, q)
        for side in ("client", "provider") if client_first else ("provider", "client"):
            self.accept(side)

    @rule(p=st.integers(0, 100), q=st.integers(0, 120))
    def decide(self, p: int, q: int) -> None:
        cap = int(self.m.dispute["cap"]) if self.m.dispute else 0  # type: ignore[call-overload]
        to_p = cap * p // 100
        to_c = (cap - to_p) * q // 100
        ok = self.m.dispute is not None and to_p + to_c <= cap
        if self.attempt(ok, self.pl.sma_decide, self.pid, to_p, to_c):
            self.m.released += to_p
            self.m.refunded += to_c
            self.m.dispute = None

    @rule(share=st.integers(1, 130))
    def request_payment(self, share: int) -> None:
        # A share of what is available, in whole tens of euros (so invoices repeat and are cached);
        # above 100 % it must be refused.
        amount = max(1_000, self.m.available * share // 100 // 1_000 * 1_000)
        self.numbers += 1
        number = f"F-SM-{self.numbers:04d}"
        path = self.dir / f"{number}.pdf"
        path.write_bytes(invoice_pdf(number, amount, self.pid))
        ok = amount <= self.m.available
        before = len(self.mp.payments().requests)
        if self.attempt(ok, self.mp.request_payment, self.pid, amount, str(path)):
            rid = self.mp.payments().requests[0].id
            self.m.requests[rid] = [amount, "submitted", None]
        else:
            assert len(self.mp.payments().requests) == before

    @precondition(lambda self: bool(self.m.requests))
    @rule(data=st.data(), verdict=st.sampled_from(["validate", "reject"]))
    def accounting(self, data: st.DataObject, verdict: str) -> None:
        rid = data.draw(st.sampled_from(sorted(self.m.requests)))
        req = self.m.requests[rid]
        if verdict == "validate":
            if self.attempt(req[1] == "submitted", self.pl.validate_payment, rid):
                req[1], req[2] = "validated", add_business_days(self.clock.now(), 3)
        elif self.attempt(req[1] in ("submitted", "validated"), self.pl.reject_payment, rid, "Mention manquante"):
            req[1] = "rejected"

    @rule(share=st.integers(1, 100))
    def pay_out(self, share: int) -> None:
        """A payment requested, validated and paid (PA-1 to PA-4) in one step, for the same reason as
        `settle`: the one-step rules reach a transfer only through four draws in order."""
        before = set(self.m.requests)
        self.request_payment(share)
        for rid in set(self.m.requests) - before:
            req = self.m.requests[rid]
            if self.attempt(True, self.pl.validate_payment, rid):
                req[1], req[2] = "validated", add_business_days(self.clock.now(), 3)
            self.advance(7)

    @rule(days=st.integers(1, 12))
    def advance(self, days: int) -> None:
        self.engine.advance(days * DAY)
        for req in self.m.requests.values():
            if req[1] == "validated" and int(req[2]) <= self.clock.now():  # type: ignore[call-overload]
                req[1] = "paid"
                ACCEPTED["transfer"] += 1

    @invariant()
    def account_matches_model(self) -> None:
        if not hasattr(self, "engine"):
            return
        v = self.mp.escrow(self.pid)
        f = v.figures
        m = self.m
        assert (f.deposited_cents, f.released_cents, f.refunded_cents) == (m.deposited, m.released, m.refunded)
        assert (f.held_cents, f.available_cents, f.requested_cents, f.paid_cents) == (
            m.held, m.available, m.requested, m.total("paid"))
        # ES-4, at every instant, and no negative term.
        assert f.deposited_cents == f.held_cents + f.released_cents + f.refunded_cents
        assert f.released_cents == f.available_cents + f.requested_cents + f.paid_cents
        assert min(msgspec.structs.asdict(f).values()) >= 0
        # ES-6: no outcome pays out more than what was held when the dispute opened.
        for d in v.disputes:
            if d.outcome_provider_cents is not None:
                assert d.outcome_provider_cents + (d.outcome_client_cents or 0) <= d.cap_cents
        assert v.frozen == (m.dispute is not None)
        # PA-1: never more requested and paid than released.
        assert f.requested_cents + f.paid_cents <= f.released_cents


@pytest.mark.slow
def test_es_4_es_6_pa_1_escrow_state_machine() -> None:
    """ES-4, ES-6, PA-1 and PA-4 over random sequences; prints the seed to replay a failure."""
    print(f"escrow state machine: {EXAMPLES} sequences, PEL_ESCROW_SEED={SEED}")
    machine = seed(SEED)(EscrowMachine)
    run_state_machine_as_test(machine, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=25, deadline=None, database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    ))
    print("accepted commands:", dict(sorted(ACCEPTED.items())))
    # The sequences reach payments, disputes settled both ways, and transfers (checked on long runs:
    # CI runs 2,000 sequences). The one-step rules alone once settled no dispute with the client's
    # acceptance in 2,000 sequences; `settle` and `pay_out` now reach each of these hundreds of times.
    for name in () if EXAMPLES < 1_000 else ("request_payment", "validate_payment", "reject_payment", "transfer", "sma_decide",
                 "client_accept_settlement"):
        assert ACCEPTED[name] > 0, f"no sequence got through {name}"
