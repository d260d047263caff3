"""Profile, portfolio, certification and referral (PF-1 … PF-8, RF-1), on a real store."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import stat
from pathlib import Path

import msgspec
import pytest
from PIL import Image

from pel_tui.backend import Engine, FixedClock, files
from pel_tui.backend.context import Actor
from pel_tui.backend.errors import InvalidInput, NotAllowed, NotFound
from pel_tui.backend.legal import valid_siret
from pel_tui.backend.policy import DAY, Policy, ProfilePolicy
from pel_tui.backend.profile_rules import completeness, missing, normalize_url
from pel_tui.i18n.profile import lack, lacks, referral_outcome, refusal_reason
from pel_tui.i18n.voice import CliVoice
from tests.conftest import OFFER_MSG, World, body, make_world, refused, said, title
from tests.conftest import run_cli as run

HOUR = 3_600
GOOD_SIRET = "73282932000074"  # a real, Luhn-valid SIRET
BAD_SIRET = "73282932000075"


def png(path: Path, size: tuple[int, int] = (300, 300), color: str = "teal") -> str:
    Image.new("RGB", size, color).save(path, format="PNG")
    return str(path)


def jpeg(path: Path, size: tuple[int, int] = (400, 250)) -> str:
    Image.new("RGB", size, "orange").save(path, format="JPEG")
    return str(path)


def notifications(w: World, kind: str) -> list[tuple[int, str, str]]:
    return [(int(n.at.timestamp()), title(n), body(n))
            for n in sorted(w.mp.notifications(limit=10_000), key=lambda n: n.id) if n.kind == kind]


def ref_status(w: World, rid: int) -> tuple[str, int | None, str | None]:
    row = w.engine.conn.execute(
        "SELECT status, resolved_at, refusal FROM provider_references WHERE id = ?", (rid,)
    ).fetchone()
    return row[0], row[1], row[2]


def add_ref(w: World, n: int = 1, year: int = 2025) -> int:
    res = w.mp.add_reference(f"Client {n}", f"contact{n}@client{n}.fr", "Refonte du site et API", year)
    return int(res["reference_id"])


# == PF-1 ==========================================================================================

def test_pf_1_preferences_filter_the_default_list(world: World) -> None:
    world.post("Développeur Django pour une API")
    world.post("Traduction d'un site", category="Traduction")
    res = world.mp.set_preferences(categories=["Traduction"], keywords=["site"], digest=False)
    assert res["preferences"]["categories"] == ["Traduction"] and res["digest"] is False
    prefs = world.mp.preferences()
    page = world.mp.projects(categories=tuple(prefs["categories"]))
    assert [p.title for p in page.projects] == ["Traduction d'un site"]


# == PF-2 ==========================================================================================

def test_pf_2_pseudo_is_immutable(world: World) -> None:
    journal = world.engine.conn.execute("SELECT count(*) FROM journal").fetchone()[0]
    with refused(NotAllowed, "a pseudo cannot be changed") as e:
        world.mp.rename_pseudo("alice2")
    assert e.value.code == "profile.pseudo_immutable"
    assert world.engine.conn.execute("SELECT count(*) FROM journal").fetchone()[0] == journal
    with pytest.raises(sqlite3.DatabaseError, match="immutable"), world.engine.store.write() as c:
        c.execute("UPDATE providers SET pseudo = 'alice2' WHERE id = ?", (world.mp.provider_id,))
    assert world.mp.profile().pseudo == "alice"
    # Everything else can change.
    world.mp.update_profile(display_name="Alice M.", headline="Développeuse Python")
    p = world.mp.profile()
    assert (p.display_name, p.headline, p.pseudo) == ("Alice M.", "Développeuse Python", "alice")


def test_pf_2_pseudo_rules_at_sign_up(world: World) -> None:
    for bad in ("Al", "alice!", "x" * 31, "Alice"):
        with refused(InvalidInput, "3 to 30"):
            world.pl.register_provider(bad, "X", "FR")
    with refused(InvalidInput, "taken"):
        world.pl.register_provider("alice", "Autre Alice", "FR")


# == PF-3 ==========================================================================================

def test_pf_3_a_300px_png_photo_is_stored_content_addressed_and_read_only(world: World, tmp_path: Path) -> None:
    res = world.mp.set_photo(png(tmp_path / "me.png"))
    sha = res["sha256"]
    assert (res["width"], res["height"]) == (300, 300)
    stored = world.path.parent / "files" / "images" / sha[:2] / f"{sha}.png"
    assert stored.read_bytes() == (tmp_path / "me.png").read_bytes()
    assert not stored.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert world.engine.conn.execute("SELECT kind, size_bytes FROM blobs WHERE sha256 = ?",
                                     (sha,)).fetchone() == ("image", stored.stat().st_size)
    view = world.mp.profile()
    assert view.photo_sha256 == sha and view.photo_path == str(stored)
    assert "photo" not in [m["what"] for m in view.missing]
    # The same image again: same blob, no second file, no error.
    assert world.mp.set_photo(png(tmp_path / "again.png"))["sha256"] == sha
    assert not list(stored.parent.glob(".*.part"))


def test_pf_3_a_jpeg_photo_is_accepted(world: World, tmp_path: Path) -> None:
    res = world.mp.set_photo(jpeg(tmp_path / "me.jpg"))
    assert (world.path.parent / "files" / "images" / res["sha256"][:2] / f"{res['sha256']}.jpg").exists()


@pytest.mark.parametrize("case", ["small", "text", "six_mb", "gif", "truncated", "missing"])
def test_pf_3_bad_photos_are_refused_with_the_reason(world: World, tmp_path: Path, case: str) -> None:
    f = tmp_path / "photo.png"
    if case == "small":
        png(f, (100, 100))
        reason = "100×100 pixels; at least 200×200"
    elif case == "text":
        f.write_text("I am not an image, just text in a .png file\n" * 10)
        reason = "not a valid PNG or JPEG"
    elif case == "six_mb":
        f.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(6 * 1024 * 1024))
        reason = "above the 5 MB limit"
    elif case == "gif":
        Image.new("RGB", (300, 300)).save(f, format="GIF")
        reason = "a PNG or JPEG is needed"
    elif case == "truncated":
        png(tmp_path / "full.png", (400, 400), "navy")
        data = (tmp_path / "full.png").read_bytes()
        f.write_bytes(data[: len(data) // 2])
        reason = "not a valid PNG or JPEG"
    else:
        reason = "is not a file"
    with refused(InvalidInput, reason):
        world.mp.set_photo(str(f))
    assert world.mp.profile().photo_sha256 is None
    assert world.engine.conn.execute("SELECT count(*) FROM blobs").fetchone()[0] == 0


def test_pf_3_files_need_a_store_on_disk(tmp_path: Path) -> None:
    from local_store import Store

    engine = Engine(Store.memory(), FixedClock(0))
    with refused(NotAllowed, "store on disk"), engine.store.write():
        files.keep(engine.ctx(Actor("platform")), b"data", "image", ".png")


def test_pf_3_completeness_says_what_is_missing(world: World, tmp_path: Path) -> None:
    c, me = world.engine.conn, world.mp.provider_id
    assert completeness(c, me) == 0
    assert lacks(missing(c, me)) == ["photo", "description of 200+ characters", "3+ skills",
                              "1+ portfolio item", "legal identity"]
    world.mp.set_photo(png(tmp_path / "me.png"))
    world.mp.update_profile(description="Trop court.", skills=["Python", "Django"])
    assert completeness(c, me) == 20
    res = world.mp.update_profile(description="D" * 200, skills=["Python", "Django", "python", "SQL"])
    assert res["changed"]["skills"] == ["Python", "Django", "SQL"]  # duplicates dropped
    assert res["completeness"] == 60
    world.mp.add_portfolio_item("API de réservation", "Django REST", 2025)
    world.mp.set_legal_identity("micro_entreprise", "Alice Martin EI", GOOD_SIRET)
    view = world.mp.profile()
    assert (view.completeness, view.missing) == (100, [])


def test_pf_3_update_profile_checks_its_fields(world: World) -> None:
    with refused(InvalidInput, "nothing to change"):
        world.mp.update_profile()
    with refused(InvalidInput, "display name cannot be empty"):
        world.mp.update_profile(display_name="  ")
    with refused(InvalidInput, "US"):
        world.mp.update_profile(country="US")
    assert world.mp.update_profile(country="be")["changed"]["country"] == "BE"


def test_pf_3_legal_identity_with_siret_checksum(world: World) -> None:
    ok, why = world.mp.can_invoice()
    assert why is not None
    msg = said(why)
    assert not ok and "micro-entreprise" in msg and "umbrella company (portage salarial)" in msg
    assert world.mp.legal_identity() is None
    with refused(InvalidInput, "checksum"):
        world.mp.set_legal_identity("micro_entreprise", "Alice Martin EI", BAD_SIRET)
    with refused(InvalidInput, "14 digits"):
        world.mp.set_legal_identity("micro_entreprise", "Alice Martin EI", "7328293200007")
    with refused(InvalidInput, "legal status"):
        world.mp.set_legal_identity("salarie", "Alice Martin", GOOD_SIRET)
    with refused(InvalidInput, "VAT"):
        world.mp.set_legal_identity("company", "Alice SAS", GOOD_SIRET, vat_number="12345")
    world.mp.set_legal_identity("company", "Alice SAS", "732 829 320 00074", vat_number="fr 44 732829320",
                                address="1 rue de la Paix, 75002 Paris")
    assert world.mp.legal_identity() == {
        "status": "company", "legal_name": "Alice SAS", "siret": GOOD_SIRET, "vat_number": "FR44732829320",
        "address": "1 rue de la Paix, 75002 Paris",
    }
    assert world.mp.can_invoice()[0] is True
    # Outside France a registration number without the French checksum.
    assert world.bob.set_legal_identity("company", "Bob SRL", "0123.456.789")["legal"]["siret"] == "0123456789"


def test_pf_3_local_siret_check() -> None:
    assert valid_siret(GOOD_SIRET)
    assert not valid_siret(BAD_SIRET)
    assert not valid_siret("1234")
    assert valid_siret("35600000000048")  # La Poste's head office (Luhn)
    assert valid_siret("35600000000001")  # La Poste's establishments: digit sum multiple of 5
    assert not valid_siret("35600000000002")


# == PF-4 ==========================================================================================

def test_pf_4_sign_up_from_outside_the_countries_is_refused_with_the_list(world: World) -> None:
    with pytest.raises(InvalidInput) as e:
        world.pl.register_provider("carol", "Carol", "US")
    for code in ("FR", "BE", "CH", "LU", "MC", "CA", "MA", "TN", "SN", "CI"):
        assert code in said(e.value)
    assert world.pl.register_provider("dan", "Dan", "sn")["pseudo"] == "dan"


# == PF-5 ==========================================================================================

def test_pf_5_portfolio_items_with_images(world: World, tmp_path: Path) -> None:
    imgs = [png(tmp_path / f"i{i}.png", color=c) for i, c in enumerate(["red", "green", "blue"])]
    res = world.mp.add_portfolio_item("Boutique en ligne", "Shopify + API", 2024,
                                      link="https://Exemple.fr/projet#haut", images=imgs)
    items = world.mp.portfolio()
    assert [(i.id, i.title, i.year, i.link) for i in items] == [
        (res["item_id"], "Boutique en ligne", 2024, "https://exemple.fr/projet")]
    assert items[0].images == res["images"] and len(set(res["images"])) == 3
    world.mp.remove_portfolio_item(res["item_id"])
    assert world.mp.portfolio() == []
    with pytest.raises(NotFound):
        world.mp.remove_portfolio_item(res["item_id"])


def test_pf_5_at_most_five_images_each_same_checks_as_the_photo(world: World, tmp_path: Path) -> None:
    six = [png(tmp_path / f"i{i}.png") for i in range(6)]
    with refused(InvalidInput, "at most 5"):
        world.mp.add_portfolio_item("Six", "", 2024, images=six)
    small = png(tmp_path / "small.png", (120, 500))
    with refused(InvalidInput, "at least 200×200"):
        world.mp.add_portfolio_item("Petit", "", 2024, images=[six[0], small])
    # A refused item leaves nothing behind.
    assert world.mp.portfolio() == []
    assert world.engine.conn.execute("SELECT count(*) FROM blobs").fetchone()[0] == 0
    with refused(InvalidInput, "year"):
        world.mp.add_portfolio_item("Futur", "", 2031)
    with refused(InvalidInput, "http"):
        world.mp.add_portfolio_item("Lien", "", 2024, link="ftp://exemple.fr")


def test_pf_5_at_most_thirty_items(world: World) -> None:
    for i in range(30):
        world.mp.add_portfolio_item(f"Projet {i}", "", 2020)
    with refused(NotAllowed, "30"):
        world.mp.add_portfolio_item("Trente et un", "", 2020)


# == PF-6 ==========================================================================================

def certify_by_references(w: World) -> None:
    for n in range(1, 4):
        w.pl.scp_confirm(add_ref(w, n))


def finalized_contract(w: World, stars: int | None, i: int) -> int:
    """A real contract (post, consult, offer, select, confirm, commission), then finalized in SQL."""
    pid = w.post(f"Projet numéro {i}")
    w.mp.consult(pid)
    w.mp.make_offer(pid, 150_000, 20, OFFER_MSG)
    w.pl.select(pid, "alice")
    w.mp.confirm_terms(pid)
    w.pl.pay_commission(pid)
    now = w.engine.now()
    with w.engine.store.write() as c:
        cid = c.execute("SELECT id FROM contracts WHERE project_id = ?", (pid,)).fetchone()[0]
        c.execute("UPDATE contracts SET status = 'finalized', finalized_at = ?, ended_at = ? WHERE id = ?",
                  (now, now, cid))
        c.execute("UPDATE projects SET status = 'finalized', status_at = ? WHERE id = ?", (now, pid))
        if stars is not None:  # both sides rated: the ratings are visible (FO-3)
            c.execute("INSERT INTO ratings(contract_id, by_side, stars, comment, at) VALUES (?, 'client', ?, '', ?)",
                      (cid, stars, now))
            c.execute("INSERT INTO ratings(contract_id, by_side, stars, comment, at) VALUES (?, 'provider', 5, '', ?)",
                      (cid, now))
    return int(cid)


def lose_dispute(w: World, cid: int, at: int) -> None:
    with w.engine.store.write() as c:
        c.execute(
            "INSERT INTO disputes(contract_id, opened_by, reason, opened_at, cap_cents, status, resolved_at, "
            "outcome_provider_cents, outcome_client_cents) VALUES (?, 'client', 'retard', ?, 100000, "
            "'decided', ?, 20000, 80000)", (cid, at - 10 * DAY, at),
        )


def test_pf_6_certified_by_three_references(world: World) -> None:
    assert world.mp.certification()["certified"] is False
    r1, r2, r3 = add_ref(world, 1), add_ref(world, 2), add_ref(world, 3)
    world.pl.scp_confirm(r1)
    world.pl.scp_refuse(r2, "denied")
    cert = world.mp.certification()
    assert cert["references"]["certified"] == 1 and not cert["certified"]
    assert "2 more certified references" in lack(cert["references"]["missing"][0])
    world.pl.scp_confirm(r3)
    assert not world.mp.certification()["certified"]
    res = world.pl.scp_confirm(add_ref(world, 4))
    assert res["provider_certified"] is True
    cert = world.mp.certification()
    assert (cert["certified"], cert["path"], cert["references"]["missing"]) == (True, "references", [])
    view = world.mp.profile()
    assert view.certified and view.certification_path == "references"
    assert len(notifications(world, "certified")) == 1  # NO-1, once


def test_pf_6_certified_by_reputation(world: World) -> None:
    for i, stars in enumerate([5, 5, 4, 5, 4]):  # average 4.6
        cid = finalized_contract(world, stars, i)
    cert = world.mp.certification()
    assert cert["reputation"]["finalized_projects"] == 5
    assert cert["reputation"]["average_rating"] == 4.6
    assert (cert["certified"], cert["path"]) == (True, "reputation")
    # A dispute lost now breaks the path; 13 months later it no longer counts.
    lose_dispute(world, cid, world.engine.now())
    cert = world.mp.certification()
    assert not cert["certified"] and "no dispute lost in the last 12 months" in lack(cert["reputation"]["missing"][0])
    world.days(396)
    assert world.mp.certification()["certified"] is True


def test_pf_6_reputation_needs_five_projects_and_an_average_of_4_5(world: World) -> None:
    for i, stars in enumerate([5, 5, 5, 5]):
        finalized_contract(world, stars, i)
    cert = world.mp.certification()
    assert not cert["certified"] and lacks(cert["reputation"]["missing"]) == ["1 more finalized project (4 of 5)"]
    finalized_contract(world, 2, 4)  # average 4.4
    cert = world.mp.certification()
    assert not cert["certified"] and "yours: 4.4" in lack(cert["reputation"]["missing"][0])
    # A refund won by the provider is not a lost dispute.
    assert cert["reputation"]["disputes_lost"] == 0


# == PF-7 ==========================================================================================

def test_pf_7_the_scp_sends_the_request_at_once(world: World) -> None:
    rid = add_ref(world)
    assert world.engine.conn.execute(
        "SELECT n, sent_at FROM reference_sends WHERE reference_id = ?", (rid,)).fetchall() == [
        (1, world.engine.now())]
    assert ref_status(world, rid) == ("pending", None, None)
    assert len(notifications(world, "reference_sent")) == 1
    ref = world.mp.references()[0]
    assert ref.status == "pending" and len(ref.sends) == 1


def test_pf_7_reference_year_within_five_years(world: World) -> None:  # the clock is in 2026
    add_ref(world, 1, 2021)
    with refused(InvalidInput, "2021 to 2026"):
        add_ref(world, 2, 2020)
    with refused(InvalidInput, "2021 to 2026"):
        add_ref(world, 3, 2027)
    with refused(InvalidInput, "email"):
        world.mp.add_reference("X", "not-an-email", "travail", 2025)


def test_pf_7_own_domain_is_refused_at_once(world: World) -> None:
    res = world.mp.add_reference("Mon associé", "associe@Example.fr", "Site", 2025)
    assert (res["status"], res["refusal"]) == ("refused", "own_domain")
    assert ref_status(world, res["reference_id"])[::2] == ("refused", "own_domain")
    assert world.engine.conn.execute("SELECT count(*) FROM reference_sends").fetchone()[0] == 0
    assert "own domain" in notifications(world, "reference_refused")[0][2]


def test_pf_7_resend_after_48_hours_at_most_three_sends(world: World) -> None:
    rid = add_ref(world)
    with refused(NotAllowed, "after 48 hours"):
        world.mp.resend_reference(rid)
    world.engine.advance(47 * HOUR)
    with refused(NotAllowed, "after 48 hours"):
        world.mp.resend_reference(rid)
    world.engine.advance(HOUR)
    assert world.mp.resend_reference(rid)["sends"] == 2
    world.days(2)
    assert world.mp.resend_reference(rid)["sends_left"] == 0
    world.days(3)
    with refused(NotAllowed, "3 times"):
        world.mp.resend_reference(rid)
    assert len(notifications(world, "reference_sent")) == 3
    with pytest.raises(NotFound):
        world.bob.resend_reference(rid)  # not bob's


def test_pf_7_no_answer_after_14_days_expires_at_the_right_time_idempotently(world: World) -> None:
    rid = add_ref(world)
    world.days(3)
    world.mp.resend_reference(rid)
    last = world.engine.now()
    world.days(13.9)
    assert ref_status(world, rid)[0] == "pending"  # 14 days count from the last send
    world.days(30)  # a long pause: expired at its own time, once
    assert ref_status(world, rid) == ("expired", last + 14 * DAY, None)
    world.engine.catch_up()
    world.engine.catch_up()
    expired = notifications(world, "reference_expired")
    assert len(expired) == 1 and expired[0][0] == last + 14 * DAY
    with refused(NotAllowed, "pending"):
        world.pl.scp_confirm(rid)
    # A re-send of an expired request makes it pending again, with a new 14 days.
    assert world.mp.resend_reference(rid)["status"] == "pending"
    assert ref_status(world, rid) == ("pending", None, None)
    world.days(14)
    assert ref_status(world, rid)[0] == "expired"
    assert len(notifications(world, "reference_expired")) == 2
    with refused(NotAllowed, "3 times"):
        world.mp.resend_reference(rid)


def test_pf_7_scp_refusal_reasons_are_notified(world: World) -> None:
    rid = add_ref(world)
    with refused(InvalidInput, "personal_relation"):
        world.pl.scp_refuse(rid, "bad mood")
    world.pl.scp_refuse(rid, "personal_relation")
    assert ref_status(world, rid)[::2] == ("refused", "personal_relation")
    assert "personal relation" in notifications(world, "reference_refused")[0][2]
    with pytest.raises(NotAllowed):
        world.mp.resend_reference(rid)
    assert refusal_reason(world.mp.references()[0].refusal) == "the client is a personal relation (family, employer)"


def test_pf_7_certification_steps_are_notifications(world: World) -> None:
    """NO-1: sent, confirmed, refused, expired, certified."""
    certify_by_references(world)
    add_ref(world, 5)
    world.pl.scp_refuse(add_ref(world, 6), "unreachable")
    world.days(15)
    kinds = {k for (k,) in world.engine.conn.execute(
        "SELECT kind FROM notifications WHERE provider_id = ?", (world.mp.provider_id,))}
    assert {"reference_sent", "reference_confirmed", "reference_refused", "reference_expired",
            "certified"} <= kinds


# == PF-8 ==========================================================================================

def test_pf_8_badge_only_for_a_certified_provider(world: World, tmp_path: Path) -> None:
    with refused(NotAllowed, "certified reference"):
        world.mp.save_badge(str(tmp_path / "badge"))
    assert not (tmp_path / "badge").exists()
    certify_by_references(world)
    res = world.mp.save_badge(str(tmp_path / "badge"))
    svg, png_path = Path(res["svg"]), Path(res["png"])
    assert svg.name == "prestataire-certifie.svg" and png_path.name == "prestataire-certifie.png"
    text = svg.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "alice" in text and "Certifié" in text
    with Image.open(png_path) as im:
        assert im.format == "PNG" and im.size == (400, 400)
        im.verify()


# == RF-1 ==========================================================================================

def test_rf_1_a_checked_promotion_earns_five_offer_credits(world: World) -> None:
    before = world.mp.credits().balances["offer"]
    rid = world.mp.submit_referral("https://Blog.example.com/pel-tui#intro")["referral_id"]
    res = world.pl.check_referral(rid, True)
    assert (res["status"], res["offer_credits"]) == ("rewarded", 5)
    assert world.mp.credits().balances["offer"] == before + 5
    assert world.engine.conn.execute(
        "SELECT source, quantity FROM credit_grants WHERE provider_id = ? AND source = 'referral'",
        (world.mp.provider_id,)).fetchall() == [("referral", 5)]
    assert notifications(world, "referral_rewarded")
    with refused(NotAllowed, "already checked"):
        world.pl.check_referral(rid, True)


def test_rf_1_the_same_url_is_rewarded_once(world: World) -> None:
    rid = world.mp.submit_referral("https://blog.example.com/pel")["referral_id"]
    rid_bob = world.bob.submit_referral("https://BLOG.example.com/pel")["referral_id"]
    with refused(NotAllowed, "already submitted"):
        world.mp.submit_referral("https://blog.example.com/pel")
    world.pl.check_referral(rid, True)
    with refused(NotAllowed, "already rewarded"):
        world.mp.submit_referral("https://blog.example.com/pel#top")
    res = world.pl.check_referral(rid_bob, True)
    assert (res["status"], res["offer_credits"]) == ("refused", 0)
    assert "once" in referral_outcome(res["reason"], res["note"], CliVoice())


def test_rf_1_at_most_three_rewarded_per_12_months(world: World) -> None:
    rewarded = []
    for i in range(4):
        rid = world.mp.submit_referral(f"https://site{i}.example.org/article")["referral_id"]
        rewarded.append(world.pl.check_referral(rid, True)["status"])
        world.days(30)
    assert rewarded == ["rewarded", "rewarded", "rewarded", "refused"]
    last = world.mp.referrals()[0]
    note = referral_outcome(last.reason, last.note, CliVoice(), next_at=last.next_at,
                            max_rewarded=last.max_rewarded, period_months=last.period_months)
    assert "at most 3 rewarded promotions per 12 months" in note
    world.days(250)  # the first reward is now more than 12 months old
    rid = world.mp.submit_referral("https://site9.example.org/article")["referral_id"]
    assert world.pl.check_referral(rid, True)["status"] == "rewarded"


def test_rf_1_refused_or_malformed(world: World) -> None:
    for bad in ("blog.example.com", "javascript:alert(1)", "https://", "https://exa mple.com", "ftp://x.fr"):
        with pytest.raises(InvalidInput):
            world.mp.submit_referral(bad)
    rid = world.mp.submit_referral("http://example.com")["referral_id"]
    res = world.pl.check_referral(rid, False, "page introuvable")
    assert (res["status"], res["note"], res["offer_credits"]) == ("refused", "page introuvable", 0)
    assert normalize_url("HTTPS://Example.COM") == "https://example.com/"


def test_rf_1_policy_numbers_come_from_profile_policy(world: World) -> None:
    """The Decisions live in ProfilePolicy, read from `policy.profile` when the policy has one."""

    class WithProfile(Policy, frozen=True):
        profile: ProfilePolicy = msgspec.field(default_factory=ProfilePolicy)

    world.engine.policy = WithProfile(profile=ProfilePolicy(referral_reward_offer_credits=7))
    rid = world.mp.submit_referral("https://example.com/a")["referral_id"]
    assert world.pl.check_referral(rid, True)["offer_credits"] == 7


# == the command line ==============================================================================

@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.sqlite"
    w = make_world(path)
    w.engine.store.close()
    monkeypatch.setenv("PEL_STORE", str(path))
    return path


def test_pf_3_cli_profile_set_photo_and_view(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "profile", "set", "--headline", "Développeuse Django",
                         "--skill", "Python", "--skill", "Django", "--skill", "SQL")
    assert code == 0, err
    assert run(capsys, "profile", "photo", png(tmp_path / "p.png"))[0] == 0
    code, out, _ = run(capsys, "profile", "--json")
    view = json.loads(out)
    assert view["headline"] == "Développeuse Django" and view["skills"] == ["Python", "Django", "SQL"]
    assert view["completeness"] == 40 and "legal identity" in view["missing_words"]
    code, out, _ = run(capsys, "profile")
    assert "completeness: 40%" in out
    code, _, err = run(capsys, "profile", "photo", str(tmp_path / "nothing.png"))
    assert code == 2 and "image refused" in err
    code, _, err = run(capsys, "profile", "rename", "alice2")
    assert code != 0 and "a pseudo cannot be changed" in err
    code, out, _ = run(capsys, "profile", "legal")
    assert "umbrella company" in out
    assert run(capsys, "profile", "legal", "--status", "micro_entreprise", "--name", "Alice EI",
               "--siret", GOOD_SIRET)[0] == 0


def test_pf_7_cli_reference_scp_and_certification(store: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    for n in range(1, 4):
        code, out, err = run(capsys, "reference", "add", "--name", f"Client {n}", "--email",
                             f"c{n}@client{n}.fr", "--work", "Une API", "--year", "2025", "--json")
        assert code == 0, err
        rid = json.loads(out)["reference_id"]
        code, out, err = run(capsys, "platform", "scp-confirm", str(rid), "--json")
        assert code == 0 and json.loads(out)["status"] == "certified", err
    code, out, _ = run(capsys, "certification", "--json")
    assert json.loads(out)["path"] == "references"
    code, out, _ = run(capsys, "badge", "-o", str(tmp_path / "b"))
    assert code == 0 and (tmp_path / "b" / "prestataire-certifie.png").exists()
    code, _, err = run(capsys, "reference", "resend", "1")
    assert code == 1 and "certified" in err


def test_rf_1_cli_referral_and_check(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "referral", "https://example.com/post", "--json")
    rid = json.loads(out)["referral_id"]
    code, out, err = run(capsys, "platform", "check-referral", str(rid), "ok", "--json")
    assert code == 0 and json.loads(out)["offer_credits"] == 5, err
    code, out, _ = run(capsys, "referral")
    assert "rewarded" in out
    code, out, _ = run(capsys, "portfolio", "add", "Un site", "--description", "Vitrine", "--year", "2024")
    assert code == 0 and "added" in out
    code, out, _ = run(capsys, "portfolio")
    assert "Un site" in out


@pytest.mark.parametrize("again", [
    "https://blog.exemple.fr/freelance-et-plateformes/",  # a trailing slash: the issue's
    "http://blog.exemple.fr/freelance-et-plateformes",  # the scheme
    "https://www.blog.exemple.fr/freelance-et-plateformes",  # www.
    "https://BLOG.Exemple.FR/freelance-et-plateformes",  # the host's case
    "https://blog.exemple.fr/freelance-et-plateformes#commentaires",  # a fragment
    "https://blog.exemple.fr/freelance-et-plateformes?utm_source=linkedin&utm_medium=post",  # tracking
    "HTTP://WWW.blog.exemple.fr/freelance-et-plateformes/?utm_campaign=x#top",  # all at once
])
def test_rf_1_the_same_promotion_written_another_way_is_rewarded_once(world: World, again: str) -> None:
    """RF-1 (Decision): URLs that differ only by scheme, host case, a trailing slash, `www.`, a fragment or
    `utm_*` parameters are the same promotion: refused once rewarded, by the provider and by the platform."""
    rid = world.mp.submit_referral("https://blog.exemple.fr/freelance-et-plateformes")["referral_id"]
    with refused(NotAllowed, "already submitted"):
        world.mp.submit_referral(again)
    rid_bob = world.bob.submit_referral(again)["referral_id"]
    world.pl.check_referral(rid, True)
    with refused(NotAllowed, "already rewarded"):
        world.mp.submit_referral(again)
    res = world.pl.check_referral(rid_bob, True)
    assert (res["status"], res["reason"], res["offer_credits"]) == ("refused", "already_rewarded", 0)
    # Another page, or another parameter than tracking, is another promotion.
    for other in ("https://blog.exemple.fr/freelance-et-plateformes-2", "https://blog.exemple.fr/Freelance-et-plateformes",
                  "https://blog.exemple.fr/freelance-et-plateformes?page=2"):
        assert world.mp.submit_referral(other)["status"] == "submitted"


def _kept(world: World, sha: str, ext: str) -> bytes:
    return (world.path.parent / "files" / "images" / sha[:2] / f"{sha}{ext}").read_bytes()


def test_pf_3_a_truncated_jpeg_is_refused(world: World, tmp_path: Path) -> None:
    import random

    rng = random.Random(3)
    noisy = Image.frombytes("RGB", (400, 400), bytes(rng.randrange(256) for _ in range(400 * 400 * 3)))
    full = tmp_path / "full.jpg"
    noisy.save(full, format="JPEG", quality=95)
    data = full.read_bytes()
    cut = tmp_path / "cut.jpg"
    cut.write_bytes(data[: len(data) * 2 // 3])  # Image.verify() lets this one pass
    with refused(InvalidInput, "not a valid PNG or JPEG"):
        world.mp.set_photo(str(cut))
    assert world.mp.profile().photo_sha256 is None


def test_pf_3_images_are_kept_re_encoded_without_what_follows_nor_their_metadata(
    world: World, tmp_path: Path
) -> None:
    padded = tmp_path / "padded.png"
    png(padded, (300, 300))
    padded.write_bytes(padded.read_bytes() + os.urandom(4 * 1024 * 1024))  # 4 MB after the PNG's end
    res = world.mp.set_photo(str(padded))
    kept = _kept(world, res["sha256"], ".png")
    assert len(kept) < 100_000 and kept.endswith(b"IEND\xaeB`\x82")
    with Image.open(io.BytesIO(kept)) as im:
        assert im.size == (300, 300)

    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 8.0)}  # a GPS position in Paris
    exif[0x010F] = "PhoneMaker"
    photo = tmp_path / "gps.jpg"
    Image.new("RGB", (400, 300), "orange").save(photo, format="JPEG", exif=exif)
    with Image.open(photo) as im:
        assert im.getexif().get_ifd(0x8825)  # the file holds the position
    res = world.mp.set_photo(str(photo))
    with Image.open(io.BytesIO(_kept(world, res["sha256"], ".jpg"))) as im:
        assert not im.getexif() and im.size == (400, 300)  # kept without it
