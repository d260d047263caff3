"""The command line under hostile arguments: amounts, ids, days and texts a person might type, or
not. Every run ends in an answer (never a traceback), and a refused command changes nothing."""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import OFFER_MSG, World, make_world

EXAMPLES = int(os.environ.get("PEL_CLI_FUZZ_EXAMPLES", "150"))

#: What people type as an amount, and what they do not mean as one.
AMOUNTS = ["1500", "1500.50", "1 500,50", "1.500,50", "1’500,50", "0", "-1", "0,001", "1e2", "1e27",
           "nan", "inf", "-inf", "1e308", "٣٠٠", "１５００", "½", "1_000", "0x10", "12€", "€12", "", " ",
           "9" * 40, "1,5,5", "1..5", "+5", "5-", "١٢٣٫٤٥", "\u00a0500", "5\u202f000"]
IDS = ["1", "2", "0", "-1", "9223372036854775808", "99999999999999999999999", "1.5", "1e3", "#3", "x",
       "", "٣", "３", " 2 ", "0x2", "2\x00"]
DAYS = ["1", "0", "-1", "0.5", "1e9", "100000", "nan", "inf", "1e308", "", "٣", "30"]
TEXT = st.one_of(
    st.sampled_from(["", " ", "\x00", "\x1b[2J\x1b]0;pwned\x07", "\udcff\udcfe", "é" * 6000,
                     "Bonjour, je suis disponible.", OFFER_MSG, "'; DROP TABLE projects; --"]),
    st.text(alphabet=st.characters(codec=None), max_size=40),
)


def _amount() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(AMOUNTS), st.decimals(allow_nan=True).map(str),
                     st.integers(-10**30, 10**30).map(str), st.text(max_size=12))


def _id() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(IDS), st.integers(-2**70, 2**70).map(str), st.text(max_size=8))


def _days() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(DAYS), st.floats().map(str), st.integers(-10**12, 10**12).map(str))


COMMANDS = st.one_of(
    st.tuples(st.just("show"), _id()),
    st.tuples(st.just("consult"), _id()),
    st.tuples(st.just("hide"), _id()),
    st.tuples(st.just("contact"), _id()),
    st.tuples(st.just("withdraw"), _id()),
    st.tuples(st.just("stale"), _id()),
    st.tuples(st.just("ask"), _id(), TEXT),
    st.tuples(st.just("offer"), _id(), st.just("--amount"), _amount(), st.just("--days"), _days(),
              st.just("--message"), TEXT),
    st.tuples(st.just("progress"), _id(), TEXT),
    st.tuples(st.just("suspend"), _days()),
    st.tuples(st.just("projects"), st.just("--search"), TEXT),
    st.tuples(st.just("platform"), st.just("deposit"), _id(), _amount()),
    st.tuples(st.just("platform"), st.just("release"), _id(), _amount()),
    st.tuples(st.just("platform"), st.just("advance"), _days()),
    st.tuples(st.just("platform"), st.just("grant"), st.sampled_from(["consultation", "offer", "contact", "x"]), _amount()),
)


def _fingerprint(path: Path) -> str:
    """Every row of every table of the store, hashed (a fresh connection: what is committed)."""
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        h = hashlib.sha256()
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                    "AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%' ORDER BY name"):
            for row in sorted(repr(r) for r in conn.execute(f'SELECT * FROM "{name}"')):  # WITHOUT ROWID ones too
                h.update(row.encode("utf-8", "backslashreplace"))
        return h.hexdigest()
    finally:
        conn.close()


def run(path: Path, *argv: str) -> tuple[int, str]:
    from pel_tui.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main([*argv, "--store", str(path)] if argv[0] != "platform" else
                        ["platform", "--store", str(path), *argv[1:]])
        except SystemExit as e:  # argparse's usage errors
            code = int(e.code or 0)
    return code, out.getvalue() + err.getvalue()


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    w = make_world(tmp_path_factory.mktemp("fuzz") / "store.sqlite")
    w.post()
    w.post("Traduction d'un site", category="Traduction")
    w.engine.store.close()
    yield w


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(argv=COMMANDS)
def test_hostile_arguments_get_an_answer_and_a_refusal_changes_nothing(world: World, argv: tuple[str, ...]) -> None:
    before = _fingerprint(world.path)
    code, said = run(world.path, *argv)
    assert "Traceback" not in said, (argv, said)
    assert 0 <= code < 64, (argv, code, said)
    if code != 0:
        assert said.strip(), (argv, "a refusal says why")
        assert _fingerprint(world.path) == before, (argv, said)


@pytest.mark.parametrize("amount", ["٣٠٠", "１５００", "1e2", "1e27", "nan", "inf", "1e308", "½", "0x10"])
def test_an_amount_a_person_would_not_mean_is_refused(world: World, amount: str) -> None:
    before = _fingerprint(world.path)
    code, said = run(world.path, "platform", "grant", "consultation", "1")
    assert code == 0, said
    before = _fingerprint(world.path)
    code, said = run(world.path, "offer", "1", "--amount", amount, "--days", "10", "--message", OFFER_MSG)
    assert code != 0 and "Traceback" not in said, (amount, said)
    assert amount in said or "amount" in said.lower() or "montant" in said.lower(), said
    assert _fingerprint(world.path) == before


@pytest.mark.parametrize("argv", [
    ("show", "9223372036854775808"), ("show", "-1"), ("platform", "deposit", "501", "1e27"),
    ("platform", "advance", "nan"), ("platform", "advance", "inf"), ("platform", "advance", "1e308"),
    ("ask", "1", "\udcff bonjour"),
])
def test_the_inputs_that_gave_tracebacks_get_a_message(world: World, argv: tuple[str, ...]) -> None:
    before = _fingerprint(world.path)
    code, said = run(world.path, *argv)
    assert code != 0 and said.strip() and "Traceback" not in said, (argv, said)
    assert _fingerprint(world.path) == before
