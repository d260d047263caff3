"""Refusals in words: each code of `pel_tui.backend.errors.REFUSALS` has its sentence here.

`render(error, voice)` makes the sentence a person reads; the areas' modules hold the sentences,
each a function of the refusal's parameters and the voice (which says actions as commands or
keys, and writes amounts and dates). A test renders every code in both voices.
"""

from __future__ import annotations

from pel_tui.backend.errors import PelError
from pel_tui.i18n.refusals import account, core, escrow, payments, profile, projects
from pel_tui.i18n.say import Params, Say
from pel_tui.i18n.voice import Voice

SAYS: dict[str, Say] = {}
for _area in (core.SAYS, projects.SAYS, account.SAYS, escrow.SAYS, payments.SAYS, profile.SAYS):
    assert not SAYS.keys() & _area.keys(), f"said twice: {SAYS.keys() & _area.keys()}"
    SAYS.update(_area)


def render(error: PelError, voice: Voice) -> str:
    """The sentence of a refusal, for the reader `voice` speaks to."""
    say = SAYS.get(error.code)
    if say is None:  # a test keeps every code rendered; this only guards a store from a newer version
        return error.code
    return say(Params(error.params), voice)
