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
