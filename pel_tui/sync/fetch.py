"""PR-5 on a linked store: a project the mirror does not hold (closed, never touched) comes from the server.

The mirror keeps the open projects and those the provider touched; any other is fetched when
opened by id, and kept until the feed says otherwise.
"""

from __future__ import annotations

from local_store import mirror
from pel_tui.backend.engine import Engine
from pel_tui.sync.errors import SyncError
from pel_tui.sync.run import api_for


def project(engine: Engine, project_id: int) -> bool:
    """Fetch one project into the mirror; whether the server has it."""
    api, _here = api_for(engine)
    try:
        page = api.project(project_id)
    except SyncError as e:
        if e.code == "sync.refused" and e.params.get("status") == 404:
            return False
        raise
    finally:
        api.close()
    with engine.store.write() as conn:
        mirror.set_state(conn, recording=False, rewinding=False)
        for chunk in page.tables:
            mirror.apply_rows(conn, chunk.table, chunk.columns, chunk.rows, chunk.gone)
        mirror.set_state(conn, recording=True, rewinding=False)
    return True
