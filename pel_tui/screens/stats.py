"""Placeholder screen, replaced by its real one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer, Header, Static

from pel_tui.screens.base import PelScreen


class StatsScreen(PelScreen):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("stats")
        yield Footer()
