"""The command line's verbs on selections, contracts, the subscription and the account (CT, SU, PF-1, ST), and the clients' side of selections."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pel_tui.cli import words
from pel_tui.cli.common import (
    Registry,
    Session,
    _cut,
    _jsonable,
    emit,
    euros_to_cents,
    field,
    positive_int,
    raise_usage,
    table,
)
from pel_tui.i18n import _, ngettext, pgettext
from pel_tui.i18n import formats as fmt


def cmd_contracts(s: Session, a: argparse.Namespace) -> None:
    ks = s.mp.contracts()
    if a.json:
        emit(a, ks)
        return
    rows = [[f"#{k.project_id}", _cut(k.project_title, 40), words.formula(k.formula), fmt.money(k.amount_cents),
             words.contract_state(k.status), fmt.money(k.commission_cents), words.side(k.commission_payer)]
            for k in ks]
    print(table(rows, [pgettext("column", "project"), pgettext("column", "title"), pgettext("column", "formula"),
                       pgettext("column", "amount"), pgettext("column", "state"), pgettext("column", "commission"),
                       pgettext("column", "paid by")]))

def cmd_confirm(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.confirm_terms(a.id, accept_commission=a.accept_commission), lambda r: (
        _("Terms confirmed on #{project}: {formula}, {amount}; commission {commission} {paid_by}").format(
            project=a.id, formula=words.formula(r["formula"]), amount=fmt.money(r["amount_cents"]),
            commission=fmt.money(r["commission_cents"]), paid_by=words.paid_by(r["commission_payer"]))
        + (", " + _("R0 fee {fee}").format(fee=fmt.money(r["r0_fee_cents"])) if r["r0_fee_cents"] else "")
        + ". " + _("The project starts once the commission is paid.")
    ))

def cmd_decline(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.decline(a.id), lambda r: _("Selection on #{project} declined; the project is open again").format(
        project=a.id))

def _every(months: int) -> str:
    """`every month`, `every 3 months`."""
    return ngettext("every month", "every {n} months", months).format(n=fmt.number(months))


def _label(s: Session, plan: str) -> str:
    """A plan's name as the platform writes it (`Essentiel`), from its code (`essentiel`)."""
    found = s.engine.policy.plans.get(plan)
    return found.label if found is not None else plan


def _granted(granted: dict[str, int]) -> str:
    return ", ".join(words.credits(v, k) for k, v in granted.items())


def cmd_subscription(s: Session, a: argparse.Namespace) -> None:
    sub = s.mp.subscription()
    if sub is None:
        if a.json:
            print("null")
            return
        print(_("No subscription. Plans: {plans}. Subscribe with: pel subscribe PLAN").format(plans=", ".join(
            _("{plan} ({price} excl. VAT {every})").format(plan=p.name, price=fmt.money(p.price_cents),
                                                           every=_every(p.months))
            for p in s.engine.policy.plans.values())))
        return

    def text(x: Any) -> str:
        out = [
            _("{plan}: {price} excl. VAT {every} · {state}").format(
                plan=x.plan_label, price=fmt.money(x.price_cents), every=_every(x.months),
                state=words.subscription_state(x.status)),
            _("period {start} → {end}").format(start=fmt.day(x.period_start), end=fmt.day(x.period_end)),
        ]
        if x.renews:
            out.append(_("renews tacitly on {date} (notice on {notice})").format(
                date=fmt.day(x.period_end), notice=fmt.day(x.renewal_notice_at)))
        if x.next_plan and x.renews:
            out.append(_("from {date}: {plan} at {price} excl. VAT, as you chose (pel keep-plan to stay on your "
                         "plan)").format(date=fmt.day(x.period_end), plan=x.next_plan_label,
                                         price=fmt.money(x.next_price_cents)))
        elif x.cancel_requested_at:
            out.append(_("cancelled on {date}; active until {end}").format(
                date=fmt.day(x.cancel_requested_at), end=fmt.day(x.period_end)))
        if x.incident_since:
            out.append(_("payment incident since {date}: pel settle").format(date=fmt.day(x.incident_since)))
        if x.amount_due_cents:
            out.append(_("amount due: {amount}").format(amount=fmt.money(x.amount_due_cents)))
        for sp in x.suspensions:
            out.append(_("suspended {start} → {end}").format(
                start=fmt.day(sp.started_at), end=fmt.day(sp.ended_at or sp.planned_end))
                + ("" if sp.ended_at else " " + _("(planned)")))
        return "\n".join(out)

    emit(a, sub, text)

def cmd_subscribe(s: Session, a: argparse.Namespace) -> None:
    sentence = s.mp.subscription_sentence(a.plan)
    confirmation = a.confirm
    if confirmation is None:
        if not sys.stdin.isatty():
            raise_usage(_('to subscribe, type the confirmation sentence: --confirm "{sentence}"').format(
                sentence=sentence))
        print(_("To subscribe, type exactly this sentence:") + f"\n  {sentence}")
        confirmation = input("> ")
    if " ".join(_plain_quotes(confirmation).split()) == " ".join(sentence.split()):
        confirmation = sentence  # typed with a typographic apostrophe (’): the same sentence
    emit(a, s.mp.subscribe(a.plan, confirmation), lambda r: (
        _("Subscribed to {plan} until {date} (renews tacitly); credits granted: {credits}").format(
            plan=_label(s, r["plan"]), date=fmt.day(r["period_ends_at"]), credits=_granted(r["granted"]))
    ))

def cmd_change_plan(s: Session, a: argparse.Namespace) -> None:
    """SU-9: another plan for the next period, confirmed by typing that plan's sentence."""
    sentence = s.mp.subscription_sentence(a.plan)
    confirmation = a.confirm
    if confirmation is None:
        if not sys.stdin.isatty():
            raise_usage(_('to change plan, type the new plan\'s confirmation sentence: --confirm "{sentence}"').format(
                sentence=sentence))
        print(_("To take this plan from your renewal date on, type exactly this sentence:") + f"\n  {sentence}")
        confirmation = input("> ")
    emit(a, s.mp.change_plan(a.plan, confirmation), lambda r: (
        _("From {date} your subscription is {plan} at {price} excl. VAT, with {credits} a period; {from_plan} runs "
          "until then, with no proration and no refund. Undo it before that date: pel keep-plan").format(
            date=fmt.day(r["effective_at"]), plan=_label(s, r["plan"]), price=fmt.money(r["price_cents"]),
            credits=_granted(r["granted"]), from_plan=_label(s, r["from_plan"]))
    ))

def cmd_keep_plan(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.keep_plan(), lambda r: _("Plan change undone: your subscription renews on {plan} on {date}").format(
        plan=_label(s, r["plan"]), date=fmt.day(r["renews_at"])))

def _plain_quotes(text: str) -> str:
    for fancy, simple in (("’", "'"), ("‘", "'"), ("ʼ", "'"), ("“", '"'), ("”", '"'), ("\u00a0", " ")):
        text = text.replace(fancy, simple)
    return text


def cmd_cancel(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.cancel_subscription(), lambda r: _(
        "Subscription cancelled: it stays active until {date}; no refund and no shortening of the period"
    ).format(date=fmt.day(r["active_until"])))

def cmd_suspend(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.suspend(a.months), lambda r: _(
        "Suspended until {date}; credits are frozen and their expiries move out by the days suspended "
        "(pel resume to come back early)"
    ).format(date=fmt.day(r["suspended_until"])))

def cmd_resume(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.resume(), lambda r: _("Subscription active again; the period now ends on {date}").format(
        date=fmt.day(r["period_ends_at"])))

def cmd_settle(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.settle(), lambda r: _("Paid {amount}; the subscription is active").format(
        amount=fmt.money(r["paid_cents"])))

def cmd_stats(s: Session, a: argparse.Namespace) -> None:
    def text(st: Any) -> str:
        dash = "—"
        rows = [
            (_("projects consulted"), fmt.number(st.projects_consulted)),
            (_("offers made"), fmt.number(st.offers_made)),
            (_("projects won"), fmt.number(st.won)),
            (_("win rate"), fmt.percent(st.win_rate) + "   "
             + _("(platform: about {rate})").format(rate=fmt.percent(st.platform_win_rate))),
            (_("credits per project won"),
             dash if st.credits_spent_per_won is None else fmt.decimal(st.credits_spent_per_won, 1)),
            (_("average competition"), dash if st.average_competition is None else
             _("{n} offers per project").format(n=fmt.decimal(st.average_competition, 1))),
        ]
        width = max(len(label) for label, _value in rows) + 2
        lines = [label.ljust(width) + value for label, value in rows]
        lines.append(_("platform: {rate} of projects go ahead").format(rate=fmt.percent(st.platform_go_ahead_rate)))
        return "\n".join(lines)

    emit(a, s.mp.stats(), text)

def cmd_whoami(s: Session, a: argparse.Namespace) -> None:
    me = s.mp.whoami()
    emit(a, {**_jsonable(me), "store": str(s.path)}, lambda m: _("{name} ({pseudo}), {country} · store {path}").format(
        name=m["display_name"], pseudo=m["pseudo"], country=m["country"], path=m["store"]))

def _preferences_text(r: dict[str, Any]) -> str:
    """PF-1: what the default project list and the digest filter on."""
    prefs = r.get("preferences") or {}
    dash = "—"
    budget = prefs.get("min_budget_cents")
    return "\n".join([
        field(pgettext("preferences", "categories"), ", ".join(prefs.get("categories") or []) or dash),
        field(pgettext("preferences", "keywords"), ", ".join(prefs.get("keywords") or []) or dash),
        field(_("minimum budget"), dash if budget is None else fmt.money(budget)),
        field(_("client countries"), ", ".join(prefs.get("countries") or []) or dash),
        field(_("daily digest"), pgettext("digest", "on") if r.get("digest") else pgettext("digest", "off")),
    ])


def cmd_preferences(s: Session, a: argparse.Namespace) -> None:
    digest = None if a.digest is None else a.digest == "on"
    if any(v is not None for v in (a.category, a.keyword, a.min_budget, a.country, digest)):
        from pel_tui.cli.projects import known_categories, known_countries

        res = s.mp.set_preferences(
            categories=known_categories(a.category) if a.category else None, keywords=a.keyword,
            min_budget_cents=a.min_budget, digest=digest,
            countries=known_countries(a.country, s.engine.policy.provider_countries) if a.country else None,
        )
    else:
        me = s.mp.whoami()
        res = {"preferences": me.preferences, "digest": me.digest}
    emit(a, res, _preferences_text)

def cmd_invoices(s: Session, a: argparse.Namespace) -> None:
    if a.save:
        path = s.mp.save_platform_invoice(a.save, a.output or ".")
        emit(a, {"saved": path}, lambda r: _("Saved {path}").format(path=r["saved"]))
        return
    invs = s.mp.platform_invoices()
    if a.json:
        emit(a, invs)
        return
    rows = [[i.number, fmt.day(i.issued_at), _cut(i.label, 50), fmt.money(i.amount_cents),
             fmt.money(i.vat_cents)] for i in invs]
    print(table(rows, [pgettext("column", "number"), pgettext("column", "date"), pgettext("column", "label"),
                       pgettext("column", "amount excl. VAT"), pgettext("column", "VAT")]))
    print("\n" + _("Save one as PDF: pel invoices --save NUMBER [-o PATH]"))

def cmd_delete_account(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.delete_account(a.confirm or ""), lambda r: (
        _("Account deleted: personal data anonymised; ledgers and invoices are kept")
        + ("; " + _("the period already due runs until {date}").format(date=fmt.day(r["paid_until"]))
           if r["paid_until"] else "")
    ))


def add_commands(reg: Registry) -> None:
    cmd, with_id = reg.cmd, reg.with_id
    cmd("contracts", cmd_contracts, _("your selections and contracts"))
    sp = with_id(cmd("confirm", cmd_confirm, _("confirm the terms of a selection")))
    sp.add_argument("--accept-commission", action="store_true",
                    help=_("agree to pay the connection commission when the client asks you to"))
    with_id(cmd("decline", cmd_decline, _("decline a selection")))
    cmd("subscription", cmd_subscription, _("your subscription: plan, period, renewal"))
    sp = cmd("subscribe", cmd_subscribe, _("subscribe to a plan (essentiel, pro, expert)"))
    sp.add_argument("plan", metavar=_("PLAN"))
    sp.add_argument("--confirm", metavar=_("SENTENCE"), help=_("the confirmation sentence, typed exactly"))
    sp = cmd("change-plan", cmd_change_plan, _("take another plan from the renewal date on (no proration)"))
    sp.add_argument("plan", metavar=_("PLAN"))
    sp.add_argument("--confirm", metavar=_("SENTENCE"), help=_("the new plan's confirmation sentence, typed exactly"))
    cmd("keep-plan", cmd_keep_plan, _("undo a plan change before the renewal"))
    cmd("cancel", cmd_cancel, _("cancel the subscription (active until the end of the period)"))
    sp = cmd("suspend", cmd_suspend, _("suspend the subscription for 1 to 3 months"))
    sp.add_argument("months", type=positive_int, metavar=_("MONTHS"))
    cmd("resume", cmd_resume, _("end a suspension early"))
    cmd("settle", cmd_settle, _("pay what is due after a payment incident"))
    cmd("stats", cmd_stats, _("your figures beside the platform's"))
    cmd("whoami", cmd_whoami, _("your account and the store in use"))
    sp = cmd("preferences", cmd_preferences, _("show or set your preferences (default filter, digest)"))
    sp.add_argument("--category", action="append", metavar=_("CATEGORY"), help=_("a category (repeatable)"))
    sp.add_argument("--keyword", action="append", metavar=_("WORD"), help=_("a keyword (repeatable)"))
    sp.add_argument("--min-budget", type=euros_to_cents, metavar="EUR", help=_("a budget of at least EUR euros"))
    sp.add_argument("--country", action="append", metavar=_("COUNTRY"), help=_("client country code, e.g. FR (repeatable)"))
    sp.add_argument("--digest", choices=["on", "off"], help=_("the daily digest of new projects"))
    sp = cmd("invoices", cmd_invoices, _("the platform's invoices to you; save one as PDF"))
    sp.add_argument("--save", metavar=_("NUMBER"), help=_("save this invoice as PDF"))
    sp.add_argument("-o", "--output", metavar=_("PATH"), help=_("where to save it (default: here)"))
    sp = cmd("delete-account", cmd_delete_account, _("delete your account (data anonymised)"))
    sp.add_argument("--confirm", metavar="PSEUDO", help=_("your pseudo, to confirm"))
    x = reg.pcmd("select", lambda pl, a, who: pl.select(a.id, who, a.formula, a.commission_payer),
                 _("the client selects a provider's offer"))
    x.add_argument("--provider", metavar="PSEUDO", help=_("default: you"))
    x.add_argument("--formula", choices=["base", "r0"], default="base")
    x.add_argument("--commission-payer", choices=["client", "provider"], default="client")
    reg.pcmd("pay-commission", lambda pl, a, who: pl.pay_commission(a.id),
             _("the commission is paid: the project starts"))
    x = reg.pcmd("card-declined", lambda pl, a, who: pl.set_card_declined(who, a.state == "on"),
                 _("make the provider's renewal charges fail, or work"), with_project=False)
    x.add_argument("state", choices=["on", "off"])
    x.add_argument("--provider", metavar="PSEUDO")
    x = reg.pcmd("amend", lambda pl, a, who: pl.amend(a.id, a.amount),
                 _("change a contract's amount (both sides agreed)"))
    x.add_argument("--amount", type=euros_to_cents, required=True, metavar="EUR")
    x = reg.pcmd("register", lambda pl, a, who: pl.register_provider(a.pseudo, a.name, a.country),
                 _("sign up a provider"), with_project=False)
    x.add_argument("pseudo", metavar="PSEUDO")
    x.add_argument("name", metavar=_("NAME"))
    x.add_argument("--country", default="FR", metavar=_("COUNTRY"))
