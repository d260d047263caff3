"""Payment requests with invoices (PA), through the engine, on a real store and real files."""

from __future__ import annotations

import multiprocessing
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pel_tui.backend.commands.base import BlobRef
from pel_tui.backend.commands.payments import RequestPayment
from pel_tui.backend.errors import InvalidInput, NotAllowed
from pel_tui.backend.invoice_check import InvoiceRefused
from pel_tui.backend.invoice_pdf import render_invoice
from pel_tui.backend.services.accounting import add_business_days
from tests.conftest import World, refused, said
from tests.test_escrow import assert_es_4, r0_project, terms

SIRET = "73282932000074"


def legal(world: World) -> None:
    world.mp.set_legal_identity("micro_entreprise", "Alice Martin EI", SIRET, address="3 rue Neuve, Lyon")


def invoice(tmp: Path, number: str, amount: int, pid: int, **kw: object) -> str:
    args: dict[str, object] = dict(
        number=number, issued_on="2026-11-03", seller_name="Alice Martin EI", seller_status="micro_entreprise",
        siret=SIRET, seller_address=None, vat_number=None, client_name="Sophie Client", project_id=pid,
        project_title="API", amount_cents=amount, vat_rate_bp=None,
    )
    args.update(kw)
    path = tmp / f"{number}.pdf"
    path.write_bytes(render_invoice(**args))  # type: ignore[arg-type]
    return str(path)


def released(world: World, amount: int = 300_000, release: int = 150_000) -> int:
    legal(world)
    pid = r0_project(world, amount)
    world.pl.deposit(pid, amount)
    world.pl.release(pid, release)
    return pid


def files(world: World) -> list[Path]:
    root = world.path.parent / "files" / "invoices"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_pa_1_r0_only_and_never_above_available(world: World, tmp_path: Path) -> None:
    legal(world)
    base = r0_project(world, formula="base")
    with refused(NotAllowed, "base formula"):
        world.mp.request_payment(base, 10_000, invoice(tmp_path, "F-1", 10_000, base))
    pid = released(world)
    with refused(NotAllowed, "at most .*€1,500.00"):
        world.mp.request_payment(pid, 150_100, invoice(tmp_path, "F-2", 150_100, pid))
    res = world.mp.request_payment(pid, 100_000, invoice(tmp_path, "F-3", 100_000, pid))
    assert res["state"] == "submitted" and res["invoice_number"] == "F-3"
    f = terms(world, pid)
    assert (f["available_cents"], f["requested_cents"]) == (50_000, 100_000)
    assert_es_4(f)


def test_pa_2_bad_files_are_refused_and_leave_nothing_behind(world: World, tmp_path: Path) -> None:
    pid = released(world)
    good = Path(invoice(tmp_path, "F-10", 50_000, pid)).read_bytes()
    cases = {
        "not-a-pdf.pdf": b"GIF89a" + good[6:],
        "truncated.pdf": good[: len(good) // 3],
        "empty.pdf": b"",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        with refused(InvalidInput, "invoice refused|cannot read"):
            world.mp.request_payment(pid, 50_000, str(tmp_path / name))
    big = tmp_path / "big.pdf"
    with open(big, "wb") as f:
        f.write(good)
        f.truncate(11 * 1024 * 1024)
    with refused(InvalidInput, "10 MB limit"):
        world.mp.request_payment(pid, 50_000, str(big))
    with refused(InvalidInput, "cannot read"):
        world.mp.request_payment(pid, 50_000, str(tmp_path / "missing.pdf"))
    assert world.mp.payments().requests == [] and files(world) == []
    assert terms(world, pid)["requested_cents"] == 0


def test_pa_2_stored_content_addressed_read_only_with_a_sanitised_name(world: World, tmp_path: Path) -> None:
    pid = released(world)
    weird = tmp_path / "..évil\nname.pdf"
    weird.write_bytes(Path(invoice(tmp_path, "F-20", 50_000, pid)).read_bytes())
    world.mp.request_payment(pid, 50_000, str(weird))
    (req,) = world.mp.payments().requests
    (stored,) = files(world)
    assert stored.name == f"{req.invoice_sha256}.pdf"
    assert not os.access(stored, os.W_OK) or os.geteuid() == 0
    assert stored.stat().st_mode & 0o222 == 0
    assert "/" not in req.file_name and "\n" not in req.file_name and req.file_name.endswith(".pdf")


def test_pa_3_missing_mentions_are_named_and_numbers_are_unique(world: World, tmp_path: Path) -> None:
    pid = released(world)
    other = invoice(tmp_path, "F-30", 50_000, pid + 1000)
    with refused(InvoiceRefused, f"#{pid}"):
        world.mp.request_payment(pid, 50_000, other)
    wrong_siret = invoice(tmp_path, "F-31", 50_000, pid, siret="84913726010005")  # someone else's
    with refused(InvoiceRefused, "SIRET|siret"):
        world.mp.request_payment(pid, 50_000, wrong_siret)
    wrong_amount = invoice(tmp_path, "F-32", 40_000, pid)
    with refused(InvoiceRefused, "amount"):
        world.mp.request_payment(pid, 50_000, wrong_amount)
    world.mp.request_payment(pid, 50_000, invoice(tmp_path, "F-33", 50_000, pid))
    with refused(InvoiceRefused, "already used"):
        world.mp.request_payment(pid, 50_000, invoice(tmp_path, "F-33", 50_000, pid))
    report = world.mp.check_invoice_file(pid, 50_000, wrong_siret)
    assert not report.ok and {c.name for c in report.checks if not c.ok} == {"siret"}


def test_pa_4_validated_paid_3_business_days_later_or_rejected(world: World, tmp_path: Path) -> None:
    pid = released(world)
    a = world.mp.request_payment(pid, 60_000, invoice(tmp_path, "F-40", 60_000, pid))["request_id"]
    b = world.mp.request_payment(pid, 40_000, invoice(tmp_path, "F-41", 40_000, pid))["request_id"]
    world.pl.validate_payment(a)
    world.pl.reject_payment(b, "Adresse du client absente")
    f = terms(world, pid)
    assert (f["available_cents"], f["requested_cents"], f["paid_cents"]) == (90_000, 60_000, 0)
    req = next(r for r in world.mp.payments().requests if r.id == a)
    assert req.pay_on is not None
    assert req.pay_on.timestamp() == add_business_days(int(req.validated_at.timestamp()), 3)  # type: ignore[union-attr]
    world.clock.t = int(req.pay_on.timestamp()) - 60
    world.engine.catch_up()
    assert terms(world, pid)["paid_cents"] == 0
    world.days(1)
    f = terms(world, pid)
    assert (f["available_cents"], f["requested_cents"], f["paid_cents"]) == (90_000, 0, 60_000)
    kinds = [n.kind for n in world.mp.notifications()]
    assert {"payment_validated", "payment_paid", "payment_rejected"} <= set(kinds)
    with refused(NotAllowed, "paid"):
        world.pl.reject_payment(a, "trop tard")


def test_pa_4_business_days_skip_the_weekend() -> None:
    friday = int(datetime(2026, 11, 27, 10, tzinfo=UTC).timestamp())
    assert datetime.fromtimestamp(add_business_days(friday, 3), UTC).strftime("%a %d") == "Wed 02"


def test_pa_5_dashboard_with_totals_per_state(world: World, tmp_path: Path) -> None:
    pid = released(world)
    ids = [world.mp.request_payment(pid, amt, invoice(tmp_path, f"F-5{i}", amt, pid))["request_id"]
           for i, amt in enumerate((10_000, 20_000, 30_000))]
    world.pl.validate_payment(ids[0])
    world.pl.reject_payment(ids[1], "Numéro de TVA erroné")
    world.days(6)
    d = world.mp.payments()
    assert d.totals_cents == {"submitted": 30_000, "validated": 0, "paid": 10_000, "rejected": 20_000}
    assert d.counts == {"submitted": 1, "validated": 0, "paid": 1, "rejected": 1}
    row = next(r for r in d.requests if r.id == ids[1])
    assert (row.project_id, row.invoice_number, row.reject_reason) == (pid, "F-51", "Numéro de TVA erroné")


def test_pa_6_no_legal_identity_no_payment_request(world: World, tmp_path: Path) -> None:
    pid = r0_project(world)
    world.pl.deposit(pid, 300_000)
    world.pl.release(pid, 100_000)
    with refused(NotAllowed, "micro-entrepreneur.*umbrella company"):
        world.mp.request_payment(pid, 50_000, invoice(tmp_path, "F-60", 50_000, pid))
    ok, why = world.mp.can_invoice()
    assert not ok and why is not None and "umbrella" in said(why)


def test_pa_7_generated_invoices_pass_the_checks_with_gap_free_numbers(world: World, tmp_path: Path) -> None:
    pid = released(world)
    first = world.mp.generate_invoice(pid, 50_000, str(tmp_path))
    second = world.mp.generate_invoice(pid, 25_000, str(tmp_path))
    year = datetime.fromtimestamp(world.clock.now(), UTC).year
    assert (first["number"], second["number"]) == (f"F-{year}-0001", f"F-{year}-0002")
    with pytest.raises(NotAllowed):
        world.mp.generate_invoice(pid, 500_000, str(tmp_path))  # above available: no number spent
    world.mp.request_payment(pid, 50_000, first["path"])
    world.mp.request_payment(pid, 25_000, second["path"])
    third = world.mp.generate_invoice(pid, 10_000, str(tmp_path / "f3.pdf"))
    assert third["number"] == f"F-{year}-0003"


def test_pa_2_the_command_carries_the_invoice_and_a_retry_changes_nothing(world: World, tmp_path: Path) -> None:
    pid = released(world)
    path = invoice(tmp_path, "F-80", 50_000, pid)
    first = world.mp.request_payment(pid, 50_000, path, command_id="pay-once")
    assert world.mp.request_payment(pid, 50_000, path, command_id="pay-once") == first
    (req,) = world.mp.payments().requests
    assert req.invoice_sha256 == first["invoice_sha256"] and terms(world, pid)["requested_cents"] == 50_000
    (args,) = world.engine.conn.execute("SELECT args FROM journal WHERE command = 'payment.request'").fetchone()
    assert first["invoice_sha256"] in args and "%PDF" not in args  # the bytes travel beside the command
    # A command that comes without its file is refused, and nothing is recorded.
    ghost = BlobRef("0" * 64, "ghost.pdf", 10)
    with refused(InvalidInput, "did not come with the command"):
        world.engine.execute(RequestPayment(project_id=pid, amount_cents=10_000, invoice=ghost), world.mp.actor)
    assert len(world.mp.payments().requests) == 1


def test_pa_7_a_retried_generation_keeps_its_number_and_writes_the_same_file(world: World, tmp_path: Path) -> None:
    pid = released(world)
    first = world.mp.generate_invoice(pid, 10_000, str(tmp_path), command_id="gen-once")
    pdf = Path(first["path"]).read_bytes()
    Path(first["path"]).unlink()
    again = world.mp.generate_invoice(pid, 10_000, str(tmp_path), command_id="gen-once")
    assert again == first and Path(again["path"]).read_bytes() == pdf
    year = datetime.fromtimestamp(world.clock.now(), UTC).year
    # PA-7 (Decision): the same invoice generated again, not yet submitted, keeps its number too.
    assert world.mp.generate_invoice(pid, 10_000, str(tmp_path))["number"] == f"F-{year}-0001"
    assert world.mp.generate_invoice(pid, 20_000, str(tmp_path))["number"] == f"F-{year}-0002"


def _race_request(path: str, pid: int, invoice_path: str, barrier: object) -> str:
    from local_store import Store
    from pel_tui.backend import Engine, FixedClock, Marketplace
    from pel_tui.backend.errors import PelError

    store = Store.open(path)
    t = int(store.get_meta("test_clock") or 0)
    mp = Marketplace.for_user(Engine(store, FixedClock(t)))
    barrier.wait()  # type: ignore[attr-defined]
    try:
        mp.request_payment(pid, 100_000, invoice_path)
        return "ok"
    except PelError as e:
        return f"refused: {e}"


def _race_platform(path: str, pid: int, verb: str, barrier: object) -> str:
    from local_store import Store
    from pel_tui.backend import Engine, FixedClock, Platform
    from pel_tui.backend.errors import PelError

    store = Store.open(path)
    t = int(store.get_meta("test_clock") or 0)
    pl = Platform(Engine(store, FixedClock(t)))
    barrier.wait()  # type: ignore[attr-defined]
    try:
        if verb == "release":
            pl.release(pid, 100_000)
        else:
            pl.client_dispute(pid, "Livraison incomplète")
            pl.sma_decide(pid, 100_000, 50_000)
        return "ok"
    except PelError as e:
        return f"refused: {e}"


def test_pa_1_es_6_racing_processes_never_pay_twice(world: World, tmp_path: Path) -> None:
    """Two processes request the same available money; a release races a dispute decision."""
    pid = released(world, 300_000, 150_000)
    with world.engine.store.write():
        world.engine.store.set_meta("test_clock", str(world.clock.now()))
    a, b = invoice(tmp_path, "F-70", 100_000, pid), invoice(tmp_path, "F-71", 100_000, pid)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        barrier = ctx.Manager().Barrier(2)
        results = pool.starmap(_race_request, [(str(world.path), pid, a, barrier), (str(world.path), pid, b, barrier)])
        assert sorted(r[:7] for r in results) == ["ok", "refused"]
        barrier = ctx.Manager().Barrier(2)
        results = pool.starmap(_race_platform, [(str(world.path), pid, "release", barrier),
                                                (str(world.path), pid, "dispute", barrier)])
    f = terms(world, pid)
    assert_es_4(f)
    assert f["requested_cents"] == 100_000
    # Held was 150 000: the release and the decision never pay out more than that together.
    assert f["released_cents"] + f["refunded_cents"] <= 300_000
    assert f["held_cents"] >= 0 and "ok" in results


def test_pa_7_the_same_invoice_generated_again_keeps_its_number_and_no_number_is_lost(
        world: World, tmp_path: Path) -> None:
    """PA-7 (Decision): a number is taken only by an invoice the provider keeps; a folder that does not exist
    is refused before any number is taken, not written as a file named after it."""
    pid = released(world)
    year = datetime.fromtimestamp(world.clock.now(), UTC).year
    first = world.mp.generate_invoice(pid, 50_000, str(tmp_path))
    world.days(1)
    again = world.mp.generate_invoice(pid, 50_000, str(tmp_path / "copie.pdf"))
    assert (first["number"], first["again"], again["number"], again["again"]) == (
        f"F-{year}-0001", False, f"F-{year}-0001", True)
    assert again["issued_at"] == first["issued_at"]
    assert Path(again["path"]).read_bytes() == Path(first["path"]).read_bytes()  # the same invoice
    for missing in ("factures", "factures/", "nulle/part"):
        with refused(InvalidInput, "there is no folder .*make it first, or give a file name ending in .pdf"):
            world.mp.generate_invoice(pid, 25_000, str(tmp_path / missing))
        assert not (tmp_path / missing.rstrip("/")).exists()
    other = world.mp.generate_invoice(pid, 25_000, str(tmp_path))
    assert other["number"] == f"F-{year}-0002"  # nothing was taken by the refusals
    world.mp.request_payment(pid, 50_000, first["path"])
    after = world.mp.generate_invoice(pid, 50_000, str(tmp_path))  # 0001 is submitted: a new invoice
    assert (after["number"], after["again"]) == (f"F-{year}-0003", False)
    numbers = [n for (n,) in world.engine.conn.execute("SELECT number FROM provider_invoice_numbers ORDER BY seq")]
    assert numbers == [f"F-{year}-000{i}" for i in (1, 2, 3)]


def test_pa_7_the_generated_invoice_carries_the_legal_mentions_in_words(world: World, tmp_path: Path) -> None:
    """PA-7: the legal status in words, the client's name and address, payment terms, the late-payment penalty
    rate, the 40 € recovery fee and "EI" after an individual entrepreneur's name; the check warns of none."""
    cid = int(world.pl.add_client("Atelier Roux SARL", "contact@atelier-roux.fr", "+33 4 78 00 00 00", "FR", "Lyon",
                                  address="8 quai Saint-Vincent\n69001 Lyon")["client_id"])
    world.mp.set_legal_identity("micro_entreprise", "Alice Martin", SIRET, address="3 rue Neuve, Lyon")
    pid = world.post(client_id=cid)
    world.mp.consult(pid)
    world.mp.make_offer(pid, 300_000, 30, "Je réalise ce projet en trois semaines, avec des tests.")
    world.pl.select(pid, "alice", "r0")
    world.mp.confirm_terms(pid)
    world.pl.pay_commission(pid)
    world.pl.deposit(pid, 300_000)
    world.pl.release(pid, 150_000)
    res = world.mp.generate_invoice(pid, 150_000, str(tmp_path))
    report = world.mp.check_invoice_file(pid, 150_000, res["path"])
    assert report.ok and report.warnings == (), report.warnings
    for mention in ("Alice Martin EI", "Micro-entreprise (entrepreneur individuel)", "Atelier Roux SARL",
                    "8 quai Saint-Vincent", "69001 Lyon", "Échéance : paiement à réception",
                    "Pénalités de retard : trois fois le taux d'intérêt légal", "frais de recouvrement", "40 €"):
        assert mention in report.text, mention
    assert "micro_entreprise" not in report.text
    # An invoice of the provider's own making that lacks them: said as warnings, accepted all the same.
    bare = invoice(tmp_path, "F-90", 100_000, pid, seller_name="Alice Martin", individual=False,
                   client_name="Atelier Roux SARL")
    report = world.mp.check_invoice_file(pid, 100_000, bare)
    assert report.ok and {c.name for c in report.warnings} == {"client", "individual_entrepreneur"}
    assert world.mp.request_payment(pid, 100_000, bare)["state"] == "submitted"


def test_pa_3_check_invoice_exits_non_zero_when_the_invoice_would_be_refused(
        world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """PA-3: `pel check-invoice` says every check and, for a refused invoice, exits with the refusal's code."""
    from tests.conftest import run_cli

    pid = released(world)
    good = invoice(tmp_path, "F-70", 50_000, pid)
    wrong = invoice(tmp_path, "F-71", 50_000, pid, siret="84913726010005")
    code, out, _err = run_cli(capsys, "--store", str(world.path), "check-invoice", str(pid), "--amount", "500",
                              "--invoice", good)
    assert code == 0 and "All checks pass." in out
    assert "! client:" in out and "not refused for it" in out  # without the client's address: a warning only
    code, out, err = run_cli(capsys, "--store", str(world.path), "check-invoice", str(pid), "--amount", "500",
                             "--invoice", wrong)
    assert code == InvalidInput.exit_code and "The invoice would be refused." in out
    assert "✗ SIRET" in out and err.startswith("pel: invoice refused: the invoice does not mention your SIRET")
    code, out, _err = run_cli(capsys, "--store", str(world.path), "check-invoice", str(pid), "--amount", "500",
                              "--invoice", wrong, "--json")
    assert code == InvalidInput.exit_code and '"ok": false' in out
