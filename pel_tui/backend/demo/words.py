"""The demo marketplace's French: a small grammar, the vocabulary per category, templates, names and places.

Plain data the generator (`pel_tui.backend.demo.generator`) draws from ("French first").

Every noun carries its gender, its number and whether it elides (a vowel or a silent h: "l'hôtel",
but "le HubSpot" is never written: "de HubSpot"), and makes its forms once, at import: `un`/`une`/`des`,
`le`/`la`/`l'`/`les`, `de`/`d'`, `du`/`de la`/`de l'`/`des`, `au`/`à la`/`à l'`/`aux`, `ce`/`cet`/`cette`,
the possessive of the voice, and the endings an adjective (`e`: "basé", "basée", "basés", "basées") or a verb
(`est`/`sont`) takes after it. Templates name those forms (`{obj.un}`, `{sector.e}`), so that "d'extranet",
"une développeuse" and "une collectivité locale basée à Nantes" come out right with no check at run time.

Voices: a project is written by its client either as "nous / notre / nos" (`NOUS`) or about it, "une
agence de voyages de Lyon ... son / sa / ses" (`IL`); never both in one project. Phrases holding a
possessive are written with markers (`{NOTRE_SON}` for "notre"/"son", `{NOTRE_SA}` for "notre"/"sa",
`{NOS_SES}` for "nos"/"ses"), and each voice gets its own rendering of the vocabulary and of the templates
(`VOICED`, `SECTORS_VOICED`). Titles are the same in both voices and never hold a possessive.

Clients belong to one of the countries of PF-4: `COUNTRIES` holds, per country, its cities with their
postal codes and telephone numbering (patterns where `#` is any digit and `@` a digit from 2 to 9, each
valid for its country's numbering plan), its street names, its names and its company forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# -- grammar -------------------------------------------------------------------------------------------

NOUS = 0
IL = 1
#: The provider speaking to the client in an offer: "votre", "vos".
VOUS = 2
VOICES = (NOUS, IL)

_VOWELS = frozenset("aeiouàâäéèêëîïôöùûüœæ")
#: Words whose h is aspirated: no elision ("de HubSpot", "la hausse", "de huit").
ASPIRATED_H = frozenset({
    "haut", "haute", "hauts", "hautes", "hausse", "hasard", "hâte", "huit", "huitième", "héros", "hall",
    "hangar", "handicap", "hockey", "hollandais", "hongrois", "honte", "hors", "housse", "hublot",
    "hiérarchie", "hubspot", "hootsuite", "hackathon", "hacker", "hameau", "harpe", "homard", "hamburger",
})

_MARKERS = {
    NOUS: (("{NOTRE_SON}", "notre"), ("{NOTRE_SA}", "notre"), ("{NOS_SES}", "nos")),
    IL: (("{NOTRE_SON}", "son"), ("{NOTRE_SA}", "sa"), ("{NOS_SES}", "ses")),
    VOUS: (("{NOTRE_SON}", "votre"), ("{NOTRE_SA}", "votre"), ("{NOS_SES}", "vos")),
}


def elides(text: str) -> bool:
    """Whether `text` starts with a vowel sound, so that "de", "le", "la", "ce" elide before it."""
    w = text.lstrip(" «\"(").lower()
    if not w:
        return False
    if w[0] in _VOWELS:
        return True
    if w[0] == "h":
        head = w.split(" ", 1)[0].split("-", 1)[0]
        return head not in ASPIRATED_H
    return False


def cap(text: str) -> str:
    """The text with its first letter in capitals."""
    return text[:1].upper() + text[1:]


def de(text: str) -> str:
    """ "de " + text, elided: "de Django", "d'Excel", "d'iOS"."""
    return f"d'{text}" if elides(text) else f"de {text}"


def render_voice(text: str, voice: int) -> str:
    """The possessive markers of `text` in the given voice."""
    if "{" not in text:
        return text
    for marker, word in _MARKERS[voice]:
        text = text.replace(marker, word)
    return text


class Noun:
    """A noun phrase with its gender, number and elision, and every form the templates name.

    `det` is the determiner the phrase takes when it stands alone: "un" (indefinite), "le" (definite),
    "poss" (the voice's possessive: "notre"/"son") or "none" (written with its own: "trois pistes").
    """

    __slots__ = (
        "Art", "Il", "Le", "T", "Un", "aart", "art", "art0", "au", "ce", "dart", "de", "de_t", "det", "du",
        "e", "elide", "est", "fait", "fem", "il", "le", "notre", "plural", "s", "serait", "son", "t", "un",
        "voice",
    )

    def __init__(self, text: str, fem: bool = False, plural: bool = False, *, det: str = "un",
                 elide: bool | None = None, voice: int | None = None) -> None:
        assert det in ("un", "le", "poss", "none"), det
        t = text if voice is None else render_voice(text, voice)
        el = elides(t) if elide is None else elide
        self.t, self.T, self.fem, self.plural, self.elide, self.det, self.voice = (
            t, cap(t), fem, plural, el, det, voice)
        if plural:
            ce, notre, son, votre = "ces", "nos", "ses", "vos"
            self.un, self.le, self.du, self.au = f"des {t}", f"les {t}", f"des {t}", f"aux {t}"
        else:
            un = "une" if fem else "un"
            self.un = f"{un} {t}"
            if el:
                self.le, self.du, self.au = f"l'{t}", f"de l'{t}", f"à l'{t}"
            elif fem:
                self.le, self.du, self.au = f"la {t}", f"de la {t}", f"à la {t}"
            else:
                self.le, self.du, self.au = f"le {t}", f"du {t}", f"au {t}"
            ce = "cette" if fem else ("cet" if el else "ce")
            notre, son, votre = "notre", ("sa" if fem and not el else "son"), "votre"
        self.ce = f"{ce} {t}"
        self.notre = f"{notre} {t}"
        self.son = f"{son} {t}"
        self.de = f"d'{t}" if el else f"de {t}"
        poss = self.son if voice == IL else (f"{votre} {t}" if voice == VOUS else self.notre)
        if det == "un":
            self.art, self.aart = self.un, f"à {self.un}"
            self.dart = self.du if plural else f"d'{self.un}"
            self.art0, self.de_t = self.un, self.de
        elif det == "le":
            self.art, self.aart, self.dart, self.art0, self.de_t = self.le, self.au, self.du, self.le, self.du
        elif det == "poss":
            self.art, self.aart, self.dart = poss, f"à {poss}", f"de {poss}"
            self.art0, self.de_t = self.le, self.du
        else:
            self.art, self.aart, self.dart, self.art0, self.de_t = t, f"à {t}", self.de, t, self.de
        self.Art, self.Un, self.Le = cap(self.art), cap(self.un), cap(self.le)
        self.e = ("es" if fem else "s") if plural else ("e" if fem else "")
        self.s = "s" if plural else ""
        self.est, self.serait, self.fait = (("sont", "seraient", "font") if plural
                                            else ("est", "serait", "fait"))
        self.il = ("elles" if fem else "ils") if plural else ("elle" if fem else "il")
        self.Il = cap(self.il)

    def voiced(self, voice: int) -> Noun:
        """This phrase in a voice (its markers and its possessive rendered)."""
        if "{" not in self.t and self.det != "poss":
            return self
        return Noun(self.t, self.fem, self.plural, det=self.det, elide=self.elide, voice=voice)

    def __repr__(self) -> str:
        return f"Noun({self.t!r}, {'f' if self.fem else 'm'}{'pl' if self.plural else ''}, {self.det})"


def m(text: str, det: str = "un", **kw: bool) -> Noun:
    """A masculine singular noun phrase."""
    return Noun(text, False, False, det=det, **kw)


def f(text: str, det: str = "un", **kw: bool) -> Noun:
    """A feminine singular noun phrase."""
    return Noun(text, True, False, det=det, **kw)


def mp(text: str, det: str = "un", **kw: bool) -> Noun:
    """A masculine plural noun phrase."""
    return Noun(text, False, True, det=det, **kw)


def fp(text: str, det: str = "un", **kw: bool) -> Noun:
    """A feminine plural noun phrase."""
    return Noun(text, True, True, det=det, **kw)


class Word:
    """A verb (or any word after "de"), with its elided forms: "de créer", "d'améliorer"."""

    __slots__ = ("T", "de", "t")

    def __init__(self, text: str) -> None:
        self.t, self.T, self.de = text, cap(text), de(text)

    def __repr__(self) -> str:
        return f"Word({self.t!r})"


class Tool:
    """A tool (or, in translation, a language): how templates name it alone, after "de", "avec", "en".

    `t` is the bare name ("Django", "néerlandais"), `le` the name as an object ("Django", "le néerlandais"),
    `de` after a noun ("de Django", "d'Excel", "du néerlandais", "de l'anglais"), `avec` the way a project
    uses it ("avec Django", "vers le néerlandais"), `tag` the way a title names it ("Django",
    "français-néerlandais": "Traductrice français-néerlandais").
    """

    __slots__ = ("T", "avec", "de", "le", "t", "tag")

    def __init__(self, name: str, *, language: bool = False) -> None:
        self.t, self.T = name, cap(name)
        if language:
            n = Noun(name, det="le")
            self.le, self.de, self.avec, self.tag = n.le, n.du, f"vers {n.le}", f"français-{name}"
        else:
            self.le, self.de, self.avec, self.tag = name, de(name), f"avec {name}", name

    def __repr__(self) -> str:
        return f"Tool({self.t!r})"


def _tools(*names: str) -> tuple[Tool, ...]:
    return tuple(Tool(n) for n in names)


def _verbs(*names: str) -> tuple[Word, ...]:
    return tuple(Word(n) for n in names)


# -- categories -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vocabulary:
    """The words of one category: what clients ask for, with which tools, features and deliverables.

    Every action, verb, feature and deliverable fits every object of its category ("Création de site
    vitrine", "Traduction de contrats commerciaux"), so that any draw makes sense. `kind` says how tools
    are used: "tool" (software) or "language" (translation). `scope`, `out_of_scope`, `constraints` and
    `acceptance` fill the specification; `qa` are (question, answer) pairs and `files` file names that
    fit the category.
    """

    objects: tuple[Noun, ...]
    actions: tuple[Noun, ...]
    verbs: tuple[Word, ...]
    tools: tuple[Tool, ...]
    features: tuple[Noun, ...]
    roles: tuple[Noun, ...]
    deliverables: tuple[Noun, ...]
    scope: str
    out_of_scope: str
    constraints: str
    acceptance: str
    qa: tuple[tuple[str, str], ...]
    files: tuple[str, ...]
    kind: str = "tool"
    #: Replaces the last title template ("{obj.T} pour ... ({tool.tag})") where it does not fit.
    title: str = ""


_RECETTE = ("Une recette sera menée avec {team} avant la validation finale, sur la base d'un cahier de "
            "tests partagé.")
_TOOL_CONSTRAINTS = ("Outils imposés : {tool.t}. Compatibilité avec {tool2.t} souhaitée. Respect du RGPD "
                     "et de l'accessibilité (RGAA) exigé.")

VOCAB: dict[str, Vocabulary] = {
    "Développement web": Vocabulary(
        objects=(m("site vitrine"), f("plateforme de réservation"), m("intranet"), m("portail client"),
                 m("site associatif"), f("application web"), m("extranet partenaires"),
                 m("back-office de gestion")),
        actions=(f("création"), f("refonte"), m("développement"), f("maintenance évolutive"),
                 f("migration")),
        verbs=_verbs("créer", "refondre", "développer", "moderniser", "faire évoluer"),
        tools=_tools("Symfony", "Laravel", "WordPress", "Django", "React", "Vue.js", "Angular", "Next.js",
                     "Drupal", "Node.js", "PostgreSQL", "Tailwind"),
        features=(m("espace membre"), f("prise de rendez-vous en ligne", "le"), m("formulaire de devis"),
                  m("tableau de bord"), f("gestion multilingue", "le"), m("moteur de recherche interne"),
                  m("export comptable", "le"), f("authentification unique")),
        roles=(m("développeur"), f("développeuse full-stack"), m("intégrateur web"),
               m("développeur back-end"), m("développeur full-stack")),
        deliverables=(m("code source documenté", "le"), m("environnement de recette"),
                      f("mise en production accompagnée"), mp("tests automatisés")),
        scope="la reprise de l'existant",
        out_of_scope="l'hébergement et la maintenance au-delà de trois mois",
        constraints=_TOOL_CONSTRAINTS,
        acceptance=_RECETTE,
        qa=(("Le budget indiqué comprend-il l'hébergement et la maintenance ?",
             "Non, l'hébergement est déjà géré de notre côté."),
            ("Avez-vous déjà une charte graphique ou faut-il la créer ?",
             "Nous avons une charte graphique : elle est jointe au projet."),
            ("Faut-il reprendre des contenus existants ?",
             "Oui, une partie des contenus actuels sera reprise ; le reste est à créer.")),
        files=("maquette.png", "arborescence.xlsx", "charte_graphique.pdf"),
    ),
    "Application mobile": Vocabulary(
        objects=(f("application mobile"), f("application iOS et Android"), f("appli de fidélité"),
                 f("application de livraison"), f("appli de suivi sportif"),
                 f("application de covoiturage")),
        actions=(f("création"), f("refonte"), m("développement"), f("publication"), f("amélioration")),
        verbs=_verbs("créer", "développer", "refondre", "moderniser", "améliorer"),
        tools=_tools("Flutter", "Kotlin", "Swift", "React Native", "Firebase", "Ionic", "Xamarin"),
        features=(fp("notifications push", "le"), m("paiement intégré", "le"), f("géolocalisation", "le"),
                  m("mode hors connexion", "le"), f("connexion à {NOTRE_SON} API", "le"),
                  m("parcours d'inscription simple")),
        roles=(m("développeur mobile"), f("développeuse mobile"), m("développeur d'applications"),
               m("développeur iOS et Android")),
        deliverables=(f("publication sur les stores", "le"), m("code source de l'application", "le"),
                      f("version de test installable"), f("documentation technique")),
        scope="les écrans d'administration",
        out_of_scope="la création des contenus et le support au-delà de trois mois",
        constraints=("Outils imposés : {tool.t}. Compatibilité avec {tool2.t} souhaitée. Respect des "
                     "règles de publication d'Apple et de Google exigé."),
        acceptance=_RECETTE,
        qa=(("L'application doit-elle fonctionner sur tablette ?",
             "Oui, sur téléphone et sur tablette, en mode portrait."),
            ("Disposez-vous déjà des comptes développeur Apple et Google ?",
             "Oui, les deux comptes sont ouverts à notre nom."),
            ("Faut-il prévoir un back-office ?",
             "Un back-office simple suffit pour gérer les contenus.")),
        files=("maquette.png", "parcours_utilisateur.pdf"),
    ),
    "Graphisme & design": Vocabulary(
        objects=(m("logo"), f("charte graphique"), f("plaquette commerciale"), fp("cartes de visite"),
                 f("identité visuelle"), m("packaging"), f("affiche")),
        actions=(f("création"), f("conception"), f("refonte"), f("modernisation"), f("réalisation")),
        verbs=_verbs("créer", "concevoir", "moderniser", "retravailler", "réaliser"),
        tools=_tools("Figma", "Illustrator", "Photoshop", "InDesign", "Canva", "Sketch", "Procreate"),
        features=(fp("trois pistes créatives", "none"), f("déclinaison pour les réseaux sociaux"),
                  mp("fichiers vectoriels"), m("guide d'utilisation"), fp("icônes personnalisées"),
                  f("palette de couleurs accessible")),
        roles=(m("graphiste"), m("designer graphique"), m("directeur artistique"),
               f("directrice artistique"), f("illustratrice")),
        deliverables=(mp("fichiers sources", "le"), mp("exports haute définition"),
                      f("présentation des choix créatifs"), f("cession des droits d'auteur")),
        scope="deux séries de retouches",
        out_of_scope="l'impression et la livraison des supports",
        constraints=("Logiciel imposé : {tool.t}. Fichiers également lisibles avec {tool2.t}. "
                     "Couleurs conformes à l'impression en quadrichromie."),
        acceptance="Chaque proposition sera présentée à {team} et validée par écrit avant la suite.",
        qa=(("Avez-vous déjà une charte graphique ou faut-il la créer ?",
             "Il n'y a pas encore de charte : elle fait partie de la demande."),
            ("Combien de pistes créatives attendez-vous ?",
             "Trois pistes au départ, puis une seule à approfondir."),
            ("Avez-vous des exemples de visuels qui vous plaisent ?",
             "Oui, nous enverrons quelques exemples aux prestataires retenus.")),
        files=("logo_actuel.svg", "brief_creatif.docx", "charte_graphique.pdf"),
    ),
    "Rédaction": Vocabulary(
        objects=(mp("articles de blog"), fp("fiches produits"), m("livre blanc"), f("newsletter mensuelle"),
                 mp("textes de site web"), m("communiqué de presse")),
        actions=(f("rédaction"), f("réécriture"), f("correction"), f("création")),
        verbs=_verbs("rédiger", "écrire", "réécrire", "produire"),
        tools=_tools("WordPress", "Notion", "Google Docs", "Semrush", "Yoast", "Antidote"),
        features=(m("ton chaleureux et professionnel"), f("optimisation pour le référencement"),
                  fp("sources vérifiées"), mp("intertitres clairs"), m("appel à l'action"),
                  f("relecture orthographique")),
        roles=(m("rédacteur"), f("rédactrice web"), m("concepteur-rédacteur"), m("journaliste"),
               f("rédactrice")),
        deliverables=(mp("textes livrés au format Word"), m("calendrier éditorial"),
                      f("version relue et corrigée"), f("mise en ligne des textes", "le")),
        scope="une série de corrections",
        out_of_scope="les photos et la mise en page",
        constraints=("Outil imposé : {tool.t}. Relecture possible avec {tool2.t}. Textes originaux, "
                     "sans contenu généré ni copié."),
        acceptance="Chaque texte sera relu et validé par {team} avant d'être publié.",
        qa=(("Quelle longueur visez-vous pour chaque texte ?",
             "Entre 800 et 1 200 mots par texte, selon le sujet."),
            ("Fournissez-vous les sujets ou faut-il les proposer ?",
             "Une liste de sujets est prête ; vos propositions sont les bienvenues."),
            ("Les textes seront-ils signés ?",
             "Non, les textes paraîtront sans signature.")),
        files=("ligne_editoriale.pdf", "exemples_articles.docx"),
    ),
    "Marketing digital": Vocabulary(
        objects=(f("campagne publicitaire"), f("stratégie social media"), f("campagne d'e-mailing"),
                 m("tunnel de vente"), f("campagne d'acquisition"), m("programme de fidélisation")),
        actions=(m("lancement"), f("gestion"), f("optimisation"), m("audit"), m("pilotage")),
        verbs=_verbs("lancer", "piloter", "optimiser", "relancer", "structurer"),
        tools=_tools("Google Ads", "Meta Ads", "Mailchimp", "HubSpot", "Brevo", "LinkedIn Ads",
                     "Google Analytics", "Hootsuite"),
        features=(m("ciblage local"), mp("visuels adaptés"), m("suivi des conversions"),
                  m("reporting mensuel"), mp("tests A/B"), f("animation de communauté")),
        roles=(m("consultant marketing"), f("consultante marketing"), m("community manager"),
               m("traffic manager"), m("growth hacker")),
        deliverables=(m("rapport de performance"), m("plan d'action chiffré"),
                      m("calendrier de publication"), m("tableau de suivi des indicateurs")),
        scope="la création des audiences",
        out_of_scope="le budget publicitaire, réglé directement aux régies",
        constraints=("Outils imposés : {tool.t}. Données suivies dans {tool2.t}. Respect du RGPD pour "
                     "les données personnelles exigé."),
        acceptance="Un point mensuel avec {team} permettra de valider les résultats et les ajustements.",
        qa=(("Quel budget publicitaire mensuel prévoyez-vous ?",
             "Environ 1 500 € par mois, hors honoraires."),
            ("Avez-vous déjà des comptes publicitaires ouverts ?",
             "Oui, les accès seront donnés au prestataire retenu."),
            ("Quels indicateurs comptent le plus pour vous ?",
             "Le coût par contact et le nombre de demandes de devis.")),
        files=("plan_marketing.pdf", "resultats_2025.xlsx"),
    ),
    "Traduction": Vocabulary(
        objects=(m("site internet"), mp("contrats commerciaux"), f("notice technique"),
                 f("application mobile"), m("catalogue produits"), mp("sous-titres de vidéos"),
                 f("documentation utilisateur")),
        actions=(f("traduction"), f("traduction"), f("traduction professionnelle"), f("relecture"),
                 f("révision")),
        verbs=_verbs("traduire"),
        tools=tuple(Tool(n, language=True) for n in (
            "anglais", "allemand", "espagnol", "italien", "néerlandais", "arabe", "portugais", "chinois")),
        features=(f("terminologie cohérente"), f("relecture par un natif"),
                  m("respect de la mise en page", "le"), m("suivi des modifications"), m("glossaire métier"),
                  mp("délais courts")),
        roles=(m("traducteur"), f("traductrice"), m("traducteur assermenté"), m("relecteur"),
               f("traductrice assermentée")),
        deliverables=(mp("fichiers traduits au même format"), m("glossaire bilingue"),
                      f("mémoire de traduction"), f("attestation de traduction")),
        scope="la relecture finale",
        out_of_scope="la mise en page des documents traduits",
        constraints=("Langue cible : {tool.t} ; une version en {tool2.t} pourra suivre. Terminologie "
                     "du secteur respectée."),
        acceptance="Un extrait test sera relu par {team} avant la traduction complète.",
        qa=(("Quel est le volume à traduire ?",
             "Environ 12 000 mots, répartis en plusieurs fichiers."),
            ("Dans quel format sont les fichiers sources ?",
             "Des fichiers Word et quelques PDF modifiables."),
            ("Faut-il une traduction certifiée ?",
             "Non, une traduction professionnelle relue suffit.")),
        files=("documents_a_traduire.zip", "glossaire.xlsx"),
        kind="language",
        title="Traduction {obj.de_t} {tool.avec} pour {sector.un}",
    ),
    "Vidéo & animation": Vocabulary(
        objects=(f("vidéo de présentation"), m("motion design"), m("film d'entreprise"),
                 fp("capsules vidéo"), m("tutoriel vidéo"), f("animation 2D")),
        actions=(f("réalisation"), f("création"), f("production")),
        verbs=_verbs("réaliser", "produire", "créer"),
        tools=_tools("After Effects", "Premiere Pro", "DaVinci Resolve", "Blender", "Final Cut",
                     "Cinema 4D"),
        features=(f("voix off"), m("sous-titrage"), f("musique libre de droits"), m("format vertical"),
                  m("storyboard validé"), m("habillage aux couleurs de la marque")),
        roles=(m("vidéaste"), m("monteur vidéo"), m("motion designer"), f("animatrice 2D"),
               f("monteuse vidéo")),
        deliverables=(mp("fichiers sources", "le"), f("version par réseau social"),
                      f("version sous-titrée"), m("fichier final en haute définition", "le")),
        scope="deux séries de modifications",
        out_of_scope="l'achat d'images d'archives",
        constraints=("Logiciel imposé : {tool.t}. Fichiers de travail compatibles avec {tool2.t}. "
                     "Musiques et images libres de droits."),
        acceptance="Chaque étape (script, storyboard, montage) sera validée par {team}.",
        qa=(("Quelle durée visez-vous pour la vidéo ?",
             "Entre une et deux minutes."),
            ("Faut-il prévoir un tournage ?",
             "Non, nous fournirons les images et les logos."),
            ("Avez-vous déjà un script ?",
             "Un premier script existe, mais il faut encore le retravailler.")),
        files=("script.docx", "logo_hd.png"),
    ),
    "Data & IA": Vocabulary(
        objects=(m("tableau de bord"), m("modèle de prévision"), m("chatbot"), m("entrepôt de données"),
                 m("outil d'analyse des ventes"), m("pipeline de données")),
        actions=(f("mise en place"), f("conception"), m("développement"), m("audit")),
        verbs=_verbs("mettre en place", "concevoir", "développer", "améliorer"),
        tools=_tools("Python", "Power BI", "Tableau", "TensorFlow", "scikit-learn", "BigQuery", "dbt",
                     "Airflow", "Pandas"),
        features=(f("connexion à {NOTRE_SON} CRM", "le"), f("mise à jour quotidienne"),
                  mp("indicateurs de performance"), m("modèle explicable"), f("conformité RGPD", "le"),
                  f("documentation des traitements")),
        roles=(m("data scientist"), m("data analyst"), m("ingénieur data"), m("consultant BI"),
               f("consultante BI"), f("ingénieure data")),
        deliverables=(mp("notebooks commentés", "le"), m("rapport d'analyse"),
                      f("documentation technique"), f("passation à {NOS_SES} équipes")),
        scope="la reprise des données historiques",
        out_of_scope="l'achat des licences et l'hébergement",
        constraints=("Outils imposés : {tool.t}. Compatibilité avec {tool2.t} souhaitée. Données "
                     "hébergées en Europe, conformément au RGPD."),
        acceptance="Les résultats seront validés avec {team} sur un jeu de données de test.",
        qa=(("Où sont stockées les données aujourd'hui ?",
             "Dans notre ERP et dans plusieurs fichiers Excel."),
            ("Quel volume de données faut-il traiter ?",
             "Quelques millions de lignes, mises à jour chaque jour."),
            ("Les données contiennent-elles des informations personnelles ?",
             "Oui, elles seront anonymisées avant le démarrage.")),
        files=("exemple_export.csv", "schema_donnees.pdf"),
    ),
    "SEO": Vocabulary(
        objects=(m("référencement naturel", "poss"), f("stratégie de mots-clés"), m("netlinking", "le"),
                 m("SEO local", "le"), f("migration SEO du site", "le"), f("visibilité sur Google", "poss"),
                 m("référencement du site", "le")),
        actions=(f("optimisation"), m("audit"), f("amélioration"), f("refonte")),
        verbs=_verbs("optimiser", "améliorer", "renforcer", "auditer"),
        tools=_tools("Semrush", "Ahrefs", "Search Console", "Screaming Frog", "Google Analytics", "Yoast"),
        features=(m("audit technique"), f("optimisation des balises"), m("plan de contenus"),
                  m("suivi des positions"), f("amélioration de la vitesse", "le"),
                  f("fiche Google Business")),
        roles=(m("consultant SEO"), f("consultante SEO"), m("rédacteur SEO"),
               m("expert en référencement")),
        deliverables=(m("rapport d'audit"), f("liste d'actions priorisées"),
                      m("suivi mensuel des positions"), f("formation de {NOS_SES} équipes")),
        scope="le suivi des résultats pendant trois mois",
        out_of_scope="la refonte graphique du site",
        constraints=("Outils imposés : {tool.t}. Accès à {tool2.t} fourni. Aucune technique de "
                     "référencement abusive."),
        acceptance="Les recommandations seront présentées à {team} et validées avant d'être mises en œuvre.",
        qa=(("Avez-vous accès à la Search Console de votre site ?",
             "Oui, l'accès sera partagé avec le prestataire retenu."),
            ("Sur quels mots-clés souhaitez-vous progresser ?",
             "Une première liste est jointe ; elle reste à affiner."),
            ("Le site a-t-il changé d'adresse récemment ?",
             "Non, l'adresse est la même depuis plusieurs années.")),
        files=("export_search_console.csv", "liste_mots_cles.xlsx"),
    ),
    "Administratif": Vocabulary(
        objects=(f("saisie comptable", "poss"), m("classement des factures", "le"),
                 f("relance des impayés", "le"), m("assistanat administratif"),
                 f("mise à jour du fichier clients", "le"), f("gestion de l'agenda de la direction", "le")),
        actions=(f("gestion"), f("prise en charge"), f("externalisation"), f("organisation")),
        verbs=_verbs("confier", "déléguer", "externaliser", "organiser"),
        tools=_tools("Excel", "Pennylane", "Sage", "QuickBooks", "Google Sheets", "Airtable"),
        features=(m("suivi hebdomadaire"), f("grande rigueur"), f("confidentialité des données", "le"),
                  m("reporting clair"), f("disponibilité le matin"), mp("tableaux de suivi")),
        roles=(f("assistante administrative"), f("secrétaire indépendante"), m("assistant de direction"),
               m("comptable"), f("assistante de direction")),
        deliverables=(m("fichier de suivi à jour"), m("compte rendu hebdomadaire"),
                      fp("factures classées"), f("procédure écrite")),
        scope="un point hebdomadaire",
        out_of_scope="la tenue de la comptabilité générale",
        constraints=("Outils imposés : {tool.t}. Échanges de fichiers avec {tool2.t}. Confidentialité "
                     "des données garantie par écrit."),
        acceptance="Un bilan sera fait avec {team} à la fin du premier mois.",
        qa=(("Combien d'heures par semaine prévoyez-vous ?",
             "Environ une journée par semaine, à distance."),
            ("Les outils sont-ils déjà en place ?",
             "Oui, les accès seront ouverts au démarrage."),
            ("Le travail peut-il se faire entièrement à distance ?",
             "Oui, le travail à distance nous convient parfaitement.")),
        files=("procedure_actuelle.pdf", "modele_suivi.xlsx"),
    ),
    "Logiciel & intégration": Vocabulary(
        objects=(m("logiciel métier"), m("connecteur d'API"), m("connecteur ERP"),
                 f("application de bureau"), m("outil interne"), m("module de facturation")),
        actions=(m("développement"), f("intégration"), m("paramétrage"), f("évolution"), f("création")),
        verbs=_verbs("développer", "faire évoluer", "paramétrer", "créer"),
        tools=_tools("Odoo", "Java", "C#", ".NET", "Go", "Rust", "SAP", "Salesforce", "Zapier"),
        features=(f("synchronisation bidirectionnelle"), mp("droits par profil"),
                  m("journal des opérations"), f("reprise des données existantes"),
                  f("interface simple"), m("déploiement sur {NOS_SES} serveurs")),
        roles=(m("développeur"), f("développeuse"), m("intégrateur"), m("architecte logiciel"),
               m("consultant ERP")),
        deliverables=(m("code source", "le"), m("manuel utilisateur"), f("formation des utilisateurs"),
                      f("garantie de correction")),
        scope="la reprise des données existantes",
        out_of_scope="l'achat des licences",
        constraints=("Technologies imposées : {tool.t}. Interface avec {tool2.t} souhaitée. "
                     "Sauvegardes et journalisation exigées."),
        acceptance=_RECETTE,
        qa=(("Le logiciel sera-t-il installé sur vos serveurs ?",
             "Oui, sur nos serveurs, avec un accès à distance pour le prestataire."),
            ("Existe-t-il une documentation de l'outil actuel ?",
             "Une documentation partielle existe ; elle sera transmise."),
            ("Combien d'utilisateurs sont concernés ?",
             "Une vingtaine de personnes, réparties sur deux sites.")),
        files=("schema_flux.pdf", "specifications_api.pdf"),
    ),
    "E-commerce": Vocabulary(
        objects=(f("boutique en ligne"), m("site e-commerce"), f("marketplace"), m("catalogue en ligne"),
                 f("boutique de produits artisanaux"), m("tunnel de commande")),
        actions=(f("création"), f("refonte"), f("migration"), f("optimisation"), m("lancement")),
        verbs=_verbs("créer", "refondre", "migrer", "optimiser", "lancer"),
        tools=_tools("Shopify", "WooCommerce", "PrestaShop", "Magento", "Stripe", "PayPal", "Sylius"),
        features=(m("paiement sécurisé", "le"), f("gestion des stocks", "le"),
                  m("calcul des frais de port", "le"), mp("codes promotionnels"),
                  f("facturation automatique", "le"), f("transmission des commandes à {NOTRE_SON} logisticien", "le")),
        roles=(m("développeur e-commerce"), f("développeuse e-commerce"), m("intégrateur e-commerce"),
               m("chef de projet e-commerce")),
        deliverables=(f("boutique prête à vendre"), f("formation au back-office"),
                      f("reprise des produits", "le"), m("mois de support")),
        scope="la reprise du catalogue existant",
        out_of_scope="les photos des produits",
        constraints=("Solution imposée : {tool.t}. Paiement par {tool2.t} souhaité. Conditions "
                     "générales de vente et RGPD respectés."),
        acceptance=_RECETTE,
        qa=(("Combien de produits compte le catalogue ?",
             "Environ 300 produits, avec leurs variantes."),
            ("Le budget comprend-il l'abonnement à la solution ?",
             "Non, l'abonnement est déjà pris en charge de notre côté."),
            ("Faut-il reprendre les comptes clients existants ?",
             "Oui, les comptes clients doivent être repris.")),
        files=("catalogue_produits.csv", "maquette.png"),
    ),
}

#: Q&A any project can have (with those of its category).
COMMON_QA: tuple[tuple[str, str], ...] = (
    ("Pouvez-vous préciser la date de livraison souhaitée ?",
     "Idéalement avant la fin du mois prochain, mais nous restons souples."),
    ("Le projet est-il ouvert au travail entièrement à distance ?",
     "Oui, le travail à distance nous convient parfaitement."),
    ("Le budget indiqué est-il ferme ?",
     "Il est indicatif : une proposition détaillée peut le faire évoluer."),
)
#: File names any project can have (with those of its category).
COMMON_FILES: tuple[str, ...] = ("cahier_des_charges.pdf",)

# -- clients' trades ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sector:
    """What a client is: the noun phrase, its company names, who it works for, how many people work there.

    `names` are patterns of the client's name (`{last}`, `{first}`, `{city}`, and `{de_first}`,
    `{de_city}` with "de" elided: "d'Angers"); `legal` says whether a
    company form ("SARL", "SA") may follow it; `countries` limits the trade to some countries (empty: all).
    """

    noun: Noun
    names: tuple[str, ...]
    audiences: tuple[Noun, ...]
    staff: tuple[int, int]
    staff_word: str = "salariés"
    legal: bool = True
    countries: tuple[str, ...] = ()


_CLIENTS = mp("clients particuliers", "poss")
_PROS = mp("clients professionnels", "poss")
_INTL = f("clientèle internationale")
_PUBLIC = m("grand public", "le")

SECTORS: tuple[Sector, ...] = (
    Sector(m("cabinet d'architectes"), ("Cabinet {last} Architectes", "{last} & Associés"),
           (_CLIENTS, mp("promoteurs immobiliers", "le")), (3, 25)),
    Sector(f("boulangerie artisanale"), ("Boulangerie {last}", "Maison {last}"),
           (mp("clients du quartier", "poss"), mp("restaurateurs de la ville", "le")), (2, 15)),
    Sector(f("agence immobilière"), ("{last} Immobilier", "Agence {last}"),
           (mp("acquéreurs", "le"), _CLIENTS), (2, 40)),
    Sector(f("clinique vétérinaire"), ("Clinique vétérinaire {last}",),
           (mp("propriétaires d'animaux", "le"),), (3, 30)),
    Sector(f("association sportive"), ("Association sportive {de_city}", "Club sportif {de_city}"),
           (mp("adhérents", "poss"), fp("familles", "le")), (2, 12), legal=False),
    Sector(f("start-up de la foodtech"), ("{last} Food", "Bocal {last}"),
           (mp("utilisateurs", "poss"), m("public urbain")), (3, 60)),
    Sector(m("cabinet d'avocats"), ("Cabinet {last} Avocats", "{last} Avocats Associés"),
           (_PROS, _CLIENTS), (2, 50)),
    Sector(f("société de transport"), ("Transports {last}",),
           (_PROS, mp("chauffeurs", "poss")), (5, 200)),
    Sector(m("restaurant gastronomique"), ("Restaurant {last}", "La Table {de_first}"),
           (_INTL, mp("habitués", "poss")), (4, 30)),
    Sector(f("école de musique"), ("École de musique {de_city}",),
           (mp("élèves", "poss"), fp("familles", "le")), (2, 20), legal=False),
    Sector(m("domaine viticole"), ("Domaine {last}", "Château {last}"),
           (mp("cavistes", "le"), _INTL), (2, 30), countries=("FR", "CH", "LU", "MA", "CA")),
    Sector(f("PME industrielle"), ("{last} Industrie", "Ateliers {last}"),
           (mp("distributeurs", "poss"), _PROS), (20, 250)),
    Sector(m("hôtel familial"), ("Hôtel {last}", "Hôtel du Parc"),
           (_INTL, m("public familial")), (3, 40)),
    Sector(f("mutuelle régionale"), ("Mutuelle {last}",),
           (mp("adhérents", "poss"),), (30, 300), legal=False, countries=("FR", "BE", "LU", "MA")),
    Sector(f("entreprise de plomberie"), ("Plomberie {last}", "{last} Plomberie"),
           (_CLIENTS, mp("syndics de copropriété", "le")), (2, 15)),
    Sector(f("salle d'escalade"), ("Escalade {city}", "Vertical {last}"),
           (mp("grimpeurs", "le"), fp("familles", "le")), (2, 20)),
    Sector(f("librairie indépendante"), ("Librairie {last}",),
           (mp("lecteurs", "poss"),), (2, 10)),
    Sector(m("institut de beauté"), ("Institut {first}", "Beauté {last}"),
           (fp("clientes", "poss"),), (2, 10)),
    Sector(f("société de conseil"), ("{last} Conseil", "{last} Partenaires"),
           (_PROS,), (3, 80)),
    Sector(f("collectivité locale"), ("Ville {de_city}",),
           (mp("habitants", "le"), mp("usagers des services publics", "le")), (20, 300), "agents",
           legal=False),
    Sector(m("centre de formation"), ("{last} Formation", "Institut de formation {last}"),
           (mp("stagiaires", "poss"), fp("entreprises clientes", "poss")), (3, 60)),
    Sector(f("ferme bio"), ("Ferme {last}", "Les Jardins {de_first}"),
           (_CLIENTS, fp("épiceries fines", "le")), (2, 8)),
    Sector(f("agence de voyages"), ("{last} Voyages", "Voyages {last}"),
           (_CLIENTS, _INTL), (2, 30)),
    Sector(m("garage automobile"), ("Garage {last}",),
           (_CLIENTS, _PUBLIC), (2, 20)),
    Sector(f("érablière familiale"), ("Érablière {last}", "Sucrerie {last}"),
           (_INTL, mp("épiciers", "le")), (2, 20), countries=("CA",)),
    Sector(m("riad"), ("Riad {last}", "Dar {last}"),
           (_INTL,), (3, 25), countries=("MA",)),
    Sector(f("coopérative agricole"), ("Coopérative agricole {de_city}",),
           (mp("producteurs membres", "poss"), mp("acheteurs", "le")), (5, 120), legal=False,
           countries=("SN", "CI", "MA", "TN")),
)


@dataclass(frozen=True)
class VoicedSector:
    """A sector in one voice: its noun, its audiences (possessives rendered) and its staff."""

    noun: Noun
    audiences: tuple[Noun, ...]
    staff: tuple[int, int]
    staff_word: str


SECTORS_VOICED: tuple[tuple[VoicedSector, ...], ...] = tuple(
    tuple(VoicedSector(s.noun.voiced(v), tuple(a.voiced(v) for a in s.audiences), s.staff, s.staff_word)
          for s in SECTORS)
    for v in VOICES
)

# -- templates -------------------------------------------------------------------------------------------
# Slots: obj, action, verb, tool, tool2, feature, feature2, tfeature, deliverable, deliverable2, role (Noun,
# Word, Tool), sector, audience (Noun), city, de_city ("de Lyon", "d'Angers"), years, staff, staff_word,
# weeks, lots; offers add ofeature (the feature as the provider names it: "votre API") and delay.

TITLE_TEMPLATES: tuple[str, ...] = (
    "{action.T} {obj.de_t} pour {sector.un}",
    "{role.T} {tool.tag} pour {obj.art0}",
    "{action.T} {obj.de_t} avec {tfeature.art}",
    "Besoin d'{role.un} pour {obj.art0}",
    "{obj.T} pour {sector.un} ({tool.tag})",
)
#: Titles and the summaries that speak of no one use `tfeature`: the feature, or one without a possessive.
#: Half of the summaries mention "projet", the benchmark's "word in about half the projects".
SUMMARY_WITH_PROJET: tuple[tuple[str, ...], tuple[str, ...]] = (
    ("Nous sommes {sector.un} et souhaitons {verb.t} {obj.art}. Le projet doit démarrer rapidement.",
     "Pour {audience.art}, nous voulons {verb.t} {obj.art} avec {feature.art}. Projet suivi par notre "
     "direction.",
     "Projet {action.de} : {obj.art0}, avec {tfeature.art}.",
     "Nous cherchons un prestataire pour notre projet : {verb.t} {obj.art} {tool.avec}."),
    ("{sector.Un} {de_city} souhaite {verb.t} {obj.art}. Le projet doit démarrer rapidement.",
     "Pour {audience.art}, {sector.un} {de_city} veut {verb.t} {obj.art} avec {feature.art}. Projet "
     "suivi par sa direction.",
     "Projet {action.de} : {obj.art0}, avec {tfeature.art}.",
     "{sector.Un} cherche un prestataire pour son projet : {verb.t} {obj.art} {tool.avec}."),
)
SUMMARY_PLAIN: tuple[tuple[str, ...], tuple[str, ...]] = (
    ("Nous sommes {sector.un} et souhaitons {verb.t} {obj.art}. Une première version est attendue "
     "rapidement.",
     "Nous voulons {verb.t} {obj.art} pour mieux servir {audience.art}, avec {feature.art}.",
     "Mission {action.de} : {obj.art0} {tool.avec}, incluant {tfeature.art}.",
     "Recherche {role.t} pour {obj.art0}. Une bonne maîtrise {tool.de} est indispensable."),
    ("{sector.Un} {de_city} souhaite {verb.t} {obj.art}. Une première version est attendue rapidement.",
     "{sector.Un} veut {verb.t} {obj.art} pour mieux servir {audience.art}, avec {feature.art}.",
     "Mission {action.de} : {obj.art0} {tool.avec}, incluant {tfeature.art}.",
     "Recherche {role.t} pour {obj.art0}. Une bonne maîtrise {tool.de} est indispensable."),
)
DESC_OPENINGS: tuple[tuple[str, ...], tuple[str, ...]] = (
    ("Notre structure, {sector.un} {de_city}, existe depuis {years} ans et compte {staff} {staff_word}.",
     "Nous sommes {sector.un} basé{sector.e} à {city} et travaillons surtout avec {audience.art}.",
     "Nous sommes {sector.un} installé{sector.e} à {city} depuis {years} ans.",
     "Dans le cadre de notre développement, nous souhaitons {verb.t} {obj.art}."),
    ("{sector.Un} {de_city}, en activité depuis {years} ans, compte {staff} {staff_word}.",
     "{sector.Un} basé{sector.e} à {city} travaille surtout avec {audience.art}.",
     "{sector.Un} installé{sector.e} à {city} depuis {years} ans souhaite {verb.t} {obj.art}.",
     "Dans le cadre de son développement, {sector.un} {de_city} souhaite {verb.t} {obj.art}."),
)
DESC_NEEDS: tuple[tuple[str, ...], tuple[str, ...]] = (
    (" Le besoin porte sur {obj.art}, avec {feature.art} et {feature2.art}.",
     " Nous attendons en priorité {feature.art}, puis {feature2.art} dans un second temps.",
     " L'objectif est {verb.de} {obj.art} ; {feature.art} {feature.est} prioritaire{feature.s}, "
     "{feature2.art} {feature2.serait} un plus."),
    (" Le besoin porte sur {obj.art}, avec {feature.art} et {feature2.art}.",
     " {sector.Il} attend en priorité {feature.art}, puis {feature2.art} dans un second temps.",
     " L'objectif est {verb.de} {obj.art} ; {feature.art} {feature.est} prioritaire{feature.s}, "
     "{feature2.art} {feature2.serait} un plus."),
)
#: How the description names the tools, per kind of category ("tool" or "language"), per voice.
DESC_TOOLS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "tool": (
        (" Une expérience solide {tool.de} est demandée ; la connaissance {tool2.de} est appréciée.",
         " Nous utilisons déjà {tool.t} et souhaitons rester sur cet outil.",
         " Le choix technique est ouvert, mais {tool.t} ou {tool2.t} nous semblent adaptés."),
        (" Une expérience solide {tool.de} est demandée ; la connaissance {tool2.de} est appréciée.",
         " {sector.Il} utilise déjà {tool.t} et souhaite rester sur cet outil.",
         " Le choix technique est ouvert, mais {tool.t} ou {tool2.t} lui semblent adaptés."),
    ),
    "language": (
        (" Les documents sont rédigés en français et doivent être traduits {tool.avec}.",
         " Une maîtrise parfaite {tool.de} est exigée ; une seconde langue, {tool2.le}, serait un plus.",
         " Nous prévoyons une version en {tool.t}, puis une autre en {tool2.t}."),
        (" Les documents sont rédigés en français et doivent être traduits {tool.avec}.",
         " Une maîtrise parfaite {tool.de} est exigée ; une seconde langue, {tool2.le}, serait un plus.",
         " Une version en {tool.t} est prévue, puis une autre en {tool2.t}."),
    ),
}
DESC_BUDGET = " Le budget est indicatif et peut évoluer selon la qualité des propositions reçues."
DESC_CLOSINGS: tuple[tuple[str, ...], tuple[str, ...]] = (
    (" Livrables attendus : {deliverable.art} et {deliverable2.art}. Merci d'indiquer vos références et "
     "votre délai.",
     " Nous attendons {deliverable.art} et un devis détaillé par étape.",
     " Merci de préciser votre méthode de travail et votre disponibilité ; {deliverable.art} "
     "{deliverable.fait} partie des livrables.",
     " Le prestataire retenu fournira {deliverable.art}. Les échanges se feront en visioconférence."),
    (" Livrables attendus : {deliverable.art} et {deliverable2.art}. Merci d'indiquer vos références et "
     "votre délai.",
     " {sector.Il} attend {deliverable.art} et un devis détaillé par étape.",
     " Merci de préciser votre méthode de travail et votre disponibilité ; {deliverable.art} "
     "{deliverable.fait} partie des livrables.",
     " Le prestataire retenu fournira {deliverable.art}. Les échanges se feront en visioconférence."),
)
#: The specification ("cahier des charges"); {scope}, {out_of_scope}, {constraints} and {acceptance} come
#: from the category.
SPEC_TEMPLATE: tuple[str, str] = (
    "Cahier des charges\n\n"
    "1. Contexte\nNous sommes {sector.un} {de_city} et souhaitons {verb.t} {obj.art}. Public visé : "
    "{audience.art}.\n\n",
    "Cahier des charges\n\n"
    "1. Contexte\n{sector.Un} {de_city} souhaite {verb.t} {obj.art}. Public visé : {audience.art}.\n\n",
)
SPEC_REST = (
    "2. Périmètre\nLe périmètre comprend {feature.art}, {feature2.art} et {scope}. "
    "Hors périmètre : {out_of_scope}.\n\n"
    "3. Contraintes\n{constraints}\n\n"
    "4. Livrables et validation\n{deliverable.Art}. {acceptance}\n\n"
    "5. Planning\nDémarrage souhaité sous {weeks} semaines, livraison en {lots} lots.\n"
)
#: The team that validates, per voice.
TEAM: tuple[str, str] = ("notre équipe", "son équipe")

#: Competing providers' offers (the provider speaks: "je").
OFFER_MESSAGES: tuple[str, ...] = (
    "Bonjour, je travaille depuis {years} ans sur des missions similaires et je maîtrise {tool.le}. "
    "Je peux prendre en charge {obj.art0} en {delay} jours.",
    "Bonjour, votre projet m'intéresse beaucoup. Je maîtrise {tool.le} et je vous propose un premier "
    "échange en visio pour discuter {ofeature.dart}.",
    "Bonjour, je vous propose une réalisation en {lots} étapes, validées une à une. Mon portfolio "
    "contient des exemples proches de votre besoin.",
    "Bonjour, disponible dès la semaine prochaine, je peux prendre en charge {obj.art0} et "
    "m'occuper {ofeature.dart}. Devis détaillé sur demande.",
)

# -- voiced vocabulary and templates ------------------------------------------------------------------------


@dataclass(frozen=True)
class Voiced:
    """One category in one voice: its words (markers rendered) and its templates, ready to format."""

    objects: tuple[Noun, ...]
    actions: tuple[Noun, ...]
    verbs: tuple[Word, ...]
    tools: tuple[Tool, ...]
    features: tuple[Noun, ...]
    title_features: tuple[Noun, ...]
    offer_features: tuple[Noun, ...]
    roles: tuple[Noun, ...]
    deliverables: tuple[Noun, ...]
    titles: tuple[str, ...]
    summaries_projet: tuple[str, ...]
    summaries_plain: tuple[str, ...]
    intros: tuple[str, ...]
    tool_sentences: tuple[str, ...]
    closings: tuple[str, ...]
    spec: str
    qa: tuple[tuple[str, str], ...]
    files: tuple[str, ...]


def _voiced(nouns: Sequence[Noun], voice: int) -> tuple[Noun, ...]:
    return tuple(n.voiced(voice) for n in nouns)


def _title_features(features: Sequence[Noun]) -> tuple[Noun, ...]:
    """Each feature, or (where it holds a possessive: "notre API") the first one that holds none."""
    plain = next(n for n in features if "{" not in n.t)
    return tuple(plain if "{" in n.t else n for n in features)


def _intros(voice: int) -> tuple[str, ...]:
    """An opening and a statement of the need, never both restating the object."""
    return tuple(o + n for o in DESC_OPENINGS[voice] for n in DESC_NEEDS[voice]
                 if not ("{obj." in o and "{obj." in n))


def _spec(v: Vocabulary, voice: int) -> str:
    rest = SPEC_REST.replace("{scope}", v.scope).replace("{out_of_scope}", v.out_of_scope)
    rest = rest.replace("{constraints}", v.constraints).replace("{acceptance}", v.acceptance)
    return render_voice(SPEC_TEMPLATE[voice] + rest.replace("{team}", TEAM[voice]), voice)


VOICED: tuple[dict[str, Voiced], ...] = tuple(
    {
        name: Voiced(
            objects=_voiced(v.objects, voice), actions=v.actions, verbs=v.verbs, tools=v.tools,
            features=_voiced(v.features, voice), title_features=_title_features(v.features),
            offer_features=_voiced(v.features, VOUS), roles=v.roles,
            deliverables=_voiced(v.deliverables, voice),
            titles=(*TITLE_TEMPLATES[:-1], v.title or TITLE_TEMPLATES[-1]),
            summaries_projet=SUMMARY_WITH_PROJET[voice], summaries_plain=SUMMARY_PLAIN[voice],
            intros=_intros(voice),
            tool_sentences=DESC_TOOLS[v.kind][voice], closings=DESC_CLOSINGS[voice],
            spec=_spec(v, voice), qa=v.qa + COMMON_QA, files=v.files + COMMON_FILES,
        )
        for name, v in VOCAB.items()
    }
    for voice in VOICES
)

# -- budgets -----------------------------------------------------------------------------------------------

#: (min, max) budget bands in cents, with weights.
BUDGETS: tuple[tuple[int, int, int], ...] = (
    (20_000, 50_000, 12),
    (50_000, 100_000, 22),
    (100_000, 300_000, 28),
    (300_000, 500_000, 14),
    (500_000, 1_000_000, 12),
    (1_000_000, 2_500_000, 8),
    (2_500_000, 5_000_000, 4),
)

# -- places and people -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class City:
    """A client's city: its postal codes and its fixed-line telephone patterns (`#` a digit, `@` 2-9)."""

    name: str
    postcodes: tuple[str, ...]
    phones: tuple[str, ...]
    streets: tuple[str, ...] = ()
    quarters: tuple[str, ...] = ()


@dataclass(frozen=True)
class Country:
    """A client country (PF-4): weight among clients, cities, mobile numbers, streets, names, company forms.

    `address` is the pattern of a postal address: `{n}` the street number, `{street}`, `{cp}` the postal
    code, `{city}`, `{quarter}`, `{bp}` a post-office box.
    """

    code: str
    weight: int
    cities: tuple[City, ...]
    mobiles: tuple[str, ...]
    streets: tuple[str, ...]
    address: str
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    legal_forms: tuple[str, ...]


def _codes(prefix: str, lo: int, hi: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{i:02d}" for i in range(lo, hi + 1))


_FR_FIRST = ("Camille", "Léa", "Hugo", "Lucas", "Chloé", "Manon", "Nathan", "Inès", "Louis", "Emma", "Jules",
             "Zoé", "Karim", "Yasmine", "Thomas", "Julie", "Mehdi", "Sarah", "Antoine", "Aïcha", "Étienne",
             "Mathilde", "Olivier", "Fatou", "Claire", "Nicolas", "Sophie", "Pierre")
_FR_LAST = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
            "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
            "Benali", "Fournier", "Girard", "Bonnet", "Mercier", "Lambert", "Faure", "Rousseau")

COUNTRIES: tuple[Country, ...] = (
    Country(
        "FR", 76,
        (City("Paris", _codes("750", 1, 20), ("+33 1 4# ## ## ##", "+33 1 5# ## ## ##")),
         City("Lyon", _codes("690", 1, 9), ("+33 4 72 ## ## ##", "+33 4 78 ## ## ##")),
         City("Marseille", _codes("130", 1, 16), ("+33 4 91 ## ## ##", "+33 4 96 ## ## ##")),
         City("Toulouse", ("31000", "31100", "31200", "31300", "31400", "31500"),
              ("+33 5 61 ## ## ##", "+33 5 62 ## ## ##")),
         City("Bordeaux", ("33000", "33100", "33200", "33300", "33800"),
              ("+33 5 56 ## ## ##", "+33 5 57 ## ## ##")),
         City("Lille", ("59000", "59800"), ("+33 3 20 ## ## ##", "+33 3 28 ## ## ##")),
         City("Nantes", ("44000", "44100", "44200", "44300"), ("+33 2 40 ## ## ##", "+33 2 51 ## ## ##")),
         City("Strasbourg", ("67000", "67100", "67200"), ("+33 3 88 ## ## ##", "+33 3 90 ## ## ##")),
         City("Rennes", ("35000", "35200", "35700"), ("+33 2 99 ## ## ##", "+33 2 23 ## ## ##")),
         City("Montpellier", ("34000", "34070", "34080", "34090"),
              ("+33 4 67 ## ## ##", "+33 4 99 ## ## ##")),
         City("Nice", ("06000", "06100", "06200", "06300"), ("+33 4 93 ## ## ##", "+33 4 92 ## ## ##")),
         City("Grenoble", ("38000", "38100"), ("+33 4 76 ## ## ##",)),
         City("Dijon", ("21000",), ("+33 3 80 ## ## ##",)),
         City("Angers", ("49000", "49100"), ("+33 2 41 ## ## ##",)),
         City("Tours", ("37000", "37100", "37200"), ("+33 2 47 ## ## ##",)),
         City("Reims", ("51100",), ("+33 3 26 ## ## ##",)),
         City("Clermont-Ferrand", ("63000", "63100"), ("+33 4 73 ## ## ##",)),
         City("Annecy", ("74000",), ("+33 4 50 ## ## ##",)),
         City("Saint-Étienne", ("42000", "42100"), ("+33 4 77 ## ## ##",)),
         City("Brest", ("29200",), ("+33 2 98 ## ## ##",))),
        ("+33 6 1# ## ## ##", "+33 6 2# ## ## ##", "+33 6 4# ## ## ##", "+33 6 5# ## ## ##",
         "+33 6 6# ## ## ##", "+33 6 7# ## ## ##", "+33 6 8# ## ## ##", "+33 7 6# ## ## ##",
         "+33 7 8# ## ## ##"),
        ("rue de la République", "avenue Jean-Jaurès", "boulevard Victor-Hugo", "rue Pasteur",
         "rue des Lilas", "place de la Mairie", "rue du Général-de-Gaulle", "allée des Tilleuls",
         "rue Nationale", "chemin des Vignes", "rue de l'Église", "avenue de la Gare"),
        "{n} {street}, {cp} {city}",
        _FR_FIRST, _FR_LAST,
        ("SARL", "SAS", "SASU", "EURL"),
    ),
    Country(
        "BE", 7,
        (City("Bruxelles", ("1000", "1040", "1050", "1060", "1080"), ("+32 2 5## ## ##", "+32 2 6## ## ##")),
         City("Liège", ("4000", "4020", "4030"), ("+32 4 2## ## ##", "+32 4 3## ## ##")),
         City("Namur", ("5000", "5100"), ("+32 81 ## ## ##",)),
         City("Charleroi", ("6000", "6001", "6010"), ("+32 71 ## ## ##",)),
         City("Mons", ("7000",), ("+32 65 ## ## ##",))),
        ("+32 47# ## ## ##", "+32 48# ## ## ##", "+32 49# ## ## ##"),
        ("Rue de la Station", "Rue de l'Église", "Avenue des Tilleuls", "Rue du Marché", "Place du Marché",
         "Chaussée de Bruxelles", "Rue Haute", "Avenue de la Libération"),
        "{street} {n}, {cp} {city}",
        ("Lucas", "Emma", "Louis", "Olivia", "Arthur", "Louise", "Nathalie", "Marc", "Sophie", "Thomas",
         "Julie", "Benoît", "Élise", "Youssef"),
        ("Peeters", "Janssens", "Maes", "Dubois", "Lambert", "Dupont", "Martin", "Leclercq", "Lejeune",
         "Renard", "Wauters", "Simon", "Collard", "Hermans"),
        ("SRL", "SA", "SC"),
    ),
    Country(
        "CH", 5,
        (City("Genève", ("1201", "1202", "1203", "1204", "1205", "1206", "1207"),
              ("+41 22 7## ## ##", "+41 22 3## ## ##")),
         City("Lausanne", ("1003", "1004", "1005", "1006", "1007"), ("+41 21 3## ## ##", "+41 21 6## ## ##")),
         City("Fribourg", ("1700",), ("+41 26 4## ## ##",)),
         City("Neuchâtel", ("2000",), ("+41 32 7## ## ##",)),
         City("Sion", ("1950",), ("+41 27 3## ## ##",))),
        ("+41 79 ### ## ##", "+41 78 ### ## ##", "+41 76 ### ## ##", "+41 77 ### ## ##"),
        ("Rue du Lac", "Avenue de la Gare", "Rue du Centre", "Chemin des Vignes", "Grand-Rue",
         "Rue du Marché", "Route de la Gare", "Chemin du Moulin"),
        "{street} {n}, {cp} {city}",
        ("Luca", "Léa", "Noah", "Chloé", "Gabriel", "Emma", "Nicolas", "Valérie", "Laurent", "Sandrine",
         "Yann", "Céline", "Mathias", "Anne"),
        ("Favre", "Rochat", "Girard", "Bonvin", "Perrin", "Morel", "Jaquet", "Fellay", "Rey", "Meylan",
         "Gerber", "Blanc", "Chappuis", "Clerc"),
        ("Sàrl", "SA"),
    ),
    Country(
        "LU", 1,
        (City("Luxembourg", ("L-1009", "L-1130", "L-1611", "L-2449", "L-2530"),
              ("+352 26 ## ## ##", "+352 22 ## ##", "+352 44 ## ##")),
         City("Esch-sur-Alzette", ("L-4002", "L-4130", "L-4240"), ("+352 54 ## ##", "+352 57 ## ##"))),
        ("+352 621 ### ###", "+352 661 ### ###", "+352 691 ### ###"),
        ("rue de la Gare", "avenue de la Liberté", "rue du Commerce", "rue de l'Église", "route d'Arlon",
         "boulevard Royal", "rue du Fossé"),
        "{n}, {street}, {cp} {city}",
        ("Luc", "Anne", "Marc", "Sophie", "Tom", "Laura", "Jeff", "Nathalie", "Paul", "Claudine"),
        ("Schmit", "Weber", "Hoffmann", "Wagner", "Muller", "Reuter", "Thill", "Kieffer", "Schroeder",
         "Majerus"),
        ("S.à r.l.", "SA"),
    ),
    Country(
        "MC", 1,
        (City("Monaco", ("98000",),
              ("+377 93 ## ## ##", "+377 92 ## ## ##", "+377 97 ## ## ##", "+377 98 ## ## ##")),),
        ("+377 6 ## ## ## ##",),
        ("boulevard des Moulins", "avenue Princesse-Grace", "rue Grimaldi", "boulevard Albert-Ier",
         "avenue de la Costa", "boulevard d'Italie", "quai Antoine-Ier"),
        "{n} {street}, {cp} {city}",
        ("Louis", "Charlotte", "Pierre", "Stéphanie", "Marc", "Hélène", "Antoine", "Julie"),
        ("Pastor", "Boisson", "Notari", "Gastaud", "Crovetto", "Marsan", "Fissore", "Bellando"),
        ("SARL", "SAM"),
    ),
    Country(
        "CA", 4,
        (City("Montréal", ("H2X", "H3B", "H2J", "H3A", "H1V"), ("+1 514-@@#-####", "+1 438-@@#-####"),
              ("rue Sainte-Catherine Ouest", "boulevard Saint-Laurent", "avenue du Mont-Royal Est",
               "rue Saint-Denis")),
         City("Québec", ("G1R", "G1K", "G1S"), ("+1 418-@@#-####", "+1 581-@@#-####"),
              ("rue Saint-Jean", "boulevard René-Lévesque Est", "chemin Sainte-Foy", "avenue Cartier")),
         City("Gatineau", ("J8X", "J8Y", "J9H"), ("+1 819-@@#-####", "+1 873-@@#-####"),
              ("boulevard Saint-Joseph", "rue Laurier", "boulevard Maloney Ouest")),
         City("Sherbrooke", ("J1H", "J1K", "J1J"), ("+1 819-@@#-####", "+1 873-@@#-####"),
              ("rue King Ouest", "rue Wellington Nord", "boulevard de Portland"))),
        (),
        ("rue Principale",),
        "{n}, {street}, {city} (Québec) {cp}",
        ("Marie-Ève", "Jean-François", "Mathieu", "Geneviève", "Gabriel", "Sophie", "Félix", "Catherine",
         "Olivier", "Isabelle", "Alexandre", "Annie"),
        ("Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin",
         "Gagné", "Pelletier", "Bélanger"),
        ("inc.",),
    ),
    Country(
        "MA", 3,
        (City("Casablanca", ("20000", "20050", "20100", "20250"), ("+212 5 22 ## ## ##", "+212 5 20 ## ## ##"),
              ("boulevard Mohammed V", "boulevard Zerktouni", "boulevard d'Anfa", "rue Ibn Battouta")),
         City("Rabat", ("10000", "10090", "10170"), ("+212 5 37 ## ## ##",)),
         City("Marrakech", ("40000", "40020"), ("+212 5 24 4# ## ##",)),
         City("Tanger", ("90000", "90060"), ("+212 5 39 9# ## ##",))),
        ("+212 6 6# ## ## ##", "+212 6 1# ## ## ##", "+212 7 0# ## ## ##"),
        ("boulevard Mohammed V", "avenue Hassan II", "avenue Mohammed VI", "rue Ibn Khaldoun",
         "avenue des FAR"),
        "{n}, {street}, {cp} {city}",
        ("Karim", "Yasmine", "Mehdi", "Salma", "Youssef", "Imane", "Omar", "Fatima-Zahra", "Hamza", "Nadia",
         "Amine", "Kenza"),
        ("Benali", "El Amrani", "Bennani", "Alaoui", "Tazi", "Berrada", "Chraibi", "El Idrissi", "Benjelloun",
         "Lahlou"),
        ("SARL", "SA", "SARL AU"),
    ),
    Country(
        "TN", 1,
        (City("Tunis", ("1000", "1002", "1053", "1073"), ("+216 71 ### ###",)),
         City("Sfax", ("3000", "3027"), ("+216 74 ### ###",))),
        ("+216 2# ### ###", "+216 5# ### ###", "+216 9# ### ###"),
        ("avenue Habib Bourguiba", "rue de Marseille", "avenue de la Liberté", "rue Ibn Khaldoun",
         "avenue Hédi Chaker", "rue de Palestine"),
        "{n}, {street}, {cp} {city}",
        ("Amine", "Sarra", "Wassim", "Ines", "Mariem", "Skander", "Yosra", "Hichem", "Rania", "Walid"),
        ("Trabelsi", "Gharbi", "Hammami", "Jaziri", "Ben Salah", "Mejri", "Ayari", "Chaabane", "Karoui",
         "Dridi"),
        ("SARL", "SUARL", "SA"),
    ),
    Country(
        "SN", 1,
        (City("Dakar", (), ("+221 33 82# ## ##", "+221 33 86# ## ##", "+221 33 889 ## ##"),
              ("avenue Cheikh Anta Diop", "rue Carnot", "boulevard de la République", "route de Ouakam",
               "avenue Blaise Diagne")),
         City("Thiès", (), ("+221 33 95# ## ##",), ("avenue Lamine Guèye", "avenue Caen")),
         City("Saint-Louis", (), ("+221 33 961 ## ##",), ("quai Henri Jay", "rue Blaise Diagne"))),
        ("+221 77 ### ## ##", "+221 78 ### ## ##", "+221 76 ### ## ##", "+221 70 ### ## ##"),
        ("avenue Léopold Sédar Senghor",),
        "{n}, {street}, BP {bp}, {city}",
        ("Fatou", "Moussa", "Aminata", "Cheikh", "Awa", "Ousmane", "Mamadou", "Khady", "Ibrahima", "Mariama"),
        ("Diop", "Ndiaye", "Fall", "Sow", "Diallo", "Faye", "Mbaye", "Sarr", "Gueye", "Ba"),
        ("SARL", "SUARL", "SA"),
    ),
    Country(
        "CI", 1,
        (City("Abidjan", ("01", "08", "18", "22"),
              ("+225 27 22 4# ## ##", "+225 27 22 5# ## ##", "+225 27 20 2# ## ##", "+225 27 20 3# ## ##",
               "+225 27 21 2# ## ##"),
              ("boulevard Latrille", "rue des Jardins", "boulevard de Marseille", "avenue Chardy",
               "boulevard Valéry Giscard d'Estaing"),
              ("Cocody", "Plateau", "Marcory", "Treichville", "Deux-Plateaux")),
         City("Yamoussoukro", ("01",), ("+225 27 30 64 ## ##",), ("avenue Houphouët-Boigny",),
              ("Habitat", "Millionnaire")),
         City("Bouaké", ("01",), ("+225 27 31 63 ## ##",), ("avenue de la Paix",), ("Commerce", "Air France"))),
        ("+225 07 ## ## ## ##", "+225 05 ## ## ## ##", "+225 01 ## ## ## ##"),
        (),
        "{street}, {quarter}, {cp} BP {bp} {city} {cp}",
        ("Aya", "Kouadio", "Adjoua", "Serge", "Aïcha", "Franck", "Christelle", "Koffi", "Mariam", "Yves"),
        ("Kouassi", "Koné", "Traoré", "Yao", "Konan", "Kouamé", "N'Guessan", "Bamba", "Coulibaly", "Touré"),
        ("SARL", "SA", "SARLU"),
    ),
)
#: Letters of Canadian postal codes (no D, F, I, O, Q, U).
CA_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"

#: Competing providers' names and pseudos.
FIRST_NAMES: tuple[str, ...] = _FR_FIRST
LAST_NAMES: tuple[str, ...] = _FR_LAST
PSEUDO_PARTS: tuple[str, ...] = (
    "dev", "pixel", "studio", "code", "web", "design", "plume", "data", "motion", "seo", "app",
    "lab", "craft", "nova", "atelier", "verbe",
)
