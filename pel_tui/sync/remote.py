"""The platform's sides played against a server by a person holding a role account.

`RemotePlatform` is the platform façade whose commands go to the server instead of the local
engine: `pel platform --server URL --user client select 4321` builds the same typed command as
the embedded mode, pushes it, and prints the server's result, or its refusal in words.
"""

from __future__ import annotations

import secrets
from typing import Any

from pel_tui.backend.commands.base import Command, encode_args
from pel_tui.backend.errors import from_wire
from pel_tui.backend.platform import Platform
from pel_tui.protocol import Push, WireCommand
from pel_tui.sync.api import Api
from pel_tui.sync.errors import SyncError


class RemotePlatform(Platform):
    def __init__(self, api: Api, device: str = "pel-platform") -> None:  # no local engine
        self.api = api
        self.device = device

    def run(self, cmd: Command, command_id: str | None = None) -> Any:
        import json

        wire = WireCommand(command_id=command_id or secrets.token_hex(16), seq=1, name=cmd.NAME,
                           version=cmd.VERSION, args=json.loads(encode_args(cmd)))
        (outcome,) = self.api.push(Push(device=self.device, commands=[wire])).outcomes
        if outcome.status == "refused":
            raise from_wire(outcome.code or "", outcome.params)
        return outcome.result

    def advance(self, days: float) -> Any:
        return self.api.advance(days)

    def snapshot(self) -> dict[str, Any]:
        raise SyncError("sync.refused", server=self.api.server, status=404, problem="api.not_found",
                        message="not on a server", params={})
