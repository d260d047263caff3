"""What the escrow of an R0 contract (ES) and the project's end (FO) show: views, read by the screens and the CLI.

The values the rules and the ledger need at start-up (`Figures`, `Tranche`, `Rating`, `ProjectRating`) are
in `models_escrow_base`; the escrow's view (`EscrowView`, `EscrowEntry`, `Deliverable`, `Dispute`) in
`models_escrow_view`, imported on first use (PEP 562): the first screen shows none of these. Import all of
them from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pel_tui.backend.models_escrow_base import Figures, ProjectRating, Rating, Tranche

if TYPE_CHECKING:
    from pel_tui.backend.models_escrow_view import Deliverable, Dispute, EscrowEntry, EscrowView

__all__ = [
    "Deliverable", "Dispute", "EscrowEntry", "EscrowView", "Figures", "ProjectRating", "Rating", "Tranche",
]

_VIEW = frozenset({"Deliverable", "Dispute", "EscrowEntry", "EscrowView"})


def __getattr__(name: str) -> Any:
    if name in _VIEW:
        from pel_tui.backend import models_escrow_view

        value = getattr(models_escrow_view, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
