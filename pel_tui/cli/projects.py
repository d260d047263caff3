"""The command line's verbs on projects, credits, offers and notifications (PR, CR, OF, NO), and the clients' and moderation's."""

from __future__ import annotations

import argparse
from typing import Any

from pel_tui.cli.common import (
    Registry,
    Session,
    _cut,
    day,
    emit,
    euros_to_cents,
    money,
    positive_int,
    raise_usage,
    table,
    when,
    whole_number,
)


def _folded(text: str) -> str:
    """Without accents nor capitals: `developpement web` finds `Développement web`."""
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()


def known_categories(given: list[str] | None) -> list[str]:
    """Each category as the marketplace spells it (accents and capitals do not matter); an unknown one
    is refused with the list of known ones."""
    from pel_tui.backend.models import CATEGORIES

    by_folded = {_folded(c): c for c in CATEGORIES}
    out = []
    for c in given or []:
        found = by_folded.get(_folded(c.strip()))
        if found is None:
            raise_usage(f"unknown category {c!r}; the categories are: " + ", ".join(CATEGORIES))
        else:
            out.append(found)
    return out


def known_countries(given: list[str] | None, countries: tuple[str, ...]) -> list[str]:
    """Country codes in capitals; an unknown one is refused with the list of known ones."""
    out = []
    for c in given or []:
        code = c.strip().upper()
        if code not in countries:
            raise_usage(f"unknown country {c!r}; the countries are: " + ", ".join(countries))
        out.append(code)
    return out


def days_forward(text: str) -> float:
    """`pel platform advance DAYS`: a number of days above 0 (`30`, `0.5`)."""
    try:
        days = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of days; e.g. 30, or 0.5 for 12 hours") from None
    if not days > 0:
        raise argparse.ArgumentTypeError(f"{text!r}: the clock only moves forward, by more than 0 days")
    return days


def cmd_projects(s: Session, a: argparse.Namespace) -> None:
    since = None
    if a.since is not None:
        since = s.engine.now() - a.since * 86_400
    prefs = s.mp.preferences() if a.mine else {}
    categories = known_categories(a.category)
    countries = known_countries(a.country, s.engine.policy.provider_countries)
    page = s.mp.projects(
        " ".join(a.words) or (" ".join(prefs.get("keywords", [])) or None),
        categories=tuple(categories or prefs.get("categories", [])),
        budget_min_cents=a.budget_min if a.budget_min is not None else prefs.get("min_budget_cents"),
        budget_max_cents=a.budget_max,
        countries=tuple(c.upper() for c in (countries or prefs.get("countries", []))),
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

def cmd_show(s: Session, a: argparse.Namespace) -> None:
    from pel_tui.backend.errors import NotFound

    try:
        r = s.mp.project(a.id)
    except NotFound:
        if not s.engine.linked:
            raise
        from pel_tui.sync import fetch  # PR-5: a project the mirror does not keep comes from the server

        if not fetch.project(s.engine, a.id):
            raise
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
        for x in r.ratings:  # FO-3: once visible, whatever the formula
            out.append(f"Rating by the {x.by_side}: {'★' * x.stars}{'☆' * (5 - x.stars)} {x.comment}".rstrip())
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


def advance(pl: Any, a: argparse.Namespace, who: str) -> Any:
    """`pel platform advance DAYS`: the clock moved, and what it brought (statuses, notifications...)."""
    engine = getattr(pl, "engine", None)
    if engine is None:  # a remote platform: its clock, its own account of it
        return pl.advance(a.days)
    from pel_tui.backend import Marketplace

    mp = Marketplace.for_user(engine) if engine.store.get_meta("me") is not None else None
    before = pl.snapshot()["projects"]
    last = mp.notifications(limit=1) if mp else []
    last_id = last[0].id if last else 0
    sub = mp.subscription() if mp else None
    res = pl.advance(a.days)
    after = pl.snapshot()["projects"]
    changed = {k: after.get(k, 0) - before.get(k, 0) for k in sorted(set(before) | set(after))}
    changed = {k: n for k, n in changed.items() if n}
    news = [n for n in (mp.notifications(limit=500) if mp else []) if n.id > last_id]
    renewed = None
    if mp and sub is not None:
        now_sub = mp.subscription()
        if now_sub is not None and now_sub.period_end != sub.period_end:
            renewed = f"{now_sub.plan_label}, {now_sub.status}, period now ends {now_sub.period_end:%Y-%m-%d}"
        elif now_sub is not None and now_sub.status != sub.status:
            renewed = f"{now_sub.plan_label} is now {now_sub.status.replace('_', ' ')}"
    from pel_tui.i18n.notices import render
    from pel_tui.i18n.voice import CliVoice

    voice = CliVoice()
    if a.json:
        return {**res, "days": a.days, "projects_changed": changed, "subscription": renewed,
                "notifications": [{"id": n.id, "kind": n.kind, "project_id": n.project_id,
                                   "title": render(n, voice)[0]} for n in news]}
    out = {"clock": f"moved {a.days:g} day{'s' if a.days != 1 else ''}, now {day(res['now_at'])}"}
    out["projects"] = ", ".join(f"{n:+d} {k.replace('_', ' ')}" for k, n in changed.items()) or "no status changed"
    if renewed:
        out["subscription"] = renewed
    out["your notifications"] = (
        f"{len(news)} new: " + "; ".join(render(n, voice)[0] for n in news[:8]) + ("; …" if len(news) > 8 else "")
        + " (pel notifications)" if news else "none new")
    return out


def add_commands(reg: Registry) -> None:
    cmd, with_id = reg.cmd, reg.with_id
    sp = cmd("projects", cmd_projects, "list available projects (newest first), with filters")
    sp.add_argument("words", nargs="*", help="keywords (accents and case do not matter)")
    sp.add_argument("--category", action="append", help="a category (repeatable)")
    sp.add_argument("--budget-min", type=euros_to_cents, metavar="EUR")
    sp.add_argument("--budget-max", type=euros_to_cents, metavar="EUR")
    sp.add_argument("--country", action="append", help="client country code, e.g. FR (repeatable)")
    sp.add_argument("--urgent", action="store_const", const=True, default=None)
    sp.add_argument("--not-urgent", dest="urgent", action="store_const", const=False)
    sp.add_argument("--since", type=positive_int, metavar="DAYS", help="posted in the last DAYS days")
    sp.add_argument("--max-offers", type=whole_number, metavar="N", help="at most N offers (competition)")
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
    sp.add_argument("--status", choices=["submitted", "read", "withdrawn", "declined", "revoked", "selected", "won",
                                         "lost"])
    sp = cmd("credits", cmd_credits, "credit balances, next expiries and the ledger")
    sp.add_argument("--limit", type=positive_int, default=None, help="ledger entries to show")
    sp = cmd("notifications", cmd_notifications, "your notifications, newest first")
    sp.add_argument("--unread", action="store_true")
    sp.add_argument("--mark-read", action="store_true", help="mark them all read")
    sp.add_argument("--limit", type=positive_int, default=50)
    reg.pcmd("read-offers", lambda pl, a, who: pl.read_offers(a.id), "the client reads every offer")
    reg.pcmd("cancel", lambda pl, a, who: pl.cancel(a.id), "the client cancels the project")
    reg.pcmd("remove", lambda pl, a, who: pl.remove(a.id), "moderation removes the project")
    x = reg.pcmd("post", lambda pl, a, who: pl.post(
        a.title, a.summary, a.description or a.summary, known_categories([a.category])[0], a.budget_min,
        a.budget_max, urgent=a.urgent), "a client posts a project", with_project=False)
    x.add_argument("--title", required=True)
    x.add_argument("--summary", required=True)
    x.add_argument("--description")
    x.add_argument("--category", default="Développement web")
    x.add_argument("--budget-min", type=euros_to_cents, default=50_000, metavar="EUR")
    x.add_argument("--budget-max", type=euros_to_cents, default=150_000, metavar="EUR")
    x.add_argument("--urgent", action="store_true")
    x = reg.pcmd("advance", advance,
                 "move the clock forward and apply every time-based rule; says what happened", with_project=False)
    x.add_argument("days", type=days_forward, help="how far: 30, or 0.5 for 12 hours")
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
    x = reg.pcmd("import-debit", lambda pl, a, who: pl.import_debit(who, a.id, a.kind),
                 "record a debit arriving from sync (a duplicate is refunded)")
    x.add_argument("kind", choices=["consultation", "offer", "contact"])
    x.add_argument("--provider", metavar="PSEUDO")
    reg.pcmd("status", lambda pl, a, who: pl.snapshot(), "counts of the marketplace", with_project=False)
