"""The command line's verbs on projects, credits, offers and notifications (PR, CR, OF, NO), and the clients' and moderation's."""

from __future__ import annotations

import argparse
from typing import Any

from pel_tui.cli import words
from pel_tui.cli.common import (
    Registry,
    Session,
    _cut,
    balances,
    emit,
    euros_to_cents,
    field,
    positive_int,
    raise_usage,
    table,
    whole_number,
)
from pel_tui.i18n import _, ngettext, pgettext
from pel_tui.i18n import formats as fmt


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
            raise_usage(_("unknown category {category}; the categories are: {categories}").format(
                category=repr(c), categories=", ".join(CATEGORIES)))
        else:
            out.append(found)
    return out


def known_countries(given: list[str] | None, countries: tuple[str, ...]) -> list[str]:
    """Country codes in capitals; an unknown one is refused with the list of known ones."""
    out = []
    for c in given or []:
        code = c.strip().upper()
        if code not in countries:
            raise_usage(_("unknown country {country}; the countries are: {countries}").format(
                country=repr(c), countries=", ".join(countries)))
        out.append(code)
    return out


def days_forward(text: str) -> float:
    """`pel platform advance DAYS`: a number of days above 0 (`30`, `0.5`)."""
    try:
        days = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("{text} is not a number of days; e.g. 30, or 0.5 for 12 hours").format(text=repr(text))) from None
    if not days > 0:
        raise argparse.ArgumentTypeError(
            _("{text}: the clock only moves forward, by more than 0 days").format(text=repr(text)))
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
    flags = (pgettext("flag", "U"), pgettext("flag", "C"), pgettext("flag", "H"), pgettext("flag", "O"))
    rows = [
        [
            f"#{p.id}", fmt.day(p.created_at), _cut(p.title, 48), _cut(p.category, 18),
            fmt.budget(p.budget_min_cents, p.budget_max_cents), p.country, fmt.number(p.offers),
            "".join(f for f, on in zip(flags, (p.urgent, p.consulted, p.hidden, p.my_offer), strict=True) if on),
        ]
        for p in page.projects
    ]
    print(table(rows, [pgettext("column", "id"), pgettext("column", "posted"), pgettext("column", "title"),
                       pgettext("column", "category"), pgettext("column", "budget"),
                       pgettext("column", "cty"), pgettext("column", "offers"), pgettext("column", "flags")]))
    last = min(page.offset + page.limit, page.total)
    print("\n" + _("{first}–{last} of {total}").format(
        first=fmt.number(page.offset + 1 if page.total else 0), last=fmt.number(last), total=fmt.number(page.total))
        + "  " + _("(flags: U urgent, C consulted, H hidden, O your offer)"))

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
            _("{category} · {budget} · {city} ({country}) · posted {date} · {state}").format(
                category=p.category, budget=fmt.budget(p.budget_min_cents, p.budget_max_cents), city=p.city,
                country=p.country, date=fmt.when(p.created_at), state=words.project_state(p.status))
            + (" · " + _("URGENT") if p.urgent else ""),
            _("offers: {n} · deadline: {date}").format(n=fmt.number(p.offers), date=words.iso_day(p.deadline)),
            "", p.summary, "",
        ]
        if r.description is None:
            out.append(_("The report (description, specification, other offers, Q&A, files) is locked: "
                         "pel consult {project} spends one consultation credit.").format(project=p.id))
        else:
            out += [_("Description:"), r.description, ""]
            if r.specification:
                out += [_("Specification:"), r.specification, ""]
            out.append(_("Other offers ({n}):").format(n=fmt.number(len(r.other_offers or []))))
            for o in r.other_offers or []:
                out.append("  " + ngettext("{provider}: {amount} in {days} day ({state})",
                                           "{provider}: {amount} in {days} days ({state})", o.delay_days).format(
                    provider=o.provider, amount=fmt.money(o.amount_cents), days=fmt.number(o.delay_days),
                    state=words.offer_state(o.status)))
            out.append(_("Messages ({n}):").format(n=fmt.number(len(r.messages or []))))
            for m in r.messages or []:
                author = words.side(m.author) + (" " + m.provider if m.provider else "")
                out.append("  " + field(f"[{fmt.when(m.at)}] {author}", m.body))
            if r.files:
                out.append(_("Files: {names}").format(names=", ".join(f.name for f in r.files)))
        if r.contact:
            out.append(_("Client: {name} · {email} · {phone}").format(
                name=r.contact.name, email=r.contact.email, phone=r.contact.phone))
        elif r.description is not None:
            out.append(_("Client contact: locked (pel contact {project} spends one contact credit)").format(
                project=p.id))
        if r.my_offer:
            o = r.my_offer
            out.append("\n" + ngettext("Your offer: {amount} in {days} day, {state}, version {version}",
                                       "Your offer: {amount} in {days} days, {state}, version {version}",
                                       o.delay_days).format(
                amount=fmt.money(o.amount_cents), days=fmt.number(o.delay_days), state=words.offer_state(o.status),
                version=len(o.versions))
                + ", " + (_("read by the client on {date}").format(date=fmt.when(o.read_at)) if o.read_at
                          else _("not read yet")))
        if r.contract:
            k = r.contract
            out.append(_("Contract: {formula}, {amount}, {state}, commission {commission} {paid_by}").format(
                formula=words.formula(k.formula), amount=fmt.money(k.amount_cents),
                state=words.contract_state(k.status), commission=fmt.money(k.commission_cents),
                paid_by=words.paid_by(k.commission_payer)))
            if k.status == "awaiting_confirmation":
                out.append("  " + _("Confirm by {date}: pel confirm {project} / pel decline {project}").format(
                    date=fmt.when(k.confirm_by), project=p.id))
        for x in r.ratings:  # FO-3: once visible, whatever the formula
            out.append(rating(x))
        if r.stale_report:
            out.append(_("Your staleness report: {where}").format(where=words.stale_report(r.stale_report)))
        return "\n".join(out)

    emit(a, r, text)

def rating(x: Any) -> str:
    """FO-3: a rating, by the client or by the provider: `Rating by the client: ★★★★☆ Très bien`."""
    stars = f"{'★' * x.stars}{'☆' * (5 - x.stars)}"
    if x.by_side == "client":
        line = _("Rating by the client: {stars} {comment}")
    else:
        line = _("Rating by the provider: {stars} {comment}")
    return line.format(stars=stars, comment=x.comment).rstrip()


def _spent_line(res: dict[str, Any], kind: str, what: str) -> str:
    bal = res["balances"][kind]
    if res["spent"]:
        return ngettext("{what}: {spent}, {n} left", "{what}: {spent}, {n} left", bal).format(
            what=what, spent=words.credit_spent(kind), n=fmt.number(bal))
    return ngettext("{what}: already paid for on this project, no credit spent ({n} left)",
                    "{what}: already paid for on this project, no credit spent ({n} left)", bal).format(
        what=what, n=fmt.number(bal))

def cmd_consult(s: Session, a: argparse.Namespace) -> None:
    res = s.mp.consult(a.id)
    emit(a, res, lambda r: _spent_line(r, "consultation", _("Report of #{project} unlocked").format(project=a.id))
         + "\n" + _("Read it: pel show {project}").format(project=a.id))

def cmd_offer(s: Session, a: argparse.Namespace) -> None:
    res = s.mp.make_offer(a.id, a.amount, a.days, a.message)
    what = (_("Offer made on #{project}").format(project=a.id) if res["version"] == 1 else
            _("Offer edited on #{project} (version {version})").format(project=a.id, version=res["version"]))
    emit(a, res, lambda r: _spent_line(r, "offer", what))

def cmd_withdraw(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.withdraw(a.id), lambda r: _("Offer on #{project} withdrawn (the offer credit is not refunded)").format(
        project=a.id))

def cmd_ask(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.ask(a.id, " ".join(a.text)), lambda r: _spent_line(
        r, "offer", _("Message sent on #{project}").format(project=a.id)))

def cmd_contact(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.reveal_contact(a.id), lambda r: f"{r['name']} · {r['email']} · {r['phone']}\n"
         + _spent_line(r, "contact", _("The client's contact details")))

def cmd_hide(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.hide(a.id), lambda r: _("#{project} hidden from your list (pel unhide {project} to undo)").format(
        project=a.id))

def cmd_unhide(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.unhide(a.id), lambda r: _("#{project} is back in your list").format(project=a.id))

def cmd_stale(s: Session, a: argparse.Namespace) -> None:
    emit(a, s.mp.report_stale(a.id), lambda r: (
        _("#{project}: already reported; the client is asked and has until {date} to answer") if r["already_reported"]
        else _("#{project} reported; the client is asked and has until {date} to answer")
    ).format(project=a.id, date=fmt.day(r["client_answer_by"])))

def cmd_offers(s: Session, a: argparse.Namespace) -> None:
    offers = s.mp.offers(a.status)
    if a.json:
        emit(a, offers)
        return
    rows = [
        [f"#{o.project_id}", _cut(o.project_title, 44), fmt.money(o.amount_cents),
         ngettext("{n} day", "{n} days", o.delay_days).format(n=fmt.number(o.delay_days)),
         words.offer_state(o.status), f"v{len(o.versions)}",
         pgettext("offer receipt", "read {date}").format(date=fmt.when(o.read_at)) if o.read_at else pgettext("offer receipt", "unread")]
        for o in offers
    ]
    print(table(rows, [pgettext("column", "project"), pgettext("column", "title"), pgettext("column", "amount"),
                       pgettext("column", "delay"), pgettext("column", "state"), pgettext("column", "ver"),
                       pgettext("column", "receipt")]))
    pending = [k for k in s.mp.contracts() if k.status == "awaiting_confirmation"]
    for k in pending:
        print("\n" + _("Terms to confirm on #{project}: {formula}, {amount}, commission {commission} {paid_by}; "
                       "by {date}: pel confirm {project}").format(
            project=k.project_id, formula=words.formula(k.formula), amount=fmt.money(k.amount_cents),
            commission=fmt.money(k.commission_cents), paid_by=words.paid_by(k.commission_payer),
            date=fmt.when(k.confirm_by)))

def cmd_credits(s: Session, a: argparse.Namespace) -> None:
    cr = s.mp.credits(a.limit)
    if a.json:
        emit(a, cr)
        return
    print(balances(cr))
    if cr.next_expiries:
        print("\n" + _("Next expiries:"))
        for lot in cr.next_expiries[:6]:
            print("  " + field(fmt.day(lot.expires_at), _("{credits} ({source})").format(
                credits=words.credits(lot.remaining, lot.kind), source=words.lot_source(lot.source))))
    print()
    rows = [[fmt.when(e.at), words.kind(e.kind), words.entry_type(e.entry_type), f"{e.delta:+d}",
             f"#{e.project_id}" if e.project_id else "", words.ledger_reason(e.reason)] for e in cr.ledger]
    print(table(rows, [pgettext("column", "when"), pgettext("column", "kind"), pgettext("column", "entry"),
                       pgettext("column", "delta"), pgettext("column", "project"), pgettext("column", "reason")]))

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
        print(f"{mark} {fmt.when(n.at)}  {title}")
        for line in body.splitlines():
            print(f"    {line}")
    if not ns:
        print(_("No notifications."))


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
    renewed = renewed_text = None  # JSON keeps its English sentence and ISO day; the text is the reader's
    if mp and sub is not None:
        now_sub = mp.subscription()
        if now_sub is not None and now_sub.period_end != sub.period_end:
            renewed = f"{now_sub.plan_label}, {now_sub.status}, period now ends {now_sub.period_end:%Y-%m-%d}"
            renewed_text = _("{plan}, {state}, period now ends {date}").format(
                plan=now_sub.plan_label, state=words.subscription_state(now_sub.status),
                date=fmt.day(now_sub.period_end))
        elif now_sub is not None and now_sub.status != sub.status:
            renewed = f"{now_sub.plan_label} is now {now_sub.status.replace('_', ' ')}"
            renewed_text = _("{plan} is now {state}").format(
                plan=now_sub.plan_label, state=words.subscription_state(now_sub.status))
    from pel_tui.i18n.notices import render
    from pel_tui.i18n.voice import CliVoice

    voice = CliVoice()
    if a.json:
        return {**res, "days": a.days, "projects_changed": changed, "subscription": renewed,
                "notifications": [{"id": n.id, "kind": n.kind, "project_id": n.project_id,
                                   "title": render(n, voice)[0]} for n in news]}
    out = {pgettext("advance", "clock"): ngettext("moved {days} day, now {date}", "moved {days} days, now {date}",
                                words.days_count(a.days)).format(days=words.days(a.days), date=fmt.day(res["now_at"]))}
    out[pgettext("advance", "projects")] = (", ".join(f"{fmt.number(n) if n < 0 else '+' + fmt.number(n)} {words.project_state(k)}"
                                    for k, n in changed.items()) or _("no status changed"))
    if renewed_text:
        out[pgettext("advance", "subscription")] = renewed_text
    titles = "; ".join(render(n, voice)[0] for n in news[:8]) + ("; …" if len(news) > 8 else "")
    out[pgettext("advance", "your notifications")] = (ngettext("{n} new: {titles} (pel notifications)",
                                             "{n} new: {titles} (pel notifications)", len(news)).format(
        n=fmt.number(len(news)), titles=titles) if news else _("none new"))
    return out


def _status_text(r: dict[str, Any]) -> str:
    """`pel platform status`: the marketplace's day and counts."""
    states = r.get("projects") or {}
    return "\n".join([
        field(_("day"), words.iso_day(r.get("now"))),
        field(pgettext("advance", "projects"), ", ".join(
            f"{words.project_state(k)} {fmt.number(n)}" for k, n in sorted(states.items())) or "—"),
        field(_("providers"), fmt.number(r.get("providers") or 0)),
        field(_("clients"), fmt.number(r.get("clients") or 0)),
        field(_("commands in the journal"), fmt.number(r.get("journal") or 0)),
    ])


def add_commands(reg: Registry) -> None:
    cmd, with_id = reg.cmd, reg.with_id
    sp = cmd("projects", cmd_projects, _("list available projects (newest first), with filters"))
    sp.add_argument("words", nargs="*", metavar=_("WORD"), help=_("keywords (accents and case do not matter)"))
    sp.add_argument("--category", action="append", metavar=_("CATEGORY"), help=_("a category (repeatable)"))
    sp.add_argument("--budget-min", type=euros_to_cents, metavar="EUR", help=_("a budget of at least EUR euros"))
    sp.add_argument("--budget-max", type=euros_to_cents, metavar="EUR", help=_("a budget of at most EUR euros"))
    sp.add_argument("--country", action="append", metavar=_("COUNTRY"), help=_("client country code, e.g. FR (repeatable)"))
    sp.add_argument("--urgent", action="store_const", const=True, default=None, help=_("only urgent projects"))
    sp.add_argument("--not-urgent", dest="urgent", action="store_const", const=False,
                    help=_("only projects that are not urgent"))
    sp.add_argument("--since", type=positive_int, metavar=_("DAYS"), help=_("posted in the last DAYS days"))
    sp.add_argument("--max-offers", type=whole_number, metavar="N", help=_("at most N offers (competition)"))
    sp.add_argument("--consulted", action="store_const", const=True, default=None,
                    help=_("only the projects whose report you unlocked"))
    sp.add_argument("--not-consulted", dest="consulted", action="store_const", const=False,
                    help=_("only the projects whose report you have not unlocked"))
    sp.add_argument("--hidden", action="store_const", const=True, default=False,
                    help=_("only the projects you hid"))
    sp.add_argument("--with-hidden", dest="hidden", action="store_const", const=None,
                    help=_("the projects you hid as well"))
    sp.add_argument("--status", default="open",
                    choices=["open", "awarded", "in_progress", "finalized", "cancelled", "removed",
                             "stale", "expired", "any"], help=_("the projects in this state (default: open)"))
    sp.add_argument("--order", default="newest", choices=["newest", "relevance"],
                    help=_("newest first, or the best matches of the keywords first"))
    sp.add_argument("--mine", action="store_true", help=_("apply your preferences as filters"))
    sp.add_argument("--page", type=positive_int, default=1, metavar="N", help=_("which page of the list"))
    sp.add_argument("--limit", type=positive_int, default=50, metavar="N", help=_("projects per page"))

    with_id(cmd("show", cmd_show, _("open a project by id: the public part, and what your credits unlock")))
    with_id(cmd("consult", cmd_consult, _("unlock a project's report (one consultation credit, once)")))
    sp = with_id(cmd("offer", cmd_offer, _("make an offer, or edit yours (one offer credit, once)")))
    sp.add_argument("--amount", type=euros_to_cents, required=True, metavar="EUR", help=_("excl. VAT"))
    sp.add_argument("--days", type=positive_int, required=True, metavar=_("DAYS"), help=_("delay in days"))
    sp.add_argument("--message", required=True, metavar=_("TEXT"), help=_("at least 30 characters"))
    with_id(cmd("withdraw", cmd_withdraw, _("withdraw your offer (no refund)")))
    sp = with_id(cmd("ask", cmd_ask, _("write to the client on the project (needs the offer credit)")))
    sp.add_argument("text", nargs="+", metavar=_("TEXT"))
    with_id(cmd("contact", cmd_contact, _("reveal the client's contact (one contact credit, once)")))
    with_id(cmd("hide", cmd_hide, _("hide a project from your list")))
    with_id(cmd("unhide", cmd_unhide, _("show a hidden project again")))
    with_id(cmd("stale", cmd_stale, _("report a project as no longer current")))
    sp = cmd("offers", cmd_offers, _("your offers with their state and read receipts"))
    sp.add_argument("--status", choices=["submitted", "read", "withdrawn", "declined", "revoked", "selected", "won",
                                         "lost"], help=_("only the offers in this state"))
    sp = cmd("credits", cmd_credits, _("credit balances, next expiries and the ledger"))
    sp.add_argument("--limit", type=positive_int, default=None, metavar="N", help=_("ledger entries to show"))
    sp = cmd("notifications", cmd_notifications, _("your notifications, newest first"))
    sp.add_argument("--unread", action="store_true", help=_("only the unread ones"))
    sp.add_argument("--mark-read", action="store_true", help=_("mark them all read"))
    sp.add_argument("--limit", type=positive_int, default=50, metavar="N", help=_("how many to show"))
    reg.pcmd("read-offers", lambda pl, a, who: pl.read_offers(a.id), _("the client reads every offer"))
    reg.pcmd("cancel", lambda pl, a, who: pl.cancel(a.id), _("the client cancels the project"))
    reg.pcmd("remove", lambda pl, a, who: pl.remove(a.id), _("moderation removes the project"))
    x = reg.pcmd("post", lambda pl, a, who: pl.post(
        a.title, a.summary, a.description or a.summary, known_categories([a.category])[0], a.budget_min,
        a.budget_max, urgent=a.urgent), _("a client posts a project"), with_project=False)
    x.add_argument("--title", required=True, metavar=_("TITLE"))
    x.add_argument("--summary", required=True, metavar=_("TEXT"))
    x.add_argument("--description", metavar=_("TEXT"))
    x.add_argument("--category", default="Développement web", metavar=_("CATEGORY"))
    x.add_argument("--budget-min", type=euros_to_cents, default=50_000, metavar="EUR")
    x.add_argument("--budget-max", type=euros_to_cents, default=150_000, metavar="EUR")
    x.add_argument("--urgent", action="store_true")
    x = reg.pcmd("advance", advance,
                 _("move the clock forward and apply every time-based rule; says what happened"), with_project=False)
    x.add_argument("days", type=days_forward, metavar=_("DAYS"), help=_("how far: 30, or 0.5 for 12 hours"))
    x = reg.pcmd("offer", lambda pl, a, who: pl.offer_as(a.id, a.provider, a.amount, a.days, a.message),
                 _("a competing provider makes an offer"))
    x.add_argument("--provider", required=True, metavar="PSEUDO")
    x.add_argument("--amount", type=euros_to_cents, required=True, metavar="EUR")
    x.add_argument("--days", type=positive_int, required=True, metavar=_("DAYS"))
    x.add_argument("--message", required=True, metavar=_("TEXT"))
    x = reg.pcmd("answer", lambda pl, a, who: pl.answer(a.id, " ".join(a.text), a.provider),
                 _("the client writes on the project"))
    x.add_argument("text", nargs="+", metavar=_("TEXT"))
    x.add_argument("--provider", metavar="PSEUDO", help=_("to this provider's thread (default: public)"))
    x = reg.pcmd("stale-answer", lambda pl, a, who: pl.answer_stale(a.id, a.answer == "confirm"),
                 _("the client answers a staleness report"))
    x.add_argument("answer", choices=["confirm", "deny"])
    x = reg.pcmd("grant", lambda pl, a, who: pl.grant_credits(who, a.kind, a.quantity, a.reason),
                 _("grant credits (a pack or an adjustment)"), with_project=False)
    x.add_argument("kind", choices=["consultation", "offer", "contact"])
    x.add_argument("quantity", type=positive_int, metavar="N")
    x.add_argument("--provider", metavar="PSEUDO")
    x.add_argument("--reason", default="pack", metavar=_("TEXT"))
    x = reg.pcmd("import-debit", lambda pl, a, who: pl.import_debit(who, a.id, a.kind),
                 _("record a debit arriving from sync (a duplicate is refunded)"))
    x.add_argument("kind", choices=["consultation", "offer", "contact"])
    x.add_argument("--provider", metavar="PSEUDO")
    reg.pcmd("status", lambda pl, a, who: pl.snapshot(), _("counts of the marketplace"), with_project=False,
             text=_status_text)
