"""Every operation of the API × every caller: no unauthorised 2xx, and no change to the server's store.

The matrix is written out below (`ROUTES`, `COMMAND_ROLES`); a completeness test fails when the
server gains a route or the engine a command without its line here.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import msgspec

from local_store.synced import SYNCED_TABLES
from pel_tui.backend import registry
from pel_tui.server.accounts import token_hash
from tests.sync.conftest import Server, login

CALLERS = ("camille-dev", "rival", "client", "moderator", "sma", "scp", "accounting", "clock")
BAD = ("no token", "expired", "revoked", "garbage")

#: route → the callers for whom it succeeds (a 2xx); every other caller must get a 4xx.
ROUTES: dict[tuple[str, str], set[str]] = {
    ("GET", "/v1/me"): set(CALLERS),
    ("GET", "/v1/pull"): {"camille-dev", "rival"},
    ("GET", "/v1/projects/{id}"): {"camille-dev", "rival"},
    ("PUT", "/v1/blobs/{sha}"): {"camille-dev", "rival"},
    ("POST", "/v1/push"): set(CALLERS),  # an empty batch; each command is checked below
    ("POST", "/v1/clock/advance"): {"clock"},
    ("POST", "/v1/logout"): set(CALLERS),
}
PUBLIC = {("POST", "/v1/login"), ("GET", "/v1/schema")}

#: command → the role that sends it (a demo server's `simulation` is played by moderation).
COMMAND_ROLES: dict[str, str] = {
    "account.delete": "provider", "account.register": "simulation", "account.set_preferences": "provider",
    "client.add": "simulation", "clock.advance": "clock", "contact.reveal": "provider",
    "contract.amend": "client", "contract.confirm": "provider", "contract.decline": "provider",
    "contract.pay_commission": "client", "credits.grant": "accounting", "credits.import_debit": "simulation",
    "escrow.accept_settlement": "provider", "escrow.agree_refund": "provider",
    "escrow.client_accept_settlement": "client", "escrow.client_dispute": "client",
    "escrow.client_withdraw_dispute": "client", "escrow.confirm_finalized": "client",
    "escrow.declare_finalized": "provider", "escrow.deliver": "provider", "escrow.deposit": "client",
    "escrow.object_finalized": "client", "escrow.open_dispute": "provider", "escrow.rate_client": "provider",
    "escrow.rate_provider": "client", "escrow.release": "client", "escrow.request_changes": "client",
    "escrow.set_tranches": "client", "escrow.sma_decide": "sma", "escrow.sma_propose": "sma",
    "escrow.start_tranche": "provider", "escrow.withdraw_dispute": "provider", "invoice.generate": "provider",
    "message.answer": "client", "notifications.mark_read": "provider", "offer.competitor": "simulation",
    "offer.make": "provider", "offer.withdraw": "provider", "offers.read": "client",
    "payment.reject": "accounting", "payment.request": "provider", "payment.validate": "accounting",
    "payment_method.set_declined": "simulation", "portfolio.add": "provider", "portfolio.remove": "provider",
    "progress.report": "provider",
    "profile.rename_pseudo": "provider", "profile.set_legal_identity": "provider",
    "profile.set_photo": "provider", "profile.update": "provider", "project.ask": "provider",
    "project.cancel": "client", "project.consult": "provider", "project.hide": "provider",
    "project.post": "client", "project.remove": "moderator", "project.report_stale": "provider",
    "project.unhide": "provider", "reference.add": "provider", "reference.confirm": "scp",
    "reference.refuse": "scp", "reference.resend": "provider", "referral.check": "scp",
    "referral.submit": "provider", "selection.select": "client", "stale.answer": "client",
    "subscription.cancel": "provider", "subscription.resume": "provider", "subscription.settle": "provider",
    "subscription.subscribe": "provider", "subscription.suspend": "provider",
    "subscription.change_plan": "provider", "subscription.keep_plan": "provider",
}
SENDER = {"provider": {"camille-dev", "rival"}, "client": {"client"}, "moderator": {"moderator"},
          "sma": {"sma"}, "scp": {"scp"}, "accounting": {"accounting"}, "clock": {"clock"},
          "simulation": {"moderator"}}


def digest(server: Server) -> str:
    """Every synced table and every outcome of the server's store, as one hash."""
    h = hashlib.sha256()
    with sqlite3.connect(f"file:{server.store}?mode=ro", uri=True) as c:
        for table, key in SYNCED_TABLES:
            for row in c.execute(f"SELECT * FROM {table} ORDER BY {', '.join(key)}"):
                h.update(repr(row).encode())
        for row in c.execute("SELECT * FROM outcomes ORDER BY account_id, command_id"):
            h.update(repr(row).encode())
    return h.hexdigest()


def account(server: Server, caller: str) -> str:
    """The login of a caller: `rival` is the demo's other provider account, the others are as named."""
    if caller != "rival":
        return caller
    with sqlite3.connect(f"file:{server.store}?mode=ro", uri=True) as c:
        return str(c.execute("SELECT login FROM accounts WHERE role = 'provider' AND login <> 'camille-dev' "
                             "ORDER BY id LIMIT 1").fetchone()[0])


def tokens(server: Server) -> dict[str, str | None]:
    out: dict[str, str | None] = {who: login(server, account(server, who)) for who in CALLERS}
    expired, revoked = login(server, "camille-dev"), login(server, "camille-dev")
    with sqlite3.connect(server.store) as c:
        c.execute("UPDATE tokens SET expires_at = 0 WHERE token_hash = ?", (token_hash(expired),))
    httpx.post(server.url + "/v1/logout", headers={"authorization": f"Bearer {revoked}"})
    out.update({"no token": None, "expired": expired, "revoked": revoked, "garbage": "pel_not-a-token"})
    return out


def call(server: Server, method: str, path: str, token: str | None) -> httpx.Response:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body: Any = None
    if path == "/v1/push":
        body = {"device": "t", "commands": []}
    elif path == "/v1/clock/advance":
        body = {"days": 1}
    if path.startswith("/v1/blobs/"):
        data = b"%PDF-1.4 test"
        return httpx.put(server.url + f"/v1/blobs/{hashlib.sha256(data).hexdigest()}", content=data,
                         headers=headers)
    return httpx.request(method, server.url + path, json=body, headers=headers)


def test_every_route_has_its_line_in_the_matrix(tmp_path: Path) -> None:
    from pel_tui.backend.engine import Engine
    from pel_tui.server.app import Server as App
    from pel_tui.server.app import create_app

    app = create_app(App(Engine.open(tmp_path / "s.sqlite"), demo=True))
    found = {(method, route.path.replace("{sha:str}", "{sha}").replace("{id:int}", "{id}"))
             for route in app.routes for method in (route.methods or ()) if method != "HEAD"}  # type: ignore[attr-defined]
    assert found == set(ROUTES) | PUBLIC


def test_every_command_has_its_line_in_the_matrix() -> None:
    assert {name: t.ROLE for name, t in registry.BY_NAME.items()} == COMMAND_ROLES


def test_no_route_answers_2xx_to_a_caller_it_is_not_for_and_nothing_changes(server: Server) -> None:
    keys = tokens(server)
    with sqlite3.connect(f"file:{server.store}?mode=ro", uri=True) as c:
        project = c.execute("SELECT id FROM projects LIMIT 1").fetchone()[0]
    before = digest(server)
    for (method, path), allowed in ROUTES.items():
        if path == "/v1/logout":
            continue  # checked last: it ends the session
        for who in CALLERS + BAD:
            if who in allowed and path in ("/v1/clock/advance", "/v1/blobs/{sha}"):
                continue  # a 2xx that changes things: seen once, after the refusals
            r = call(server, method, path.replace("{sha}", "x").replace("{id}", str(project)), keys[who])
            ok = who in allowed
            assert (200 <= r.status_code < 300) == ok, (method, path, who, r.status_code, r.text[:200])
            if not ok:
                assert r.status_code in (401, 403, 404), (method, path, who, r.status_code)
    assert digest(server) == before  # nothing refused changed anything
    assert call(server, "POST", "/v1/clock/advance", keys["clock"]).status_code == 200
    for who in BAD:
        assert call(server, "POST", "/v1/logout", keys[who]).status_code == 401


def _sample(cmd_type: type[Any], project_id: int) -> dict[str, Any]:
    """Arguments of the right types (what they say matters little: authorization comes first)."""
    args: dict[str, Any] = {}
    for field in msgspec.structs.fields(cmd_type):
        if field.default is not msgspec.NODEFAULT or field.default_factory is not msgspec.NODEFAULT:
            continue
        hint = str(field.type)
        if field.name == "project_id":
            args[field.name] = project_id
        elif "int" in hint and "list" not in hint:
            args[field.name] = 1
        elif "bool" in hint:
            args[field.name] = True
        elif "list" in hint:
            args[field.name] = [1] if "int" in hint else ["x"]
        elif "BlobRef" in hint:
            args[field.name] = {"sha256": "0" * 64, "name": "x.pdf", "size": 1}
        else:
            args[field.name] = "x" * 40
    return args


def test_every_command_is_refused_to_every_role_but_its_own_and_changes_nothing(server: Server) -> None:
    keys = tokens(server)
    with sqlite3.connect(f"file:{server.store}?mode=ro", uri=True) as c:
        pid = c.execute("SELECT p.id FROM projects p JOIN accounts a ON a.client_id = p.client_id "
                        "WHERE a.login = 'client' LIMIT 1").fetchone()[0]
    before = digest(server)
    for n, (name, cmd_type) in enumerate(sorted(registry.BY_NAME.items())):
        wire = {"command_id": f"m-{n}", "seq": n, "name": name, "version": cmd_type.VERSION,
                "args": _sample(cmd_type, pid), "blobs": []}
        for who in CALLERS + BAD:
            if who in SENDER[COMMAND_ROLES[name]]:
                continue  # its own role: the rules decide (an outcome, not a 4xx)
            headers = {"authorization": f"Bearer {keys[who]}"} if keys[who] else {}
            r = httpx.post(server.url + "/v1/push", json={"device": "t", "commands": [wire]}, headers=headers)
            assert r.status_code in (401, 403, 404), (name, who, r.status_code, r.text[:200])
    assert digest(server) == before


def test_another_providers_token_sees_none_of_the_providers_rows(server: Server) -> None:
    token = login(server, account(server, "rival"))
    rows, cursor, more = [], "", True
    while more:
        page = httpx.get(server.url + "/v1/pull", params={"cursor": cursor},
                         headers={"authorization": f"Bearer {token}"}).json()
        for chunk in page["tables"]:
            rows += [{"table": chunk["table"], "data": dict(zip(chunk["columns"], r, strict=True))}
                     for r in chunk["rows"]]
        cursor, more = page["cursor"], page["more"]
    with sqlite3.connect(f"file:{server.store}?mode=ro", uri=True) as c:
        me = c.execute("SELECT provider_id FROM accounts WHERE login = ?", (account(server, "rival"),)).fetchone()[0]
        camille = c.execute("SELECT provider_id FROM accounts WHERE login = 'camille-dev'").fetchone()[0]
    private = {"credit_entries", "credit_grants", "notifications", "contracts", "subscriptions", "payment_requests"}
    for row in rows:
        if row["table"] in private and row["data"] is not None:
            assert row["data"].get("provider_id") == me, row
        if row["table"] == "providers" and row["data"]["id"] == camille:
            assert row["data"]["email"] is None and row["data"]["siret"] is None  # a pseudo, nothing more
