"""Checking and storing a provider's invoice (PA-2, PA-3): a 2 MB, 10-page PDF.

Run from the repository root:

    .venv/bin/python benchmarks/bench_invoice.py [--runs 20] [--mb 2.0] [--pages 10] [--dense-text]

The invoice is the generated one (PA-7, every mention on page 1) followed by annex pages that each
carry an image of random (incompressible) pixels, so the file weighs ~2 MB. Each run times
`check_invoice` and `store_invoice` into a fresh directory (write, fsync, rename, directory fsync),
and the idempotent store of a file already there. Figures are printed, never asserted: the target
(under 300 ms for check + store) is in the output beside them, for a person to judge.
"""

from __future__ import annotations

import argparse
import io
import logging
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.machine import describe  # noqa: E402
from pel_tui.backend.invoice_check import Expected, check_invoice, store_invoice  # noqa: E402
from pel_tui.backend.invoice_pdf import render_invoice  # noqa: E402

TARGET_MS = 300.0
SEED = 20_260_315
EXPECTED = Expected(150_050, "Élodie Lefèvre", "73282932000074", 48213)


def _machine() -> str:
    import pypdf

    return describe(f"pypdf {pypdf.__version__}")


def build_invoice(target_bytes: int, pages: int, *, dense_text: bool = False) -> bytes:
    """The generated invoice, then `pages - 1` annex pages of noise images up to ~target_bytes.

    With `dense_text`, each annex page is also full of text (general terms), the costly case for
    text extraction.
    """
    from fpdf import FPDF
    from PIL import Image
    from pypdf import PdfReader, PdfWriter

    invoice = render_invoice(
        number="F-2026-0042", issued_on="2026-03-15", seller_name="Élodie Lefèvre",
        seller_status="Micro-entreprise", siret="73282932000074", seller_address="3 rue Réaumur\n75003 Paris",
        vat_number=None, client_name="Ça Crée SARL", project_id=48213,
        project_title="Boutique en ligne — paiement et stocks", amount_cents=150_050, vat_rate_bp=None,
    )
    annexes = max(pages - 1, 0)
    rng = random.Random(SEED)
    merged = invoice
    if annexes:
        per_page = max((target_bytes - len(invoice)) // annexes, 3 * 64 * 64)
        side = int((per_page / 3) ** 0.5)
        pdf = FPDF()
        pdf.set_font("Helvetica", "", 11)
        for n in range(annexes):
            pdf.add_page()
            pdf.cell(0, 8, f"Annexe {n + 1} : photo du chantier", new_x="LMARGIN", new_y="NEXT")
            img = Image.frombytes("RGB", (side, side), rng.randbytes(side * side * 3))
            pdf.image(img, x=20, y=30, w=170)
            if dense_text:
                pdf.set_xy(pdf.l_margin, 30)
                pdf.set_font("Helvetica", "", 8)
                words = [rng.choice(_WORDS) for _ in range(900)]
                pdf.multi_cell(0, 3.6, " ".join(words))
                pdf.set_font("Helvetica", "", 11)
        writer = PdfWriter()
        writer.append(PdfReader(io.BytesIO(invoice)))
        writer.append(PdfReader(io.BytesIO(bytes(pdf.output()))))
        buf = io.BytesIO()
        writer.write(buf)
        merged = buf.getvalue()
    return merged


_WORDS = ("conditions", "générales", "de", "vente", "prestation", "client", "paiement", "délai",
          "jours", "pénalités", "retard", "indemnité", "forfaitaire", "recouvrement", "40", "euros",
          "article", "L441-10", "code", "commerce", "escompte", "néant", "propriété", "intellectuelle")


def _summary(label: str, ms: list[float]) -> str:
    ordered = sorted(ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (f"{label:<30} median {statistics.median(ms):7.1f} ms   p95 {p95:7.1f} ms   "
            f"max {max(ms):7.1f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--dense-text", action="store_true",
                        help="annex pages also full of text (the costly case for extraction)")
    args = parser.parse_args(argv)
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    print(_machine())
    t = time.perf_counter()
    data = build_invoice(int(args.mb * 1024 * 1024), args.pages, dense_text=args.dense_text)
    print(f"built the invoice in {time.perf_counter() - t:.2f} s: {len(data) / (1024 * 1024):.2f} MB"
          f"{', annex pages full of text' if args.dense_text else ''}")

    first = check_invoice(data, EXPECTED)
    print(f"report: ok={first.ok} pages={first.pages} number={first.invoice_number} "
          f"failure={first.first_failure()}")
    if not first.ok:
        return 1

    check_ms: list[float] = []
    store_ms: list[float] = []
    total_ms: list[float] = []
    again_ms: list[float] = []
    with tempfile.TemporaryDirectory(prefix="pel-bench-invoice-") as tmp:
        for run in range(args.runs):
            data_dir = Path(tmp) / f"run{run}"
            t0 = time.perf_counter()
            report = check_invoice(data, EXPECTED)
            t1 = time.perf_counter()
            path = store_invoice(data_dir, data, report.sha256)
            t2 = time.perf_counter()
            store_invoice(data_dir, data, report.sha256)
            t3 = time.perf_counter()
            assert report.ok and path.read_bytes() == data
            check_ms.append((t1 - t0) * 1000)
            store_ms.append((t2 - t1) * 1000)
            total_ms.append((t2 - t0) * 1000)
            again_ms.append((t3 - t2) * 1000)

    print(f"{args.runs} runs, {first.pages} pages, {len(data):,} bytes "
          f"(target: check + store under {TARGET_MS:.0f} ms)")
    print(_summary("check_invoice", check_ms))
    print(_summary("store_invoice (new file)", store_ms))
    print(_summary("store_invoice (already there)", again_ms))
    print(_summary("check + store", total_ms))
    worst = max(total_ms)
    print(f"verdict: max {worst:.1f} ms, {'under' if worst < TARGET_MS else 'OVER'} the {TARGET_MS:.0f} ms target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
