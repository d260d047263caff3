"""The client side of remote sync: a linked store pushes its commands and pulls its server's rows.

- `tokens`: where the token is kept (the system keyring; a 0600 file only when asked; `PEL_TOKEN`).
- `api`: the server's HTTP API through httpx, every failure a `SyncError` with a code.
- `link`: linking a store to a server account (a standalone store with data is never merged).
- `outbox`: the journal's commands not yet answered, pushed in order; outcomes recorded.
- `mirror`: a page of the feed applied in one transaction: the device's pending effects taken back,
  the server's rows written, the pending commands run again on top of them.
- `run`: `sync()`, push then pull, with a summary.
Nothing here is imported before the first paint of the application.
"""
