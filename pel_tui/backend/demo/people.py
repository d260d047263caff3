"""The demo's people: its clients (a name, city, address, phone and, in France, a SIRET of their own
country, PF-4) and the providers competing with the app's user. Drawn from the "{seed}:people" stream
of the generator (`generator.py`), so that a change of names never moves a project.
"""

from __future__ import annotations

import random
import sqlite3
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from pel_tui.backend.demo.words import (
    CA_LETTERS,
    COUNTRIES,
    FIRST_NAMES,
    LAST_NAMES,
    PSEUDO_PARTS,
    SECTORS,
    Country,
    de,
)
from pel_tui.backend.legal import LA_POSTE_SIREN
from pel_tui.backend.policy import DAY, Policy


def weighted(rng: random.Random, items: Sequence[tuple[str, int]]) -> str:
    total = sum(w for _, w in items)
    x = rng.random() * total
    for name, w in items:
        x -= w
        if x < 0:
            return name
    return items[-1][0]


@dataclass(frozen=True)
class DemoClient:
    """A client of the demo marketplace, whose details all belong to its country (PF-4).

    `sector` indexes `words.SECTORS` (what the client is: its projects speak of it). `address` is a postal
    address written as in the country; `siret` (France only) passes the Luhn checks of `legal`.
    """

    id: int
    name: str
    email: str
    phone: str
    country: str
    city: str
    address: str
    siret: str | None
    sector: int


def _digits(rng: random.Random, pattern: str) -> str:
    """A pattern with each `#` a random digit and each `@` a digit from 2 to 9."""
    return "".join(
        str(int(rng.random() * 10)) if ch == "#" else str(2 + int(rng.random() * 8)) if ch == "@" else ch
        for ch in pattern
    )


def _luhn_digit(payload: str) -> str:
    """The digit that, appended to `payload`, makes its Luhn checksum valid (as PA-3 checks it)."""
    from pel_tui.backend.legal import luhn_ok

    return next(str(d) for d in range(10) if luhn_ok(payload + str(d)))


def make_siret(rng: random.Random) -> str:
    """A made-up SIRET: a SIREN with its Luhn digit, an establishment number, the SIRET's Luhn digit."""
    while True:
        body = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(7))
        siren = body + _luhn_digit(body)
        if siren != LA_POSTE_SIREN:
            break
    nic = f"{rng.randint(1, 99):04d}"
    return siren + nic + _luhn_digit(siren + nic)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(ch if ch.isalnum() else " " for ch in ascii_text).split())


_SECTORS_BY_COUNTRY: dict[str, tuple[int, ...]] = {
    c.code: tuple(i for i, s in enumerate(SECTORS) if not s.countries or c.code in s.countries)
    for c in COUNTRIES
}
_COUNTRY_BY_CODE: dict[str, Country] = {c.code: c for c in COUNTRIES}


def _address(rng: random.Random, country: Country, city_index: int) -> str:
    city = country.cities[city_index]
    street = rng.choice(city.streets or country.streets)
    n = rng.randint(100, 4999) if country.code == "CA" else rng.randint(1, 120)
    if country.code == "CA":
        cp = (f"{rng.choice(city.postcodes)} {rng.randint(1, 9)}{rng.choice(CA_LETTERS)}"
              f"{rng.randint(0, 9)}")
    else:
        cp = rng.choice(city.postcodes) if city.postcodes else ""
    quarter = rng.choice(city.quarters) if city.quarters else ""
    text = country.address.format(n=n, street=street, cp=cp, city=city.name, quarter=quarter,
                                  bp=rng.randint(100, 9999))
    return text[:1].upper() + text[1:]


def make_clients(rng: random.Random, n: int) -> list[DemoClient]:
    """n clients (ids 1..n): country by weight, then a city, trade, name, address and phone of that country."""
    total = sum(c.weight for c in COUNTRIES)
    clients = []
    for cid in range(1, n + 1):
        x = rng.random() * total
        country = COUNTRIES[-1]
        for c in COUNTRIES:
            x -= c.weight
            if x < 0:
                country = c
                break
        ci = rng.randrange(len(country.cities))
        city = country.cities[ci]
        sector_index = rng.choice(_SECTORS_BY_COUNTRY[country.code])
        sector = SECTORS[sector_index]
        first, last = rng.choice(country.first_names), rng.choice(country.last_names)
        company = rng.random() < 0.6
        if company:
            name = rng.choice(sector.names).format(first=first, last=last, city=city.name,
                                                   de_first=de(first), de_city=de(city.name))
            email = f"contact{cid}@{_slug(name)}.example"
            if sector.legal and rng.random() < 0.5:
                name = f"{name} {rng.choice(country.legal_forms)}"
        else:
            name = f"{first} {last}"
            email = f"{_slug(first)}.{_slug(last)}.{cid}@mail.example"
        mobile = country.mobiles and rng.random() < (0.3 if company else 0.7)
        phone = _digits(rng, rng.choice(country.mobiles if mobile else city.phones))
        siret = make_siret(rng) if country.code == "FR" else None
        clients.append(DemoClient(cid, name, email, phone, country.code, city.name,
                                  _address(rng, country, ci), siret, sector_index))
    return clients


def insert_clients(conn: sqlite3.Connection, rng: random.Random, n: int) -> list[DemoClient]:
    """The clients' rows; the address and SIRET go in too where the table has those columns."""
    clients = make_clients(rng, n)
    columns = {str(r[1]) for r in conn.execute("PRAGMA table_info(clients)")}
    extra = [c for c in ("address", "siret") if c in columns]
    names = ["id", "name", "email", "phone", "country", "city", *extra]
    rows = [(c.id, c.name, c.email, c.phone, c.country, c.city, *(getattr(c, e) for e in extra))
            for c in clients]
    conn.executemany(f"INSERT INTO clients({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                     rows)
    return clients


def insert_providers(
    conn: sqlite3.Connection, rng: random.Random, names_rng: random.Random, n: int, now: int,
    policy: Policy
) -> list[int]:
    """Competing providers (the app user's own provider is added later by the engine).

    Their country and sign-up date come from `rng`; their pseudo and name (of their country) from
    `names_rng`.
    """
    rows = []
    seen: set[str] = set()
    countries = [(c, 12 if c == "FR" else 1) for c in policy.provider_countries]
    base_id = 1
    for i in range(n):
        country = weighted(rng, countries)
        created = now - rng.randint(30, 2_000) * DAY
        while True:
            pseudo = (f"{names_rng.choice(PSEUDO_PARTS)}{names_rng.choice('-_')}"
                      f"{names_rng.choice(PSEUDO_PARTS)}")
            pseudo += str(names_rng.randint(1, 999)) if names_rng.random() < 0.5 else ""
            if pseudo not in seen:
                seen.add(pseudo)
                break
        people = _COUNTRY_BY_CODE.get(country)
        first_names = people.first_names if people else FIRST_NAMES
        last_names = people.last_names if people else LAST_NAMES
        name = f"{names_rng.choice(first_names)} {names_rng.choice(last_names)}"
        rows.append((base_id + i, pseudo, name, f"{pseudo}@freelance.example", country, created))
    conn.executemany("INSERT INTO providers(id, pseudo, display_name, email, country, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)", rows)
    return [r[0] for r in rows]
