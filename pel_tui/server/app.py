"""The server's HTTP API (`/v1`): Starlette routes over one engine, behind one lock.

Writes (login, push, the demo clock) go through the engine one at a time; a pull reads on a
connection of its own, in one snapshot, so a long first sync never holds the others up. Every
error is a `Problem` (a code, a sentence, the values) with its HTTP status; a refusal by the rules
is not an error but an outcome.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import msgspec
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from pel_tui.backend import files
from pel_tui.backend.engine import Engine
from pel_tui.backend.errors import PelError
from pel_tui.protocol import (
    PREFIX,
    VERSION,
    Advance,
    Login,
    Me,
    Page,
    Problem,
    Push,
    PushResult,
    Session,
    schema,
)
from pel_tui.server import accounts, feed
from pel_tui.server import schema as server_schema
from pel_tui.server.accounts import Account
from pel_tui.server.authz import Denied
from pel_tui.server.push import push

MAX_BODY = 12 * 1024 * 1024
MAX_BLOB = 10 * 1024 * 1024
CATCH_UP_SECONDS = 30.0

_json = msgspec.json.Encoder()


def reply(body: msgspec.Struct | dict[str, Any], status: int = 200) -> Response:
    return Response(_json.encode(body), status_code=status, media_type="application/json")


def problem(status: int, code: str, message: str, **params: Any) -> Response:
    return reply(Problem(code=code, message=message, params=params), status)


class Server:
    """The engine, its lock, the feed's epoch, and whether this is a demo."""

    def __init__(self, engine: Engine, *, demo: bool) -> None:
        self.engine = engine
        self.demo = demo
        self.lock = threading.Lock()
        assert engine.store.path is not None, "a server keeps its store on disk"
        self.path: Path = engine.store.path
        with engine.store.write() as conn:
            self.epoch = server_schema.install(conn)
        engine.store.on_begin.append(_number_transaction)

    def reader(self) -> sqlite3.Connection:
        conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 10000")
        return conn

    def uploads(self, account: Account) -> Path:
        return self.path.parent / "files" / ".uploads" / str(account.id)


def _number_transaction(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO sync_txn DEFAULT VALUES")


def _decode(request_body: bytes, kind: type[Any]) -> Any:
    return msgspec.json.decode(request_body, type=kind)


def create_app(server: Server) -> Starlette:
    engine = server.engine

    def authed(request: Request) -> Account | Response:
        if (request.headers.get("pel-protocol") or str(VERSION)) != str(VERSION):
            return problem(426, "api.client_too_old", "this server speaks protocol version 1: update pel-tui",
                           version=VERSION)
        header = request.headers.get("authorization", "")
        if not header.startswith("Bearer "):
            return problem(401, "api.no_token", "log in first (pel login)")
        with server.lock:
            account = accounts.for_token(engine.conn, header[7:], engine.now())
        if account is None:
            return problem(401, "api.bad_token", "the token is unknown, expired or revoked: log in again")
        return account

    def endpoint(fn: Callable[[Request, Account], Response]) -> Callable[[Request], Any]:
        async def run(request: Request) -> Response:
            account = authed(request)
            if isinstance(account, Response):
                return account
            body = await request.body()
            if len(body) > MAX_BODY:
                return problem(413, "api.too_large", "the request is too large")
            request.state.body = body
            try:
                return await _threaded(fn, request, account)
            except Denied as d:
                text = {403: "your account may not do this", 404: "not found", 413: "the batch is too large"}
                return problem(d.status, d.code, text.get(d.status, "refused"))
            except msgspec.ValidationError as e:
                return problem(400, "api.malformed", f"malformed request: {e}")
            except msgspec.DecodeError as e:
                return problem(400, "api.malformed", f"malformed request: {e}")
        return run

    async def login(request: Request) -> Response:
        try:
            body = _decode(await request.body(), Login)
        except (msgspec.ValidationError, msgspec.DecodeError) as e:
            return problem(400, "api.malformed", f"malformed request: {e}")

        def work() -> Response:
            reader = server.reader()  # scrypt takes its time: not on the engine's connection, not in the lock
            try:
                account = accounts.login(reader, body.login, body.password)
            finally:
                reader.close()
            if account is None:
                return problem(401, "api.bad_login", "wrong login or password")
            with server.lock, engine.store.write() as conn:
                now = engine.now()
                token, expires = accounts.issue_token(conn, account.id, body.device, now)
            return reply(Session(token=token, account=account.login, role=account.role, expires_at=expires,
                                 server_time=now, pseudo=_pseudo(account), provider_id=account.provider_id))
        return await _threaded(lambda _r, _a: work(), request, None)

    def _pseudo(account: Account) -> str | None:
        if account.provider_id is None:
            return None
        row = engine.conn.execute("SELECT pseudo FROM providers WHERE id = ?", (account.provider_id,)).fetchone()
        return None if row is None else str(row[0])

    def logout(request: Request, account: Account) -> Response:
        with server.lock, engine.store.write() as conn:
            accounts.revoke(conn, request.headers["authorization"][7:], engine.now())
        return Response(status_code=204)

    def me(request: Request, account: Account) -> Response:
        return reply(Me(account=account.login, role=account.role, server_time=engine.now(),
                        pseudo=_pseudo(account), demo=server.demo))

    def put_blob(request: Request, account: Account) -> Response:
        sha = request.path_params["sha"]
        if account.role != "provider":
            raise Denied(403, "api.wrong_role")
        data: bytes = request.state.body
        if len(data) > MAX_BLOB or files.sha256(data) != sha:
            return problem(400, "api.bad_blob", "the file does not match its SHA-256, or is too large")
        folder = server.uploads(account)
        from pel_tui.backend.atomic import write_atomic

        write_atomic(folder / sha, data)
        return Response(status_code=204)

    def do_push(request: Request, account: Account) -> Response:
        batch = _decode(request.state.body, Push)
        blobs: dict[str, bytes] = {}
        folder = server.uploads(account)
        for wc in batch.commands:
            for sha in wc.blobs:
                try:
                    blobs[sha] = (folder / sha).read_bytes()
                except OSError:
                    return problem(409, "api.blob_missing", "upload the command's files first", sha256=sha)
        with server.lock:
            outcomes = push(engine, account, batch, demo=server.demo, blobs=blobs)
        return reply(PushResult(outcomes=outcomes, server_time=engine.now()))

    def pull(request: Request, account: Account) -> Response:
        if account.role != "provider" or account.provider_id is None:
            raise Denied(403, "api.wrong_role")
        cursor = request.query_params.get("cursor", "")
        epoch = request.query_params.get("epoch") or server.epoch  # none yet: a first sync
        limit = min(int(request.query_params.get("limit", feed.PAGE_ROWS) or feed.PAGE_ROWS), 20_000)
        conn = server.reader()
        try:
            conn.execute("BEGIN")
            try:
                if epoch != server.epoch:
                    raise feed.BadCursor("another epoch")
                page = feed.pull(conn, account.provider_id, cursor, server.epoch, now=engine.now(), limit=limit)
            except feed.BadCursor:
                page = Page(epoch=server.epoch, cursor="", tables=[], outcomes=[], more=True,
                            server_time=engine.now(), must_refetch=True)
            conn.execute("COMMIT")
        finally:
            conn.close()
        return reply(page)

    def get_project(request: Request, account: Account) -> Response:
        if account.role != "provider" or account.provider_id is None:
            raise Denied(403, "api.wrong_role")
        conn = server.reader()
        try:
            page = feed.project(conn, account.provider_id, int(request.path_params["id"]), server.epoch,
                                now=engine.now())
        finally:
            conn.close()
        if not page.tables:
            raise Denied(404, "api.not_found")
        return reply(page)

    def advance(request: Request, account: Account) -> Response:
        if not server.demo:
            raise Denied(404, "api.demo_only")
        if account.role != "clock":
            raise Denied(403, "api.wrong_role")
        body = _decode(request.state.body, Advance)
        from pel_tui.backend.platform import Platform

        with server.lock:
            try:
                done = Platform(engine).advance(body.days)
            except PelError as e:
                from pel_tui.i18n.refusals import render
                from pel_tui.i18n.voice import CliVoice

                return problem(400, e.code, render(e, CliVoice()), **e.params)
        return reply(dict(done))

    async def get_schema(request: Request) -> Response:
        return reply(schema())

    routes = [
        Route(f"{PREFIX}/login", login, methods=["POST"]),
        Route(f"{PREFIX}/logout", endpoint(logout), methods=["POST"]),
        Route(f"{PREFIX}/me", endpoint(me), methods=["GET"]),
        Route(f"{PREFIX}/blobs/{{sha:str}}", endpoint(put_blob), methods=["PUT"]),
        Route(f"{PREFIX}/push", endpoint(do_push), methods=["POST"]),
        Route(f"{PREFIX}/pull", endpoint(pull), methods=["GET"]),
        Route(f"{PREFIX}/projects/{{id:int}}", endpoint(get_project), methods=["GET"]),
        Route(f"{PREFIX}/clock/advance", endpoint(advance), methods=["POST"]),
        Route(f"{PREFIX}/schema", get_schema, methods=["GET"]),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        stop = threading.Event()

        def tick() -> None:  # the server's clock moves by itself: rules come due without a command
            while not stop.wait(CATCH_UP_SECONDS):
                with contextlib.suppress(Exception), server.lock:
                    engine.catch_up()

        thread = threading.Thread(target=tick, name="catch-up", daemon=True)
        thread.start()
        yield
        stop.set()

    async def not_found(request: Request, exc: Exception) -> Response:
        return problem(404, "api.not_found", "not found")

    return Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(GZipMiddleware, minimum_size=2048, compresslevel=1)],
                     exception_handlers={404: not_found, 405: not_found})


async def _threaded(fn: Callable[[Request, Any], Response], request: Request, account: Any) -> Response:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(fn, request, account)

