"""The project list: one line per project, drawn with Textual's line API.

The list is the app's hot path: every keystroke in the search box and every page replaces its
50 rows. A DataTable measures each new cell when idle and renders the page two or three times
per change (≈25 ms each on this machine); this widget formats a row as one string and styles it
as whole lines, so a new page is one render of the visible lines. Every column is as wide as what
the page holds in it (its heading at least); the title takes the width that is left, at any size.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from pel_tui.backend.models import ProjectSummary
from pel_tui.i18n import N_, _
from pel_tui.widgets.format import budget, date, number

#: The columns, in order (`title` takes what the others leave).
COLUMNS = ("new", "#", "posted", "title", "budget", "offers", "flags")
#: Their headings (translated where drawn).
HEADINGS = {"new": "", "#": "#", "posted": N_("posted"), "title": N_("title"), "budget": N_("budget"),
            "offers": N_("offers"), "flags": ""}
MIN_TITLE = 12
#: What the flags column's letters mean (the page line spells it out, translated); the letters are the
#: keys that filter on them (U, C, H), in every language.
FLAGS = (("U", N_("urgent")), ("C", N_("consulted")), ("O", N_("your offer")), ("H", N_("hidden")))


def flags(p: ProjectSummary) -> str:
    """U urgent, C consulted, O your offer, H hidden (the preview spells them out)."""
    return ("U" if p.urgent else "") + ("C" if p.consulted else "") + ("O" if p.my_offer else "") + (
        "H" if p.hidden else "")


def cells(p: ProjectSummary, new: bool) -> dict[str, str]:
    return {"new": "●" if new else "", "#": str(p.id), "posted": date(p.created_at), "title": p.title,
            "budget": budget(p.budget_min_cents, p.budget_max_cents), "offers": number(p.offers), "flags": flags(p)}


class ProjectList(ScrollView, can_focus=True):
    """A page of projects with a cursor; `Highlighted` when it moves, `Selected` on enter,
    `Edge` when the cursor would leave the page (the screen turns it), `HeadingClicked`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", N_("Up"), show=False),
        Binding("down", "move(1)", N_("Down"), show=False),
        Binding("pageup", "move(-10)", N_("Page up"), show=False),
        Binding("pagedown", "move(10)", N_("Page down"), show=False),
        Binding("home", "edge(0)", N_("First"), show=False),
        Binding("end", "edge(1)", N_("Last"), show=False),
        Binding("enter", "select", N_("Open"), show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "project-list--header", "project-list--cursor", "project-list--even", "project-list--old",
        "project-list--new", "project-list--empty",
    }
    DEFAULT_CSS = """
    ProjectList {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        &:focus {
            background-tint: $foreground 5%;
            & > .project-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
        }
        &:dark > .project-list--even { background: $surface-darken-1 40%; }
        & > .project-list--header { text-style: bold; background: $panel; color: $foreground; }
        & > .project-list--even { background: $surface-lighten-1 50%; }
        & > .project-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .project-list--old { color: $text-muted; }
        & > .project-list--new { color: $accent; text-style: bold; }
        & > .project-list--empty { color: $text-muted; }
    }
    """

    cursor: reactive[int] = reactive(0, repaint=False)

    class Highlighted(Message):
        def __init__(self, project: ProjectSummary | None) -> None:
            super().__init__()
            self.project = project

    class Selected(Message):
        def __init__(self, project: ProjectSummary) -> None:
            super().__init__()
            self.project = project

    class Edge(Message):
        """The cursor was asked past the last row (+1) or above the first (-1)."""

        def __init__(self, direction: int) -> None:
            super().__init__()
            self.direction = direction

    class HeadingClicked(Message):
        def __init__(self, column: str) -> None:
            super().__init__()
            self.column = column

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.projects: list[ProjectSummary] = []
        self.last_seen = 0
        self.empty_text = ""
        self.sorted_by = ""  # the heading marked as the order
        self._rows: list[dict[str, str]] = []
        self._widths: dict[str, int] = {}
        self._widths_for = -1

    # -- what it shows -------------------------------------------------------------------------------

    def show(self, projects: list[ProjectSummary], last_seen: int, keep_cursor: bool = True,
             at_end: bool = False, empty_text: str = "", sorted_by: str = "") -> None:
        """Replace the rows (the cursor stays on its line, within the new page; `at_end`: on the last)."""
        self.projects = projects
        self.last_seen = last_seen
        self.empty_text = empty_text
        self.sorted_by = sorted_by
        self._rows = [cells(p, bool(last_seen) and p.id > last_seen) for p in projects]
        self._widths = {}
        self.virtual_size = Size(self.size.width, len(projects) + 1)  # + the heading
        if at_end:
            cursor = len(projects) - 1
        else:
            cursor = min(self.cursor, len(projects) - 1) if keep_cursor else 0
        self.set_reactive(ProjectList.cursor, max(0, cursor))
        if at_end:
            self.scroll_to(y=max(0, len(projects) - self.size.height + 1), animate=False, immediate=True)
        elif not keep_cursor:
            self.scroll_home(animate=False, immediate=True)
        self.refresh()
        self.post_message(self.Highlighted(self.current))

    @property
    def ids(self) -> list[int]:
        return [p.id for p in self.projects]

    @property
    def current(self) -> ProjectSummary | None:
        return self.projects[self.cursor] if 0 <= self.cursor < len(self.projects) else None

    # -- drawing ---------------------------------------------------------------------------------------

    def widths(self) -> dict[str, int]:
        """Each column as wide as its widest cell on this page (its heading at least); the title, the rest."""
        if self._widths and self._widths_for == self.size.width:
            return self._widths
        out = {}
        for col in COLUMNS:
            if col == "title":
                continue
            widest = max((cell_len(r[col]) for r in self._rows), default=0)
            out[col] = max(widest, cell_len(self._heading(col))) if widest or col not in ("new", "flags") else 0
        out["new"] = 1  # always there: the list does not shift when a new project arrives
        used = sum(out.values()) + len(COLUMNS)  # a space before each column
        out["title"] = max(MIN_TITLE, self.size.width - used)
        self._widths = {col: out[col] for col in COLUMNS}
        self._widths_for = self.size.width
        return self._widths

    def _heading(self, col: str) -> str:
        text = _(HEADINGS[col]) if HEADINGS[col] not in ("", "#") else HEADINGS[col]
        return f"{text} ▾" if col == self.sorted_by and text else text

    def _line(self, values: dict[str, str]) -> str:
        parts = []
        for col, w in self.widths().items():
            value = values[col]
            text = value if cell_len(value) <= w else set_cell_size(value, w - 1) + "…"
            parts.append(" " + set_cell_size(text, w))
        return "".join(parts)

    def column_at(self, x: int) -> str | None:
        at = 0
        for col, w in self.widths().items():
            if at <= x < at + w + 1:
                return col
            at += w + 1
        return None

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            line = self._line({c: self._heading(c) for c in COLUMNS})
            return Strip([Segment(set_cell_size(line, width), self.get_component_rich_style("project-list--header"))])
        index = self.scroll_offset.y + y - 1
        if index >= len(self.projects):
            if index == 0 and self.empty_text:  # an empty page says why, and what to do
                style = self.rich_style + self.get_component_rich_style("project-list--empty", partial=True)
                return Strip([Segment(set_cell_size(" " + self.empty_text, width), style)])
            return Strip.blank(width, self.rich_style)
        p = self.projects[index]
        row = self._rows[index]
        new = bool(row["new"])
        line = self._line(row)
        style = self.rich_style
        if index % 2:
            style += self.get_component_rich_style("project-list--even")
        if p.old:
            style += self.get_component_rich_style("project-list--old")
        if index == self.cursor:
            style += self.get_component_rich_style("project-list--cursor")
        segments = [Segment(set_cell_size(line, width), style)]
        if new and index != self.cursor:
            mark = style + self.get_component_rich_style("project-list--new", partial=True)
            segments = [Segment(line[:2], mark), Segment(set_cell_size(line[2:], width - 2), style)]
        return Strip(segments, width)

    # -- moving ----------------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old + 1)  # row i is on virtual line i + 1, under the heading
        self.refresh_line(new + 1)
        rows = self.size.height - 1  # under the heading
        if new < self.scroll_offset.y:
            self.scroll_to(y=new, animate=False)
        elif rows > 0 and new >= self.scroll_offset.y + rows:
            self.scroll_to(y=new - rows + 1, animate=False)
        self.post_message(self.Highlighted(self.current))

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.projects) - 1))

    def action_move(self, delta: int) -> None:
        """Move the cursor; past the page's last row (or above its first) the screen turns the page."""
        if self.projects and delta > 0 and self.cursor == len(self.projects) - 1:
            self.post_message(self.Edge(1))
        elif self.projects and delta < 0 and self.cursor == 0:
            self.post_message(self.Edge(-1))
        else:
            self.cursor += delta

    def action_edge(self, end: int) -> None:
        self.cursor = len(self.projects) - 1 if end else 0

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            column = self.column_at(event.x)
            if column is not None:
                self.post_message(self.HeadingClicked(column))
            return
        index = self.scroll_offset.y + event.y - 1
        if 0 <= index < len(self.projects):
            if index == self.cursor or event.chain > 1:
                self.post_message(self.Selected(self.projects[index]))
            self.cursor = index

    def on_resize(self) -> None:
        self._widths = {}
        self.virtual_size = Size(self.size.width, len(self.projects) + 1)
