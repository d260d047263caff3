"""The demo marketplace's French: vocabulary per category, templates, names and places.

Plain data the generator (`pel_tui.backend.demo.generator`) draws from.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Vocabulary:
    """The words of one category: what clients ask for, with which tools, and which features."""

    objects: tuple[str, ...]
    tools: tuple[str, ...]
    features: tuple[str, ...]
    roles: tuple[str, ...]
    actions: tuple[str, ...]
    deliverables: tuple[str, ...]


VOCAB: dict[str, Vocabulary] = {
    "Développement web": Vocabulary(
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
    "Application mobile": Vocabulary(
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
    "Graphisme & design": Vocabulary(
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
    "Rédaction": Vocabulary(
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
    "Marketing digital": Vocabulary(
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
    "Traduction": Vocabulary(
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
    "Vidéo & animation": Vocabulary(
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
    "Data & IA": Vocabulary(
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
    "SEO": Vocabulary(
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
    "Administratif": Vocabulary(
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
    "Logiciel & intégration": Vocabulary(
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
    "E-commerce": Vocabulary(
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

SECTORS: tuple[str, ...] = (
    "un cabinet d'architectes", "une boulangerie artisanale", "une agence immobilière",
    "une clinique vétérinaire", "une association sportive", "une start-up de la foodtech",
    "un cabinet d'avocats", "une société de transport", "un restaurant gastronomique",
    "une école de musique", "un domaine viticole", "une PME industrielle", "un hôtel familial",
    "une mutuelle régionale", "un artisan plombier", "une salle d'escalade", "une librairie",
    "un institut de beauté", "une société de conseil", "une collectivité locale",
    "un centre de formation", "une ferme bio", "une agence de voyages", "un garage automobile",
)
AUDIENCES: tuple[str, ...] = (
    "nos clients particuliers", "nos partenaires professionnels", "nos adhérents",
    "nos équipes commerciales", "un public international", "les jeunes de 18 à 25 ans",
)
TITLE_TEMPLATES: tuple[str, ...] = (
    "{action} de {obj_bare} pour {sector}",
    "{role} {tool} pour {obj_bare}",
    "{action} de {obj_bare} avec {feature}",
    "Besoin d'un {role_l} pour {obj_bare}",
    "{obj_cap} pour {sector} ({tool})",
)
#: Half of the summaries mention "projet", the benchmark's "word in about half the projects".
SUMMARY_WITH_PROJET: tuple[str, ...] = (
    "Nous sommes {sector} et souhaitons {verb} {obj}. Le projet doit démarrer rapidement.",
    "Pour {audience}, {sector} veut {verb} {obj} avec {feature}. Projet suivi par notre "
    "gérant.",
    "Projet de {action_l} : {obj}, avec {feature}.",
    "{sector_cap} cherche un prestataire pour son projet : {verb} {obj} en {tool}.",
)
SUMMARY_PLAIN: tuple[str, ...] = (
    "Nous sommes {sector} et souhaitons {verb} {obj}. Une première version est attendue vite.",
    "{sector_cap} veut {verb} {obj} destiné à {audience}, avec {feature}.",
    "Mission de {action_l} : {obj} en {tool}, avec {feature}.",
    "Recherche {role_l} pour {verb} {obj}. Une bonne maîtrise de {tool} est indispensable.",
)
VERBS: tuple[str, ...] = ("créer", "refondre", "développer", "moderniser", "lancer", "améliorer")
DESC_OPENINGS: tuple[str, ...] = (
    "Notre société, {sector}, existe depuis {years} ans et compte {staff} salariés.",
    "Nous sommes {sector} basé à {city} et nous travaillons surtout avec {audience}.",
    "Bonjour, je dirige {sector} à {city} et j'ai besoin d'aide pour un sujet précis.",
    "Dans le cadre de notre développement, {sector} souhaite {verb} {obj}.",
)
DESC_NEEDS: tuple[str, ...] = (
    " Le besoin : {obj}, avec {feature} et {feature2}.",
    " Nous attendons {obj} qui inclut {feature}, puis {feature2} dans un second temps.",
    " L'objectif est de {verb} {obj} ; {feature} est prioritaire, {feature2} serait un plus.",
)
DESC_TOOLS: tuple[str, ...] = (
    " Une expérience solide de {tool} est demandée ; la connaissance de {tool2} est appréciée.",
    " Nous utilisons déjà {tool} et souhaitons rester sur cet outil.",
    " Le choix technique est ouvert, mais {tool} ou {tool2} nous semblent adaptés.",
)
DESC_CLOSINGS: tuple[str, ...] = (
    " Livrables attendus : {deliverable}. Merci d'indiquer vos références et votre délai.",
    " Nous attendons {deliverable} et un devis détaillé par étape.",
    " Merci de préciser votre méthode de travail, votre disponibilité et {deliverable}.",
    " Le prestataire retenu fournira {deliverable}. Les échanges se feront en visioconférence.",
)
SPEC_SECTIONS: tuple[str, ...] = (
    "1. Contexte\n{sector_cap} souhaite {verb} {obj}. Le public visé : {audience}.\n",
    "2. Périmètre\nLe périmètre comprend {feature}, {feature2} et la reprise de l'existant. "
    "Hors périmètre : l'hébergement et la maintenance au-delà de trois mois.\n",
    "3. Contraintes\nOutils imposés : {tool}. Compatibilité avec {tool2} souhaitée. "
    "Respect du RGPD et de l'accessibilité (RGAA) exigé.\n",
    "4. Livrables et recette\n{deliverable_cap}. Une recette sera menée avec notre équipe "
    "avant la validation finale, sur la base d'un cahier de tests partagé.\n",
    "5. Planning\nDémarrage souhaité sous {weeks} semaines, livraison en {lots} lots.\n",
)
OFFER_MESSAGES: tuple[str, ...] = (
    "Bonjour, je suis {role_l} depuis {years} ans et j'ai réalisé plusieurs missions similaires "
    "avec {tool}. Je peux vous livrer {obj} en {delay} jours.",
    "Bonjour, votre projet m'intéresse beaucoup. Je maîtrise {tool} et je vous propose un "
    "premier échange en visio pour préciser {feature}.",
    "Bonjour, je vous propose une réalisation en {lots} étapes avec validation à chaque étape. "
    "Mon portfolio contient des exemples proches de votre besoin.",
    "Bonjour, disponible dès la semaine prochaine, je peux prendre en charge {obj} et "
    "m'occuper de {feature}. Devis détaillé sur demande.",
)
QUESTIONS: tuple[str, ...] = (
    "Bonjour, avez-vous déjà une charte graphique ou faut-il la créer ?",
    "Le budget indiqué comprend-il l'hébergement et la maintenance ?",
    "Pouvez-vous préciser la date de livraison souhaitée ?",
    "Faut-il reprendre des contenus existants ou tout créer ?",
    "Le projet est-il ouvert au travail entièrement à distance ?",
    "Avez-vous un exemple de réalisation qui vous plaît ?",
)
ANSWERS: tuple[str, ...] = (
    "Bonjour, oui, tout est décrit dans le cahier des charges joint.",
    "Non, l'hébergement est déjà géré de notre côté.",
    "Idéalement avant la fin du mois prochain, mais nous restons souples.",
    "Le travail à distance nous convient parfaitement.",
    "Nous vous enverrons des exemples aux prestataires retenus.",
)
FILE_NAMES: tuple[str, ...] = (
    "cahier_des_charges.pdf", "maquette.png", "logo_actuel.svg", "arborescence.xlsx",
    "brief_creatif.docx", "exemple_export.csv", "charte_graphique.pdf",
)

LOCATIONS: tuple[tuple[str, tuple[str, ...], int], ...] = (
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
BUDGETS: tuple[tuple[int, int, int], ...] = (
    (20_000, 50_000, 12),
    (50_000, 100_000, 22),
    (100_000, 300_000, 28),
    (300_000, 500_000, 14),
    (500_000, 1_000_000, 12),
    (1_000_000, 2_500_000, 8),
    (2_500_000, 5_000_000, 4),
)
FIRST_NAMES: tuple[str, ...] = (
    "Camille", "Léa", "Hugo", "Lucas", "Chloé", "Manon", "Nathan", "Inès", "Louis", "Emma",
    "Jules", "Zoé", "Karim", "Yasmine", "Thomas", "Julie", "Mehdi", "Sarah", "Antoine", "Aïcha",
    "Étienne", "Mathilde", "Olivier", "Fatou",
)
LAST_NAMES: tuple[str, ...] = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèbvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
    "Benali", "Diallo", "Tremblay", "Gagnon", "Peeters", "Müller",
)
COMPANY_WORDS: tuple[str, ...] = (
    "Atelier", "Maison", "Groupe", "Studio", "Cabinet", "Société", "Ferme", "Agence", "Comptoir",
)
PSEUDO_PARTS: tuple[str, ...] = (
    "dev", "pixel", "studio", "code", "web", "design", "plume", "data", "motion", "seo", "app",
    "lab", "craft", "nova", "atelier", "verbe",
)
