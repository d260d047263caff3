"""Which rows of the store a provider's device mirrors, and who may see each (the feed's scope).

`SYNCED` lists the tables in the order a first sync sends them (parents before children), each
with its key columns and the SQL condition under which provider `:me` sees a row `t`. Some rows
are seen in part: another provider is only a pseudo, a client's contact only once revealed, a
project's report only once consulted (`LIMITED`).
"""

from __future__ import annotations

from dataclasses import dataclass

from local_store.synced import SYNCED_TABLES

# The conditions are written as `column IN (a set)`, sets that do not depend on the row: SQLite
# builds each once per query, so a first sync reads a million-project store by its indexes, never
# evaluating a subquery per project.
CONSULTED_IDS = ("SELECT project_id FROM credit_entries WHERE provider_id = :me AND kind = 'consultation' "
                 "AND entry_type = 'debit'")
TOUCHED_IDS = ("SELECT project_id FROM credit_entries WHERE provider_id = :me AND project_id IS NOT NULL "
               "UNION SELECT project_id FROM offers WHERE provider_id = :me "
               "UNION SELECT project_id FROM hidden_projects WHERE provider_id = :me "
               "UNION SELECT project_id FROM contracts WHERE provider_id = :me "
               "UNION SELECT project_id FROM stale_reports WHERE provider_id = :me")
CONSULTED = "{p} IN (" + CONSULTED_IDS + ")"
MY_CONTRACTS = "SELECT id FROM contracts WHERE provider_id = :me"
MY_CONTRACT = "{c} IN (" + MY_CONTRACTS + ")"


@dataclass(frozen=True)
class Synced:
    table: str
    key: tuple[str, ...]
    visible: str  # SQL on the row `t`, with the parameter :me
    #: Whose row it is (SQL on OLD, for a deleted row's tombstone), or None: a row others may see.
    owner: str | None = None
    #: A first sync sends the newest first (the projects: the first screen shows them at once).
    newest_first: bool = False

    @property
    def private(self) -> bool:
        return self.owner is not None


def _p(col: str = "t.project_id") -> str:
    return CONSULTED.format(p=col)


SYNCED: tuple[Synced, ...] = (
    Synced("clients", ("id",), "t.id IN (SELECT client_id FROM projects WHERE status = 'open' OR id IN ("
                               + TOUCHED_IDS + "))"),
    Synced("providers", ("id",), "t.id = :me OR t.id IN (SELECT provider_id FROM offers WHERE project_id IN ("
                                 + CONSULTED_IDS + "))"),
    Synced("projects", ("id",), "t.status = 'open' OR t.id IN (" + TOUCHED_IDS + ")", newest_first=True),
    Synced("project_files", ("id",), _p()),
    Synced("hidden_projects", ("provider_id", "project_id"), "t.provider_id = :me", owner="OLD.provider_id"),
    Synced("stale_reports", ("id",), "t.provider_id = :me OR " + _p()),
    Synced("blobs", ("sha256",), "t.sha256 IN (SELECT invoice_sha256 FROM payment_requests WHERE provider_id = :me "
                                 "UNION SELECT photo_sha256 FROM providers WHERE id = :me UNION SELECT i.sha256 FROM "
                                 "portfolio_images i JOIN portfolio_items pi ON pi.id = i.item_id WHERE "
                                 "pi.provider_id = :me)", owner="-1"),
    Synced("subscriptions", ("id",), "t.provider_id = :me", owner="OLD.provider_id"),
    Synced("subscription_periods", ("id",), "t.subscription_id IN (SELECT id FROM subscriptions WHERE "
                                            "provider_id = :me)", owner="(SELECT provider_id FROM subscriptions WHERE id = OLD.subscription_id)"),
    Synced("suspensions", ("id",), "t.subscription_id IN (SELECT id FROM subscriptions WHERE provider_id = :me)", owner="(SELECT provider_id FROM subscriptions WHERE id = OLD.subscription_id)"),
    Synced("provider_debts", ("id",), "t.provider_id = :me", owner="OLD.provider_id"),
    Synced("platform_invoices", ("id",), "t.provider_id = :me", owner="OLD.provider_id"),
    Synced("credit_grants", ("id",), "t.provider_id = :me", owner="OLD.provider_id"),
    Synced("credit_entries", ("id",), "t.provider_id = :me", owner="OLD.provider_id"),
    Synced("credit_grant_extensions", ("id",), "t.grant_id IN (SELECT id FROM credit_grants WHERE "
                                               "provider_id = :me)", owner="(SELECT provider_id FROM credit_grants WHERE id = OLD.grant_id)"),
    Synced("offers", ("id",), "t.provider_id = :me OR " + _p()),
    Synced("offer_versions", ("id",), "t.offer_id IN (SELECT id FROM offers WHERE provider_id = :me OR "
                                      "project_id IN (" + CONSULTED_IDS + "))"),
    Synced("messages", ("id",), "(t.provider_id IS NULL OR t.provider_id = :me) AND " + _p()),
    Synced("contracts", ("id",), "t.provider_id = :me", owner="OLD.provider_id"),
    Synced("contract_amendments", ("id",), MY_CONTRACT.format(c="t.contract_id"), owner="(SELECT provider_id FROM contracts WHERE id = OLD.contract_id)"),
    Synced("escrow_tranches", ("contract_id", "number"), MY_CONTRACT.format(c="t.contract_id"), owner="(SELECT provider_id FROM contracts WHERE id = OLD.contract_id)"),
    Synced("disputes", ("id",), MY_CONTRACT.format(c="t.contract_id"), owner="(SELECT provider_id FROM contracts WHERE id = OLD.contract_id)"),
    Synced("deliverables", ("id",), MY_CONTRACT.format(c="t.contract_id"), owner="(SELECT provider_id FROM contracts WHERE id = OLD.contract_id)"),
    Synced("progress_reports", ("id",), MY_CONTRACT.format(c="t.contract_id"), owner="(SELECT provider_id FROM contracts WHERE id = OLD.contract_id)"),
    Synced("payment_requests", ("id",), "t.provider_id = :me", owner="OLD.provider_id"),
    Synced("escrow_entries", ("id",), MY_CONTRACT.format(c="t.contract_id"), owner="(SELECT provider_id FROM contracts WHERE id = OLD.contract_id)"),
    Synced("ratings", ("contract_id", "by_side"), MY_CONTRACT.format(c="t.contract_id"), owner="(SELECT provider_id FROM contracts WHERE id = OLD.contract_id)"),
    Synced("provider_invoice_numbers", ("provider_id", "year", "seq"), "t.provider_id = :me", owner="OLD.provider_id"),
    Synced("portfolio_items", ("id",), "t.provider_id = :me", owner="OLD.provider_id"),
    Synced("portfolio_images", ("item_id", "position"), "t.item_id IN (SELECT id FROM portfolio_items WHERE "
                                                        "provider_id = :me)", owner="(SELECT provider_id FROM portfolio_items WHERE id = OLD.item_id)"),
    Synced("provider_references", ("id",), "t.provider_id = :me", owner="OLD.provider_id"),
    Synced("reference_sends", ("reference_id", "n"), "t.reference_id IN (SELECT id FROM provider_references "
                                                     "WHERE provider_id = :me)", owner="(SELECT provider_id FROM provider_references WHERE id = OLD.reference_id)"),
    Synced("referrals", ("id",), "t.provider_id = :me", owner="OLD.provider_id"),
    Synced("notifications", ("id",), "t.provider_id = :me", owner="OLD.provider_id"),
)
BY_TABLE = {s.table: s for s in SYNCED}
assert [(s.table, s.key) for s in SYNCED] == list(SYNCED_TABLES), "the server's scope and the mirror's tables differ"

#: What a provider's device may see of rows it sees in part, written as SQL on the row `t`:
#: another provider is only a pseudo; a client's contact only once revealed; a project's report
#: only once consulted.
CONTACTED_CLIENTS = ("SELECT p.client_id FROM credit_entries ce JOIN projects p ON p.id = ce.project_id WHERE "
                     "ce.provider_id = :me AND ce.kind = 'contact' AND ce.entry_type = 'debit'")
PROVIDER_PUBLIC = ("id", "pseudo", "display_name", "country", "created_at")
_BLANK = {"preferences": "'{}'", "digest": "0", "skills": "'[]'", "headline": "''", "description": "''"}


def column_sql(table: str, column: str) -> str:
    """The SQL that reads `column` of a row `t` of `table` as provider `:me` may see it."""
    if table == "projects" and column in ("description", "specification"):
        return f"CASE WHEN t.id IN ({CONSULTED_IDS}) THEN t.{column} ELSE {'NULL' if column == 'specification' else chr(39) * 2} END"
    if table == "clients" and column in ("name", "email", "phone", "address"):
        return f"CASE WHEN t.id IN ({CONTACTED_CLIENTS}) THEN t.{column} ELSE '' END"
    if table == "providers" and column not in PROVIDER_PUBLIC:
        return f"CASE WHEN t.id = :me THEN t.{column} ELSE {_BLANK.get(column, 'NULL')} END"
    return f"t.{column}"
