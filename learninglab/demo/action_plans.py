"""The demo's action plans: Timișoara's for the Regional Operational Programme, and a
short draft of Kaunas.

Timișoara's plan grows out of its first Local Learning Lab: four actions, each drawn from
the ideas its stakeholders posted on the live wall that day and from the good practices
of Matera and Leeuwarden. It was submitted, endorsed by the managing authority, and is now
being revised, so that the ideas of the round-2 lab can still be added to it. Its actions
were followed over two reporting periods. Every date counts from the day of round 1, so
the story keeps its order whatever day the demo is loaded on.

The texts are invented for the demo; the programme, the instrument's priority and the
managing authority are real names.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from learninglab.actionplans.models import ActionStatus, FundingKind
from learninglab.demo.practices import BLOKHUISPOORT, LAUNCH_GAME, OPEN_DESIGN_SCHOOL


@dataclasses.dataclass(frozen=True)
class DemoPlayer:
    organisation: str  # a name from the partner's directory, or another organisation's
    role: dict[str, str]


@dataclasses.dataclass(frozen=True)
class DemoFunding:
    kind: str
    name: str
    amount: Decimal


@dataclasses.dataclass(frozen=True)
class DemoMilestone:
    title: dict[str, str]
    due_after: int  # days after round 1
    done_after: int | None = None


@dataclasses.dataclass(frozen=True)
class DemoEntry:
    after: int  # days after round 1
    text: str
    status: str
    progress: int
    reason: str = ""
    funds: tuple[tuple[int, Decimal], ...] = ()  # (index of the funding source, amount)


@dataclasses.dataclass(frozen=True)
class DemoAction:
    title: dict[str, str]
    description: dict[str, str]
    ideas: tuple[str, ...] = ()  # the start of the ideas' texts on the round-1 wall
    practices: tuple[str, ...] = ()
    starts_after: int = 0
    ends_after: int = 0
    costs: Decimal | None = None
    is_pilot: bool = False
    weight: int | None = None
    players: tuple[DemoPlayer, ...] = ()
    funding: tuple[DemoFunding, ...] = ()
    milestones: tuple[DemoMilestone, ...] = ()
    entries: tuple[DemoEntry, ...] = ()


@dataclasses.dataclass(frozen=True)
class DemoEndorsement:
    after: int
    organisation: str
    signatory: str
    position: str


@dataclasses.dataclass(frozen=True)
class DemoPlan:
    partner: str
    instrument: str  # the instrument's short name
    title: dict[str, str]
    improvement: dict[str, str]
    summary: dict[str, str]
    nuts2: str
    region: str
    contact_name: str
    contact_email: str
    contact_phone: str
    actions: tuple[DemoAction, ...]
    is_public: bool = False
    submitted_after: int | None = None
    endorsement: DemoEndorsement | None = None
    revision_after: int | None = None


_ROP = "Programul Operațional Regional Vest"

TIMISOARA_PLAN = DemoPlan(
    partner="timisoara",
    instrument="rop-west",
    title={
        "ro": "Planul de acțiune ECoC-SME al Timișoarei",
        "en": "Timișoara's ECoC-SME action plan",
    },
    improvement={
        "ro": (
            "Planul îmbunătățește guvernanța și proiectele " + _ROP + ": apelurile pentru "
            "IMM-uri vor include firmele culturale și creative, iar un punct unic de informare "
            "le va face cunoscute firmelor mici din regiune."
        ),
        "en": (
            "The plan improves the governance of the West Regional Operational Programme and "
            "its projects: the calls for SMEs will be open to cultural and creative firms, "
            "and a one-stop information point will make them known to the region's small "
            "firms."
        ),
    },
    summary={
        "ro": (
            "Patru acțiuni care pornesc de la ideile partenerilor locali ai Timișoarei din "
            "primul Atelier Local de Învățare și de la bunele practici din Matera (Open Design "
            "School) și Leeuwarden (Launch Game, Blokhuispoort): un punct de informare, "
            "vouchere creative, mentorat și un spațiu de lucru comun pentru designeri și "
            "meșteșugari."
        ),
        "en": (
            "Four actions that come from the ideas of Timișoara's stakeholders at the first "
            "Local Learning Lab and from the practices of Matera (Open Design School) and "
            "Leeuwarden (Launch Game, Blokhuispoort): an information point, creative "
            "vouchers, mentoring and a shared workspace for designers and craftspeople."
        ),
    },
    nuts2="RO42",
    region="Vest",
    contact_name="Andreea Vlădescu",
    contact_email="staff@timisoara.example.org",
    contact_phone="+40 256 408 300",
    is_public=True,
    submitted_after=35,
    endorsement=DemoEndorsement(
        after=56,
        organisation="Agenția pentru Dezvoltare Regională Vest",
        signatory="Sorin Maxim",
        position="Director general",
    ),
    revision_after=180,
    actions=(
        DemoAction(
            title={
                "ro": "Punct unic de informare pentru IMM-uri despre apelurile culturale",
                "en": "A one-stop information point for SMEs on cultural calls",
            },
            description={
                "ro": (
                    "Agenția Locală pentru Antreprenoriat deschide un birou și o pagină unde "
                    "firmele găsesc toate apelurile și achizițiile programelor culturale, cu un "
                    "calendar publicat din timp și un ghid scurt în limba engleză."
                ),
                "en": (
                    "The Local Entrepreneurship Agency opens a desk and a web page where firms "
                    "find every call and tender of the cultural programmes, with a calendar "
                    "published early and a short guide in English."
                ),
            },
            ideas=("Un punct unic de informare", "Un calendar public al achizițiilor"),
            practices=(OPEN_DESIGN_SCHOOL,),
            starts_after=60,
            ends_after=480,
            costs=Decimal("60000"),
            weight=2,
            players=(
                DemoPlayer(
                    "Agenția Locală pentru Antreprenoriat Timiș",
                    {"ro": "Conduce punctul de informare", "en": "Runs the information point"},
                ),
                DemoPlayer(
                    "Camera de Afaceri Banat-Vest",
                    {"ro": "Îl face cunoscut membrilor", "en": "Makes it known to its members"},
                ),
            ),
            funding=(
                DemoFunding(
                    FundingKind.ERDF, "POR Vest 2021–2027, prioritatea 1", Decimal("45000")
                ),
                DemoFunding(FundingKind.REGIONAL, "Bugetul local al Timișoarei", Decimal("15000")),
            ),
            milestones=(
                DemoMilestone(
                    {"ro": "Pagina de apeluri publicată", "en": "Calls page published"}, 90, 88
                ),
                DemoMilestone({"ro": "Biroul deschis", "en": "Desk open"}, 160, 150),
            ),
            entries=(
                DemoEntry(
                    70,
                    "The agency and the municipality agreed the desk's tasks and staff.",
                    ActionStatus.IN_PROGRESS,
                    20,
                    funds=((0, Decimal("5000")),),
                ),
                DemoEntry(
                    150,
                    "The desk opened in the agency's offices; 38 firms asked for advice in "
                    "its first month.",
                    ActionStatus.IN_PROGRESS,
                    60,
                    funds=((0, Decimal("12000")), (1, Decimal("6000"))),
                ),
            ),
        ),
        DemoAction(
            title={
                "ro": "Vouchere pentru servicii creative destinate IMM-urilor tradiționale",
                "en": "Creative-service vouchers for traditional SMEs",
            },
            description={
                "ro": (
                    "Un apel anual oferă IMM-urilor din sectoarele tradiționale vouchere de "
                    "până la 5.000 de euro pentru design, fotografie și video realizate de "
                    "firme creative locale."
                ),
                "en": (
                    "A yearly call gives SMEs of traditional sectors vouchers of up to "
                    "EUR 5,000 for design, photography and video by local creative firms."
                ),
            },
            ideas=("Vouchere pentru servicii creative",),
            practices=(OPEN_DESIGN_SCHOOL,),
            starts_after=65,
            ends_after=700,
            costs=Decimal("400000"),
            weight=4,
            players=(
                DemoPlayer(
                    "Agenția pentru Dezvoltare Regională Vest",
                    {"ro": "Lansează și gestionează apelul", "en": "Launches and manages the call"},
                ),
                DemoPlayer(
                    "Incubatorul Creativ Fabric",
                    {"ro": "Listează furnizorii creativi", "en": "Lists the creative providers"},
                ),
            ),
            funding=(
                DemoFunding(
                    FundingKind.ERDF, "POR Vest 2021–2027, prioritatea 1", Decimal("340000")
                ),
                DemoFunding(FundingKind.PRIVATE, "Contribuția firmelor (15%)", Decimal("60000")),
            ),
            milestones=(
                DemoMilestone({"ro": "Ghidul apelului aprobat", "en": "Call guide approved"}, 175),
                DemoMilestone(
                    {"ro": "Primele contracte semnate", "en": "First contracts signed"}, 400
                ),
            ),
            entries=(
                DemoEntry(
                    80,
                    "Terms of the call discussed with the managing authority.",
                    ActionStatus.IN_PROGRESS,
                    10,
                ),
                DemoEntry(
                    175,
                    "The call guide waits for the programme's monitoring committee, which "
                    "meets again in the autumn.",
                    ActionStatus.DELAYED,
                    15,
                    reason="The monitoring committee postponed the approval of new call guides.",
                ),
            ),
        ),
        DemoAction(
            title={
                "ro": "Mentorat oferit de antreprenori din industriile creative",
                "en": "Mentoring by creative-industry entrepreneurs",
            },
            description={
                "ro": (
                    "Treizeci de perechi mentor–firmă pe an, după modelul Launch Game din "
                    "Leeuwarden: o idee de afacere testată în șase săptămâni, cu sprijinul unui "
                    "antreprenor creativ."
                ),
                "en": (
                    "Thirty mentor–firm pairs a year, after Leeuwarden's Launch Game: a "
                    "business idea tested in six weeks with a creative entrepreneur's support."
                ),
            },
            ideas=("Un program de mentorat", "Mentoring on selling creative products"),
            practices=(LAUNCH_GAME,),
            starts_after=60,
            ends_after=360,
            costs=Decimal("45000"),
            weight=2,
            players=(
                DemoPlayer(
                    "Asociația Tineri Antreprenori Bega",
                    {"ro": "Găsește mentorii", "en": "Finds the mentors"},
                ),
                DemoPlayer(
                    "Facultatea de Industrii Creative, Universitatea Iosefin",
                    {"ro": "Pregătește mentorii", "en": "Trains the mentors"},
                ),
            ),
            funding=(
                DemoFunding(FundingKind.ESF, "Programul Educație și Ocupare", Decimal("30000")),
                DemoFunding(FundingKind.REGIONAL, "Bugetul local al Timișoarei", Decimal("15000")),
            ),
            milestones=(
                DemoMilestone(
                    {"ro": "Primii 15 mentori aleși", "en": "First 15 mentors chosen"}, 84, 84
                ),
                DemoMilestone(
                    {"ro": "Prima serie încheiată", "en": "First round completed"}, 190, 189
                ),
            ),
            entries=(
                DemoEntry(
                    85,
                    "Fifteen mentors chosen from 27 who applied.",
                    ActionStatus.IN_PROGRESS,
                    40,
                    funds=((0, Decimal("10000")),),
                ),
                DemoEntry(
                    190,
                    "The first round ended: 14 firms tested an idea, 5 of them now sell it.",
                    ActionStatus.COMPLETED,
                    100,
                    funds=((0, Decimal("20000")), (1, Decimal("15000"))),
                ),
            ),
        ),
        DemoAction(
            title={
                "ro": "Spațiu de lucru comun pentru designeri și meșteșugari în Fabric",
                "en": "A shared workspace for designers and craftspeople in Fabric",
            },
            description={
                "ro": (
                    "Un pilot de un an într-o clădire industrială din Fabric, după exemplul "
                    "Blokhuispoort din Leeuwarden: ateliere la chirie mică, unelte comune și o "
                    "vitrină pentru produse."
                ),
                "en": (
                    "A one-year pilot in an industrial building of the Fabric district, after "
                    "Leeuwarden's Blokhuispoort: low-rent workshops, shared tools and a shop "
                    "window for products."
                ),
            },
            ideas=("Spații de lucru comune",),
            practices=(BLOKHUISPOORT,),
            starts_after=180,
            ends_after=545,
            costs=Decimal("120000"),
            is_pilot=True,
            players=(
                DemoPlayer(
                    "Cooperativa Meșterilor din Fabric",
                    {"ro": "Administrează atelierele", "en": "Runs the workshops"},
                ),
                DemoPlayer(
                    "Primăria Municipiului Timișoara – Direcția Dezvoltare Economică",
                    {"ro": "Pune la dispoziție clădirea", "en": "Provides the building"},
                ),
            ),
            funding=(
                DemoFunding(
                    FundingKind.OTHER_EU, "Interreg Europe, acțiune pilot", Decimal("80000")
                ),
                DemoFunding(FundingKind.REGIONAL, "Bugetul local al Timișoarei", Decimal("40000")),
            ),
            milestones=(DemoMilestone({"ro": "Clădirea aleasă", "en": "Building chosen"}, 210),),
        ),
    ),
)

KAUNAS_PLAN = DemoPlan(
    partner="kaunas",
    instrument="development-strategy",
    title={
        "lt": "Kauno ECoC-SME veiksmų planas",
        "en": "Kaunas's ECoC-SME action plan",
    },
    improvement={
        "en": (
            "The city's development strategy gains a measure for creative SMEs in the "
            "modernist districts."
        ),
    },
    summary={},
    nuts2="LT02",
    region="Vidurio ir vakarų Lietuvos regionas",
    contact_name="Rūta Kazlauskienė",
    contact_email="staff@kaunas.example.org",
    contact_phone="",
    actions=(
        DemoAction(
            title={
                "lt": "Atviros dizaino dirbtuvės modernizmo pastatuose",
                "en": "Open design workshops in modernist buildings",
            },
            description={
                "en": (
                    "After Matera's Open Design School: local designers and firms build the "
                    "furniture of the city's cultural events in empty modernist buildings."
                ),
            },
            practices=(OPEN_DESIGN_SCHOOL,),
            starts_after=240,
            ends_after=600,
            costs=Decimal("70000"),
        ),
    ),
)

PLANS = (TIMISOARA_PLAN, KAUNAS_PLAN)
