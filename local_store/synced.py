"""The tables a linked store mirrors from its server, parents first, each with its key columns.

The server decides who sees which rows (`pel_tui.server.tables`); the client keeps them as they
come, in these tables, and records the old image of any row its own pending commands change
(`local_store.undo`), so that it can take those changes back when the server's rows arrive.
"""

from __future__ import annotations

SYNCED_TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("clients", ('id',)),
    ("providers", ('id',)),
    ("projects", ('id',)),
    ("project_files", ('id',)),
    ("hidden_projects", ('provider_id', 'project_id')),
    ("stale_reports", ('id',)),
    ("blobs", ('sha256',)),
    ("subscriptions", ('id',)),
    ("subscription_periods", ('id',)),
    ("suspensions", ('id',)),
    ("provider_debts", ('id',)),
    ("platform_invoices", ('id',)),
    ("credit_grants", ('id',)),
    ("credit_entries", ('id',)),
    ("credit_grant_extensions", ('id',)),
    ("offers", ('id',)),
    ("offer_versions", ('id',)),
    ("messages", ('id',)),
    ("contracts", ('id',)),
    ("contract_amendments", ('id',)),
    ("escrow_tranches", ('contract_id', 'number')),
    ("disputes", ('id',)),
    ("deliverables", ('id',)),
    ("progress_reports", ('id',)),
    ("payment_requests", ('id',)),
    ("escrow_entries", ('id',)),
    ("ratings", ('contract_id', 'by_side')),
    ("provider_invoice_numbers", ('provider_id', 'year', 'seq')),
    ("portfolio_items", ('id',)),
    ("portfolio_images", ('item_id', 'position')),
    ("provider_references", ('id',)),
    ("reference_sends", ('reference_id', 'n')),
    ("referrals", ('id',)),
    ("notifications", ('id',)),
)
KEYS = dict(SYNCED_TABLES)
