"""Fixtures: a real store in tmp_path, a fixed clock, the provider's session and the platform."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from local_store import Store
from pel_tui.backend import Engine, FixedClock, Marketplace, Platform
from pel_tui.backend.errors import PelError
from pel_tui.backend.models import Notification
from pel_tui.backend.policy import DAY
from pel_tui.i18n.notices import render
from pel_tui.i18n.refusals import render as render_refusal
from pel_tui.i18n.voice import CliVoice

T0 = int(datetime(2026, 11, 2, 9, 0, tzinfo=UTC).timestamp())

# The tests read English (the catalogs' source language), in this process and in the `pel` they start;
# the French ones ask for French (`speak("fr")`), and the language comes back to English after each test.
os.environ["PEL_LANG"] = "en"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    from pel_tui.i18n import lang

    lang.use(lang.choose("en"))
    yield
    lang.use(lang.choose("en"))


def speak(language: str) -> None:
    """Use `language` from now on in this test (the `english` fixture restores English after it)."""
    from pel_tui.i18n import lang

    lang.use(lang.choose(language))

OFFER_MSG = "Je réalise ce projet en trois semaines, avec des tests et une documentation."


@dataclass
class World:
    """A small marketplace: the user `alice` (subscribed to pro), a rival `bob`, one client."""

    path: Path
    engine: Engine
    clock: FixedClock
    pl: Platform
    mp: Marketplace
    bob: Marketplace

    def post(self, title: str = "Développeur Django pour une API", **kw: object) -> int:
        args: dict[str, object] = {
            "summary": "Une société cherche un développeur Python expérimenté.",
            "description": "Une API REST pour gérer des réservations, avec tests.",
            "category": "Développement web", "budget_min_cents": 100_000,
            "budget_max_cents": 300_000,
        }
        args.update(kw)
        return int(self.pl.post(title, **args)["project_id"])  # type: ignore[arg-type]

    def days(self, n: float) -> None:
        self.engine.advance(int(n * DAY))

    def ledger_rows(self) -> int:
        return int(self.engine.conn.execute("SELECT count(*) FROM credit_entries").fetchone()[0])


def title(n: Notification) -> str:
    """A notification's title as the command line shows it."""
    return render(n, CliVoice())[0]


def body(n: Notification) -> str:
    """A notification's body as the command line shows it."""
    return render(n, CliVoice())[1]


def said(e: PelError) -> str:
    """A refusal as the command line says it."""
    return render_refusal(e, CliVoice())


@contextmanager
def refused(category: type[PelError], match: str | None = None) -> Iterator[pytest.ExceptionInfo[PelError]]:
    """Expect a refusal of `category` whose sentence, as the command line says it, matches `match`."""
    with pytest.raises(category) as err:
        yield err
    if match is not None:
        assert re.search(match, said(err.value)), (match, said(err.value))


def make_world(path: Path, t0: int = T0, subscribe: str | None = "pro") -> World:
    clock = FixedClock(t0)
    engine = Engine(Store.open(path), clock)
    pl = Platform(engine)
    pl.add_client("Sophie Client", "sophie@client.fr", "+33 6 12 34 56 78", "FR", "Lyon")
    me = int(pl.register_provider("alice", "Alice Martin", "FR", "alice@example.fr")["provider_id"])
    bob = int(pl.register_provider("bob", "Bob Dupont", "BE")["provider_id"])
    engine.store.set_meta("me", str(me))
    mp = Marketplace(engine, me)
    if subscribe:
        mp.subscribe(subscribe, mp.subscription_sentence(subscribe))
    return World(path, engine, clock, pl, mp, Marketplace(engine, bob))


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`pel ARGV` in process: (exit code, stdout, stderr)."""
    from pel_tui.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def world(tmp_path: Path) -> World:
    w = make_world(tmp_path / "store.sqlite")
    yield w
    w.engine.store.close()


def pytest_configure(config: pytest.Config) -> None:
    """One seed for the state machines of the whole run, shared with xdist's workers."""
    import os
    import random

    os.environ.setdefault("PEL_ESCROW_SEED", str(random.randrange(2**32)))


def pytest_report_header(config: pytest.Config) -> str:
    import os

    return (f"state machines: PEL_ESCROW_SEED={os.environ.get('PEL_ESCROW_SEED')} "
            f"PEL_ESCROW_EXAMPLES={os.environ.get('PEL_ESCROW_EXAMPLES', 'default')} "
            f"PEL_LEDGER_EXAMPLES={os.environ.get('PEL_LEDGER_EXAMPLES', 'default')}")
