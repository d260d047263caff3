"""The server's API through httpx: every request bounded by timeouts, every failure a `SyncError`.

Timeouts: 5 s to connect, 30 s for a reply (a page of the feed, a batch), so nothing waits
longer than that on a server that does not answer.
"""

from __future__ import annotations

from typing import Any, TypeVar

import httpx
import msgspec

from pel_tui.protocol import PREFIX, VERSION, Login, Me, Page, Problem, Push, PushResult, Session
from pel_tui.sync.errors import SyncError

TIMEOUT = httpx.Timeout(30.0, connect=5.0)
T = TypeVar("T")


class Api:
    def __init__(self, server: str, token: str | None = None, *, timeout: httpx.Timeout = TIMEOUT,
                 keepalive: bool = True) -> None:
        self.server = server.rstrip("/")
        headers = {"pel-protocol": str(VERSION), "user-agent": "pel-tui"}
        if token:
            headers["authorization"] = f"Bearer {token}"
        limits = httpx.Limits() if keepalive else httpx.Limits(max_keepalive_connections=0)
        self.http = httpx.Client(base_url=self.server + PREFIX, headers=headers, timeout=timeout, limits=limits)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Api:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _call(self, method: str, path: str, kind: type[T] | None, **kw: Any) -> T | None:
        try:
            r = self.http.request(method, path, **kw)
        except httpx.TimeoutException:
            raise SyncError("sync.timeout", server=self.server) from None
        except httpx.TransportError as e:
            raise SyncError("sync.offline", server=self.server, detail=type(e).__name__) from None
        if r.status_code >= 400:
            raise _failure(self.server, r)
        if kind is None:
            return None
        try:
            return msgspec.json.decode(r.content, type=kind)
        except (msgspec.ValidationError, msgspec.DecodeError):
            raise SyncError("sync.server_error", server=self.server, status=r.status_code) from None

    def login(self, login: str, password: str, device: str) -> Session:
        body = msgspec.json.encode(Login(login=login, password=password, device=device))
        got = self._call("POST", "/login", Session, content=body, headers={"content-type": "application/json"})
        assert got is not None
        return got

    def logout(self) -> None:
        self._call("POST", "/logout", None)

    def me(self) -> Me:
        got = self._call("GET", "/me", Me)
        assert got is not None
        return got

    def put_blob(self, sha: str, data: bytes) -> None:
        self._call("PUT", f"/blobs/{sha}", None, content=data)

    def push(self, batch: Push) -> PushResult:
        got = self._call("POST", "/push", PushResult, content=msgspec.json.encode(batch),
                         headers={"content-type": "application/json"})
        assert got is not None
        return got

    def pull(self, cursor: str, epoch: str, limit: int | None = None) -> Page:
        params: dict[str, Any] = {"cursor": cursor, "epoch": epoch}
        if limit:
            params["limit"] = limit
        got = self._call("GET", "/pull", Page, params=params)
        assert got is not None
        return got

    def project(self, project_id: int) -> Page:
        """PR-5: a project the mirror does not hold (closed, never touched), by id."""
        got = self._call("GET", f"/projects/{project_id}", Page)
        assert got is not None
        return got

    def advance(self, days: float) -> dict[str, Any]:
        got = self._call("POST", "/clock/advance", dict, json={"days": days})
        assert got is not None
        return got


def _failure(server: str, r: httpx.Response) -> SyncError:
    try:
        p = msgspec.json.decode(r.content, type=Problem)
    except (msgspec.ValidationError, msgspec.DecodeError):
        p = Problem(code=f"http.{r.status_code}", message=r.reason_phrase)
    if r.status_code == 401:
        return SyncError("sync.bad_login" if p.code == "api.bad_login" else "sync.unauthorized", server=server)
    if r.status_code == 426:
        return SyncError("sync.too_old", server=server)
    if r.status_code >= 500:
        return SyncError("sync.server_error", server=server, status=r.status_code)
    if r.status_code == 403:
        return SyncError("sync.wrong_role", server=server, problem=p.code)
    return SyncError("sync.refused", server=server, status=r.status_code, problem=p.code, message=p.message,
                     params=p.params)
