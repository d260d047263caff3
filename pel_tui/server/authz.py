"""Who may send which command, on whose behalf (OWASP API1 and API5).

A provider sends the provider's verbs, as themselves (never naming another provider). A client
sends the clients' verbs on their own projects only (another's project is 404: it is not theirs
to know of). Moderation, the SMA, the SCP and accounting send theirs. The clock and the
simulation of other parties exist only on a demo server (`pel serve --demo`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import msgspec

from pel_tui.backend import rows
from pel_tui.backend.commands.base import Command
from pel_tui.backend.context import Actor
from pel_tui.server.accounts import Account

#: On a demo server, who plays the commands no real party sends (another provider's offer, a bank).
DEMO_ROLES = {"clock": "clock", "simulation": "moderator"}


@dataclass
class Denied(Exception):
    status: int  # 403: not your role; 404: not yours (or no such thing)
    code: str


def actor_for(conn: sqlite3.Connection, account: Account, cmd: Command, *, demo: bool) -> tuple[Actor, Command]:
    """The actor a command runs as, and the command (a client's new project is theirs); or Denied."""
    role = cmd.ROLE
    if role in DEMO_ROLES:
        if not demo:
            raise Denied(404, "api.demo_only")
        if account.role != DEMO_ROLES[role]:
            raise Denied(403, "api.wrong_role")
        return Actor(role), cmd
    if account.role != role:
        raise Denied(403, "api.wrong_role")
    if role == "provider":
        pseudo = rows.scalar(conn, "SELECT pseudo FROM providers WHERE id = ?", (account.provider_id,))
        return Actor("provider", account.provider_id, pseudo), cmd
    if role == "client":
        client_id = getattr(cmd, "client_id", "absent")
        if client_id != "absent":  # a project posted: the caller's own
            if client_id not in (None, account.client_id):
                raise Denied(404, "api.not_yours")
            cmd = msgspec.structs.replace(cmd, client_id=account.client_id)  # type: ignore[call-arg]
        project_id = getattr(cmd, "project_id", None)
        if project_id is not None:
            owner = rows.scalar(conn, "SELECT client_id FROM projects WHERE id = ?", (project_id,))
            if owner != account.client_id:
                raise Denied(404, "api.not_yours")
    return Actor(role), cmd
