"""The layers hold (import-linter's contracts in pyproject.toml) and no module imports itself back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_layer_contracts_are_kept() -> None:
    """Screens and widgets never import the CLI, widgets never import screens, the rules never import
    Textual, httpx or a web framework, the store nothing of pel_tui."""
    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def import_cycles() -> list[list[str]]:
    """Every import that belongs to a cycle, as the chain that leads back to its importer."""
    import grimp

    graph = grimp.build_graph("pel_tui", "local_store", exclude_type_checking_imports=True, cache_dir=None)
    cycles = []
    for importer in sorted(graph.modules):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is not None:
                cycles.append([importer, *back])
    return cycles


def test_no_import_cycle_anywhere() -> None:
    """A module's imports never lead back to it (runtime imports, lazy ones included)."""
    cycles = import_cycles()
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles[:20])


def test_the_first_screen_reads_without_the_commands_machinery(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """What the application's first paint runs (open the store, read the first page, the unread count)
    imports neither the commands' types, nor the time-based rules and the platform's services, nor
    `secrets`: about 40 ms of imports that a command, or the catch-up after the first frame, pays."""
    from pel_tui.backend.demo import create_demo_store

    create_demo_store(tmp_path / "s.sqlite", projects=50)
    code = (
        "import sys\n"
        "from pel_tui.launch import open_store\n"
        "from pel_tui.backend import Marketplace\n"
        "from pel_tui.filters import opening\n"
        f"path, engine = open_store({str(tmp_path / 's.sqlite')!r}, catch_up=False)\n"
        "mp = Marketplace.for_user(engine)\n"
        "opening(mp, ()); mp.unread_count()\n"
        "import pel_tui.app, pel_tui.screens.projects\n"
        "heavy = [m for m in sys.modules if m in ('secrets', 'pel_tui.backend.rules',"
        " 'pel_tui.backend.registry', 'pel_tui.backend.journal') or m.startswith(('pel_tui.backend.services',"
        " 'pel_tui.backend.commands.'))]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)
