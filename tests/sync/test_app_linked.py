"""The application on a linked store: what is not on the server yet is marked where it shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from pel_tui.backend import Engine, Marketplace
from pel_tui.sync import outbox
from tests.conftest import OFFER_MSG
from tests.sync.conftest import Server
from tests.sync.test_sync import linked, open_project_of_client
from tests.tui.helpers import settle


async def test_an_offer_made_offline_shows_as_pending_until_the_server_has_it(
        server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str], memory_keyring: object) -> None:
    from pel_tui.app import PelApp

    path = linked(server, tmp_path, capsys)
    pid = open_project_of_client(server)
    server.stop()  # offline from now on
    engine = Engine.open(path)
    mp = Marketplace.for_user(engine)
    mp.consult(pid)
    mp.make_offer(pid, 180_000, 15, OFFER_MSG)
    assert len(outbox.pending(engine.conn)) == 2
    app = PelApp(engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("2")
        await settle(pilot, app)
        table = app.screen.query_one("#offers-table", DataTable)
        row = table.get_row(str(pid))
        assert "pending" in str(row[-1])
        others = [table.get_row(str(o.project_id)) for o in mp.offers() if o.project_id != pid]
        assert others and not any("pending" in str(r[-1]) for r in others)
