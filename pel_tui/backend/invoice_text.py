"""The text of an invoice as the checks read it (PA-3): normalised, folded, and its money amounts and
invoice number found, whatever their usual forms."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r" *\n[\s]*")
_PUNCT = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "\u00b4": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00ba": "°", "\u02da": "°",
    "\u0153": "oe", "\u0152": "OE", "\u00e6": "ae", "\u00c6": "AE", "\u00df": "ss",
})


def normalize_text(text: str) -> str:
    """NFKC, one kind of space, runs of spaces collapsed, lines kept (amounts never span lines)."""
    text = unicodedata.normalize("NFKC", text).translate(_PUNCT)
    text = _SPACES.sub(" ", text)  # every Unicode space but the newline (no-break, thin, tab…)
    return _BLANK_LINES.sub("\n", text).strip()


def fold(text: str) -> str:
    """`normalize_text`, then without accents and case: what the mention checks compare."""
    text = normalize_text(text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text).casefold()



# --- money amounts and the invoice number ---------------------------------------------------------

# A number written as money: 1 500,00 / 1.500,00 / 1500,00 / 1,500.00 / 1500.00 / 1500 € / 1 500 EUR.
# Matched at the start of each run of digits (see `money_matches` for which starts count).
_MONEY = re.compile(
    r"(?:"
    r"(?P<en>\d{1,3}(?:,\d{3})+\.\d{2})(?!\d)"
    r"|(?P<fr>\d{1,3}(?:[ .]\d{3})+,\d{2})(?!\d)"
    r"|(?P<frp>\d+,\d{2})(?![\d,])"
    r"|(?P<enp>\d+\.\d{2})(?![\d.])"
    r"|(?P<int>\d{1,3}(?:[ .,]\d{3})+|\d+) ?(?:€|eur\b|euros?\b)"
    r")",
    re.IGNORECASE,
)
_DIGIT_RUN = re.compile(r"(?<!\d)\d")

_NUM_TOKEN = r"(?P<num>[a-z0-9][a-z0-9/_.\-]{0,39})"
_NUMERO = r"(?:n ?°|no\b\.?|nr\b\.?|num(?:[eé]ro)?\b\.?|number|#)"
_INVOICE_NUMBER = re.compile(
    r"(?:"
    rf"(?:facture|invoice) ?{_NUMERO} ?[:.]? ?"
    rf"|{_NUMERO} ?(?:de |of )?(?:la )?(?:facture|invoice) ?[:.]? ?"
    r"|(?:facture|invoice) ?[:] ?"
    r")" + _NUM_TOKEN,
    re.IGNORECASE,
)
def money_matches(text: str) -> list[tuple[int, int]]:
    """(position, cents) of every money-looking number of the (normalised) text, in reading order.

    A number starts at a run of digits that is not the decimal or thousands part of another
    number: not right after "digit," or "digit.", and not after "digit space" when the number
    before already reads through it (the "500,00" of "1 500,00" is not 500 €, but the
    "1 500,00" of "Qté 1 1 500,00" is 1 500 €).
    """
    found: list[tuple[int, int]] = []
    covered_to = -1
    for run in _DIGIT_RUN.finditer(text):
        i = run.start()
        if i >= 2 and text[i - 1] in ".," and text[i - 2].isdigit():
            continue
        if i < covered_to and i >= 2 and text[i - 1] == " " and text[i - 2].isdigit():
            continue
        m = _MONEY.match(text, i)
        if m is None:
            continue
        covered_to = max(covered_to, m.end())
        kind = m.lastgroup
        raw = m.group(kind or 0)
        if kind == "int":
            found.append((i, int(re.sub(r"\D", "", raw)) * 100))
        else:
            whole, cents = raw[:-3], raw[-2:]
            found.append((i, int(re.sub(r"\D", "", whole) or "0") * 100 + int(cents)))
    return found


def money_cents(text: str) -> list[int]:
    """Every money-looking number of the (normalised) text, in cents, in reading order."""
    return [cents for _, cents in money_matches(text)]


def find_invoice_number(text: str) -> str | None:
    """The first invoice number ("Facture n° F-2026-0001", "Invoice number: INV-7", ...)."""
    for m in _INVOICE_NUMBER.finditer(text):
        num = m.group("num").rstrip("./-_")
        if any(ch.isdigit() for ch in num):
            return num
    return None
