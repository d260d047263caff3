"""A list of choices to tick, whose ticks read without colour.

Textual's SelectionList draws the same `X` for a ticked and an unticked choice, only coloured
differently: on a monochrome terminal, or read by a screen reader, nothing tells them apart. Here
an unticked choice shows an empty box.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist


class TickList(SelectionList[str]):
    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            choice = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) < 2 or choice.value in self._selected:
            return strip
        box = segments[1]
        segments[1] = Segment(" " * len(box.text), box.style, box.control)
        return Strip(segments, strip.cell_length)
