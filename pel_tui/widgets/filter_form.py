"""The filter form (`f`): every filter of PR-4 that the bar does not show."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import msgspec
from textual.app import App, ComposeResult
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Static

from pel_tui.backend.models import CATEGORIES
from pel_tui.i18n import _, formats
from pel_tui.widgets.choice import Choice
from pel_tui.widgets.dialogs import FormDialog
from pel_tui.widgets.ticks import TickList

if TYPE_CHECKING:
    from pel_tui.filters import Filter



def _tri_choices() -> list[tuple[str, str]]:
    return [(_("any"), "any"), (_("yes"), "yes"), (_("no"), "no")]


def _tri(value: bool | None) -> str:
    return "any" if value is None else ("yes" if value else "no")


def _euros(cents: int | None) -> str:
    """A budget bound as the field shows it, in the reader's locale: `500`, `500,50` (en `500.50`), or nothing."""
    if cents is None:
        return ""
    point = formats.decimal(0.0, 1)[1]
    return str(cents // 100) if cents % 100 == 0 else f"{cents // 100}{point}{cents % 100:02d}"


def _texts(f: Filter) -> dict[str, str]:
    """What each field of the form shows for `f`, by the field's id: the form made, and the form shown again."""
    return {"bmin": _euros(f.budget_min_cents), "bmax": _euros(f.budget_max_cents), "countries": " ".join(f.countries),
            "since": "" if f.since_days is None else str(f.since_days),
            "maxoff": "" if f.max_offers is None else str(f.max_offers),
            "urgent": _tri(f.urgent), "consulted": _tri(f.consulted), "hidden": _tri(f.hidden), "order": f.order}


def _from_tri(value: str) -> bool | None:
    return None if value == "any" else value == "yes"


#: The name of the form kept by `open_filter_form`.
INSTALLED = "filter-form"


def open_filter_form(app: App[Any], current: Filter, apply: Callable[[Filter | None], None]) -> None:
    """Show the filter form for `current`, then `apply` what it gives (None: cancelled).

    The form is made once and kept (installed): opening it again fills its fields from `current`
    instead of building its forty widgets anew (≈200 ms on each `f`, benchmarks/bench_screens.py).
    """
    if app.is_screen_installed(INSTALLED):
        form = app.get_screen(INSTALLED, FilterForm)
        form.show_filter(current)
    else:
        form = FilterForm(current)
        app.install_screen(form, INSTALLED)
    app.push_screen(form, apply)


class FilterForm(FormDialog["Filter"]):
    KEPT = True  # installed: made once
    SUBMIT_ID = "apply"
    FOCUS = "#bmin"

    def __init__(self, current: Filter) -> None:
        super().__init__()
        self.current = current

    def show_filter(self, current: Filter) -> None:
        """Fill a form made earlier with `current`, as a new form would show it (first field focused)."""
        self.current = f = current
        for wid, value in _texts(f).items():
            field = self.query_one(f"#{wid}")
            if isinstance(field, Input):
                field.value = value
                field.cursor_position = len(value)
            elif isinstance(field, Choice):
                field.value = value
        ticks = self.query_one("#categories", TickList)
        ticks.deselect_all()
        for c in f.categories:
            if c in CATEGORIES:
                ticks.select(c)
        ticks.highlighted = 0
        self.query_one("#form-error", Static).update("")
        self.set_class(self.app.size.height < self.SHORT, "-short")  # the terminal may have changed meanwhile
        self.query_one(VerticalScroll).scroll_home(animate=False)
        self.set_focus(self.query_one(self.FOCUS))

    def compose(self) -> ComposeResult:
        f, shown = self.current, _texts(self.current)
        with VerticalScroll(classes="dialog filter-form"):  # fits 24 lines (app.tcss), scrolls below that
            title, hint = _("Filters"), _("←/→ or space: change a choice")
            yield Label(f"{title}   [not bold $text-muted]{hint}[/]", classes="dialog-title")
            with Grid(classes="form-grid"):
                yield Label(_("Budget min (€)"))
                yield Input(shown["bmin"], id="bmin", placeholder=_("500 or 500,50"), compact=True)
                yield Label(_("Budget max (€)"))
                yield Input(shown["bmax"], id="bmax", placeholder="5000", compact=True)
                yield Label(_("Client countries"))
                yield Input(shown["countries"], placeholder="FR BE CH", id="countries", compact=True)
                yield Label(_("Posted within (days)"))
                yield Input(shown["since"], id="since", type="integer", compact=True)
                yield Label(_("At most N offers"))
                yield Input(shown["maxoff"], id="maxoff", type="integer", compact=True)
                yield Label(_("Urgent"))
                yield Choice(_tri_choices(), shown["urgent"], id="urgent")
                yield Label(_("Consulted"))
                yield Choice(_tri_choices(), shown["consulted"], id="consulted")
                yield Label(_("Hidden projects"))
                yield Choice([(_("hide them"), "no"), (_("only them"), "yes"), (_("show all"), "any")],
                             shown["hidden"], id="hidden")
                yield Label(_("Order"))
                yield Choice([(_("newest first"), "newest"), (_("relevance"), "relevance")], shown["order"], id="order")
            yield Label(_("Categories (space ticks; none ticked: all)"))
            yield TickList(*[(c, c, c in f.categories) for c in CATEGORIES], id="categories")
            yield Static("", classes="error", id="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Apply (ctrl+s)"), variant="primary", id="apply", compact=True)
                yield Button(_("Cancel (esc)"), id="cancel", compact=True)

    def _int(self, wid: str) -> int | None:
        text = self.query_one(f"#{wid}", Input).value.strip()
        return int(text) if text else None

    def _cents(self, wid: str) -> int | None:
        from pel_tui.backend.errors import InvalidInput
        from pel_tui.backend.money import parse_euros

        text = self.query_one(f"#{wid}", Input).value.strip()
        if not text:
            return None
        try:
            return parse_euros(text)
        except InvalidInput:
            raise ValueError(wid) from None

    def action_submit(self) -> None:
        """Every field checked; a wrong one is said and focused, and the form stays open as typed."""
        try:
            bmin = self._cents("bmin")
            bmax = self._cents("bmax")
        except ValueError as e:
            self.wrong(_("Budgets: an amount in euros, e.g. 500 or 500,50 (or nothing)"), f"#{e}")
            return
        if bmin is not None and bmax is not None and bmin > bmax:
            self.wrong(_("Budget min is above budget max"), "#bmin")
            return
        try:
            since = self._int("since")
        except ValueError:
            self.wrong(_("Posted within: a whole number of days (or nothing)"), "#since")
            return
        try:
            maxoff = self._int("maxoff")
        except ValueError:
            self.wrong(_("At most N offers: a whole number (or nothing)"), "#maxoff")
            return
        countries = tuple(c.upper() for c in self.query_one("#countries", Input).value.replace(",", " ").split())
        wrong = [c for c in countries if len(c) != 2 or not c.isalpha()]
        if wrong:
            self.wrong(_("Client countries: two-letter codes, e.g. FR BE ({codes}?)").format(codes=", ".join(wrong)),
                       "#countries")
            return
        self.dismiss(msgspec.structs.replace(
            self.current,
            budget_min_cents=bmin,
            budget_max_cents=bmax,
            countries=countries,
            categories=tuple(c for c in CATEGORIES if c in self.query_one("#categories", TickList).selected),
            since_days=since or None, max_offers=maxoff,
            urgent=_from_tri(self.query_one("#urgent", Choice).value),
            consulted=_from_tri(self.query_one("#consulted", Choice).value),
            hidden={"no": False, "yes": True}.get(self.query_one("#hidden", Choice).value),
            order=self.query_one("#order", Choice).value,  # type: ignore[arg-type]
        ))
