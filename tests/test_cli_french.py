"""The command line in French (`PEL_LANG=fr`): its sentences, argparse's own words, amounts, counts and
dates in the French forms; `--json` the same in both languages.

The refusals' sentences are made in `pel_tui.i18n.refusals` (translated there): these tests hold only
the command line's own words around them (`pel : ...`).
"""

from __future__ import annotations

import contextlib
import gettext
import io
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import OFFER_MSG, make_world, speak

NB = "\u00a0"  # before : ; ? ! in French
NNB = "\u202f"  # the French thousands separator
#: argparse's English, that a French reader must never meet.
ARGPARSE = ("usage:", "error:", "positional arguments", "show this help", "options:", "the following arguments",
            "invalid choice", "expected one argument", "unrecognized arguments")
#: English a French reader must never meet in what the commands print (the help names commands: `pel offers`).
ENGLISH = (*ARGPARSE, "offers", "posted", "credits", "period", "renews", "subscription", "is not a whole number",
           " of ", "flags", "left", "spent", "locked", "Your offer", "Next expiries")
FRENCH_DAY = re.compile(r"\b\d{2}/\d{2}/\d{4}\b")


@pytest.fixture(scope="module", autouse=True)
def french_catalog() -> None:
    """The French catalog compiled from the .po files as they are (written whole, for the `pel` started here)."""
    from pel_tui.i18n.catalog import MO_PATH, compiled

    data = compiled()
    if not MO_PATH.exists() or MO_PATH.read_bytes() != data:
        MO_PATH.parent.mkdir(parents=True, exist_ok=True)
        part = MO_PATH.with_name(f"{MO_PATH.name}.{os.getpid()}")
        part.write_bytes(data)
        os.replace(part, MO_PATH)
        gettext._translations.clear()  # type: ignore[attr-defined]  # a catalog read before this one is stale


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Alice (subscribed to Pro on 2 November 2026) and two projects; the command line's clock at the world's."""
    from pel_tui.backend.clock import StoredClock

    path = tmp_path / "cli.sqlite"
    w = make_world(path)
    w.post("Développeur Django pour une API")
    w.post("Traduction d'un site en anglais", summary="Un site vitrine à traduire en anglais.",
           description="Vingt pages.", category="Traduction")
    w.engine.store.set_meta(StoredClock.KEY, str(w.clock.now() - int(time.time())))
    w.engine.store.close()
    monkeypatch.setenv("PEL_STORE", str(path))
    return path


def pel(*argv: str) -> tuple[int, str, str]:
    """`pel ARGV` in this process, in the language in use: (exit code, stdout, stderr); argparse's exits too."""
    from pel_tui.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as e:
            code = int(e.code or 0)
    return code, out.getvalue(), err.getvalue()


def no_english(text: str, english: tuple[str, ...] = ENGLISH) -> None:
    for words in english:
        assert words not in text, (words, text)


def flat(text: str) -> str:
    """Help as one line: argparse wraps it to the terminal's width (spaces and newlines only, not U+00A0)."""
    return re.sub(r"[ \n]+", " ", text)


def test_help_is_french_with_argparse_s_own_words() -> None:
    speak("fr")
    code, out, _err = pel("--help")
    out = flat(out)
    assert code == 0
    assert out.startswith(f"utilisation{NB}: pel [-h] [--json] [--store CHEMIN] COMMANDE ...")
    for words in (f"arguments positionnels{NB}:", f"options{NB}:", "afficher cette aide et quitter",
                  "lister les projets disponibles (les plus récents d’abord), avec des filtres",
                  "écrire du JSON (montants en centimes entiers, champs finissant par _cents)",
                  f"pel-tui{NB}: travaillez sur la plateforme de projets depuis le terminal"):
        assert words in out, (words, out)
    no_english(out, ARGPARSE)
    code, out, _err = pel("offer", "--help")
    out = flat(out)
    assert code == 0 and f"utilisation{NB}: pel offer" in out and "--amount EUR" in out and "--days JOURS" in out
    assert "délai en jours" in out and "au moins 30 caractères" in out
    no_english(out, ARGPARSE)


def test_help_stays_english_in_english() -> None:
    code, out, _err = pel("--help")
    assert code == 0 and out.startswith("usage: pel [-h] [--json] [--store PATH] COMMAND ...")
    assert "positional arguments:" in out and "options:" in out and "show this help message and exit" in out


def test_a_usage_error_is_french_and_argparse_is_left_as_it_was() -> None:
    import argparse

    speak("fr")
    code, out, err = pel("show", "abc")
    assert code == 2 and out == ""
    assert err.startswith(f"utilisation{NB}: pel show [-h] [--json] [--store CHEMIN] ID\n")
    assert f"pel show{NB}: erreur{NB}: argument ID{NB}: 'abc' n’est pas un nombre entier (chiffres de 0 à 9)" in err
    no_english(err)
    code, _out, err = pel("show")
    assert code == 2 and f"erreur{NB}: les arguments suivants sont obligatoires{NB}: ID" in err
    code, _out, err = pel("projects", "--status", "ouvert")
    assert code == 2 and f"argument --status{NB}: choix invalide{NB}: 'ouvert' (choisissez parmi 'open'" in err
    code, _out, err = pel("projets")
    assert code == 2 and f"argument COMMANDE{NB}: choix invalide{NB}: 'projets'" in err
    code, _out, err = pel("show", "0")
    assert code == 2 and "'0' doit être supérieur à 0" in err
    no_english(err)
    assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext  # type: ignore[attr-defined]


def test_every_argparse_sentence_has_its_french() -> None:
    from pel_tui.cli.parser import _marked

    english = _marked()
    speak("fr")
    french = _marked()
    untranslated = [e for e, f in zip(english, french, strict=True) if e == f and e != "options"]
    assert untranslated == []
    assert french[0] == f"utilisation{NB}: "


def test_projects_in_french(store: Path) -> None:
    speak("fr")
    code, out, err = pel("projects")
    assert code == 0, err
    head = out.splitlines()[0].split()
    assert head == ["n°", "publié", "le", "titre", "catégorie", "budget", "pays", "offres", "repères"]
    assert f"1{NNB}000–3{NNB}000{NB}€" in out and "02/11/2026" in out
    assert f"1–2 sur 2  (repères{NB}: U urgent, C consulté, M masqué, O votre offre)" in out
    no_english(out)
    code, out, err = pel("summary")
    assert code == 0, err
    assert f"crédits{NB}: consultation 75 · offre 35 · contact 15" in out
    assert f"2 projets disponibles{NB}; les plus récents{NB}:" in out and "(0 offre)" in out
    assert f"abonnement{NB}: Pro, actif, période jusqu’au 02/02/2027" in out
    no_english(out)


def test_credits_in_french(store: Path) -> None:
    speak("fr")
    code, out, err = pel("credits")
    assert code == 0, err
    assert out.startswith("consultation 75 · offre 35 · contact 15\n")
    assert f"Prochaines expirations{NB}:" in out
    assert f"{NB}: 75 crédits de consultation (abonnement)" in out and "35 crédits d’offre (abonnement)" in out
    assert "opération" in out and "attribution" in out and "motif" in out
    assert FRENCH_DAY.search(out)
    no_english(out)


def test_show_an_offer_and_a_refusal_in_french(store: Path) -> None:
    speak("fr")
    code, out, err = pel("show", "1")
    assert code == 0, err
    assert "Développement web · 1\u202f000–3\u202f000\u00a0€ · Lyon (FR) · publié le 02/11/2026" in out
    assert "ouvert" in out and f"offres{NB}: 0" in out
    assert f"est verrouillé{NB}: pel consult 1 utilise un crédit de consultation." in out
    no_english(out)
    code, out, err = pel("consult", "1")
    assert code == 0, err
    assert out == f"Rapport du projet #1 débloqué{NB}: 1 crédit de consultation utilisé, il en reste 74\n" \
                  f"Pour le lire{NB}: pel show 1\n"
    code, out, err = pel("offer", "1", "--amount", "2 400", "--days", "20", "--message", OFFER_MSG)
    assert code == 0, err
    assert out == f"Offre faite sur le projet #1{NB}: 1 crédit d’offre utilisé, il en reste 34\n"
    code, out, err = pel("show", "#1")
    assert code == 0, err
    assert f"Votre offre{NB}: 2{NNB}400,00{NB}€ en 20 jours, envoyée, version 1, pas encore lue" in out
    assert f"Autres offres (0){NB}:" in out and f"Description{NB}:" in out
    no_english(out)
    code, out, err = pel("offers")
    assert code == 0, err
    assert f"2{NNB}400,00{NB}€" in out and "20 jours" in out and "envoyée" in out and "non lue" in out
    # refused by the engine: the command line's own `pel : `, nothing on standard output, an exit code
    code, out, err = pel("offer", "2", "--amount", "100", "--days", "3", "--message", OFFER_MSG)
    assert code != 0 and out == "" and err.startswith(f"pel{NB}: ") and "Traceback" not in err
    # refused by the command line itself
    code, out, err = pel("projects", "--category", "Jardinage")
    assert code == 2 and out == ""
    assert err.startswith(f"pel{NB}: catégorie inconnue{NB}: 'Jardinage'{NB}; les catégories sont{NB}: "
                          "Développement web, ")


def test_subscription_in_french(store: Path) -> None:
    speak("fr")
    code, out, err = pel("subscription")
    assert code == 0, err
    assert out.splitlines() == [
        f"Pro{NB}: 99,00{NB}€ HT tous les 3 mois · actif",
        "période du 02/11/2026 au 02/02/2027",
        "renouvelé par tacite reconduction le 02/02/2027 (avis le 03/01/2027)",
    ]
    no_english(out)


def test_json_is_the_same_in_both_languages(store: Path) -> None:
    for argv in (("projects",), ("credits",), ("show", "1"), ("subscription",), ("offers",), ("contracts",),
                 ("stats",), ("whoami",), ("payments",)):
        speak("en")
        en = pel(*argv, "--json")
        speak("fr")
        fr = pel(*argv, "--json")
        assert en == fr, argv
        assert en[0] == 0 and json.loads(en[1]) is not None
    assert '"created_at": "2026-11-02T09:00:00Z"' in pel("projects", "--json")[1]  # UTC ISO 8601
    assert '"price_cents": 9900' in pel("subscription", "--json")[1]  # integer cents


def test_pel_in_a_subprocess_reads_pel_lang(store: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PEL_LANG": "fr", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    r = subprocess.run([sys.executable, "-m", "pel_tui", "--help"], env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"utilisation{NB}: pel") and f"options{NB}:" in r.stdout
    no_english(r.stdout, ARGPARSE)
    r = subprocess.run([sys.executable, "-m", "pel_tui", "show", "abc"], env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 2 and r.stdout == ""
    assert f"pel show{NB}: erreur{NB}: argument ID{NB}: 'abc' n’est pas un nombre entier" in r.stderr
    no_english(r.stderr)
    r = subprocess.run([sys.executable, "-m", "pel_tui", "subscription"], env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"Pro{NB}: 99,00{NB}€ HT tous les 3 mois · actif\n")
    env["PEL_LANG"] = "en"
    r = subprocess.run([sys.executable, "-m", "pel_tui", "subscription"], env=env, capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("Pro: €99.00 excl. VAT every 3 months · active\n"), r.stderr


def test_storage_faults_are_said_in_french_by_the_command_line_and_the_app(tmp_path: Path) -> None:
    """local_store's words (a missing folder, a file that is not a store, a full disk) in the user's
    language, after `pel :` as every message; the application's start says them alike."""
    from local_store.connection import StoreFull

    speak("fr")
    code, out, err = pel("offers", "--store", str(tmp_path / "nowhere" / "s.sqlite"))
    assert code == 10 and out == ""
    assert err.startswith(f"pel{NB}: pas de base à ") and f"pel demo --store {tmp_path / 'nowhere'}" in err
    no_english(err, ("no store", "folder", "To make", "or correct"))
    bad = tmp_path / "bad.sqlite"
    bad.write_text("hello")
    code, _out, err = pel("summary", "--store", str(bad))
    assert code == 11 and f"n’est pas une base pel-tui (pas une base de données){NB};" in err
    assert str(StoreFull(tmp_path / "s.sqlite")).startswith(f"plus de place sur le disque de {tmp_path}{NB}:")
    env = {**os.environ, "PEL_LANG": "fr", "XDG_CONFIG_HOME": str(tmp_path / "config")}
    r = subprocess.run([sys.executable, "-m", "pel_tui", "--store", str(bad)], env=env, capture_output=True,
                       text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert r.returncode == 11 and r.stderr.startswith(f"pel{NB}: {bad} n’est pas une base pel-tui"), r.stderr
    speak("en")
    assert str(StoreFull(tmp_path / "s.sqlite")).startswith(f"no space left on the disk holding {tmp_path}:")
