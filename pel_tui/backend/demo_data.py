"""The bulk of the demo marketplace: clients, competing providers, projects and their reports.

The local embedded mode has no server, so the other sides of the marketplace (clients, competing
providers) are simulated here. The same generator feeds the demo (5,000 projects, built in about
a second) and the search benchmark (1,000,000 projects, a few minutes), so it is written for speed:
text comes from per-category templates, rows go in with `executemany` in large batches inside one
`store.write()` transaction, and the full-text index is built once at the end (`rebuild`) instead
of row by row through the insert trigger.

Statuses are consistent with shared/RULES.md at time `now`: nothing older than the expiry window
is `open` (PR-2), an `awarded` project has a selection still awaiting confirmation (CT-1), offers
follow OF-6. Offers, Q&A messages and files exist only for recent projects; older ones carry just
their `offers_count`, which keeps a million-project store small and quick to build.

The app user's own provider is not created here: the engine adds it afterwards.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from local_store.connection import Store
from pel_tui.backend.models import CATEGORIES
from pel_tui.backend.policy import DAY, DEFAULT_POLICY, Policy

#: Rows per `executemany` call: large enough to amortise Python overhead, small enough to keep
#: memory flat on a million projects.
_BATCH = 20_000
#: Offers, messages and files are generated for projects younger than this (older ones only
#: carry `offers_count`).
_DETAILED_DAYS = 120


@dataclass
class DemoSummary:
    """What `generate_marketplace` wrote; `raw_text_bytes` sizes the store against its text."""

    projects: int
    clients: int
    providers: int
    offers: int
    open_projects: int
    raw_text_bytes: int


@dataclass(frozen=True)
class _Vocabulary:
    """The words of one category: what clients ask for, with which tools, and which features."""

    objects: tuple[str, ...]
    tools: tuple[str, ...]
    features: tuple[str, ...]
    roles: tuple[str, ...]
    actions: tuple[str, ...]
    deliverables: tuple[str, ...]


_VOCAB: dict[str, _Vocabulary] = {
    "Développement web": _Vocabulary(
        objects=("un site vitrine", "une plateforme de réservation", "un intranet",
                 "un portail client", "un site associatif", "une application web",
                 "un extranet partenaires", "un back-office de gestion"),
        tools=("Symfony", "Laravel", "WordPress", "Django", "React", "Vue.js", "Angular",
               "Next.js", "Drupal", "Node.js", "PostgreSQL", "Tailwind"),
        features=("un espace membre", "la prise de rendez-vous en ligne", "un formulaire de devis",
                  "un tableau de bord", "la gestion multilingue", "un moteur de recherche interne",
                  "l'export comptable", "une authentification unique"),
        roles=("Développeur", "Développeuse full-stack", "Intégrateur", "Développeur back-end"),
        actions=("Création", "Refonte", "Développement", "Maintenance évolutive", "Migration"),
        deliverables=("le code source documenté", "un environnement de recette",
                      "une mise en production accompagnée", "des tests automatisés"),
    ),
    "Application mobile": _Vocabulary(
        objects=("une application mobile", "une application iOS et Android", "une appli de fidélité",
                 "une application de livraison", "une appli de suivi sportif",
                 "une application de covoiturage"),
        tools=("Flutter", "Kotlin", "Swift", "React Native", "Firebase", "Ionic", "Xamarin"),
        features=("les notifications push", "le paiement intégré", "la géolocalisation",
                  "le mode hors connexion", "la synchronisation avec notre API",
                  "un parcours d'inscription simple"),
        roles=("Développeur mobile", "Développeuse Flutter", "Développeur iOS",
               "Développeur Android"),
        actions=("Création", "Refonte", "Développement", "Publication", "Amélioration"),
        deliverables=("la publication sur les stores", "les sources du projet mobile",
                      "une version de test TestFlight", "une documentation technique"),
    ),
    "Graphisme & design": _Vocabulary(
        objects=("un logo", "une charte graphique", "des maquettes d'interface", "une plaquette",
                 "des cartes de visite", "une identité visuelle", "un packaging"),
        tools=("Figma", "Illustrator", "Photoshop", "InDesign", "Canva", "Sketch", "Procreate"),
        features=("trois pistes créatives", "une déclinaison pour les réseaux sociaux",
                  "des fichiers vectoriels", "un guide d'utilisation du logo",
                  "des icônes personnalisées", "une palette de couleurs accessible"),
        roles=("Graphiste", "Designer UX/UI", "Directeur artistique", "Illustratrice"),
        actions=("Création", "Conception", "Refonte", "Modernisation", "Réalisation"),
        deliverables=("les fichiers sources", "des exports haute définition",
                      "un fichier prêt pour l'imprimeur", "une présentation des choix"),
    ),
    "Rédaction": _Vocabulary(
        objects=("des articles de blog", "des fiches produits", "un livre blanc",
                 "une newsletter mensuelle", "les textes d'un site", "un communiqué de presse"),
        tools=("WordPress", "Notion", "Google Docs", "Semrush", "Yoast", "Antidote"),
        features=("un ton chaleureux et professionnel", "une optimisation pour le référencement",
                  "des sources vérifiées", "des intertitres clairs", "un appel à l'action",
                  "une relecture orthographique"),
        roles=("Rédacteur", "Rédactrice web", "Concepteur-rédacteur", "Journaliste"),
        actions=("Rédaction", "Réécriture", "Correction", "Création"),
        deliverables=("des textes livrés au format Word", "un calendrier éditorial",
                      "deux allers-retours de corrections", "une version mise en ligne"),
    ),
    "Marketing digital": _Vocabulary(
        objects=("une campagne publicitaire", "notre stratégie social media",
                 "des campagnes d'e-mailing", "un tunnel de vente", "notre présence LinkedIn",
                 "une campagne d'acquisition"),
        tools=("Google Ads", "Meta Ads", "Mailchimp", "HubSpot", "Brevo", "LinkedIn Ads",
               "Google Analytics", "Hootsuite"),
        features=("un ciblage local", "des visuels adaptés", "un suivi des conversions",
                  "un reporting mensuel", "des tests A/B", "une animation de communauté"),
        roles=("Consultant marketing", "Community manager", "Traffic manager", "Growth hacker"),
        actions=("Lancement", "Gestion", "Optimisation", "Audit", "Pilotage"),
        deliverables=("un rapport de performance", "un plan d'action chiffré",
                      "les accès aux comptes publicitaires", "un calendrier de publication"),
    ),
    "Traduction": _Vocabulary(
        objects=("la traduction de notre site", "la traduction de contrats",
                 "la traduction d'une notice technique", "la localisation d'une application",
                 "la traduction d'un catalogue", "des sous-titres"),
        tools=("anglais", "allemand", "espagnol", "italien", "néerlandais", "arabe", "portugais",
               "chinois"),
        features=("une terminologie cohérente", "une relecture par un natif",
                  "le respect de la mise en page", "une traduction certifiée",
                  "un glossaire métier", "des délais courts"),
        roles=("Traducteur", "Traductrice", "Traducteur assermenté", "Relecteur"),
        actions=("Traduction", "Relecture", "Localisation", "Adaptation"),
        deliverables=("des fichiers traduits au même format", "un glossaire",
                      "une mémoire de traduction", "une attestation de traduction"),
    ),
    "Vidéo & animation": _Vocabulary(
        objects=("une vidéo de présentation", "un motion design", "un film d'entreprise",
                 "des vidéos pour les réseaux sociaux", "un tutoriel vidéo", "une animation 2D"),
        tools=("After Effects", "Premiere Pro", "DaVinci Resolve", "Blender", "Final Cut",
               "Cinema 4D"),
        features=("une voix off", "un sous-titrage", "une musique libre de droits",
                  "un tournage sur site", "un format vertical", "un storyboard validé"),
        roles=("Vidéaste", "Monteur vidéo", "Motion designer", "Animatrice 2D"),
        actions=("Réalisation", "Montage", "Création", "Tournage", "Production"),
        deliverables=("les rushes", "une version par réseau social", "le fichier projet",
                      "une version sous-titrée"),
    ),
    "Data & IA": _Vocabulary(
        objects=("un tableau de bord", "un modèle de prévision", "un chatbot",
                 "un entrepôt de données", "une analyse de nos ventes",
                 "une automatisation de traitement"),
        tools=("Python", "Power BI", "Tableau", "TensorFlow", "scikit-learn", "BigQuery", "dbt",
               "Airflow", "Pandas"),
        features=("la connexion à notre CRM", "une mise à jour quotidienne",
                  "des indicateurs de performance", "un modèle explicable",
                  "la conformité RGPD", "une documentation des traitements"),
        roles=("Data scientist", "Data analyst", "Ingénieur data", "Consultant BI"),
        actions=("Mise en place", "Conception", "Développement", "Audit", "Analyse"),
        deliverables=("les notebooks", "un tableau de bord partagé", "un rapport d'analyse",
                      "un pipeline automatisé"),
    ),
    "SEO": _Vocabulary(
        objects=("le référencement naturel de notre site", "un audit SEO",
                 "une stratégie de mots-clés", "le netlinking", "le SEO local",
                 "la migration SEO de notre site"),
        tools=("Semrush", "Ahrefs", "Search Console", "Screaming Frog", "Google Analytics",
               "Yoast"),
        features=("un audit technique", "une optimisation des balises", "un plan de contenus",
                  "un suivi des positions", "l'amélioration de la vitesse",
                  "une fiche Google Business"),
        roles=("Consultant SEO", "Rédacteur SEO", "Expert en référencement", "Consultante SEO"),
        actions=("Optimisation", "Audit", "Amélioration", "Accompagnement"),
        deliverables=("un rapport d'audit", "une liste d'actions priorisées",
                      "un suivi mensuel", "une formation de l'équipe"),
    ),
    "Administratif": _Vocabulary(
        objects=("la saisie comptable", "la gestion de notre agenda", "le classement de factures",
                 "la relance des impayés", "un assistanat administratif",
                 "la mise à jour de notre base clients"),
        tools=("Excel", "Pennylane", "Sage", "Quickbooks", "Google Sheets", "Airtable"),
        features=("un suivi hebdomadaire", "une grande rigueur", "la confidentialité des données",
                  "un reporting clair", "une disponibilité le matin", "des tableaux de suivi"),
        roles=("Assistante administrative", "Secrétaire indépendante", "Assistant de direction",
               "Comptable"),
        actions=("Gestion", "Prise en charge", "Externalisation", "Organisation"),
        deliverables=("un fichier de suivi à jour", "un compte rendu hebdomadaire",
                      "des factures classées", "une procédure écrite"),
    ),
    "Logiciel & intégration": _Vocabulary(
        objects=("un logiciel métier", "une intégration d'API", "un connecteur ERP",
                 "une application de bureau", "un outil interne", "un module Odoo"),
        tools=("Odoo", "Java", "C#", ".NET", "Go", "Rust", "SAP", "Salesforce", "Zapier"),
        features=("une synchronisation bidirectionnelle", "des droits par profil",
                  "un journal des opérations", "une reprise des données existantes",
                  "une interface simple", "un déploiement sur nos serveurs"),
        roles=("Développeur", "Intégrateur", "Architecte logiciel", "Consultant Odoo"),
        actions=("Développement", "Intégration", "Paramétrage", "Évolution", "Création"),
        deliverables=("le code source", "un manuel utilisateur", "une formation des équipes",
                      "une garantie de correction"),
    ),
    "E-commerce": _Vocabulary(
        objects=("une boutique en ligne", "un site e-commerce", "une marketplace",
                 "notre catalogue en ligne", "une boutique Shopify", "un tunnel de commande"),
        tools=("Shopify", "WooCommerce", "PrestaShop", "Magento", "Stripe", "PayPal", "Sylius"),
        features=("le paiement sécurisé", "la gestion des stocks", "le calcul des frais de port",
                  "des codes promotionnels", "la facturation automatique",
                  "la connexion avec notre logisticien"),
        roles=("Développeur e-commerce", "Expert Shopify", "Développeuse WooCommerce",
               "Intégrateur PrestaShop"),
        actions=("Création", "Refonte", "Migration", "Optimisation", "Lancement"),
        deliverables=("une boutique prête à vendre", "une formation au back-office",
                      "la reprise des produits", "un mois de support"),
    ),
}

_SECTORS: tuple[str, ...] = (
    "un cabinet d'architectes", "une boulangerie artisanale", "une agence immobilière",
    "une clinique vétérinaire", "une association sportive", "une start-up de la foodtech",
    "un cabinet d'avocats", "une société de transport", "un restaurant gastronomique",
    "une école de musique", "un domaine viticole", "une PME industrielle", "un hôtel familial",
    "une mutuelle régionale", "un artisan plombier", "une salle d'escalade", "une librairie",
    "un institut de beauté", "une société de conseil", "une collectivité locale",
    "un centre de formation", "une ferme bio", "une agence de voyages", "un garage automobile",
)
_AUDIENCES: tuple[str, ...] = (
    "nos clients particuliers", "nos partenaires professionnels", "nos adhérents",
    "nos équipes commerciales", "un public international", "les jeunes de 18 à 25 ans",
)
_TITLE_TEMPLATES: tuple[str, ...] = (
    "{action} de {obj_bare} pour {sector}",
    "{role} {tool} pour {obj_bare}",
    "{action} de {obj_bare} avec {feature}",
    "Besoin d'un {role_l} pour {obj_bare}",
    "{obj_cap} pour {sector} ({tool})",
)
#: Half of the summaries mention "projet", the benchmark's "word in about half the projects".
_SUMMARY_WITH_PROJET: tuple[str, ...] = (
    "Nous sommes {sector} et souhaitons {verb} {obj}. Le projet doit démarrer rapidement.",
    "Pour {audience}, {sector} veut {verb} {obj} avec {feature}. Projet suivi par notre "
    "gérant.",
    "Projet de {action_l} : {obj}, avec {feature}.",
    "{sector_cap} cherche un prestataire pour son projet : {verb} {obj} en {tool}.",
)
_SUMMARY_PLAIN: tuple[str, ...] = (
    "Nous sommes {sector} et souhaitons {verb} {obj}. Une première version est attendue vite.",
    "{sector_cap} veut {verb} {obj} destiné à {audience}, avec {feature}.",
    "Mission de {action_l} : {obj} en {tool}, avec {feature}.",
    "Recherche {role_l} pour {verb} {obj}. Une bonne maîtrise de {tool} est indispensable.",
)
_VERBS: tuple[str, ...] = ("créer", "refondre", "développer", "moderniser", "lancer", "améliorer")
_DESC_OPENINGS: tuple[str, ...] = (
    "Notre société, {sector}, existe depuis {years} ans et compte {staff} salariés.",
    "Nous sommes {sector} basé à {city} et nous travaillons surtout avec {audience}.",
    "Bonjour, je dirige {sector} à {city} et j'ai besoin d'aide pour un sujet précis.",
    "Dans le cadre de notre développement, {sector} souhaite {verb} {obj}.",
)
_DESC_NEEDS: tuple[str, ...] = (
    " Le besoin : {obj}, avec {feature} et {feature2}.",
    " Nous attendons {obj} qui inclut {feature}, puis {feature2} dans un second temps.",
    " L'objectif est de {verb} {obj} ; {feature} est prioritaire, {feature2} serait un plus.",
)
_DESC_TOOLS: tuple[str, ...] = (
    " Une expérience solide de {tool} est demandée ; la connaissance de {tool2} est appréciée.",
    " Nous utilisons déjà {tool} et souhaitons rester sur cet outil.",
    " Le choix technique est ouvert, mais {tool} ou {tool2} nous semblent adaptés.",
)
_DESC_CLOSINGS: tuple[str, ...] = (
    " Livrables attendus : {deliverable}. Merci d'indiquer vos références et votre délai.",
    " Nous attendons {deliverable} et un devis détaillé par étape.",
    " Merci de préciser votre méthode de travail, votre disponibilité et {deliverable}.",
    " Le prestataire retenu fournira {deliverable}. Les échanges se feront en visioconférence.",
)
_SPEC_SECTIONS: tuple[str, ...] = (
    "1. Contexte\n{sector_cap} souhaite {verb} {obj}. Le public visé : {audience}.\n",
    "2. Périmètre\nLe périmètre comprend {feature}, {feature2} et la reprise de l'existant. "
    "Hors périmètre : l'hébergement et la maintenance au-delà de trois mois.\n",
    "3. Contraintes\nOutils imposés : {tool}. Compatibilité avec {tool2} souhaitée. "
    "Respect du RGPD et de l'accessibilité (RGAA) exigé.\n",
    "4. Livrables et recette\n{deliverable_cap}. Une recette sera menée avec notre équipe "
    "avant la validation finale, sur la base d'un cahier de tests partagé.\n",
    "5. Planning\nDémarrage souhaité sous {weeks} semaines, livraison en {lots} lots.\n",
)
_OFFER_MESSAGES: tuple[str, ...] = (
    "Bonjour, je suis {role_l} depuis {years} ans et j'ai réalisé plusieurs missions similaires "
    "avec {tool}. Je peux vous livrer {obj} en {delay} jours.",
    "Bonjour, votre projet m'intéresse beaucoup. Je maîtrise {tool} et je vous propose un "
    "premier échange en visio pour préciser {feature}.",
    "Bonjour, je vous propose une réalisation en {lots} étapes avec validation à chaque étape. "
    "Mon portfolio contient des exemples proches de votre besoin.",
    "Bonjour, disponible dès la semaine prochaine, je peux prendre en charge {obj} et "
    "m'occuper de {feature}. Devis détaillé sur demande.",
)
_QUESTIONS: tuple[str, ...] = (
    "Bonjour, avez-vous déjà une charte graphique ou faut-il la créer ?",
    "Le budget indiqué comprend-il l'hébergement et la maintenance ?",
    "Pouvez-vous préciser la date de livraison souhaitée ?",
    "Faut-il reprendre des contenus existants ou tout créer ?",
    "Le projet est-il ouvert au travail entièrement à distance ?",
    "Avez-vous un exemple de réalisation qui vous plaît ?",
)
_ANSWERS: tuple[str, ...] = (
    "Bonjour, oui, tout est décrit dans le cahier des charges joint.",
    "Non, l'hébergement est déjà géré de notre côté.",
    "Idéalement avant la fin du mois prochain, mais nous restons souples.",
    "Le travail à distance nous convient parfaitement.",
    "Nous vous enverrons des exemples aux prestataires retenus.",
)
_FILE_NAMES: tuple[str, ...] = (
    "cahier_des_charges.pdf", "maquette.png", "logo_actuel.svg", "arborescence.xlsx",
    "brief_creatif.docx", "exemple_export.csv", "charte_graphique.pdf",
)

_LOCATIONS: tuple[tuple[str, tuple[str, ...], int], ...] = (
    ("FR", ("Paris", "Lyon", "Marseille", "Toulouse", "Bordeaux", "Lille", "Nantes",
            "Strasbourg", "Rennes", "Montpellier", "Nice", "Grenoble", "Dijon", "Angers", "Tours",
            "Reims", "Clermont-Ferrand", "Annecy", "Saint-Étienne", "Brest"), 78),
    ("BE", ("Bruxelles", "Liège", "Namur", "Charleroi", "Mons"), 7),
    ("CH", ("Genève", "Lausanne", "Fribourg", "Neuchâtel", "Sion"), 5),
    ("CA", ("Montréal", "Québec", "Gatineau", "Sherbrooke"), 4),
    ("MA", ("Casablanca", "Rabat", "Marrakech", "Tanger"), 3),
    ("LU", ("Luxembourg", "Esch-sur-Alzette"), 1),
    ("TN", ("Tunis", "Sfax"), 1),
    ("SN", ("Dakar", "Thiès"), 1),
)
#: (min, max) budget bands in cents, with weights.
_BUDGETS: tuple[tuple[int, int, int], ...] = (
    (20_000, 50_000, 12),
    (50_000, 100_000, 22),
    (100_000, 300_000, 28),
    (300_000, 500_000, 14),
    (500_000, 1_000_000, 12),
    (1_000_000, 2_500_000, 8),
    (2_500_000, 5_000_000, 4),
)
_FIRST_NAMES: tuple[str, ...] = (
    "Camille", "Léa", "Hugo", "Lucas", "Chloé", "Manon", "Nathan", "Inès", "Louis", "Emma",
    "Jules", "Zoé", "Karim", "Yasmine", "Thomas", "Julie", "Mehdi", "Sarah", "Antoine", "Aïcha",
    "Étienne", "Mathilde", "Olivier", "Fatou",
)
_LAST_NAMES: tuple[str, ...] = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèbvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Benali", "Diallo", "Tremblay", "Gagnon", "Peeters", "Müller",
)
_COMPANY_WORDS: tuple[str, ...] = (
    "Atelier", "Maison", "Groupe", "Studio", "Cabinet", "Société", "Ferme", "Agence", "Comptoir",
)
_PSEUDO_PARTS: tuple[str, ...] = (
    "dev", "pixel", "studio", "code", "web", "design", "plume", "data", "motion", "seo", "app",
    "lab", "craft", "nova", "atelier", "verbe",
)


def _iso_date(t: int) -> str:
    return datetime.fromtimestamp(t, UTC).date().isoformat()


def _weighted(rng: random.Random, items: Sequence[tuple[str, int]]) -> str:
    total = sum(w for _, w in items)
    x = rng.random() * total
    for name, w in items:
        x -= w
        if x < 0:
            return name
    return items[-1][0]


def _text_bytes(*texts: str | None) -> int:
    return sum(len(t.encode()) for t in texts if t)


class _Text:
    """Project text from the templates, with bound methods cached for speed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.choice = rng.choice
        self.random = rng.random

    def slots(self, category: str, city: str) -> dict[str, str]:
        c = self.choice
        v = _VOCAB[category]
        obj = c(v.objects)
        sector = c(_SECTORS)
        role = c(v.roles)
        tool = c(v.tools)
        tool2 = c(v.tools)
        feature = c(v.features)
        feature2 = c(v.features)
        deliverable = c(v.deliverables)
        action = c(v.actions)
        return {
            "obj": obj,
            "obj_bare": obj.split(" ", 1)[1] if obj.startswith(("un ", "une ", "des ")) else obj,
            "obj_cap": obj[:1].upper() + obj[1:],
            "sector": sector,
            "sector_cap": sector[:1].upper() + sector[1:],
            "role": role,
            "role_l": role[:1].lower() + role[1:],
            "tool": tool,
            "tool2": tool2 if tool2 != tool else c(v.tools),
            "feature": feature,
            "feature2": feature2 if feature2 != feature else c(v.features),
            "deliverable": deliverable,
            "deliverable_cap": deliverable[:1].upper() + deliverable[1:],
            "action": action,
            "action_l": action[:1].lower() + action[1:],
            "verb": c(_VERBS),
            "audience": c(_AUDIENCES),
            "city": city,
            "years": str(self.rng.randint(2, 30)),
            "staff": str(self.rng.randint(1, 120)),
            "weeks": str(self.rng.randint(1, 8)),
            "lots": str(self.rng.randint(2, 5)),
        }

    def project(self, category: str, city: str) -> tuple[str, str, str, str | None, dict[str, str]]:
        """Title, summary, description, specification (or None) and the slots used."""
        c = self.choice
        s = self.slots(category, city)
        title = c(_TITLE_TEMPLATES).format_map(s)
        title = title[:1].upper() + title[1:]
        summary_pool = _SUMMARY_WITH_PROJET if self.random() < 0.5 else _SUMMARY_PLAIN
        summary = c(summary_pool).format_map(s)
        summary = summary[:1].upper() + summary[1:]
        parts = [c(_DESC_OPENINGS), c(_DESC_NEEDS), c(_DESC_TOOLS)]
        if self.random() < 0.5:
            parts.append(" Le budget est indicatif et peut évoluer selon la qualité des "
                         "propositions reçues.")
        parts.append(c(_DESC_CLOSINGS))
        description = "".join(parts).format_map(s)
        spec: str | None = None
        if self.random() < 0.25:
            spec = ("Cahier des charges\n\n" + "\n".join(_SPEC_SECTIONS)).format_map(s)
        return title, summary, description, spec, s


def _pick_client_location(rng: random.Random) -> tuple[str, str]:
    total = sum(w for _, _, w in _LOCATIONS)
    x = rng.random() * total
    for country, cities, w in _LOCATIONS:
        x -= w
        if x < 0:
            return country, rng.choice(cities)
    return _LOCATIONS[0][0], _LOCATIONS[0][1][0]


def _insert_clients(conn: sqlite3.Connection, rng: random.Random, n: int) -> list[tuple[str, str]]:
    rows = []
    locations = []
    for cid in range(1, n + 1):
        country, city = _pick_client_location(rng)
        first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
        if rng.random() < 0.6:
            name = f"{rng.choice(_COMPANY_WORDS)} {last}"
            email = f"contact{cid}@{last.lower().encode('ascii', 'ignore').decode()}.example"
        else:
            name = f"{first} {last}"
            email = f"client{cid}@mail.example"
        phone = f"+{rng.randint(1, 99)} {rng.randint(100, 999)} {rng.randint(100000, 999999)}"
        rows.append((cid, name, email, phone, country, city))
        locations.append((country, city))
    conn.executemany("INSERT INTO clients(id, name, email, phone, country, city) "
                     "VALUES (?, ?, ?, ?, ?, ?)", rows)
    return locations


def _insert_providers(
    conn: sqlite3.Connection, rng: random.Random, n: int, now: int, policy: Policy
) -> list[int]:
    """Competing providers (the app user's own provider is added later by the engine)."""
    rows = []
    seen: set[str] = set()
    countries = [(c, 12 if c == "FR" else 1) for c in policy.provider_countries]
    base_id = 1
    for i in range(n):
        while True:
            pseudo = f"{rng.choice(_PSEUDO_PARTS)}{rng.choice('-_')}{rng.choice(_PSEUDO_PARTS)}"
            pseudo += str(rng.randint(1, 999)) if rng.random() < 0.5 else ""
            if pseudo not in seen:
                seen.add(pseudo)
                break
        name = f"{rng.choice(_FIRST_NAMES)} {rng.choice(_LAST_NAMES)}"
        rows.append((base_id + i, pseudo, name, f"{pseudo}@freelance.example",
                     _weighted(rng, countries), now - rng.randint(30, 2_000) * DAY))
    conn.executemany("INSERT INTO providers(id, pseudo, display_name, email, country, created_at) "
                     "VALUES (?, ?, ?, ?, ?, ?)", rows)
    return [r[0] for r in rows]


def _status_for(rng: random.Random, age_days: float, expiry_days: int) -> str:
    """PR-2 at `now`: nothing past the expiry window is open; a third of projects go ahead."""
    x = rng.random()
    if age_days >= expiry_days:
        if x < 0.45:
            return "expired"
        if x < 0.72:
            return "finalized"
        if x < 0.78:
            return "in_progress" if age_days < 365 else "finalized"
        if x < 0.90:
            return "cancelled"
        if x < 0.96:
            return "stale"
        return "removed"
    if age_days < 0.5:
        return "open" if x < 0.985 else "removed"
    if x < 0.80:
        return "open"
    if x < 0.84:
        return "awarded"
    if x < 0.91:
        return "in_progress"
    if x < 0.93:
        return "finalized" if age_days > 20 else "in_progress"
    if x < 0.97:
        return "cancelled"
    if x < 0.985:
        return "stale" if age_days > 8 else "cancelled"
    return "removed"


@dataclass
class _Counters:
    offers: int = 0
    versions: int = 0
    contracts: int = 0
    messages: int = 0
    files: int = 0
    text_bytes: int = 0


def _detail_rows(
    rng: random.Random,
    text: _Text,
    pid: int,
    created: int,
    status: str,
    status_at: int,
    budget: tuple[int, int],
    slots: dict[str, str],
    n_offers: int,
    providers: list[int],
    now: int,
    policy: Policy,
    ids: _Counters,
    out: dict[str, list[tuple[object, ...]]],
) -> int:
    """Offers (OF-6), a contract (CT) for competitors, Q&A and files of one recent project.

    Returns the number of non-withdrawn offers (the project's `offers_count`).
    """
    end = status_at if status not in ("open", "awarded") else now
    if status == "awarded":
        end = now - rng.randint(60, 6 * DAY)  # the selection happened in the last 6 days
        end = max(end, created + 60)
    span = max(60, end - created)
    chosen = rng.sample(providers, min(n_offers, len(providers)))
    winner_idx = 0 if status in ("awarded", "in_progress", "finalized") else -1
    active = 0
    lo, hi = budget
    for k, prov in enumerate(chosen):
        ids.offers += 1
        oid = ids.offers
        o_created = created + int(span * rng.random() * 0.8) + 30
        if k == winner_idx:
            o_status = {"awarded": "selected", "in_progress": "won", "finalized": "won"}[status]
        elif status in ("open", "awarded"):
            r = rng.random()
            o_status = "withdrawn" if r < 0.05 else ("read" if r < 0.6 else "submitted")
        else:
            o_status = "withdrawn" if rng.random() < 0.05 else "lost"
        if o_status != "withdrawn":
            active += 1
        amount = max(1_000, int((lo + (hi - lo) * rng.random()) / 1_000) * 1_000)
        delay = rng.randint(3, 90)
        slots["delay"] = str(delay)
        n_versions = 2 if rng.random() < 0.15 else 1
        v_time = o_created
        for v in range(1, n_versions + 1):
            ids.versions += 1
            msg = text.choice(_OFFER_MESSAGES).format_map(slots)
            ids.text_bytes += len(msg.encode())
            last = v == n_versions
            read_at: int | None
            if not last or o_status not in ("submitted", "withdrawn"):
                read_at = min(end, v_time + rng.randint(600, 3 * DAY))
            else:
                read_at = None
            out["versions"].append((ids.versions, oid, v, amount, delay, msg, v_time, read_at))
            if not last:
                v_time = min(end, v_time + rng.randint(600, 5 * DAY))
                amount = max(1_000, amount - 5_000)
        out["offers"].append((oid, pid, prov, o_status, o_created, v_time))
        if k == winner_idx:
            ids.contracts += 1
            formula = "r0" if rng.random() < 0.3 else "base"
            selected_at = max(v_time + 60, end)
            if status == "awarded":
                out["contracts"].append((
                    ids.contracts, pid, prov, oid, formula, amount, delay, "client",
                    "awaiting_confirmation", selected_at, selected_at + policy.confirm_terms_days
                    * DAY, None, None, None, None, None))
            else:
                confirmed = selected_at + rng.randint(3_600, 3 * DAY)
                r0_fee = policy.r0_fee_cents(amount) if formula == "r0" else None
                ended = status_at if status == "finalized" else None
                out["contracts"].append((
                    ids.contracts, pid, prov, oid, formula, amount, delay, "client", status,
                    selected_at, selected_at + policy.confirm_terms_days * DAY, confirmed,
                    policy.commission_cents(amount), r0_fee, confirmed, ended))
    if rng.random() < 0.15:
        at = created + int(span * 0.3)
        q = text.choice(_QUESTIONS)
        a = text.choice(_ANSWERS)
        ids.text_bytes += _text_bytes(q, a)
        ids.messages += 1
        out["messages"].append((ids.messages, pid, None, "provider", q, at))
        ids.messages += 1
        out["messages"].append((ids.messages, pid, None, "client", a, at + rng.randint(600, DAY)))
    if rng.random() < 0.2:
        for name in rng.sample(_FILE_NAMES, rng.randint(1, 2)):
            ids.files += 1
            out["files"].append((ids.files, pid, name, rng.randint(20_000, 4_000_000), created))
    return active


_PROJECT_SQL = (
    "INSERT INTO projects(id, client_id, title, summary, description, specification, category, "
    "budget_min_cents, budget_max_cents, country, city, created_at, urgent, deadline, status, "
    "status_at, offers_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_DETAIL_SQL = {
    "offers": "INSERT INTO offers(id, project_id, provider_id, status, created_at, updated_at) "
              "VALUES (?, ?, ?, ?, ?, ?)",
    "versions": "INSERT INTO offer_versions(id, offer_id, version, amount_cents, delay_days, "
                "message, created_at, read_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    "contracts": "INSERT INTO contracts(id, project_id, provider_id, offer_id, formula, "
                 "amount_cents, delay_days, commission_payer, status, selected_at, confirm_by, "
                 "confirmed_at, commission_cents, r0_fee_cents, commission_paid_at, ended_at) "
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    "messages": "INSERT INTO messages(id, project_id, provider_id, author, body, at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
    "files": "INSERT INTO project_files(id, project_id, name, size_bytes, posted_at) "
             "VALUES (?, ?, ?, ?, ?)",
}


def _creation_times(rng: random.Random, n: int, now: int) -> Iterator[int]:
    """Non-decreasing creation times over the span ending at `now`, so ids follow them."""
    span = max(120 * DAY, n * DAY // 900)
    start = now - span
    step = span / n
    for i in range(n):
        yield min(now, start + int((i + rng.random()) * step))


def generate_marketplace(
    store: Store, *, projects: int, seed: int, now: int, policy: Policy = DEFAULT_POLICY
) -> DemoSummary:
    """Fill an empty, migrated store with a simulated marketplace as it stands at `now`.

    Deterministic for a given (projects, seed, now). Runs in one write transaction, so a failure
    leaves the store empty.
    """
    rng = random.Random(seed)
    text = _Text(rng)
    n_clients = max(300, projects // 200)
    n_providers = max(40, min(300, projects // 3_000))
    expiry = policy.project_expiry_days
    detailed_from = now - _DETAILED_DAYS * DAY
    counters = _Counters()
    open_projects = 0
    budgets = [((lo, hi), w) for lo, hi, w in _BUDGETS]
    budget_total = sum(w for _, w in budgets)
    conn = store.conn
    with store.write():
        prev_cache = conn.execute("PRAGMA cache_size").fetchone()[0]
        # A bigger cache during the bulk load keeps the b-tree pages of the indexes in memory.
        conn.execute("PRAGMA cache_size = -262144")
        # Indexing a million rows one by one through the triggers is slow; the indexes are
        # built once below, and the triggers restored in the same transaction.
        index_triggers = [r[0] for r in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' "
            "AND name IN ('projects_fts_ai', 'open_projects_fts_ai')")]
        for name in ("projects_fts_ai", "open_projects_fts_ai"):
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        client_locations = _insert_clients(conn, rng, n_clients)
        providers = _insert_providers(conn, rng, n_providers, now, policy)
        project_rows: list[tuple[object, ...]] = []
        detail: dict[str, list[tuple[object, ...]]] = {k: [] for k in _DETAIL_SQL}
        for pid, created in enumerate(_creation_times(rng, projects, now), start=1):
            client_id = rng.randint(1, n_clients)
            country, city = client_locations[client_id - 1]
            category = CATEGORIES[int(rng.random() * len(CATEGORIES))]
            title, summary, description, spec, slots = text.project(category, city)
            x = rng.random() * budget_total
            band = budgets[-1][0]
            for b, w in budgets:
                x -= w
                if x < 0:
                    band = b
                    break
            lo, hi = band
            if rng.random() < 0.15:  # a precise min-max instead of a band (PR-1)
                lo = lo + int((hi - lo) * rng.random() * 0.5) // 10_000 * 10_000
                hi = max(lo, hi - int((hi - lo) * rng.random() * 0.4) // 10_000 * 10_000)
            urgent = 1 if rng.random() < 0.1 else 0
            deadline = _iso_date(created + rng.randint(7 if urgent else 14, 120) * DAY)
            age_days = (now - created) / DAY
            status = _status_for(rng, age_days, expiry)
            if status == "open":
                status_at = created
                open_projects += 1
            elif status == "expired":
                status_at = created + expiry * DAY
            else:
                status_at = created + int((now - created) * (0.2 + 0.8 * rng.random()))
            n_offers = min(40, int(rng.expovariate(1 / 7)))
            if status in ("awarded", "in_progress", "finalized"):
                n_offers = max(1, n_offers)
            if created >= detailed_from:
                offers_count = _detail_rows(
                    rng, text, pid, created, status, status_at, (lo, hi), slots, n_offers,
                    providers, now, policy, counters, detail)
            else:
                offers_count = n_offers
            counters.text_bytes += _text_bytes(title, summary, description, spec)
            project_rows.append((pid, client_id, title, summary, description, spec, category,
                                 lo, hi, country, city, created, urgent, deadline, status,
                                 status_at, offers_count))
            if len(project_rows) >= _BATCH:
                _flush(conn, project_rows, detail)
        _flush(conn, project_rows, detail)
        if index_triggers:
            conn.execute("INSERT INTO projects_fts(projects_fts) VALUES ('rebuild')")
            # The open projects' index holds only them: filled by a query, not 'rebuild' (which
            # would index every row of the content table).
            conn.execute("INSERT INTO open_projects_fts(open_projects_fts) VALUES ('delete-all')")
            conn.execute("INSERT INTO open_projects_fts(rowid, title, summary, description) "
                         "SELECT id, title, summary, description FROM projects WHERE status = 'open'")
            # One segment each: smaller, and every query reads one b-tree instead of several.
            conn.execute("INSERT INTO projects_fts(projects_fts) VALUES ('optimize')")
            conn.execute("INSERT INTO open_projects_fts(open_projects_fts) VALUES ('optimize')")
            for sql in index_triggers:
                conn.execute(sql)
        conn.execute(f"PRAGMA cache_size = {int(prev_cache)}")
    return DemoSummary(
        projects=projects,
        clients=n_clients,
        providers=n_providers,
        offers=counters.offers,
        open_projects=open_projects,
        raw_text_bytes=counters.text_bytes,
    )


def _flush(
    conn: sqlite3.Connection,
    project_rows: list[tuple[object, ...]],
    detail: dict[str, list[tuple[object, ...]]],
) -> None:
    """Write the pending rows (projects first: the details reference them) and clear them."""
    if project_rows:
        conn.executemany(_PROJECT_SQL, project_rows)
        project_rows.clear()
    for key, sql in _DETAIL_SQL.items():
        rows = detail[key]
        if rows:
            conn.executemany(sql, rows)
            rows.clear()
