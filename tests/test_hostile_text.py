"""Text from clients and other providers never reaches a terminal with its escape sequences.

A title holding `\\x1b[2J\\x1b]0;pwned\\x07` would clear the screen and rename the terminal window.
The engine cleans the text of every command it runs (a client's post, an answer), the mirror every
row it receives from a server, and the command line what it prints (`local_store.text.clean`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from local_store import mirror
from local_store.text import clean
from tests.conftest import World

HOSTILE = "\x1b[2J\x1b]0;pwned\x07Refonte\x9b31m d'un site\r\x00\x7f"


def test_clean_drops_sequences_and_controls_and_keeps_what_can_be_read() -> None:
    assert clean(HOSTILE) == "Refonte d'un site"
    assert clean("Ligne 1\nLigne 2\tfin") == "Ligne 1\nLigne 2\tfin"
    assert clean("Déjà vu : 1\u202f500 €") == "Déjà vu : 1\u202f500 €"
    assert clean("\x1bPq#0;2;0;0;0\x1b\\fin") == "fin"  # a DCS (sixel) sequence, whole


def test_the_command_line_prints_no_escape_from_a_stored_title(
    world: World, capsys: pytest.CaptureFixture[str]
) -> None:
    from pel_tui.__main__ import main

    pid = world.post()
    with world.engine.store.write() as c:  # as an older store, or a server, may hold it
        c.execute("UPDATE projects SET title = ?, summary = ? WHERE id = ?", (HOSTILE, HOSTILE, pid))
    world.engine.store.close()
    for argv in (["projects"], ["show", str(pid)], ["show", str(pid), "--json"]):
        code = main(["--store", str(world.path), *argv])
        out = capsys.readouterr().out
        assert code == 0
        assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out and "\r" not in out, argv
        assert "Refonte" in out or "Refonte" in json.dumps(out)


def test_the_mirror_keeps_no_escape_from_a_server(world: World) -> None:
    pid = world.post()
    cols = [r[1] for r in world.engine.conn.execute("PRAGMA table_info(projects)")]
    row = list(world.engine.conn.execute("SELECT * FROM projects WHERE id = ?", (pid,)).fetchone())
    row[cols.index("title")] = HOSTILE
    with world.engine.store.write() as c:
        mirror.apply_rows(c, "projects", cols, [row])
    assert world.mp.project(pid).project.title == "Refonte d'un site"


def test_a_clients_post_and_answer_are_stored_clean(world: World, tmp_path: Path) -> None:
    pid = world.post(title=HOSTILE, summary="Résumé\x1b[31m rouge")
    p = world.mp.project(pid).project
    assert p.title == "Refonte d'un site" and p.summary == "Résumé rouge"
