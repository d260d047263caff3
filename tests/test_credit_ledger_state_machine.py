"""CR-2, CR-4, CR-5, CR-6, CR-7, CR-8: a stateful property test over the credit ledger on a real store.

Hypothesis drives grants, spends (consult / offer / contact, repeats included), refunds (cancel,
remove), clock jumps (expiries, renewals), suspensions, imported duplicates, card failures and
catch-ups at random times. A plain model predicts each command's outcome (spent or not, refused
with which error, the balance change); invariants are checked after every step.

`PEL_LEDGER_EXAMPLES` raises the number of runs (default 60).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from pel_tui.backend.clock import add_months
from pel_tui.backend.errors import (
    ConsultFirst,
    CreditsFrozen,
    NoCreditsLeft,
    NotAllowed,
    PelError,
    ProjectNotOpen,
)
from pel_tui.backend.ledger import credits
from pel_tui.backend.policy import DAY
from tests.conftest import OFFER_MSG, make_world, said

KINDS = credits.KINDS
ACTIONS = {"consult": "consultation", "offer": "offer", "contact": "contact"}
POOL = 4  # spends pick among the last few projects, so repeats (duplicates) are common


class CreditLedgerMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.mkdtemp(prefix="pel-ledger-")
        self.w = make_world(Path(self.tmp) / "store.sqlite")
        self.w.mp.set_preferences(digest=False)  # the digest is not what this machine checks
        self.me = self.w.mp.provider_id
        self.projects: list[int] = [self.w.post(f"Projet {i}") for i in range(POOL)]
        # The model: which (project, kind) alice has paid for, and the balance we expect.
        self.paid: set[tuple[int, str]] = set()
        self.expected = dict(self.w.mp.credits().balances)

    def teardown(self) -> None:
        self.w.engine.store.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- helpers ----------------------------------------------------------------------------------

    @property
    def conn(self):  # type: ignore[no-untyped-def]
        return self.w.engine.conn

    def balances(self) -> dict[str, int]:
        return credits.balances(self.conn, self.me)

    def rows(self) -> int:
        return self.w.ledger_rows()

    def status(self) -> str:
        sub = self.w.mp.subscription()
        return "none" if sub is None else sub.status

    def project_status(self, pid: int) -> str:
        return str(self.conn.execute("SELECT status FROM projects WHERE id = ?", (pid,)).fetchone()[0])

    def snapshot(self) -> tuple[object, ...]:
        c = self.conn
        return (
            c.execute("SELECT count(*), coalesce(sum(delta), 0) FROM credit_entries").fetchone(),
            c.execute("SELECT count(*) FROM credit_grant_extensions").fetchone(),
            c.execute("SELECT count(*) FROM notifications").fetchone(),
            c.execute("SELECT status, period_start, period_end FROM subscriptions ORDER BY id").fetchall(),
            c.execute("SELECT id, status FROM projects ORDER BY id").fetchall(),
            c.execute("SELECT count(*) FROM platform_invoices").fetchone(),
        )

    def resync(self) -> None:
        """After time-based rules ran, take the engine's balance as the new expectation."""
        self.expected = self.balances()

    def pick(self, i: int) -> int:
        return self.projects[-POOL:][i % POOL]

    # -- rules --------------------------------------------------------------------------------------

    @rule(kind=st.sampled_from(KINDS), qty=st.integers(1, 5))
    def grant(self, kind: str, qty: int) -> None:
        self.w.pl.grant_credits("alice", kind, qty)
        self.expected[kind] += qty

    @rule()
    def post(self) -> None:
        self.projects.append(self.w.post(f"Projet {len(self.projects)}"))

    @rule(action=st.sampled_from(sorted(ACTIONS)), i=st.integers(0, POOL - 1))
    def spend(self, action: str, i: int) -> None:
        pid = self.pick(i)
        kind = ACTIONS[action]
        status, frozen = self.project_status(pid), self.status()
        paid = (pid, kind) in self.paid
        # What the rules say will happen (CR-2, CR-3, CR-5, CR-6, OF-1).
        error: type[PelError] | None = None
        if action == "offer" and status != "open":
            error = ProjectNotOpen
        elif paid:
            error = None
        elif status != "open":
            error = ProjectNotOpen
        elif kind != "consultation" and (pid, "consultation") not in self.paid:
            error = ConsultFirst
        elif frozen != "active":
            error = CreditsFrozen
        elif self.expected[kind] == 0:
            error = NoCreditsLeft
        before_rows, before_bal = self.rows(), self.balances()
        try:
            if action == "consult":
                res = self.w.mp.consult(pid)
            elif action == "offer":
                res = self.w.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
            else:
                res = self.w.mp.reveal_contact(pid)
        except PelError as e:
            assert error is not None and isinstance(e, error), (action, pid, e)
            assert self.rows() == before_rows and self.balances() == before_bal  # refused: no change
            if isinstance(e, NoCreditsLeft):
                assert e.kind == kind and "(0)" in said(e)
            return
        assert error is None, (action, pid, "should have been refused with", error)
        assert res["spent"] is (not paid), (action, pid, res)
        if not paid:
            self.paid.add((pid, kind))
            self.expected[kind] -= 1
        assert res["balances"] == self.expected

    @rule(i=st.integers(0, POOL - 1), how=st.sampled_from(["cancel", "remove"]))
    def end_project(self, i: int, how: str) -> None:
        pid = self.pick(i)
        status = self.project_status(pid)
        refundable = credits.project_debits(self.conn, pid, ("offer", "contact"))
        mine = [k for _d, prov, k in refundable if prov == self.me]
        before = self.rows()
        try:
            if how == "cancel":
                self.w.pl.cancel(pid)
            else:
                self.w.pl.remove(pid)
        except NotAllowed:
            assert (how == "cancel" and status != "open") or status in ("removed", "finalized")
            assert self.rows() == before
            return
        assert how == "remove" or status == "open"
        if status not in ("open", "awarded"):
            # CR-8: a project that had already ended (expired) owes nothing when removed later.
            assert self.rows() == before
            self.projects.append(self.w.post(f"Projet {len(self.projects)}"))
            return
        # CR-8: each offer / contact debit not yet refunded comes back once, as a new lot.
        for kind in mine:
            self.expected[kind] += 1
        assert self.rows() == before + len(mine)
        assert credits.project_debits(self.conn, pid, ("offer", "contact")) == []
        self.projects.append(self.w.post(f"Projet {len(self.projects)}"))

    @rule(i=st.integers(0, POOL - 1), kind=st.sampled_from(KINDS))
    def import_debit(self, i: int, kind: str) -> None:
        pid = self.pick(i)
        before = self.rows()
        res = self.w.pl.import_debit("alice", pid, kind)
        dup = (pid, kind) in self.paid
        assert res["duplicate"] is dup
        if not res["recorded"]:
            assert self.expected[kind] == 0 and self.rows() == before
            return
        if dup:  # CR-2: debited and refunded at once, reason `duplicate`
            assert self.rows() == before + 2
            last = self.conn.execute(
                "SELECT entry_type, reason, project_id FROM credit_entries ORDER BY id DESC LIMIT 1"
            ).fetchone()
            assert last == ("refund", "duplicate", pid)
        else:
            self.paid.add((pid, kind))
            self.expected[kind] -= 1

    @rule(days=st.integers(1, 400))
    def advance(self, days: int) -> None:
        last = self.conn.execute("SELECT coalesce(max(id), 0) FROM credit_entries").fetchone()[0]
        self.w.days(days)
        snap = self.snapshot()
        assert self.w.engine.catch_up() == 0 and self.snapshot() == snap
        # Time alone only grants allotments and expires lots: an expired project refunds nothing.
        new = self.conn.execute(
            "SELECT e.entry_type, g.source, e.delta, g.quantity FROM credit_entries e "
            "JOIN credit_grants g ON g.id = e.grant_id WHERE e.id > ?", (last,),
        ).fetchall()
        for entry_type, source, delta, quantity in new:
            assert (entry_type, source) == ("grant", "subscription") or entry_type == "expiry", new
            assert entry_type != "grant" or delta == quantity
            assert entry_type != "expiry" or -quantity <= delta < 0
        self.resync()

    @rule(seconds=st.integers(0, 10 * DAY))
    def catch_up_later(self, seconds: int) -> None:
        """The clock moves with no catch-up (a pause), then the catch-up runs twice."""
        self.w.clock.advance(seconds)
        self.w.engine.catch_up()
        snap = self.snapshot()
        assert self.w.engine.catch_up() == 0
        assert self.snapshot() == snap
        self.resync()

    @rule(months=st.integers(1, 3))
    def suspend(self, months: int) -> None:
        status = self.status()
        last = self.conn.execute(
            "SELECT max(s.started_at) FROM suspensions s JOIN subscriptions u ON u.id = s.subscription_id "
            "WHERE u.provider_id = ?", (self.me,),
        ).fetchone()[0]
        allowed = status == "active" and (
            last is None or add_months(last, 12) <= self.w.engine.now()
        )
        before = self.rows()
        try:
            self.w.mp.suspend(months)
        except NotAllowed:
            assert not allowed
            assert self.rows() == before
            return
        assert allowed and self.status() == "suspended"
        assert self.balances() == self.expected  # frozen, not taken

    @precondition(lambda self: self.status() == "suspended")
    @rule()
    def resume(self) -> None:
        lots = {g: exp for g, *_r, exp in credits.live_lots(self.conn, self.me)}
        started = self.conn.execute(
            "SELECT max(s.started_at) FROM suspensions s JOIN subscriptions u ON u.id = s.subscription_id "
            "WHERE u.provider_id = ?", (self.me,),
        ).fetchone()[0]
        self.w.mp.resume()
        pushed = self.w.engine.now() - started
        after = {g: exp for g, *_r, exp in credits.live_lots(self.conn, self.me)}
        assert after.keys() == lots.keys()
        assert all(after[g] - lots[g] == pushed for g in lots)  # SU-5 / CR-6
        assert self.status() == "active"

    @rule(declined=st.booleans())
    def card(self, declined: bool) -> None:
        self.w.pl.set_card_declined("alice", declined)

    @rule()
    def settle(self) -> None:
        try:
            self.w.mp.settle()
        except NotAllowed:
            return
        self.resync()

    @precondition(lambda self: self.status() == "ended")
    @rule()
    def subscribe_again(self) -> None:
        try:
            self.w.mp.subscribe("pro", self.w.mp.subscription_sentence("pro"))
        except NotAllowed as e:
            assert "still due" in said(e)
            return
        for kind, qty in (("consultation", 75), ("offer", 35), ("contact", 15)):
            self.expected[kind] += qty

    # -- invariants --------------------------------------------------------------------------------

    @invariant()
    def balances_are_derived_and_never_negative(self) -> None:
        bal = self.balances()
        assert bal == self.expected
        ledger = self.conn.execute(
            "SELECT kind, coalesce(sum(delta), 0) FROM credit_entries WHERE provider_id = ? GROUP BY kind",
            (self.me,),
        ).fetchall()
        assert {**dict.fromkeys(KINDS, 0), **dict(ledger)} == bal
        lots = credits.live_lots(self.conn, self.me)
        assert {k: sum(r for _g, kk, _s, r, _e in lots if kk == k) for k in KINDS} == bal
        assert all(v >= 0 for v in bal.values())
        assert self.conn.execute(
            "SELECT count(*) FROM (SELECT grant_id FROM credit_entries GROUP BY grant_id "
            "HAVING sum(delta) < 0)"
        ).fetchone()[0] == 0

    @invariant()
    def one_debit_per_project_and_kind(self) -> None:
        c = self.conn
        assert c.execute(
            "SELECT count(*) FROM (SELECT 1 FROM credit_entries WHERE entry_type = 'debit' "
            "AND duplicate_of IS NULL GROUP BY provider_id, project_id, kind HAVING count(*) > 1)"
        ).fetchone()[0] == 0
        paid = {
            (p, k) for p, k in c.execute(
                "SELECT project_id, kind FROM credit_entries WHERE provider_id = ? AND entry_type = 'debit' "
                "AND duplicate_of IS NULL", (self.me,),
            )
        }
        assert paid == self.paid
        # every duplicate is refunded exactly once with reason `duplicate`; no debit twice
        assert c.execute(
            "SELECT count(*) FROM credit_entries d WHERE d.duplicate_of IS NOT NULL AND (SELECT count(*) "
            "FROM credit_entries r WHERE r.refund_of = d.id AND r.reason = 'duplicate') <> 1"
        ).fetchone()[0] == 0
        assert c.execute(
            "SELECT count(*) FROM (SELECT refund_of FROM credit_entries WHERE refund_of IS NOT NULL "
            "GROUP BY refund_of HAVING count(*) > 1)"
        ).fetchone()[0] == 0

    @invariant()
    def refunds_only_for_offer_and_contact_or_duplicates(self) -> None:
        """CR-8: never a consultation refund, except for a duplicate (CR-2)."""
        assert self.conn.execute(
            "SELECT count(*) FROM credit_entries WHERE entry_type = 'refund' AND kind = 'consultation' "
            "AND reason <> 'duplicate'"
        ).fetchone()[0] == 0

    @invariant()
    def nothing_outlives_its_expiry(self) -> None:
        """CR-4: unless suspended, no lot with credits left is past its (pushed) expiry."""
        if self.status() == "suspended":
            return
        now = self.w.engine.now()
        assert all(exp > now for *_r, exp in credits.live_lots(self.conn, self.me))

    @invariant()
    def every_entry_has_reason_and_time(self) -> None:
        """CR-7."""
        assert self.conn.execute(
            "SELECT count(*) FROM credit_entries WHERE trim(reason) = '' OR at IS NULL OR "
            "(entry_type IN ('debit', 'refund') AND project_id IS NULL)"
        ).fetchone()[0] == 0


CreditLedgerMachine.TestCase.settings = settings(
    max_examples=int(os.environ.get("PEL_LEDGER_EXAMPLES", "60")),
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestCreditLedger = CreditLedgerMachine.TestCase
