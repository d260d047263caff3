"""The provider's façade: the verbs of RULES.md for one provider (the user of pel-tui), as thin methods.

A command method builds the command's typed value and runs it through `Engine.execute` (one
transaction, journaled; `command_id=` makes a retry safe); a query method reads through the
area's functions in `pel_tui.backend.provider`. The screens and the command line call these.

The areas the first screen reads (projects, with the credits, offers and contracts it shows, and the
notifications) are imported with this module; every other area (account, subscription, escrow,
payments, profile...) by the methods that use it, the first time one runs: the application's first
paint does not wait for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from local_store.search import ProjectQuery
from pel_tui.backend import rows
from pel_tui.backend.context import Actor, Ctx
from pel_tui.backend.engine import Engine
from pel_tui.backend.errors import NotFound
from pel_tui.backend.provider import contracts, credits, notifications, offers, projects

if TYPE_CHECKING:
    from pel_tui.backend.badge import BadgeSaved
    from pel_tui.backend.certification import Certification
    from pel_tui.backend.commands import account as acmd
    from pel_tui.backend.commands import escrow as ecmd
    from pel_tui.backend.commands import notifications as ncmd
    from pel_tui.backend.commands import payments as paycmd
    from pel_tui.backend.commands import profile as fcmd
    from pel_tui.backend.commands import projects as pcmd
    from pel_tui.backend.commands.base import Command
    from pel_tui.backend.invoice_check import InvoiceReport
    from pel_tui.backend.models import (
        Contract,
        Credits,
        Notification,
        Offer,
        PlatformInvoice,
        Profile,
        ProjectPage,
        ProjectReport,
        Quote,
        Stats,
        Subscription,
    )
    from pel_tui.backend.models_escrow import EscrowView
    from pel_tui.backend.provider import payments as provider_payments
    from pel_tui.backend.provider import portfolio as provider_portfolio
    from pel_tui.backend.provider import profile as provider_profile
    from pel_tui.backend.provider import references as provider_references
    from pel_tui.backend.provider import referral as provider_referral


class Marketplace:
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

    def now(self) -> int:
        """The clock's time, Unix seconds (the legacy base gave it; the project list's filter reads it)."""
        return self.engine.now()

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
        from pel_tui.backend.commands import projects as pcmd
        return self.run(pcmd.Consult(project_id=project_id), command_id)

    def make_offer(self, project_id: int, amount_cents: int, delay_days: int, message: str, *,
                   command_id: str | None = None) -> pcmd.OfferMade:
        from pel_tui.backend.commands import projects as pcmd
        return self.run(pcmd.MakeOffer(project_id=project_id, amount_cents=amount_cents,
                                       delay_days=delay_days, message=message), command_id)

    def withdraw(self, project_id: int, *, command_id: str | None = None) -> pcmd.OfferWithdrawn:
        from pel_tui.backend.commands import projects as pcmd
        return self.run(pcmd.WithdrawOffer(project_id=project_id), command_id)

    def ask(self, project_id: int, text: str, *, command_id: str | None = None) -> pcmd.Asked:
        from pel_tui.backend.commands import projects as pcmd
        return self.run(pcmd.Ask(project_id=project_id, text=text), command_id)

    def reveal_contact(self, project_id: int, *, command_id: str | None = None) -> pcmd.ContactRevealed:
        from pel_tui.backend.commands import projects as pcmd
        return self.run(pcmd.RevealContact(project_id=project_id), command_id)

    def hide(self, project_id: int, *, command_id: str | None = None) -> pcmd.Hidden:
        from pel_tui.backend.commands import projects as pcmd
        return self.run(pcmd.Hide(project_id=project_id), command_id)

    def unhide(self, project_id: int, *, command_id: str | None = None) -> pcmd.Hidden:
        from pel_tui.backend.commands import projects as pcmd
        return self.run(pcmd.Unhide(project_id=project_id), command_id)

    def report_stale(self, project_id: int, *, command_id: str | None = None) -> pcmd.StaleReported:
        from pel_tui.backend.commands import projects as pcmd
        return self.run(pcmd.ReportStale(project_id=project_id), command_id)

    def mark_read(self, notification_ids: list[int] | None = None, *, command_id: str | None = None) -> ncmd.Marked:
        from pel_tui.backend.commands import notifications as ncmd
        return self.run(ncmd.MarkRead(notification_ids=notification_ids), command_id)

    # == selections, contracts, subscription, account (CT, SU, PF-1, ST) ===========================

    def whoami(self) -> Profile:
        from pel_tui.backend.provider import account as provider_account
        return provider_account.whoami(self.view())

    def preferences(self) -> dict[str, Any]:
        """PF-1: what the default project list and the digest filter on."""
        from pel_tui.backend.provider import account as provider_account
        return provider_account.preferences(self.view())

    def subscription(self) -> Subscription | None:
        from pel_tui.backend.provider import subscription as provider_subscription
        return provider_subscription.subscription(self.view())

    def subscription_sentence(self, plan: str) -> str:
        """SU-2: the exact sentence to type to subscribe to `plan`."""
        from pel_tui.backend.provider import subscription as provider_subscription
        return provider_subscription.sentence(self.view(), plan)

    def stats(self) -> Stats:
        """ST-1: the provider's own figures beside the platform's reference line."""
        from pel_tui.backend.provider import account as provider_account
        return provider_account.stats(self.view())

    def platform_invoices(self) -> list[PlatformInvoice]:
        from pel_tui.backend import invoices
        return invoices.platform_invoices(self.view())

    def save_platform_invoice(self, number: str, path: str) -> str:
        """SU-8: write one of the platform's invoices as a PDF file (not a command: the store is unchanged)."""
        from pel_tui.backend import invoices
        return invoices.save_platform_invoice(self.view(), number, path)

    def confirm_terms(self, project_id: int, accept_commission: bool = False, *,
                      command_id: str | None = None) -> acmd.TermsConfirmed:
        from pel_tui.backend.commands import account as acmd
        return self.run(acmd.ConfirmTerms(project_id=project_id, accept_commission=accept_commission), command_id)

    def decline(self, project_id: int, *, command_id: str | None = None) -> acmd.SelectionDeclined:
        from pel_tui.backend.commands import account as acmd
        return self.run(acmd.DeclineSelection(project_id=project_id), command_id)

    def subscribe(self, plan: str, confirmation: str, *, command_id: str | None = None) -> acmd.Subscribed:
        from pel_tui.backend.commands import account as acmd
        return self.run(acmd.Subscribe(plan=plan, confirmation=confirmation), command_id)

    def cancel_subscription(self, *, command_id: str | None = None) -> acmd.SubscriptionCancelled:
        from pel_tui.backend.commands import account as acmd
        return self.run(acmd.CancelSubscription(), command_id)

    def change_plan(self, plan: str, confirmation: str, *, command_id: str | None = None) -> acmd.PlanChanged:
        """SU-9: another plan from the renewal date on, confirmed by its sentence (`subscription_sentence`)."""
        from pel_tui.backend.commands import account as acmd
        return self.run(acmd.ChangePlan(plan=plan, confirmation=confirmation), command_id)

    def keep_plan(self, *, command_id: str | None = None) -> acmd.PlanKept:
        """SU-9: undo a plan change before the renewal."""
        from pel_tui.backend.commands import account as acmd
        return self.run(acmd.KeepPlan(), command_id)

    def suspend(self, months: int, *, command_id: str | None = None) -> acmd.Suspended:
        from pel_tui.backend.commands import account as acmd
        return self.run(acmd.Suspend(months=months), command_id)

    def resume(self, *, command_id: str | None = None) -> acmd.Resumed:
        from pel_tui.backend.commands import account as acmd
        return self.run(acmd.Resume(), command_id)

    def settle(self, *, command_id: str | None = None) -> acmd.Settled:
        from pel_tui.backend.commands import account as acmd
        return self.run(acmd.Settle(), command_id)

    def set_preferences(self, categories: list[str] | None = None, keywords: list[str] | None = None,
                        min_budget_cents: int | None = None, countries: list[str] | None = None,
                        digest: bool | None = None, *, command_id: str | None = None) -> acmd.PreferencesSet:
        from pel_tui.backend.commands import account as acmd
        return self.run(acmd.SetPreferences(categories=categories, keywords=keywords,
                                            min_budget_cents=min_budget_cents, countries=countries,
                                            digest=digest), command_id)

    def delete_account(self, confirm_pseudo: str, *, command_id: str | None = None) -> acmd.AccountDeleted:
        from pel_tui.backend.commands import account as acmd
        return self.run(acmd.DeleteAccount(confirm_pseudo=confirm_pseudo), command_id)

    # == escrow and follow-up (ES, FO) ==============================================================

    def escrow(self, project_id: int) -> EscrowView:
        """ES-4's figures, tranches (ES-2), deliverables, disputes with their cap (ES-6)."""
        from pel_tui.backend.provider import escrow as provider_escrow
        return provider_escrow.escrow(self.view(), project_id)

    def escrows(self) -> list[EscrowView]:
        """Every R0 contract of mine under way or finished."""
        from pel_tui.backend.provider import escrow as provider_escrow
        return provider_escrow.escrows(self.view())

    def start_tranche(self, project_id: int, tranche: int = 1, acknowledge_unfunded: bool = False, *,
                      command_id: str | None = None) -> ecmd.TrancheStarted:
        from pel_tui.backend.commands import escrow as ecmd
        return self.run(ecmd.StartTranche(project_id=project_id, tranche=tranche,
                                          acknowledge_unfunded=acknowledge_unfunded), command_id)

    def deliver(self, project_id: int, tranche: int = 1, note: str = "", acknowledge_unfunded: bool = False, *,
                command_id: str | None = None) -> ecmd.Delivered:
        from pel_tui.backend.commands import escrow as ecmd
        return self.run(ecmd.Deliver(project_id=project_id, tranche=tranche, note=note,
                                     acknowledge_unfunded=acknowledge_unfunded), command_id)

    def open_dispute(self, project_id: int, reason: str, *, command_id: str | None = None) -> ecmd.DisputeOpened:
        from pel_tui.backend.commands import escrow as ecmd
        return self.run(ecmd.OpenDispute(project_id=project_id, reason=reason), command_id)

    def withdraw_dispute(self, project_id: int, *, command_id: str | None = None) -> ecmd.DisputeWithdrawn:
        from pel_tui.backend.commands import escrow as ecmd
        return self.run(ecmd.WithdrawDispute(project_id=project_id), command_id)

    def accept_settlement(self, project_id: int, *, command_id: str | None = None) -> ecmd.SettlementAccepted:
        from pel_tui.backend.commands import escrow as ecmd
        return self.run(ecmd.AcceptSettlement(project_id=project_id), command_id)

    def agree_refund(self, project_id: int, amount_cents: int, *, command_id: str | None = None) -> ecmd.Refunded:
        from pel_tui.backend.commands import escrow as ecmd
        return self.run(ecmd.AgreeRefund(project_id=project_id, amount_cents=amount_cents), command_id)

    def declare_finalized(self, project_id: int, *, command_id: str | None = None) -> ecmd.FinalizeDeclared:
        from pel_tui.backend.commands import escrow as ecmd
        return self.run(ecmd.DeclareFinalized(project_id=project_id), command_id)

    def rate_client(self, project_id: int, stars: int, comment: str = "", *,
                    command_id: str | None = None) -> ecmd.Rated:
        from pel_tui.backend.commands import escrow as ecmd
        return self.run(ecmd.RateClient(project_id=project_id, stars=stars, comment=comment), command_id)

    def report_progress(self, project_id: int, text: str, *,
                        command_id: str | None = None) -> ecmd.ProgressReported:
        """FO-1: answer Suivi Projet's progress request; the next one counts from this report."""
        from pel_tui.backend.commands import escrow as ecmd
        return self.run(ecmd.ReportProgress(project_id=project_id, text=text), command_id)

    # == payment requests and invoices (PA) =========================================================

    def payments(self) -> provider_payments.PaymentDashboard:
        """PA-5: the dashboard of my payment requests."""
        from pel_tui.backend.provider import payments as provider_payments
        return provider_payments.dashboard(self.view())

    def check_invoice_file(self, project_id: int, amount_cents: int, path: str) -> InvoiceReport:
        """Every PA-2/PA-3 check of a file, without submitting anything (for the form's preview)."""
        from pel_tui.backend.provider import payments as provider_payments
        ctx = self.view()
        provider_payments.identity(ctx)
        f = provider_payments.read_invoice(path, self.engine.policy.invoice_max_bytes)
        return provider_payments.check_file(ctx, project_id, amount_cents, f.data)

    def request_payment(self, project_id: int, amount_cents: int, invoice_path: str, *,
                        command_id: str | None = None) -> paycmd.PaymentRequested:
        """PA-1..3: the file is read here (readable, within the size limit); the command carries it."""
        from pel_tui.backend.commands import payments as paycmd
        from pel_tui.backend.provider import payments as provider_payments
        f = provider_payments.read_invoice(invoice_path, self.engine.policy.invoice_max_bytes)
        return self.run(paycmd.RequestPayment(project_id=project_id, amount_cents=amount_cents, invoice=f.ref),
                        command_id, blobs={f.ref.sha256: f.data})

    def generate_invoice(self, project_id: int, amount_cents: int, output: str, *,
                         command_id: str | None = None) -> paycmd.InvoiceWritten:
        """PA-7: the command takes the number (or gives back the same invoice's); the PDF is then written at
        `output`, a file or an existing folder (a folder that does not exist is refused first)."""
        from pel_tui.backend.commands import payments as paycmd
        from pel_tui.backend.provider import payments as provider_payments
        provider_payments.check_output(output)
        res: paycmd.InvoiceNumbered = self.run(paycmd.GenerateInvoice(project_id=project_id,
                                                                       amount_cents=amount_cents), command_id)
        pdf = provider_payments.invoice_document(self.view(), res["number"])
        path = provider_payments.write_invoice(output, res["number"], pdf)
        return {**res, "path": path}

    # == profile, portfolio, references, certification, referral (PF, RF) ===========================

    def profile(self) -> provider_profile.ProfileView:
        """PF-3: the profile with what it lacks, its portfolio, references and certification."""
        from pel_tui.backend.provider import profile as provider_profile
        return provider_profile.profile(self.view())

    def portfolio(self) -> list[provider_portfolio.PortfolioItem]:
        from pel_tui.backend.provider import portfolio as provider_portfolio
        return provider_portfolio.portfolio(self.view())

    def references(self) -> list[provider_references.Reference]:
        from pel_tui.backend.provider import references as provider_references
        return provider_references.references(self.view())

    def legal_identity(self) -> fcmd.LegalIdentity | None:
        from pel_tui.backend.provider import profile as provider_profile
        return provider_profile.legal_identity(self.view())

    def can_invoice(self) -> provider_profile.CanInvoice:
        """PA-6: (True, None), or (False, the refusal that says what to register), to render at the edge."""
        from pel_tui.backend.provider import profile as provider_profile
        return provider_profile.can_invoice(self.view())

    def certification(self) -> Certification:
        """PF-6: certified or not, by which path, and what each path lacks (values)."""
        from pel_tui.backend.provider import profile as provider_profile
        return provider_profile.certification_of(self.view())

    def referrals(self) -> list[provider_referral.Referral]:
        from pel_tui.backend.provider import referral as provider_referral
        return provider_referral.referrals(self.view())

    def update_profile(self, display_name: str | None = None, headline: str | None = None,
                       description: str | None = None, skills: list[str] | None = None,
                       country: str | None = None, *, command_id: str | None = None) -> fcmd.ProfileUpdated:
        from pel_tui.backend.commands import profile as fcmd
        return self.run(fcmd.UpdateProfile(display_name=display_name, headline=headline, description=description,
                                           skills=skills, country=country), command_id)

    def rename_pseudo(self, new: str, *, command_id: str | None = None) -> fcmd.Renamed:
        from pel_tui.backend.commands import profile as fcmd
        return self.run(fcmd.RenamePseudo(new=new), command_id)

    def set_photo(self, path: str, *, command_id: str | None = None) -> fcmd.PhotoSet:
        """PF-3: the file is read and checked here; the command carries it."""
        from pel_tui.backend.commands import profile as fcmd
        from pel_tui.backend.images import read_image
        img = read_image(path, self.engine.policy.profile)
        return self.run(fcmd.SetPhoto(photo=img.ref), command_id, blobs={img.ref.sha256: img.data})

    def set_legal_identity(self, status: str, legal_name: str, siret: str, vat_number: str | None = None,
                           address: str | None = None, *, command_id: str | None = None) -> fcmd.LegalSet:
        from pel_tui.backend.commands import profile as fcmd
        return self.run(fcmd.SetLegalIdentity(status=status, legal_name=legal_name, siret=siret,
                                              vat_number=vat_number, address=address), command_id)

    def add_portfolio_item(self, title: str, description: str, year: int, link: str | None = None,
                           images: list[str] | None = None, *,
                           command_id: str | None = None) -> fcmd.PortfolioAdded:
        """PF-5: each image file is read and checked here; the command carries them."""
        from pel_tui.backend.commands import profile as fcmd
        from pel_tui.backend.images import read_image
        checked = [read_image(p, self.engine.policy.profile) for p in images or []]
        return self.run(fcmd.AddPortfolioItem(title=title, description=description, year=year, link=link,
                                              images=[img.ref for img in checked]),
                        command_id, blobs={img.ref.sha256: img.data for img in checked})

    def remove_portfolio_item(self, item_id: int, *, command_id: str | None = None) -> fcmd.PortfolioRemoved:
        from pel_tui.backend.commands import profile as fcmd
        return self.run(fcmd.RemovePortfolioItem(item_id=item_id), command_id)

    def add_reference(self, client_name: str, client_email: str, work: str, year: int, *,
                      command_id: str | None = None) -> fcmd.ReferenceAdded:
        from pel_tui.backend.commands import profile as fcmd
        return self.run(fcmd.AddReference(client_name=client_name, client_email=client_email, work=work,
                                          year=year), command_id)

    def resend_reference(self, reference_id: int, *, command_id: str | None = None) -> fcmd.ReferenceResent:
        from pel_tui.backend.commands import profile as fcmd
        return self.run(fcmd.ResendReference(reference_id=reference_id), command_id)

    def submit_referral(self, url: str, *, command_id: str | None = None) -> fcmd.ReferralSubmitted:
        from pel_tui.backend.commands import profile as fcmd
        return self.run(fcmd.SubmitReferral(url=url), command_id)

    def save_badge(self, directory: str = ".") -> BadgeSaved:
        """PF-8: a certified provider saves the badge as SVG and PNG files (not a command: the store is unchanged)."""
        from pel_tui.backend.badge import write_badge
        return write_badge(self.view(), self.pseudo, directory)
