"""`pel profile`, `pel portfolio`, `pel reference`, `pel certification`, `pel badge`, `pel referral`
and the platform's SCP and referral checks (PF, RF)."""

from __future__ import annotations

import argparse
import dataclasses
from typing import Any

from pel_tui.backend.profile_rules import LEGAL_STATUSES, REFUSAL_REASONS
from pel_tui.cli.common import day, emit, positive_int, say, table, when
from pel_tui.i18n import ngettext
from pel_tui.i18n.profile import certification_path, lacks, legal_status, referral_outcome, refusal_reason
from pel_tui.i18n.voice import CliVoice


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="print JSON (amounts in integer cents, fields ending in _cents)")
    common.add_argument("--store", metavar="PATH", default=argparse.SUPPRESS,
                        help="the store file (default: $PEL_STORE, else the user data directory)")
    return common


def _cut(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# -- profile ------------------------------------------------------------------------------------------

def _profile_text(p: Any) -> str:
    lines = [
        f"{p.display_name} ({p.pseudo}) · {p.country}" + (" · Prestataire Certifié" if p.certified else ""),
    ]
    if p.headline:
        lines.append(p.headline)
    lines.append(f"completeness: {p.completeness} %"
                 + (f" — missing: {', '.join(lacks(p.missing))}" if p.missing else ""))
    lines.append(f"email: {p.email or '-'}")
    lines.append(f"skills: {', '.join(p.skills) or '-'}")
    lines.append(f"photo: {p.photo_path or p.photo_sha256 or '-'}")
    if p.legal:
        lg = p.legal
        lines.append(f"legal: {lg['legal_name']} ({legal_status(lg['status'])}), SIRET {lg['siret']}"
                     + (f", VAT {lg['vat_number']}" if lg["vat_number"] else ""))
    else:
        lines.append("legal: none — you cannot invoice yet (pel profile legal)")
    if p.description:
        lines += ["", p.description]
    lines.append(f"\nportfolio ({len(p.portfolio)}):")
    for it in p.portfolio:
        lines.append(f"  [{it.id}] {it.year} {_cut(it.title, 60)} · "
                     + ngettext("{n} image", "{n} images", len(it.images)).format(n=len(it.images))
                     + (f" · {it.link}" if it.link else ""))
    lines.append(f"\nreferences ({len(p.references)}):")
    for r in p.references:
        lines.append(f"  [{r.id}] {r.client_name} <{r.client_email}> {r.year}: {r.status}"
                     + (f" ({refusal_reason(r.refusal)})" if r.refusal else "")
                     + ", " + ngettext("{n} send", "{n} sends", len(r.sends)).format(n=len(r.sends)))
    average = "" if p.average_rating is None else f", average {p.average_rating:.1f}"
    lines.append(f"\nratings by your clients ({len(p.ratings)}{average}):")
    for r in p.ratings:  # FO-3: the visible ones, both formulas
        lines.append(f"  #{r.project_id} {_cut(r.project_title, 50)}: {'★' * r.stars}{'☆' * (5 - r.stars)}"
                     + (f" {r.comment}" if r.comment else "") + f" ({day(int(r.at.timestamp()))})")
    lines.append(f"\ncertification: {p.certification_path or 'not yet'} (pel certification)")
    return "\n".join(lines)


def cmd_profile(s: Any, a: argparse.Namespace) -> None:
    p = s.mp.profile()
    if a.json:  # the values, and what is missing in words
        emit(a, {**dataclasses.asdict(p), "missing_words": lacks(p.missing)})
        return
    emit(a, p, _profile_text)


def cmd_profile_set(s: Any, a: argparse.Namespace) -> None:
    res = s.mp.update_profile(display_name=a.display_name, headline=a.headline, description=a.description,
                              skills=a.skill, country=a.country)
    emit(a, res, lambda r: f"Profile updated ({', '.join(r['changed'])}); completeness {r['completeness']} %"
         + (f", missing: {', '.join(lacks(r['missing']))}" if r["missing"] else ""))


def cmd_profile_photo(s: Any, a: argparse.Namespace) -> None:
    emit(a, s.mp.set_photo(a.file), lambda r: (
        f"Photo set ({r['width']}×{r['height']}); completeness {r['completeness']} %"))


def cmd_profile_legal(s: Any, a: argparse.Namespace) -> None:
    given = (a.status, a.name, a.siret)
    if all(v is None for v in (*given, a.vat, a.address)):
        ok, why = s.mp.can_invoice()
        emit(a, {"legal": s.mp.legal_identity(), "can_invoice": ok,
                 "refusal": None if why is None else why.wire(), "message": None if why is None else say(why)},
             lambda r: (f"{r['legal']['legal_name']} ({legal_status(r['legal']['status'])}), SIRET {r['legal']['siret']}"
                        if r["legal"] else r["message"]))
        return
    if any(v is None for v in given):
        from pel_tui.cli.common import raise_usage

        raise_usage("pel profile legal needs --status, --name and --siret (then --vat, --address if any)")
    res = s.mp.set_legal_identity(a.status, a.name, a.siret, a.vat, a.address)
    emit(a, res, lambda r: f"Legal identity saved: {r['legal']['legal_name']}, SIRET {r['legal']['siret']}")


def cmd_rename(s: Any, a: argparse.Namespace) -> None:
    s.mp.rename_pseudo(a.new)


# -- portfolio ------------------------------------------------------------------------------------------

def cmd_portfolio(s: Any, a: argparse.Namespace) -> None:
    items = s.mp.portfolio()
    if a.json:
        emit(a, items)
        return
    rows = [[str(i.id), str(i.year), _cut(i.title, 50), str(len(i.images)), i.link or "-"] for i in items]
    print(table(rows, ["id", "year", "title", "images", "link"]))
    print("\nAdd one: pel portfolio add TITLE --description TEXT --year YYYY [--link URL] [--image FILE]...")


def cmd_portfolio_add(s: Any, a: argparse.Namespace) -> None:
    res = s.mp.add_portfolio_item(a.title, a.description, a.year, a.link, a.image or [])
    emit(a, res, lambda r: f"Portfolio item {r['item_id']} added with "
         + ngettext("{n} image", "{n} images", len(r["images"])).format(n=len(r["images"])))


def cmd_portfolio_remove(s: Any, a: argparse.Namespace) -> None:
    emit(a, s.mp.remove_portfolio_item(a.id), lambda r: f"Portfolio item {r['removed']} removed")


# -- references -------------------------------------------------------------------------------------------

def cmd_reference(s: Any, a: argparse.Namespace) -> None:
    refs = s.mp.references()
    if a.json:
        emit(a, refs)
        return
    rows = [[str(r.id), _cut(r.client_name, 24), r.client_email, str(r.year),
             r.status + (f" ({r.refusal})" if r.refusal else ""), str(len(r.sends)),
             when(r.resend_from) if r.resend_from else "-"] for r in refs]
    print(table(rows, ["id", "client", "email", "year", "status", "sends", "re-send from"]))


def cmd_reference_add(s: Any, a: argparse.Namespace) -> None:
    res = s.mp.add_reference(a.name, a.email, a.work, a.year)
    emit(a, res, lambda r: (
        f"Reference {r['reference_id']} refused at once: {refusal_reason(r['refusal'])}" if r["status"] == "refused"
        else f"Reference {r['reference_id']} sent to the client by the SCP; it expires on {day(r['expires_on'])} "
        "without an answer"))


def cmd_reference_resend(s: Any, a: argparse.Namespace) -> None:
    emit(a, s.mp.resend_reference(a.id), lambda r: (
        f"Reference {r['reference_id']} re-sent ("
        + ngettext("{n} send left", "{n} sends left", r["sends_left"]).format(n=r["sends_left"])
        + f"); it expires on {day(r['expires_on'])} without an answer"))


# -- certification, badge, referral --------------------------------------------------------------------

def _certification_text(c: dict[str, Any]) -> str:
    if c["certified"]:
        head = f"Prestataire Certifié ({certification_path(c['path'])}). Save the badge: pel badge -o DIR"
    else:
        head = "Not certified yet. Either path is enough:"
    ref, rep = c["references"], c["reputation"]
    lines = [head,
             f"  (a) references: {ref['certified']} of {ref['needed']} certified, {ref['pending']} pending"
             + ("" if ref["ok"] else f" — missing: {'; '.join(lacks(ref['missing']))}"),
             f"  (b) reputation: {rep['finalized_projects']} of {rep['needed_projects']} finalized projects, "
             f"average rating {rep['average_rating'] if rep['average_rating'] is not None else '-'} "
             f"(at least {rep['min_rating']}), "
             + ngettext("{n} dispute", "{n} disputes", rep["disputes_lost"]).format(n=rep["disputes_lost"])
             + f" lost in {rep['dispute_months']} months"
             + ("" if rep["ok"] else f" — missing: {'; '.join(lacks(rep['missing']))}")]
    return "\n".join(lines)


def cmd_certification(s: Any, a: argparse.Namespace) -> None:
    c = s.mp.certification()
    if a.json:  # the values, and what each path lacks in words
        emit(a, {**c, "references": {**c["references"], "missing_words": lacks(c["references"]["missing"])},
                 "reputation": {**c["reputation"], "missing_words": lacks(c["reputation"]["missing"])}})
        return
    emit(a, c, _certification_text)


def cmd_badge(s: Any, a: argparse.Namespace) -> None:
    emit(a, s.mp.save_badge(a.output), lambda r: f"Badge saved: {r['svg']} and {r['png']}")


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
        print(table([[str(r.id), _cut(r.url, 60), r.submitted_at.strftime("%Y-%m-%d"), r.status, _note(r)]
                     for r in rows], ["id", "url", "submitted", "status", "note"]))
        return
    emit(a, s.mp.submit_referral(a.url), lambda r: (
        f"Referral {r['referral_id']} submitted: the platform checks {r['url']}"))


# -- registration ------------------------------------------------------------------------------------------

def add_commands(reg: Any) -> None:
    common = _common()

    p = reg.cmd("profile", cmd_profile, "your profile: fields, completeness, portfolio, references")
    sub = p.add_subparsers(dest="profile_action", metavar="ACTION")

    def sp(sub: Any, name: str, fn: Any, help: str) -> argparse.ArgumentParser:
        x: argparse.ArgumentParser = sub.add_parser(name, parents=[common], help=help, description=help)
        x.set_defaults(fn=fn)
        return x

    x = sp(sub, "set", cmd_profile_set, "change your display name, headline, description, skills, country")
    x.add_argument("--display-name")
    x.add_argument("--headline")
    x.add_argument("--description")
    x.add_argument("--skill", action="append", help="a skill (repeatable; replaces the list)")
    x.add_argument("--country", help="e.g. FR, BE, CH")
    x = sp(sub, "photo", cmd_profile_photo, "set your photo (PNG or JPEG, at most 5 MB, at least 200×200)")
    x.add_argument("file")
    x = sp(sub, "legal", cmd_profile_legal, "show or set your legal identity (needed to invoice)")
    x.add_argument("--status", choices=list(LEGAL_STATUSES))
    x.add_argument("--name", help="the legal name")
    x.add_argument("--siret", help="14 digits for France")
    x.add_argument("--vat", help="VAT number, if any")
    x.add_argument("--address")
    x = sp(sub, "rename", cmd_rename, "change your pseudo (never possible: PF-2)")
    x.add_argument("new")

    p = reg.cmd("portfolio", cmd_portfolio, "your portfolio: list, add, remove items")
    sub = p.add_subparsers(dest="portfolio_action", metavar="ACTION")
    x = sp(sub, "add", cmd_portfolio_add, "add a portfolio item (up to 5 images)")
    x.add_argument("title")
    x.add_argument("--description", required=True)
    x.add_argument("--year", type=positive_int, required=True)
    x.add_argument("--link")
    x.add_argument("--image", action="append", metavar="FILE", help="PNG or JPEG (repeatable)")
    x = sp(sub, "remove", cmd_portfolio_remove, "remove a portfolio item")
    x.add_argument("id", type=positive_int)

    p = reg.cmd("reference", cmd_reference, "your client references for certification (PF-7)")
    sub = p.add_subparsers(dest="reference_action", metavar="ACTION")
    x = sp(sub, "add", cmd_reference_add, "ask the SCP to check a client reference")
    x.add_argument("--name", required=True, help="the client's name")
    x.add_argument("--email", required=True, help="the client's email")
    x.add_argument("--work", required=True, help="the work you did")
    x.add_argument("--year", type=positive_int, required=True)
    x = sp(sub, "resend", cmd_reference_resend, "re-send a pending or expired request (after 48 h, 3 sends)")
    x.add_argument("id", type=positive_int)

    reg.cmd("certification", cmd_certification, "are you a Prestataire Certifié, and what is missing")
    x = reg.cmd("badge", cmd_badge, "save the Prestataire Certifié badge (SVG and PNG)")
    x.add_argument("-o", "--output", default=".", metavar="DIR")
    x = reg.cmd("referral", cmd_referral, "submit the URL of a promotion of the platform (or list yours)")
    x.add_argument("url", nargs="?")

    x = reg.pcmd("scp-confirm", lambda pl, a, who: pl.scp_confirm(a.reference_id),
                 "the SCP: the client confirmed a reference", with_project=False)
    x.add_argument("reference_id", type=positive_int)
    x = reg.pcmd("scp-refuse", lambda pl, a, who: pl.scp_refuse(a.reference_id, a.reason),
                 "the SCP refuses a reference", with_project=False)
    x.add_argument("reference_id", type=positive_int)
    x.add_argument("reason", choices=list(REFUSAL_REASONS))
    x = reg.pcmd("check-referral", lambda pl, a, who: pl.check_referral(a.referral_id, a.verdict == "ok",
                                                                         a.note),
                 "the platform checks a referral URL", with_project=False)
    x.add_argument("referral_id", type=positive_int)
    x.add_argument("verdict", choices=["ok", "refused"])
    x.add_argument("--note", default="")
