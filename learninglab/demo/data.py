"""Facts of the demo: the ECoC-SME project, its partners, staff logins, stakeholder groups, labs,
and what happened at Timișoara's first lab and before its second.

The project, the partners and their policy instruments are public facts. Every person,
e-mail address, phone number and most organisations are invented; e-mail addresses and
websites use only the domains reserved for examples (example.com, .org, .net).
"""

from __future__ import annotations

import dataclasses
import datetime
from zoneinfo import ZoneInfo

from learninglab.core.roles import Role
from learninglab.demo.practices import (
    BLOKHUISPOORT,
    CREATIVE_VOUCHERS,
    LAUNCH_GAME,
    MODERNIST_DOORS,
    OPEN_DESIGN_SCHOOL,
    RINOVATORI,
)
from learninglab.labs.models import ContactRole, LabKind, LabStatus, RegistrationMode, ResponseVia
from learninglab.labs.services.answer import Answer
from learninglab.projects.models import InstrumentKind
from learninglab.stakeholders.models import ConsentMethod, ConsentPurpose, OrganisationType

DEMO_PASSWORD = "learninglab-demo"  # noqa: S105 - printed for the demo on purpose

PRIVACY_NOTICE = "2019-09 privacy notice"


@dataclasses.dataclass(frozen=True)
class DemoPolicyInstrument:
    name: str
    slug: str
    kind: str = InstrumentKind.GROWTH_AND_JOBS
    managing_authority: str = ""


@dataclasses.dataclass(frozen=True)
class DemoPartner:
    slug: str
    institution: dict[str, str]  # in the partner's languages
    city: str
    country: str
    role: str
    ecoc_year: int | None
    time_zone: str
    languages: list[str]
    policy_instrument: DemoPolicyInstrument | None
    # When the partner's first consent forms were signed (e-mail answers came a week earlier).
    consent_collected_at: datetime.datetime


@dataclasses.dataclass(frozen=True)
class DemoStaff:
    email: str
    full_name: str
    role: Role
    partner: str


@dataclasses.dataclass(frozen=True)
class DemoOrganisation:
    name: str
    type: str
    website: str = ""


@dataclasses.dataclass(frozen=True)
class DemoPerson:
    first_name: str
    last_name: str
    email: str
    phone: str
    organisation: str | None
    position: str
    language: str
    consent: str  # a key of CONSENT_PROFILES
    tags: tuple[str, ...] = ()
    notes: str = ""


PROJECT = {
    "acronym": "ECoC-SME",
    "title": "Actions for inducing SME growth and innovation via the ECoC event and legacy",
    "programme": "Interreg Europe",
    "code": "PGI06047",
    "start_date": datetime.date(2019, 8, 1),
    "end_date": datetime.date(2022, 7, 31),
}


def _at(year: int, month: int, day: int, hour: int, zone: str) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=ZoneInfo(zone))


PARTNERS = [
    DemoPartner(
        slug="uef",
        institution={"fi": "Itä-Suomen yliopisto", "en": "University of Eastern Finland"},
        city="Joensuu",
        country="FI",
        role="lead",
        ecoc_year=None,
        time_zone="Europe/Helsinki",
        languages=["fi", "en"],
        policy_instrument=None,  # the lead partner coordinates
        consent_collected_at=_at(2019, 10, 1, 10, "Europe/Helsinki"),
    ),
    DemoPartner(
        slug="timisoara",
        institution={"ro": "Municipiul Timișoara", "en": "Municipality of Timișoara"},
        city="Timișoara",
        country="RO",
        role="partner",
        ecoc_year=2023,
        time_zone="Europe/Bucharest",
        languages=["ro", "en"],
        policy_instrument=DemoPolicyInstrument(
            "Regional Operational Programme, West Romania region",
            "rop-west",
            managing_authority="Agenția pentru Dezvoltare Regională Vest",
        ),
        # The first Local Learning Lab session, 30 September 2019.
        consent_collected_at=_at(2019, 9, 30, 10, "Europe/Bucharest"),
    ),
    DemoPartner(
        slug="leeuwarden",
        institution={
            "nl": "Gemeente Leeuwarden (met Inqubator Leeuwarden)",
            "fy": "Gemeente Ljouwert (mei Inqubator Leeuwarden)",
            "en": "Municipality of Leeuwarden (with Inqubator Leeuwarden)",
        },
        city="Leeuwarden",
        country="NL",
        role="partner",
        ecoc_year=2018,
        time_zone="Europe/Amsterdam",
        languages=["nl", "fy", "en"],
        policy_instrument=DemoPolicyInstrument(
            "Operational Programme, Northern Netherlands", "op-north"
        ),
        consent_collected_at=_at(2019, 10, 8, 14, "Europe/Amsterdam"),
    ),
    DemoPartner(
        slug="matera",
        institution={"it": "Materahub", "en": "Materahub"},
        city="Matera",
        country="IT",
        role="partner",
        ecoc_year=2019,
        time_zone="Europe/Rome",
        languages=["it", "en"],
        policy_instrument=DemoPolicyInstrument(
            "Regional Operational Programme, Basilicata", "rop-basilicata"
        ),
        consent_collected_at=_at(2019, 10, 15, 10, "Europe/Rome"),
    ),
    DemoPartner(
        slug="rijeka",
        institution={"hr": "Grad Rijeka", "en": "Municipality of Rijeka"},
        city="Rijeka",
        country="HR",
        role="partner",
        ecoc_year=2020,
        time_zone="Europe/Zagreb",
        languages=["hr", "en"],
        policy_instrument=DemoPolicyInstrument(
            "Local development strategy of the City of Rijeka",
            "development-strategy",
            InstrumentKind.OTHER,
        ),
        consent_collected_at=_at(2019, 10, 22, 11, "Europe/Zagreb"),
    ),
    DemoPartner(
        slug="kaunas",
        institution={"lt": "Vytauto Didžiojo universitetas", "en": "Vytautas Magnus University"},
        city="Kaunas",
        country="LT",
        role="partner",
        ecoc_year=2022,
        time_zone="Europe/Vilnius",
        languages=["lt", "en"],
        policy_instrument=DemoPolicyInstrument(
            "Local development strategy of Kaunas", "development-strategy", InstrumentKind.OTHER
        ),
        consent_collected_at=_at(2019, 10, 29, 10, "Europe/Vilnius"),
    ),
]

STAFF = [
    DemoStaff("coordinator@uef.example.org", "Aino Korhonen", Role.COORDINATOR, "uef"),
    DemoStaff("staff@timisoara.example.org", "Andreea Vlădescu", Role.PARTNER_STAFF, "timisoara"),
    DemoStaff("facilitator@timisoara.example.org", "Radu Călinescu", Role.FACILITATOR, "timisoara"),
    DemoStaff("staff@leeuwarden.example.org", "Femke Postma", Role.PARTNER_STAFF, "leeuwarden"),
    DemoStaff("staff@matera.example.org", "Giulia Lorusso", Role.PARTNER_STAFF, "matera"),
    DemoStaff("staff@rijeka.example.org", "Ivana Kovačević", Role.PARTNER_STAFF, "rijeka"),
    DemoStaff("staff@kaunas.example.org", "Rūta Kazlauskienė", Role.PARTNER_STAFF, "kaunas"),
]
# Every account the demo creates, as (role, e-mail): all log in with DEMO_PASSWORD.
DEMO_LOGINS = [(str(spec.role.label), spec.email) for spec in STAFF]

# Consent ledgers as (purpose, given, method, days after the partner's consent date).
# Signed forms come from the first meeting; e-mail answers came a week before it.
CONSENT_PROFILES: dict[str, list[tuple[str, bool, str, int]]] = {
    "never": [],
    "form": [(ConsentPurpose.INVITATIONS, True, ConsentMethod.FORM, 0)],
    "form+photos": [
        (ConsentPurpose.INVITATIONS, True, ConsentMethod.FORM, 0),
        (ConsentPurpose.PHOTOS, True, ConsentMethod.FORM, 0),
    ],
    "email": [(ConsentPurpose.INVITATIONS, True, ConsentMethod.EMAIL, -7)],
    "email+photos": [
        (ConsentPurpose.INVITATIONS, True, ConsentMethod.EMAIL, -7),
        (ConsentPurpose.PHOTOS, True, ConsentMethod.EMAIL, -7),
    ],
    "withdrawn": [
        (ConsentPurpose.INVITATIONS, True, ConsentMethod.FORM, 0),
        (ConsentPurpose.INVITATIONS, False, ConsentMethod.EMAIL, 43),
    ],
}

T = OrganisationType
ROUND_1 = "LLL round 1"
CREATIVE = "creative industries"
MENTORS = "mentors"
POLICY = "policy makers"
START_UPS = "start-ups"

TIMISOARA_ORGANISATIONS = [
    DemoOrganisation(
        "Primăria Municipiului Timișoara – Direcția Dezvoltare Economică", T.PUBLIC_AUTHORITY
    ),
    DemoOrganisation("Agenția Locală pentru Antreprenoriat Timiș", T.PUBLIC_AUTHORITY),
    DemoOrganisation(
        "Asociația Cetatea Culturii 2023", T.ECOC_BODY, "https://cetateaculturii.example.org"
    ),
    DemoOrganisation(
        "Camera de Afaceri Banat-Vest", T.BUSINESS_SUPPORT, "https://camera-banat.example.org"
    ),
    DemoOrganisation("Incubatorul Creativ Fabric", T.BUSINESS_SUPPORT),
    DemoOrganisation("Facultatea de Industrii Creative, Universitatea Iosefin", T.UNIVERSITY),
    DemoOrganisation("Centrul de Cercetare pentru Economie Creativă Banat", T.UNIVERSITY),
    DemoOrganisation("Asociația Tineri Antreprenori Bega", T.NGO),
    DemoOrganisation("Asociația Orașul Deschis", T.NGO, "https://orasuldeschis.example.org"),
    DemoOrganisation("Studio Linie și Formă", T.CULTURAL, "https://linieforma.example.com"),
    DemoOrganisation("Teatrul Independent Podul de Fier", T.CULTURAL),
    DemoOrganisation("Galeria Arcada Nouă", T.CULTURAL),
    DemoOrganisation("Atelier Bega Software SRL", T.SME, "https://begasoft.example.com"),
    DemoOrganisation("Fabrica de Jocuri Digitale SRL", T.SME),
    DemoOrganisation("Tipografia Lumina Vestului SRL", T.SME),
    DemoOrganisation("Brutăria Pâine de Banat SRL", T.SME),
    DemoOrganisation("Turism Cultural Elisabetin SRL", T.SME),
    DemoOrganisation("Cooperativa Meșterilor din Fabric", T.OTHER),
    DemoOrganisation("Radio Comunitar Unde Vestice", T.OTHER),
]

_CITY_HALL = TIMISOARA_ORGANISATIONS[0].name
_AGENCY = "Agenția Locală pentru Antreprenoriat Timiș"
_ECOC = "Asociația Cetatea Culturii 2023"
_CHAMBER = "Camera de Afaceri Banat-Vest"
_INCUBATOR = "Incubatorul Creativ Fabric"
_FACULTY = "Facultatea de Industrii Creative, Universitatea Iosefin"
_RESEARCH = "Centrul de Cercetare pentru Economie Creativă Banat"
_YOUNG = "Asociația Tineri Antreprenori Bega"
_OPEN_CITY = "Asociația Orașul Deschis"
_STUDIO = "Studio Linie și Formă"
_THEATRE = "Teatrul Independent Podul de Fier"
_GALLERY = "Galeria Arcada Nouă"
_SOFTWARE = "Atelier Bega Software SRL"
_GAMES = "Fabrica de Jocuri Digitale SRL"
_PRINT = "Tipografia Lumina Vestului SRL"
_BAKERY = "Brutăria Pâine de Banat SRL"
_TOURISM = "Turism Cultural Elisabetin SRL"
_CRAFTS = "Cooperativa Meșterilor din Fabric"
_RADIO = "Radio Comunitar Unde Vestice"

P = DemoPerson

# Phone numbers are in the 0700 000 xxx range, typed the various ways offices type them.
# fmt: off
TIMISOARA_PEOPLE = [
    P("Ioana", "Mureșan", "ioana.muresan@dezvoltare.example.org", "0700 000 101", _CITY_HALL,
      "șefă serviciu", "ro", "form+photos", (ROUND_1, POLICY)),
    P("Bogdan", "Țurcanu", "bogdan.turcanu@dezvoltare.example.org", "0700.000.102", _CITY_HALL,
      "consilier", "ro", "form", (ROUND_1, POLICY)),
    P("Alexandra", "Dumitrașcu", "alexandra.dumitrascu@antreprenoriat.example.org",
      "+40 700 000 103", _AGENCY, "directoare", "ro", "email", (POLICY,)),
    P("Alina", "Băcilă", "alina.bacila@antreprenoriat.example.org", "", _AGENCY,
      "expert fonduri europene", "ro", "form", (ROUND_1, POLICY)),
    # Mihai Ștefănescu was entered twice: once from his e-mail, once from the handwritten
    # attendance list, without diacritics or e-mail. The merge page joins the two.
    P("Mihai", "Ștefănescu", "mihai.stefanescu@camera-banat.example.org", "0700 000 104",
      _CHAMBER, "vicepreședinte", "ro", "email", (MENTORS,)),
    P("Mihai", "Stefanescu", "", "0700-000-104", _CHAMBER, "vicepresedinte", "ro", "form",
      (ROUND_1,), "Adăugat de pe lista de prezență scrisă de mână."),
    P("Andrei", "Popovici", "andrei.popovici@camera-banat.example.org", "0700 000 105",
      _CHAMBER, "consultant export", "ro", "email"),
    P("Cristina", "Bălan", "cristina.balan@fabric-incubator.example.net", "0700 000 106",
      _INCUBATOR, "manager de program", "ro", "form+photos", (ROUND_1, MENTORS, CREATIVE)),
    P("Sorin", "Vlăduțu", "sorin.vladutu@fabric-incubator.example.net", "", _INCUBATOR,
      "mentor", "ro", "email", (MENTORS, START_UPS)),
    P("Cătălin", "Roman", "catalin.roman@fabric-incubator.example.net", "0700 000 107",
      _INCUBATOR, "antreprenor în rezidență", "ro", "email", (START_UPS,)),
    P("Elena", "Răducanu", "elena.raducanu@iosefin-univ.example.net", "0700 000 108", _FACULTY,
      "conferențiar universitar", "ro", "form", (ROUND_1, CREATIVE)),
    P("Tudor", "Cârstea", "tudor.carstea@iosefin-univ.example.net", "", _FACULTY, "prodecan",
      "ro", "email"),
    P("Sarah", "Thompson", "sarah.thompson@iosefin-univ.example.net", "", _FACULTY,
      "visiting lecturer", "en", "email", (CREATIVE,)),
    P("Oana", "Lăzărescu", "oana.lazarescu@economiecreativa.example.net", "0700 000 109",
      _RESEARCH, "cercetător științific", "ro", "form", (ROUND_1,)),
    P("Matei", "Grigoraș", "matei.grigoras@economiecreativa.example.net", "", _RESEARCH,
      "asistent de cercetare", "en", "email"),
    P("Diana", "Petrescu", "diana.petrescu@tineri-antreprenori.example.org", "0700 000 110",
      _YOUNG, "președintă", "ro", "form+photos", (ROUND_1, START_UPS)),
    P("Vlad", "Moldovan", "vlad.moldovan@tineri-antreprenori.example.org", "", _YOUNG,
      "voluntar", "ro", "never", (START_UPS,)),
    P("Roxana", "Munteanu", "roxana.munteanu@orasuldeschis.example.org", "0700 000 111",
      _OPEN_CITY, "coordonatoare de proiecte", "ro", "email"),
    P("Cosmin", "Drăgulescu", "cosmin.dragulescu@orasuldeschis.example.org", "0700 000 112",
      _OPEN_CITY, "facilitator comunitar", "ro", "withdrawn", (ROUND_1,),
      "A cerut pe e-mail să nu mai primească invitații."),
    P("Adina", "Sârbu", "adina.sarbu@cetateaculturii.example.org", "0700 000 113", _ECOC,
      "director artistic", "ro", "form+photos", (ROUND_1, CREATIVE)),
    P("Paul", "Neagu", "paul.neagu@cetateaculturii.example.org", "0700 000 114", _ECOC,
      "responsabil parteneriate", "ro", "form", (ROUND_1,)),
    P("Irina", "Stoica", "irina.stoica@cetateaculturii.example.org", "", _ECOC,
      "coordonatoare voluntari", "ro", "email"),
    P("Gabriel", "Țăranu", "gabriel.taranu@linieforma.example.com", "0700 000 115", _STUDIO,
      "designer, fondator", "ro", "form+photos", (ROUND_1, CREATIVE, MENTORS)),
    P("Bianca", "Știrbu", "bianca.stirbu@linieforma.example.com", "", _STUDIO,
      "designer grafic", "ro", "email", (CREATIVE,)),
    P("Lucian", "Hărșan", "lucian.harsan@podulfier.example.com", "0700 000 116", _THEATRE,
      "director", "ro", "form", (ROUND_1, CREATIVE)),
    P("Simona", "Cîmpeanu", "simona.cimpeanu@podulfier.example.com", "", _THEATRE,
      "manager cultural", "ro", "email+photos", (CREATIVE,)),
    P("Florin", "Avram", "florin.avram@arcadanoua.example.com", "0700 000 117", _GALLERY,
      "curator", "ro", "form", (ROUND_1, CREATIVE)),
    P("Anca", "Roșu", "anca.rosu@arcadanoua.example.com", "", _GALLERY, "fotografă", "ro",
      "email+photos", (CREATIVE,)),
    P("Daniel", "Kovács", "daniel.kovacs@begasoft.example.com", "0700 000 118", _SOFTWARE,
      "director general", "ro", "form", (ROUND_1, START_UPS)),
    P("Ștefan", "Oprea", "stefan.oprea@begasoft.example.com", "", _SOFTWARE, "programator",
      "ro", "never"),
    P("Larisa", "Pătrașcu", "larisa.patrascu@fabricajocuri.example.com", "0700 000 119", _GAMES,
      "fondatoare", "ro", "form+photos", (ROUND_1, START_UPS, CREATIVE)),
    P("Marius", "Jivan", "marius.jivan@fabricajocuri.example.com", "", _GAMES, "game designer",
      "ro", "email", (CREATIVE,)),
    P("Nicoleta", "Făgărășan", "nicoleta.fagarasan@luminavestului.example.com", "0700 000 120",
      _PRINT, "administrator", "ro", "form", (ROUND_1,)),
    P("Horia", "Beșliu", "horia.besliu@luminavestului.example.com", "", _PRINT,
      "director de vânzări", "ro", "email"),
    P("Teodora", "Miloș", "teodora.milos@painedebanat.example.com", "0700 000 121", _BAKERY,
      "proprietară", "ro", "form", (ROUND_1,)),
    P("Dragoș", "Sălăjan", "dragos.salajan@elisabetin-tur.example.com", "0700 000 122",
      _TOURISM, "manager", "ro", "form+photos", (ROUND_1,)),
    P("Monica", "Weber", "monica.weber@elisabetin-tur.example.com", "", _TOURISM,
      "ghid turistic", "en", "email"),
    P("Aurel", "Bîrlea", "aurel.birlea@mesterifabric.example.net", "0700 000 123", _CRAFTS,
      "președinte", "ro", "form", (ROUND_1,)),
    P("Ileana", "Jurma", "ileana.jurma@mesterifabric.example.net", "", _CRAFTS,
      "meșter ceramist", "ro", "email", (CREATIVE,)),
    P("Sebastian", "Nikolić", "sebastian.nikolic@undevestice.example.net", "0700 000 124",
      _RADIO, "redactor", "ro", "form", (ROUND_1,)),
    P("Raluca", "Ciobanu", "raluca.ciobanu@undevestice.example.net", "", _RADIO, "producătoare",
      "ro", "email"),
    P("Emil", "Vasilescu", "emil.vasilescu@example.com", "0700 000 125", None,
      "consultant independent", "ro", "form", (ROUND_1, MENTORS)),
]
# fmt: on

LEEUWARDEN_ORGANISATIONS = [
    DemoOrganisation("Ontwerpstudio Elfsteden", T.CULTURAL, "https://elfsteden.example.com"),
    DemoOrganisation("Stichting Mienskip Makers", T.NGO),
    DemoOrganisation("De Skâns Games B.V.", T.SME),
]

# fmt: off
LEEUWARDEN_PEOPLE = [
    P("Anke", "Hoekstra", "anke@elfsteden.example.com", "058 000 0101",
      "Ontwerpstudio Elfsteden", "ontwerper", "nl", "form+photos", (CREATIVE,)),
    P("Sjoerd", "Wijbenga", "sjoerd.wijbenga@mienskip.example.org", "",
      "Stichting Mienskip Makers", "foarsitter", "fy", "email"),
    P("Marieke", "van der Zee", "m.vanderzee@mienskip.example.org", "058 000 0102",
      "Stichting Mienskip Makers", "projectleider", "nl", "form"),
    P("Jelle", "Bouma", "jelle@skansgames.example.com", "", "De Skâns Games B.V.",
      "oprichter", "nl", "email", (START_UPS,)),
]
# fmt: on

MATERA_ORGANISATIONS = [
    DemoOrganisation("Cooperativa Sassi Creativi", T.OTHER),
    DemoOrganisation("Laboratorio Urbano Murgia", T.CULTURAL),
    DemoOrganisation("Istituto di Ricerca sul Patrimonio Lucano", T.UNIVERSITY),
    DemoOrganisation("Forneria Tufo e Grano S.r.l.", T.SME),
]

# fmt: off
MATERA_PEOPLE = [
    P("Francesca", "D'Onofrio", "francesca.donofrio@sassicreativi.example.com", "0835 000 101",
      "Cooperativa Sassi Creativi", "presidente", "it", "form+photos", (CREATIVE,)),
    P("Nicolò", "Lacava", "nicolo.lacava@labmurgia.example.org", "",
      "Laboratorio Urbano Murgia", "responsabile attività culturali", "it", "email",
      (CREATIVE,)),
    P("Giuseppe", "Santoro", "g.santoro@patrimoniolucano.example.net", "0835 000 102",
      "Istituto di Ricerca sul Patrimonio Lucano", "ricercatore", "it", "form"),
    P("Maria Pia", "Colucci", "mariapia@tufoegrano.example.com", "",
      "Forneria Tufo e Grano S.r.l.", "titolare", "it", "email"),
]
# fmt: on

RIJEKA_ORGANISATIONS = [
    DemoOrganisation("Poduzetnički centar Trsat", T.BUSINESS_SUPPORT),
    DemoOrganisation("Udruga Kvarner Kreativ", T.NGO),
    DemoOrganisation("Dizajn studio Sušak", T.CULTURAL),
]

# fmt: off
RIJEKA_PEOPLE = [
    P("Luka", "Jurčić", "luka.jurcic@pc-trsat.example.org", "051 000 101",
      "Poduzetnički centar Trsat", "voditelj centra", "hr", "form", (MENTORS,)),
    P("Maja", "Đurić", "maja.duric@kvarnerkreativ.example.org", "",
      "Udruga Kvarner Kreativ", "predsjednica", "hr", "email+photos", (CREATIVE,)),
    P("Ana", "Ćosić", "ana.cosic@kvarnerkreativ.example.org", "",
      "Udruga Kvarner Kreativ", "koordinatorica volontera", "hr", "never"),
    P("Petra", "Šimić", "petra.simic@studiosusak.example.com", "051 000 102",
      "Dizajn studio Sušak", "dizajnerica", "hr", "form+photos", (CREATIVE,)),
    P("Tomislav", "Žagar", "tomislav.zagar@studiosusak.example.com", "",
      "Dizajn studio Sušak", "direktor", "en", "email"),
]
# fmt: on

KAUNAS_ORGANISATIONS = [
    DemoOrganisation("Kauno kūrybinių verslų klasteris", T.BUSINESS_SUPPORT),
    DemoOrganisation("Kūrybinių industrijų asociacija „Įkvėpimas“", T.NGO),
    DemoOrganisation("UAB „Drobė ir dizainas“", T.SME),
]

# fmt: off
KAUNAS_PEOPLE = [
    P("Jonas", "Petrauskas", "jonas.petrauskas@klasteris.example.org", "837 000 101",
      "Kauno kūrybinių verslų klasteris", "direktorius", "lt", "form", (MENTORS,)),
    P("Aušra", "Vaičiūnienė", "ausra.vaiciuniene@klasteris.example.org", "",
      "Kauno kūrybinių verslų klasteris", "konsultantė", "lt", "email"),
    P("Eglė", "Žukauskaitė", "egle.zukauskaite@ikvepimas.example.org", "837 000 102",
      "Kūrybinių industrijų asociacija „Įkvėpimas“", "projektų vadovė", "lt", "form+photos",
      (CREATIVE,)),
    P("Kęstutis", "Jankauskas", "kestutis@drobe.example.com", "",
      "UAB „Drobė ir dizainas“", "įkūrėjas", "lt", "email", (START_UPS,)),
    P("Ąžuolas", "Daugėla", "azuolas.daugela@drobe.example.com", "",
      "UAB „Drobė ir dizainas“", "dizaineris", "en", "never"),
]
# fmt: on

# The stakeholder groups: partner slug to (organisations, people).
STAKEHOLDER_GROUPS: dict[str, tuple[list[DemoOrganisation], list[DemoPerson]]] = {
    "timisoara": (TIMISOARA_ORGANISATIONS, TIMISOARA_PEOPLE),
    "leeuwarden": (LEEUWARDEN_ORGANISATIONS, LEEUWARDEN_PEOPLE),
    "matera": (MATERA_ORGANISATIONS, MATERA_PEOPLE),
    "rijeka": (RIJEKA_ORGANISATIONS, RIJEKA_PEOPLE),
    "kaunas": (KAUNAS_ORGANISATIONS, KAUNAS_PEOPLE),
}


# Labs. Dates are relative to the day the demo is loaded, so that a newcomer always finds
# Timișoara's second round open for answers: it starts on the first Wednesday at least
# two weeks ahead (the seed's lab was on a Wednesday too), answers close two days before
# at 23:59, and every other lab is placed some days from it. The first round was held on
# the latest 30 September before the day of loading, as in the seed.


@dataclasses.dataclass(frozen=True)
class DemoAgendaItem:
    time: datetime.time
    title: dict[str, str]
    speaker: str = ""
    practices: tuple[str, ...] = ()  # slugs of the good practices presented (demo.practices)


@dataclasses.dataclass(frozen=True)
class DemoContact:
    role: str
    name: str
    function: dict[str, str]
    email: str
    phone: str = ""


@dataclasses.dataclass(frozen=True)
class DemoAttendance:
    """Who was invited to a lab held before the demo begins, and what they said by phone."""

    came: str  # everyone with this tag who may be invited was invited, and came
    also_invited: tuple[str, ...] = ()  # e-mail addresses
    declined: tuple[str, ...] = ()  # of those also invited


@dataclasses.dataclass(frozen=True)
class DemoWalkIn:
    """Someone who came to a held lab without an invitation and was registered at the door."""

    first_name: str
    last_name: str
    email: str
    organisation: str
    organisation_type: str = ""  # for an organisation the partner does not know yet
    consents: tuple[str, ...] = ()  # what they agreed to on the spot


@dataclasses.dataclass(frozen=True)
class DemoDoor:
    """Who was checked in at a held lab: everyone attending but the no-shows, and walk-ins."""

    device: str
    no_shows: tuple[str, ...] = ()  # e-mail addresses of people who said yes but did not come
    walk_ins: tuple[DemoWalkIn, ...] = ()


@dataclasses.dataclass(frozen=True)
class DemoIdea:
    text: str
    by: int  # the participant who posted it: their place in the session's participants
    votes: int = 0
    theme: str = ""
    merge_into: int | None = None  # a duplicate: the place of the idea kept, in its question


@dataclasses.dataclass(frozen=True)
class DemoPrompt:
    text: dict[str, str]
    ideas: tuple[DemoIdea, ...] = ()


@dataclasses.dataclass(frozen=True)
class DemoLiveSession:
    """A lab's live wall: asked and answered on the day of a held lab, prepared for one ahead."""

    prompts: tuple[DemoPrompt, ...]
    participants: tuple[tuple[str, str], ...] = ()  # (name shown or "", language)


@dataclasses.dataclass(frozen=True)
class DemoMinutes:
    """The minutes of a held lab, published with its results."""

    summary: dict[str, str]
    decisions: dict[str, str]


@dataclasses.dataclass(frozen=True)
class DemoFeedback:
    """One attendee's answers to the feedback survey (anonymous once recorded)."""

    usefulness: int
    learned_usable: int
    will_apply: str = ""
    comment: str = ""


@dataclasses.dataclass(frozen=True)
class DemoAnswers:
    """The first people invited to a lab ahead, and the answers they gave the project team."""

    invited: str  # everyone with this tag who may be invited
    also_invited: tuple[str, ...] = ()  # e-mail addresses
    answers: tuple[tuple[str, str, str], ...] = ()  # (e-mail, Answer, ResponseVia)


@dataclasses.dataclass(frozen=True)
class DemoLab:
    slug: str
    partner: str
    status: str  # draft, published or held (through the services, in that order)
    theme: dict[str, str]
    starts: datetime.time  # local time of the lab's partner
    duration: datetime.timedelta
    kind: str = LabKind.LOCAL_LAB
    round_number: int | None = None
    # The lab is held on the latest such (month, day) before today, else some days after
    # the open lab.
    held_on: tuple[int, int] | None = None
    days_after_open: int = 0
    description: dict[str, str] = dataclasses.field(default_factory=dict)
    results: dict[str, str] = dataclasses.field(default_factory=dict)
    venue_name: str = ""
    venue_address: str = ""
    map_url: str = ""
    capacity: int | None = None
    registration: str = RegistrationMode.INVITATION_ONLY
    # Ready-made registration questions the lab asks (``labs.standard_questions``).
    questions: tuple[str, ...] = ()
    previous: str = ""  # slug of the previous lab of the series
    agenda: tuple[DemoAgendaItem, ...] = ()
    contacts: tuple[DemoContact, ...] = ()
    invitation_subject: dict[str, str] = dataclasses.field(default_factory=dict)
    invitation_body: dict[str, str] = dataclasses.field(default_factory=dict)
    attendance: DemoAttendance | None = None  # for a held lab
    door: DemoDoor | None = None  # for a held lab
    live_session: DemoLiveSession | None = None
    minutes: DemoMinutes | None = None  # for a held lab
    feedback: tuple[DemoFeedback, ...] = ()  # for a held lab
    answers: DemoAnswers | None = None  # for a published lab ahead


OPEN_LAB = "timisoara-lll-2"  # the seed's own lab, the one the newcomer invites people to
# Answers close at 23:59 this many days before a lab, as the seed asked for (Monday for
# a Wednesday).
DEADLINE_DAYS_BEFORE = 2

_TM_VENUE = "Spațiul Expozițional al Primăriei Municipiului Timișoara"
_TM_ADDRESS = "Piața Victoriei nr. 5 (lângă Prospero), Timișoara"
_TM_MAP = (
    "https://www.openstreetmap.org/search?query=Pia%C8%9Ba%20Victoriei%205%2C%20Timi%C8%99oara"
)

# The seed's contact roles, with invented people, addresses and numbers.
TIMISOARA_CONTACTS = (
    DemoContact(
        ContactRole.RSVP,
        "Corina Mărginean",
        {"ro": "responsabil comunicare în proiect", "en": "project communication officer"},
        "corina.marginean@timisoara.example.org",
        "+40700000201",
    ),
    DemoContact(
        ContactRole.MANAGER,
        "Daniela Ardelean",
        {
            "ro": "consilier, manager de proiect pentru Municipiul Timișoara",
            "en": "adviser, project manager for the Municipality of Timișoara",
        },
        "daniela.ardelean@timisoara.example.org",
        "+40700000202",
    ),
)

_PROJECT_RO = (
    "Proiectul ECoC-SME recunoaște programul Capitală Europeană a Culturii (CEaC) ca pe o "
    "oportunitate încă insuficient utilizată de orașe și regiuni pentru dezvoltarea IMM-urilor "
    "locale, existente și viitoare. Proiectul se concentrează asupra potențialului programului "
    "CEaC de a declanșa, consolida și diversifica antreprenoriatul local, prin încurajarea "
    "cooperării trans-sectoriale creative, a creării de clustere și rețele, precum și prin "
    "internaționalizarea activității acestora. Alături de Timișoara, în proiect sunt implicate "
    "foste, actuale și viitoare orașe Capitală Europeană a Culturii: Leeuwarden, CEaC 2018 "
    "(Olanda), Matera, CEaC 2019 (Italia), Rijeka, CEaC 2020 (Croația) și Kaunas, CEaC 2022 "
    "(Lituania)."
)
_PROJECT_EN = (
    "The ECoC-SME project sees the European Capital of Culture (ECoC) programme as an "
    "opportunity that cities and regions still under-use to develop their existing and future "
    "local SMEs. It focuses on the potential of the ECoC programme to trigger, strengthen and "
    "diversify local entrepreneurship by encouraging creative cross-sector cooperation, "
    "clusters and networks, and by taking their activity international. Alongside Timișoara, "
    "the project brings together former, current and future European Capitals of Culture: "
    "Leeuwarden, ECoC 2018 (Netherlands), Matera, ECoC 2019 (Italy), Rijeka, ECoC 2020 "
    "(Croatia) and Kaunas, ECoC 2022 (Lithuania)."
)

# The day of Timișoara's first round, played again by the demo: the door, the live wall
# during the discussion, the minutes published a week later and the feedback survey.

_NO_SHOW = "nicoleta.fagarasan@luminavestului.example.com"
_WALK_IN_POTTER = "ovidiu.lacatus@lutiosefin.example.com"
_WALK_IN_RADIO = "valentina.pirvu@undevestice.example.net"

ROUND_1_DOOR = DemoDoor(
    device="Telefon 1 – intrare",
    no_shows=(_NO_SHOW,),
    walk_ins=(
        DemoWalkIn(
            "Ovidiu",
            "Lăcătuș",
            _WALK_IN_POTTER,
            "Atelierul de Ceramică Lut Iosefin",
            T.SME,
            consents=(ConsentPurpose.INVITATIONS, ConsentPurpose.PHOTOS),
        ),
        DemoWalkIn(
            "Valentina",
            "Pîrvu",
            _WALK_IN_RADIO,
            _RADIO,
            consents=(ConsentPurpose.INVITATIONS,),
        ),
    ),
)

_INFO = "Informare"
_TOGETHER = "Colaborare"
_SKILLS = "Competențe și mentorat"
_MONEY = "Finanțare"
_LEGACY = "Moștenirea CEaC"
_VISITORS = "Turism și vizitatori"


# Fourteen of the participants joined the wall from their phones; two wrote in English.
ROUND_1_WALL = DemoLiveSession(
    participants=(
        ("Ioana", "ro"),
        ("Gabriel", "ro"),
        ("", "ro"),
        ("Larisa", "ro"),
        ("Cristina B.", "ro"),
        ("", "en"),
        ("Dan", "en"),
        ("Elena", "ro"),
        ("Adina", "ro"),
        ("", "ro"),
        ("Sebastian", "ro"),
        ("Diana", "ro"),
        ("Ovidiu", "ro"),
        ("Emil", "ro"),
    ),
    prompts=(
        DemoPrompt(
            {
                "ro": "Ce le-ar ajuta pe IMM-urile din Timișoara să participe la programul "
                "Capitală Europeană a Culturii?",
                "en": "What would help Timișoara's SMEs take part in the European Capital of "
                "Culture programme?",
            },
            (
                DemoIdea(
                    "Un punct unic de informare pentru firme, cu apelurile și achizițiile "
                    "programului CEaC",
                    by=0,
                    votes=9,
                    theme=_INFO,
                ),
                DemoIdea(
                    "Întâlniri de tip „matchmaking” între operatori culturali și IMM-uri, de "
                    "două ori pe an",
                    by=4,
                    votes=8,
                    theme=_TOGETHER,
                ),
                DemoIdea(
                    "Un calendar public al achizițiilor Cetatea Culturii 2023, anunțat din timp",
                    by=9,
                    votes=5,
                    theme=_INFO,
                ),
                DemoIdea(
                    "Loturi mici în achizițiile programului, ca să poată participa și firmele mici",
                    by=13,
                    votes=4,
                    theme=_INFO,
                ),
                DemoIdea(
                    "A short English guide to the ECoC calls, for foreign-owned SMEs",
                    by=5,
                    votes=2,
                    theme=_INFO,
                ),
                DemoIdea(
                    "Ghișeu unic pentru IMM-uri, cu toate apelurile CEaC într-un singur loc",
                    by=11,
                    votes=3,
                    theme=_INFO,
                    merge_into=0,
                ),
                DemoIdea(
                    "Evenimente comune ale camerei de afaceri și ale operatorilor culturali",
                    by=10,
                    votes=3,
                    theme=_TOGETHER,
                ),
            ),
        ),
        DemoPrompt(
            {
                "ro": "Ce le lipsește astăzi firmelor mici pentru a lucra cu sectorul cultural "
                "și creativ?",
                "en": "What do small firms miss today to work with the cultural and creative "
                "sector?",
            },
            (
                DemoIdea(
                    "Un program de mentorat cu antreprenori din industriile creative",
                    by=3,
                    votes=8,
                    theme=_SKILLS,
                ),
                DemoIdea(
                    "Vouchere pentru servicii creative (design, foto, video) pentru IMM-urile "
                    "din sectoarele tradiționale",
                    by=1,
                    votes=7,
                    theme=_MONEY,
                ),
                DemoIdea(
                    "Mentoring on selling creative products in other EU markets",
                    by=6,
                    votes=6,
                    theme=_SKILLS,
                ),
                DemoIdea(
                    "O platformă online unde firmele își găsesc parteneri culturali",
                    by=7,
                    votes=5,
                    theme=_TOGETHER,
                ),
                DemoIdea(
                    "Spații de lucru comune pentru designeri și meșteșugari, în Fabric",
                    by=12,
                    votes=4,
                    theme=_TOGETHER,
                ),
                DemoIdea(
                    "Cursuri scurte de marketing digital pentru ateliere și magazine mici",
                    by=8,
                    votes=2,
                    theme=_SKILLS,
                ),
            ),
        ),
        DemoPrompt(
            {
                "ro": "Ce ar trebui să rămână după 2023 pentru antreprenorii locali?",
                "en": "What should remain for local entrepreneurs after 2023?",
            },
            (
                DemoIdea(
                    "Un cluster al industriilor creative din Banat, cu secretariat permanent",
                    by=2,
                    votes=7,
                    theme=_LEGACY,
                ),
                DemoIdea(
                    "Trasee de turism cultural care trec pe la atelierele și magazinele locale",
                    by=10,
                    votes=6,
                    theme=_VISITORS,
                ),
                DemoIdea(
                    "Incubatorul din Fabric deschis și după anul capitalei culturale",
                    by=4,
                    votes=5,
                    theme=_LEGACY,
                ),
                DemoIdea(
                    "A yearly fair where local makers sell to the visitors of cultural events",
                    by=5,
                    votes=4,
                    theme=_VISITORS,
                ),
                DemoIdea(
                    "Festivaluri care cumpără de la furnizori locali, scris în contract",
                    by=11,
                    votes=3,
                ),
            ),
        ),
    ),
)

ROUND_1_MINUTES = DemoMinutes(
    summary={
        "ro": (
            "Prima sesiune a Atelierului Local de Învățare a avut loc pe 30 septembrie, în "
            "Spațiul Expozițional al Primăriei. Participanții – din administrația publică, "
            "organizații de sprijin pentru afaceri, universități, organizații culturale și "
            "IMM-uri – au răspuns pe peretele de idei la trei întrebări și au votat ideile pe "
            "care le consideră cele mai utile. Ideile cele mai votate sunt punctul de plecare "
            "al celei de-a doua sesiuni."
        ),
        "en": (
            "The first session of the Local Learning Lab took place on 30 September in the "
            "Exhibition Space of City Hall. Participants from public authorities, business "
            "support organisations, universities, cultural organisations and SMEs answered "
            "three questions on the idea wall and voted for the ideas they find most useful. "
            "The ideas with most votes are the starting point of the second session."
        ),
    },
    decisions={
        "ro": (
            "– A doua sesiune prezintă bunele practici ale partenerilor: Open Design School "
            "(Matera), Launch Game și Blokhuispoort (Leeuwarden), RInovatoRI (Rijeka).\n"
            "– Direcția Dezvoltare Economică verifică, împreună cu Asociația Cetatea Culturii "
            "2023, cum pot fi anunțate din timp apelurile și achizițiile programului.\n"
            "– Ideile cele mai votate sunt dezvoltate în a doua sesiune, ca bază a planului "
            "de acțiune."
        ),
        "en": (
            "– The second session presents the partners' good practices: Open Design School "
            "(Matera), Launch Game and Blokhuispoort (Leeuwarden), RInovatoRI (Rijeka).\n"
            "– The Economic Development Department checks with the Cetatea Culturii 2023 "
            "association how the programme's calls and purchases can be announced early.\n"
            "– The ideas with most votes are developed in the second session, as the basis of "
            "the action plan."
        ),
    },
)

ROUND_1_FEEDBACK = (
    DemoFeedback(
        usefulness=5,
        learned_usable=5,
        will_apply="Ideea întâlnirilor de tip „matchmaking”, în programele incubatorului.",
        comment="Foarte utilă discuția directă cu operatorii culturali.",
    ),
    DemoFeedback(
        usefulness=4,
        learned_usable=4,
        will_apply="Voi urmări calendarul achizițiilor Cetatea Culturii 2023.",
    ),
    DemoFeedback(
        usefulness=4,
        learned_usable=5,
        will_apply="Contactele cu firmele din industriile creative.",
        comment="Aș vrea mai mult timp pentru discuții în grupuri mici.",
    ),
    DemoFeedback(
        usefulness=5,
        learned_usable=4,
        comment="Peretele de idei a mers foarte bine, direct de pe telefon.",
    ),
    DemoFeedback(
        usefulness=3,
        learned_usable=3,
        comment="Prea multe prezentări la început, prea puțin timp pentru discuție.",
    ),
    DemoFeedback(
        usefulness=4,
        learned_usable=4,
        will_apply="The contacts I made with designers, for our packaging.",
        comment="Please send the presentations after the session.",
    ),
    DemoFeedback(
        usefulness=5,
        learned_usable=5,
        will_apply="Un program de mentorat pentru tinerii antreprenori din asociație.",
    ),
    DemoFeedback(usefulness=4, learned_usable=3),
)

# Timișoara's second round, as a newcomer finds it: the people of the first round were
# invited first and some answered the communication officer already; the questions of
# the live wall are written, and the facilitator opens it on the day. Nobody is on the
# waiting list: the lab's 40 seats are far from taken.
ROUND_2_ANSWERS = DemoAnswers(
    invited=ROUND_1,
    also_invited=(
        "sarah.thompson@iosefin-univ.example.net",
        "sorin.vladutu@fabric-incubator.example.net",
        _WALK_IN_POTTER,
        _WALK_IN_RADIO,
    ),
    answers=(
        ("ioana.muresan@dezvoltare.example.org", Answer.ATTEND, ResponseVia.PHONE),
        ("cristina.balan@fabric-incubator.example.net", Answer.ATTEND, ResponseVia.PHONE),
        ("gabriel.taranu@linieforma.example.com", Answer.ATTEND, ResponseVia.PHONE),
        ("larisa.patrascu@fabricajocuri.example.com", Answer.ATTEND, ResponseVia.PHONE),
        ("diana.petrescu@tineri-antreprenori.example.org", Answer.ATTEND, ResponseVia.PHONE),
        ("lucian.harsan@podulfier.example.com", Answer.DECLINE, ResponseVia.PHONE),
        ("adina.sarbu@cetateaculturii.example.org", Answer.ATTEND, ResponseVia.EMAIL),
        ("daniel.kovacs@begasoft.example.com", Answer.ATTEND, ResponseVia.EMAIL),
        ("elena.raducanu@iosefin-univ.example.net", Answer.ATTEND, ResponseVia.EMAIL),
        ("emil.vasilescu@example.com", Answer.ATTEND, ResponseVia.EMAIL),
        ("sarah.thompson@iosefin-univ.example.net", Answer.ATTEND, ResponseVia.EMAIL),
        (_WALK_IN_POTTER, Answer.ATTEND, ResponseVia.EMAIL),
        ("teodora.milos@painedebanat.example.com", Answer.DECLINE, ResponseVia.EMAIL),
        ("paul.neagu@cetateaculturii.example.org", Answer.DECLINE, ResponseVia.EMAIL),
    ),
)

ROUND_2_WALL = DemoLiveSession(
    prompts=(
        DemoPrompt(
            {
                "ro": "Ce bună practică a partenerilor ați vrea să vedeți și la Timișoara, și "
                "de ce?",
                "en": "Which good practice of the partners would you like to see in Timișoara, "
                "and why?",
            }
        ),
        DemoPrompt(
            {
                "ro": "Ce idee din prima sesiune ar trebui să intre în planul de acțiune?",
                "en": "Which idea of the first session should go into the action plan?",
            }
        ),
        DemoPrompt(
            {
                "ro": "Cine ar trebui să se implice ca ideea să se întâmple, și cum?",
                "en": "Who should take part to make the idea happen, and how?",
            }
        ),
    ),
)

A = DemoAgendaItem

TIMISOARA_ROUND_1 = DemoLab(
    slug="timisoara-lll-1",
    partner="timisoara",
    status=LabStatus.HELD,
    round_number=1,
    held_on=(9, 30),
    starts=datetime.time(10, 0),
    duration=datetime.timedelta(hours=3),
    theme={
        "ro": "Capitala Europeană a Culturii 2023 și IMM-urile din Timișoara: de unde pornim?",
        "en": "The European Capital of Culture 2023 and Timișoara's SMEs: where do we start?",
    },
    description={
        "ro": (
            "Prima sesiune a Atelierului Local de Învățare (Local Learning Lab) al proiectului "
            "ECoC-SME: cum văd IMM-urile locale programul Capitală Europeană a Culturii, ce "
            "le-ar ajuta să participe și ce le lipsește astăzi.\n\n" + _PROJECT_RO
        ),
        "en": (
            "The first session of the ECoC-SME Local Learning Lab: how local SMEs see the "
            "European Capital of Culture programme, what would help them take part and what "
            "they miss today.\n\n" + _PROJECT_EN
        ),
    },
    results={
        "ro": (
            "Prima sesiune a reunit în jur de douăzeci de participanți din administrația "
            "publică, organizații de sprijin pentru afaceri, universități, organizații "
            "culturale și IMM-uri. Concluziile principale:\n"
            "– multe IMM-uri văd Capitala Europeană a Culturii ca pe un program cultural, nu "
            "ca pe o oportunitate de afaceri;\n"
            "– informațiile despre apelurile și achizițiile programului ajung greu la firmele "
            "mici;\n"
            "– firmele din industriile creative și cele din sectoarele tradiționale "
            "colaborează rar;\n"
            "– participanții au propus un punct unic de informare și întâlniri de tip "
            "„matchmaking” între operatori culturali și IMM-uri;\n"
            "– există interes pentru mentorat și pentru accesul la piețe externe.\n"
            "A doua sesiune pornește de la aceste concluzii și de la bunele practici ale "
            "partenerilor."
        ),
        "en": (
            "The first session brought together some twenty participants from public "
            "authorities, business support organisations, universities, cultural "
            "organisations and SMEs. The main findings:\n"
            "– many SMEs see the European Capital of Culture as a cultural programme, not as "
            "a business opportunity;\n"
            "– news of the programme's calls and purchases hardly reaches small firms;\n"
            "– creative firms and firms of traditional sectors rarely work together;\n"
            "– participants proposed a single information point and matchmaking meetings "
            "between cultural operators and SMEs;\n"
            "– there is interest in mentoring and in reaching markets abroad.\n"
            "The second session starts from these findings and from the partners' good "
            "practices."
        ),
    },
    venue_name=_TM_VENUE,
    venue_address=_TM_ADDRESS,
    map_url=_TM_MAP,
    capacity=40,
    agenda=(
        A(
            datetime.time(10, 0),
            {"ro": "Cuvânt de bun venit", "en": "Welcome"},
            "Municipiul Timișoara",
        ),
        A(
            datetime.time(10, 15),
            {"ro": "Prezentarea proiectului ECoC-SME", "en": "The ECoC-SME project"},
        ),
        A(
            datetime.time(10, 45),
            {
                "ro": "Discuție: IMM-urile și Capitala Europeană a Culturii",
                "en": "Discussion: SMEs and the European Capital of Culture",
            },
        ),
    ),
    contacts=TIMISOARA_CONTACTS,
    # Two of those also invited said no on the phone; the others never answered.
    attendance=DemoAttendance(
        came=ROUND_1,
        also_invited=(
            "andrei.popovici@camera-banat.example.org",
            "irina.stoica@cetateaculturii.example.org",
            "tudor.carstea@iosefin-univ.example.net",
            "roxana.munteanu@orasuldeschis.example.org",
        ),
        declined=(
            "andrei.popovici@camera-banat.example.org",
            "irina.stoica@cetateaculturii.example.org",
        ),
    ),
    door=ROUND_1_DOOR,
    live_session=ROUND_1_WALL,
    minutes=ROUND_1_MINUTES,
    feedback=ROUND_1_FEEDBACK,
)

TIMISOARA_ROUND_2 = DemoLab(
    slug=OPEN_LAB,
    partner="timisoara",
    status=LabStatus.PUBLISHED,
    round_number=2,
    starts=datetime.time(10, 0),
    duration=datetime.timedelta(hours=3, minutes=30),
    theme={
        "ro": (
            "Cum poate deveni programul Capitală Europeană a Culturii o oportunitate pentru "
            "orașe și regiuni de a dezvolta inițiativele antreprenoriale existente și viitoare?"
        ),
        "en": (
            "How can the European Capital of Culture programme become an opportunity for "
            "cities and regions to develop existing and future entrepreneurial initiatives?"
        ),
    },
    description={
        "ro": (
            "Atelierul Local de Învățare (Local Learning Lab) își propune să prezinte "
            "rezultatele primei sesiuni organizate în 30 septembrie, precum și exemplele de "
            "bune practici identificate de partenerii din proiect, cu scopul de a facilita "
            "discuții și de a dezvolta idei care să stea la baza unui plan de acțiune pentru "
            "consolidarea viitoarelor inițiative din sectorul IMM-urilor locale.\n\n" + _PROJECT_RO
        ),
        "en": (
            "The Local Learning Lab presents the results of the first session, held on "
            "30 September, and the good practices identified by the project partners, to "
            "facilitate discussion and to develop ideas that become the basis of an action "
            "plan for strengthening future initiatives of local SMEs.\n\n" + _PROJECT_EN
        ),
    },
    venue_name=_TM_VENUE,
    venue_address=_TM_ADDRESS,
    map_url=_TM_MAP,
    capacity=40,
    previous="timisoara-lll-1",
    answers=ROUND_2_ANSWERS,
    live_session=ROUND_2_WALL,
    agenda=(
        A(
            datetime.time(10, 0),
            {"ro": "Cuvânt de bun venit", "en": "Welcome"},
            "Municipiul Timișoara",
        ),
        A(
            datetime.time(10, 15),
            {
                "ro": "Rezultatele primei sesiuni din 30 septembrie",
                "en": "Results of the first session of 30 September",
            },
        ),
        A(
            datetime.time(10, 45),
            {
                "ro": "Exemple de bune practici identificate de partenerii din proiect: "
                "Open Design School (Matera), Launch Game și Blokhuispoort (Leeuwarden), "
                "RInovatoRI (Rijeka)",
                "en": "Good practices identified by the project partners: Open Design School "
                "(Matera), Launch Game and Blokhuispoort (Leeuwarden), RInovatoRI (Rijeka)",
            },
            "ECoC-SME",
            practices=(OPEN_DESIGN_SCHOOL, LAUNCH_GAME, BLOKHUISPOORT, RINOVATORI),
        ),
        A(datetime.time(11, 30), {"ro": "Discuție facilitată", "en": "Facilitated discussion"}),
        A(
            datetime.time(12, 30),
            {
                "ro": "Dezvoltarea de idei pentru planul de acțiune",
                "en": "Developing ideas for the action plan",
            },
        ),
    ),
    contacts=TIMISOARA_CONTACTS,
    invitation_subject={
        "ro": "Invitație: {lab}, {date}, Timișoara",
        "en": "Invitation: {lab} on {date}, Timișoara",
    },
    invitation_body={
        "ro": (
            "Bună ziua, {name},\n\n"
            "Municipiul Timișoara, în calitate de partener în cadrul proiectului PGI06047 "
            "ECoC-SME: Actions for inducing SME growth and innovation via the ECoC event and "
            "legacy / Acțiuni de stimulare a creșterii și inovării IMM-urilor prin evenimentul "
            "Capitală Europeană a Culturii și moștenirea acestuia, vă invită să participați la "
            "a doua sesiune a Atelierului Local de Învățare (Local Learning Lab) cu tema "
            "„{theme}”, în data de {date}, începând cu ora {time}, la {venue}.\n\n"
            "Atelierul își propune să prezinte rezultatele primei sesiuni, precum și exemplele "
            "de bune practici identificate de partenerii din proiect, cu scopul de a facilita "
            "discuții și de a dezvolta idei care să stea la baza unui plan de acțiune pentru "
            "consolidarea viitoarelor inițiative din sectorul IMM-urilor locale.\n\n"
            "Pe scurt, din prima sesiune:\n{previous_results}\n\n"
            "Vă rugăm să confirmați participarea Dumneavoastră până la {deadline}, prin "
            "linkul personal de mai jos sau la responsabilul de comunicare al proiectului:\n"
            "{rsvp_link}\n\n"
            "Persoane de contact – Municipiul Timișoara:\n{contacts}\n\n"
            "Vă așteptăm."
        ),
        "en": (
            "Dear {name},\n\n"
            "The Municipality of Timișoara, a partner of the Interreg Europe project PGI06047 "
            "ECoC-SME: Actions for inducing SME growth and innovation via the ECoC event and "
            "legacy, invites you to the second session of its Local Learning Lab, on the "
            "theme “{theme}”, on {date} from {time}, at {venue}.\n\n"
            "The lab presents the results of the first session and the good practices "
            "identified by the project partners, to facilitate discussion and to develop "
            "ideas that become the basis of an action plan for strengthening future "
            "initiatives of local SMEs.\n\n"
            "In short, from the first session:\n{previous_results}\n\n"
            "Please confirm whether you will attend by {deadline}, through your personal link "
            "below or with the project's communication officer:\n{rsvp_link}\n\n"
            "Contact persons – Municipality of Timișoara:\n{contacts}\n\n"
            "We look forward to seeing you."
        ),
    },
)

TIMISOARA_ROUND_3 = DemoLab(
    slug="timisoara-lll-3",
    partner="timisoara",
    status=LabStatus.DRAFT,
    round_number=3,
    days_after_open=26 * 7,  # next semester, also a Wednesday
    starts=datetime.time(10, 0),
    duration=datetime.timedelta(hours=3),
    theme={
        "ro": "De la idei la planul de acțiune: ce măsuri propunem pentru IMM-urile din Timișoara?",
        "en": "From ideas to the action plan: which measures do we propose for Timișoara's SMEs?",
    },
    description={
        "ro": "A treia sesiune alege, dintre ideile celei de-a doua sesiuni, măsurile care "
        "intră în planul de acțiune și felul în care vor fi urmărite.",
        "en": "The third session chooses, among the ideas of the second session, the "
        "measures that go into the action plan and how they will be followed up.",
    },
    venue_name=_TM_VENUE,
    venue_address=_TM_ADDRESS,
    map_url=_TM_MAP,
    capacity=40,
    previous=OPEN_LAB,
    agenda=(
        A(
            datetime.time(10, 0),
            {"ro": "Cuvânt de bun venit", "en": "Welcome"},
            "Municipiul Timișoara",
        ),
        A(
            datetime.time(10, 15),
            {
                "ro": "Bune practici de la care pornim: voucherele creative din Timișoara și "
                "ușile deschise ale modernismului din Kaunas",
                "en": "Good practices to build on: Timișoara's creative vouchers and Kaunas' "
                "open modernist doors",
            },
            practices=(CREATIVE_VOUCHERS, MODERNIST_DOORS),
        ),
        A(
            datetime.time(11, 0),
            {
                "ro": "Alegerea măsurilor pentru planul de acțiune",
                "en": "Choosing the measures of the action plan",
            },
        ),
    ),
    contacts=TIMISOARA_CONTACTS,
)

OTHER_LABS = [
    DemoLab(
        slug="leeuwarden-lll-2",
        partner="leeuwarden",
        status=LabStatus.PUBLISHED,
        round_number=2,
        days_after_open=6,
        starts=datetime.time(14, 0),
        duration=datetime.timedelta(hours=3),
        theme={
            "nl": "Hoe houden ondernemers in Fryslân de energie van Culturele Hoofdstad 2018 vast?",
            "en": "How can entrepreneurs in Fryslân keep the energy of European Capital of "
            "Culture 2018?",
        },
        description={
            "nl": "Tweede sessie van het Local Learning Lab: wat leren de Launch Game en de "
            "Blokhuispoort ons over het starten en laten groeien van creatieve bedrijven?",
            "en": "Second session of the Local Learning Lab: what do the Launch Game and the "
            "Blokhuispoort teach us about starting and growing creative businesses?",
        },
        venue_name="Blokhuispoort",
        venue_address="Blokhuisplein, Leeuwarden",
        capacity=30,
        contacts=(
            DemoContact(
                ContactRole.RSVP,
                "Sietske de Vries",
                {"nl": "communicatieadviseur", "en": "communication officer"},
                "sietske.devries@leeuwarden.example.org",
            ),
        ),
    ),
    DemoLab(
        slug="matera-lll-2",
        partner="matera",
        status=LabStatus.PUBLISHED,
        round_number=2,
        days_after_open=8,
        starts=datetime.time(10, 0),
        duration=datetime.timedelta(hours=3),
        theme={
            "it": "Dopo Matera 2019: come trasformare l'eredità della Capitale Europea della "
            "Cultura in nuove imprese culturali e creative?",
            "en": "After Matera 2019: how can the legacy of the European Capital of Culture "
            "turn into new cultural and creative businesses?",
        },
        description={
            "it": "Seconda sessione del Local Learning Lab, a partire dall'esperienza della "
            "Open Design School.",
            "en": "Second session of the Local Learning Lab, starting from the experience of "
            "the Open Design School.",
        },
        venue_name="Materahub",
        venue_address="Matera",
        capacity=25,
        # Open to anyone: its public page shows the registration form.
        registration=RegistrationMode.OPEN,
        questions=("dietary", "accessibility"),
        contacts=(
            DemoContact(
                ContactRole.RSVP,
                "Chiara Lamacchia",
                {"it": "responsabile comunicazione", "en": "communication officer"},
                "chiara.lamacchia@matera.example.org",
            ),
        ),
    ),
    DemoLab(
        slug="rijeka-lll-2",
        partner="rijeka",
        status=LabStatus.PUBLISHED,
        round_number=2,
        days_after_open=13,
        starts=datetime.time(10, 0),
        duration=datetime.timedelta(hours=3),
        theme={
            "hr": "Kako nasljeđe Europske prijestolnice kulture Rijeka 2020. može ojačati "
            "lokalne male i srednje poduzetnike?",
            "en": "How can the legacy of Rijeka 2020, European Capital of Culture, strengthen "
            "local small and medium-sized enterprises?",
        },
        description={
            "hr": "Druga sesija lokalnog laboratorija za učenje: što možemo naučiti iz "
            "programa RInovatoRI?",
            "en": "Second session of the Local Learning Lab: what can we learn from the "
            "RInovatoRI programme?",
        },
        venue_name="Art-kvart Benčić",
        venue_address="Rijeka",
        capacity=30,
        contacts=(
            DemoContact(
                ContactRole.RSVP,
                "Nikolina Barić",
                {"hr": "službenica za komunikaciju", "en": "communication officer"},
                "nikolina.baric@rijeka.example.org",
            ),
        ),
    ),
    DemoLab(
        slug="kaunas-lll-2",
        partner="kaunas",
        status=LabStatus.PUBLISHED,
        round_number=2,
        days_after_open=15,
        starts=datetime.time(10, 0),
        duration=datetime.timedelta(hours=3),
        theme={
            "lt": "Kaip „Kaunas – Europos kultūros sostinė 2022“ gali paskatinti kūrybinį ir "
            "smulkųjį verslą?",
            "en": "How can Kaunas – European Capital of Culture 2022 boost creative and small "
            "businesses?",
        },
        description={
            "lt": "Antroji vietos mokymosi laboratorijos sesija: kūrybinių verslų klasterio "
            "patirtis ir idėjos veiksmų planui.",
            "en": "Second session of the Local Learning Lab: the experience of the creative "
            "business cluster and ideas for the action plan.",
        },
        venue_name="Vytauto Didžiojo universitetas",
        venue_address="Kaunas",
        capacity=30,
        contacts=(
            DemoContact(
                ContactRole.RSVP,
                "Gintarė Račkauskaitė",
                {"lt": "komunikacijos specialistė", "en": "communication officer"},
                "gintare.rackauskaite@kaunas.example.org",
            ),
        ),
    ),
    DemoLab(
        slug="ecoc-sme-workshop-leeuwarden",
        partner="leeuwarden",
        kind=LabKind.INTERREGIONAL_WORKSHOP,
        status=LabStatus.PUBLISHED,
        days_after_open=35,
        starts=datetime.time(9, 30),
        duration=datetime.timedelta(days=1, hours=6, minutes=30),  # until 16:00 next day
        theme={
            "en": "Interregional workshop: what the partners learnt in their Local Learning Labs",
            "nl": "Interregionale workshop: wat de partners leerden in hun Local Learning Labs",
        },
        description={
            "en": "The ECoC-SME partners meet in Leeuwarden to compare the results of their "
            "second Local Learning Labs, visit the Blokhuispoort creative incubator and play "
            "the Launch Game start-up simulation.",
            "nl": "De partners van ECoC-SME komen in Leeuwarden bijeen om de resultaten van hun "
            "tweede Local Learning Labs te vergelijken, de creatieve broedplaats Blokhuispoort "
            "te bezoeken en de start-upsimulatie Launch Game te spelen.",
        },
        venue_name="Blokhuispoort",
        venue_address="Blokhuisplein, Leeuwarden",
        capacity=30,
    ),
]

# Every lab of the demo, in the order they are created (a previous lab before the next).
LABS = [TIMISOARA_ROUND_1, TIMISOARA_ROUND_2, TIMISOARA_ROUND_3, *OTHER_LABS]
