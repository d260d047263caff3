"""PR-4 in French: a provider types `l'application`, `qu'il`, a city, or one accented letter."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from local_store.connection import Store
from local_store.search import ProjectQuery, count_projects, fts_terms, search_projects
from pel_tui.backend.demo.generator import generate_marketplace

NOW = 1_767_225_600


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = Store.open(tmp_path_factory.mktemp("search-fr") / "demo.sqlite")
    generate_marketplace(s, projects=400, seed=5, now=NOW)
    yield s
    s.close()


def _query(store: Store, words: str | None, **kw: object) -> ProjectQuery:
    provider_id = int(store.conn.execute("SELECT min(id) FROM providers").fetchone()[0])
    return replace(ProjectQuery(provider_id=provider_id, limit=1_000), words=words, **kw)  # type: ignore[arg-type]


def _ids(store: Store, words: str | None, **kw: object) -> set[int]:
    return {int(r["id"]) for r in search_projects(store.conn, _query(store, words, **kw))}


def _vowel_words(store: Store) -> list[str]:
    """Words of the open projects' titles that begin with a vowel (those French elides before)."""
    titles = [r[0] for r in store.conn.execute("SELECT title FROM projects WHERE status = 'open'")]
    words = {w.lower() for t in titles for w in re.findall(r"\w+", t) if len(w) > 4 and w[0].lower() in "aeiouéè"}
    return sorted(words)[:8]


def test_pr_4_an_elided_article_finds_what_the_word_finds(store: Store) -> None:
    words = _vowel_words(store)
    assert words, "the demo has titles with words beginning with a vowel"
    for w in words:
        plain = _ids(store, w)
        assert plain, w
        for typed in (f"l'{w}", f"d'{w}", f"qu'{w}", f"L’{w}", f"jusqu'{w}", f"D'{w.upper()}"):
            assert _ids(store, typed) == plain, typed


def test_pr_4_an_elided_word_of_the_text_is_found_by_the_word(store: Store) -> None:
    """`Création d'une application`: the index cuts at the apostrophe, so `une`, `application`."""
    with store.write() as conn:
        client = conn.execute("SELECT min(id) FROM clients").fetchone()[0]
        pid = conn.execute(
            "INSERT INTO projects(client_id, title, summary, description, category, budget_min_cents, "
            "budget_max_cents, country, city, created_at, status, status_at) "
            "VALUES (?, 'Refonte de l’extranet d''adhérents', 'Nous voulons qu''il soit rapide', '', "
            "'web', 100000, 200000, 'FR', 'Quimper', ?, 'open', ?)", (client, NOW - 60, NOW - 60)).lastrowid
    assert pid in _ids(store, "extranet")
    assert pid in _ids(store, "adherents")
    assert pid in _ids(store, "l'extranet d'adhérents")
    assert pid in _ids(store, "il")
    assert pid in _ids(store, "qu'il")


def test_pr_4_the_city_is_searchable(store: Store) -> None:
    rows = store.conn.execute(
        "SELECT city, count(*) FROM projects WHERE status = 'open' GROUP BY city ORDER BY 2 DESC LIMIT 3"
    ).fetchall()
    for city, n in rows:
        in_city = {int(r[0]) for r in store.conn.execute(
            "SELECT id FROM projects WHERE status = 'open' AND city = ?", (city,))}
        found = _ids(store, city)
        assert in_city <= found, city
        assert len(in_city) == n
        # Without accents, in lower case, as typed in a hurry.
        import unicodedata
        bare = "".join(c for c in unicodedata.normalize("NFD", city.lower()) if not unicodedata.combining(c))
        assert in_city <= _ids(store, bare), bare


def test_pr_4_one_letter_is_not_a_filter_that_empties_the_list(store: Store) -> None:
    everything = count_projects(store.conn, _query(store, None))
    assert everything > 0
    for typed in ("é", "à", "d", "L", "ç", "  é  ", "'"):
        assert fts_terms(typed) == [], typed
        assert count_projects(store.conn, _query(store, typed)) == everything, typed
    # A letter beside a real word is ignored, the word still filters.
    w = _vowel_words(store)[0]
    assert _ids(store, f"à {w}") == _ids(store, w)
    # Digits stay words: a budget figure or a year typed alone is a search.
    assert fts_terms("3") == ['"3"']
