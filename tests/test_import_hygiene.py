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
