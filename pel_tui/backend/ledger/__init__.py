"""The append-only ledgers (credits, escrow): entries only, balances and figures derived."""
