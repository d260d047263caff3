"""What can go wrong talking to a server, as codes (the words are made at the edge, like refusals)."""

from __future__ import annotations

from typing import Any


class SyncError(Exception):
    """A sync that could not be done; nothing was lost (pending commands stay pending).

    Codes: `sync.offline` (no connection), `sync.timeout`, `sync.server_error` (5xx),
    `sync.unauthorized` (no token, expired, revoked), `sync.too_old` (this client's protocol),
    `sync.refused` (the server refused the request: `problem` says why), `sync.not_linked`,
    `sync.linked`, `sync.store_has_data`, `sync.no_keyring`, `sync.bad_login`, `sync.wrong_role`.
    """

    exit_code = 6

    def __init__(self, code: str, /, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code, params)

    def __str__(self) -> str:
        return f"{self.code} {self.params}"
