"""Statistics (ST-1): the provider's own figures beside the platform's reference line."""

from __future__ import annotations

from rich import box
from rich.table import Table
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Sparkline, Static

from pel_tui.backend.clock import to_datetime
from pel_tui.backend.models import Offer, Stats
from pel_tui.i18n import _, formats, ngettext
from pel_tui.screens.base import PelScreen
from pel_tui.screens.credits import WEEK, WEEKS, plot_end, weekly_counts
from pel_tui.widgets.footer import Footer
from pel_tui.widgets.format import date
from pel_tui.widgets.title_bar import TitleBar

BAR = 30
WENT_AHEAD = ("in_progress", "finalized")
NOT_DECIDED = ("open", "awarded")


def pct(rate: float | None) -> str:
    """`33 %` (fr), `33%` (en); `—` when there is none."""
    return "—" if rate is None else formats.percent(rate)


def one_decimal(x: float | None) -> str:
    return "—" if x is None else formats.decimal(x, 1)


def bar(rate: float, style: str) -> str:
    full = round(max(0.0, min(rate, 1.0)) * BAR)
    return f"[{style}]{'█' * full}[/][dim]{'░' * (BAR - full)}[/]"


def went_ahead_rate(offers: list[Offer]) -> float | None:
    """Of the projects I made an offer on that are decided, the share that went ahead."""
    decided = [o for o in offers if o.project_status not in NOT_DECIDED]
    if not decided:
        return None
    return sum(o.project_status in WENT_AHEAD for o in decided) / len(decided)


class StatsScreen(PelScreen):
    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="stats-scroll"):
            yield Static(_("Loading…"), id="stats-figures")
            yield Static("", id="stats-bars")
            yield Static("", id="stats-plot-title")
            yield Sparkline([], id="stats-sparkline")
            yield Static("", id="stats-plot-axis")
        yield Footer()

    async def load(self) -> None:
        mp = self.pel.mp
        stats, offers = await self.pel.db(lambda: (mp.stats(), mp.offers()))
        ahead = went_ahead_rate(offers)
        self.show_figures(stats, ahead)
        self.show_bars(stats, ahead)
        self.show_plot(offers)

    def show_figures(self, s: Stats, ahead: float | None) -> None:
        t = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=False)
        t.add_column(_("Your figures beside the platform’s"), style="")
        t.add_column(_("you"), justify="right")
        t.add_column(_("platform"), justify="right", style="dim")
        t.add_row(_("Projects consulted"), formats.number(s.projects_consulted), "")
        t.add_row(_("Offers made"), formats.number(s.offers_made), "")
        t.add_row(_("Won"), formats.number(s.won), "")
        t.add_row(_("Win rate (won / decided offers)"), pct(s.win_rate), f"≈ {pct(s.platform_win_rate)}")
        t.add_row(_("Projects offered on that went ahead"), pct(ahead), f"≈ {pct(s.platform_go_ahead_rate)}")
        t.add_row(_("Credits spent"), formats.number(s.credits_spent), "")
        t.add_row(_("Credits spent per won project"), one_decimal(s.credits_spent_per_won), "")
        t.add_row(_("Average competition (offers per project)"), one_decimal(s.average_competition), "")
        self.query_one("#stats-figures", Static).update(t)

    def show_bars(self, s: Stats, ahead: float | None) -> None:
        heads = [_("Win rate"), _("Went ahead")]
        whos = [_("you"), _("platform")]
        hw, ww = max(len(h) for h in heads) + 2, max(len(w) for w in whos) + 1
        lines = [
            f"{heads[0]:<{hw}}{whos[0]:<{ww}}{bar(s.win_rate, 'green')} {pct(s.win_rate):>5}",
            f"{'':<{hw}}{whos[1]:<{ww}}{bar(s.platform_win_rate, 'blue')} {pct(s.platform_win_rate):>5}",
            f"{heads[1]:<{hw}}{whos[0]:<{ww}}{bar(ahead or 0.0, 'green')} {pct(ahead):>5}",
            f"{'':<{hw}}{whos[1]:<{ww}}{bar(s.platform_go_ahead_rate, 'blue')} {pct(s.platform_go_ahead_rate):>5}",
            "[dim]" + _("Platform (FAQ): about {go} of projects go ahead; about {win} of providers win.").format(
                go=pct(s.platform_go_ahead_rate), win=pct(s.platform_win_rate)) + "[/]",
        ]
        self.query_one("#stats-bars", Static).update("\n".join(lines))

    def show_plot(self, offers: list[Offer]) -> None:
        times = [o.created_at for o in offers]
        end = plot_end(to_datetime(self.pel.engine.now()), times)
        counts = weekly_counts(times, end)
        self.query_one("#stats-sparkline", Sparkline).data = [float(n) for n in counts]
        weeks = ngettext("({n} week)", "({n} weeks)", WEEKS).format(n=WEEKS)
        figures = _("total {total} · max {max}/week").format(total=formats.number(sum(counts)),
                                                              max=formats.number(max(counts)))
        self.query_one("#stats-plot-title", Static).update('[b]' + _('Offers made per week') + f'[/] [dim]{weeks}[/] {figures}')
        self.query_one("#stats-plot-axis", Static).update(
            f"[dim]{date(end - WEEKS * WEEK)}[/] … [dim]{date(end)}[/]"
        )
