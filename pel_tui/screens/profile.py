"""The provider's profile (PF-3), portfolio (PF-5), legal identity, references (PF-7), certification
(PF-6, PF-8) and preferences (PF-1), on one scrollable screen."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Static, Switch, TextArea

from pel_tui.backend.certification import Certification
from pel_tui.backend.models import CATEGORIES, Profile
from pel_tui.backend.provider.profile import ProfileView
from pel_tui.i18n import N_, _, formats, ngettext, pgettext
from pel_tui.i18n.profile import certification_path, lacks, legal_status, refusal_reason
from pel_tui.i18n.voice import Voice
from pel_tui.screens.base import PelScreen
from pel_tui.widgets.dialogs import FormDialog, PromptDialog
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.format import date, money
from pel_tui.widgets.ticks import TickList
from pel_tui.widgets.title_bar import TitleBar

REF_STYLE = {"certified": "$success", "pending": "$warning", "refused": "$error", "expired": "$text-muted"}


def split_list(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def strs(value: object) -> list[str]:
    """A list of strings from the stored preferences (JSON), whatever was stored."""
    return [str(x) for x in value] if isinstance(value, list) else []


def bar(percent: int, width: int = 20) -> str:
    full = round(width * percent / 100)
    return f"[$success]{'█' * full}[/][dim]{'░' * (width - full)}[/]"


def render_profile(p: ProfileView, cert: Certification, who: Profile, max_sends: int,
                   no_legal: str = "", key: Callable[[str, str], str] | None = None) -> dict[str, str]:
    """Each section's text, by the id of the Static that shows it; `no_legal` says why one cannot invoice,
    `key` a binding's key after the user's keymap."""
    out: dict[str, str] = {}

    def dim(text: str) -> str:
        return f"[dim]{text}[/]"

    skills = ", ".join(escape(s) for s in p.skills) or dim(pgettext("no skill", "none"))
    missing = ("  [$warning]" + _("missing: {what}").format(what=", ".join(lacks(p.missing))) + "[/]") \
        if p.missing else "  " + _("nothing missing")
    keys = key if key is not None else (lambda _id, default: default)
    out["prof-main"] = "\n".join([
        f"[b]{escape(p.display_name)}[/] ({p.pseudo}) · {p.country} · {escape(p.email or _('no email'))}",
        escape(p.headline) or dim(_("no headline")),
        _("Skills: {skills}").format(skills=skills),
        _("Photo: {photo}").format(photo=_("on file") if p.photo_sha256 else "[$warning]" + pgettext("no photo", "none") + "[/]"),
        "",
        escape(p.description) or dim(_("no description")),
        "",
        _("Completeness {bar} {percent}").format(bar=bar(p.completeness), percent=formats.percent(p.completeness / 100))
        + missing,
        dim(_("The pseudo never changes; {edit} edits the rest · {prefs} preferences · {badge} badge.").format(
            edit=keys("profile.edit", "e"), prefs=keys("profile.preferences", "f"), badge=keys("profile.badge", "b"))),
    ])
    if p.legal:
        lg = p.legal
        out["prof-legal"] = "\n".join([
            "[b]" + _("Legal identity") + "[/]",
            f"{legal_status(lg['status'])} · {escape(str(lg['legal_name']))} · "
            f"SIRET {lg['siret']}",
            _("VAT: {number}").format(number=lg["vat_number"] or _("none (TVA non applicable, art. 293 B du CGI)"))
            + f" · {escape(str(lg['address'] or _('no address')))}",
            "[$success]" + _("You can invoice and request payments.") + "[/]",
        ])
    else:
        out["prof-legal"] = ("[b]" + _("Legal identity") + "[/]\n[$warning]"
                             + _("None yet: {why}").format(why=escape(no_legal)) + "[/]")
    items = [f"· {escape(i.title)} ({i.year}) — {escape(i.description) or dim(_('no description'))}"
             + (f" · {escape(i.link)}" if i.link else "")
             + (" · " + ngettext("{n} image", "{n} images", len(i.images)).format(n=len(i.images)) if i.images else "")
             for i in p.portfolio]
    out["prof-portfolio"] = "[b]" + _("Portfolio") + f"[/] ({formats.number(len(p.portfolio))})\n" + (
        "\n".join(items) or dim(pgettext("empty portfolio", "empty")))
    refs = []
    state_word = Voice().status
    for r in p.references:
        style = REF_STYLE.get(r.status, "")
        state = f"[{style}]{state_word(r.status, 'reference')}[/]" if style else state_word(r.status, "reference")
        if r.refusal:
            state += f": {escape(refusal_reason(r.refusal))}"
        sends = _("sent {n}/{max}").format(n=len(r.sends), max=max_sends) + (
            ", " + _("last {date}").format(date=date(r.sends[-1])) if r.sends else "")
        resend = " · " + _("re-send from {date}").format(date=date(r.resend_from)) if r.resend_from else ""
        refs.append(f"· {escape(r.client_name)} <{escape(r.client_email)}> · {escape(r.work)} ({r.year})\n"
                    f"   {state} · {sends}{resend}")
    out["prof-refs"] = "[b]" + _("References") + "[/] " + _("(checked by the SCP)") + "\n" + (
        "\n".join(refs) or dim(pgettext("no reference", "none yet")))
    ref, rep = cert["references"], cert["reputation"]

    def path_line(name: str, ok: bool, facts: str, lacking: list[str]) -> str:
        mark = "[$success]✓[/]" if ok else "[dim]✗[/]"
        need = "" if ok else "\n     " + dim(_("needs {what}").format(what="; ".join(lacking)))
        return f"  {mark} {labelled(name, facts)}{need}"

    avg = _("no rating") if rep["average_rating"] is None else _("average {rating}").format(
        rating=_rating(rep["average_rating"]))
    head = ("[b $success]Prestataire Certifié[/] " + certification_path(cert["path"]) + " · "
            + _("{key} saves the badge").format(key=keys("profile.badge", "b"))
            if cert["certified"] else "[b]" + _("Not certified yet") + "[/] " + _("(either path is enough)"))
    lost = rep["disputes_lost"]
    out["prof-cert"] = "\n".join([
        "[b]" + _("Certification") + "[/]  " + head,
        path_line(_("a) references"), ref["ok"], _("{certified} of {needed} certified, {pending} pending").format(
            certified=ref["certified"], needed=ref["needed"], pending=ref["pending"]), lacks(ref["missing"])),
        path_line(_("b) reputation"), rep["ok"], ngettext(
            "{finalized} of {needed} finalized, {average} (≥ {min}), {lost} dispute lost in {months} months",
            "{finalized} of {needed} finalized, {average} (≥ {min}), {lost} disputes lost in {months} months",
            lost if isinstance(lost, int) else 0).format(
            finalized=rep["finalized_projects"], needed=rep["needed_projects"], average=avg,
            min=_rating(rep["min_rating"]), lost=lost, months=rep["dispute_months"]), lacks(rep["missing"])),
    ])
    prefs = who.preferences
    cats = ", ".join(escape(c) for c in strs(prefs.get("categories"))) or pgettext("every category", "all")
    words = ", ".join(escape(k) for k in strs(prefs.get("keywords"))) or pgettext("no keyword", "none")
    countries = ", ".join(strs(prefs.get("countries"))) or pgettext("every country", "all")
    low = prefs.get("min_budget_cents")
    out["prof-prefs"] = "\n".join([
        "[b]" + _("Preferences") + "[/] " + _("(the default project list and the digest)") + "  "
        + dim(_("{key} edits").format(key=keys("profile.preferences", "f"))),
        _("Categories: {categories}").format(categories=cats),
        _("Keywords: {keywords} · minimum budget: {budget}").format(
            keywords=words, budget=money(low) if isinstance(low, int) and low else pgettext("no budget", "none")),
        (_("Client countries: {countries} · digest on") if who.digest
         else _("Client countries: {countries} · digest off")).format(countries=countries),
    ])
    return out


def _rating(value: object) -> str:
    """A rating as a person writes it: `4,5` (fr), `4.5` (en), `5` (not 5.0)."""
    if isinstance(value, int | float):
        return formats.number(int(value)) if float(value).is_integer() else formats.decimal(float(value), 1)
    return str(value)


def labelled(label: str, text: str) -> str:
    """`label: text`, with the language's spacing (French: a no-break space before the colon)."""
    return pgettext("a label and its text", "{label}: {text}").format(label=label, text=text)


class ProfileForm(FormDialog[dict[str, Any]]):
    """PF-3: display name, headline, description, skills (the pseudo is not here: PF-2)."""

    def __init__(self, p: ProfileView, description_min_chars: int) -> None:
        super().__init__()
        self.p = p
        self.description_min_chars = description_min_chars

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog prof-form"):
            yield Label(_("Edit the profile of {pseudo}").format(pseudo=self.p.pseudo), classes="dialog-title")
            with Grid(classes="form-grid"):
                yield Label(_("Display name"))
                yield Input(self.p.display_name, id="display-name")
                yield Label(_("Headline"))
                yield Input(self.p.headline, id="headline")
                yield Label(_("Skills (comma-separated)"))
                yield Input(", ".join(self.p.skills), id="skills")
            yield Label(_("Description ({n}+ characters for a complete profile)").format(
                n=formats.number(self.description_min_chars)))
            yield TextArea(self.p.description, id="description")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Save (ctrl+s)"), variant="primary", id="save")
                yield Button(_("Cancel (esc)"), id="cancel")

    FOCUS = "#display-name"

    def action_submit(self) -> None:
        self.dismiss({
            "display_name": self.query_one("#display-name", Input).value,
            "headline": self.query_one("#headline", Input).value,
            "skills": split_list(self.query_one("#skills", Input).value),
            "description": self.query_one("#description", TextArea).text,
        })


class PreferencesForm(FormDialog[dict[str, Any]]):
    """PF-1: categories, keywords, minimum budget, client countries, digest."""

    def __init__(self, who: Profile) -> None:
        super().__init__()
        self.who = who

    def compose(self) -> ComposeResult:
        prefs = self.who.preferences
        chosen = set(strs(prefs.get("categories")))
        low = prefs.get("min_budget_cents")
        with VerticalScroll(classes="dialog prof-form"):
            yield Label(_("Preferences"), classes="dialog-title")
            yield Label(_("Categories (space toggles; none = all)"))
            yield TickList(*[(c, c, c in chosen) for c in CATEGORIES], id="categories")
            with Grid(classes="form-grid"):
                yield Label(_("Keywords (comma-separated)"))
                yield Input(", ".join(strs(prefs.get("keywords"))), id="keywords")
                yield Label(_("Minimum budget (€)"))
                yield Input(str(low // 100) if isinstance(low, int) and low else "", id="min-budget", type="integer")
                yield Label(_("Client countries (FR, BE…)"))
                yield Input(", ".join(strs(prefs.get("countries"))), id="countries")
                yield Label(_("Daily digest"))
                yield Switch(self.who.digest, id="digest")
            yield Static("", id="prefs-error", classes="error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Save (ctrl+s)"), variant="primary", id="save")
                yield Button(_("Cancel (esc)"), id="cancel")

    FOCUS = "#categories"

    def action_submit(self) -> None:
        text = self.query_one("#min-budget", Input).value.strip()
        if text and (not text.isdigit()):
            self.query_one("#prefs-error", Static).update(_("Minimum budget: a whole number of euros, or empty"))
            return
        self.dismiss({
            "categories": list(self.query_one("#categories", TickList).selected),
            "keywords": split_list(self.query_one("#keywords", Input).value),
            "min_budget_cents": int(text) * 100 if text else 0,  # 0: no minimum (None would keep the old one)
            "countries": [c.upper() for c in split_list(self.query_one("#countries", Input).value)],
            "digest": self.query_one("#digest", Switch).value,
        })


class ProfileScreen(PelScreen):
    """PF-1, PF-3, PF-5..8 on one scrollable screen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", N_("Edit"), id="profile.edit"),
        Binding("f", "preferences", N_("Preferences"), id="profile.preferences"),  # f: the list's default filters
        Binding("b", "badge", N_("Badge"), id="profile.badge"),
        Binding("j", "scroll(1)", N_("Down"), id="profile.down", show=False),
        Binding("k", "scroll(-1)", N_("Up"), id="profile.up", show=False),
    ]
    MAIN = "#prof-scroll"
    SECTIONS = ("prof-main", "prof-legal", "prof-portfolio", "prof-refs", "prof-cert", "prof-prefs")

    def __init__(self) -> None:
        super().__init__()
        self.view: ProfileView | None = None
        self.who: Profile | None = None
        self.badge_dir = Path.home()
        self.cert: Certification | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="prof-scroll"):
            for section in self.SECTIONS:
                yield Static(_("Loading…") if section == "prof-main" else "", id=section, classes="prof-section")
        yield Footer()

    async def load(self) -> None:
        mp = self.pel.mp
        view, cert, who, (_ok, why) = await self.pel.db(
            lambda: (mp.profile(), mp.certification(), mp.whoami(), mp.can_invoice()))
        self.view, self.who, self.cert = view, who, cert
        max_sends = self.pel.engine.policy.profile.reference_max_sends
        no_legal = self.pel.say(why) if why is not None else ""
        for section, text in render_profile(view, cert, who, max_sends, no_legal, self.key_for).items():
            self.query_one(f"#{section}", Static).update(text)

    def action_scroll(self, delta: int) -> None:
        self.query_one("#prof-scroll", VerticalScroll).scroll_relative(y=delta * 3, animate=False)

    def _run(self, coro: Any) -> None:
        self.run_worker(coro, group="profile-action", exclusive=True)

    def action_edit(self) -> None:
        self._run(self._edit())

    async def _edit(self) -> None:
        if self.view is None:
            return
        values = await self.app.push_screen_wait(
            ProfileForm(self.view, self.pel.engine.policy.profile.description_min_chars))
        if values is None:
            return
        res = await self.pel.act(self.pel.mp.update_profile, **values)
        if res is not None:
            done = formats.percent(res["completeness"] / 100)
            self.notify(_("Profile saved: {percent} complete; missing: {what}").format(
                percent=done, what=", ".join(lacks(res["missing"]))) if res["missing"]
                else _("Profile saved: {percent} complete").format(percent=done))
            await self.load()

    def action_preferences(self) -> None:
        self._run(self._preferences())

    async def _preferences(self) -> None:
        if self.who is None:
            return
        values = await self.app.push_screen_wait(PreferencesForm(self.who))
        if values is None:
            return
        res = await self.pel.act(self.pel.mp.set_preferences, **values, done=_("Preferences saved"))
        if res is not None:
            await self.load()

    def action_badge(self) -> None:
        self._run(self._badge())

    def applies(self, action: str) -> bool:
        if action == "badge":  # only a certified provider has one
            return self.cert is not None and bool(self.cert["certified"])
        return True

    async def _badge(self) -> None:
        cert = self.cert if self.cert is not None else await self.pel.db(self.pel.mp.certification)
        if not cert["certified"]:  # said at once, before asking where to save it
            from pel_tui.backend.errors import NotAllowed

            why = NotAllowed("badge.not_certified", references=cert["references"]["missing"],
                             reputation=cert["reputation"]["missing"])
            self.notify(self.pel.say(why), title=_("No badge yet"), severity="warning", timeout=10)
            return
        folder = await self.app.push_screen_wait(PromptDialog(
            _("Save the badge (SVG + PNG) in folder"), value=str(self.badge_dir)))
        if not folder:
            return
        res = await self.pel.act(self.pel.mp.save_badge, str(Path(folder).expanduser()))
        if res is not None:
            self.badge_dir = Path(res["svg"]).parent
            self.notify(_("Badge saved:") + f"\n{res['svg']}\n{res['png']}", title="Prestataire Certifié", timeout=10)
