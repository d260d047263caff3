"""TRANSITIONAL: the platform's verbs not yet converted to typed commands (accounts, selections,
commission, amendments). Emptied, then removed, as each becomes a command with its handler."""

from __future__ import annotations

from typing import Any

from pel_tui.backend.base import PlatformBase
from pel_tui.backend.clock import day
from pel_tui.backend.errors import InvalidInput, NotAllowed, NotFound
from pel_tui.backend.invoices import issue_platform_invoice
from pel_tui.backend.legacy import command, legacy_notify
from pel_tui.backend.policy import DAY
from pel_tui.backend.profile import PSEUDO


class LegacyPlatform(PlatformBase):
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
    def set_card_declined(self, pseudo: str, declined: bool = True) -> dict[str, Any]:
        """Simulate the provider's payment method failing (SU-6) or working again."""
        prov = self.provider_id(pseudo)
        self.conn.execute("INSERT INTO payment_methods(provider_id, declined) VALUES (?, ?) ON CONFLICT(provider_id) "
                          "DO UPDATE SET declined = excluded.declined", (prov, int(declined)))
        return {"pseudo": pseudo, "declined": declined}

    # -- clients' side of projects ----------------------------------------------------------------

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
        legacy_notify(self.engine,
            c, prov, "selected", f"You were selected on #{project_id} {title}",
            body=f"Formula {label}, {amount / 100:.2f} € in {delay} days. Confirm the terms by "
            f"{day(confirm_by)} (pel confirm {project_id}) or decline.",
            project_id=project_id, data={"formula": formula, "amount_cents": amount,
                                         "commission_payer": commission_payer},
            dedup_key=f"selected:{cid}",
        )
        legacy_notify(self.engine,
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
            issue_platform_invoice(self._ctx(), prov, "commission",
                                   f"Commission de mise en relation, projet #{project_id}",
                                   commission, now, project_id)
        legacy_notify(self.engine, c, prov, "project_started", f"Project #{project_id} is in progress",
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

