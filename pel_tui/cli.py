"""The `pel` command line: parses, calls the engine, prints text or `--json`.

Amounts are typed in euros (`1500`, `1500.50`, `1 500,50`); JSON carries integer cents in fields
whose names end in `_cents`. A refused action exits non-zero with the reason on standard error and
changes nothing.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pel_tui.launch import DEFAULT_DEMO_PROJECTS, open_store

# -- parsing helpers -------------------------------------------------------------------------------

def euros_to_cents(text: str) -> int:
    """An amount in euros as typed (`pel_tui.backend.money`), in cents; argparse's error otherwise."""
    from pel_tui.backend.errors import InvalidInput
    from pel_tui.backend.money import parse_euros

    try:
        return parse_euros(text)
    except InvalidInput as e:
        raise argparse.ArgumentTypeError(say(e)) from None


def say(error: Any) -> str:
    """A refusal in words, naming the command line's commands."""
    from pel_tui.i18n.refusals import render
    from pel_tui.i18n.voice import CliVoice

    return render(error, CliVoice())


def positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} must be above 0")
    return n


def project_id(text: str) -> int:
    """'48213' or '#48213'."""
    return positive_int(text.strip().lstrip("#"))


def money(cents: int | None) -> str:
    if cents is None:
        return "-"
    from pel_tui.backend.invoices import euros

    return euros(cents).replace("\u202f", " ")


def day(ts: int | None) -> str:
    """A time (Unix seconds) as its UTC day."""
    return "-" if ts is None else datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d")


def when(d: datetime | None) -> str:
    return "-" if d is None else d.strftime("%Y-%m-%d %H:%M")


# -- output ------------------------------------------------------------------------------------------

#: A result's field holding a time (Unix seconds) ends so; JSON writes it in UTC ISO 8601.
TIME_FIELDS = ("_at", "_by", "_until", "_on")


def _iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _jsonable(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _jsonable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): _iso(v) if str(k).endswith(TIME_FIELDS) and type(v) is int else _jsonable(v)
                for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    if isinstance(obj, datetime):
        return obj.strftime("%Y-%m-%dT%H:%M:%SZ")
    return obj


def emit(args: argparse.Namespace, obj: Any, text: Callable[[Any], str] | None = None) -> None:
    if args.json:
        print(json.dumps(_jsonable(obj), ensure_ascii=False, indent=2))
    elif text is not None:
        out = text(obj)
        if out:
            print(out)
    else:
        print(_plain(obj))


def _plain(obj: Any) -> str:
    data = _jsonable(obj)
    if isinstance(data, dict):
        lines = []
        for k, v in data.items():
            if k.endswith("_cents") and isinstance(v, int):
                lines.append(f"{k[:-6]}: {money(v)}")
            elif isinstance(v, dict):
                lines.append(f"{k}: " + ", ".join(f"{a} {b}" for a, b in v.items()))
            else:
                lines.append(f"{k}: {v}")
        return "\n".join(lines)
    return str(data)


def table(rows: Sequence[Sequence[str]], headers: Sequence[str]) -> str:
    widths = [len(h) for h in headers]
    for r in rows:
        for i, cell in enumerate(r):
            widths[i] = max(widths[i], len(cell))
    fmt = "  ".join("{:<" + str(w) + "}" for w in widths)
    out = [fmt.format(*headers), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*r) for r in rows]
    return "\n".join(out)


# -- the session ---------------------------------------------------------------------------------------

class Session:
    """The engine, the provider's session and the platform, opened on the chosen store."""

    def __init__(self, args: argparse.Namespace) -> None:
        from pel_tui.backend import Marketplace, Platform

        self.path, self.engine = open_store(args.store, create=args.command != "demo")
        self.platform = Platform(self.engine)
        self._mp: Any = None
        self._Marketplace = Marketplace

    @property
    def mp(self) -> Any:
        if self._mp is None:
            self._mp = self._Marketplace.for_user(self.engine)
        return self._mp


# -- commands ------------------------------------------------------------------------------------------

def cmd_projects(s: Session, a: argparse.Namespace) -> None:
    since = None
    if a.since is not None:
        since = s.engine.now() - a.since * 86_400
    prefs = s.mp.preferences() if a.mine else {}
    page = s.mp.projects(
        " ".join(a.words) or (" ".join(prefs.get("keywords", [])) or None),
        categories=tuple(a.category or prefs.get("categories", [])),
        budget_min_cents=a.budget_min if a.budget_min is not None else prefs.get("min_budget_cents"),
        budget_max_cents=a.budget_max,
        countries=tuple(c.upper() for c in (a.country or prefs.get("countries", []))),
        urgent=a.urgent, posted_since=since, max_offers=a.max_offers, consulted=a.consulted,
        hidden=a.hidden, status=None if a.status == "any" else a.status, order=a.order,
        offset=(a.page - 1) * a.limit, limit=a.limit,
    )
    if a.json:
        emit(a, page.projects)
        return
    rows = [
        [
            f"#{p.id}", p.created_at.strftime("%Y-%m-%d"), _cut(p.title, 48), _cut(p.category, 18),
            f"{p.budget_min_cents // 100}-{p.budget_max_cents // 100} €", p.country,
            str(p.offers), ("U" if p.urgent else "") + ("C" if p.consulted else "")
            + ("H" if p.hidden else "") + ("O" if p.my_offer else ""),
        ]
        for p in page.projects
    ]
    print(table(rows, ["id", "posted", "title", "category", "budget", "cty", "offers", "flags"]))
    last = min(page.offset + page.limit, page.total)
    print(f"\n{page.offset + 1 if page.total else 0}-{last} of {page.total:,}"
          "  (flags: U urgent, C consulted, H hidden, O your offer)")


def _cut(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1] + "…"


def cmd_show(s: Session, a: argparse.Namespace) -> None:
    r = s.mp.project(a.id)

    def text(r: Any) -> str:
        p = r.project
        out = [
            f"#{p.id} {p.title}",
            f"{p.category} · {money(p.budget_min_cents)} – {money(p.budget_max_cents)} · "
            f"{p.city} ({p.country}) · posted {when(p.created_at)} · {p.status}"
            + (" · URGENT" if p.urgent else ""),
            f"offers: {p.offers} · deadline: {p.deadline or '-'}",
            "", p.summary, "",
        ]
        if r.description is None:
            out.append("The report (description, specification, other offers, Q&A, files) is "
                       f"locked: pel consult {p.id} spends one consultation credit.")
        else:
            out += ["Description:", r.description, ""]
            if r.specification:
                out += ["Specification:", r.specification, ""]
            out.append(f"Other offers ({len(r.other_offers or [])}):")
            for o in r.other_offers or []:
                out.append(f"  {o.provider}: {money(o.amount_cents)} in {o.delay_days} days ({o.status})")
            out.append(f"Messages ({len(r.messages or [])}):")
            for m in r.messages or []:
                out.append(f"  [{when(m.at)}] {m.author}{' ' + m.provider if m.provider else ''}: {m.body}")
            if r.files:
                out.append("Files: " + ", ".join(f.name for f in r.files))
        if r.contact:
            out.append(f"Client: {r.contact.name} · {r.contact.email} · {r.contact.phone}")
        elif r.description is not None:
            out.append(f"Client contact: locked (pel contact {p.id} spends one contact credit)")
        if r.my_offer:
            o = r.my_offer
            out.append(f"\nYour offer: {money(o.amount_cents)} in {o.delay_days} days, {o.status}, "
                       f"version {len(o.versions)}, read {when(o.read_at)}")
        if r.contract:
            k = r.contract
            out.append(f"Contract: formula {k.formula}, {money(k.amount_cents)}, {k.status}, "
                       f"commission {money(k.commission_cents)} paid by the {k.commission_payer}")
            if k.status == "awaiting_confirmation":
                out.append(f"  Confirm by {when(k.confirm_by)}: pel confirm {p.id} / pel decline {p.id}")
        if r.stale_report:
            out.append(f"Staleness report: {r.stale_report}")
        return "\n".join(out)

    emit(a, r, text)


def _spent_line(res: dict[str, Any], kind: str, what: str) -> str:
    bal = res["balances"][kind]
    if res["spent"]:
        return f"{what}: 1 {kind} credit spent, {bal} left"
    return f"{what}: already paid for on this project, no credit spent ({bal} left)"


def cmd_consult(s: Session, a: argparse.Namespace) -> None:
    res = s.mp.consult(a.id)
    emit(a, res, lambda r: _spent_line(r, "consultation", f"Report of #{a.id} unlocked")
         + f"\nRead it: pel show {a.id}")


def cmd_offer(s: Session, a: argparse.Namespace) -> None:
    res = s.mp.make_offer(a.id, a.amount, a.days, a.message)
    verb = "Offer made" if res["version"] == 1 else f"Offer edited (version {res['version']})"
    emit(a, res, lambda r: _spent_line(r, "offer", f"{verb} on #{a.id}"))


def cmd_withdraw(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.withdraw(a.id), lambda r: f"Offer on #{a.id} withdrawn (the offer credit is not refunded)")


def cmd_ask(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.ask(a.id, " ".join(a.text)), lambda r: _spent_line(r, "offer", f"Message sent on #{a.id}"))


def cmd_contact(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.reveal_contact(a.id), lambda r: f"{r['name']} · {r['email']} · {r['phone']}\n"
         + _spent_line(r, "contact", "Contact revealed"))


def cmd_hide(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.hide(a.id), lambda r: f"#{a.id} hidden from your list (pel unhide {a.id} to undo)")


def cmd_unhide(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.unhide(a.id), lambda r: f"#{a.id} is back in your list")


def cmd_stale(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.report_stale(a.id), lambda r: (
        f"#{a.id}: already reported; " if r["already_reported"] else f"#{a.id} reported; "
    ) + f"the client is asked and has until {day(r['client_answer_by'])} to answer")


def cmd_offers(s: Session, a: argparse.Namespace) -> None:
    offers = s.mp.offers(a.status)
    if a.json:
        emit(a, offers)
        return
    rows = [
        [f"#{o.project_id}", _cut(o.project_title, 44), money(o.amount_cents), f"{o.delay_days} d",
         o.status, f"v{len(o.versions)}", "read " + when(o.read_at) if o.read_at else "unread"]
        for o in offers
    ]
    print(table(rows, ["project", "title", "amount", "delay", "state", "ver", "receipt"]))
    pending = [k for k in s.mp.contracts() if k.status == "awaiting_confirmation"]
    for k in pending:
        print(f"\nTerms to confirm on #{k.project_id}: formula {k.formula}, {money(k.amount_cents)}, "
              f"commission {money(k.commission_cents)} ({k.commission_payer}); by {when(k.confirm_by)}: "
              f"pel confirm {k.project_id}")


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


def cmd_credits(s: Session, a: argparse.Namespace) -> None:
    cr = s.mp.credits(a.limit)
    if a.json:
        emit(a, cr)
        return
    b = cr.balances
    print(f"consultation {b['consultation']} · offer {b['offer']} · contact {b['contact']}"
          + ("" if cr.spendable else f"   (frozen: {cr.frozen_reason})"))
    if cr.next_expiries:
        print("\nNext expiries:")
        for lot in cr.next_expiries[:6]:
            print(f"  {lot.remaining} {lot.kind} on {lot.expires_at:%Y-%m-%d} ({lot.source})")
    print()
    rows = [[when(e.at), e.kind, e.entry_type, f"{e.delta:+d}", f"#{e.project_id}" if e.project_id else "",
             e.reason] for e in cr.ledger]
    print(table(rows, ["when", "kind", "entry", "delta", "project", "reason"]))


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
            f"{x.plan_label}: {money(x.price_cents)} HT every {x.months} month(s) · {x.status}",
            f"period {x.period_start:%Y-%m-%d} → {x.period_end:%Y-%m-%d}",
        ]
        if x.renews:
            out.append(f"renews tacitly on {x.period_end:%Y-%m-%d} (notice on {x.renewal_notice_at:%Y-%m-%d})")
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
    emit(a, s.mp.subscribe(a.plan, confirmation), lambda r: (
        f"Subscribed to {r['plan']} until {r['period_end']} (renews tacitly); credits granted: "
        + ", ".join(f"{v} {k}" for k, v in r["granted"].items())
    ))


def cmd_cancel(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.cancel_subscription(), lambda r: (
        f"Subscription cancelled: it stays active until {r['active_until']}; no refund and no "
        "shortening of the period"
    ))


def cmd_suspend(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.suspend(a.months), lambda r: (
        f"Suspended until {r['suspended_until']}; credits are frozen and their expiries move out "
        "by the days suspended (pel resume to come back early)"
    ))


def cmd_resume(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.resume(), lambda r: f"Subscription active again; the period now ends on {r['period_end']}")


def cmd_settle(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.settle(), lambda r: f"Paid {money(r['paid_cents'])}; the subscription is active")


def cmd_notifications(s: Session, a: argparse.Namespace) -> None:
    ns = s.mp.notifications(unread_only=a.unread, limit=a.limit)
    if a.mark_read:
        s.mp.mark_read(None)
    from pel_tui.i18n.notices import render
    from pel_tui.i18n.voice import CliVoice

    voice = CliVoice()
    if a.json:
        emit(a, [{"id": n.id, "at": n.at, "kind": n.kind, "project_id": n.project_id, "data": n.data,
                  "read": n.read, "title": render(n, voice)[0], "body": render(n, voice)[1]} for n in ns])
        return
    for n in ns:
        title, body = render(n, voice)
        mark = " " if n.read else "●"
        print(f"{mark} {when(n.at)}  {title}")
        for line in body.splitlines():
            print(f"    {line}")
    if not ns:
        print("No notifications.")


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
        res = s.mp.set_preferences(
            categories=a.category, keywords=a.keyword, min_budget_cents=a.min_budget,
            countries=[c.upper() for c in a.country] if a.country else None, digest=digest,
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
        + (f"; the period already due runs until {r['paid_until']}" if r["paid_until"] else "")
    ))


def cmd_demo(s: Session | None, a: argparse.Namespace) -> None:
    import time

    from pel_tui.backend.demo import create_demo_store
    from pel_tui.locations import store_path

    path = store_path(a.store)
    if path.exists():
        if not a.force:
            raise_usage(f"{path} exists; pass --force to replace it, or --store PATH for another file")
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    t0 = time.perf_counter()
    res = create_demo_store(path, projects=a.projects, seed=a.seed)
    emit(a, {"store": str(path), "projects": res.projects, "seconds": round(time.perf_counter() - t0, 1)},
         lambda r: f"Demo marketplace with {r['projects']:,} projects in {r['store']} ({r['seconds']} s)")


# -- platform ----------------------------------------------------------------------------------------------

def cmd_platform(s: Session, a: argparse.Namespace) -> None:
    emit(a, a.pfn(s.platform, a, _who(s, a)))


def _who(s: Session, a: argparse.Namespace) -> str:
    """The provider a platform verb acts on: --provider, else the store's own provider."""
    given = getattr(a, "provider", None)
    if given:
        return str(given)
    return s.mp.pseudo if s.engine.store.get_meta("me") is not None else ""


# -- the parser ---------------------------------------------------------------------------------------------

PlatformFn = Callable[[Any, argparse.Namespace, str], Any]


class Registry:
    """Where command modules add their commands: `cmd` for the provider, `pcmd` under `platform`."""

    def __init__(self, cmd: Callable[[str, Callable[..., None], str], argparse.ArgumentParser],
                 platform: Any, common: argparse.ArgumentParser) -> None:
        self.cmd = cmd
        self._platform = platform
        self._common = common

    def pcmd(self, name: str, fn: PlatformFn, help: str, with_project: bool = True) -> argparse.ArgumentParser:
        x: argparse.ArgumentParser = self._platform.add_parser(
            name, parents=[self._common], help=help, description=help
        )
        if with_project:
            x.add_argument("id", type=project_id)
        x.set_defaults(pfn=fn)
        return x


def _platform_commands(reg: Registry) -> None:
    x = reg.pcmd("select", lambda pl, a, who: pl.select(a.id, who, a.formula, a.commission_payer),
                 "the client selects a provider's offer")
    x.add_argument("--provider", metavar="PSEUDO", help="default: you")
    x.add_argument("--formula", choices=["base", "r0"], default="base")
    x.add_argument("--commission-payer", choices=["client", "provider"], default="client")
    reg.pcmd("pay-commission", lambda pl, a, who: pl.pay_commission(a.id),
             "the commission is paid: the project starts")
    reg.pcmd("read-offers", lambda pl, a, who: pl.read_offers(a.id), "the client reads every offer")
    reg.pcmd("cancel", lambda pl, a, who: pl.cancel(a.id), "the client cancels the project")
    reg.pcmd("remove", lambda pl, a, who: pl.remove(a.id), "moderation removes the project")
    x = reg.pcmd("post", lambda pl, a, who: pl.post(
        a.title, a.summary, a.description or a.summary, a.category, a.budget_min, a.budget_max,
        urgent=a.urgent), "a client posts a project", with_project=False)
    x.add_argument("--title", required=True)
    x.add_argument("--summary", required=True)
    x.add_argument("--description")
    x.add_argument("--category", default="Développement web")
    x.add_argument("--budget-min", type=euros_to_cents, default=50_000, metavar="EUR")
    x.add_argument("--budget-max", type=euros_to_cents, default=150_000, metavar="EUR")
    x.add_argument("--urgent", action="store_true")
    x = reg.pcmd("advance", lambda pl, a, who: pl.advance(a.days),
                 "move the clock forward and apply every time-based rule", with_project=False)
    x.add_argument("days", type=float)
    x = reg.pcmd("offer", lambda pl, a, who: pl.offer_as(a.id, a.provider, a.amount, a.days, a.message),
                 "a competing provider makes an offer")
    x.add_argument("--provider", required=True, metavar="PSEUDO")
    x.add_argument("--amount", type=euros_to_cents, required=True, metavar="EUR")
    x.add_argument("--days", type=positive_int, required=True)
    x.add_argument("--message", required=True)
    x = reg.pcmd("answer", lambda pl, a, who: pl.answer(a.id, " ".join(a.text), a.provider),
                 "the client writes on the project")
    x.add_argument("text", nargs="+")
    x.add_argument("--provider", metavar="PSEUDO", help="to this provider's thread (default: public)")
    x = reg.pcmd("stale-answer", lambda pl, a, who: pl.answer_stale(a.id, a.answer == "confirm"),
                 "the client answers a staleness report")
    x.add_argument("answer", choices=["confirm", "deny"])
    x = reg.pcmd("grant", lambda pl, a, who: pl.grant_credits(who, a.kind, a.quantity, a.reason),
                 "grant credits (a pack or an adjustment)", with_project=False)
    x.add_argument("kind", choices=["consultation", "offer", "contact"])
    x.add_argument("quantity", type=positive_int)
    x.add_argument("--provider", metavar="PSEUDO")
    x.add_argument("--reason", default="pack")
    x = reg.pcmd("card-declined", lambda pl, a, who: pl.set_card_declined(who, a.state == "on"),
                 "make the provider's renewal charges fail, or work", with_project=False)
    x.add_argument("state", choices=["on", "off"])
    x.add_argument("--provider", metavar="PSEUDO")
    x = reg.pcmd("amend", lambda pl, a, who: pl.amend(a.id, a.amount),
                 "change a contract's amount (both sides agreed)")
    x.add_argument("--amount", type=euros_to_cents, required=True, metavar="EUR")
    x = reg.pcmd("import-debit", lambda pl, a, who: pl.import_debit(who, a.id, a.kind),
                 "record a debit arriving from sync (a duplicate is refunded)")
    x.add_argument("kind", choices=["consultation", "offer", "contact"])
    x.add_argument("--provider", metavar="PSEUDO")
    x = reg.pcmd("register", lambda pl, a, who: pl.register_provider(a.pseudo, a.name, a.country),
                 "sign up a provider", with_project=False)
    x.add_argument("pseudo")
    x.add_argument("name")
    x.add_argument("--country", default="FR")
    reg.pcmd("status", lambda pl, a, who: pl.snapshot(), "counts of the marketplace", with_project=False)


def _extensions() -> list[Callable[[Registry], None]]:
    """Command modules of the later parts of the engine (escrow, payments, profile)."""
    import importlib

    out = []
    for name in ("pel_tui.cli_escrow", "pel_tui.cli_profile"):
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name != name:
                raise
            continue
        out.append(module.add_commands)
    return out


class UsageError(Exception):
    pass


def raise_usage(msg: str) -> None:
    raise UsageError(msg)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print JSON (amounts in integer cents, fields ending in _cents)")
    common.add_argument("--store", metavar="PATH", default=argparse.SUPPRESS,
                        help="the store file (default: $PEL_STORE, else the user data directory)")
    p = argparse.ArgumentParser(
        prog="pel", parents=[common],
        description="pel-tui: work the project marketplace from the terminal. "
        "Amounts in euros (1500, 1500.50).",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def cmd(name: str, fn: Callable[..., None], help: str) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, parents=[common], help=help, description=help)
        sp.set_defaults(fn=fn)
        return sp

    def with_id(sp: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sp.add_argument("id", type=project_id, help="project id (48213 or #48213)")
        return sp

    sp = cmd("projects", cmd_projects, "list available projects (newest first), with filters")
    sp.add_argument("words", nargs="*", help="keywords (accents and case do not matter)")
    sp.add_argument("--category", action="append", help="a category (repeatable)")
    sp.add_argument("--budget-min", type=euros_to_cents, metavar="EUR")
    sp.add_argument("--budget-max", type=euros_to_cents, metavar="EUR")
    sp.add_argument("--country", action="append", help="client country code, e.g. FR (repeatable)")
    sp.add_argument("--urgent", action="store_const", const=True, default=None)
    sp.add_argument("--not-urgent", dest="urgent", action="store_const", const=False)
    sp.add_argument("--since", type=positive_int, metavar="DAYS", help="posted in the last DAYS days")
    sp.add_argument("--max-offers", type=int, metavar="N", help="at most N offers (competition)")
    sp.add_argument("--consulted", action="store_const", const=True, default=None)
    sp.add_argument("--not-consulted", dest="consulted", action="store_const", const=False)
    sp.add_argument("--hidden", action="store_const", const=True, default=False,
                    help="only the projects you hid")
    sp.add_argument("--with-hidden", dest="hidden", action="store_const", const=None)
    sp.add_argument("--status", default="open",
                    choices=["open", "awarded", "in_progress", "finalized", "cancelled", "removed",
                             "stale", "expired", "any"])
    sp.add_argument("--order", default="newest", choices=["newest", "relevance"])
    sp.add_argument("--mine", action="store_true", help="apply your preferences (PF-1) as filters")
    sp.add_argument("--page", type=positive_int, default=1)
    sp.add_argument("--limit", type=positive_int, default=50)

    with_id(cmd("show", cmd_show, "open a project by id: the public part, and what your credits unlock"))
    with_id(cmd("consult", cmd_consult, "unlock a project's report (one consultation credit, once)"))
    sp = with_id(cmd("offer", cmd_offer, "make an offer, or edit yours (one offer credit, once)"))
    sp.add_argument("--amount", type=euros_to_cents, required=True, metavar="EUR", help="excl. VAT")
    sp.add_argument("--days", type=positive_int, required=True, help="delay in days")
    sp.add_argument("--message", required=True, help="at least 30 characters")
    with_id(cmd("withdraw", cmd_withdraw, "withdraw your offer (no refund)"))
    sp = with_id(cmd("ask", cmd_ask, "write to the client on the project (needs the offer credit)"))
    sp.add_argument("text", nargs="+")
    with_id(cmd("contact", cmd_contact, "reveal the client's contact (one contact credit, once)"))
    with_id(cmd("hide", cmd_hide, "hide a project from your list"))
    with_id(cmd("unhide", cmd_unhide, "show a hidden project again"))
    with_id(cmd("stale", cmd_stale, "report a project as no longer current"))
    sp = cmd("offers", cmd_offers, "your offers with their state and read receipts")
    sp.add_argument("--status", choices=["submitted", "read", "withdrawn", "selected", "won", "lost"])
    cmd("contracts", cmd_contracts, "your selections and contracts")
    sp = with_id(cmd("confirm", cmd_confirm, "confirm the terms of a selection"))
    sp.add_argument("--accept-commission", action="store_true",
                    help="agree to pay the connection commission when the client asks you to")
    with_id(cmd("decline", cmd_decline, "decline a selection"))
    sp = cmd("credits", cmd_credits, "credit balances, next expiries and the ledger")
    sp.add_argument("--limit", type=positive_int, default=None, help="ledger entries to show")
    cmd("subscription", cmd_subscription, "your subscription: plan, period, renewal")
    sp = cmd("subscribe", cmd_subscribe, "subscribe to a plan (essentiel, pro, expert)")
    sp.add_argument("plan")
    sp.add_argument("--confirm", metavar="SENTENCE", help="the confirmation sentence, typed exactly")
    cmd("cancel", cmd_cancel, "cancel the subscription (active until the end of the period)")
    sp = cmd("suspend", cmd_suspend, "suspend the subscription for 1 to 3 months")
    sp.add_argument("months", type=positive_int)
    cmd("resume", cmd_resume, "end a suspension early")
    cmd("settle", cmd_settle, "pay what is due after a payment incident")
    sp = cmd("notifications", cmd_notifications, "your notifications, newest first")
    sp.add_argument("--unread", action="store_true")
    sp.add_argument("--mark-read", action="store_true", help="mark them all read")
    sp.add_argument("--limit", type=positive_int, default=50)
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
    cmd("summary", lambda s, a: None, "where you stand, as text (`pel` alone opens the application)")
    sp = cmd("demo", cmd_demo, "build a demo marketplace store")
    sp.add_argument("--projects", type=positive_int, default=DEFAULT_DEMO_PROJECTS)
    sp.add_argument("--seed", type=int, default=7)
    sp.add_argument("--force", action="store_true", help="replace an existing store file")

    plat = cmd("platform", cmd_platform, "play the other sides: clients, moderation, the clock")
    reg = Registry(cmd, plat.add_subparsers(dest="action", metavar="ACTION", required=True), common)
    _platform_commands(reg)
    for extension in _extensions():
        extension(reg)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "json"):
        args.json = False
    if not hasattr(args, "store"):
        args.store = None
    from local_store import StoreError
    from pel_tui.backend.errors import PelError

    try:
        if args.command is None:
            from pel_tui.launch import run_app

            return run_app(args.store)
        if args.command == "summary":
            return dashboard(args)
        if args.command == "demo":
            cmd_demo(None, args)
            return 0
        session = Session(args)
        args.fn(session, args)
        return 0
    except PelError as e:
        message = say(e)
        print(f"pel: {message}", file=sys.stderr)
        if args.json:
            print(json.dumps({"error": {"code": e.code, "message": message, "params": _jsonable(e.params)}},
                             ensure_ascii=False), file=sys.stderr)
        return e.exit_code
    except (StoreError, UsageError) as e:
        print(f"pel: {e}", file=sys.stderr)
        return 2 if isinstance(e, UsageError) else 3
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def dashboard(args: argparse.Namespace) -> int:
    """`pel` with no command: where you stand today, and what to do next."""
    args.command = "dashboard"
    s = Session(args)
    me = s.mp.whoami()
    cr = s.mp.credits(ledger_limit=0)
    sub = s.mp.subscription()
    page = s.mp.projects(limit=5)
    b = cr.balances
    print(f"{me.display_name} ({me.pseudo}) · store {s.path}")
    print(f"credits: consultation {b['consultation']} · offer {b['offer']} · contact {b['contact']}"
          + ("" if cr.spendable else f" (frozen: {cr.frozen_reason})"))
    if sub:
        print(f"subscription: {sub.plan_label}, {sub.status}, period ends {sub.period_end:%Y-%m-%d}")
    print(f"unread notifications: {s.mp.unread_count()}")
    pending = [k for k in s.mp.contracts() if k.status == "awaiting_confirmation"]
    for k in pending:
        print(f"terms to confirm on #{k.project_id} by {k.confirm_by:%Y-%m-%d}: pel confirm {k.project_id}")
    print(f"\n{page.total:,} available projects; the newest:")
    for p in page.projects:
        print(f"  #{p.id}  {_cut(p.title, 70)}  ({p.offers} offers)")
    print("\npel --help lists every command.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
