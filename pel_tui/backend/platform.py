"""The platform's façade: clients, moderation, the SMA, the SCP, accounting and the clock, as thin methods.

In the embedded mode these verbs are played by the demo, the tests and `pel platform ...`; with
remote sync, by the server. Each builds a typed command and runs it through `Engine.execute`.
"""

from __future__ import annotations

from typing import Any

from pel_tui.backend import rows
from pel_tui.backend.clock import day
from pel_tui.backend.commands import account as acmd
from pel_tui.backend.commands import clock as kcmd
from pel_tui.backend.commands import credits as ccmd
from pel_tui.backend.commands import escrow as ecmd
from pel_tui.backend.commands import payments as paycmd
from pel_tui.backend.commands import profile as fcmd
from pel_tui.backend.commands import projects as pcmd
from pel_tui.backend.commands.base import Command
from pel_tui.backend.context import Actor
from pel_tui.backend.engine import Engine
from pel_tui.backend.errors import InvalidInput
from pel_tui.backend.policy import DAY
from pel_tui.backend.services.clock import MAX_SECONDS

MAX_DAYS = MAX_SECONDS // DAY


class Platform:
    """The other sides of the marketplace, as commands."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def run(self, cmd: Command, command_id: str | None = None) -> Any:
        """Run one of the platform's commands, as the role it belongs to."""
        return self.engine.execute(cmd, Actor(cmd.ROLE), command_id=command_id)

    def provider_id(self, pseudo: str) -> int:
        """The id of the provider `pseudo` (the legacy base gave it; the demo reads it)."""
        return self.engine.ctx(Actor("platform")).provider_id(pseudo)

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

    def register_provider(self, pseudo: str, display_name: str, country: str,
                          email: str | None = None) -> acmd.Registered:
        return self.run(acmd.RegisterProvider(pseudo=pseudo, display_name=display_name, country=country,
                                              email=email))

    def add_client(self, name: str, email: str, phone: str, country: str, city: str,
                   address: str | None = None) -> acmd.ClientAdded:
        return self.run(acmd.AddClient(name=name, email=email, phone=phone, country=country, city=city,
                                       address=address))

    def set_card_declined(self, pseudo: str, declined: bool = True) -> acmd.CardSet:
        return self.run(acmd.SetCardDeclined(pseudo=pseudo, declined=declined))

    def select(self, project_id: int, pseudo: str, formula: str = "base",
               commission_payer: str = "client") -> acmd.Selected:
        return self.run(acmd.Select(project_id=project_id, pseudo=pseudo, formula=formula,
                                    commission_payer=commission_payer))

    def pay_commission(self, project_id: int) -> acmd.CommissionPaid:
        return self.run(acmd.PayCommission(project_id=project_id))

    def amend(self, project_id: int, amount_cents: int) -> acmd.Amended:
        return self.run(acmd.Amend(project_id=project_id, amount_cents=amount_cents))

    # == escrow and follow-up: the client, the SMA (ES, FO) ===========================================

    def set_tranches(self, project_id: int, amounts_cents: list[int], labels: list[str] | None = None, *,
                     command_id: str | None = None) -> ecmd.TranchesSet:
        return self.run(ecmd.SetTranches(project_id=project_id, amounts_cents=amounts_cents, labels=labels),
                        command_id)

    def deposit(self, project_id: int, amount_cents: int, tranche: int | None = None, *,
                command_id: str | None = None) -> ecmd.Account:
        return self.run(ecmd.Deposit(project_id=project_id, amount_cents=amount_cents, tranche=tranche), command_id)

    def release(self, project_id: int, amount_cents: int, tranche: int | None = None, *,
                command_id: str | None = None) -> ecmd.Account:
        return self.run(ecmd.Release(project_id=project_id, amount_cents=amount_cents, tranche=tranche), command_id)

    def request_changes(self, project_id: int, note: str = "", *,
                        command_id: str | None = None) -> ecmd.ChangesRequested:
        return self.run(ecmd.RequestChanges(project_id=project_id, note=note), command_id)

    def client_dispute(self, project_id: int, reason: str, *, command_id: str | None = None) -> ecmd.DisputeOpened:
        return self.run(ecmd.ClientDispute(project_id=project_id, reason=reason), command_id)

    def client_withdraw_dispute(self, project_id: int, *, command_id: str | None = None) -> ecmd.DisputeWithdrawn:
        return self.run(ecmd.ClientWithdrawDispute(project_id=project_id), command_id)

    def client_accept_settlement(self, project_id: int, *,
                                 command_id: str | None = None) -> ecmd.SettlementAccepted:
        return self.run(ecmd.ClientAcceptSettlement(project_id=project_id), command_id)

    def sma_propose(self, project_id: int, to_provider_cents: int, to_client_cents: int, *,
                    command_id: str | None = None) -> ecmd.Proposed:
        return self.run(ecmd.SmaPropose(project_id=project_id, to_provider_cents=to_provider_cents,
                                        to_client_cents=to_client_cents), command_id)

    def sma_decide(self, project_id: int, to_provider_cents: int, to_client_cents: int, *,
                   command_id: str | None = None) -> ecmd.Decided:
        return self.run(ecmd.SmaDecide(project_id=project_id, to_provider_cents=to_provider_cents,
                                       to_client_cents=to_client_cents), command_id)

    def confirm_finalized(self, project_id: int, *, command_id: str | None = None) -> ecmd.FinalizeAnswered:
        return self.run(ecmd.ConfirmFinalized(project_id=project_id), command_id)

    def object_finalized(self, project_id: int, reason: str = "", *,
                         command_id: str | None = None) -> ecmd.FinalizeAnswered:
        return self.run(ecmd.ObjectFinalized(project_id=project_id, reason=reason), command_id)

    def rate_provider(self, project_id: int, stars: int, comment: str = "", *,
                      command_id: str | None = None) -> ecmd.Rated:
        return self.run(ecmd.RateProvider(project_id=project_id, stars=stars, comment=comment), command_id)

    # == accounting: payment requests (PA) ============================================================

    def validate_payment(self, request_id: int) -> paycmd.PaymentValidated:
        return self.run(paycmd.ValidatePayment(request_id=request_id))

    def reject_payment(self, request_id: int, reason: str) -> paycmd.PaymentRejected:
        return self.run(paycmd.RejectPayment(request_id=request_id, reason=reason))

    # == the SCP: references, referrals (PF-7, RF-1) ==================================================

    def scp_confirm(self, reference_id: int) -> fcmd.ReferenceConfirmed:
        return self.run(fcmd.ConfirmReference(reference_id=reference_id))

    def scp_refuse(self, reference_id: int, reason: str) -> fcmd.ReferenceRefused:
        return self.run(fcmd.RefuseReference(reference_id=reference_id, reason=reason))

    def check_referral(self, referral_id: int, ok: bool, note: str = "") -> fcmd.ReferralChecked:
        return self.run(fcmd.CheckReferral(referral_id=referral_id, ok=ok, note=note))

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
