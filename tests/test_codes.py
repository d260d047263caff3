"""Every refusal code and every notification kind has its words, in the command line and in the app.

The engine speaks in codes and values (`backend/errors.py`, `backend/events.py`); the edge makes
the sentences (`pel_tui/i18n`). These tests enumerate the codes and kinds, render each in both
voices, and read the sources so that nothing is raised or notified without being declared, and
nothing is declared that is never used.
"""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from pel_tui.backend.errors import REFUSALS, PelError
from pel_tui.backend.events import EVENTS
from pel_tui.backend.models import Notification
from pel_tui.i18n.actions import ACTIONS
from pel_tui.i18n.notices import NOTICES
from pel_tui.i18n.notices import render as render_notice
from pel_tui.i18n.refusals import SAYS
from pel_tui.i18n.refusals import render as render_refusal
from pel_tui.i18n.voice import AppVoice, CliVoice

ROOT = Path(__file__).resolve().parents[1]
BACKEND = ROOT / "pel_tui" / "backend"
I18N = ROOT / "pel_tui" / "i18n"
T = int(datetime(2026, 12, 1, 9, 0, tzinfo=UTC).timestamp())

#: Values a code or a kind needs beyond what its parameters' names say.
OVERRIDES: dict[str, dict[str, Any]] = {
    "credits.frozen": {"status": "suspended"},
    "credits_refunded": {"reason": "cancelled"},
    "lost": {"reason": "expired"},
    "subscription_ended": {"reason": "cancelled"},
}


def sample(code: str, name: str) -> Any:
    """A value for parameter `name`, chosen by the naming conventions of errors.py and events.py."""
    if name in OVERRIDES.get(code, {}):
        return OVERRIDES[code][name]
    if name.endswith("_cents"):
        return 123_456
    if name.endswith(("_at", "_by", "_until", "_on")):
        return T
    if name.endswith("_id") or name.endswith("_days") or name.endswith("_months") or name in (
            "length", "max_chars", "min_chars", "max_limit", "version", "remaining", "number", "days", "n",
            "tranche", "sends_left", "count", "needed", "stars"):
        return 3
    if name == "status":
        return "open"
    if name == "kind":
        return "offer"
    if name in ("kinds",):
        return ["offer", "contact"]
    if name in ("projects",):
        return [41, 42]
    if name in ("titles",):
        return ["Site vitrine", "Application mobile"]
    if name == "action":
        return "offer"
    return "x"


def params(code: str, names: tuple[str, ...]) -> dict[str, Any]:
    return {n: sample(code, n) for n in names if not n.endswith("?")}


VOICES = [CliVoice(), AppVoice()]


@pytest.mark.parametrize("code", sorted(REFUSALS))
def test_every_refusal_code_has_its_sentence_in_both_voices(code: str) -> None:
    category, names = REFUSALS[code]
    assert code in SAYS, f"no words for the refusal {code!r} (pel_tui/i18n/refusals)"
    err = category.__new__(category)
    PelError.__init__(err, code, **params(code, names))
    for voice in VOICES:
        text = render_refusal(err, voice)
        assert text and text != code and "{" not in text, (code, text)
    app_text = render_refusal(err, AppVoice())
    leftover = re.sub(r"in a terminal: pel [^)]*", "", app_text)
    assert not re.search(r"\bpel [a-z]", leftover), (code, app_text)  # the app says keys
    assert not re.search(r"\b[A-Z]{2}-\d\b", render_refusal(err, CliVoice())), code  # no rule id shown


@pytest.mark.parametrize("kind", sorted(EVENTS))
def test_every_notification_kind_has_its_title_and_body_in_both_voices(kind: str) -> None:
    assert kind in NOTICES, f"no words for the notification kind {kind!r} (pel_tui/i18n/notices)"
    data = params(kind, EVENTS[kind])
    n = Notification(id=1, at=datetime.fromtimestamp(T, UTC), kind=kind, project_id=42, data=data, read=False)
    for voice in VOICES:
        title, body = render_notice(n, voice)
        assert title and "{" not in title and "{" not in (body or ""), (kind, title, body)
        assert not re.search(r"\b[A-Z]{2}-\d\b", title + (body or "")), kind


def test_no_words_for_codes_or_kinds_that_do_not_exist() -> None:
    assert set(SAYS) - set(REFUSALS) == set()
    assert set(NOTICES) - set(EVENTS) == set()


# -- the sources --------------------------------------------------------------------------------

CATEGORIES = {"PelError", "NotFound", "InvalidInput", "NotAllowed"}


def _literal_calls(root: Path, names: set[str] | None, *, arg: int) -> dict[str, list[str]]:
    """String literals given as argument `arg` of calls to `names` (or to any `.notify`), with where."""
    found: dict[str, list[str]] = {}
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            fn = node.func
            name = fn.id if isinstance(fn, ast.Name) else fn.attr if isinstance(fn, ast.Attribute) else ""
            wanted = (names is None and name == "notify") or (names is not None and name in names)
            literal = len(node.args) > arg and isinstance(node.args[arg], ast.Constant)
            if wanted and literal and isinstance(node.args[arg].value, str):  # type: ignore[attr-defined]
                found.setdefault(node.args[arg].value, []).append(f"{path.name}:{node.lineno}")  # type: ignore[attr-defined]
    return found


def test_every_code_raised_is_declared_and_every_declared_code_is_raised() -> None:
    raised = _literal_calls(BACKEND, CATEGORIES, arg=0)
    typed = _literal_calls(BACKEND, {"__init__"}, arg=0)  # the typed refusals' own codes (errors.py)
    undeclared = {c: where for c, where in raised.items() if c not in REFUSALS}
    assert not undeclared, undeclared
    used = set(raised) | set(typed)
    assert set(REFUSALS) - used == set(), "declared but never raised"


def test_every_kind_notified_is_declared_and_every_declared_kind_is_notified() -> None:
    notified = {**_literal_calls(BACKEND, None, arg=1), **_literal_calls(BACKEND, None, arg=2)}
    kinds = {k: w for k, w in notified.items() if re.fullmatch(r"[a-z_]+", k)}
    assert set(kinds) - set(EVENTS) == set(), {k: kinds[k] for k in set(kinds) - set(EVENTS)}
    assert set(EVENTS) - set(kinds) == set(), "declared but never notified"


def test_every_action_a_sentence_names_is_declared() -> None:
    named = _literal_calls(I18N, {"do", "command"}, arg=0)
    assert set(named) - set(ACTIONS) == set(), named


def test_the_keys_said_are_the_screens_own() -> None:
    """Each action's default key is the key its binding id has on its screen."""
    import importlib

    from textual.binding import Binding
    from textual.keys import key_to_character

    for action, (_cli, binding_id, default, _where) in ACTIONS.items():
        if binding_id is None:
            continue
        module = importlib.import_module(f"pel_tui.screens.{binding_id.split('.')[0]}")
        keys = [b.key for cls in vars(module).values() if isinstance(cls, type)
                for b in getattr(cls, "BINDINGS", []) if isinstance(b, Binding) and b.id == binding_id]
        assert keys, (action, binding_id)
        first = keys[0].split(",")[0]
        assert (key_to_character(first) or first) == default, (action, binding_id, keys[0], default)


def test_the_users_keymap_is_the_key_said() -> None:
    from pel_tui.backend.errors import ConsultFirst, CreditsFrozen

    assert render_refusal(CreditsFrozen("suspended"), AppVoice({"subscription.resume": "R,f5"})) == (
        "credits cannot be spent: your subscription is suspended; resume it (key R on the Subscription "
        "screen, 4) to spend credits")
    assert render_refusal(ConsultFirst(12), AppVoice()) == (
        "consult project #12 first (key c on the project's report): every action on a project starts from "
        "its report")
    assert render_refusal(ConsultFirst(12), CliVoice()) == (
        "consult project #12 first (pel consult 12): every action on a project starts from its report")


def test_a_refusal_is_raised_with_a_literal_code_never_a_sentence() -> None:
    """`NotAllowed(f"{path} already holds...")` would reach the reader as is, in English: a code must be
    a literal the renderings know, its values in the parameters."""
    made: list[str] = []
    for path in BACKEND.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in CATEGORIES
                    and node.args and not isinstance(node.args[0], ast.Constant)):
                made.append(f"{path.name}:{node.lineno}")
    assert not made, made
