"""The command line's verbs on selections, contracts, the subscription and the account (CT, SU, PF-1, ST), and the clients' side of selections."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pel_tui.cli.common import (
    Registry,
    Session,
    _cut,
    _jsonable,
    day,
    emit,
    euros_to_cents,
    money,
    positive_int,
    raise_usage,
    table,
)


def cmd_contracts(s: Session, a: argparse.Namespace) -> None:
    ks = s.mp.contracts()
    if a.json:
        emit(a, ks)
        return
    rows = [[f"#{k.project_id}", _cut(k.project_title, 40), k.formula, money(k.amount_cents), k.status,
             money(k.commission_cents), k.commission_payer] for k in ks]
    print(table(rows, ["project", "title", "formula", "amount", "state", "commission", "paid by"]))

def cmd_confirm(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.confirm_terms(a.id, accept_commission=a.accept_commission), lambda r: (
        f"Terms confirmed on #{a.id}: formula {r['formula']}, {money(r['amount_cents'])}; commission "
        f"{money(r['commission_cents'])} paid by the {r['commission_payer']}"
        + (f", R0 fee {money(r['r0_fee_cents'])}" if r["r0_fee_cents"] else "")
        + ". The project starts once the commission is paid."
    ))

def cmd_decline(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.decline(a.id), lambda r: f"Selection on #{a.id} declined; the project is open again")

def cmd_subscription(s: Session, a: argparse.Namespace) -> None:
    sub = s.mp.subscription()
    if sub is None:
        if a.json:
            print("null")
            return
        print("No subscription. Plans: " + ", ".join(
            f"{p.name} ({money(p.price_cents)} / {p.months} month{'s' if p.months > 1 else ''})"
            for p in s.engine.policy.plans.values()) + ". Subscribe with: pel subscribe PLAN")
        return

    def text(x: Any) -> str:
        out = [
            f"{x.plan_label}: {money(x.price_cents)} HT every {x.months} month{'s' if x.months > 1 else ''} · "
            f"{x.status}",
            f"period {x.period_start:%Y-%m-%d} → {x.period_end:%Y-%m-%d}",
        ]
        if x.renews:
            out.append(f"renews tacitly on {x.period_end:%Y-%m-%d} (notice on {x.renewal_notice_at:%Y-%m-%d})")
        if x.next_plan and x.renews:
            out.append(f"from {x.period_end:%Y-%m-%d}: {x.next_plan_label} at {money(x.next_price_cents)} HT, "
                       "as you chose (pel keep-plan to stay on your plan)")
        elif x.cancel_requested_at:
            out.append(f"cancelled on {x.cancel_requested_at:%Y-%m-%d}; active until {x.period_end:%Y-%m-%d}")
        if x.incident_since:
            out.append(f"payment incident since {x.incident_since:%Y-%m-%d}: pel settle")
        if x.amount_due_cents:
            out.append(f"amount due: {money(x.amount_due_cents)}")
        for sp in x.suspensions:
            out.append(f"suspended {sp.started_at:%Y-%m-%d} → "
                       f"{(sp.ended_at or sp.planned_end):%Y-%m-%d}{'' if sp.ended_at else ' (planned)'}")
        return "\n".join(out)

    emit(a, sub, text)

def cmd_subscribe(s: Session, a: argparse.Namespace) -> None:
    sentence = s.mp.subscription_sentence(a.plan)
    confirmation = a.confirm
    if confirmation is None:
        if not sys.stdin.isatty():
            raise_usage(f"to subscribe, type the confirmation sentence: --confirm \"{sentence}\"")
        print(f"To subscribe, type exactly this sentence:\n  {sentence}")
        confirmation = input("> ")
    if " ".join(_plain_quotes(confirmation).split()) == " ".join(sentence.split()):
        confirmation = sentence  # typed with a typographic apostrophe (’): the same sentence
    emit(a, s.mp.subscribe(a.plan, confirmation), lambda r: (
        f"Subscribed to {r['plan']} until {day(r['period_ends_at'])} (renews tacitly); credits granted: "
        + ", ".join(f"{v} {k}" for k, v in r["granted"].items())
    ))

def cmd_change_plan(s: Session, a: argparse.Namespace) -> None:
    """SU-9: another plan for the next period, confirmed by typing that plan's sentence."""
    sentence = s.mp.subscription_sentence(a.plan)
    confirmation = a.confirm
    if confirmation is None:
        if not sys.stdin.isatty():
            raise_usage(f"to change plan, type the new plan's confirmation sentence: --confirm \"{sentence}\"")
        print(f"To take this plan from your renewal date on, type exactly this sentence:\n  {sentence}")
        confirmation = input("> ")
    emit(a, s.mp.change_plan(a.plan, confirmation), lambda r: (
        f"From {day(r['effective_at'])} your subscription is {r['plan']} at {money(r['price_cents'])} HT, with "
        + ", ".join(f"{v} {k}" for k, v in r["granted"].items())
        + f" credits a period; {r['from_plan']} runs until then, with no proration and no refund. "
        "Undo it before that date: pel keep-plan"
    ))

def cmd_keep_plan(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.keep_plan(), lambda r: f"Plan change undone: your subscription renews on {r['plan']} on "
         f"{day(r['renews_at'])}")

def _plain_quotes(text: str) -> str:
    for fancy, simple in (("’", "'"), ("‘", "'"), ("ʼ", "'"), ("“", '"'), ("”", '"'), ("\u00a0", " ")):
        text = text.replace(fancy, simple)
    return text


def cmd_cancel(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.cancel_subscription(), lambda r: (
        f"Subscription cancelled: it stays active until {day(r['active_until'])}; no refund and no "
        "shortening of the period"
    ))

def cmd_suspend(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.suspend(a.months), lambda r: (
        f"Suspended until {day(r['suspended_until'])}; credits are frozen and their expiries move out "
        "by the days suspended (pel resume to come back early)"
    ))

def cmd_resume(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.resume(), lambda r: (
        f"Subscription active again; the period now ends on {day(r['period_ends_at'])}"
    ))

def cmd_settle(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.settle(), lambda r: f"Paid {money(r['paid_cents'])}; the subscription is active")

def cmd_stats(s: Session, a: argparse.Namespace) -> None:
    def text(st: Any) -> str:
        per_won = "-" if st.credits_spent_per_won is None else f"{st.credits_spent_per_won:.1f}"
        comp = "-" if st.average_competition is None else f"{st.average_competition:.1f}"
        return "\n".join([
            f"projects consulted   {st.projects_consulted}",
            f"offers made          {st.offers_made}",
            f"won                  {st.won}",
            f"win rate             {st.win_rate:.0%}   (platform: about {st.platform_win_rate:.0%})",
            f"credits per win      {per_won}",
            f"average competition  {comp} offers",
            f"platform: {st.platform_go_ahead_rate:.0%} of projects go ahead",
        ])

    emit(a, s.mp.stats(), text)

def cmd_whoami(s: Session, a: argparse.Namespace) -> None:
    me = s.mp.whoami()
    emit(a, {**_jsonable(me), "store": str(s.path)}, lambda m: (
        f"{m['display_name']} ({m['pseudo']}), {m['country']} · store {m['store']}"
    ))

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
    emit(a, res)

def cmd_invoices(s: Session, a: argparse.Namespace) -> None:
    if a.save:
        path = s.mp.save_platform_invoice(a.save, a.output or ".")
        emit(a, {"saved": path}, lambda r: f"Saved {r['saved']}")
        return
    invs = s.mp.platform_invoices()
    if a.json:
        emit(a, invs)
        return
    rows = [[i.number, i.issued_at.strftime("%Y-%m-%d"), _cut(i.label, 50), money(i.amount_cents),
             money(i.vat_cents)] for i in invs]
    print(table(rows, ["number", "date", "label", "amount HT", "VAT"]))
    print("\nSave one as PDF: pel invoices --save NUMBER [-o PATH]")

def cmd_delete_account(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.delete_account(a.confirm or ""), lambda r: (
        "Account deleted: personal data anonymised; ledgers and invoices are kept"
        + (f"; the period already due runs until {day(r['paid_until'])}" if r["paid_until"] else "")
    ))


def add_commands(reg: Registry) -> None:
    cmd, with_id = reg.cmd, reg.with_id
    cmd("contracts", cmd_contracts, "your selections and contracts")
    sp = with_id(cmd("confirm", cmd_confirm, "confirm the terms of a selection"))
    sp.add_argument("--accept-commission", action="store_true",
                    help="agree to pay the connection commission when the client asks you to")
    with_id(cmd("decline", cmd_decline, "decline a selection"))
    cmd("subscription", cmd_subscription, "your subscription: plan, period, renewal")
    sp = cmd("subscribe", cmd_subscribe, "subscribe to a plan (essentiel, pro, expert)")
    sp.add_argument("plan")
    sp.add_argument("--confirm", metavar="SENTENCE", help="the confirmation sentence, typed exactly")
    sp = cmd("change-plan", cmd_change_plan, "take another plan from the renewal date on (no proration)")
    sp.add_argument("plan")
    sp.add_argument("--confirm", metavar="SENTENCE", help="the new plan's confirmation sentence, typed exactly")
    cmd("keep-plan", cmd_keep_plan, "undo a plan change before the renewal")
    cmd("cancel", cmd_cancel, "cancel the subscription (active until the end of the period)")
    sp = cmd("suspend", cmd_suspend, "suspend the subscription for 1 to 3 months")
    sp.add_argument("months", type=positive_int)
    cmd("resume", cmd_resume, "end a suspension early")
    cmd("settle", cmd_settle, "pay what is due after a payment incident")
    cmd("stats", cmd_stats, "your figures beside the platform's")
    cmd("whoami", cmd_whoami, "your account and the store in use")
    sp = cmd("preferences", cmd_preferences, "show or set your preferences (default filter, digest)")
    sp.add_argument("--category", action="append")
    sp.add_argument("--keyword", action="append")
    sp.add_argument("--min-budget", type=euros_to_cents, metavar="EUR")
    sp.add_argument("--country", action="append")
    sp.add_argument("--digest", choices=["on", "off"])
    sp = cmd("invoices", cmd_invoices, "the platform's invoices to you; save one as PDF")
    sp.add_argument("--save", metavar="NUMBER")
    sp.add_argument("-o", "--output", metavar="PATH")
    sp = cmd("delete-account", cmd_delete_account, "delete your account (data anonymised)")
    sp.add_argument("--confirm", metavar="PSEUDO", help="your pseudo, to confirm")
    x = reg.pcmd("select", lambda pl, a, who: pl.select(a.id, who, a.formula, a.commission_payer),
                 "the client selects a provider's offer")
    x.add_argument("--provider", metavar="PSEUDO", help="default: you")
    x.add_argument("--formula", choices=["base", "r0"], default="base")
    x.add_argument("--commission-payer", choices=["client", "provider"], default="client")
    reg.pcmd("pay-commission", lambda pl, a, who: pl.pay_commission(a.id),
             "the commission is paid: the project starts")
    x = reg.pcmd("card-declined", lambda pl, a, who: pl.set_card_declined(who, a.state == "on"),
                 "make the provider's renewal charges fail, or work", with_project=False)
    x.add_argument("state", choices=["on", "off"])
    x.add_argument("--provider", metavar="PSEUDO")
    x = reg.pcmd("amend", lambda pl, a, who: pl.amend(a.id, a.amount),
                 "change a contract's amount (both sides agreed)")
    x.add_argument("--amount", type=euros_to_cents, required=True, metavar="EUR")
    x = reg.pcmd("register", lambda pl, a, who: pl.register_provider(a.pseudo, a.name, a.country),
                 "sign up a provider", with_project=False)
    x.add_argument("pseudo")
    x.add_argument("name")
    x.add_argument("--country", default="FR")
