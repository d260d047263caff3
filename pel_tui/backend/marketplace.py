"""The provider's façade: the verbs of RULES.md for one provider (the user of pel-tui), as thin methods.

A command method builds the command's typed value and runs it through `Engine.execute` (one
transaction, journaled; `command_id=` makes a retry safe); a query method reads through the
area's functions in `pel_tui.backend.provider`. The screens and the command line call these.
"""

from __future__ import annotations

from typing import Any, Literal

from local_store.search import ProjectQuery
from pel_tui.backend import rows
from pel_tui.backend.commands import notifications as ncmd
from pel_tui.backend.commands import projects as pcmd
from pel_tui.backend.commands.base import Command
from pel_tui.backend.context import Actor, Ctx
from pel_tui.backend.engine import Engine
from pel_tui.backend.errors import NotFound
from pel_tui.backend.escrow import EscrowActions
from pel_tui.backend.legacy_marketplace import LegacyProvider
from pel_tui.backend.models import Contract, Credits, Notification, Offer, ProjectPage, ProjectReport, Quote
from pel_tui.backend.payments import PaymentActions
from pel_tui.backend.profile import ProfileActions
from pel_tui.backend.provider import contracts, credits, notifications, offers, projects


class Marketplace(EscrowActions, PaymentActions, ProfileActions, LegacyProvider):
    """One provider's session."""

    def __init__(self, engine: Engine, provider_id: int) -> None:
        self.engine = engine
        self.provider_id = provider_id
        pseudo = rows.scalar(engine.conn, "SELECT pseudo FROM providers WHERE id = ?", (provider_id,))
        if pseudo is None:
            raise NotFound("store.no_account")
        self.pseudo: str = pseudo
        self.actor = Actor("provider", provider_id, self.pseudo)

    @classmethod
    def for_user(cls, engine: Engine) -> Marketplace:
        """The session of the store's own provider (meta `me`)."""
        me = engine.store.get_meta("me")
        if me is None:
            raise NotFound("store.no_account")
        return cls(engine, int(me))

    def run(self, cmd: Command, command_id: str | None = None, blobs: dict[str, bytes] | None = None) -> Any:
        """Run one of the provider's commands."""
        return self.engine.execute(cmd, self.actor, command_id=command_id, blobs=blobs)

    def view(self) -> Ctx:
        """A context to read as this provider, now."""
        return self.engine.ctx(self.actor)

    # == queries =====================================================================================

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
        q = ProjectQuery(
            provider_id=self.provider_id, words=words, categories=categories, budget_min_cents=budget_min_cents,
            budget_max_cents=budget_max_cents, countries=countries, urgent=urgent, posted_since=posted_since,
            max_offers=max_offers, consulted=consulted, hidden=hidden, status=status, order=order,
            limit=limit, offset=offset,
        )
        return projects.page(self.view(), q, with_total=with_total)

    def min_open_id(self) -> int:
        return projects.min_open_id(self.view())

    def project(self, project_id: int) -> ProjectReport:
        """PR-5: any project by id; the report's parts only as far as credits unlock them (CR-1)."""
        return projects.report(self.view(), project_id)

    def unlocked(self, project_id: int) -> dict[str, bool]:
        return credits.unlocked(self.view(), project_id)

    def quote(self, project_id: int, kind: str) -> Quote:
        """What an action costs before it is done: which credit, the balance before and after."""
        ctx = self.view()
        projects.exists(ctx, project_id)
        return credits.quote(ctx, project_id, kind)

    def credits(self, ledger_limit: int | None = None) -> Credits:
        return credits.view(self.view(), ledger_limit)

    def offers(self, status: str | None = None) -> list[Offer]:
        return offers.mine(self.view(), status)

    def contracts(self) -> list[Contract]:
        return contracts.mine(self.view())

    def notifications(self, *, unread_only: bool = False, limit: int = 200) -> list[Notification]:
        return notifications.notifications(self.view(), unread_only=unread_only, limit=limit)

    def unread_count(self) -> int:
        return notifications.unread_count(self.view())

    def last_seen_project(self) -> int:
        return projects.last_seen_project(self.view())

    def mark_seen(self, project_id: int) -> None:
        """Remember the newest project shown, to mark what is new next time (the list's own state)."""
        if project_id > self.last_seen_project():
            with self.engine.store.write() as conn:
                ctx = self.view()
                ctx.conn = conn
                projects.mark_seen(ctx, project_id)

    # == commands ====================================================================================

    def consult(self, project_id: int, *, command_id: str | None = None) -> pcmd.Spent:
        return self.run(pcmd.Consult(project_id=project_id), command_id)

    def make_offer(self, project_id: int, amount_cents: int, delay_days: int, message: str, *,
                   command_id: str | None = None) -> pcmd.OfferMade:
        return self.run(pcmd.MakeOffer(project_id=project_id, amount_cents=amount_cents,
                                       delay_days=delay_days, message=message), command_id)

    def withdraw(self, project_id: int, *, command_id: str | None = None) -> pcmd.OfferWithdrawn:
        return self.run(pcmd.WithdrawOffer(project_id=project_id), command_id)

    def ask(self, project_id: int, text: str, *, command_id: str | None = None) -> pcmd.Asked:
        return self.run(pcmd.Ask(project_id=project_id, text=text), command_id)

    def reveal_contact(self, project_id: int, *, command_id: str | None = None) -> pcmd.ContactRevealed:
        return self.run(pcmd.RevealContact(project_id=project_id), command_id)

    def hide(self, project_id: int, *, command_id: str | None = None) -> pcmd.Hidden:
        return self.run(pcmd.Hide(project_id=project_id), command_id)

    def unhide(self, project_id: int, *, command_id: str | None = None) -> pcmd.Hidden:
        return self.run(pcmd.Unhide(project_id=project_id), command_id)

    def report_stale(self, project_id: int, *, command_id: str | None = None) -> pcmd.StaleReported:
        return self.run(pcmd.ReportStale(project_id=project_id), command_id)

    def mark_read(self, notification_ids: list[int] | None = None, *, command_id: str | None = None) -> ncmd.Marked:
        return self.run(ncmd.MarkRead(notification_ids=notification_ids), command_id)

    # == selections, contracts, subscription, account (CT, SU, PF-1, ST) ===========================

    # == escrow and follow-up (ES, FO) ==============================================================

    # == payment requests and invoices (PA) =========================================================

    # == profile, portfolio, references, certification, referral (PF, RF) ===========================
