"""What the app makes once and keeps, out of the cyclic garbage collector's walks."""

from __future__ import annotations

import gc


def settle_heap() -> None:
    """Put what is alive now (the modules, the screens made so far) out of the cyclic collector's sight.

    Each full collection walks every object it tracks: once the app's modules and screens are loaded that
    is about 140,000, and a full collection falling inside a screen's first build made it 100 to 200 ms slower
    (the filter form's first visit: about 400 ms after the other screens, 210 ms before them;
    benchmarks/bench_screens.py). It is called once the modules are imported and when a screen kept
    for the app's life (a mode, an installed dialog) is first built, never for a dialog made anew:
    a frozen object that later becomes cyclic garbage is not freed until the app ends (reference
    counting still frees the rest), so the garbage is collected first. What happens to be alive then
    and goes later (a report opened in the app's first second, or left open under another mode, a toast) is kept until the app ends: a few
    widgets for each freeze, and there are a dozen at most. What is made later is collected as usual.
    """
    gc.collect()  # a full collection: after the first freeze it walks only what is not frozen (≈1 ms)
    gc.freeze()


def release_heap() -> None:
    """Give back to the collector what was frozen: the app has ended (a process that goes on, such as
    the tests, then keeps nothing of it)."""
    gc.unfreeze()
