"""Domain errors: each message says what happened and what the provider can do next."""

from __future__ import annotations


class PelError(Exception):
    """A refused command. Nothing was changed."""

    exit_code = 1


class NotFound(PelError):
    exit_code = 4


class InvalidInput(PelError):
    exit_code = 2


class NotAllowed(PelError):
    """The rules forbid this action now."""


class NoCreditsLeft(PelError):
    def __init__(self, kind: str, next_allotment: str | None) -> None:
        self.kind = kind
        when = (
            f"your next allotment comes on {next_allotment}"
            if next_allotment
            else "subscribe (pel subscribe PLAN) or buy a pack to get more"
        )
        super().__init__(f"no {kind} credit left (0); {when}")


class CreditsFrozen(PelError):
    def __init__(self, status: str) -> None:
        self.status = status
        what = {
            "suspended": "your subscription is suspended; resume it (pel resume) to spend credits",
            "payment_incident": (
                "your subscription has a payment incident; settle it (pel settle) to spend credits"
            ),
            "ended": "your subscription has ended; subscribe again (pel subscribe PLAN)",
            "none": "you have no subscription; subscribe first (pel subscribe PLAN)",
        }[status]
        super().__init__(f"credits cannot be spent: {what}")


class ConsultFirst(NotAllowed):
    def __init__(self, project_id: int) -> None:
        super().__init__(
            f"consult project #{project_id} first (pel consult {project_id}): every action on a "
            "project starts from its report"
        )


class ProjectNotOpen(NotAllowed):
    def __init__(self, project_id: int, status: str, action: str) -> None:
        self.status = status
        super().__init__(f"project #{project_id} is {status}: you can no longer {action}")
