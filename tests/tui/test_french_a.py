"""The screens of "screens A" in French: snapshots at 80×24 and 120×40, exact French words per screen,
and a pseudo-locale run in which every word of interface must come from a catalog.

The pseudo-locale wraps every translated sentence as `⟦…⟧`. What a screen shows outside the brackets
must be data: a project's title, summary, category or city, a pseudo or a client's name (all read from
the store), figures, dates, amounts, ids (`#4994`), punctuation, the key names (`j`, `esc`, `^p`) and the
binding ids the help lists (`go.projects`). Any other word outside the brackets is interface that does not
go through `_`: the test fails and names it.
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator

import pytest
from rich.table import Table
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Label, Static

from pel_tui.app import PelApp
from pel_tui.backend import Engine, Marketplace
from pel_tui.i18n import lang
from pel_tui.screens.help import HelpScreen
from pel_tui.screens.report import ReportScreen
from pel_tui.widgets.dialogs import ConfirmDialog
from pel_tui.widgets.filter_form import FilterForm
from pel_tui.widgets.project_list import COLUMNS, ProjectList
from tests.conftest import speak
from tests.tui.helpers import plain, screen_text, settle, text

SIZES = [(80, 24), (120, 40)]


async def until(pilot: Pilot[None], app: PelApp, screen: type) -> None:
    """Wait for a dialog (its worker waits for the answer, so `settle` would wait for ever)."""
    for _ in range(100):
        await pilot.pause(0.02)
        if isinstance(app.screen, screen):
            await pilot.pause()
            return
    raise AssertionError(f"{screen.__name__} did not show; the screen is {app.screen!r}")


@pytest.fixture
def fr_app(demo_engine: Engine) -> PelApp:
    """The app in French: the language chosen before the app is made, as `pel` does at start."""
    speak("fr")
    return PelApp(demo_engine)


def _go(key: str):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        app: PelApp = pilot.app  # type: ignore[assignment]
        await settle(pilot, app)
        if key:
            await pilot.press(key)
            await settle(pilot, app)

    return run_before


# -- snapshots, in French -----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("key", ["", "2", "3", "8", "9", "question_mark", "f"],
                         ids=["projects", "offers", "credits", "notifications", "stats", "help", "filters"])
def test_french_snapshot(snap_compare, fr_app: PelApp, key: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(fr_app, run_before=_go(key), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_french_snapshot_report(snap_compare, fr_app: PelApp, demo_engine: Engine,  # type: ignore[no-untyped-def]
                                size: tuple[int, int]) -> None:
    pid = Marketplace.for_user(demo_engine).offers()[0].project_id

    async def ready(pilot: Pilot[None]) -> None:
        await settle(pilot, fr_app)
        fr_app.open_project(pid)
        await settle(pilot, fr_app)

    assert snap_compare(fr_app, terminal_size=size, run_before=ready)


# -- exact French words ---------------------------------------------------------------------------------------

NB = "\u00a0"


async def test_the_project_list_speaks_french(fr_app: PelApp) -> None:
    async with fr_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, fr_app)
        keys = text(fr_app, "#key-bar")
        assert "/ Chercher" in keys and "h Masquer" in keys and "? Aide" in keys and "q Quitter" in keys
        assert "[Mes critères]" in text(fr_app, "#filter-tabs") and "Tous" in text(fr_app, "#filter-tabs")
        pager = text(fr_app, "#pager")
        assert re.search(r"1–50 sur \d[\d\u202f\u00a0]* · page 1 sur \d+", pager), pager
        assert f"marques{NB}: U urgent · C consulté · O votre offre · H masqué" in pager
        table = fr_app.screen.query_one(ProjectList)
        assert [table._heading(c) for c in COLUMNS] == ["", "#", "publié ▾", "titre", "budget", "offres", ""]
        preview = text(fr_app, "#preview-body")
        assert "publié le " in preview and f"Entrée{NB}: ouvrir le rapport" in preview
        assert re.search(r"\d{2}/\d{2}/\d{4}", preview)  # a French day, never 2026-12-01
        assert "€" in preview and not re.search(r"€\d", preview)  # `500–1 000 €`, the sign after


async def test_the_report_and_its_dialog_speak_french(fr_app: PelApp, demo_engine: Engine) -> None:
    pid = Marketplace.for_user(demo_engine).projects(consulted=False, limit=1).projects[0].id
    async with fr_app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, fr_app)
        fr_app.open_project(pid)
        await settle(pilot, fr_app)
        body = text(fr_app, "#report-unlocked")
        assert "Rapport verrouillé — description, cahier des charges" in body
        assert f"c{NB}: consulter (un crédit de consultation)" in body
        assert "esc Retour" in text(fr_app, "#key-bar") and "c Consulter" in text(fr_app, "#key-bar")
        await pilot.press("c")
        await until(pilot, fr_app, ConfirmDialog)
        shown = screen_text(fr_app)
        assert f"Dépenser 1 crédit de consultation{NB}?" in str(fr_app.screen.query_one(Label).content)
        assert f"Lire le rapport sur le projet n° {pid} coûte 1 crédit de consultation." in shown
        assert f"Solde{NB}: " in shown
        buttons = [str(b.label) for b in fr_app.screen.query(Button)]
        assert buttons == ["Dépenser (y)", "Garder (n)"]
        await pilot.press("n")
        await settle(pilot, fr_app)


async def test_offers_credits_notifications_and_stats_speak_french(fr_app: PelApp) -> None:
    async with fr_app.run_test(size=(120, 40)) as pilot:
        await _go("2")(pilot)
        count = text(fr_app, "#offers-count")
        assert re.match(rf" \d+ offres{NB}: ", count) and "envoyée" in count
        labels = [str(c.label) for c in fr_app.screen.query_one("#offers-table", DataTable).columns.values()]
        assert labels == ["#", "titre", "montant", "délai", "état", "v", "lue"]
        assert "A Accepter les termes" in text(fr_app, "#key-bar")
        await _go("3")(pilot)
        assert text(fr_app, "#credit-status").startswith(f" Les crédits peuvent être dépensés{NB}: au plus un")
        labels = [str(c.label) for c in fr_app.screen.query_one("#ledger-table", DataTable).columns.values()]
        assert labels == ["heure", "sorte", "écriture", "écart", "projet", "motif"]
        ledger = fr_app.screen.query_one("#ledger-table", DataTable)
        assert str(ledger.border_title).startswith(f"Relevé{NB}: ")
        row = [str(x) for x in ledger.get_row_at(0)]
        assert row[2] in ("dépensé", "attribué", "remboursé", "expiré") and "debit" not in row
        await _go("8")(pilot)
        assert re.match(r" \d+ notifications, \d+ non lues", text(fr_app, "#notif-count"))
        labels = [str(c.label) for c in fr_app.screen.query_one("#notif-table", DataTable).columns.values()]
        assert labels == ["", "heure", "sorte", "titre"]
        assert "m Lue, suivante" in text(fr_app, "#key-bar")
        await _go("9")(pilot)
        bars = text(fr_app, "#stats-bars")
        assert f"{NB}%" in bars and "Réussite" in bars and "plateforme" in bars
        assert f"Plateforme (FAQ){NB}: environ" in bars
        assert text(fr_app, "#stats-plot-title").startswith("Offres faites par semaine (16 semaines)")


async def test_help_names_the_keys_in_french(fr_app: PelApp) -> None:
    async with fr_app.run_test(size=(120, 40)) as pilot:
        await _go("question_mark")(pilot)
        assert isinstance(fr_app.screen, HelpScreen)
        table = fr_app.screen.query_one("#help-table", DataTable)
        assert [str(c.label) for c in table.columns.values()] == ["écran", "touches", "action", "identifiant"]
        rows = [[str(x) for x in table.get_row_at(i)] for i in range(table.row_count)]
        assert ["Partout", "1", "Projets", "go.projects"] in rows
        assert ["Rapport du projet", "Échap", "Retour", "report.back"] in rows
        assert ["Projets", "Entrée", "Ouvrir", "projects.open"] in rows
        assert any(r[1] == "Pg préc" for r in rows)  # ProjectList's pageup


async def test_help_names_the_keys_in_english(app: PelApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await _go("question_mark")(pilot)
        table = app.screen.query_one("#help-table", DataTable)
        rows = [[str(x) for x in table.get_row_at(i)] for i in range(table.row_count)]
        assert ["Project report", "Esc", "Back", "report.back"] in rows
        assert ["Projects", "Enter", "Open", "projects.open"] in rows


async def test_the_filter_form_speaks_french(fr_app: PelApp) -> None:
    async with fr_app.run_test(size=(120, 40)) as pilot:
        await _go("f")(pilot)
        assert isinstance(fr_app.screen, FilterForm)
        labels = [plain(x) for x in fr_app.screen.query(Label)]
        assert "Filtres   ←/→ ou Espace\u00a0: changer un choix" in labels
        assert "Budget min (€)" in labels and "Pays du client" in labels
        assert [str(b.label) for b in fr_app.screen.query(Button)] == ["Appliquer (ctrl+s)", "Annuler (Échap)"]


# -- the pseudo-locale: no word of interface outside a catalog ------------------------------------------------


class Pseudo(gettext.NullTranslations):
    """Every sentence as `⟦sentence⟧`: what comes out unwrapped did not go through a catalog."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return f"⟦{msgid1 if n == 1 else msgid2}⟧"

    def pgettext(self, context: str, message: str) -> str:
        return f"⟦{message}⟧"


@pytest.fixture
def pseudo() -> Iterator[None]:
    """English conventions (figures, dates), every sentence wrapped; `english` puts it back after."""
    lang.use(lang.choose("en"))
    lang._translation = Pseudo()
    yield


def _unwrapped(shown: str) -> str:
    """What is left once every `⟦…⟧` (nested too: a sentence holding sentences) is taken out."""
    previous = None
    while previous != shown:
        previous, shown = shown, re.sub(r"⟦[^⟦⟧]*⟧", " ", shown)
    # a sentence cut to its column (`…`, or at the cell's end) lost its closing bracket, not its origin
    return re.sub(r"⟦[^⟦⟧\n]*(…|$)", " ", shown, flags=re.M)


#: Words a screen may show outside a catalog that are not in the store: the app's name, the key names as
#: Textual prints them in the key bar, and the fixed abbreviations that read the same in both languages.
ALLOWED = {"pel", "esc", "tab", "space", "ctrl", "pgup", "pgdn", "home", "end", "del", "CSV", "R0"}


def _data_words(engine: Engine) -> set[str]:
    """Every word of the store's data that a screen can show as it is (titles, places, names, texts)."""
    c = engine.conn
    words: set[str] = set()
    queries = [
        "SELECT title, summary, description, specification, category, city, country, deadline FROM projects",
        "SELECT pseudo, display_name FROM providers", "SELECT name, email, city FROM clients",
        "SELECT body FROM messages", "SELECT name FROM project_files",
        # notifications stored already written (`rendered`, the demo's older ones) keep their prose: data
        "SELECT title, body FROM notifications WHERE rendered",
    ]
    for q in queries:
        for row in c.execute(q):
            for value in row:
                if isinstance(value, str):
                    words.update(re.findall(r"[^\W\d_]{2,}", value))
    return words


def _leaks(shown: str, allowed: set[str]) -> list[str]:
    rest = _unwrapped(shown)
    rest = re.sub(r"\b[a-z_]+\.[a-z_]+\b", " ", rest)  # binding ids (help): identifiers, not words
    rest = re.sub(r"[^\W\d_]+…", " ", rest)  # a title cut to its column: the start of a data word
    return sorted({w for w in re.findall(r"[^\W\d_]{2,}", rest) if w not in allowed})


def _markup_free(cell: object) -> str:
    return Content.from_markup(cell).plain if isinstance(cell, str) else str(cell)


def _chrome(app: PelApp) -> str:
    """Every text of the screen on top: Statics and Labels, buttons, table headings and cells, titles."""
    parts = []
    for static in app.screen.query(Static):
        if isinstance(static.content, Table):  # the statistics' figures: a Rich table
            parts += [str(col.header) for col in static.content.columns]
            parts += [str(cell) for col in static.content.columns for cell in col._cells]
        else:
            parts.append(plain(static))
    parts += [str(b.label) for b in app.screen.query(Button)]
    for table in app.screen.query(DataTable):
        parts += [str(col.label) for col in table.columns.values()]
        parts += [str(table.border_title or "")]
        for i in range(min(table.row_count, 30)):
            parts += [_markup_free(cell) for cell in table.get_row_at(i)]
    for plist in app.screen.query(ProjectList):
        parts += [plist._heading(col) for col in COLUMNS] + [plist.empty_text]
    for node in app.screen.query("*"):
        parts += [str(node.border_title or ""), str(node.border_subtitle or "")]
    return "\n".join(parts)


async def test_pseudo_locale_every_word_of_interface_comes_from_a_catalog(pseudo: None, demo_engine: Engine) -> None:
    app = PelApp(demo_engine)
    allowed = _data_words(demo_engine) | ALLOWED
    mp = Marketplace.for_user(demo_engine)
    consulted = next(o.project_id for o in mp.offers())
    locked = mp.projects(consulted=False, limit=1).projects[0].id
    found: dict[str, list[str]] = {}

    def look(where: str) -> None:
        leaks = _leaks(_chrome(app), allowed)
        if leaks:
            found[where] = leaks

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        look("projects")
        for key, where in (("2", "offers"), ("3", "credits"), ("8", "notifications"), ("9", "stats")):
            await pilot.press(key)
            await settle(pilot, app)
            look(where)
        await pilot.press("1")
        await settle(pilot, app)
        await pilot.press("question_mark")
        await settle(pilot, app)
        look("help")
        await pilot.press("escape")
        await settle(pilot, app)
        await pilot.press("f")
        await settle(pilot, app)
        look("filter form")
        await pilot.press("escape")
        await settle(pilot, app)
        for pid, where in ((consulted, "report, consulted"), (locked, "report, locked")):
            app.open_project(pid)
            await settle(pilot, app)
            assert isinstance(app.screen, ReportScreen)
            look(where)
        await pilot.press("c")
        await until(pilot, app, ConfirmDialog)
        look("spend dialog")
        await pilot.press("n")
        await settle(pilot, app)
        await pilot.press("1")
        await settle(pilot, app)
        app.screen.query_one("#words").value = "zzzqqqxyz"  # type: ignore[attr-defined]
        await settle(pilot, app)
        look("empty list")
        assert "⟦" in app.screen.query_one(ProjectList).empty_text
    assert not found, f"interface outside a catalog: {found}"
