"""On a shared machine, what pel-tui writes is its user's only: 0600 files, 0400 stored files, 0700 folders.

Whatever the umask: the store is made 0600 (SQLite gives its -wal and -shm the store's mode), the
files it keeps 0400 in 0700 folders, the settings 0600; a store from an older pel-tui in the user
data directory is tightened at start. Symbolic links are followed, never replaced: a `config.toml`
that is a link is edited through it, and with `PEL_STORE` a link the stored files are beside the
real store.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from local_store import Store
from pel_tui.backend.demo import create_demo_store
from tests.conftest import make_world, run_cli


def mode(p: Path) -> int:
    return stat.S_IMODE(os.lstat(p).st_mode)


@pytest.fixture(params=[0o000, 0o022, 0o077, 0o277], ids=lambda u: f"umask-{u:03o}")
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    old = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(old)


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    from PIL import Image

    p = tmp_path / "photo.png"
    Image.new("RGB", (300, 300), (10, 120, 200)).save(p)
    return p


def every_mode(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): mode(p) for p in [folder, *folder.rglob("*")]}


def test_the_store_its_wal_shm_and_stored_files_are_private_whatever_the_umask(
    umask: int, tmp_path: Path, photo: Path
) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    os.chmod(home, 0o755)
    w = make_world(home / "store.sqlite")
    w.mp.set_photo(str(photo))
    modes = every_mode(home)
    assert modes["store.sqlite"] == modes["store.sqlite-wal"] == modes["store.sqlite-shm"] == 0o600, modes
    folders = {k: m for k, m in modes.items() if k.startswith("files") and (home / k).is_dir()}
    kept = {k: m for k, m in modes.items() if k.startswith("files") and (home / k).is_file()}
    assert folders and set(folders.values()) == {0o700}, folders
    assert kept and set(kept.values()) == {0o400}, kept
    w.engine.store.close()
    assert not (home / "store.sqlite-wal").exists()
    w = make_world(home / "second.sqlite")  # -wal and -shm made again, later, by SQLite
    w.engine.store.close()
    store = Store.open(home / "store.sqlite")
    with store.write() as conn:
        conn.execute("INSERT INTO meta(key, value) VALUES ('later', '1')")
    assert mode(home / "store.sqlite-wal") == mode(home / "store.sqlite-shm") == 0o600
    store.close()


def test_a_demo_store_is_private_in_the_folders_it_makes(umask: int, tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "store.sqlite"
    create_demo_store(path, projects=300)
    assert mode(tmp_path / "a") == mode(tmp_path / "a" / "b") == 0o700
    modes = every_mode(path.parent)
    loose = {k: m for k, m in modes.items() if m & 0o077}
    assert not loose, loose
    assert modes["store.sqlite"] == 0o600


def test_the_default_store_of_an_older_pel_tui_is_tightened_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("PEL_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    folder = tmp_path / "share" / "pel-tui"
    folder.mkdir(parents=True)
    w = make_world(folder / "store.sqlite")
    w.engine.store.close()
    (folder / "files").mkdir()
    for p, m in ((folder, 0o755), (folder / "store.sqlite", 0o644), (folder / "files", 0o755)):
        os.chmod(p, m)
    code, _, err = run_cli(capsys, "whoami")
    assert code == 0, err
    assert mode(folder) == 0o700 and mode(folder / "files") == 0o700
    assert mode(folder / "store.sqlite") == mode(folder / "store.sqlite-wal") == 0o600


def test_a_store_elsewhere_keeps_the_mode_its_user_gave_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    w = make_world(tmp_path / "shared.sqlite")
    w.engine.store.close()
    os.chmod(tmp_path / "shared.sqlite", 0o640)  # shared with a group on purpose
    assert run_cli(capsys, "--store", str(tmp_path / "shared.sqlite"), "whoami")[0] == 0
    assert mode(tmp_path / "shared.sqlite") == 0o640


def test_the_settings_are_private_and_a_symlinked_config_is_edited_through_the_link(
    umask: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pel_tui.config import SavedFilter, delete_filter, load_config, save_filter

    fresh = tmp_path / "config" / "pel-tui" / "config.toml"
    monkeypatch.setenv("PEL_CONFIG", str(fresh))
    save_filter(SavedFilter(name="Django", words="django"))
    assert mode(fresh) == 0o600 and mode(fresh.parent) == 0o700 and mode(fresh.parent.parent) == 0o700

    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    target = dotfiles / "pel.toml"
    target.write_text('theme = "textual-light"  # mine\n', encoding="utf-8")
    link = tmp_path / "config" / "pel-tui" / "linked.toml"
    link.symlink_to(os.path.relpath(target, link.parent))
    save_filter(SavedFilter(name="Urgent", urgent=True), link)
    assert link.is_symlink() and os.readlink(link) == os.path.relpath(target, link.parent)
    text = target.read_text(encoding="utf-8")
    assert "# mine" in text and 'name = "Urgent"' in text
    assert [f.name for f in load_config(link).saved_filters] == ["Urgent"]
    delete_filter("Urgent", link)
    assert link.is_symlink() and load_config(link).saved_filters == []
    assert not list(link.parent.glob(".linked.toml.*")) and not list(dotfiles.glob(".*.part"))


def test_with_pel_store_a_symlink_files_are_kept_beside_the_real_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], photo: Path
) -> None:
    from pel_tui.locations import store_path

    real_dir, link_dir = tmp_path / "real", tmp_path / "links"
    real_dir.mkdir()
    link_dir.mkdir()
    w = make_world(real_dir / "store.sqlite")
    w.engine.store.close()
    link = link_dir / "pel.sqlite"
    link.symlink_to(real_dir / "store.sqlite")
    monkeypatch.setenv("PEL_STORE", str(link))
    assert store_path() == (real_dir / "store.sqlite").resolve()
    code, _, err = run_cli(capsys, "profile", "photo", str(photo))
    assert code == 0, err
    assert list((real_dir / "files").rglob("*.png")) and not (link_dir / "files").exists()
    assert sorted(os.listdir(link_dir)) == ["pel.sqlite"] and link.is_symlink()  # no -wal beside the link
    code, out, _ = run_cli(capsys, "profile", "--json")
    assert code == 0 and "photo" in out


def test_doctor_names_what_others_can_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import pel_tui.cli as cli
    from pel_tui.cli import doctor

    if doctor not in cli.AREAS:
        monkeypatch.setattr(cli, "AREAS", (*cli.AREAS, doctor))
    if "doctor" not in cli.STORELESS:
        monkeypatch.setattr(cli, "STORELESS", {*cli.STORELESS, "doctor"})
    w = make_world(tmp_path / "store.sqlite")
    w.engine.store.close()
    os.chmod(tmp_path / "store.sqlite", 0o644)
    code, out, _ = run_cli(capsys, "--store", str(tmp_path / "store.sqlite"), "doctor")
    assert code == 0 and "others can read" in out and str(tmp_path / "store.sqlite") in out
