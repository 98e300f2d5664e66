"""Good practices of five cities, in their languages and in English, to search in.

Each is written the way its partner would: Romanian with ș ț ă â î, Italian with its
accented vowels, Croatian with č ć đ š ž, Lithuanian with ą č ę ė į š ų ū ž, Dutch with
its diaereses. The tests search them with and without the diacritics, on SQLite and on
PostgreSQL; the benchmark draws its thousands of practices from the same sentences.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from learninglab.factories import PartnerFactory, TimisoaraFactory
from learninglab.practices.models import (
    GoodPractice,
    PracticeStatus,
    PracticeTopic,
    Progress,
    Topic,
)
from learninglab.projects.models import Partner, Project

PARTNERS: dict[str, dict[str, Any]] = {
    "matera": {"city": "Matera", "country": "IT", "languages": ["it", "en"]},
    "rijeka": {"city": "Rijeka", "country": "HR", "languages": ["hr", "en"]},
    "kaunas": {"city": "Kaunas", "country": "LT", "languages": ["lt", "en"]},
    "leeuwarden": {"city": "Leeuwarden", "country": "NL", "languages": ["nl", "fy", "en"]},
}

PRACTICES: list[dict[str, Any]] = [
    {
        "slug": "urban-crafts-school",
        "partner": "timisoara",
        "title": {
            "ro": "Școala de meșteșuguri urbane din Fabric",
            "en": "The urban crafts school in Fabric",
        },
        "institution": {
            "ro": "Primăria Municipiului Timișoara",
            "en": "Municipality of Timișoara",
        },
        "summary": {
            "ro": "Meșteșugari și firme mici din cartierul Fabric predau tinerilor țesutul, "
            "tâmplăria și ceramica, într-o fostă hală industrială reabilitată pentru "
            "Capitala Europeană a Culturii.",
            "en": "Craftspeople and small firms of the Fabric district teach young people "
            "weaving, joinery and pottery in a former industrial hall restored for the "
            "European Capital of Culture.",
        },
        "problem": {
            "ro": "Meșteșugurile tradiționale dispăreau: atelierele se închideau, iar tinerii "
            "nu găseau unde să învețe o meserie.",
        },
        "activities": {
            "ro": "Primăria și asociația meșteșugarilor au amenajat ateliere deschise; în "
            "fiecare sâmbătă, ucenicii lucrează alături de maeștri.",
        },
        "evidence": {
            "ro": "În trei ani, 240 de tineri au urmat cursurile, iar 18 ateliere noi s-au "
            "înființat în cartier.",
            "en": "In three years 240 young people took the courses and 18 new workshops "
            "opened in the district.",
        },
        "keywords": "meșteșuguri, ucenicie, patrimoniu industrial",
        "city": "Timișoara",
        "region": "Vest",
        "country": "RO",
        "started_on": datetime.date(2019, 2, 1),
        "topics": [Topic.SME_COMPETITIVENESS],
        "published": datetime.date(2023, 5, 10),
        "validated": True,
    },
    {
        "slug": "open-factory-days",
        "partner": "timisoara",
        "title": {
            "ro": "Zilele porților deschise ale fabricilor",
            "en": "Open factory days",
        },
        "summary": {
            "ro": "Un weekend pe an, fabricile și atelierele din Banat își deschid porțile "
            "pentru public, cu tururi ghidate și ateliere pentru copii.",
            "en": "One weekend a year the factories and workshops of the Banat open their "
            "gates to the public, with guided tours and workshops for children.",
        },
        "evidence": {"ro": "Peste 9.000 de vizitatori și 35 de firme participante în 2023."},
        "keywords": "turism industrial, patrimoniu",
        "city": "Timișoara",
        "region": "Vest",
        "country": "RO",
        "started_on": datetime.date(2021, 9, 1),
        "topics": [Topic.SME_COMPETITIVENESS],
        "published": datetime.date(2024, 2, 1),
    },
    {
        "slug": "open-design-school",
        "partner": "matera",
        "title": {
            "it": "Open Design School: progettare insieme la città",
            "en": "Open Design School: designing the city together",
        },
        "institution": {"it": "Fondazione Matera-Basilicata 2019"},
        "summary": {
            "it": "Un laboratorio di progettazione aperto dove designer, artigiani e "
            "cittadini hanno costruito le scenografie e gli arredi di Matera 2019, "
            "capitale europea della cultura.",
            "en": "An open design lab where designers, craftspeople and citizens built the "
            "stage sets and furniture of Matera 2019, European Capital of Culture.",
        },
        "problem": {
            "it": "La città non aveva una comunità di creativi capace di lavorare con le "
            "imprese locali.",
        },
        "activities": {
            "it": "Residenze, laboratori di falegnameria digitale e stampa 3D; l'attività è "
            "proseguita dopo il 2019 con l'università e le piccole imprese.",
        },
        "evidence": {
            "it": "Più di 60 progetti realizzati, 120 partecipanti, 14 imprese che hanno "
            "adottato nuovi metodi di progettazione.",
        },
        "keywords": "design, fabbricazione digitale, comunità",
        "city": "Matera",
        "region": "Basilicata",
        "country": "IT",
        "started_on": datetime.date(2016, 1, 15),
        "ended_on": datetime.date(2020, 12, 31),
        "progress": Progress.COMPLETED,
        "topics": [Topic.RESEARCH_INNOVATION, Topic.SME_COMPETITIVENESS],
        "published": datetime.date(2022, 11, 3),
    },
    {
        "slug": "rinovatori",
        "partner": "rijeka",
        "title": {
            "hr": "RInovatoRI – inovacijski programi za poduzetnike i građane",
            "en": "RInovatoRI – innovation programmes for entrepreneurs and citizens",
        },
        "institution": {"hr": "Grad Rijeka", "en": "City of Rijeka"},
        "summary": {
            "hr": "Grad Rijeka potiče male tvrtke i građane da zajedno razvijaju nove "
            "proizvode u kulturnom i kreativnom sektoru, uz savjetovanje i male potpore.",
            "en": "The City of Rijeka encourages small firms and citizens to develop new "
            "products together in the cultural and creative sector, with advice and small "
            "grants.",
        },
        "problem": {
            "hr": "Poduzetništvo u kreativnim industrijama bilo je slabo povezano s "
            "lokalnom zajednicom.",
        },
        "activities": {
            "hr": "Radionice, mentorstvo i natječaji za inovativne ideje; suradnja sa "
            "Sveučilištem u Rijeci i Riječkom razvojnom agencijom.",
        },
        "evidence": {
            "hr": "Dodijeljeno je 35 potpora, nastalo je 12 novih tvrtki i 80 radnih mjesta; "
            "uključeno je više od 1.500 građana.",
        },
        "keywords": "poduzetništvo, kreativne industrije, inovacije",
        "city": "Rijeka",
        "region": "Primorsko-goranska županija",
        "country": "HR",
        "started_on": datetime.date(2018, 3, 1),
        "topics": [Topic.SME_COMPETITIVENESS, Topic.RESEARCH_INNOVATION],
        "published": datetime.date(2023, 1, 20),
    },
    {
        "slug": "kaunas-creative-incubator",
        "partner": "kaunas",
        "title": {
            "lt": "Kūrybinių industrijų inkubatorius buvusiame fabrike",
            "en": "The creative industries incubator of Kaunas",
        },
        "institution": {"lt": "Kauno miesto savivaldybė", "en": "Kaunas City Municipality"},
        "summary": {
            "lt": "Jaunos kūrybinės įmonės gauna pigias darbo vietas, konsultacijas ir "
            "ryšius su verslu; programa parengta Kaunui – Europos kultūros sostinei 2022.",
            "en": "Young creative firms get low-cost workspace, advice and links to business "
            "in a former factory; the programme was prepared for Kaunas, European Capital "
            "of Culture 2022.",
        },
        "problem": {
            "lt": "Kūrybinių įmonių steigėjams trūko erdvių ir žinių apie verslo valdymą.",
        },
        "activities": {
            "lt": "Savivaldybė atnaujino pastatą, organizuoja mokymus ir mentorystės "
            "programą; bendruomenės renginiai vyksta kas mėnesį.",
        },
        "evidence": {
            "lt": "Per ketverius metus inkubatoriuje įsikūrė 45 įmonės, sukurtos 130 darbo vietų.",
        },
        "keywords": "inkubatorius, kūrybinės industrijos, verslumas",
        "city": "Kaunas",
        "region": "Kauno apskritis",
        "country": "LT",
        "started_on": datetime.date(2020, 4, 1),
        "topics": [Topic.SME_COMPETITIVENESS],
        "published": datetime.date(2024, 6, 30),
    },
    {
        "slug": "blokhuispoort",
        "partner": "leeuwarden",
        "title": {
            "nl": "Blokhuispoort: van gevangenis tot broedplaats",
            "en": "Blokhuispoort: from prison to creative hub",
        },
        "institution": {"nl": "Gemeente Leeuwarden"},
        "summary": {
            "nl": "De voormalige gevangenis in het centrum van Leeuwarden is omgebouwd tot "
            "een plek voor ondernemers, kunstenaars, een bibliotheek en een hostel.",
            "en": "The former prison in the centre of Leeuwarden was turned into a place for "
            "entrepreneurs, artists, a library and a hostel.",
        },
        "problem": {
            "nl": "Het monumentale gebouw stond leeg en de stad miste betaalbare werkruimte "
            "voor creatieve ondernemers.",
        },
        "activities": {
            "nl": "Een coöperatie van huurders beheert het gebouw; er zijn ateliers, een "
            "café en ruimte voor ideeën uit de buurt.",
            "en": "A cooperative of tenants runs the building, with studios for design and "
            "crafts, a café and room for the neighbourhood's ideas.",
        },
        "evidence": {
            "nl": "Meer dan 100 bedrijven huren er ruimte; jaarlijks komen er 250.000 bezoekers.",
        },
        "keywords": "herbestemming, erfgoed, broedplaats",
        "city": "Leeuwarden",
        "region": "Fryslân",
        "country": "NL",
        "started_on": datetime.date(2015, 6, 1),
        "topics": [Topic.SME_COMPETITIVENESS, Topic.ENVIRONMENT],
        "published": datetime.date(2022, 9, 1),
    },
    {
        "slug": "launch-game",
        "partner": "leeuwarden",
        "title": {
            "nl": "Launch Game: ondernemen als spel",
            "en": "Launch Game: enterprise as a game",
        },
        "summary": {
            "nl": "Een spel waarin scholieren een eigen bedrijf starten en hun ideeën aan "
            "ondernemers uit de regio presenteren.",
            "en": "A game in which pupils start a firm of their own and present their ideas "
            "to the region's entrepreneurs.",
        },
        "evidence": {
            "nl": "1.200 scholieren van 14 scholen deden mee; 30 ideeën werden een bedrijf."
        },
        "keywords": "onderwijs, ondernemerschap",
        "city": "Leeuwarden",
        "region": "Fryslân",
        "country": "NL",
        "started_on": datetime.date(2017, 9, 1),
        "ended_on": datetime.date(2019, 6, 30),
        "progress": Progress.COMPLETED,
        "topics": [Topic.SME_COMPETITIVENESS],
        "published": datetime.date(2021, 3, 15),
    },
    # Not in the public catalogue: a draft of Timișoara, one submitted by Matera.
    {
        "slug": "ideas-fair",
        "partner": "timisoara",
        "status": PracticeStatus.DRAFT,
        "title": {
            "ro": "Târgul de idei pentru firme mici",
            "en": "The ideas fair for small firms",
        },
        "summary": {"ro": "Firmele mici își prezintă ideile în fața investitorilor locali."},
        "keywords": "târg, investitori",
        "city": "Timișoara",
        "country": "RO",
        "started_on": datetime.date(2024, 3, 1),
        "topics": [Topic.SME_COMPETITIVENESS],
    },
    {
        "slug": "craft-knowledge-market",
        "partner": "matera",
        "status": PracticeStatus.SUBMITTED,
        "title": {
            "it": "Mercato dei saperi artigiani",
            "en": "The market of craft knowledge",
        },
        "summary": {"it": "Gli artigiani più anziani insegnano il loro mestiere ai giovani."},
        "keywords": "artigianato, mestieri",
        "city": "Matera",
        "country": "IT",
        "started_on": datetime.date(2023, 4, 1),
        "topics": [Topic.SME_COMPETITIVENESS],
    },
]

PUBLISHED = {spec["slug"] for spec in PRACTICES if "status" not in spec}


def corpus_partners(project: Project) -> dict[str, Partner]:
    """Return the five partners of the corpus, by slug, in ``project``."""
    partners = {"timisoara": TimisoaraFactory(project=project)}
    for slug, facts in PARTNERS.items():
        partners[slug] = PartnerFactory(
            project=project, slug=slug, institution=f"Municipality of {facts['city']}", **facts
        )
    return partners


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def practice_from(spec: dict[str, Any], partner: Partner) -> GoodPractice:
    """Return an unsaved practice of ``partner`` made from ``spec`` (a ``PRACTICES`` entry)."""
    fields = {
        key: value
        for key, value in spec.items()
        if key not in ("partner", "topics", "published", "validated", "status")
    }
    status = spec.get("status", PracticeStatus.PUBLISHED)
    published = spec.get("published")
    return GoodPractice(
        partner=partner,
        status=status,
        published_at=_noon(published) if published else None,
        expert_validated_at=_noon(published) if spec.get("validated") else None,
        expert_opinion={"en": "A clear, transferable method."} if spec.get("validated") else {},
        **fields,
    )


def corpus_create(project: Project) -> dict[str, GoodPractice]:
    """Create the partners and every practice of the corpus; return the practices by slug."""
    partners = corpus_partners(project)
    practices = {}
    for spec in PRACTICES:
        practice = practice_from(spec, partners[spec["partner"]])
        practice.save()
        PracticeTopic.objects.bulk_create(
            PracticeTopic(practice=practice, topic=topic) for topic in spec["topics"]
        )
        practices[practice.slug] = practice
    return practices
