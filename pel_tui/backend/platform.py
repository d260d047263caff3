"""The platform's façade: clients, moderation, the SMA, the SCP, accounting and the clock, as thin methods.

In the embedded mode these verbs are played by the demo, the tests and `pel platform ...`; with
remote sync, by the server. Each builds a typed command and runs it through `Engine.execute`.
"""

from __future__ import annotations

from typing import Any

from pel_tui.backend import rows
from pel_tui.backend.clock import day
from pel_tui.backend.commands import clock as kcmd
from pel_tui.backend.commands import credits as ccmd
from pel_tui.backend.commands import projects as pcmd
from pel_tui.backend.commands.base import Command
from pel_tui.backend.context import Actor
from pel_tui.backend.engine import Engine
from pel_tui.backend.errors import InvalidInput
from pel_tui.backend.escrow import EscrowServices
from pel_tui.backend.legacy_platform import LegacyPlatform
from pel_tui.backend.payments import PaymentServices
from pel_tui.backend.policy import DAY
from pel_tui.backend.profile import ProfileServices
from pel_tui.backend.services.clock import MAX_SECONDS

MAX_DAYS = MAX_SECONDS // DAY


class Platform(EscrowServices, PaymentServices, ProfileServices, LegacyPlatform):
    """The other sides of the marketplace, as commands."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def run(self, cmd: Command, command_id: str | None = None) -> Any:
        """Run one of the platform's commands, as the role it belongs to."""
        return self.engine.execute(cmd, Actor(cmd.ROLE), command_id=command_id)

    # -- credits ----------------------------------------------------------------------------------------

    def grant_credits(self, pseudo: str, kind: str, quantity: int, reason: str = "pack") -> ccmd.Granted:
        return self.run(ccmd.GrantCredits(pseudo=pseudo, kind=kind, quantity=quantity, reason=reason))

    def import_debit(self, pseudo: str, project_id: int, kind: str, reason: str = "sync") -> ccmd.DebitImported:
        return self.run(ccmd.ImportDebit(pseudo=pseudo, project_id=project_id, kind=kind, reason=reason))

    # -- clients' side of projects ------------------------------------------------------------------------

    def post(self, title: str, summary: str, description: str, category: str, budget_min_cents: int,
             budget_max_cents: int, client_id: int | None = None, urgent: bool = False,
             deadline: str | None = None, specification: str | None = None) -> pcmd.Posted:
        return self.run(pcmd.PostProject(
            title=title, summary=summary, description=description, category=category,
            budget_min_cents=budget_min_cents, budget_max_cents=budget_max_cents, client_id=client_id,
            urgent=urgent, deadline=deadline, specification=specification,
        ))

    def offer_as(self, project_id: int, pseudo: str, amount_cents: int, delay_days: int,
                 message: str) -> pcmd.CompetitorOffered:
        return self.run(pcmd.CompetitorOffer(project_id=project_id, pseudo=pseudo, amount_cents=amount_cents,
                                             delay_days=delay_days, message=message))

    def read_offers(self, project_id: int) -> pcmd.OffersRead:
        return self.run(pcmd.ReadOffers(project_id=project_id))

    def answer(self, project_id: int, text: str, pseudo: str | None = None) -> pcmd.Answered:
        return self.run(pcmd.Answer(project_id=project_id, text=text, pseudo=pseudo))

    def cancel(self, project_id: int) -> pcmd.ProjectEnded:
        return self.run(pcmd.CancelProject(project_id=project_id))

    def remove(self, project_id: int) -> pcmd.ProjectEnded:
        return self.run(pcmd.RemoveProject(project_id=project_id))

    def answer_stale(self, project_id: int, confirmed: bool) -> pcmd.ProjectEnded:
        return self.run(pcmd.AnswerStale(project_id=project_id, confirmed=confirmed))

    # == accounts, selections, contracts (PF-2, PF-4, CT, SU-6) ========================================

    # == escrow and follow-up: the client, the SMA (ES, FO) ===========================================

    # == accounting: payment requests (PA) ============================================================

    # == the SCP: references, referrals (PF-7, RF-1) ==================================================

    # -- the clock -----------------------------------------------------------------------------------------

    def advance(self, days: float) -> kcmd.Advanced:
        """Move the clock forward and apply every time-based rule, in one transaction."""
        if days != days or days <= 0:
            raise InvalidInput("clock.backwards")
        if days > MAX_DAYS:
            raise InvalidInput("clock.too_far", max_days=MAX_DAYS)
        return self.run(kcmd.AdvanceClock(seconds=int(days * DAY)))

    def snapshot(self) -> dict[str, Any]:
        """Counts per project status, for `pel platform status`."""
        c = self.engine.conn
        return {
            "now": day(self.engine.now()),
            "projects": dict(c.execute("SELECT status, count(*) FROM projects GROUP BY status").fetchall()),
            "providers": rows.scalar(c, "SELECT count(*) FROM providers"),
            "clients": rows.scalar(c, "SELECT count(*) FROM clients"),
            "journal": rows.scalar(c, "SELECT count(*) FROM journal"),
        }
