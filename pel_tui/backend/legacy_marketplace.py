"""TRANSITIONAL: the provider's verbs not yet converted to typed commands (subscription, contracts,
account). Emptied, then removed, as each becomes a command with its handler."""

from __future__ import annotations

import json
from typing import Any

from pel_tui.backend.base import ProviderBase
from pel_tui.backend.billing import end_suspension, start_period
from pel_tui.backend.clock import add_months, day, to_datetime
from pel_tui.backend.errors import InvalidInput, NotAllowed, NotFound
from pel_tui.backend.events import notify
from pel_tui.backend.legacy import command
from pel_tui.backend.models import PlatformInvoice, Profile, Stats, Subscription, Suspension
from pel_tui.backend.policy import DAY, Plan
from pel_tui.backend.services.digest import set_last
from pel_tui.backend.services.subscriptions import card_declined


def _dt(ts: int | None) -> Any:
    return None if ts is None else to_datetime(ts)


def _req_dt(ts: int) -> Any:
    return to_datetime(ts)


class LegacyProvider(ProviderBase):
    def whoami(self) -> Profile:
        r = self.conn.execute(
            "SELECT id, pseudo, display_name, email, country, preferences, digest FROM providers "
            "WHERE id = ?", (self.provider_id,),
        ).fetchone()
        return Profile(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), bool(r[6]))

    def preferences(self) -> dict[str, Any]:
        return self.whoami().preferences

    def _subscription_row(self) -> tuple[Any, ...] | None:
        return self.conn.execute(
            "SELECT id, plan, status, started_at, period_start, period_end, cancel_requested_at, "
            "incident_since FROM subscriptions WHERE provider_id = ? ORDER BY id DESC LIMIT 1",
            (self.provider_id,),
        ).fetchone()

    def _frozen_reason(self) -> str | None:
        """CR-6: why credits cannot be spent now, or None."""
        row = self._subscription_row()
        if row is None:
            return "none"
        return None if row[2] == "active" else str(row[2])

    def subscription(self) -> Subscription | None:
        row = self._subscription_row()
        if row is None:
            return None
        sid, plan_name, status, started, pstart, pend, cancel, incident = row
        plan = self.policy.plans[plan_name]
        susp = [
            Suspension(_req_dt(a), _req_dt(b), _dt(c))
            for a, b, c in self.conn.execute(
                "SELECT started_at, planned_end, ended_at FROM suspensions WHERE subscription_id = ? "
                "ORDER BY id", (sid,),
            )
        ]
        last = self.conn.execute(
            "SELECT max(s.started_at) FROM suspensions s JOIN subscriptions u ON u.id = s.subscription_id "
            "WHERE u.provider_id = ?", (self.provider_id,),
        ).fetchone()[0]
        can_from = None if last is None else add_months(last, self.policy.suspension_every_months)
        due = self.conn.execute(
            "SELECT coalesce(sum(amount_cents), 0) FROM provider_debts WHERE provider_id = ? "
            "AND settled_at IS NULL", (self.provider_id,),
        ).fetchone()[0]
        return Subscription(
            plan=plan.name, plan_label=plan.label, price_cents=plan.price_cents, months=plan.months,
            status=status, started_at=_req_dt(started), period_start=_req_dt(pstart),
            period_end=_req_dt(pend), renews=status in ("active", "suspended") and cancel is None,
            renewal_notice_at=_req_dt(pend - self.policy.renewal_notice_days(plan) * DAY),
            cancel_requested_at=_dt(cancel), incident_since=_dt(incident), suspensions=susp,
            can_suspend_from=_dt(can_from), amount_due_cents=int(due),
        )

    def stats(self) -> Stats:
        """ST-1: the provider's own figures beside the platform's reference line."""
        c, me = self.conn, self.provider_id
        consulted = c.execute(
            "SELECT count(*) FROM credit_entries WHERE provider_id = ? AND kind = 'consultation' "
            "AND entry_type = 'debit' AND duplicate_of IS NULL", (me,),
        ).fetchone()[0]
        offers_made = c.execute("SELECT count(*) FROM offers WHERE provider_id = ?", (me,)).fetchone()[0]
        won = c.execute(
            "SELECT count(*) FROM offers WHERE provider_id = ? AND status = 'won'", (me,)
        ).fetchone()[0]
        decided = c.execute(
            "SELECT count(*) FROM offers WHERE provider_id = ? AND status IN ('won', 'lost')", (me,)
        ).fetchone()[0]
        spent = -c.execute(
            "SELECT coalesce(sum(d.delta), 0) FROM credit_entries d WHERE d.provider_id = ? AND "
            "d.entry_type = 'debit' AND NOT EXISTS (SELECT 1 FROM credit_entries r WHERE r.refund_of = d.id)",
            (me,),
        ).fetchone()[0]
        competition = c.execute(
            "SELECT avg(p.offers_count) FROM offers o JOIN projects p ON p.id = o.project_id "
            "WHERE o.provider_id = ?", (me,),
        ).fetchone()[0]
        return Stats(
            projects_consulted=consulted, offers_made=offers_made, won=won,
            win_rate=(won / decided) if decided else 0.0, credits_spent=spent,
            credits_spent_per_won=(spent / won) if won else None,
            average_competition=None if competition is None else round(float(competition), 2),
            platform_go_ahead_rate=self.policy.platform_go_ahead_rate,
            platform_win_rate=self.policy.platform_win_rate,
        )

    def platform_invoices(self) -> list[PlatformInvoice]:
        return [
            PlatformInvoice(r[0], r[1], _req_dt(r[2]), r[3], r[4], r[5], r[6], r[7])
            for r in self.conn.execute(
                "SELECT id, number, issued_at, kind, label, amount_cents, vat_cents, project_id "
                "FROM platform_invoices WHERE provider_id = ? ORDER BY issued_at DESC, id DESC",
                (self.provider_id,),
            )
        ]

    def save_platform_invoice(self, number: str, path: str) -> str:
        """SU-8: write one of the platform's invoices as a PDF file; returns the path."""
        from pathlib import Path

        from pel_tui.backend.invoices import write_platform_invoice_pdf

        row = self.conn.execute(
            "SELECT number, issued_at, label, amount_cents, vat_cents FROM platform_invoices "
            "WHERE provider_id = ? AND (number = ? OR CAST(id AS TEXT) = ?)",
            (self.provider_id, number, number),
        ).fetchone()
        if row is None:
            raise NotFound(f"no invoice {number}; list them with `pel invoices`")
        me = self.whoami()
        target = Path(path)
        if target.is_dir():
            target = target / f"{row[0]}.pdf"
        write_platform_invoice_pdf(
            target, number=row[0], issued_at=row[1], label=row[2], amount_cents=row[3],
            vat_cents=row[4], customer=me.display_name, customer_country=me.country,
        )
        return str(target)

    def _awaiting_contract(self, project_id: int) -> tuple[Any, ...]:
        row = self.conn.execute(
            "SELECT id, offer_id, formula, amount_cents, commission_payer, confirm_by FROM contracts "
            "WHERE project_id = ? AND provider_id = ? AND status = 'awaiting_confirmation'",
            (project_id, self.provider_id),
        ).fetchone()
        if row is None:
            raise NotAllowed(f"no selection of yours awaits confirmation on #{project_id}")
        return tuple(row)

    @command
    def confirm_terms(self, project_id: int, accept_commission: bool = False) -> dict[str, Any]:
        """CT-1: confirm the final terms; OF-7: every other offer is lost."""
        cid, oid, formula, amount, payer, _ = self._awaiting_contract(project_id)
        if payer == "provider" and not accept_commission:
            raise NotAllowed(
                "the client asks you to pay the connection commission of "
                f"{self.policy.commission_cents(amount) / 100:.2f} €; confirm with your explicit "
                "agreement (pel confirm ID --accept-commission) or decline"
            )
        c, now = self.conn, self.now()
        commission = self.policy.commission_cents(amount)
        r0_fee = self.policy.r0_fee_cents(amount) if formula == "r0" else 0
        c.execute(
            "UPDATE contracts SET status = 'awaiting_commission', confirmed_at = ?, commission_cents = ?, "
            "r0_fee_cents = ? WHERE id = ?", (now, commission, r0_fee, cid),
        )
        c.execute("UPDATE offers SET status = 'won', updated_at = ? WHERE id = ?", (now, oid))
        self._notify_losers(project_id, oid, amount, now)
        return {"project_id": project_id, "contract_id": cid, "formula": formula,
                "amount_cents": amount, "commission_cents": commission, "r0_fee_cents": r0_fee,
                "commission_payer": payer}

    def _notify_losers(self, project_id: int, winner_offer: int, amount: int, now: int) -> None:
        """OF-7: each other provider's offer is lost, with recommendations."""
        from pel_tui.backend.profile import completeness

        c = self.conn
        title, created = c.execute(
            "SELECT title, created_at FROM projects WHERE id = ?", (project_id,)
        ).fetchone()
        amounts = [
            a for (a,) in c.execute(
                "SELECT v.amount_cents FROM offers o JOIN offer_versions v ON v.offer_id = o.id AND "
                "v.version = (SELECT max(version) FROM offer_versions WHERE offer_id = o.id) "
                "WHERE o.project_id = ? AND o.status <> 'withdrawn'", (project_id,),
            )
        ]
        winner_delay = c.execute(
            "SELECT created_at FROM offers WHERE id = ?", (winner_offer,)
        ).fetchone()[0] - created
        for oid, prov, ocreated in c.execute(
            "SELECT id, provider_id, created_at FROM offers WHERE project_id = ? AND id <> ? "
            "AND status IN ('submitted', 'read', 'selected')", (project_id, winner_offer),
        ).fetchall():
            last_read = c.execute(
                "SELECT read_at FROM offer_versions WHERE offer_id = ? ORDER BY version DESC LIMIT 1",
                (oid,),
            ).fetchone()[0]
            c.execute("UPDATE offers SET status = 'lost', updated_at = ? WHERE id = ?", (now, oid))
            rec = {
                "price_range_cents": [min(amounts), max(amounts)] if amounts else None,
                "winning_amount_cents": amount,
                "your_offer_was_read": last_read is not None,
                "profile_completeness": completeness(c, prov),
                "your_answer_hours": round((ocreated - created) / 3600, 1),
                "winner_answer_hours": round(winner_delay / 3600, 1),
            }
            lo, hi = rec["price_range_cents"] or [0, 0]
            body = (
                f"Competitors offered {lo / 100:.0f}–{hi / 100:.0f} €. Your offer was "
                f"{'read' if last_read else 'not read'} by the client. You answered after "
                f"{rec['your_answer_hours']} h (the winner after {rec['winner_answer_hours']} h). "
                f"Profile completeness: {rec['profile_completeness']} %."
            )
            del body
            notify(c, prov, "lost", at=now, project_id=project_id, dedup_key=f"lost:{oid}", title=title,
                   reason="another_won", recommendations=rec)

    @command
    def decline(self, project_id: int) -> dict[str, Any]:
        """CT-1: decline a selection; the project is open again."""
        cid, oid, *_ = self._awaiting_contract(project_id)
        c, now = self.conn, self.now()
        c.execute("UPDATE contracts SET status = 'declined', ended_at = ? WHERE id = ?", (now, cid))
        c.execute("UPDATE offers SET status = 'withdrawn', updated_at = ? WHERE id = ?", (now, oid))
        c.execute(
            "UPDATE projects SET status = 'open', status_at = ?, offers_count = max(offers_count - 1, 0) "
            "WHERE id = ?", (now, project_id),
        )
        return {"project_id": project_id, "contract_id": cid, "status": "declined"}

    # -- subscription (SU) ---------------------------------------------------------------------------

    def subscription_sentence(self, plan: str) -> str:
        return self.policy.subscription_sentence(self._plan(plan))

    def _plan(self, name: str) -> Plan:
        plan = self.policy.plans.get(name.lower())
        if plan is None:
            raise InvalidInput(f"no plan {name!r}; plans: {', '.join(self.policy.plans)}")
        return plan

    @command
    def subscribe(self, plan: str, confirmation: str) -> dict[str, Any]:
        """SU-2: subscribe by typing the exact confirmation sentence; the period's allotment comes."""
        p = self._plan(plan)
        sentence = self.policy.subscription_sentence(p)
        if " ".join(confirmation.split()) != sentence:
            raise InvalidInput(
                f"the confirmation text does not match; type exactly: {sentence}"
            )
        live = self._subscription_row()
        if live is not None and live[2] != "ended":
            raise NotAllowed(f"you already have a {live[1]} subscription ({live[2]})")
        due = self.conn.execute(
            "SELECT coalesce(sum(amount_cents), 0) FROM provider_debts WHERE provider_id = ? "
            "AND settled_at IS NULL", (self.provider_id,),
        ).fetchone()[0]
        if due:
            raise NotAllowed(f"{due / 100:.2f} € from a past subscription is still due; settle it first (pel settle)")
        now = self.now()
        sid = int(self.conn.execute(
            "INSERT INTO subscriptions(provider_id, plan, status, started_at, period_start, period_end, "
            "confirmation_text) VALUES (?, ?, 'active', ?, ?, ?, ?)",
            (self.provider_id, p.name, now, now, add_months(now, p.months), sentence),
        ).lastrowid or 0)
        start_period(self._ctx(), sid, self.provider_id, p.name, now)
        set_last(self._ctx(), self.provider_id, now)
        return {"plan": p.name, "period_end": day(add_months(now, p.months)), "granted": p.allotment()}

    def _live_subscription(self) -> tuple[Any, ...]:
        row = self._subscription_row()
        if row is None or row[2] == "ended":
            raise NotAllowed("you have no live subscription")
        return tuple(row)

    @command
    def cancel_subscription(self) -> dict[str, Any]:
        """SU-4: no renewal; active until the end of the paid period, no refund."""
        sid, _, _status, _, _, pend, cancel, _ = self._live_subscription()
        if cancel is None:
            self.conn.execute(
                "UPDATE subscriptions SET cancel_requested_at = ? WHERE id = ?", (self.now(), sid)
            )
        return {"active_until": day(pend), "refund_cents": 0}

    @command
    def suspend(self, months: int) -> dict[str, Any]:
        """SU-5: suspend for 1 to 3 months, at most once per 12 months; credits are frozen."""
        pol = self.policy
        if not isinstance(months, int) or not pol.suspension_min_months <= months <= pol.suspension_max_months:
            raise InvalidInput(
                f"a suspension lasts {pol.suspension_min_months} to {pol.suspension_max_months} months"
            )
        sid, _, status, *_ = self._live_subscription()
        if status != "active":
            raise NotAllowed(f"your subscription is {status}; only an active one can be suspended")
        now = self.now()
        last = self.conn.execute(
            "SELECT max(s.started_at) FROM suspensions s JOIN subscriptions u ON u.id = s.subscription_id "
            "WHERE u.provider_id = ?", (self.provider_id,),
        ).fetchone()[0]
        if last is not None and add_months(last, pol.suspension_every_months) > now:
            raise NotAllowed(
                f"one suspension per {pol.suspension_every_months} months; the next one is possible "
                f"from {day(add_months(last, pol.suspension_every_months))}"
            )
        end = add_months(now, months)
        self.conn.execute(
            "INSERT INTO suspensions(subscription_id, started_at, planned_end) VALUES (?, ?, ?)",
            (sid, now, end),
        )
        self.conn.execute("UPDATE subscriptions SET status = 'suspended' WHERE id = ?", (sid,))
        return {"suspended_until": day(end)}

    @command
    def resume(self) -> dict[str, Any]:
        """SU-5: end a suspension early; expiries move out by the days actually suspended."""
        row = self.conn.execute(
            "SELECT s.id FROM suspensions s JOIN subscriptions u ON u.id = s.subscription_id "
            "WHERE u.provider_id = ? AND s.ended_at IS NULL", (self.provider_id,),
        ).fetchone()
        if row is None:
            raise NotAllowed("your subscription is not suspended")
        end_suspension(self._ctx(), row[0], self.now())
        sub = self._subscription_row()
        return {"period_end": day(sub[5]) if sub else None}

    @command
    def settle(self) -> dict[str, Any]:
        """SU-6: pay what is due; a subscription in payment incident starts its new period."""
        c, now = self.conn, self.now()
        due = c.execute(
            "SELECT coalesce(sum(amount_cents), 0) FROM provider_debts WHERE provider_id = ? "
            "AND settled_at IS NULL", (self.provider_id,),
        ).fetchone()[0]
        if not due:
            raise NotAllowed("nothing is due")
        if card_declined(self._ctx(), self.provider_id):
            raise NotAllowed("the payment was declined again; update your payment method and retry")
        c.execute("UPDATE provider_debts SET settled_at = ? WHERE provider_id = ? AND settled_at IS NULL",
                  (now, self.provider_id))
        row = self._subscription_row()
        if row is not None and row[2] == "payment_incident":
            sid, plan_name, *_ = row
            c.execute("DELETE FROM subscription_periods WHERE subscription_id = ? AND paid = 0", (sid,))
            start_period(self._ctx(), sid, self.provider_id, plan_name, now)
        return {"paid_cents": int(due)}

    # -- profile, notifications, account ----------------------------------------------------------

    @command
    def set_preferences(
        self,
        categories: list[str] | None = None,
        keywords: list[str] | None = None,
        min_budget_cents: int | None = None,
        countries: list[str] | None = None,
        digest: bool | None = None,
    ) -> dict[str, Any]:
        """PF-1: what the default project list and the digest filter on."""
        prefs = self.preferences()
        for key, value in (("categories", categories), ("keywords", keywords),
                           ("min_budget_cents", min_budget_cents), ("countries", countries)):
            if value is not None:
                prefs[key] = value
        self.conn.execute("UPDATE providers SET preferences = ? WHERE id = ?",
                          (json.dumps(prefs, ensure_ascii=False), self.provider_id))
        if digest is not None:
            self.conn.execute("UPDATE providers SET digest = ? WHERE id = ?", (int(digest), self.provider_id))
        return {"preferences": prefs, "digest": self.whoami().digest}

    @command
    def delete_account(self, confirm_pseudo: str) -> dict[str, Any]:
        """SU-7: personal data anonymised; ledgers, invoices and a period already due are kept."""
        if confirm_pseudo != self.pseudo:
            raise InvalidInput(f"type your pseudo ({self.pseudo}) to confirm the deletion")
        now = self.now()
        sub = self._subscription_row()
        self.conn.execute(
            "UPDATE providers SET deleted_at = ?, display_name = 'compte supprimé', email = NULL, "
            "preferences = '{}', digest = 0, headline = '', description = '', skills = '[]', "
            "photo_sha256 = NULL, legal_name = NULL, siret = NULL, vat_number = NULL, address = NULL "
            "WHERE id = ?", (now, self.provider_id),
        )
        if sub is not None and sub[2] != "ended" and sub[6] is None:
            self.conn.execute("UPDATE subscriptions SET cancel_requested_at = ? WHERE id = ?", (now, sub[0]))
        return {"deleted": True, "paid_until": day(sub[5]) if sub and sub[2] != "ended" else None}
