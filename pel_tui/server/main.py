"""`pel serve`: open (or make) the server's store and serve the API with uvicorn."""

from __future__ import annotations

import sys
from pathlib import Path

DEFAULT_PORT = 8700
DEMO_PROJECTS = 5_000


def serve(store: Path, *, host: str = "127.0.0.1", port: int = DEFAULT_PORT, demo: bool = False,
          demo_projects: int = DEMO_PROJECTS, quiet: bool = False) -> int:
    import uvicorn

    from pel_tui.backend.engine import Engine
    from pel_tui.server.app import Server, create_app

    fresh = not store.exists()
    if fresh and demo:
        from pel_tui.backend.demo import create_demo_store

        print(f"pel serve: creating a demo marketplace ({demo_projects:,} projects) in {store}…", file=sys.stderr)
        create_demo_store(store, projects=demo_projects)
    elif fresh:
        store.parent.mkdir(parents=True, exist_ok=True)
    engine = Engine.open(store)
    server = Server(engine, demo=demo)
    engine.catch_up()
    logins: list[tuple[str, str]] = []
    if demo:
        from pel_tui.server import demo as demo_accounts

        with engine.store.write() as conn:
            logins = demo_accounts.add_accounts(conn, engine.now())
    url = f"http://{host}:{port}"
    if not quiet:
        print(f"pel serve: {'demo ' if demo else ''}server on {url}, store {store}", file=sys.stderr)
        if logins:
            print("Log in as one of (password: demo):", file=sys.stderr)
            for login, role in logins:
                print(f"  {role:<10} pel login {url} --user {login}", file=sys.stderr)
    uvicorn.run(create_app(server), host=host, port=port, log_level="warning", access_log=False,
                timeout_graceful_shutdown=2)
    return 0
