"""The filter form (`f`): every filter of PR-4 that the bar does not show."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, SelectionList, Static

from pel_tui.backend.models import CATEGORIES
from pel_tui.widgets.dialogs import FormDialog

if TYPE_CHECKING:
    from pel_tui.filters import Filter

TRI = [("any", "any"), ("yes", "yes"), ("no", "no")]


def _tri(value: bool | None) -> str:
    return "any" if value is None else ("yes" if value else "no")


def _from_tri(value: Any) -> bool | None:
    return None if value in ("any", Select.BLANK) else value == "yes"


class FilterForm(FormDialog["Filter"]):
    SUBMIT_ID = "apply"

    def __init__(self, current: Filter) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        f = self.current
        with VerticalScroll(classes="dialog"):  # scrolls on a 24-line terminal
            yield Label("Filters", classes="dialog-title")
            with Grid(classes="form-grid"):
                yield Label("Budget min (€)")
                yield Input("" if f.budget_min_cents is None else str(f.budget_min_cents // 100), id="bmin",
                            type="integer", compact=True)
                yield Label("Budget max (€)")
                yield Input("" if f.budget_max_cents is None else str(f.budget_max_cents // 100), id="bmax",
                            type="integer", compact=True)
                yield Label("Client countries")
                yield Input(" ".join(f.countries), placeholder="FR BE CH", id="countries", compact=True)
                yield Label("Posted within (days)")
                yield Input("" if f.since_days is None else str(f.since_days), id="since", type="integer", compact=True)
                yield Label("At most N offers")
                yield Input("" if f.max_offers is None else str(f.max_offers), id="maxoff", type="integer", compact=True)
                yield Label("Urgent")
                yield Select(TRI, value=_tri(f.urgent), id="urgent", allow_blank=False, compact=True)
                yield Label("Consulted")
                yield Select(TRI, value=_tri(f.consulted), id="consulted", allow_blank=False, compact=True)
                yield Label("Hidden projects")
                yield Select([("hide them", "no"), ("only them", "yes"), ("show all", "any")],
                             value=_tri(f.hidden), id="hidden", allow_blank=False, compact=True)
                yield Label("Order")
                yield Select([("newest first", "newest"), ("relevance", "relevance")], value=f.order, id="order",
                             allow_blank=False, compact=True)
            yield Label("Categories (space ticks; none ticked: all)")
            yield SelectionList[str](*[(c, c, c in f.categories) for c in CATEGORIES], id="categories")
            yield Static("", classes="error", id="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply (ctrl+s)", variant="primary", id="apply")
                yield Button("Cancel (esc)", id="cancel")

    def _int(self, wid: str) -> int | None:
        text = self.query_one(f"#{wid}", Input).value.strip()
        return int(text) if text else None

    def action_submit(self) -> None:
        try:
            bmin, bmax = self._int("bmin"), self._int("bmax")
            since, maxoff = self._int("since"), self._int("maxoff")
        except ValueError:
            self.query_one("#form-error", Static).update("Budgets, days and offers are whole numbers")
            return
        self.dismiss(dataclasses.replace(
            self.current,
            budget_min_cents=None if bmin is None else bmin * 100,
            budget_max_cents=None if bmax is None else bmax * 100,
            countries=tuple(c.upper() for c in self.query_one("#countries", Input).value.split()),
            categories=tuple(c for c in CATEGORIES if c in self.query_one("#categories", SelectionList).selected),
            since_days=since or None, max_offers=maxoff,
            urgent=_from_tri(self.query_one("#urgent", Select).value),
            consulted=_from_tri(self.query_one("#consulted", Select).value),
            hidden={"no": False, "yes": True}.get(str(self.query_one("#hidden", Select).value)),
            order=str(self.query_one("#order", Select).value),  # type: ignore[arg-type]
        ))
