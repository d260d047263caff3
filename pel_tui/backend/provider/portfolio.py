"""The provider's portfolio (PF-5): up to 30 items of their own work, each with up to 5 images."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pel_tui.backend import images, rows
from pel_tui.backend.clock import to_datetime
from pel_tui.backend.commands import profile as cmd
from pel_tui.backend.context import Ctx
from pel_tui.backend.errors import InvalidInput, NotAllowed, NotFound
from pel_tui.backend.profile_rules import completeness, normalize_url, text

MIN_YEAR = 1950
TITLE_MAX_CHARS = 120


@dataclass(frozen=True)
class PortfolioItem:
    id: int
    title: str
    description: str
    year: int
    link: str | None
    images: list[str]  # SHA-256 of each image, in order
    created_at: datetime


@dataclass(frozen=True)
class _Item:
    id: int
    title: str
    description: str
    year: int
    link: str | None
    created_at: int


def portfolio(ctx: Ctx) -> list[PortfolioItem]:
    """PF-5: the items, newest year first."""
    out = []
    for it in rows.all_(
        ctx.conn, _Item, "SELECT id, title, description, year, link, created_at FROM portfolio_items "
        "WHERE provider_id = ? ORDER BY year DESC, id DESC", (ctx.me,),
    ):
        shas = [s for (s,) in ctx.conn.execute(
            "SELECT sha256 FROM portfolio_images WHERE item_id = ? ORDER BY position", (it.id,))]
        out.append(PortfolioItem(it.id, it.title, it.description, it.year, it.link, shas,
                                 to_datetime(it.created_at)))
    return out


def add_portfolio_item(ctx: Ctx, c: cmd.AddPortfolioItem) -> cmd.PortfolioAdded:
    """PF-5: up to 30 items, each with up to 5 images checked like the photo (PF-3)."""
    pol, conn = ctx.policy.profile, ctx.conn
    count = int(rows.scalar(conn, "SELECT count(*) FROM portfolio_items WHERE provider_id = ?", (ctx.me,), 0))
    if count >= pol.portfolio_max_items:
        raise NotAllowed("portfolio.full", count=count, max_items=pol.portfolio_max_items)
    title = text(c.title, "title", TITLE_MAX_CHARS)
    description = text(c.description, "description", pol.description_max_chars, required=False)
    this_year = to_datetime(ctx.now).year
    if not isinstance(c.year, int) or not MIN_YEAR <= c.year <= this_year:
        raise InvalidInput("portfolio.year_invalid", min_year=MIN_YEAR, max_year=this_year)
    url = normalize_url(c.link) if c.link else None
    if len(c.images) > pol.portfolio_max_images:
        raise InvalidInput("portfolio.too_many_images", count=len(c.images), max_images=pol.portfolio_max_images)
    checked = [images.carried(ctx, ref) for ref in c.images]  # every image checked before anything is kept
    iid = int(conn.execute(
        "INSERT INTO portfolio_items(provider_id, title, description, year, link, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)", (ctx.me, title, description, c.year, url, ctx.now),
    ).lastrowid or 0)
    shas = []
    for pos, img in enumerate(checked, start=1):
        sha = images.keep(ctx, img)
        conn.execute("INSERT INTO portfolio_images(item_id, position, sha256) VALUES (?, ?, ?)", (iid, pos, sha))
        shas.append(sha)
    return {"item_id": iid, "title": title, "images": shas, "completeness": completeness(conn, ctx.me, pol)}


def remove_portfolio_item(ctx: Ctx, c: cmd.RemovePortfolioItem) -> cmd.PortfolioRemoved:
    title = rows.scalar(ctx.conn, "SELECT title FROM portfolio_items WHERE id = ? AND provider_id = ?",
                        (c.item_id, ctx.me))
    if title is None:
        raise NotFound("portfolio.not_found", item_id=c.item_id)
    ctx.conn.execute("DELETE FROM portfolio_images WHERE item_id = ?", (c.item_id,))
    ctx.conn.execute("DELETE FROM portfolio_items WHERE id = ?", (c.item_id,))
    return {"removed": c.item_id, "title": str(title),
            "completeness": completeness(ctx.conn, ctx.me, ctx.policy.profile)}


HANDLERS: dict[type[Any], Any] = {
    cmd.AddPortfolioItem: add_portfolio_item,
    cmd.RemovePortfolioItem: remove_portfolio_item,
}
