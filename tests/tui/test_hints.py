"""Engine messages name CLI commands; the application says its own keys instead."""

from __future__ import annotations

import re
from pathlib import Path

from pel_tui.app import PelApp
from pel_tui.backend import Engine, Marketplace
from pel_tui.hints import for_app
from pel_tui.screens.report import ReportScreen
from tests.tui.helpers import settle, toasts

BACKEND = Path(__file__).resolve().parents[2] / "pel_tui" / "backend"


def engine_messages_with_commands() -> list[str]:
    """Every string literal of the engine that tells the user to run `pel ...`."""
    found = []
    for source in BACKEND.glob("*.py"):
        for literal in re.findall(r'f?"((?:[^"\\\n]|\\.)*)"', source.read_text(encoding="utf-8")):
            if re.search(r"\bpel [a-z]", literal) and not literal.startswith(("pel platform", "Counts")):
                found.append(literal)
    return found


def test_every_command_in_an_engine_message_becomes_a_key_or_is_said_to_be_for_a_terminal() -> None:
    messages = engine_messages_with_commands()
    assert len(messages) >= 15  # the guard reads the engine's real messages
    for text in messages:
        shown = for_app(text)
        leftover = re.sub(r"\(in a terminal: pel [^)]*\)", "", shown)
        assert not re.search(r"\bpel [a-z]", leftover), (text, shown)


def test_the_users_keymap_is_the_key_said() -> None:
    assert for_app("resume it (pel resume) to spend credits", {"subscription.resume": "R,f5"}) == (
        "resume it (key R on the Subscription screen, 4) to spend credits")
    assert for_app("consult project #12 first (pel consult 12): every action") == (
        "consult project #12 first (key c on the project's report): every action")


async def test_su_5_a_refusal_in_the_app_names_the_key_not_the_command(app: PelApp, demo_engine: Engine) -> None:
    mp = Marketplace.for_user(demo_engine)
    mp.suspend(1)
    pid = mp.projects(consulted=False, limit=1).projects[0].id
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.open_project(pid)
        await settle(pilot, app)
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("c")
        await settle(pilot, app)
        said = " ".join(toasts(app))
        assert "key r on the Subscription screen, 4" in said and "pel resume" not in said
        assert not mp.unlocked(pid)["consultation"]


def test_the_keys_said_are_the_screens_own() -> None:
    """Each default key of `pel_tui.hints` is the key its binding id has on its screen."""
    import importlib

    from textual.binding import Binding
    from textual.keys import key_to_character

    from pel_tui.hints import _KEYS

    for _pattern, binding_id, default, _where in _KEYS:
        module = importlib.import_module(f"pel_tui.screens.{binding_id.split('.')[0]}")
        keys = [b.key for cls in vars(module).values() if isinstance(cls, type)
                for b in getattr(cls, "BINDINGS", []) if isinstance(b, Binding) and b.id == binding_id]
        assert keys, binding_id
        first = keys[0].split(",")[0]
        assert (key_to_character(first) or first) == default, (binding_id, keys[0], default)
