"""The other sides of the marketplace: clients, moderation, accounting, the clock.

In the embedded mode these verbs are played by the demo, the tests and `pel platform ...`; with
remote sync, by the server. They are commands like the provider's: journaled, one transaction.
"""

from __future__ import annotations

from typing import Any

from pel_tui.backend import credits
from pel_tui.backend.base import PlatformBase
from pel_tui.backend.catchup import end_project, resolve_stale
from pel_tui.backend.clock import day
from pel_tui.backend.engine import command
from pel_tui.backend.errors import InvalidInput, NotAllowed, NotFound
from pel_tui.backend.escrow import EscrowServices
from pel_tui.backend.invoices import issue_platform_invoice
from pel_tui.backend.payments import PaymentServices
from pel_tui.backend.policy import DAY
from pel_tui.backend.profile import PSEUDO, ProfileServices


class Platform(EscrowServices, PaymentServices, ProfileServices, PlatformBase):
    """Clients, moderation, SMA, SCP, accounting and the clock, as commands."""

    def _project(self, project_id: int) -> tuple[str, str, int]:
        row = self.conn.execute(
            "SELECT status, title, client_id FROM projects WHERE id = ?", (project_id,)
        ).fetchone()
        if row is None:
            raise NotFound(f"no project #{project_id}")
        return row[0], row[1], row[2]

    # -- accounts -----------------------------------------------------------------------------------

    @command
    def register_provider(
        self, pseudo: str, display_name: str, country: str, email: str | None = None
    ) -> dict[str, Any]:
        """Sign-up: PF-2's pseudo (3-30 of a-z 0-9 _ -, unique) and PF-4's countries."""
        if not PSEUDO.match(pseudo):
            raise InvalidInput("a pseudo has 3 to 30 characters among a-z, 0-9, _ and -")
        if self.conn.execute("SELECT 1 FROM providers WHERE pseudo = ?", (pseudo,)).fetchone():
            raise InvalidInput(f"the pseudo {pseudo!r} is taken; choose another")
        countries = self.engine.policy.provider_countries
        if country.upper() not in countries:
            raise InvalidInput(
                f"providers can sign up from {', '.join(countries)}; {country!r} is not among them"
            )
        pid = self.conn.execute(
            "INSERT INTO providers(pseudo, display_name, email, country, created_at) VALUES (?, ?, ?, ?, ?)",
            (pseudo, display_name, email, country.upper(), self.now()),
        ).lastrowid
        return {"provider_id": pid, "pseudo": pseudo}

    @command
    def add_client(self, name: str, email: str, phone: str, country: str, city: str) -> dict[str, Any]:
        cid = self.conn.execute(
            "INSERT INTO clients(name, email, phone, country, city) VALUES (?, ?, ?, ?, ?)",
            (name, email, phone, country, city),
        ).lastrowid
        return {"client_id": cid}

    @command
    def grant_credits(self, pseudo: str, kind: str, quantity: int, reason: str = "pack") -> dict[str, Any]:
        """CR-4: a pack bought, or an adjustment by the platform."""
        if kind not in credits.KINDS:
            raise InvalidInput(f"unknown credit kind {kind!r}: one of {', '.join(credits.KINDS)}")
        if not isinstance(quantity, int) or quantity <= 0:
            raise InvalidInput("the quantity is a positive whole number")
        prov = self.provider_id(pseudo)
        source = "pack" if reason == "pack" else "adjustment"
        gid = credits.grant(self.conn, prov, kind, quantity, source=source, reason=reason,
                            at=self.now(), validity_months=self.engine.policy.credit_validity_months)
        return {"grant_id": gid, "balances": credits.balances(self.conn, prov)}

    @command
    def import_debit(self, pseudo: str, project_id: int, kind: str, reason: str = "sync") -> dict[str, Any]:
        """A debit arriving from elsewhere (sync, import). CR-2: a duplicate is refunded at once."""
        prov = self.provider_id(pseudo)
        self._project(project_id)
        c, now = self.conn, self.now()
        existing = credits.existing_debit(c, prov, project_id, kind)
        entry = credits.debit(c, prov, project_id, kind, reason=reason, at=now, duplicate_of=existing)
        if entry is None:
            return {"recorded": False, "duplicate": existing is not None}
        if existing is not None:
            credits.refund(c, entry, reason="duplicate", at=now,
                           validity_months=self.engine.policy.credit_validity_months)
            self.engine.notify(
                c, prov, "credits_refunded", f"Duplicate {kind} credit refunded on #{project_id}",
                body="A second credit of the same kind was taken on this project; it came back.",
                project_id=project_id, dedup_key=f"dup:{entry}",
            )
        return {"recorded": True, "duplicate": existing is not None}

    @command
    def set_card_declined(self, pseudo: str, declined: bool = True) -> dict[str, Any]:
        """Simulate the provider's payment method failing (SU-6) or working again."""
        prov = self.provider_id(pseudo)
        self.engine.store.set_meta(f"card_declined:{prov}", "1" if declined else "0")
        return {"pseudo": pseudo, "declined": declined}

    # -- clients' side of projects ----------------------------------------------------------------

    @command
    def post(
        self,
        title: str,
        summary: str,
        description: str,
        category: str,
        budget_min_cents: int,
        budget_max_cents: int,
        client_id: int | None = None,
        urgent: bool = False,
        deadline: str | None = None,
        specification: str | None = None,
    ) -> dict[str, Any]:
        """A client posts a project; its id follows the newest one (ids grow with time)."""
        if not title.strip() or not summary.strip():
            raise InvalidInput("a project needs a title and a summary")
        if budget_min_cents < 0 or budget_max_cents < budget_min_cents:
            raise InvalidInput("the budget is a range from min to max, min >= 0")
        c = self.conn
        if client_id is None:
            row = c.execute("SELECT id FROM clients ORDER BY id LIMIT 1").fetchone()
            if row is None:
                client_id = int(c.execute(
                    "INSERT INTO clients(name, email, phone, country, city) VALUES "
                    "('Client démo', 'client@example.fr', '+33 1 23 45 67 89', 'FR', 'Paris')"
                ).lastrowid or 0)
            else:
                client_id = int(row[0])
        client = c.execute("SELECT country, city FROM clients WHERE id = ?", (client_id,)).fetchone()
        if client is None:
            raise NotFound(f"no client {client_id}")
        last = c.execute("SELECT max(created_at) FROM projects").fetchone()[0] or 0
        at = max(self.now(), last)
        pid = c.execute(
            "INSERT INTO projects(client_id, title, summary, description, specification, category, "
            "budget_min_cents, budget_max_cents, country, city, created_at, urgent, deadline, status, "
            "status_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)",
            (client_id, title.strip(), summary.strip(), description, specification, category,
             budget_min_cents, budget_max_cents, client[0], client[1], at, int(urgent), deadline, at),
        ).lastrowid
        return {"project_id": pid}

    @command
    def offer_as(self, project_id: int, pseudo: str, amount_cents: int, delay_days: int,
                 message: str) -> dict[str, Any]:
        """A competing provider's offer (their credits are not this store's business)."""
        status, *_ = self._project(project_id)
        if status != "open":
            raise NotAllowed(f"project #{project_id} is {status}")
        prov, now, c = self.provider_id(pseudo), self.now(), self.conn
        row = c.execute("SELECT id FROM offers WHERE project_id = ? AND provider_id = ?",
                        (project_id, prov)).fetchone()
        if row is None:
            oid = c.execute(
                "INSERT INTO offers(project_id, provider_id, status, created_at, updated_at) "
                "VALUES (?, ?, 'submitted', ?, ?)", (project_id, prov, now, now),
            ).lastrowid
            c.execute("UPDATE projects SET offers_count = offers_count + 1 WHERE id = ?", (project_id,))
            version = 1
        else:
            oid = row[0]
            version = c.execute("SELECT max(version) + 1 FROM offer_versions WHERE offer_id = ?",
                                (oid,)).fetchone()[0]
        c.execute(
            "INSERT INTO offer_versions(offer_id, version, amount_cents, delay_days, message, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)", (oid, version, amount_cents, delay_days, message, now),
        )
        return {"offer_id": oid, "version": version}

    @command
    def read_offers(self, project_id: int) -> dict[str, Any]:
        """The client reads the latest version of every offer (OF-3 read receipts)."""
        _status, title, _ = self._project(project_id)
        c, now = self.conn, self.now()
        n = 0
        for oid, prov, vid, version in c.execute(
            "SELECT o.id, o.provider_id, v.id, v.version FROM offers o JOIN offer_versions v ON "
            "v.offer_id = o.id AND v.version = (SELECT max(version) FROM offer_versions WHERE offer_id = o.id) "
            "WHERE o.project_id = ? AND o.status <> 'withdrawn' AND v.read_at IS NULL", (project_id,),
        ).fetchall():
            c.execute("UPDATE offer_versions SET read_at = ? WHERE id = ?", (now, vid))
            c.execute("UPDATE offers SET status = 'read' WHERE id = ? AND status = 'submitted'", (oid,))
            self.engine.notify(c, prov, "offer_read", f"The client read your offer on #{project_id}",
                               body=f"{title} (version {version})", project_id=project_id,
                               dedup_key=f"read:{vid}")
            n += 1
        return {"read": n}

    @command
    def answer(self, project_id: int, text: str, pseudo: str | None = None) -> dict[str, Any]:
        """The client writes on the report: to one provider's thread, or publicly."""
        _, _title, _ = self._project(project_id)
        prov = self.provider_id(pseudo) if pseudo else None
        c = self.conn
        mid = c.execute(
            "INSERT INTO messages(project_id, provider_id, author, body, at) VALUES (?, ?, 'client', ?, ?)",
            (project_id, prov, text, self.now()),
        ).lastrowid
        targets = [prov] if prov else [
            p for (p,) in c.execute(
                "SELECT DISTINCT provider_id FROM credit_entries WHERE project_id = ? AND "
                "kind = 'consultation' AND entry_type = 'debit'", (project_id,),
            )
        ]
        for p in targets:
            self.engine.notify(c, p, "message", f"New message on #{project_id}", body=text[:200],
                               project_id=project_id, dedup_key=f"msg:{mid}:{p}")
        return {"message_id": mid}

    @command
    def select(self, project_id: int, pseudo: str, formula: str = "base",
               commission_payer: str = "client") -> dict[str, Any]:
        """CT-1: the client selects one offer; the provider has 7 days to confirm the terms."""
        if formula not in ("base", "r0"):
            raise InvalidInput("the formula is base or r0")
        if commission_payer not in ("client", "provider"):
            raise InvalidInput("the commission is paid by the client or the provider")
        status, title, _ = self._project(project_id)
        if status != "open":
            raise NotAllowed(f"project #{project_id} is {status}; only an open project can be awarded")
        prov, c, now = self.provider_id(pseudo), self.conn, self.now()
        row = c.execute(
            "SELECT o.id, v.amount_cents, v.delay_days FROM offers o JOIN offer_versions v ON "
            "v.offer_id = o.id AND v.version = (SELECT max(version) FROM offer_versions WHERE offer_id = o.id) "
            "WHERE o.project_id = ? AND o.provider_id = ? AND o.status IN ('submitted', 'read')",
            (project_id, prov),
        ).fetchone()
        if row is None:
            raise NotAllowed(f"{pseudo} has no live offer on #{project_id}")
        oid, amount, delay = row
        confirm_by = now + self.engine.policy.confirm_terms_days * DAY
        cid = c.execute(
            "INSERT INTO contracts(project_id, provider_id, offer_id, formula, amount_cents, delay_days, "
            "commission_payer, status, selected_at, confirm_by) VALUES (?, ?, ?, ?, ?, ?, ?, "
            "'awaiting_confirmation', ?, ?)",
            (project_id, prov, oid, formula, amount, delay, commission_payer, now, confirm_by),
        ).lastrowid
        c.execute("UPDATE offers SET status = 'selected', updated_at = ? WHERE id = ?", (now, oid))
        c.execute("UPDATE projects SET status = 'awarded', status_at = ? WHERE id = ?", (now, project_id))
        label = "R0 (risk 0, escrow)" if formula == "r0" else "base"
        self.engine.notify(
            c, prov, "selected", f"You were selected on #{project_id} {title}",
            body=f"Formula {label}, {amount / 100:.2f} € in {delay} days. Confirm the terms by "
            f"{day(confirm_by)} (pel confirm {project_id}) or decline.",
            project_id=project_id, data={"formula": formula, "amount_cents": amount,
                                         "commission_payer": commission_payer},
            dedup_key=f"selected:{cid}",
        )
        self.engine.notify(
            c, prov, "terms_to_confirm", f"Terms to confirm on #{project_id}",
            body=f"Confirm by {day(confirm_by)}.", project_id=project_id, dedup_key=f"terms:{cid}",
        )
        return {"contract_id": cid, "confirm_by": day(confirm_by)}

    @command
    def pay_commission(self, project_id: int) -> dict[str, Any]:
        """CT-3: the commission (and the R0 fee) paid: the project is in progress."""
        c, now = self.conn, self.now()
        row = c.execute(
            "SELECT id, provider_id, commission_payer, commission_cents, r0_fee_cents, formula "
            "FROM contracts WHERE project_id = ? AND status = 'awaiting_commission'", (project_id,),
        ).fetchone()
        if row is None:
            raise NotAllowed(f"no confirmed contract awaits its commission on #{project_id}")
        cid, prov, payer, commission, r0_fee, formula = row
        c.execute("UPDATE contracts SET status = 'in_progress', commission_paid_at = ?, next_progress_at = ? "
                  "WHERE id = ?", (now, now + self.engine.policy.progress_report_days * DAY, cid))
        c.execute("UPDATE projects SET status = 'in_progress', status_at = ? WHERE id = ?", (now, project_id))
        if payer == "provider":
            issue_platform_invoice(self.engine, c, prov, "commission",
                                   f"Commission de mise en relation, projet #{project_id}",
                                   commission, now, project_id)
        self.engine.notify(c, prov, "project_started", f"Project #{project_id} is in progress",
                           body="The commission is paid; the contract is signed.",
                           project_id=project_id, dedup_key=f"started:{cid}")
        return {"contract_id": cid, "commission_cents": commission, "r0_fee_cents": r0_fee,
                "formula": formula}

    @command
    def amend(self, project_id: int, amount_cents: int) -> dict[str, Any]:
        """CT-4: an agreed amount change; commission and R0 fee only grow, on the difference."""
        if amount_cents <= 0:
            raise InvalidInput("the amount must be positive")
        c, pol = self.conn, self.engine.policy
        row = c.execute(
            "SELECT id, amount_cents, formula, commission_cents, r0_fee_cents FROM contracts "
            "WHERE project_id = ? AND status IN ('awaiting_commission', 'in_progress')", (project_id,),
        ).fetchone()
        if row is None:
            raise NotAllowed(f"no confirmed contract on #{project_id}")
        cid, old, formula, commission, r0_fee = row
        deposited = c.execute(
            "SELECT coalesce(sum(amount_cents), 0) FROM escrow_entries WHERE contract_id = ? AND kind = 'deposit'",
            (cid,),
        ).fetchone()[0]
        if amount_cents < deposited:
            raise NotAllowed(f"{deposited / 100:.2f} € is already deposited; the amount cannot go below it (ES-1)")
        extra_c = extra_r = 0
        if amount_cents > old:
            diff = amount_cents - old
            extra_c = (diff * pol.commission_rate_bp + 5_000) // 10_000
            extra_r = (diff * pol.r0_fee_rate_bp + 5_000) // 10_000 if formula == "r0" else 0
        c.execute(
            "INSERT INTO contract_amendments(contract_id, at, old_amount_cents, new_amount_cents, "
            "extra_commission_cents, extra_r0_fee_cents) VALUES (?, ?, ?, ?, ?, ?)",
            (cid, self.now(), old, amount_cents, extra_c, extra_r),
        )
        c.execute(
            "UPDATE contracts SET amount_cents = ?, commission_cents = commission_cents + ?, "
            "r0_fee_cents = r0_fee_cents + ? WHERE id = ?", (amount_cents, extra_c, extra_r, cid),
        )
        return {"contract_id": cid, "amount_cents": amount_cents,
                "commission_cents": commission + extra_c, "r0_fee_cents": (r0_fee or 0) + extra_r}

    @command
    def cancel(self, project_id: int) -> dict[str, Any]:
        """PR-2: the client cancels before an award; CR-8 refunds offer and contact credits."""
        status, *_ = self._project(project_id)
        if status != "open":
            raise NotAllowed(f"project #{project_id} is {status}; a client cancels only before an award")
        end_project(self.engine, self.conn, project_id, "cancelled", self.now())
        return {"project_id": project_id, "status": "cancelled"}

    @command
    def remove(self, project_id: int) -> dict[str, Any]:
        """Moderation removes a project; CR-8 refunds offer and contact credits."""
        status, *_ = self._project(project_id)
        if status in ("removed", "finalized"):
            raise NotAllowed(f"project #{project_id} is {status}")
        end_project(self.engine, self.conn, project_id, "removed", self.now())
        return {"project_id": project_id, "status": "removed"}

    @command
    def answer_stale(self, project_id: int, confirmed: bool) -> dict[str, Any]:
        """PR-6: the client says whether the project is still current."""
        row = self.conn.execute(
            "SELECT id FROM stale_reports WHERE project_id = ? AND resolved_at IS NULL", (project_id,)
        ).fetchone()
        if row is None:
            raise NotAllowed(f"no staleness question is pending on #{project_id}")
        resolve_stale(self.engine, self.conn, row[0], project_id,
                      "confirmed" if confirmed else "denied", self.now())
        return {"project_id": project_id, "status": self._project(project_id)[0]}

    def advance(self, days: float) -> dict[str, Any]:
        """Move the clock forward and apply every time-based rule."""
        if days <= 0:
            raise InvalidInput("advance by a positive number of days")
        self.engine.advance(int(days * DAY))
        return {"now": day(self.now())}

    def snapshot(self) -> dict[str, Any]:
        """Counts per project status, for `pel platform status`."""
        return {
            "now": day(self.now()),
            "projects": dict(self.conn.execute(
                "SELECT status, count(*) FROM projects GROUP BY status").fetchall()),
            "providers": self.conn.execute("SELECT count(*) FROM providers").fetchone()[0],
            "clients": self.conn.execute("SELECT count(*) FROM clients").fetchone()[0],
            "journal": self.conn.execute("SELECT count(*) FROM journal").fetchone()[0],
        }
