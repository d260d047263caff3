"""`pel serve`: the reference platform server (an ASGI app on Starlette, served by uvicorn).

It runs the marketplace's rules on its own store (the same engine as the application) and owns
the platform's sides: clients, moderation, the SMA, the SCP, accounting and the clock, whose
time-based rules it applies. Providers push the commands their devices made (`push.py`), pull
the rows they may see (`feed.py`); every command and every row is checked against the caller's
role and ownership (`authz.py`). Importing it never imports Textual.
"""
