"""Start-up and wiring shared by the application and the command line: the store, the settings.

`run_app` reads the first page of projects before Textual starts and imports pydantic only when
a `config.toml` exists; `open_store` is the one way both open the store (a demo marketplace on a
first start). The `pel` entry point is `pel_tui.__main__`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pel_tui.backend import Engine

#: The demo marketplace made on a first start (and by `pel demo` without --projects).
DEFAULT_DEMO_PROJECTS = 5_000


def open_store(store: str | None, *, create: bool = True) -> tuple[Path, Engine]:
    """The chosen store, caught up; on a first start (`create`), a demo marketplace, said on stderr."""
    from pel_tui.backend import Engine
    from pel_tui.locations import store_path

    path = store_path(store)
    if create and not path.exists():
        from pel_tui.backend.demo import create_demo_store

        print(f"pel: no store yet: creating a demo marketplace in {path}…", file=sys.stderr)
        result = create_demo_store(path, projects=DEFAULT_DEMO_PROJECTS)
        print(f"pel: created a demo marketplace ({result.projects:,} projects) in {path}", file=sys.stderr)
    engine = Engine.open(path)
    engine.catch_up()
    return path, engine


def run_app(store: str | None = None) -> int:
    """The Textual application on the chosen store (a demo marketplace on a first start)."""
    from local_store import StoreError
    from pel_tui.backend import Marketplace, PelError
    from pel_tui.locations import config_path

    try:
        _, engine = open_store(store)
        mp = Marketplace.for_user(engine)  # fails here, with a message, if the store has no provider
        config = None
        if config_path().exists():
            from pel_tui.config import ConfigError, load_config

            try:
                config = load_config()
            except ConfigError as e:
                print(f"pel: your settings are ignored: {e}", file=sys.stderr)
        from pel_tui.filters import opening

        first = opening(mp, config.saved_filters if config else ())
    except PelError as e:
        print(f"pel: {e}", file=sys.stderr)
        return e.exit_code
    except StoreError as e:
        print(f"pel: {e}", file=sys.stderr)
        return 3
    from pel_tui.app import PelApp

    PelApp(engine, config=config, opening=first).run()
    return 0


