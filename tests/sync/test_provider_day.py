"""The provider's day of tests/tui/test_provider_day.py, played through the command line on a linked
store against a real `pel serve --demo`, the other sides played by their own accounts on the server:
the same outcomes as in the embedded mode (CR-1, CT-1, ES-4, PA-4, PA-7)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from pel_tui.backend import Engine, Marketplace
from tests.conftest import OFFER_MSG, run_cli
from tests.sync.conftest import Server

pytestmark = pytest.mark.usefixtures("memory_keyring")


@pytest.fixture
def password() -> Iterator[None]:
    os.environ["PEL_PASSWORD"] = "demo"
    yield
    del os.environ["PEL_PASSWORD"]


def pel(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    code, out, err = run_cli(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out) if out.strip() else {}


def side(capsys: pytest.CaptureFixture[str], server: Server, user: str, *argv: str) -> dict[str, object]:
    """A platform verb, played on the server by the account of that side."""
    code, out, err = run_cli(capsys, "platform", "--server", server.url, "--user", user, *argv, "--json")
    assert code == 0, err
    return json.loads(out) if out.strip() else {}


@pytest.mark.usefixtures("password")
def test_cr_1_ct_1_es_4_pa_7_the_providers_day_on_a_linked_store(
        server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "device" / "store.sqlite")
    code, _, err = run_cli(capsys, "login", server.url, "--user", "camille-dev", "--store", store)
    assert code == 0, err
    s = ("--store", store)

    # The client posts a project on the server; the provider finds it after a sync.
    pid = int(side(capsys, server, "client", "post", "--title", "Site pour une brasserie de zythologie",
                   "--summary", "Une brasserie artisanale cherche un site vitrine.",
                   "--budget-min", "1000", "--budget-max", "2000")["project_id"])
    pel(capsys, "sync", *s)
    found = pel(capsys, "projects", "zythologie", *s)
    assert [p["id"] for p in found] == [pid]  # type: ignore[index, union-attr]

    # Consult, offer, edit the offer (no second credit): done here at once, then sent.
    before = pel(capsys, "credits", *s)["balances"]
    assert pel(capsys, "consult", str(pid), *s)["spent"] is True
    pel(capsys, "offer", str(pid), "--amount", "1500", "--days", "20", "--message", OFFER_MSG, *s)
    edit = pel(capsys, "offer", str(pid), "--amount", "1400", "--days", "18", "--message", OFFER_MSG, *s)
    assert edit["spent"] is False and edit["version"] == 2
    sent = pel(capsys, "sync", *s)
    assert (sent["pushed"], sent["applied"], sent["refused"]) == (3, 3, 0)
    after = pel(capsys, "credits", *s)["balances"]
    assert after["consultation"] == before["consultation"] - 1 and after["offer"] == before["offer"] - 1  # type: ignore[index]

    # The client reads the offers and selects the provider in R0; the provider confirms.
    side(capsys, server, "client", "read-offers", str(pid))
    side(capsys, server, "client", "select", str(pid), "--provider", "camille-dev", "--formula", "r0")
    pel(capsys, "sync", *s)
    kinds = [n["kind"] for n in pel(capsys, "notifications", *s)]  # type: ignore[union-attr]
    assert "selected" in kinds and "terms_to_confirm" in kinds
    pel(capsys, "confirm", str(pid), *s)
    pel(capsys, "sync", *s)
    side(capsys, server, "client", "pay-commission", str(pid))

    # The deposit, the deliverable, the release; ES-4 holds on the device as on the server.
    side(capsys, server, "client", "deposit", str(pid), "1400")
    pel(capsys, "sync", *s)
    escrow = pel(capsys, "escrow", str(pid), *s)
    assert escrow["deposited_cents"] == 140_000 and escrow["held_cents"] == 140_000
    pel(capsys, "deliver", str(pid), "--note", "Le site est en ligne", *s)
    pel(capsys, "sync", *s)
    side(capsys, server, "client", "release", str(pid), "1400")
    pel(capsys, "sync", *s)
    escrow = pel(capsys, "escrow", str(pid), *s)
    assert escrow["released_cents"] == 140_000 and escrow["available_cents"] == 140_000

    # A generated invoice (its number taken on the server), a payment request carrying the PDF.
    invoice = pel(capsys, "invoice", str(pid), "--amount", "1400", "-o", str(tmp_path), *s)
    assert str(invoice["number"]).startswith("F-")
    pel(capsys, "sync", *s)
    pel(capsys, "pay", str(pid), "--amount", "1400", "--invoice", str(invoice["path"]), *s)
    sent = pel(capsys, "sync", *s)
    assert sent["refused"] == 0
    request = pel(capsys, "payments", *s)["requests"][0]  # type: ignore[index]
    assert request["state"] == "submitted" and request["invoice_number"] == invoice["number"]  # type: ignore[index]

    # Accounting validates it; 6 days later (the demo's clock) it is paid.
    side(capsys, server, "accounting", "validate-payment", str(request["id"]))  # type: ignore[index]
    side(capsys, server, "clock", "advance", "6")
    pel(capsys, "sync", *s)
    paid = pel(capsys, "payments", *s)["requests"][0]  # type: ignore[index]
    assert paid["state"] == "paid"  # type: ignore[index]

    # The device's mirror holds what the server holds.
    mine = Marketplace.for_user(Engine.open(Path(store)))
    there = Marketplace.for_user(Engine.open(server.store))
    assert mine.escrow(pid).figures == there.escrow(pid).figures
    assert mine.credits().balances == there.credits().balances
    assert [(r.state, r.amount_cents) for r in mine.payments().requests] == [
        (r.state, r.amount_cents) for r in there.payments().requests]
