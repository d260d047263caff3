"""French legal identifiers (PF-3, PA-3): SIREN and SIRET with their checksums.

Pure functions, no I/O. A SIREN is 9 digits and a SIRET 14 (the SIREN followed by a 5-digit
establishment number); both carry a Luhn checksum. La Poste is the one documented exception: its
establishments (SIREN 356000000) are numbered so that the SIRET's digit sum is a multiple of 5,
and only its head office (35600000000048) follows Luhn.
"""

from __future__ import annotations

import re
import unicodedata

LA_POSTE_SIREN = "356000000"
LA_POSTE_HEAD_OFFICE = "35600000000048"

_ASCII_DIGITS = re.compile(r"[0-9]+")


def normalize_digits(s: str) -> str:
    """The identifier without its spaces: `"732 829 320"` -> `"732829320"`.

    Full-width digits become ASCII (NFKC) and every kind of space (non-breaking, thin, tabs) is
    dropped; anything else is kept, so a caller can tell a bad character from a bad checksum.
    """
    if not isinstance(s, str):
        return ""
    s = unicodedata.normalize("NFKC", s)
    return "".join(ch for ch in s if not ch.isspace() and unicodedata.category(ch) != "Zs")


def luhn_ok(digits: str) -> bool:
    """The Luhn checksum of a string of ASCII digits (False for an empty or non-digit string)."""
    if not isinstance(digits, str) or not _ASCII_DIGITS.fullmatch(digits):
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def valid_siren(s: str) -> bool:
    """9 digits (spaces allowed) with a valid Luhn checksum."""
    digits = normalize_digits(s)
    return len(digits) == 9 and luhn_ok(digits)


def valid_siret(s: str) -> bool:
    """14 digits (spaces allowed): a valid SIREN, and a valid Luhn checksum over the 14 digits.

    La Poste's establishments (SIREN 356000000, except the head office) use instead a digit sum
    that is a multiple of 5.
    """
    digits = normalize_digits(s)
    if len(digits) != 14 or not _ASCII_DIGITS.fullmatch(digits):
        return False
    if not valid_siren(digits[:9]):
        return False
    if digits.startswith(LA_POSTE_SIREN) and digits != LA_POSTE_HEAD_OFFICE:
        return sum(ord(ch) - 48 for ch in digits) % 5 == 0
    return luhn_ok(digits)


def spaced(number: str) -> str:
    """A SIRET as `123 456 789 00012`, a SIREN as `123 456 789`, as they are printed; else as is."""
    d = "".join(ch for ch in number if not ch.isspace())
    if len(d) == 14:
        return f"{d[:3]} {d[3:6]} {d[6:9]} {d[9:]}"
    if len(d) == 9:
        return f"{d[:3]} {d[3:6]} {d[6:]}"
    return d
