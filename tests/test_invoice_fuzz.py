"""PA-2: `check_invoice` never raises, whatever the bytes (mutated invoices, random binaries).

The mutation run is reproducible: its seed is printed (`pytest -s` shows it, and every failure
message repeats it); set PEL_FUZZ_SEED to replay a run and PEL_FUZZ_CASES to change its size.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import os
import random
import re
import time
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from pel_tui.backend.invoice_check import CHECK_NAMES, Expected, InvoiceReport, check_invoice
from pel_tui.backend.invoice_pdf import render_invoice
from pel_tui.i18n.refusals.payments import detail
from pel_tui.i18n.voice import CliVoice

SEED = int(os.environ.get("PEL_FUZZ_SEED", "20260315"))
CASES = int(os.environ.get("PEL_FUZZ_CASES", "3000"))
#: A single check slower than this is a hang, not a slow file.
MAX_SECONDS_PER_CASE = 10.0

EXPECTED = Expected(150_050, "Élodie Lefèvre", "73282932000074", 48213, frozenset({"F-2025-0001"}))


@pytest.fixture(autouse=True)
def _quiet_pypdf() -> Iterator[None]:
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    yield
    logger.setLevel(level)


@functools.cache
def _generated() -> bytes:
    return render_invoice(
        number="F-2026-0001", issued_on="2026-03-15", seller_name="Élodie Lefèvre",
        seller_status="Micro-entreprise", siret="73282932000074", seller_address="3 rue Réaumur\n75003 Paris",
        vat_number="FR40303265045", client_name="Ça Crée SARL", project_id=48213,
        project_title="Boutique en ligne — paiement et stocks", amount_cents=150_050, vat_rate_bp=2_000,
    )


def _uncompressed(data: bytes) -> bytes:
    """The same invoice with plain-text content streams: mutations then reach the text operators."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        page.replace_contents(page.get_contents())
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def bases() -> list[bytes]:
    plain = _generated()
    bases = [plain, _uncompressed(plain)]
    for base in bases:
        assert check_invoice(base, EXPECTED).ok
    return bases


Mutation = Callable[[random.Random, bytearray, list[bytes]], bytearray]


def _flip_bytes(rng: random.Random, d: bytearray, _: list[bytes]) -> bytearray:
    for _i in range(rng.randint(1, 8)):
        if d:
            d[rng.randrange(len(d))] = rng.randrange(256)
    return d


def _flip_bits(rng: random.Random, d: bytearray, _: list[bytes]) -> bytearray:
    for _i in range(rng.randint(1, 8)):
        if d:
            d[rng.randrange(len(d))] ^= 1 << rng.randrange(8)
    return d


def _truncate(rng: random.Random, d: bytearray, _: list[bytes]) -> bytearray:
    return d[: rng.randrange(len(d) + 1)]


def _insert(rng: random.Random, d: bytearray, _: list[bytes]) -> bytearray:
    at = rng.randrange(len(d) + 1)
    d[at:at] = rng.randbytes(rng.randint(1, 64))
    return d


def _duplicate_chunk(rng: random.Random, d: bytearray, _: list[bytes]) -> bytearray:
    if not d:
        return d
    start = rng.randrange(len(d))
    chunk = d[start: start + rng.randint(1, 4096)]
    at = rng.randrange(len(d) + 1)
    d[at:at] = chunk * rng.randint(1, 3)
    return d


def _delete_chunk(rng: random.Random, d: bytearray, _: list[bytes]) -> bytearray:
    if d:
        start = rng.randrange(len(d))
        del d[start: start + rng.randint(1, 2048)]
    return d


def _random_chunk(rng: random.Random, d: bytearray, _: list[bytes]) -> bytearray:
    if d:
        start = rng.randrange(len(d))
        n = rng.randint(1, 512)
        d[start: start + n] = rng.randbytes(n)
    return d


_NUMBER = re.compile(rb"-?\d+")
_TOKENS = [b"obj", b"endobj", b"stream", b"endstream", b"xref", b"trailer", b"startxref", b"/Pages",
           b"/Page", b"/Kids", b"/Count", b"/Length", b"/Filter", b"/FlateDecode", b"/Root", b"<<", b">>",
           b"[", b"]", b"(", b")", b"R", b"BT", b"ET", b"Tj", b"TJ", b"Tf", b"/Encrypt", b"/Type0",
           b"/ToUnicode", b"%%EOF", b"beginbfchar", b"endbfrange"]


def _renumber(rng: random.Random, d: bytearray, _: list[bytes]) -> bytearray:
    """Lengths, offsets, counts and references set to odd values."""
    numbers = list(_NUMBER.finditer(bytes(d)))
    if not numbers:
        return d
    m = rng.choice(numbers)
    value = rng.choice([b"0", b"-1", b"1", b"2", b"99999999999", b"4294967296", str(rng.randrange(100_000)).encode()])
    d[m.start(): m.end()] = value
    return d


def _token(rng: random.Random, d: bytearray, _: list[bytes]) -> bytearray:
    """A PDF keyword inserted, or one replaced by another."""
    tok = rng.choice(_TOKENS)
    at = rng.randrange(len(d) + 1)
    if rng.random() < 0.5:
        d[at:at] = b" " + tok + b" "
    else:
        old = rng.choice(_TOKENS)
        pos = bytes(d).find(old, at)
        if pos >= 0:
            d[pos: pos + len(old)] = tok
    return d


def _splice(rng: random.Random, d: bytearray, bases: list[bytes]) -> bytearray:
    other = rng.choice(bases)
    return d[: rng.randrange(len(d) + 1)] + bytearray(other[rng.randrange(len(other) + 1):])


MUTATIONS: list[Mutation] = [_flip_bytes, _flip_bits, _truncate, _insert, _duplicate_chunk, _delete_chunk,
                             _random_chunk, _renumber, _token, _splice]


def _assert_report(report: object, data: bytes, context: str) -> None:
    assert isinstance(report, InvoiceReport), context
    names = [c.name for c in report.checks]
    assert names == list(CHECK_NAMES[: len(names)]), f"{context}: checks out of order: {names}"
    assert names, context
    assert report.sha256 == hashlib.sha256(data).hexdigest(), context
    assert report.size_bytes == len(data), context
    assert not any("could not be checked" in detail(c, CliVoice()) for c in report.checks), (
        f"{context}: an exception escaped the structured checks: {detail(report.checks[-1], CliVoice())}"
    )
    if not report.ok:
        failure = report.first_failure()
        assert failure is not None and detail(failure, CliVoice()), context


def test_pa_2_fuzz_mutated_invoices_never_raise(bases: list[bytes]) -> None:
    print(f"\nPA-2 fuzz: seed {SEED} (PEL_FUZZ_SEED), {CASES} cases")
    rng = random.Random(SEED)
    started = time.perf_counter()
    slowest = (0.0, -1, "")
    outcomes: dict[str, int] = {}
    for case in range(CASES):
        base_index = rng.randrange(len(bases))
        data = bytearray(bases[base_index])
        applied = []
        for _i in range(rng.randint(1, 4)):
            mutation = rng.choice(MUTATIONS)
            data = mutation(rng, data, bases)
            applied.append(mutation.__name__.lstrip("_"))
        blob = bytes(data)
        context = f"seed {SEED}, case {case}, base {base_index}, mutations {applied}"
        t = time.perf_counter()
        try:
            report = check_invoice(blob, EXPECTED)
        except BaseException as exc:  # pragma: no cover - the failure being tested for
            pytest.fail(f"check_invoice raised {exc!r} ({context})")
        took = time.perf_counter() - t
        if took > slowest[0]:
            slowest = (took, case, ", ".join(applied))
        assert took < MAX_SECONDS_PER_CASE, f"{context}: {took:.1f} s"
        _assert_report(report, blob, context)
        outcome = "accepted" if report.ok else report.first_failure().name  # type: ignore[union-attr]
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    total = time.perf_counter() - started
    print(f"PA-2 fuzz: {CASES} cases in {total:.1f} s; slowest case {slowest[1]} "
          f"({slowest[2]}) took {slowest[0] * 1000:.0f} ms")
    print("PA-2 fuzz outcomes (first failed check):", dict(sorted(outcomes.items())))
    # The run must exercise more than the header check: most mutants reach the parser.
    assert sum(n for k, n in outcomes.items() if k not in ("size", "pdf_header")) > CASES // 2


_BINARIES = st.one_of(
    st.binary(max_size=4096),
    st.binary(max_size=4096).map(lambda b: b"%PDF-1.7\n" + b),
    st.lists(st.sampled_from([*_TOKENS, b"1 0 obj", b"0 0 R", b"<</Type/Page>>", b"\n", b" ", b"123"]),
             max_size=200).map(lambda parts: b"%PDF-1.4\n" + b" ".join(parts)),
)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=_BINARIES)
def test_pa_2_fuzz_any_binary_gives_a_report(data: bytes) -> None:
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    _assert_report(check_invoice(data, EXPECTED), data, f"hypothesis input of {len(data)} bytes")


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(at=st.floats(0, 1), junk=st.binary(min_size=1, max_size=256), keep=st.booleans())
def test_pa_2_fuzz_junk_spliced_into_an_invoice_gives_a_report(at: float, junk: bytes, keep: bool) -> None:
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    base = _generated()
    i = int(at * len(base))
    data = base[:i] + junk + (base[i:] if keep else base[i + len(junk):])
    _assert_report(check_invoice(data, EXPECTED), data, f"junk of {len(junk)} bytes at {i}")
