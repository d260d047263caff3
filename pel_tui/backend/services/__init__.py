"""The platform's sides: clients, moderation, the SMA, the SCP, Suivi Projet, accounting, the clock.

In the embedded mode the engine plays them (the demo, the tests, `pel platform ...`); with remote
sync, the server does. Their time-based rules are listed in `pel_tui.backend.rules`.
"""
