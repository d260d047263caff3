"""A live application: what another process commits shows on the screen within a second, by itself."""

from __future__ import annotations

from local_store import Store
from pel_tui.app import PelApp
from pel_tui.backend import Engine, FixedClock, Marketplace, Platform
from pel_tui.backend.clock import StoredClock
from pel_tui.backend.policy import DAY
from pel_tui.screens.notifications import NotificationsScreen
from tests.conftest import OFFER_MSG
from tests.tui.conftest import T_DEMO
from tests.tui.helpers import listed, settle, toasts


def other_process(demo_engine: Engine) -> tuple[Engine, Platform]:
    """Another connection to the same store, as another `pel` would have."""
    assert demo_engine.store.path is not None
    other = Engine(Store.open(demo_engine.store.path), FixedClock(T_DEMO))
    return other, Platform(other)


async def test_no_1_a_selection_made_elsewhere_shows_at_once_with_a_toast(app: PelApp, demo_engine: Engine) -> None:
    mp = Marketplace.for_user(demo_engine)
    pid = mp.projects(consulted=False, limit=1).projects[0].id
    mp.consult(pid)
    mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("8")
        await settle(pilot, app)
        assert isinstance(app.screen, NotificationsScreen)
        rows_before, unread_before = len(app.screen.items), app._unread_seen
        other, pl = other_process(demo_engine)
        pl.select(pid, mp.pseudo, "r0")  # the client selects, in another process
        for _ in range(40):  # within about a second: no key pressed
            await pilot.pause(0.05)
            if len(app.screen.items) > rows_before:
                break
        await settle(pilot, app)
        assert len(app.screen.items) >= rows_before + 2  # selected, terms to confirm
        assert app._unread_seen >= unread_before + 2 and f"{app._unread_seen} unread" in app.sub_title
        assert any(f"selected on #{pid}" in t for t in toasts(app))
        await pilot.press("ctrl+g")  # the toast's key: to the report of the project
        await settle(pilot, app)
        assert getattr(app.screen, "project_id", None) == pid
        other.store.close()


def test_an_open_application_reads_the_clock_another_process_moved(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`pel platform advance 45` in another terminal: the open app dates what it does by the new time."""
    path = tmp_path / "s.sqlite"
    mine = Engine(Store.open(path))
    other = Engine(Store.open(path))
    assert isinstance(mine.clock, StoredClock)
    before = mine.now()
    with other.store.write():
        other.store.set_meta(StoredClock.KEY, str(45 * DAY))
    assert 45 * DAY <= mine.now() - before < 45 * DAY + 5


async def test_pr_2_the_first_frame_comes_before_the_catch_up_which_then_shows_at_once(demo_engine: Engine) -> None:
    """The app paints the projects as the store holds them, then applies the time-based rules due since
    the store was last open (PR-2's expiry here), after its first frame, and the list drops what expired."""
    from pel_tui.backend import rules

    listed_first = Marketplace.for_user(demo_engine).projects(limit=50).projects
    newest = max(listed_first, key=lambda p: p.id)
    created = demo_engine.conn.execute("SELECT created_at FROM projects WHERE id = ?", (newest.id,)).fetchone()[0]
    later = created + demo_engine.policy.project_expiry_days * DAY + 60  # the newest listed has expired by now
    engine = Engine(demo_engine.store, FixedClock(later))
    assert rules.anything_due(engine.ctx(Marketplace.for_user(engine).actor))
    app = PelApp(engine)
    assert newest.id in [p.id for p in app.opening.page.projects]  # the first frame: the store as it is
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        assert newest.id not in listed(app)  # caught up after the first frame, and shown
        assert not rules.anything_due(engine.ctx(Marketplace.for_user(engine).actor))
    status = demo_engine.conn.execute("SELECT status FROM projects WHERE id = ?", (newest.id,)).fetchone()[0]
    assert status == "expired"


async def test_a_full_disk_met_by_a_key_is_said_in_a_toast_and_the_app_goes_on(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A write refused by the disk (a storage fault, not a refusal of the rules) is said in the user's
    words; nothing was written, the application keeps running, and the same key works once space is freed."""
    from tests.conftest import make_world
    from tests.test_storage_faults import Filler, tmpfs

    with tmpfs(tmp_path / "disk") as disk:
        w = make_world(disk / "store.sqlite")
        pid = w.post("Projet A")
        w.engine.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every write must now take space
        app = PelApp(w.engine)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot, app)
            if pid not in listed(app):
                await pilot.press("t")  # All
                await settle(pilot, app)
            assert listed(app)[0] == pid
            filler = Filler(disk)
            filler.fill()
            await pilot.press("h")  # hide the project: a write
            await settle(pilot, app)
            assert app.is_running
            assert any("no space left on the disk" in t and "nothing was saved" in t for t in toasts(app))
            assert pid in listed(app)
            filler.free()
            await pilot.press("h")
            await settle(pilot, app)
            assert pid not in listed(app)
        w.engine.store.close()


async def test_damage_met_by_a_screens_read_is_said_and_the_app_goes_on(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A damaged page read by a screen's load (a large store is not checked whole at every open) ends
    that read with a toast saying how to recover, never the application with a traceback."""
    from local_store import connection
    from tests.test_storage_faults import closed_world, damage_page

    monkeypatch.setattr(connection, "QUICK_CHECK_MAX_BYTES", 0)
    path = closed_world(tmp_path / "store.sqlite")
    damage_page(path, "platform_invoices")
    engine = Engine(Store.open(path), FixedClock(T_DEMO))
    app = PelApp(engine)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        await pilot.press("4")  # the subscription: its invoices' table is damaged
        await settle(pilot, app)
        assert app.is_running
        assert any("is damaged" in t and "--salvage" in t for t in toasts(app))
        await pilot.press("1")  # the projects still read
        await settle(pilot, app)
        assert app.is_running and app.screen.id != "_default"
    engine.store.close()
