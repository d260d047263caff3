"""Start-up and wiring shared by the application and the command line: the store, the settings.

`run_app` reads the first page of projects before Textual starts and imports pydantic only when
a `config.toml` exists; `open_store` is the one way both open the store (a demo marketplace on a
first start). The `pel` entry point is `pel_tui.__main__`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pel_tui.backend import Engine

#: The demo marketplace made on a first start (and by `pel demo` without --projects).
DEFAULT_DEMO_PROJECTS = 5_000


def open_store(store: str | None, *, create: bool = True, catch_up: bool = True) -> tuple[Path, Engine]:
    """The chosen store, caught up (unless `catch_up` is False: the application catches up once its first
    frame is shown); on a first start (`create`), a demo marketplace, said on stderr.

    No folder is made but the user data directory (by `store_path`): a path in a folder that does
    not exist is refused (`StoreMissing`), with the command that makes a store there. A storage
    fault is a `StoreError` (`local_store.connection`), whose exit code the caller returns.
    """
    from local_store.connection import StoreMissing, check_new
    from pel_tui.backend import Engine
    from pel_tui.locations import make_store_private, store_path

    path = store_path(store)
    if not path.exists():
        problem = check_new(path) or (None if create else StoreMissing(path))
        if problem is not None:
            raise problem
        from pel_tui.backend.demo import create_demo_store
        from pel_tui.i18n import _, formats, ngettext

        tell(_("no store yet: creating a demo marketplace in {path}…").format(path=path))
        result = create_demo_store(path, projects=DEFAULT_DEMO_PROJECTS)
        tell(ngettext("created a demo marketplace ({n} project) in {path}",
                      "created a demo marketplace ({n} projects) in {path}", result.projects).format(
            n=formats.number(result.projects), path=path))
    if not store and not os.environ.get("PEL_STORE"):
        make_store_private(path)  # the user data directory's, perhaps from an older pel-tui: its user's only
    engine = Engine.open(path)
    if catch_up:
        engine.catch_up()
    return path, engine


def tell(message: str) -> None:
    """A message on standard error, after the program's name (`pel: ...`), as the command line says them."""
    from pel_tui.i18n import _

    print(_("pel: {message}").format(message=message), file=sys.stderr)


def store_error(e: BaseException, path: str | Path | None = None) -> tuple[str, int] | None:
    """A storage fault's message and exit code (`StoreError`, or what SQLite raised on `path`); None if none."""
    from local_store.connection import StoreError

    fault = StoreError.of(e, path)
    if fault is None:
        return None
    return str(fault), fault.exit_code


def run_app(store: str | None = None) -> int:
    """The Textual application on the chosen store (a demo marketplace on a first start)."""
    from local_store.connection import StoreError
    from pel_tui.backend import Marketplace, PelError
    from pel_tui.i18n import _
    from pel_tui.locations import config_path, store_path

    where: Path | None = None
    notes: list[str] = []
    try:
        if not store_path(store).exists():
            notes.append("demo")
        # The time-based rules run once the first frame is up (`PelApp`): importing them all costs the first
        # paint about 40 ms, and every command applies what is due before it runs anyway.
        where, engine = open_store(store, catch_up=False)
        mp = Marketplace.for_user(engine)  # fails here, with a message, if the store has no provider
        config = None
        if config_path().exists():
            from pel_tui.config import ConfigError, load_config

            try:
                config = load_config()
            except ConfigError as e:  # said inside the app: the alternate screen would cover the terminal
                notes.append(_("Your settings are ignored (the defaults are used): {error}").format(error=e))
        from pel_tui.filters import opening

        first = opening(mp, config.saved_filters if config else ())
        if not (sys.stdin.isatty() and sys.stdout.isatty()):  # `pel > out.txt`, `pel < /dev/null`: no screen
            tell(_("the application needs a terminal (standard input and output are not one). "
                   "`pel summary` prints where you stand as text; `pel --help` lists every command."))
            return 2
        from pel_tui.app import PelApp

        app = PelApp(engine, config=config, opening=first)  # it reads the unread count: a fault is said here too
    except PelError as e:  # a store without an account...: in words, naming the commands that help
        from pel_tui.i18n.refusals import render
        from pel_tui.i18n.voice import CliVoice

        tell(render(e, CliVoice()))
        return e.exit_code
    except (StoreError, StoreError.RAW) as e:  # a full disk, a damaged or locked store...: its message
        said = store_error(e, where)
        if said is None:
            raise
        tell(said[0])
        return said[1]
    for note in notes:
        if note == "demo":  # a first start: whose marketplace this is, said in the app
            app.welcome = True
        else:
            app.startup_notes.append(note)
    app.run()
    return 0


