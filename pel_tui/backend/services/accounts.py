"""Accounts the platform keeps: providers signing up (PF-2, PF-4), clients, payment methods (SU-6)."""

from __future__ import annotations

from typing import Any

from pel_tui.backend.commands import account as cmd
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput
from pel_tui.backend.profile_rules import PSEUDO


def register_provider(ctx: Ctx, c: cmd.RegisterProvider) -> cmd.Registered:
    """Sign-up: PF-2's pseudo (3-30 of a-z 0-9 _ -, unique) and PF-4's countries."""
    if not PSEUDO.match(c.pseudo):
        raise InvalidInput("account.pseudo_invalid", pseudo=c.pseudo)
    if ctx.conn.execute("SELECT 1 FROM providers WHERE pseudo = ?", (c.pseudo,)).fetchone():
        raise InvalidInput("account.pseudo_taken", pseudo=c.pseudo)
    countries = ctx.policy.provider_countries
    if c.country.upper() not in countries:
        raise InvalidInput("account.country_not_allowed", country=c.country, countries=list(countries))
    pid = ctx.conn.execute(
        "INSERT INTO providers(pseudo, display_name, email, country, created_at) VALUES (?, ?, ?, ?, ?)",
        (c.pseudo, c.display_name, c.email, c.country.upper(), ctx.now),
    ).lastrowid
    return {"provider_id": int(pid or 0), "pseudo": c.pseudo}


def add_client(ctx: Ctx, c: cmd.AddClient) -> cmd.ClientAdded:
    cid = ctx.conn.execute(
        "INSERT INTO clients(name, email, phone, country, city, address) VALUES (?, ?, ?, ?, ?, ?)",
        (c.name, c.email, c.phone, c.country, c.city, (c.address or "").strip() or None),
    ).lastrowid
    return {"client_id": int(cid or 0)}


def set_card_declined(ctx: Ctx, c: cmd.SetCardDeclined) -> cmd.CardSet:
    """SU-6: the provider's payment method fails (renewals become payment incidents), or works again."""
    prov = ctx.provider_id(c.pseudo)
    ctx.conn.execute(
        "INSERT INTO payment_methods(provider_id, declined) VALUES (?, ?) ON CONFLICT(provider_id) "
        "DO UPDATE SET declined = excluded.declined", (prov, int(c.declined)),
    )
    return {"pseudo": c.pseudo, "declined": c.declined}


HANDLERS: dict[type[Any], Any] = {
    cmd.RegisterProvider: register_provider,
    cmd.AddClient: add_client,
    cmd.SetCardDeclined: set_card_declined,
}
