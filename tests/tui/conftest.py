"""A fixed demo store for the screens: built once per session, copied for each test."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from local_store import Store
from pel_tui.backend import Engine, FixedClock
from pel_tui.backend.demo import build_demo

#: The demo's "now": every screen shows the same dates in every run.
T_DEMO = int(datetime(2026, 11, 20, 9, 0, tzinfo=UTC).timestamp())
DEMO_PROJECTS = 1_000


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "store.sqlite"
    store = Store.open(path)
    build_demo(store, projects=DEMO_PROJECTS, seed=7, clock=FixedClock(T_DEMO))
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path.parent


@pytest.fixture
def demo_engine(demo_template: Path, tmp_path: Path) -> Engine:
    """A private copy of the demo store (and its files) on a clock stopped at T_DEMO."""
    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    engine = Engine(Store.open(target / "store.sqlite"), FixedClock(T_DEMO))
    yield engine
    engine.store.close()


@pytest.fixture
def app(demo_engine: Engine):  # type: ignore[no-untyped-def]
    from pel_tui.app import PelApp

    return PelApp(demo_engine)
