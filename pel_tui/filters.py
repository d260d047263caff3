"""The project list's filters (PR-4), its tabs, and the first page, without Textual.

Kept apart from the screen so that `pel` can read the first page while Textual is still importing,
and so a saved filter is converted to and from `config.toml` in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import msgspec

from pel_tui.backend.policy import DAY
from pel_tui.i18n import N_, _, formats, ngettext

if TYPE_CHECKING:
    from pel_tui.backend import Marketplace
    from pel_tui.backend.models import ProjectPage
    from pel_tui.config import SavedFilter

PAGE = 50
#: The two tabs every provider has; saved filters come after them.
#: Their names are identifiers (config.toml, the tabs' keys); `tab_label` says them in the user's language.
MINE, ALL = N_("Mine"), N_("All")
#: The orders the engine pages in SQL, as the list says them (`s` goes from one to the next; translated
#: where shown).
ORDERS: dict[str, str] = {"newest": N_("date, newest first"), "relevance": N_("relevance")}


def tab_label(name: str) -> str:
    """A tab as the user reads it: the two built-in ones in their language, a saved one as it was named."""
    return _(name) if name in (MINE, ALL) else name


def order_label(order: str) -> str:
    """`date, newest first` (fr: `date, les plus récents d’abord`)."""
    return _(ORDERS[order])


def short_euros(cents: int) -> str:
    """`1 500 €`, or `1 500,50 €` when there are cents (en: `€1,500`): a budget's bound."""
    return formats.money(cents, short=True)


class Filter(msgspec.Struct, frozen=True):
    """What the list asks the engine for; a saved filter is one of these with a name."""

    words: str = ""
    categories: tuple[str, ...] = ()
    budget_min_cents: int | None = None
    budget_max_cents: int | None = None
    countries: tuple[str, ...] = ()
    urgent: bool | None = None
    since_days: int | None = None
    max_offers: int | None = None
    consulted: bool | None = None
    hidden: bool | None = False
    order: Literal["newest", "relevance"] = "newest"

    def describe(self) -> str:
        parts = []
        if self.categories:
            parts.append(" / ".join(self.categories))
        lo, hi = self.budget_min_cents, self.budget_max_cents
        if lo is not None and hi is not None:
            parts.append(_("budget {range}").format(range=formats.budget(lo, hi)))
        elif lo is not None:
            parts.append(_("budget ≥ {amount}").format(amount=short_euros(lo)))
        elif hi is not None:
            parts.append(_("budget ≤ {amount}").format(amount=short_euros(hi)))
        if self.countries:
            parts.append(",".join(self.countries))
        if self.urgent is not None:
            parts.append(_("urgent") if self.urgent else _("not urgent"))
        if self.since_days:
            parts.append(ngettext("last {n} day", "last {n} days", self.since_days).format(
                n=formats.number(self.since_days)))
        if self.max_offers is not None:
            parts.append(ngettext("≤ {n} offer", "≤ {n} offers", self.max_offers).format(
                n=formats.number(self.max_offers)))
        if self.consulted is not None:
            parts.append(_("consulted") if self.consulted else _("not consulted"))
        if self.hidden is None:
            parts.append(_("with hidden"))
        elif self.hidden:
            parts.append(_("hidden only"))
        if self.order != "newest":
            parts.append(_("sorted by {order}").format(order=order_label(self.order)))
        return " · ".join(parts) or _("no filter")

    def count(self, mp: Marketplace) -> int:
        """How many projects this filter finds (an empty page says how many another tab has)."""
        return self.page(mp, limit=1).total

    def page(self, mp: Marketplace, offset: int = 0, limit: int = PAGE) -> ProjectPage:
        """One page of the list under this filter (the engine filters and pages in SQL)."""
        since = None if self.since_days is None else mp.now() - self.since_days * DAY
        return mp.projects(
            self.words or None, categories=self.categories, budget_min_cents=self.budget_min_cents,
            budget_max_cents=self.budget_max_cents, countries=self.countries, urgent=self.urgent,
            posted_since=since, max_offers=self.max_offers, consulted=self.consulted, hidden=self.hidden,
            order=self.order, offset=offset, limit=limit,
        )

    @classmethod
    def from_saved(cls, saved: SavedFilter) -> Filter:
        def cents(euros: int | None) -> int | None:
            return None if euros is None else euros * 100

        return cls(
            words=saved.words, categories=tuple(saved.categories), budget_min_cents=cents(saved.budget_min),
            budget_max_cents=cents(saved.budget_max), countries=tuple(saved.countries), urgent=saved.urgent,
            since_days=saved.since_days, max_offers=saved.max_offers, consulted=saved.consulted,
            order=saved.order,
        )

    def to_saved(self, name: str) -> SavedFilter:
        """This filter as a tab of `config.toml` (hidden projects stay hidden in a saved tab)."""
        from pel_tui.config import SavedFilter

        def euros(cents: int | None) -> int | None:
            return None if cents is None else cents // 100

        return SavedFilter(
            name=name, words=self.words, categories=list(self.categories),
            budget_min=euros(self.budget_min_cents), budget_max=euros(self.budget_max_cents),
            countries=list(self.countries), urgent=self.urgent, since_days=self.since_days,
            max_offers=self.max_offers, consulted=self.consulted, order=self.order,
        )


def preferences_filter(prefs: dict[str, Any]) -> Filter:
    """PF-1: the provider's preferences as the default filter."""
    return Filter(
        words=" ".join(prefs.get("keywords", [])),
        categories=tuple(prefs.get("categories", [])),
        budget_min_cents=prefs.get("min_budget_cents"),
        countries=tuple(prefs.get("countries", [])),
    )


class Opening(msgspec.Struct, frozen=True):
    """What the list shows first: its tabs, the first one's first page, the last project seen."""

    tabs: dict[str, Filter]
    page: ProjectPage
    last_seen: int


def opening(mp: Marketplace, saved: list[SavedFilter] | tuple[()] = ()) -> Opening:
    """Read in one go (a few ms), so the first frame already holds the projects."""
    tabs = {MINE: preferences_filter(mp.preferences()), ALL: Filter()}
    for s in saved:
        tabs.setdefault(s.name, Filter.from_saved(s))
    return Opening(tabs=tabs, page=tabs[MINE].page(mp), last_seen=mp.last_seen_project())
