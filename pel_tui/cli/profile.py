"""`pel profile`, `pel portfolio`, `pel reference`, `pel certification`, `pel badge`, `pel referral`
and the platform's SCP and referral checks (PF, RF)."""

from __future__ import annotations

import argparse
from typing import Any

from pel_tui.backend.profile_rules import LEGAL_STATUSES, REFUSAL_REASONS
from pel_tui.cli import words
from pel_tui.cli.common import emit, field, positive_int, record, say, table
from pel_tui.cli.parser import Parser
from pel_tui.i18n import _, ngettext, pgettext
from pel_tui.i18n import formats as fmt
from pel_tui.i18n.profile import certification_path, lacks, legal_status, referral_outcome, refusal_reason
from pel_tui.i18n.voice import CliVoice


def _common() -> argparse.ArgumentParser:
    common = Parser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help=_("print JSON (amounts in integer cents, fields ending in _cents)"))
    common.add_argument("--store", metavar=_("PATH"), default=argparse.SUPPRESS,
                        help=_("the store file (default: $PEL_STORE, else the user data directory)"))
    return common


def _cut(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# -- profile ------------------------------------------------------------------------------------------

def _completeness(n: int) -> str:
    return fmt.percent(n / 100)


def _profile_text(p: Any) -> str:
    dash = "—"
    lines = [
        f"{p.display_name} ({p.pseudo}) · {p.country}" + (" · " + _("Prestataire Certifié") if p.certified else ""),
    ]
    if p.headline:
        lines.append(p.headline)
    lines.append(field(pgettext("profile", "completeness"), _completeness(p.completeness)
                       + (" — " + _("missing: {what}").format(what=", ".join(lacks(p.missing))) if p.missing else "")))
    lines.append(field(pgettext("profile", "email"), p.email or dash))
    lines.append(field(pgettext("profile", "skills"), ", ".join(p.skills) or dash))
    lines.append(field(pgettext("profile", "photo"), p.photo_path or p.photo_sha256 or dash))
    if p.legal:
        lg = p.legal
        lines.append(field(pgettext("profile", "legal identity"), _("{name} ({status}), SIRET {siret}").format(
            name=lg["legal_name"], status=legal_status(lg["status"]), siret=lg["siret"])
            + (", " + _("VAT {number}").format(number=lg["vat_number"]) if lg["vat_number"] else "")))
    else:
        lines.append(field(pgettext("profile", "legal identity"), _("none — you cannot invoice yet (pel profile legal)")))
    if p.description:
        lines += ["", p.description]
    lines.append("\n" + _("portfolio ({n}):").format(n=fmt.number(len(p.portfolio))))
    for it in p.portfolio:
        lines.append(f"  [{it.id}] {it.year} {_cut(it.title, 60)} · "
                     + ngettext("{n} image", "{n} images", len(it.images)).format(n=fmt.number(len(it.images)))
                     + (f" · {it.link}" if it.link else ""))
    lines.append("\n" + _("references ({n}):").format(n=fmt.number(len(p.references))))
    for r in p.references:
        lines.append("  " + field(f"[{r.id}] {r.client_name} <{r.client_email}> {r.year}",
                                  words.reference_state(r.status)
                                  + (f" ({refusal_reason(r.refusal)})" if r.refusal else "")
                                  + ", " + ngettext("{n} send", "{n} sends", len(r.sends)).format(
                                      n=fmt.number(len(r.sends)))))
    n = fmt.number(len(p.ratings))
    lines.append("\n" + (_("ratings by your clients ({n}):").format(n=n) if p.average_rating is None else
                         _("ratings by your clients ({n}, average {average}):").format(
                             n=n, average=fmt.decimal(p.average_rating, 1))))
    for r in p.ratings:  # FO-3: the visible ones, both formulas
        lines.append("  " + field(f"#{r.project_id} {_cut(r.project_title, 50)}",
                                  f"{'★' * r.stars}{'☆' * (5 - r.stars)}" + (f" {r.comment}" if r.comment else "")
                                  + f" ({fmt.day(r.at)})"))
    lines.append("\n" + field(pgettext("profile", "certification"), (certification_path(p.certification_path)
                                                   if p.certification_path else _("not yet"))
                              + " (pel certification)"))
    return "\n".join(lines)


def cmd_profile(s: Any, a: argparse.Namespace) -> None:
    p = s.mp.profile()
    if a.json:  # the values, and what is missing in words
        emit(a, {**(record(p) or {}), "missing_words": lacks(p.missing)})
        return
    emit(a, p, _profile_text)


def cmd_profile_set(s: Any, a: argparse.Namespace) -> None:
    res = s.mp.update_profile(display_name=a.display_name, headline=a.headline, description=a.description,
                              skills=a.skill, country=a.country)
    emit(a, res, lambda r: _("Profile updated ({fields}); completeness {completeness}").format(
        fields=", ".join(r["changed"]), completeness=_completeness(r["completeness"]))
         + (", " + _("missing: {what}").format(what=", ".join(lacks(r["missing"]))) if r["missing"] else ""))


def cmd_profile_photo(s: Any, a: argparse.Namespace) -> None:
    emit(a, s.mp.set_photo(a.file), lambda r: _("Photo set ({width}×{height}); completeness {completeness}").format(
        width=r["width"], height=r["height"], completeness=_completeness(r["completeness"])))


def cmd_profile_legal(s: Any, a: argparse.Namespace) -> None:
    given = (a.status, a.name, a.siret)
    if all(v is None for v in (*given, a.vat, a.address)):
        ok, why = s.mp.can_invoice()
        emit(a, {"legal": s.mp.legal_identity(), "can_invoice": ok,
                 "refusal": None if why is None else why.wire(), "message": None if why is None else say(why)},
             lambda r: (_("{name} ({status}), SIRET {siret}").format(
                 name=r["legal"]["legal_name"], status=legal_status(r["legal"]["status"]), siret=r["legal"]["siret"])
                 if r["legal"] else r["message"]))
        return
    if any(v is None for v in given):
        from pel_tui.cli.common import raise_usage

        raise_usage(_("pel profile legal needs --status, --name and --siret (then --vat, --address if any)"))
    res = s.mp.set_legal_identity(a.status, a.name, a.siret, a.vat, a.address)
    emit(a, res, lambda r: _("Legal identity saved: {name}, SIRET {siret}").format(
        name=r["legal"]["legal_name"], siret=r["legal"]["siret"]))


def cmd_rename(s: Any, a: argparse.Namespace) -> None:
    s.mp.rename_pseudo(a.new)


# -- portfolio ------------------------------------------------------------------------------------------

def cmd_portfolio(s: Any, a: argparse.Namespace) -> None:
    items = s.mp.portfolio()
    if a.json:
        emit(a, items)
        return
    rows = [[str(i.id), str(i.year), _cut(i.title, 50), fmt.number(len(i.images)), i.link or "—"] for i in items]
    print(table(rows, [pgettext("column", "id"), pgettext("column", "year"), pgettext("column", "title"),
                       pgettext("column", "images"), pgettext("column", "link")]))
    print("\n" + _("Add one: pel portfolio add TITLE --description TEXT --year YYYY [--link URL] [--image FILE]..."))


def cmd_portfolio_add(s: Any, a: argparse.Namespace) -> None:
    res = s.mp.add_portfolio_item(a.title, a.description, a.year, a.link, a.image or [])
    emit(a, res, lambda r: ngettext("Portfolio item {id} added with {n} image", "Portfolio item {id} added with {n} images",
                                    len(r["images"])).format(id=r["item_id"], n=fmt.number(len(r["images"]))))


def cmd_portfolio_remove(s: Any, a: argparse.Namespace) -> None:
    emit(a, s.mp.remove_portfolio_item(a.id), lambda r: _("Portfolio item {id} removed").format(id=r["removed"]))


# -- references -------------------------------------------------------------------------------------------

def cmd_reference(s: Any, a: argparse.Namespace) -> None:
    refs = s.mp.references()
    if a.json:
        emit(a, refs)
        return
    rows = [[str(r.id), _cut(r.client_name, 24), r.client_email, str(r.year),
             words.reference_state(r.status) + (f" ({refusal_reason(r.refusal)})" if r.refusal else ""),
             fmt.number(len(r.sends)), fmt.when(r.resend_from) if r.resend_from else "—"] for r in refs]
    print(table(rows, [pgettext("column", "id"), pgettext("column", "client"), pgettext("column", "email"),
                       pgettext("column", "year"), pgettext("column", "state"), pgettext("column", "sends"),
                       pgettext("column", "re-send from")]))


def cmd_reference_add(s: Any, a: argparse.Namespace) -> None:
    res = s.mp.add_reference(a.name, a.email, a.work, a.year)
    emit(a, res, lambda r: (
        _("Reference {id} refused at once: {reason}").format(id=r["reference_id"], reason=refusal_reason(r["refusal"]))
        if r["status"] == "refused"
        else _("Reference {id} sent to the client by the SCP; it expires on {date} without an answer").format(
            id=r["reference_id"], date=fmt.day(r["expires_on"]))))


def cmd_reference_resend(s: Any, a: argparse.Namespace) -> None:
    emit(a, s.mp.resend_reference(a.id), lambda r: _(
        "Reference {id} re-sent ({left}); it expires on {date} without an answer").format(
        id=r["reference_id"], date=fmt.day(r["expires_on"]),
        left=ngettext("{n} send left", "{n} sends left", r["sends_left"]).format(n=fmt.number(r["sends_left"]))))


# -- certification, badge, referral --------------------------------------------------------------------

def _certification_text(c: dict[str, Any]) -> str:
    if c["certified"]:
        head = _("Prestataire Certifié ({path}). Save the badge: pel badge -o DIR").format(
            path=certification_path(c["path"]))
    else:
        head = _("Not certified yet. Either path is enough:")
    ref, rep = c["references"], c["reputation"]
    average = rep["average_rating"]
    lines = [head,
             "  " + _("(a) references: {certified} of {needed} certified, {pending} pending").format(
                 certified=fmt.number(ref["certified"]), needed=fmt.number(ref["needed"]),
                 pending=fmt.number(ref["pending"]))
             + ("" if ref["ok"] else " — " + _("missing: {what}").format(what="; ".join(lacks(ref["missing"])))),
             "  " + ngettext("(b) reputation: {finalized} of {needed} finalized projects, average rating {average} (at "
                             "least {minimum}), {disputes} in {months} months",
                             "(b) reputation: {finalized} of {needed} finalized projects, average rating {average} (at "
                             "least {minimum}), {disputes} in {months} months", rep["finalized_projects"]).format(
                 finalized=fmt.number(rep["finalized_projects"]), needed=fmt.number(rep["needed_projects"]),
                 average="—" if average is None else _rating(average), minimum=_rating(rep["min_rating"]),
                 disputes=ngettext("{n} dispute lost", "{n} disputes lost", rep["disputes_lost"]).format(
                     n=fmt.number(rep["disputes_lost"])),
                 months=fmt.number(rep["dispute_months"]))
             + ("" if rep["ok"] else " — " + _("missing: {what}").format(what="; ".join(lacks(rep["missing"]))))]
    return "\n".join(lines)


def _rating(x: float | int) -> str:
    """An average rating: `4.5`, `4` (en), `4,5` (fr)."""
    return fmt.number(int(x)) if float(x).is_integer() else fmt.decimal(float(x), 1)


def cmd_certification(s: Any, a: argparse.Namespace) -> None:
    c = s.mp.certification()
    if a.json:  # the values, and what each path lacks in words
        emit(a, {**c, "references": {**c["references"], "missing_words": lacks(c["references"]["missing"])},
                 "reputation": {**c["reputation"], "missing_words": lacks(c["reputation"]["missing"])}})
        return
    emit(a, c, _certification_text)


def cmd_badge(s: Any, a: argparse.Namespace) -> None:
    emit(a, s.mp.save_badge(a.output), lambda r: _("Badge saved: {svg} and {png}").format(svg=r["svg"], png=r["png"]))


def _note(r: Any) -> str:
    """A referral's note: why it was refused, or the checker's words."""
    if r.status != "refused":
        return r.note or ""
    return referral_outcome(r.reason, r.note, CliVoice(), next_at=r.next_at, max_rewarded=r.max_rewarded,
                            period_months=r.period_months)


def cmd_referral(s: Any, a: argparse.Namespace) -> None:
    if a.url is None:
        rows = s.mp.referrals()
        if a.json:
            emit(a, rows)
            return
        print(table([[str(r.id), _cut(r.url, 60), fmt.day(r.submitted_at), words.referral_state(r.status), _note(r)]
                     for r in rows], [pgettext("column", "id"), pgettext("column", "url"),
                                      pgettext("column", "submitted"), pgettext("column", "state"),
                                      pgettext("column", "note")]))
        return
    emit(a, s.mp.submit_referral(a.url), lambda r: (
        _("Referral {id} submitted: the platform checks {url}").format(id=r["referral_id"], url=r["url"])))


# -- registration ------------------------------------------------------------------------------------------

def add_commands(reg: Any) -> None:
    common = _common()

    p = reg.cmd("profile", cmd_profile, _("your profile: fields, completeness, portfolio, references"))
    sub = p.add_subparsers(dest="profile_action", metavar=_("ACTION"))

    def sp(sub: Any, name: str, fn: Any, help: str) -> argparse.ArgumentParser:
        x: argparse.ArgumentParser = sub.add_parser(name, parents=[common], help=help, description=help)
        x.set_defaults(fn=fn)
        return x

    x = sp(sub, "set", cmd_profile_set, _("change your display name, headline, description, skills, country"))
    x.add_argument("--display-name", metavar=_("NAME"), help=_("the name clients see"))
    x.add_argument("--headline", metavar=_("TEXT"), help=_("one line under your name"))
    x.add_argument("--description", metavar=_("TEXT"), help=_("who you are and what you do"))
    x.add_argument("--skill", action="append", metavar=_("SKILL"), help=_("a skill (repeatable; replaces the list)"))
    x.add_argument("--country", metavar=_("COUNTRY"), help=_("e.g. FR, BE, CH"))
    x = sp(sub, "photo", cmd_profile_photo, _("set your photo (PNG or JPEG, at most 5 MB, at least 200×200)"))
    x.add_argument("file", metavar=_("FILE"))
    x = sp(sub, "legal", cmd_profile_legal, _("show or set your legal identity (needed to invoice)"))
    x.add_argument("--status", choices=list(LEGAL_STATUSES), help=_("your legal status"))
    x.add_argument("--name", metavar=_("NAME"), help=_("the legal name"))
    x.add_argument("--siret", metavar="SIRET", help=_("14 digits for France"))
    x.add_argument("--vat", metavar=_("NUMBER"), help=_("VAT number, if any"))
    x.add_argument("--address", metavar=_("TEXT"), help=_("your postal address, printed on your invoices"))
    x = sp(sub, "rename", cmd_rename, _("change your pseudo (never possible)"))
    x.add_argument("new", metavar="PSEUDO")

    p = reg.cmd("portfolio", cmd_portfolio, _("your portfolio: list, add, remove items"))
    sub = p.add_subparsers(dest="portfolio_action", metavar=_("ACTION"))
    x = sp(sub, "add", cmd_portfolio_add, _("add a portfolio item (up to 5 images)"))
    x.add_argument("title", metavar=_("TITLE"))
    x.add_argument("--description", required=True, metavar=_("TEXT"))
    x.add_argument("--year", type=positive_int, required=True, metavar=_("YEAR"))
    x.add_argument("--link", metavar="URL")
    x.add_argument("--image", action="append", metavar=_("FILE"), help=_("PNG or JPEG (repeatable)"))
    x = sp(sub, "remove", cmd_portfolio_remove, _("remove a portfolio item"))
    x.add_argument("id", type=positive_int, metavar="ID")

    p = reg.cmd("reference", cmd_reference, _("your client references for certification"))
    sub = p.add_subparsers(dest="reference_action", metavar=_("ACTION"))
    x = sp(sub, "add", cmd_reference_add, _("ask the SCP to check a client reference"))
    x.add_argument("--name", required=True, metavar=_("NAME"), help=_("the client's name"))
    x.add_argument("--email", required=True, metavar=_("EMAIL"), help=_("the client's email"))
    x.add_argument("--work", required=True, metavar=_("TEXT"), help=_("the work you did"))
    x.add_argument("--year", type=positive_int, required=True, metavar=_("YEAR"))
    x = sp(sub, "resend", cmd_reference_resend, _("re-send a pending or expired request (after 48 h, 3 sends)"))
    x.add_argument("id", type=positive_int, metavar="ID")

    reg.cmd("certification", cmd_certification, _("are you a Prestataire Certifié, and what is missing"))
    x = reg.cmd("badge", cmd_badge, _("save the Prestataire Certifié badge (SVG and PNG)"))
    x.add_argument("-o", "--output", default=".", metavar=_("DIR"), help=_("where to save it (default: here)"))
    x = reg.cmd("referral", cmd_referral, _("submit the URL of a promotion of the platform (or list yours)"))
    x.add_argument("url", nargs="?", metavar="URL")

    x = reg.pcmd("scp-confirm", lambda pl, a, who: pl.scp_confirm(a.reference_id),
                 _("the SCP: the client confirmed a reference"), with_project=False)
    x.add_argument("reference_id", type=positive_int, metavar="ID")
    x = reg.pcmd("scp-refuse", lambda pl, a, who: pl.scp_refuse(a.reference_id, a.reason),
                 _("the SCP refuses a reference"), with_project=False)
    x.add_argument("reference_id", type=positive_int, metavar="ID")
    x.add_argument("reason", choices=list(REFUSAL_REASONS))
    x = reg.pcmd("check-referral", lambda pl, a, who: pl.check_referral(a.referral_id, a.verdict == "ok",
                                                                         a.note),
                 _("the platform checks a referral URL"), with_project=False)
    x.add_argument("referral_id", type=positive_int, metavar="ID")
    x.add_argument("verdict", choices=["ok", "refused"])
    x.add_argument("--note", default="", metavar=_("TEXT"))
