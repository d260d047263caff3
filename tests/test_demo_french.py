"""The demo marketplace speaks correct French (issue "French first").

A generated marketplace of 2,000 projects is read back from its store and every text a rule can judge is
checked: elision ("d'extranet", never "de extranet"), agreement of articles and adjectives with the
nouns ("une développeuse", "une collectivité locale basée à Nantes"), no word written twice in a row, one
person per project (the client's "nous / notre", or "la société ... son / sa", never both), the words of a
project (what it asks for, what it delivers, its questions and files) taken from its own category, and
clients whose phone numbers are valid for their country (`phonenumbers`), whose French SIRETs pass their
checksums and whose postal addresses are written as in their country.

The rules below are the test's own: the genders come from its reference table, not from the
generator's vocabulary, and each rule is shown to catch a crafted bad sentence.
"""

from __future__ import annotations

import random
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import phonenumbers
import pytest

from local_store.connection import Store
from pel_tui.backend.demo import words
from pel_tui.backend.demo.generator import generate_marketplace
from pel_tui.backend.demo.people import make_clients, make_siret
from pel_tui.backend.legal import valid_siret

NOW = 1_767_225_600
PROJECTS = 2_000

# -- the test's own French -----------------------------------------------------------------------------------



def _wordset(text: str) -> set[str]:
    return set(text.split())


#: Nouns by gender (a reference table of the test's own; plurals are derived).
MASC = _wordset("""
site intranet portail extranet back-office espace formulaire tableau moteur export développeur intégrateur
code environnement test logo packaging guide fichier directeur article livre communiqué texte ton intertitre
appel rédacteur concepteur-rédacteur calendrier tunnel programme ciblage visuel suivi reporting consultant
community traffic growth rapport plan catalogue contrat sous-titre respect glossaire délai traducteur
relecteur motion film tutoriel sous-titrage format storyboard habillage monteur modèle chatbot entrepôt outil
pipeline indicateur ingénieur notebook référencement netlinking seo audit expert classement assistanat
assistant compte logiciel connecteur module journal déploiement droit manuel mois lancement développement
paramétrage pilotage cabinet restaurant domaine hôtel centre institut garage riad public client adhérent
habitant chef paiement mode parcours calcul projet devis besoin budget jalon échange portfolio exemple
livrable périmètre hébergement planning lot contexte salarié agent an jour point bilan objectif choix bureau
crm erp promoteur acquéreur utilisateur chauffeur habitué caviste distributeur syndic grimpeur lecteur usager
producteur acheteur épicier restaurateur voyageur quartier service natif profil serveur stock produit
""")
FEM = _wordset("""
plateforme application appli prise gestion authentification mise création refonte maintenance migration
charte plaquette carte identité affiche piste déclinaison icône palette présentation cession fiche newsletter
optimisation source relecture version rédactrice réécriture correction campagne stratégie animation
consultante traduction notice documentation terminologie attestation traductrice relectrice vidéo voix
musique animatrice monteuse réalisation production prévision analyse connexion conformité passation
ingénieure visibilité liste formation saisie relance facture procédure assistante disponibilité rigueur
confidentialité synchronisation reprise interface intégration évolution garantie boutique marketplace
facturation transmission boulangerie agence clinique association start-up société école pme mutuelle
entreprise salle librairie collectivité ferme érablière coopérative clientèle famille cliente épicerie
direction équipe semaine étape recette validation commande publication amélioration conception modernisation
structure mission expérience maîtrise connaissance langue demande proposition qualité méthode base date fin
api capsule rédaction révision externalisation organisation développeuse illustratrice géolocalisation notification directrice secrétaire-comptable
""")
#: Nouns that take either gender ("un graphiste", "une graphiste").
EPICENE = _wordset("""
graphiste designer journaliste vidéaste data comptable secrétaire architecte partenaire stagiaire élève
prestataire propriétaire mémoire manager
""")
#: Words whose h is aspirated, and brands read with a consonant: no elision before them.
NO_ELISION = {
    "haut", "haute", "hauts", "hautes", "hausse", "hasard", "hâte", "huit", "huitième", "héros", "hall",
    "hangar", "handicap", "hockey", "hollandais", "honte", "hors", "housse", "hublot", "hiérarchie",
    "hubspot", "hootsuite", "hackathon", "hacker", "hameau", "homard",
    "ouakam", "ouagadougou",  # "ou" read /w/: "route de Ouakam"
}
_VOWEL_START = "aeiouàâäéèêëîïôöùûüœæh"


def _plural(word: str) -> str:
    if word.endswith(("s", "x", "z")):
        return word
    if word.endswith(("eau", "eu")):
        return word + "x"
    if word.endswith("al") and word not in ("festival",):
        return word[:-2] + "aux"
    return word + "s"


GENDER: dict[str, str] = {}
PLURAL: set[str] = set()
for _words, _g in ((MASC, "m"), (FEM, "f"), (EPICENE, "e")):
    for _w in _words:
        GENDER[_w] = _g
        _p = _plural(_w)
        if _p != _w:
            GENDER[_p] = _g
            PLURAL.add(_p)


def _starts_with_vowel_sound(word: str) -> bool:
    w = word.lower()
    return bool(w) and w[0] in _VOWEL_START and w.split("-")[0] not in NO_ELISION


# -- the rules -----------------------------------------------------------------------------------------------

_ELISION = re.compile(r"\b(de|le|la|que|ce|ne|je|me|te|se|lorsque|puisque|jusque)\s+([\w'-]+)",
                      re.IGNORECASE)
_SI_IL = re.compile(r"\bsi\s+ils?\b", re.IGNORECASE)
_CONTRACTION = re.compile(r"\b(de|à)\s+(le|les)\s", re.IGNORECASE)
_DU_AU_SA = re.compile(r"\b(du|au|sa|ma|ta)\s+([\w'-]+)", re.IGNORECASE)


def elision_errors(text: str) -> list[str]:
    """ "de extranet", "le application", "ce intranet", "si il", "de le", "du intranet", "sa application"."""
    errors = []
    for m in _ELISION.finditer(text):
        if _starts_with_vowel_sound(m.group(2)):
            errors.append(m.group(0))
    for m in _DU_AU_SA.finditer(text):
        if _starts_with_vowel_sound(m.group(2)):
            errors.append(m.group(0))
    errors += [m.group(0) for m in _SI_IL.finditer(text)]
    errors += [m.group(0) for m in _CONTRACTION.finditer(text)]
    return errors


_ARTICLE = re.compile(
    r"\b(un|une|le|la|du|au|ce|cet|cette|sa|son|mon|ma|notre|votre|des|les|ces|aux|nos|ses|vos|mes)\s+([\w-]+)",
    re.IGNORECASE)
_MASC_ART = {"un", "le", "du", "au", "ce", "cet"}
_FEM_ART = {"une", "la", "cette", "sa", "ma"}
_SING_ART = _MASC_ART | _FEM_ART | {"son", "mon", "notre", "votre"}
_PLUR_ART = {"des", "les", "ces", "aux", "nos", "ses", "vos", "mes"}

#: Adjectives and participles the templates put after a noun: (masc. sing., fem. sing., masc. pl., fem. pl.).
ADJECTIVES: dict[str, tuple[str, str, str, str]] = {
    a: (a, a + "e", a + "s", a + "es")
    for a in ("basé", "installé", "destiné", "attendu", "demandé", "apprécié", "adapté", "imposé", "exigé",
              "souhaité", "validé", "prévu", "livré", "partagé")
}
ADJECTIVES["prioritaire"] = ("prioritaire", "prioritaire", "prioritaires", "prioritaires")
ADJECTIVES["inclus"] = ("inclus", "incluse", "inclus", "incluses")
_ADJ_FORMS = {form: lemma for lemma, forms in ADJECTIVES.items() for form in forms}
_VERBS = {"est": False, "sera": False, "serait": False, "fait": False,
          "sont": True, "seront": True, "seraient": True, "font": True}


#: Adjectives and numbers written before a noun: the head is the next word ("une grande rigueur").
_BEFORE_NOUN = {"grand", "grande", "petit", "petite", "bon", "bonne", "premier", "première", "trois"}


def _head(phrase: str) -> str:
    ws = phrase.lower().split(" ")
    return ws[1] if ws[0] in _BEFORE_NOUN and len(ws) > 1 else ws[0]


def _head_gender(phrase: str) -> str | None:
    return GENDER.get(_head(phrase))


def article_errors(text: str) -> list[str]:
    """ "un développeuse", "une logo", "la site", "son plateforme", "un tests", "des logo"."""
    return [m.group(0) for m in _ARTICLE.finditer(text) if _article_wrong(m.group(1).lower(), m.group(2).lower())]


def _article_wrong(art: str, word: str) -> bool:
    g = GENDER.get(word)
    if g is None:
        return False
    if g == "m" and art in _FEM_ART:
        return True
    if g == "f" and (art in _MASC_ART or (art == "son" and not _starts_with_vowel_sound(word))):
        return True
    if art in _SING_ART:
        return word in PLURAL
    return art in _PLUR_ART and word not in PLURAL and not word.endswith(("s", "x", "z"))


_NUMBER = re.compile(r"(?<!\d )\b(\d+(?: \d{3})*) (ans?|salariés?|agents?|semaines?|jours?|lots?|étapes?|mots?)\b")


def number_errors(text: str) -> list[str]:
    """ "1 salariés", "3 semaine"."""
    errors = []
    for m in _NUMBER.finditer(text):
        n, noun = int(m.group(1).replace(" ", "")), m.group(2)
        if (n >= 2) != noun.endswith("s"):
            errors.append(m.group(0))
    return errors


class AdjectiveRule:
    """Adjectives and verbs after the noun phrases of a vocabulary: "une collectivité locale basé" is wrong.

    The phrase's gender comes from the reference table (its first word), its number from the determiner
    written before it in the text.
    """

    _DET = (r"(?:(un|une|des|le|la|les|du|notre|nos|son|sa|ses|votre|vos|cette|ces|ce|cet|de la)\s+"
            r"|(l'|de l'))")

    def __init__(self, phrases: Iterable[str]) -> None:
        alts = "|".join(re.escape(p) for p in sorted(set(phrases), key=len, reverse=True))
        verbs = "|".join(_VERBS)
        adjs = "|".join(sorted(_ADJ_FORMS, key=len, reverse=True))
        self.pattern = re.compile(
            rf"(?<![\w']){self._DET}({alts})(?:,)?\s+(?:({verbs})\s+)?(?:({adjs})\b|(partie)\b)",
            re.IGNORECASE)

    def errors(self, text: str) -> list[str]:
        out = []
        for m in self.pattern.finditer(text):
            det = (m.group(1) or m.group(2) or "").lower()
            phrase, verb, adj, partie = m.group(3), m.group(4), m.group(5), m.group(6)
            plural = det in _PLUR_ART
            g = _head_gender(phrase)
            if verb is not None and _VERBS[verb.lower()] != plural:
                out.append(m.group(0))
                continue
            if partie is not None and verb is None:
                continue
            if adj is None or g is None:
                continue
            forms = ADJECTIVES[_ADJ_FORMS[adj.lower()]]
            allowed = ({forms[2], forms[3]} if g == "e" else {forms[2] if g == "m" else forms[3]}) if plural \
                else ({forms[0], forms[1]} if g == "e" else {forms[0] if g == "m" else forms[1]})
            if adj.lower() not in allowed:
                out.append(m.group(0))
        return out


_DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
_DOUBLED_OK = {"nous", "vous"}


def doubled_words(text: str) -> list[str]:
    """ "Flutter Flutter", "de de"."""
    return [m.group(0) for m in _DOUBLED.finditer(text) if m.group(1).lower() not in _DOUBLED_OK]


_FIRST_PLURAL = re.compile(r"\b(nous|notre|nos)\b", re.IGNORECASE)
_THIRD = re.compile(r"\b(son|sa|ses|leur|leurs)\b", re.IGNORECASE)
_FIRST_SINGULAR = re.compile(r"\b(je|mon|ma|mes)\b|\bj'", re.IGNORECASE)


def person_switch(text: str) -> list[str]:
    """A client's text in one person: "nous / notre" or "son / sa / leur", and never "je" with them."""
    first = {m.group(0).lower() for m in _FIRST_PLURAL.finditer(text)}
    third = {m.group(0).lower() for m in _THIRD.finditer(text)}
    singular = {m.group(0).lower() for m in _FIRST_SINGULAR.finditer(text)}
    if (first and third) or (singular and (first or third)):
        return [" / ".join(sorted(first | third | singular))]
    return []


_POSSESSIVE = re.compile(r"\b(notre|nos|son|sa|ses|leur|leurs|votre|vos)\b", re.IGNORECASE)


def offer_person_errors(text: str) -> list[str]:
    """A provider's offer speaks as "je" to "vous": never "notre" or "son" (whose would they be?)."""
    return [m.group(0) for m in re.finditer(r"\b(notre|nos|son|sa|ses|leur|leurs)\b", text, re.IGNORECASE)]


# -- the marketplace ----------------------------------------------------------------------------------------


@dataclass
class Market:
    projects: list[sqlite3.Row]
    offers: list[str]
    messages: list[sqlite3.Row]
    files: list[sqlite3.Row]
    clients: list[sqlite3.Row]


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Market]:
    store = Store.open(tmp_path_factory.mktemp("french") / "demo.sqlite")
    generate_marketplace(store, projects=PROJECTS, seed=11, now=NOW)
    conn = store.conn
    conn.row_factory = sqlite3.Row
    yield Market(
        projects=conn.execute("SELECT id, client_id, title, summary, description, specification, category, "
                              "country, city FROM projects ORDER BY id").fetchall(),
        offers=[r[0] for r in conn.execute("SELECT message FROM offer_versions")],
        messages=conn.execute("SELECT m.body, m.author, p.category FROM messages m "
                              "JOIN projects p ON p.id = m.project_id").fetchall(),
        files=conn.execute("SELECT f.name, p.category FROM project_files f "
                           "JOIN projects p ON p.id = f.project_id").fetchall(),
        clients=conn.execute("SELECT * FROM clients").fetchall(),
    )
    store.close()


def _project_text(row: sqlite3.Row) -> str:
    return "\n".join(t for t in (row["title"], row["summary"], row["description"], row["specification"]) if t)


def _vocabulary_phrases() -> set[str]:
    phrases: set[str] = set()
    for v in words.VOCAB.values():
        for n in (*v.objects, *v.features, *v.deliverables, *v.roles, *v.actions):
            phrases.update(n.voiced(voice).t for voice in (words.NOUS, words.IL, words.VOUS))
    for s in words.SECTORS:
        phrases.add(s.noun.t)
        phrases.update(a.t for a in s.audiences)
    return phrases


def _all_texts(market: Market) -> Iterator[tuple[str, str]]:
    for row in market.projects:
        yield f"project #{row['id']}", _project_text(row)
    for msg in market.offers:
        yield "offer", msg
    for row in market.messages:
        yield "message", row["body"]
    for row in market.clients:
        yield f"client {row['id']}", row["name"]


def _report(errors: list[tuple[str, str]]) -> str:
    return f"{len(errors)} errors, e.g. " + "; ".join(f"{where}: {e!r}" for where, e in errors[:8])


def _collect(market: Market, rule: object) -> list[tuple[str, str]]:
    assert callable(rule)
    return [(where, e) for where, text in _all_texts(market) for e in rule(text)]


# -- the rules catch what they should ------------------------------------------------------------------------

BAD = [
    (elision_errors, "Création de extranet partenaires"),
    (elision_errors, "Audit de analyse des ventes"),
    (elision_errors, "Le application est prête."),
    (elision_errors, "Besoin de une développeuse"),
    (elision_errors, "ce intranet"),
    (elision_errors, "Une bonne maîtrise de Illustrator est indispensable."),
    (elision_errors, "Une boulangerie de Angers"),
    (elision_errors, "la prise en charge de le site"),
    (elision_errors, "Amélioration du intranet"),
    (elision_errors, "sa application"),
    (elision_errors, "si il le faut"),
    (elision_errors, "de hôtel"),
    (article_errors, "Besoin d'un développeuse"),
    (article_errors, "une logo moderne"),
    (article_errors, "la site vitrine"),
    (article_errors, "Nous attendons un tests automatisés"),
    (article_errors, "des logo"),
    (article_errors, "son plateforme"),
    (number_errors, "compte 1 salariés"),
    (number_errors, "sous 3 semaine"),
    (doubled_words, "Développeuse Flutter Flutter pour une appli"),
    (doubled_words, "Création de de site"),
    (person_switch, "Une librairie cherche un prestataire pour son projet : créer notre catalogue."),
    (person_switch, "Nous sommes une ferme bio. Sa direction suit le projet."),
    (person_switch, "Bonjour, je dirige une librairie et nous voulons un site."),
    (offer_person_errors, "Bonjour, je peux m'occuper de la connexion à notre CRM."),
]
GOOD = [
    (elision_errors, "Création d'extranet partenaires pour un hôtel familial, de HubSpot et de Yoast."),
    (elision_errors, "L'application de l'agence, d'Illustrator, du site, à l'hôtel, son application."),
    (elision_errors, "Une boulangerie d'Angers ; la hausse ; de huit ans."),
    (article_errors, "Besoin d'une développeuse pour une application web et un site vitrine."),
    (article_errors, "Une graphiste, un graphiste, des tests automatisés, son application, sa plateforme."),
    (number_errors, "compte 1 salarié, depuis 12 ans, sous 2 semaines"),
    (doubled_words, "Nous nous engageons ; vous vous engagez."),
    (person_switch, "Une librairie cherche un prestataire pour son projet : créer son catalogue."),
    (person_switch, "Nous sommes une librairie et voulons refondre notre site. Merci d'indiquer vos délais."),
    (offer_person_errors, "Bonjour, je peux m'occuper de la connexion à votre CRM."),
]
ADJ_BAD = [
    "Nous sommes une collectivité locale basé à Nantes.",
    "Un cabinet d'avocats basée à Lyon.",
    "Nous sommes des cabinets d'avocats basé à Lyon.",
    "L'objectif est de créer un logo ; des tests automatisés est prioritaire.",
    "Merci de préciser votre méthode ; des tests automatisés fait partie des livrables.",
]
ADJ_GOOD = [
    "Nous sommes une collectivité locale basée à Nantes.",
    "Un cabinet d'avocats basé à Lyon.",
    "L'objectif est de créer un logo ; des tests automatisés sont prioritaires, un espace membre serait un plus.",
    "Merci de préciser votre méthode ; le code source documenté fait partie des livrables.",
]


@pytest.mark.parametrize(("rule", "text"), BAD, ids=[f"{r.__name__}:{t[:30]}" for r, t in BAD])
def test_french_first_each_rule_catches_a_crafted_error(rule: object, text: str) -> None:
    """French first: each rule of this file finds the error of a crafted bad sentence."""
    assert callable(rule)
    assert rule(text), (rule, text)


@pytest.mark.parametrize(("rule", "text"), GOOD, ids=[f"{r.__name__}:{t[:30]}" for r, t in GOOD])
def test_french_first_each_rule_passes_correct_french(rule: object, text: str) -> None:
    """French first: the rules do not flag correct French (aspirated h, epicene nouns, "son" + vowel)."""
    assert callable(rule)
    assert rule(text) == [], (rule, text)


def test_french_first_adjective_rule_catches_crafted_errors() -> None:
    """French first: adjectives and verbs after a noun phrase agree with it ("basée", "sont")."""
    rule = AdjectiveRule(_vocabulary_phrases() | {"cabinets d'avocats"})
    for text in ADJ_BAD:
        assert rule.errors(text), text
    for text in ADJ_GOOD:
        assert rule.errors(text) == [], text


def test_french_first_vocabulary_genders_match_the_reference() -> None:
    """French first: every noun of the vocabulary has the gender and number the reference table gives it,
    and the table knows every one of them (so that the agreement rules cover the whole vocabulary)."""
    nouns: list[words.Noun] = []
    for v in words.VOCAB.values():
        nouns += [*v.objects, *v.features, *v.deliverables, *v.roles, *v.actions]
    for s in words.SECTORS:
        nouns += [s.noun, *s.audiences]
    wrong = []
    for n in nouns:
        head = _head(n.t)
        g = GENDER.get(head)
        if g is None:
            wrong.append(f"{n.t!r}: {head!r} is not in the reference table")
        elif g != "e" and (g == "f") != n.fem:
            wrong.append(f"{n.t!r}: reference says {g}")
        elif (head in PLURAL) != n.plural and not head.endswith(("s", "x")):
            wrong.append(f"{n.t!r}: number")
    assert wrong == []


# -- the marketplace's text ----------------------------------------------------------------------------------


def test_french_first_elision(market: Market) -> None:
    """French first: "de", "le", "la", "ce", "que" elide before a vowel or a silent h; "de le" is "du"."""
    errors = _collect(market, elision_errors)
    assert errors == [], _report(errors)


def test_french_first_articles_agree(market: Market) -> None:
    """French first: "un" before a masculine noun, "une" before a feminine one, numbers agree."""
    errors = _collect(market, article_errors) + _collect(market, number_errors)
    assert errors == [], _report(errors)


def test_french_first_adjectives_agree(market: Market) -> None:
    """French first: "une collectivité locale basée à Nantes", "des tests automatisés sont prioritaires"."""
    rule = AdjectiveRule(_vocabulary_phrases())
    errors = _collect(market, rule.errors)
    assert errors == [], _report(errors)


def test_french_first_no_doubled_word(market: Market) -> None:
    """French first: no word twice in a row ("Flutter Flutter")."""
    errors = _collect(market, doubled_words)
    assert errors == [], _report(errors)


def test_french_first_one_person_per_project(market: Market) -> None:
    """French first: a project's title, summary, description and specification speak as "nous" or of
    "la société ... son / sa", never both; a title speaks of no one (no possessive); offers speak as
    "je" to "vous"."""
    errors = [(f"project #{r['id']}", e) for r in market.projects for e in person_switch(_project_text(r))]
    errors += [("offer", e) for msg in market.offers for e in offer_person_errors(msg)]
    errors += [(f"title #{r['id']}", r["title"]) for r in market.projects if _POSSESSIVE.search(r["title"])]
    assert errors == [], _report(errors)
    voices = {bool(_FIRST_PLURAL.search(_project_text(r))) for r in market.projects}
    assert voices == {True, False}, "both voices are used"


def _phrases(v: words.Vocabulary, kinds: Iterable[str]) -> set[str]:
    return {n.voiced(voice).t for kind in kinds for n in getattr(v, kind) for voice in (words.NOUS, words.IL)}


def test_french_first_words_of_the_projects_category(market: Market) -> None:
    """French first: what a project asks for and what it delivers, its questions and answers and its
    files, belong to its own category."""
    errors = []
    own = {name: sorted(_phrases(v, ("objects", "features", "deliverables", "roles")), key=len, reverse=True)
           for name, v in words.VOCAB.items()}
    asked = {name: _phrases(v, ("objects", "deliverables")) for name, v in words.VOCAB.items()}
    for row in market.projects:
        text = _project_text(row)
        for phrase in own[row["category"]]:
            text = text.replace(phrase, "\x00")
        for name, phrases in asked.items():
            if name != row["category"]:
                errors += [(f"project #{row['id']} ({row['category']})", f"{p} ({name})")
                           for p in phrases if p in text]
    qa = {name: {t for pair in v.qa + words.COMMON_QA for t in pair} for name, v in words.VOCAB.items()}
    files = {name: set(v.files + words.COMMON_FILES) for name, v in words.VOCAB.items()}
    errors += [(r["category"], r["body"]) for r in market.messages if r["body"] not in qa[r["category"]]]
    errors += [(r["category"], r["name"]) for r in market.files if r["name"] not in files[r["category"]]]
    assert errors == [], _report(errors)
    assert market.messages and market.files


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


def test_french_first_search_words_kept(market: Market) -> None:
    """French first: the words the search benchmark types are still there, in about the same shares
    (benchmarks/bench_search.py: "projet" in about half the summaries)."""
    n = len(market.projects)

    def share(word: str, field: str) -> float:
        r = re.compile(rf"\b{word}\b")
        return sum(1 for p in market.projects if r.search(_fold(p[field]))) / n

    assert 0.4 < share("projet", "summary") < 0.6
    assert share("developpeur", "title") > 0.03
    assert share("site", "title") > 0.04
    for word in ("django", "react", "symfony", "flutter", "figma", "prestashop", "airflow", "neerlandais",
                 "blender", "pennylane", "sylius", "ahrefs", "kotlin", "odoo", "logo", "boutique",
                 "traduction", "audit", "video", "refonte", "creation", "application"):
        assert share(word, "title") + share(word, "summary") > 0, word


# -- clients -------------------------------------------------------------------------------------------------


def test_french_first_client_phones_are_valid_for_their_country(market: Market) -> None:
    """French first: every client's phone number parses and is valid, for the client's own country."""
    errors = []
    for row in market.clients:
        try:
            num = phonenumbers.parse(row["phone"], None)
        except phonenumbers.NumberParseException as e:
            errors.append((row["country"], f"{row['phone']}: {e}"))
            continue
        if not phonenumbers.is_valid_number(num):
            errors.append((row["country"], f"{row['phone']} is not valid"))
        elif phonenumbers.region_code_for_number(num) != row["country"]:
            errors.append((row["country"], f"{row['phone']} is from {phonenumbers.region_code_for_number(num)}"))
    assert errors == [], _report(errors)
    assert {r["country"] for r in market.clients} >= {"FR", "BE", "CH", "CA", "MA"}


#: The first digit of a French fixed line, by the first two digits of the postal code (the five zones).
_FR_ZONE = {"75": "1", "44": "2", "35": "2", "49": "2", "37": "2", "29": "2", "59": "3", "67": "3",
            "21": "3", "51": "3", "69": "4", "13": "4", "34": "4", "06": "4", "38": "4", "63": "4",
            "74": "4", "42": "4", "31": "5", "33": "5"}
_POSTAL = {
    "FR": r"\d{5}", "BE": r"\d{4}", "CH": r"\d{4}", "LU": r"L-\d{4}", "MC": r"98000",
    "CA": r"[ABCEGHJKLMNPRSTVXY]\d[A-Z] \d[A-Z]\d", "MA": r"\d{5}", "TN": r"\d{4}", "SN": r"BP \d+",
    "CI": r"\d\d BP \d+",
}


def test_french_first_clients_belong_to_their_country() -> None:
    """French first: a client's city, address, postal code, phone and (in France) SIRET are of its country;
    a French fixed line is in its city's zone; every SIRET passes the checks of `legal` (Luhn)."""
    clients = make_clients(random.Random(5), 3_000)
    cities = {c.code: {city.name for city in c.cities} for c in words.COUNTRIES}
    errors = []
    for c in clients:
        if c.city not in cities[c.country]:
            errors.append((c.country, c.city))
        if not re.search(rf"(?<![\w-]){_POSTAL[c.country]}\b", c.address) or c.city not in c.address:
            errors.append((c.country, c.address))
        errors += [(c.country, e) for text in (c.name, c.address) for e in elision_errors(text)]
        num = phonenumbers.parse(c.phone, None)
        if not phonenumbers.is_valid_number(num) or phonenumbers.region_code_for_number(num) != c.country:
            errors.append((c.country, c.phone))
        if c.country == "FR":
            if c.siret is None or not valid_siret(c.siret):
                errors.append((c.country, f"SIRET {c.siret}"))
            cp = re.search(r"\b(\d{5}) ", c.address)
            assert cp is not None
            national = c.phone.removeprefix("+33 ")
            if national[0] in "12345" and national[0] != _FR_ZONE[cp.group(1)[:2]]:
                errors.append((c.country, f"{c.phone} in {c.address}"))
        elif c.siret is not None:
            errors.append((c.country, "a SIRET outside France"))
    assert errors == [], _report(errors)
    assert {c.country for c in clients} == {c.code for c in words.COUNTRIES}
    assert all(valid_siret(make_siret(random.Random(i))) for i in range(500))


def test_french_first_stored_clients_match_their_projects(market: Market) -> None:
    """French first: a project's country and city are its client's, and the clients' emails are unique."""
    clients = {r["id"]: r for r in market.clients}
    wrong = [p["id"] for p in market.projects
             if (p["country"], p["city"]) != (clients[p["client_id"]]["country"], clients[p["client_id"]]["city"])]
    assert wrong == []
    emails = [r["email"] for r in market.clients]
    assert len(set(emails)) == len(emails)


def test_french_first_addresses_and_sirets_are_stored_where_the_table_has_them(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """French first: the generator writes each client's postal address and (in France) SIRET into the
    `clients` table as soon as it has those columns; the SIRETs pass their checksums."""
    store = Store.open(tmp_path_factory.mktemp("french-columns") / "demo.sqlite")
    with store.write() as conn:
        for column in ("address", "siret"):
            if column not in {r[1] for r in conn.execute("PRAGMA table_info(clients)")}:
                conn.execute(f"ALTER TABLE clients ADD COLUMN {column} TEXT")
    generate_marketplace(store, projects=300, seed=2, now=NOW)
    rows = store.conn.execute("SELECT country, city, address, siret FROM clients").fetchall()
    store.close()
    assert rows and all(address and city in address for _, city, address, _ in rows)
    assert all((country == "FR") == (siret is not None) for country, _, _, siret in rows)
    assert all(valid_siret(siret) for country, _, _, siret in rows if country == "FR")
