"""`pel serve --demo`: a demo marketplace on the server, with an account for each side to play.

Every account's password is `demo`. The provider `camille-dev` is the demo's own provider (the
one the embedded demo plays), with contracts in every state; `client` is the client of the
newest open projects; the other sides have one account each, and `clock` moves the demo's time.
"""

from __future__ import annotations

import sqlite3

from pel_tui.server import accounts

PASSWORD = "demo"
SIDES = ("moderator", "sma", "scp", "accounting", "clock")
#: The client account owns the newest projects, so that a scenario can be played on them.
CLIENT_PROJECTS = 40


def add_accounts(conn: sqlite3.Connection, now: int) -> list[tuple[str, str]]:
    """Create the demo's accounts (once); (login, role) of each."""
    if conn.execute("SELECT 1 FROM accounts LIMIT 1").fetchone():
        return [(a, r) for a, r in conn.execute("SELECT login, role FROM accounts ORDER BY id")]
    made = []
    me = conn.execute("SELECT value FROM meta WHERE key = 'me'").fetchone()
    providers = [int(me[0])] if me else []
    providers += [p for (p,) in conn.execute("SELECT id FROM providers WHERE id NOT IN (SELECT value FROM meta "
                                             "WHERE key = 'me') ORDER BY id LIMIT 2")]
    for pid in providers:
        (pseudo,) = conn.execute("SELECT pseudo FROM providers WHERE id = ?", (pid,)).fetchone()
        accounts.create(conn, pseudo, "provider", PASSWORD, now, provider_id=pid)
        made.append((pseudo, "provider"))
    client = conn.execute("SELECT id FROM clients ORDER BY id LIMIT 1").fetchone()
    if client is not None:
        conn.execute(
            "UPDATE projects SET client_id = ? WHERE id IN (SELECT id FROM projects WHERE status = 'open' "
            "ORDER BY id DESC LIMIT ?)", (client[0], CLIENT_PROJECTS),
        )
        accounts.create(conn, "client", "client", PASSWORD, now, client_id=client[0])
        made.append(("client", "client"))
    for role in SIDES:
        accounts.create(conn, role, role, PASSWORD, now)
        made.append((role, role))
    return made
