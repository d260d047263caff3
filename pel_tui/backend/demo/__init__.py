"""The demo marketplace: a generated market, then the user's own story played through the engine.

The bulk (clients, competitors, projects, their offers) comes from `generator` (its words from `words`); the user's account
(subscription, credits, offers in every state, contracts) is made by the same commands a provider
and the platform use, on a clock that runs from eight weeks ago to now and never past it, so that
every state it shows is one the rules can reach, and nothing is dated after the demo's now.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from local_store import Store
from pel_tui.backend.clock import Clock, FixedClock, SystemClock
from pel_tui.backend.demo.generator import generate_marketplace
from pel_tui.backend.engine import Engine
from pel_tui.backend.marketplace import Marketplace
from pel_tui.backend.platform import Platform
from pel_tui.backend.policy import DAY, DEFAULT_POLICY, Policy

USER_PSEUDO = "camille-dev"
STORY_DAYS = 56  # the story takes 54 days: it ends at now, never after

_OFFER_TEXTS = (
    "Bonjour, je réalise ce type de projet depuis huit ans : je vous propose un premier jalon "
    "livré sous une semaine, puis des points hebdomadaires.",
    "Bonjour, j'ai lu votre cahier des charges avec attention. Je peux démarrer lundi et vous "
    "livrer une première version testable en dix jours.",
    "Bonjour, développeuse indépendante spécialisée sur ce sujet, je vous propose une réalisation "
    "soignée, documentée et maintenable, avec trois mois de garantie.",
)


@dataclass(frozen=True)
class DemoResult:
    projects: int
    provider_id: int
    path: str | None


def build_demo(
    store: Store,
    *,
    projects: int = 5_000,
    seed: int = 7,
    clock: Clock | None = None,
    policy: Policy = DEFAULT_POLICY,
) -> DemoResult:
    """Fill an empty store with a demo marketplace and the user's account (meta `me`)."""
    final_clock = clock or SystemClock(0)
    now = final_clock.now()
    generate_marketplace(store, projects=projects, seed=seed, now=now, policy=policy)
    story_clock = _StoryClock(now - STORY_DAYS * DAY, now)
    engine = Engine(store, story_clock, policy)
    me = _play_story(engine, story_clock, random.Random(seed), now)
    engine.clock = final_clock
    engine.catch_up()
    with store.write():
        store.set_meta("me", str(me))
        store.set_meta("demo_seed", str(seed))
    return DemoResult(projects, me, str(store.path) if store.path else None)


class _StoryClock(FixedClock):
    """The story's clock: it moves forward only, and never past the demo's now (the engine writes
    nothing later than its clock, and the story's clock ends as the demo's)."""

    def __init__(self, start: int, end: int) -> None:
        super().__init__(start)
        self.end = end

    def advance(self, seconds: int) -> None:
        if self.t + seconds > self.end:
            raise AssertionError(f"the demo's story runs {self.t + seconds - self.end} s past its now")
        super().advance(seconds)

    def reach(self, t: int) -> None:
        """At `t` at the latest: the clock moves to `t` unless it is already there."""
        self.advance(max(0, t - self.t))


def _open_before(engine: Engine, t: int, rng: random.Random, n: int, exclude: set[int]) -> list[int]:
    """n open projects posted before t, spread across the list."""
    ids = [
        pid for (pid,) in engine.conn.execute(
            "SELECT id FROM projects WHERE status = 'open' AND created_at <= ? AND created_at >= ? "
            "ORDER BY id DESC LIMIT 400",
            (t, t - 40 * DAY),
        )
        if pid not in exclude
    ]
    rng.shuffle(ids)
    picked = ids[:n]
    exclude.update(picked)
    return picked


def _play_story(engine: Engine, clock: _StoryClock, rng: random.Random, now: int) -> int:
    pl = Platform(engine)
    me = int(pl.register_provider(USER_PSEUDO, "Camille Durand", "FR", "camille@exemple.fr")["provider_id"])
    mp = Marketplace(engine, me)
    mp.set_preferences(categories=["Développement web", "Application mobile"],
                       keywords=[], min_budget_cents=50_000, countries=["FR", "BE", "CH"])
    mp.subscribe("pro", mp.subscription_sentence("pro"))
    _profile_story(engine, mp, pl, clock)
    competitors = [
        p for (p,) in engine.conn.execute(
            "SELECT pseudo FROM providers WHERE id <> ? ORDER BY id LIMIT 40", (me,)
        )
    ]
    used: set[int] = set()

    def offer(pid: int, amount: int) -> None:
        mp.consult(pid)
        mp.make_offer(pid, amount, rng.randint(7, 60), rng.choice(_OFFER_TEXTS))

    # Week 1: browse, consult, offer; one project won in base formula, three in R0.
    clock.advance(DAY)
    won_base, won_r0, lost, withdrawn, disputed, done = _open_before(engine, clock.now(), rng, 6, used)
    for pid, amount in ((won_base, 180_000), (won_r0, 420_000), (lost, 95_000), (withdrawn, 60_000),
                        (disputed, 250_000), (done, 120_000)):
        offer(pid, amount)
    rival = competitors[0]
    pl.offer_as(lost, rival, 80_000, 15, "Bonjour, je peux réaliser ce projet rapidement et à bon prix.")
    clock.advance(DAY)
    pl.read_offers(won_base)
    pl.read_offers(lost)
    mp.make_offer(won_base, 175_000, 21, _OFFER_TEXTS[1] + " Tarif ajusté après vos précisions.")
    pl.read_offers(won_base)
    mp.withdraw(withdrawn)
    clock.advance(DAY)
    pl.select(won_base, USER_PSEUDO, "base")
    for pid in (won_r0, disputed, done):
        pl.select(pid, USER_PSEUDO, "r0")
    pl.select(lost, rival, "base")
    clock.advance(DAY)
    Marketplace(engine, pl.provider_id(rival)).confirm_terms(lost)
    pl.pay_commission(lost)
    for pid in (won_base, won_r0, disputed, done):
        mp.confirm_terms(pid)
    clock.advance(DAY)
    for pid in (won_base, won_r0, disputed, done):
        pl.pay_commission(pid)
    if engine.store.path is not None:
        _escrow_story(mp, pl, clock, won_r0, disputed, done)

    # Weeks 2-5: more consultations, questions, contacts, hidden and stale projects.
    for _ in range(4):
        clock.advance(7 * DAY)
        for pid in _open_before(engine, clock.now(), rng, 4, used):
            mp.consult(pid)
            roll = rng.random()
            if roll < 0.5:
                mp.make_offer(pid, rng.randrange(40_000, 600_000, 5_000), rng.randint(5, 90),
                              rng.choice(_OFFER_TEXTS))
            elif roll < 0.7:
                mp.ask(pid, "Bonjour, le budget inclut-il l'hébergement et la maintenance ?")
            if rng.random() < 0.3:
                mp.reveal_contact(pid)
        for pid in _open_before(engine, clock.now(), rng, 1, used):
            mp.hide(pid)
    for pid in _open_before(engine, clock.now(), rng, 1, used):
        mp.consult(pid)
        mp.report_stale(pid)

    # Last days: a selection that awaits the user's confirmation, read receipts.
    clock.reach(now - 2 * DAY)
    (pending,) = _open_before(engine, clock.now(), rng, 1, used)
    offer(pending, 240_000)
    clock.advance(DAY // 2)
    pl.read_offers(pending)
    pl.select(pending, USER_PSEUDO, "r0")
    clock.reach(now)
    return me


def _escrow_story(mp: Marketplace, pl: Platform, clock: FixedClock, won: int, disputed: int, done: int) -> None:
    """R0 contracts in every state: tranches funded or not, payments paid and pending, a dispute
    awaiting the provider's answer, a finished project with its ratings."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        def invoice_and_request(pid: int, amount: int) -> int:
            inv = mp.generate_invoice(pid, amount, tmp)
            return int(mp.request_payment(pid, amount, inv["path"])["request_id"])

        pl.set_tranches(won, [170_000, 250_000], ["Maquettes et API", "Application complète"])
        pl.deposit(won, 170_000, 1)
        pl.deposit(disputed, 250_000)
        pl.deposit(done, 120_000)
        mp.start_tranche(won, 1)
        clock.advance(4 * DAY)
        mp.deliver(won, 1, "Maquettes validées et API documentée")
        mp.deliver(disputed, 1, "Première version du site")
        mp.deliver(done, 1, "Traduction complète relue")
        clock.advance(2 * DAY)
        pl.release(won, 170_000, 1)
        pl.release(done, 120_000)
        clock.advance(DAY)
        paid = invoice_and_request(won, 100_000)
        done_req = invoice_and_request(done, 120_000)
        pl.validate_payment(paid)
        pl.validate_payment(done_req)
        mp.declare_finalized(done)
        clock.advance(5 * DAY)
        pl.confirm_finalized(done)
        mp.rate_client(done, 5, "Client précis et réactif")
        pl.rate_provider(done, 5, "Travail soigné, délais tenus")
        pl.deposit(won, 120_000, 2)  # tranche 2 funded in part: ES-2 says so
        invoice_and_request(won, 70_000)  # awaits accounting
        clock.advance(4 * DAY)
        pl.client_dispute(disputed, "Le site livré ne correspond pas aux maquettes validées")
        clock.advance(2 * DAY)
        pl.sma_propose(disputed, 150_000, 100_000)


DEMO_SIRET = "84913726010005"  # a made-up SIRET with a valid checksum


def _profile_story(engine: Engine, mp: Marketplace, pl: Platform, clock: FixedClock) -> None:
    """A complete profile with a legal identity, so invoicing works out of the box (PA-6, PA-7)."""
    mp.update_profile(
        headline="Développeuse full-stack Python / Django et React",
        description=(
            "Développeuse indépendante depuis 2016, je conçois et réalise des applications web sur "
            "mesure pour des PME et des associations : API Django, interfaces React, intégrations de "
            "paiement et tableaux de bord. Je travaille par jalons courts, avec une démonstration à "
            "chaque étape et une documentation livrée avec le code."
        ),
        skills=["Python", "Django", "React", "PostgreSQL", "API REST"],
    )
    mp.set_legal_identity("micro_entreprise", "Camille Durand EI", DEMO_SIRET,
                          address="12 rue des Tanneurs, 69001 Lyon")
    if engine.store.path is not None:
        import tempfile

        from PIL import Image, ImageDraw

        with tempfile.TemporaryDirectory() as tmp:
            photo = Path(tmp) / "camille.png"
            img = Image.new("RGB", (256, 256), (46, 94, 170))
            ImageDraw.Draw(img).ellipse((64, 40, 192, 168), fill=(240, 200, 170))
            img.save(photo)
            shot = Path(tmp) / "capture.png"
            Image.new("RGB", (640, 400), (230, 236, 245)).save(shot)
            mp.set_photo(str(photo))
            mp.add_portfolio_item("Réservation en ligne pour un cabinet de kinésithérapie",
                                  "Django, Stripe et un agenda partagé.", 2025,
                                  "https://exemple.fr/kine", [str(shot)])
    refs = [
        mp.add_reference("Marc Petit", "marc.petit@boulangerie-petit.fr", "Site de commande en ligne", 2024),
        mp.add_reference("Julie Roux", "julie@atelier-roux.fr", "Application de réservation", 2025),
        mp.add_reference("Paul Morel", "paul.morel@cabinet-morel.fr", "Intranet documentaire", 2023),
    ]
    clock.advance(DAY)
    pl.scp_confirm(int(refs[0]["reference_id"]))
    pl.scp_confirm(int(refs[1]["reference_id"]))
    ref = mp.submit_referral("https://blog.exemple.fr/freelance-et-plateformes")
    pl.check_referral(int(ref["referral_id"]), True)


def create_demo_store(path: str | Path, *, projects: int = 5_000, seed: int = 7) -> DemoResult:
    """A demo marketplace at `path` (its folder made, 0700): built in a temporary file beside it and
    moved into place only once whole, so that an interrupted build leaves no half-made store.

    An existing pel-tui store is filled in place if it is empty, refused if it holds a marketplace.
    """
    p = Path(path)
    if p.exists():
        store = Store.open(p)
        try:
            _refuse_a_marketplace(store, p)
            return build_demo(store, projects=projects, seed=seed)
        finally:
            store.close()
    return _demo_beside(p, projects, seed)


def _refuse_a_marketplace(store: Store, path: Path) -> None:
    if store.get_meta("me") is not None or store.conn.execute("SELECT 1 FROM projects LIMIT 1").fetchone():
        from pel_tui.backend.errors import NotAllowed

        raise NotAllowed("store.taken", path=str(path))


def _demo_beside(p: Path, projects: int, seed: int) -> DemoResult:
    import contextlib
    import os
    import secrets
    import time

    from local_store.connection import StoreError
    from pel_tui.backend.atomic import fsync_dir, make_dirs

    tmp = p.with_name(f".{p.name}.{secrets.token_hex(4)}.demo")
    try:
        make_dirs(p.parent)
        for old in p.parent.glob(f".{p.name}.*.demo"):  # what a build killed before its end left
            with contextlib.suppress(OSError):
                if time.time() - max(old.stat().st_mtime, _mtime(Path(f"{old}-wal"))) > 3600:
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{old}{suffix}").unlink(missing_ok=True)
        try:
            store = Store.open(tmp)
        except StoreError as e:
            e.path = p  # the fault is the target's, not the temporary file's
            raise
        try:
            result = build_demo(store, projects=projects, seed=seed)
        finally:
            store.close()
        try:
            os.link(tmp, p)  # never over a store made meanwhile
        except FileExistsError:
            from pel_tui.backend.errors import NotAllowed

            raise NotAllowed("store.taken", path=str(p)) from None
        except OSError:  # a file system without hard links
            if p.exists():
                raise
            os.rename(tmp, p)
        fsync_dir(p.parent)
    except OSError as e:  # a folder that cannot be made, a full disk: said as the store's fault
        fault = StoreError.of(e, p)
        if fault is None:
            raise
        raise fault from e
    finally:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{tmp}{suffix}").unlink()
    return DemoResult(result.projects, result.provider_id, str(p))


def _mtime(p: Path) -> float:
    try:
        return p.stat().st_mtime
    except OSError:
        return 0.0
