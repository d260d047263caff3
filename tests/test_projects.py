"""Projects (PR): fields, statuses, opening by id, staleness, hiding, the digest."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pel_tui.backend.errors import NotFound, ProjectNotOpen
from tests.conftest import OFFER_MSG, World, body, refused


def test_pr_1_project_has_public_fields_and_a_report(world: World) -> None:
    pid = world.post(urgent=True, deadline="2027-01-15", specification="Cahier des charges v2")
    r = world.mp.project(pid)
    p = r.project
    assert (p.id, p.category, p.budget_min_cents, p.budget_max_cents) == (pid, "Développement web", 100_000, 300_000)
    assert p.country == "FR" and p.city == "Lyon" and p.urgent and p.deadline == "2027-01-15"
    assert p.status == "open" and p.offers == 0
    # The report (description, specification, offers, Q&A, files) is locked before consulting.
    assert r.description is None and r.specification is None and r.other_offers is None
    world.mp.consult(pid)
    r = world.mp.project(pid)
    assert r.description and r.specification == "Cahier des charges v2"
    assert r.other_offers == [] and r.messages == [] and r.files == []


def test_pr_2_open_project_expires_after_90_days_without_award(world: World) -> None:
    pid = world.post()
    world.mp.consult(pid)
    world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    world.days(89)
    assert world.mp.project(pid).project.status == "open"
    world.days(2)
    assert world.mp.project(pid).project.status == "expired"
    assert world.mp.offers()[0].status == "lost"  # OF-6: the project ended without this provider


def test_pr_2_status_flow_open_awarded_in_progress(world: World) -> None:
    pid = world.post()
    world.mp.consult(pid)
    world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    world.pl.select(pid, "alice")
    assert world.mp.project(pid).project.status == "awarded"
    world.mp.confirm_terms(pid)
    world.pl.pay_commission(pid)
    assert world.mp.project(pid).project.status == "in_progress"
    # An awarded or started project does not expire.
    world.days(120)
    assert world.mp.project(pid).project.status == "in_progress"


def test_pr_3_available_projects_are_open_newest_first(world: World) -> None:
    a = world.post("Premier projet")
    world.days(1)
    b = world.post("Deuxième projet")
    world.days(1)
    c = world.post("Troisième projet")
    world.pl.cancel(b)
    ids = [p.id for p in world.mp.projects().projects]
    assert ids == [c, a]


def test_pr_5_any_project_opens_by_id_whatever_its_status(world: World) -> None:
    pid = world.post()
    world.pl.remove(pid)
    r = world.mp.project(pid)
    assert r.project.status == "removed"
    assert r.description is None  # not unlocked: only the public part
    with refused(NotFound, "no project #999999"):
        world.mp.project(999_999)


def test_pr_6_stale_report_confirmed_by_client(world: World) -> None:
    pid = world.post()
    world.mp.consult(pid)
    world.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    res = world.mp.report_stale(pid)
    assert res["already_reported"] is False
    assert world.mp.report_stale(pid)["already_reported"] is True
    world.pl.answer_stale(pid, True)
    assert world.mp.project(pid).project.status == "stale"


def test_pr_6_client_silence_for_7_days_makes_it_stale_but_no_report_no_staleness(world: World) -> None:
    quiet = world.post("Projet silencieux")
    reported = world.post("Projet signalé")
    world.mp.consult(reported)
    world.mp.report_stale(reported)
    world.days(6)
    assert world.mp.project(reported).project.status == "open"
    world.days(2)
    assert world.mp.project(reported).project.status == "stale"
    # The platform does not close a project because its client is silent.
    assert world.mp.project(quiet).project.status == "open"


def test_pr_6_client_denies_staleness(world: World) -> None:
    pid = world.post()
    world.mp.consult(pid)
    world.mp.report_stale(pid)
    world.pl.answer_stale(pid, False)
    world.days(10)
    assert world.mp.project(pid).project.status == "open"
    assert world.mp.project(pid).stale_report == "denied"


def test_pr_6_only_open_projects_can_be_reported(world: World) -> None:
    pid = world.post()
    world.pl.cancel(pid)
    with refused(ProjectNotOpen, "cancelled"):
        world.mp.report_stale(pid)


def test_pr_7_hide_and_unhide_change_nothing_for_others(world: World) -> None:
    pid = world.post()
    world.mp.hide(pid)
    assert pid not in [p.id for p in world.mp.projects().projects]
    assert [p.id for p in world.mp.projects(hidden=True).projects] == [pid]
    assert pid in [p.id for p in world.bob.projects().projects]  # bob still sees it
    assert world.mp.project(pid).project.hidden
    world.mp.unhide(pid)
    assert pid in [p.id for p in world.mp.projects().projects]


def test_pr_8_daily_digest_matches_preferences_unless_unsubscribed(world: World) -> None:
    world.mp.set_preferences(categories=["Traduction"])
    world.days(1)
    world.post("Traduction d'un site en anglais", category="Traduction")
    world.post("Développeur Django", category="Développement web")
    world.days(1)
    digests = [n for n in world.mp.notifications() if n.kind == "digest"]
    assert digests and "Traduction d'un site" in body(digests[0])
    assert "Django" not in body(digests[0])
    world.mp.set_preferences(digest=False)
    world.post("Traduction juridique", category="Traduction")
    world.days(2)
    assert len([n for n in world.mp.notifications() if n.kind == "digest"]) == len(digests)


def test_pr_8_a_late_digest_lists_the_projects_of_its_own_day(world: World) -> None:
    """After a long pause, each day's digest holds that day's projects, not later ones."""
    world.mp.set_preferences(categories=["Traduction"])
    world.days(1)
    world.post("Traduction du premier jour", category="Traduction")
    world.clock.advance(3 * 86_400)  # the store is not opened meanwhile: no catch-up
    now = world.clock.now()
    with world.engine.store.write() as c:  # projects arriving in bulk (an import, a sync)
        for i in range(25):
            c.execute(
                "INSERT INTO projects(client_id, title, summary, description, category, budget_min_cents, "
                "budget_max_cents, country, city, created_at, status_at) VALUES (1, ?, 'Un texte', 'Un texte', "
                "'Traduction', 10000, 20000, 'FR', 'Lyon', ?, ?)", (f"Traduction plus tardive {i}", now, now),
            )
    world.engine.catch_up()
    digests = [n for n in world.mp.notifications() if n.kind == "digest"]
    first_day = min(digests, key=lambda n: n.at)
    assert "Traduction du premier jour" in body(first_day)
    assert "plus tardive" not in body(first_day)


def _open_index(world: World, word: str) -> set[int]:
    rows = world.engine.conn.execute(
        "SELECT rowid FROM open_projects_fts WHERE open_projects_fts MATCH ?", (word,)).fetchall()
    return {r[0] for r in rows}


def test_pr_4_typing_reads_the_open_projects_index_which_follows_every_status_change(world: World) -> None:
    cancelled = world.post("Zythologie : site de brasserie")
    declined = world.post("Zythologie : boutique en ligne")
    expired = world.post("Zythologie : catalogue des bières")
    removed = world.post("Zythologie : carte interactive")
    world.pl.cancel(cancelled)
    world.pl.remove(removed)
    world.mp.consult(declined)
    world.mp.make_offer(declined, 150_000, 20, OFFER_MSG)
    world.pl.select(declined, "alice")
    assert _open_index(world, "zythologie") == {expired}  # `declined` is awarded now: out
    world.mp.decline(declined)  # open again (CT-1): back in the index
    world.days(60)
    fresh = world.post("Zythologie : newsletter mensuelle")
    world.days(31)  # `expired` passes its 90 days; `declined` too, unless its clock restarted
    status = {pid: world.mp.project(pid).project.status
              for pid in (cancelled, declined, expired, removed, fresh)}
    assert status[cancelled] == "cancelled" and status[removed] == "removed"
    assert status[expired] == "expired" and status[fresh] == "open"
    still_open = {pid for pid, s in status.items() if s == "open"}
    assert _open_index(world, "zythologie") == still_open
    # As typed: an unfinished word is a prefix, read from the open projects' index.
    assert {p.id for p in world.mp.projects("zytho").projects} == still_open
    assert {p.id for p in world.mp.projects("ZYTHOLOGIE bière", status=None).projects} == {expired}
    # The other statuses are still searched, in the full index.
    assert [p.id for p in world.mp.projects("zythologie", status="cancelled").projects] == [cancelled]


def test_pr_4_a_store_from_before_the_open_index_gets_it_filled(tmp_path: Path) -> None:
    """A store of version 2 (no open projects' index) opened by this version: the index is filled."""
    from local_store import Store
    from local_store.migrations import MIGRATIONS

    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    for script in MIGRATIONS[:2]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 2")
    conn.execute("INSERT INTO clients(id, name, email, phone, country, city) VALUES (1, 'C', 'c@x.fr', '', 'FR', "
                 "'Lyon')")
    for pid, title, status in ((1, "Zythologie : site de brasserie", "open"),
                               (2, "Zythologie : boutique", "cancelled")):
        conn.execute("INSERT INTO projects(id, client_id, title, summary, description, category, budget_min_cents, "
                     "budget_max_cents, country, city, created_at, status, status_at) VALUES (?, 1, ?, 'Un texte', "
                     "'Un texte', 'Traduction', 10000, 20000, 'FR', 'Lyon', 0, ?, 0)", (pid, title, status))
    conn.close()
    store = Store.open(path)
    rows = store.conn.execute(
        "SELECT rowid FROM open_projects_fts WHERE open_projects_fts MATCH 'zythologie'").fetchall()
    assert [r[0] for r in rows] == [1]
    store.close()


def test_cr_3_a_project_never_consulted_cannot_be_reported_stale(
        world: World, capsys: pytest.CaptureFixture[str]) -> None:
    """CR-3: every action on a project starts from its report, staleness too (PR-6)."""
    from pel_tui.backend.errors import ConsultFirst
    from tests.conftest import run_cli

    pid = world.post()
    with refused(ConsultFirst, "consult project"):
        world.mp.report_stale(pid)
    assert world.engine.conn.execute("SELECT count(*) FROM stale_reports").fetchone() == (0,)
    code, _out, err = run_cli(capsys, "--store", str(world.path), "stale", str(pid))
    assert code == 1 and f"consult project #{pid} first (pel consult {pid})" in err
    world.mp.consult(pid)
    assert world.mp.report_stale(pid)["already_reported"] is False
