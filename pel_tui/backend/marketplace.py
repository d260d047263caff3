"""The provider's session: the verbs of RULES.md for one provider (the user of pel-tui)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any, Literal

from local_store.search import ProjectQuery, count_projects, search_projects
from pel_tui.backend import credits
from pel_tui.backend.base import ProviderBase
from pel_tui.backend.catchup import end_suspension, start_period
from pel_tui.backend.clock import add_months, day, to_datetime
from pel_tui.backend.engine import Engine, command
from pel_tui.backend.errors import (
    ConsultFirst,
    CreditsFrozen,
    InvalidInput,
    NoCreditsLeft,
    NotAllowed,
    NotFound,
    ProjectNotOpen,
)
from pel_tui.backend.escrow import EscrowActions
from pel_tui.backend.models import (
    ClientContact,
    Contract,
    CreditLot,
    Credits,
    LedgerEntry,
    Message,
    Notification,
    Offer,
    OfferVersion,
    PlatformInvoice,
    Profile,
    ProjectFile,
    ProjectPage,
    ProjectReport,
    ProjectSummary,
    Stats,
    Subscription,
    Suspension,
)
from pel_tui.backend.payments import PaymentActions
from pel_tui.backend.policy import DAY, Plan
from pel_tui.backend.profile import ProfileActions


def _dt(ts: int | None) -> datetime | None:
    return None if ts is None else to_datetime(ts)


def _req_dt(ts: int) -> datetime:
    return to_datetime(ts)


class Marketplace(EscrowActions, PaymentActions, ProfileActions, ProviderBase):
    """One provider's session. Queries read; commands (`@command`) write, journaled."""

    @classmethod
    def for_user(cls, engine: Engine) -> Marketplace:
        """The session of the store's own provider (meta `me`)."""
        me = engine.store.get_meta("me")
        if me is None:
            raise NotFound("this store has no provider account yet; run `pel demo` to create one")
        return cls(engine, int(me))

    # == queries =================================================================================

    def whoami(self) -> Profile:
        r = self.conn.execute(
            "SELECT id, pseudo, display_name, email, country, preferences, digest FROM providers "
            "WHERE id = ?", (self.provider_id,),
        ).fetchone()
        return Profile(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), bool(r[6]))

    def preferences(self) -> dict[str, Any]:
        return self.whoami().preferences

    def min_open_id(self) -> int:
        """The lowest project id that can still be open (PR-2's window): bounds the ranking."""
        since = self.now() - self.policy.project_expiry_days * DAY
        row = self.conn.execute(
            "SELECT id FROM projects WHERE created_at >= ? ORDER BY created_at LIMIT 1", (since,)
        ).fetchone()
        return int(row[0]) if row else 0

    def projects(
        self,
        words: str | None = None,
        *,
        categories: tuple[str, ...] = (),
        budget_min_cents: int | None = None,
        budget_max_cents: int | None = None,
        countries: tuple[str, ...] = (),
        urgent: bool | None = None,
        posted_since: int | None = None,
        max_offers: int | None = None,
        consulted: bool | None = None,
        hidden: bool | None = False,
        status: str | None = "open",
        order: Literal["newest", "relevance"] = "newest",
        offset: int = 0,
        limit: int = 50,
        with_total: bool = True,
    ) -> ProjectPage:
        """One page of projects (PR-3, PR-4), filtered and paged in SQL."""
        if limit < 1 or limit > 500 or offset < 0:
            raise InvalidInput("a page holds 1 to 500 projects, from offset 0 on")
        now = self.now()
        q = ProjectQuery(
            provider_id=self.provider_id, words=words, categories=categories,
            budget_min_cents=budget_min_cents, budget_max_cents=budget_max_cents,
            countries=countries, urgent=urgent, posted_since=posted_since, max_offers=max_offers,
            consulted=consulted, hidden=hidden, status=status, order=order,
            sink_before=now - self.policy.sink_after_days * DAY,
            min_open_id=self.min_open_id(), limit=limit, offset=offset,
        )
        rows = search_projects(self.conn, q)
        total = count_projects(self.conn, q) if with_total else -1
        return ProjectPage([self._summary(r, q.sink_before) for r in rows], total, offset, limit)

    @staticmethod
    def _summary(r: sqlite3.Row, sink_before: int) -> ProjectSummary:
        return ProjectSummary(
            id=r["id"], title=r["title"], summary=r["summary"], category=r["category"],
            budget_min_cents=r["budget_min_cents"], budget_max_cents=r["budget_max_cents"],
            country=r["country"], city=r["city"], created_at=_req_dt(r["created_at"]),
            urgent=bool(r["urgent"]), deadline=r["deadline"], status=r["status"],
            offers=r["offers_count"], consulted=bool(r["consulted"]), hidden=bool(r["hidden"]),
            my_offer=r["my_offer"], old=r["created_at"] < sink_before,
        )

    def _project_row(self, project_id: int) -> sqlite3.Row:
        self.conn.row_factory = sqlite3.Row
        try:
            row = self.conn.execute(
                "SELECT p.*, p.offers_count, "
                "EXISTS (SELECT 1 FROM credit_entries ce WHERE ce.provider_id = :me AND "
                "ce.project_id = p.id AND ce.kind = 'consultation' AND ce.entry_type = 'debit') "
                "AS consulted, EXISTS (SELECT 1 FROM hidden_projects h WHERE h.provider_id = :me "
                "AND h.project_id = p.id) AS hidden, (SELECT o.status FROM offers o WHERE "
                "o.project_id = p.id AND o.provider_id = :me) AS my_offer "
                "FROM projects p WHERE p.id = :id",
                {"me": self.provider_id, "id": project_id},
            ).fetchone()
        finally:
            self.conn.row_factory = None
        if row is None:
            raise NotFound(f"no project #{project_id}")
        return row

    def last_seen_project(self) -> int:
        """The newest project id the provider's list showed last time (0: never)."""
        return int(self.engine.store.get_meta(f"last_seen_project:{self.provider_id}", "0") or 0)

    def mark_seen(self, project_id: int) -> None:
        """Remember the newest project shown, to mark what is new next time (screen state, not a command)."""
        if project_id > self.last_seen_project():
            with self.engine.store.write():
                self.engine.store.set_meta(f"last_seen_project:{self.provider_id}", str(project_id))

    def unlocked(self, project_id: int) -> dict[str, bool]:
        return {
            k: credits.existing_debit(self.conn, self.provider_id, project_id, k) is not None
            for k in credits.KINDS
        }

    def project(self, project_id: int) -> ProjectReport:
        """PR-5: any project by id; the report's parts only as far as credits unlock them (CR-1)."""
        r = self._project_row(project_id)
        summary = self._summary(r, self.now() - self.policy.sink_after_days * DAY)
        unlocked = self.unlocked(project_id)
        c = self.conn
        consulted = unlocked["consultation"]
        other_offers = messages = files = None
        if consulted:
            other_offers = [
                o for o in self._offers("o.project_id = ?", (project_id,), versions=False)
                if o.provider != self.pseudo and o.status != "withdrawn"
            ]
            messages = [
                Message(m[0], m[1], m[2], m[3], _req_dt(m[4]))
                for m in c.execute(
                    "SELECT m.id, m.author, pr.pseudo, m.body, m.at FROM messages m "
                    "LEFT JOIN providers pr ON pr.id = m.provider_id WHERE m.project_id = ? "
                    "AND (m.provider_id IS NULL OR m.provider_id = ?) ORDER BY m.at, m.id",
                    (project_id, self.provider_id),
                )
            ]
            files = [
                ProjectFile(f[0], f[1], _req_dt(f[2]))
                for f in c.execute(
                    "SELECT name, size_bytes, posted_at FROM project_files WHERE project_id = ? "
                    "ORDER BY posted_at", (project_id,),
                )
            ]
        contact = None
        if unlocked["contact"]:
            n, em, ph = c.execute(
                "SELECT name, email, phone FROM clients WHERE id = ?", (r["client_id"],)
            ).fetchone()
            contact = ClientContact(n, em, ph)
        mine = self._offers("o.project_id = ? AND o.provider_id = ?", (project_id, self.provider_id))
        contracts = self._contracts("k.project_id = ? AND k.provider_id = ?", (project_id, self.provider_id))
        stale = c.execute(
            "SELECT CASE WHEN resolved_at IS NULL THEN 'pending' ELSE outcome END FROM stale_reports "
            "WHERE project_id = ? ORDER BY id DESC LIMIT 1", (project_id,),
        ).fetchone()
        return ProjectReport(
            project=summary, client_city=r["city"], unlocked=unlocked,
            description=r["description"] if consulted else None,
            specification=r["specification"] if consulted else None,
            other_offers=other_offers, messages=messages, files=files, contact=contact,
            my_offer=mine[0] if mine else None, contract=contracts[-1] if contracts else None,
            stale_report=stale[0] if stale else None,
        )

    def _offers(self, where: str, params: tuple[object, ...], *, versions: bool = True) -> list[Offer]:
        c = self.conn
        out = []
        for row in c.execute(
            "SELECT o.id, o.project_id, p.title, p.status, pr.pseudo, o.status, v.amount_cents, "
            "v.delay_days, v.message, o.created_at, o.updated_at, v.read_at FROM offers o "
            "JOIN projects p ON p.id = o.project_id JOIN providers pr ON pr.id = o.provider_id "
            "JOIN offer_versions v ON v.offer_id = o.id AND v.version = "
            "(SELECT max(version) FROM offer_versions WHERE offer_id = o.id) "
            f"WHERE {where} ORDER BY o.updated_at DESC, o.id DESC", params,
        ).fetchall():
            vs = []
            if versions:
                vs = [
                    OfferVersion(v[0], v[1], v[2], v[3], _req_dt(v[4]), _dt(v[5]))
                    for v in c.execute(
                        "SELECT version, amount_cents, delay_days, message, created_at, read_at "
                        "FROM offer_versions WHERE offer_id = ? ORDER BY version", (row[0],),
                    )
                ]
            out.append(Offer(
                id=row[0], project_id=row[1], project_title=row[2], project_status=row[3],
                provider=row[4], status=row[5], amount_cents=row[6], delay_days=row[7],
                message=row[8], created_at=_req_dt(row[9]), updated_at=_req_dt(row[10]),
                read_at=_dt(row[11]), versions=vs,
            ))
        return out

    def offers(self, status: str | None = None) -> list[Offer]:
        """My offers, newest activity first, every version with its read receipt (OF-3)."""
        if status:
            return self._offers("o.provider_id = ? AND o.status = ?", (self.provider_id, status))
        return self._offers("o.provider_id = ?", (self.provider_id,))

    def _contracts(self, where: str, params: tuple[object, ...]) -> list[Contract]:
        out = []
        for r in self.conn.execute(
            "SELECT k.id, k.project_id, p.title, pr.pseudo, k.formula, k.amount_cents, k.delay_days, "
            "k.status, k.commission_payer, k.commission_cents, k.r0_fee_cents, k.selected_at, "
            "k.confirm_by, k.confirmed_at, k.commission_paid_at FROM contracts k "
            "JOIN projects p ON p.id = k.project_id JOIN providers pr ON pr.id = k.provider_id "
            f"WHERE {where} ORDER BY k.id", params,
        ).fetchall():
            commission = r[9] if r[9] is not None else self.policy.commission_cents(r[5])
            r0_fee = r[10] if r[10] is not None else (
                self.policy.r0_fee_cents(r[5]) if r[4] == "r0" else 0
            )
            out.append(Contract(
                id=r[0], project_id=r[1], project_title=r[2], provider=r[3], formula=r[4],
                amount_cents=r[5], delay_days=r[6], status=r[7], commission_payer=r[8],
                commission_cents=commission, r0_fee_cents=r0_fee, selected_at=_req_dt(r[11]),
                confirm_by=_req_dt(r[12]), confirmed_at=_dt(r[13]), commission_paid_at=_dt(r[14]),
                terms=self._terms(r[4], r[8]),
            ))
        return out

    def _terms(self, formula: str, payer: str) -> list[str]:
        """What the terms page says besides the figures (CT-2, CT-5, CT-6, CT-7)."""
        terms = [
            "The contract is signed electronically on the platform; there is no paper contract.",
            "Working with this client around the platform to avoid the commission is a breach: "
            "the commission stays due.",
            f"The connection commission is paid by the {payer}.",
        ]
        if formula == "r0":
            terms.append(
                "Formula R0: the client funds the project's escrow account; work only on the funded "
                "part, and request payment with an invoice once funds are released."
            )
        else:
            terms.append(
                "Base formula: after the commission the platform is out of the project; payment is "
                "agreed directly with the client, and there are no payment requests."
            )
        return terms

    def contracts(self) -> list[Contract]:
        return self._contracts("k.provider_id = ?", (self.provider_id,))

    def quote(self, project_id: int, kind: str) -> dict[str, Any]:
        """What an action costs before it is done: which credit, balance before and after."""
        if kind not in credits.KINDS:
            raise InvalidInput(f"unknown credit kind {kind!r}: one of {', '.join(credits.KINDS)}")
        self._project_row(project_id)
        paid = credits.existing_debit(self.conn, self.provider_id, project_id, kind) is not None
        before = credits.balances(self.conn, self.provider_id)[kind]
        return {
            "kind": kind, "already_paid": paid, "balance_before": before,
            "balance_after": before if paid else before - 1,
            "needs_consultation": kind != "consultation"
            and credits.existing_debit(self.conn, self.provider_id, project_id, "consultation") is None,
            "frozen": self._frozen_reason(),
        }

    def credits(self, ledger_limit: int | None = None) -> Credits:
        """Balances per kind, next expiries and the ledger, newest first (CR-7)."""
        c = self.conn
        sql = (
            "SELECT id, at, kind, entry_type, delta, project_id, reason, grant_id FROM credit_entries "
            "WHERE provider_id = ? ORDER BY at DESC, id DESC"
        )
        params: tuple[object, ...] = (self.provider_id,)
        if ledger_limit is not None:
            sql += " LIMIT ?"
            params = (self.provider_id, ledger_limit)
        ledger = [
            LedgerEntry(r[0], _req_dt(r[1]), r[2], r[3], r[4], r[5], r[6], r[7])
            for r in c.execute(sql, params)
        ]
        lots = [
            CreditLot(g, k, s, rem, _req_dt(exp))
            for g, k, s, rem, exp in credits.live_lots(c, self.provider_id)
        ]
        frozen = self._frozen_reason()
        return Credits(credits.balances(c, self.provider_id), frozen is None, frozen, lots, ledger)

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

    def notifications(self, *, unread_only: bool = False, limit: int = 200) -> list[Notification]:
        sql = (
            "SELECT id, at, kind, project_id, title, body, read_at, data FROM notifications "
            "WHERE provider_id = ?"
        )
        if unread_only:
            sql += " AND read_at IS NULL"
        sql += " ORDER BY at DESC, id DESC LIMIT ?"
        return [
            Notification(r[0], _req_dt(r[1]), r[2], r[3], r[4], r[5], r[6] is not None, json.loads(r[7]))
            for r in self.conn.execute(sql, (self.provider_id, limit))
        ]

    def unread_count(self) -> int:
        return int(self.conn.execute(
            "SELECT count(*) FROM notifications WHERE provider_id = ? AND read_at IS NULL",
            (self.provider_id,),
        ).fetchone()[0])

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

    # == commands ==================================================================================

    def _open_project(self, project_id: int, action: str) -> tuple[str, str]:
        row = self.conn.execute(
            "SELECT status, title FROM projects WHERE id = ?", (project_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no project #{project_id}")
        if row[0] != "open":
            raise ProjectNotOpen(project_id, row[0], action)
        return row[0], row[1]

    def _spend(self, project_id: int, kind: str, reason: str) -> bool:
        """Spend one credit of `kind` on a project unless already spent (CR-2). True if spent."""
        c = self.conn
        if credits.existing_debit(c, self.provider_id, project_id, kind) is not None:
            return False
        if kind != "consultation" and credits.existing_debit(
            c, self.provider_id, project_id, "consultation"
        ) is None:
            raise ConsultFirst(project_id)
        frozen = self._frozen_reason()
        if frozen is not None:
            raise CreditsFrozen(frozen)
        if credits.debit(c, self.provider_id, project_id, kind, reason=reason, at=self.now()) is None:
            sub = self._subscription_row()
            nxt = day(sub[5]) if sub and sub[2] == "active" and sub[6] is None else None
            raise NoCreditsLeft(kind, nxt)
        return True

    def _balances(self) -> dict[str, int]:
        return credits.balances(self.conn, self.provider_id)

    @command
    def consult(self, project_id: int) -> dict[str, Any]:
        """Unlock a project's report with a consultation credit (CR-1); free the second time."""
        if credits.existing_debit(self.conn, self.provider_id, project_id, "consultation") is None:
            self._open_project(project_id, "consult it")
        spent = self._spend(project_id, "consultation", "consultation")
        return {"project_id": project_id, "spent": spent, "balances": self._balances()}

    @command
    def make_offer(self, project_id: int, amount_cents: int, delay_days: int, message: str) -> dict[str, Any]:
        """Make an offer, or edit it (OF-1, OF-2): the offer credit is spent once."""
        _, _title = self._open_project(project_id, "make or edit an offer")
        if not isinstance(amount_cents, int) or amount_cents <= 0:
            raise InvalidInput("the amount must be a positive number of euros, e.g. 1500 or 1500.50")
        if amount_cents > 100_000_000_00:
            raise InvalidInput("the amount is above 100 million euros; check the figure")
        if not isinstance(delay_days, int) or not 1 <= delay_days <= 3650:
            raise InvalidInput("the delay is a whole number of days from 1 to 3650")
        message = message.strip()
        if len(message) < self.policy.offer_message_min_chars:
            raise InvalidInput(
                f"the message has {len(message)} characters; an offer needs at least "
                f"{self.policy.offer_message_min_chars}: say what you will do and how"
            )
        c, now = self.conn, self.now()
        spent = self._spend(project_id, "offer", "offer")
        row = c.execute(
            "SELECT id, status FROM offers WHERE project_id = ? AND provider_id = ?",
            (project_id, self.provider_id),
        ).fetchone()
        if row is None:
            oid = int(c.execute(
                "INSERT INTO offers(project_id, provider_id, status, created_at, updated_at) "
                "VALUES (?, ?, 'submitted', ?, ?)", (project_id, self.provider_id, now, now),
            ).lastrowid or 0)
            version = 1
            c.execute("UPDATE projects SET offers_count = offers_count + 1 WHERE id = ?", (project_id,))
        else:
            oid, status = row
            if status == "withdrawn":
                c.execute("UPDATE projects SET offers_count = offers_count + 1 WHERE id = ?", (project_id,))
            elif status not in ("submitted", "read"):
                raise NotAllowed(f"your offer on #{project_id} is {status}; it can no longer change")
            version = c.execute(
                "SELECT max(version) + 1 FROM offer_versions WHERE offer_id = ?", (oid,)
            ).fetchone()[0]
            # OF-2: an edit resets the read receipt.
            c.execute("UPDATE offers SET status = 'submitted', updated_at = ? WHERE id = ?", (now, oid))
        c.execute(
            "INSERT INTO offer_versions(offer_id, version, amount_cents, delay_days, message, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", (oid, version, amount_cents, delay_days, message, now),
        )
        return {"project_id": project_id, "offer_id": oid, "version": version, "spent": spent,
                "balances": self._balances()}

    @command
    def withdraw(self, project_id: int) -> dict[str, Any]:
        """OF-4: withdraw my offer while the project is open; the credit is not refunded."""
        self._open_project(project_id, "withdraw your offer")
        row = self.conn.execute(
            "SELECT id, status FROM offers WHERE project_id = ? AND provider_id = ?",
            (project_id, self.provider_id),
        ).fetchone()
        if row is None or row[1] == "withdrawn":
            raise NotAllowed(f"you have no live offer on #{project_id}")
        self.conn.execute("UPDATE offers SET status = 'withdrawn', updated_at = ? WHERE id = ?",
                          (self.now(), row[0]))
        self.conn.execute(
            "UPDATE projects SET offers_count = max(offers_count - 1, 0) WHERE id = ?", (project_id,)
        )
        return {"project_id": project_id, "offer_id": row[0], "status": "withdrawn"}

    @command
    def ask(self, project_id: int, text: str) -> dict[str, Any]:
        """OF-5: write to the client on the report; needs the offer credit (spent once)."""
        text = text.strip()
        if not text:
            raise InvalidInput("the message is empty")
        if len(text) > 5_000:
            raise InvalidInput("a message holds at most 5,000 characters")
        self._open_project(project_id, "write to the client on it")
        spent = self._spend(project_id, "offer", "question")
        mid = self.conn.execute(
            "INSERT INTO messages(project_id, provider_id, author, body, at) VALUES (?, ?, 'provider', ?, ?)",
            (project_id, self.provider_id, text, self.now()),
        ).lastrowid
        return {"project_id": project_id, "message_id": mid, "spent": spent, "balances": self._balances()}

    @command
    def reveal_contact(self, project_id: int) -> dict[str, Any]:
        """CR-1: reveal the client's direct details with a contact credit (spent once)."""
        status = self.conn.execute("SELECT status FROM projects WHERE id = ?", (project_id,)).fetchone()
        if status is None:
            raise NotFound(f"no project #{project_id}")
        already = credits.existing_debit(self.conn, self.provider_id, project_id, "contact")
        chosen = self.conn.execute(
            "SELECT 1 FROM contracts WHERE project_id = ? AND provider_id = ? AND status IN "
            "('awaiting_confirmation', 'awaiting_commission', 'in_progress', 'finalized')",
            (project_id, self.provider_id),
        ).fetchone()
        if already is None and status[0] != "open" and not chosen:
            raise ProjectNotOpen(project_id, status[0], "reveal the client's contact")
        spent = self._spend(project_id, "contact", "contact")
        n, em, ph = self.conn.execute(
            "SELECT c.name, c.email, c.phone FROM clients c JOIN projects p ON p.client_id = c.id "
            "WHERE p.id = ?", (project_id,),
        ).fetchone()
        return {"project_id": project_id, "spent": spent, "name": n, "email": em, "phone": ph,
                "balances": self._balances()}

    @command
    def hide(self, project_id: int) -> dict[str, Any]:
        """PR-7: take a project out of my list; nothing changes for anyone else."""
        self._project_row(project_id)
        self.conn.execute(
            "INSERT OR IGNORE INTO hidden_projects(provider_id, project_id, hidden_at) VALUES (?, ?, ?)",
            (self.provider_id, project_id, self.now()),
        )
        return {"project_id": project_id, "hidden": True}

    @command
    def unhide(self, project_id: int) -> dict[str, Any]:
        self._project_row(project_id)
        self.conn.execute(
            "DELETE FROM hidden_projects WHERE provider_id = ? AND project_id = ?",
            (self.provider_id, project_id),
        )
        return {"project_id": project_id, "hidden": False}

    @command
    def report_stale(self, project_id: int) -> dict[str, Any]:
        """PR-6: ask the client whether the project is still current."""
        self._open_project(project_id, "report it as no longer current")
        pending = self.conn.execute(
            "SELECT id FROM stale_reports WHERE project_id = ? AND resolved_at IS NULL", (project_id,)
        ).fetchone()
        if pending is None:
            self.conn.execute(
                "INSERT INTO stale_reports(project_id, provider_id, reported_at) VALUES (?, ?, ?)",
                (project_id, self.provider_id, self.now()),
            )
        deadline = self.now() + self.policy.stale_answer_days * DAY
        return {"project_id": project_id, "already_reported": pending is not None,
                "client_answer_by": day(deadline)}

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
            self.engine.notify(c, prov, "lost", f"Offer lost on #{project_id} {title}", body=body,
                               project_id=project_id, data=rec, dedup_key=f"lost:{oid}")

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
        start_period(self.engine, self.conn, sid, self.provider_id, p.name, now)
        self.engine.store.set_meta(f"digest_last:{self.provider_id}", str(now))
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
        end_suspension(self.engine, self.conn, row[0], self.now())
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
        if self.engine.store.get_meta(f"card_declined:{self.provider_id}") == "1":
            raise NotAllowed("the payment was declined again; update your payment method and retry")
        c.execute("UPDATE provider_debts SET settled_at = ? WHERE provider_id = ? AND settled_at IS NULL",
                  (now, self.provider_id))
        row = self._subscription_row()
        if row is not None and row[2] == "payment_incident":
            sid, plan_name, *_ = row
            c.execute("DELETE FROM subscription_periods WHERE subscription_id = ? AND paid = 0", (sid,))
            start_period(self.engine, c, sid, self.provider_id, plan_name, now)
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
    def mark_read(self, notification_ids: list[int] | None = None) -> dict[str, Any]:
        """Mark notifications read (all of them without ids)."""
        now = self.now()
        if notification_ids is None:
            cur = self.conn.execute(
                "UPDATE notifications SET read_at = ? WHERE provider_id = ? AND read_at IS NULL",
                (now, self.provider_id),
            )
        else:
            marks = ", ".join("?" for _ in notification_ids) or "NULL"
            cur = self.conn.execute(
                f"UPDATE notifications SET read_at = ? WHERE provider_id = ? AND read_at IS NULL "
                f"AND id IN ({marks})", (now, self.provider_id, *notification_ids),
            )
        return {"marked": cur.rowcount}

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
