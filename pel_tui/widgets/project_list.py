"""The project list: one line per project, drawn with Textual's line API.

The list is the app's hot path: every keystroke in the search box and every page replaces its
50 rows. A DataTable measures each new cell when idle and renders the page two or three times
per change (≈25 ms each on this machine); this widget formats a row as one string and styles it
as whole lines, so a new page is one render of the visible lines. Columns have fixed widths but
the title's, which takes what the width leaves.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from pel_tui.backend.models import ProjectSummary
from pel_tui.widgets.format import budget, date

#: (heading, width) of each column; the title's width is what the others leave (None).
COLUMNS: tuple[tuple[str, int | None], ...] = (
    ("", 1), ("#", 7), ("posted", 10), ("title", None), ("budget", 15), ("offers", 6), ("", 3),
)
FIXED = sum(w for _, w in COLUMNS if w) + 2 * len(COLUMNS)  # each cell has a space either side
MIN_TITLE = 12


def flags(p: ProjectSummary) -> str:
    """U urgent, C consulted, O your offer (the preview spells them out)."""
    return ("U" if p.urgent else "") + ("C" if p.consulted else "") + ("O" if p.my_offer else "")


class ProjectList(ScrollView, can_focus=True):
    """A page of projects with a cursor; `Highlighted` when it moves, `Selected` on enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "move(-10)", "Page up", show=False),
        Binding("pagedown", "move(10)", "Page down", show=False),
        Binding("home", "edge(0)", "First", show=False),
        Binding("end", "edge(1)", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "project-list--header", "project-list--cursor", "project-list--even", "project-list--old",
        "project-list--new",
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

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.projects: list[ProjectSummary] = []
        self.last_seen = 0

    # -- what it shows -------------------------------------------------------------------------------

    def show(self, projects: list[ProjectSummary], last_seen: int, keep_cursor: bool = True) -> None:
        """Replace the rows (the cursor stays on its line, within the new page)."""
        self.projects = projects
        self.last_seen = last_seen
        self.virtual_size = Size(self.size.width, len(projects) + 1)  # + the heading
        cursor = min(self.cursor, len(projects) - 1) if keep_cursor else 0
        self.set_reactive(ProjectList.cursor, max(0, cursor))
        if not keep_cursor:
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

    def _title_width(self) -> int:
        return max(MIN_TITLE, self.size.width - FIXED)

    def _cells(self, values: tuple[str, ...]) -> str:
        title = self._title_width()
        out = []
        for (_, width), value in zip(COLUMNS, values, strict=True):
            w = title if width is None else width
            text = value if len(value) <= w else value[: w - 1] + "…"
            out.append(" " + set_cell_size(text, w) + " ")
        return "".join(out)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y == 0:
            line = self._cells(tuple(h for h, _ in COLUMNS))
            return Strip([Segment(set_cell_size(line, width), self.get_component_rich_style("project-list--header"))])
        index = self.scroll_offset.y + y - 1
        if index >= len(self.projects):
            return Strip.blank(width, self.rich_style)
        p = self.projects[index]
        new = bool(self.last_seen) and p.id > self.last_seen
        line = self._cells(("●" if new else "", str(p.id), date(p.created_at), p.title,
                            budget(p.budget_min_cents, p.budget_max_cents), str(p.offers), flags(p)))
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
            segments = [Segment(line[:3], mark), Segment(set_cell_size(line[3:], width - 3), style)]
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
        self.cursor += delta

    def action_edge(self, end: int) -> None:
        self.cursor = len(self.projects) - 1 if end else 0

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y - 1
        if event.y >= 1 and 0 <= index < len(self.projects):
            if index == self.cursor or event.chain > 1:
                self.post_message(self.Selected(self.projects[index]))
            self.cursor = index

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.projects) + 1)
