"""The demo's good practices: the four the ECoC-SME partners presented at Timișoara's second
lab, one for Timișoara and one for Kaunas, and what Timișoara learnt from Matera.

The four ECoC-SME practices (Matera's Open Design School, Leeuwarden's Launch Game and
Blokhuispoort, Rijeka's RInovatoRI) are real; what is written about them here is our own
short account, and its figures are rounded, illustrative orders of size rather than
quoted results. Timișoara's creative vouchers and Kaunas' open modernist doors are
invented. Web addresses use the domains reserved for examples.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

from learninglab.practices.models import Progress, Topic, TransferStage


@dataclasses.dataclass(frozen=True)
class DemoPractice:
    slug: str
    partner: str
    title: dict[str, str]
    institution: dict[str, str]
    country: str
    nuts2: str
    region: str
    city: str
    latitude: Decimal
    longitude: Decimal
    summary: dict[str, str]
    problem: dict[str, str]
    activities: dict[str, str]
    stakeholders: dict[str, str]
    resources: dict[str, str]
    evidence: dict[str, str]
    difficulties: dict[str, str]
    transfer_potential: dict[str, str]
    started_on: datetime.date
    topics: tuple[str, ...]
    keywords: str
    budget_eur: Decimal | None = None
    people_involved: int | None = None
    ended_on: datetime.date | None = None
    progress: str = Progress.ONGOING
    links: tuple[tuple[str, str], ...] = ()  # (address, label)
    contact: str = ""  # e-mail of a person of the partner's stakeholder group
    # The experts' opinion, for a practice they validated.
    expert_opinion: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True)
class DemoTransfer:
    practice: str
    partner: str
    stage: str
    on: datetime.date
    note: str = ""


OPEN_DESIGN_SCHOOL = "open-design-school"
LAUNCH_GAME = "launch-game"
BLOKHUISPOORT = "blokhuispoort"
RINOVATORI = "rinovatori"
CREATIVE_VOUCHERS = "creative-vouchers"
MODERNIST_DOORS = "open-modernist-doors"

PRACTICES = [
    DemoPractice(
        slug=OPEN_DESIGN_SCHOOL,
        partner="matera",
        title={
            "it": "Open Design School di Matera 2019",
            "en": "Open Design School of Matera 2019",
        },
        institution={
            "it": "Fondazione Matera-Basilicata 2019",
            "en": "Matera-Basilicata 2019 Foundation",
        },
        country="IT",
        nuts2="ITF5",
        region="Basilicata",
        city="Matera",
        latitude=Decimal("40.66637"),
        longitude=Decimal("16.60443"),
        summary={
            "it": "Un laboratorio in cui designer, artigiani e studenti della Basilicata e di "
            "altri paesi hanno progettato e costruito ciò che serviva alla Capitale Europea "
            "della Cultura — palchi, sedute, segnaletica, allestimenti — invece di comprarlo. "
            "Imprese artigiane locali e giovani professionisti hanno lavorato fianco a fianco "
            "e hanno conservato competenze e rete dopo il 2019.",
            "en": "A workshop where designers, makers and students from Basilicata and abroad "
            "designed and built what the European Capital of Culture needed — stages, seating, "
            "signs, exhibition furniture — instead of buying it. Local craft firms and young "
            "professionals worked side by side and kept the skills and the network after 2019.",
        },
        problem={
            "it": "Una capitale della cultura di solito acquista le strutture temporanee da "
            "grandi fornitori fuori regione. Le risorse escono dal territorio e i progettisti e "
            "le piccole officine locali non ottengono né commesse né esperienza. La Basilicata, "
            "inoltre, perde molti giovani creativi a favore delle grandi città.",
            "en": "A capital of culture usually buys its temporary infrastructure from large "
            "suppliers outside the region. The money leaves, and local designers and small "
            "workshops gain neither contracts nor experience. Basilicata also loses many young "
            "creative people to bigger cities.",
        },
        activities={
            "it": "La scuola ha aperto nel 2017 come laboratorio permanente. Ogni anno ha "
            "pubblicato bandi aperti per designer, architetti, maker e studenti, che hanno "
            "partecipato a cicli di alcune settimane. I gruppi hanno progettato oggetti modulari "
            "e riutilizzabili per gli eventi del programma, li hanno realizzati con falegnami, "
            "fabbri e tappezzieri locali e hanno documentato i progetti con licenze aperte, "
            "perché altri potessero ricostruirli.",
            "en": "The school opened in 2017 as a permanent workshop. Each year it issued open "
            "calls for designers, architects, makers and students, who joined cycles of a few "
            "weeks. Teams designed modular, reusable objects for the programme's events, had "
            "them made by local carpenters, metalworkers and upholsterers, and published the "
            "designs under open licences so that others could build them again.",
        },
        stakeholders={
            "it": "Giovani designer e studenti; imprese artigiane e piccoli produttori locali; "
            "organizzazioni culturali che hanno usato gli oggetti nei loro eventi; il Comune, "
            "che ha conservato gli oggetti per gli spazi pubblici.",
            "en": "Young designers and students; local craft firms and small manufacturers; "
            "cultural organisations that used the objects at their events; the municipality, "
            "which kept the objects for public spaces.",
        },
        resources={
            "it": "Un budget annuale del programma della capitale della cultura per materiali, "
            "compensi e un piccolo gruppo stabile; un grande spazio attrezzato; accordi con "
            "imprese locali per la produzione.",
            "en": "A yearly budget from the capital of culture programme for materials, fees "
            "and a small core team; a large workshop space with tools; agreements with local "
            "firms for the production.",
        },
        budget_eur=Decimal("1200000"),
        people_involved=12,
        started_on=datetime.date(2017, 3, 1),
        ended_on=datetime.date(2019, 12, 31),
        progress=Progress.COMPLETED,
        evidence={
            "it": "Hanno partecipato circa 150 tra designer e maker da una ventina di paesi; "
            "più di 40 imprese locali hanno ricevuto lavori di produzione; i palchi e le sedute "
            "modulari sono serviti alla maggior parte degli eventi all'aperto del programma e "
            "sono ancora in uso. Diversi partecipanti sono rimasti a Matera e hanno aperto uno "
            "studio.",
            "en": "About 150 designers and makers from some 20 countries took part; more than "
            "40 local firms received production work; the modular stages and seating served "
            "most of the programme's open-air events and are still in use. Several "
            "participants stayed in Matera and opened studios.",
        },
        difficulties={
            "it": "Le regole degli appalti pubblici non erano pensate per oggetti progettati e "
            "costruiti in laboratorio: ogni produzione andava motivata e contrattualizzata a "
            "parte. Mantenere il gruppo dopo il 2019 ha richiesto nuove fonti di finanziamento.",
            "en": "Public procurement rules were not written for objects designed and built in "
            "a workshop: each production had to be justified and contracted separately. "
            "Keeping the team after 2019 needed new sources of funding.",
        },
        transfer_potential={
            "it": "Ogni città che prepara un grande evento può affidare a progettisti e imprese "
            "locali una parte di ciò che le serve. I progetti aperti, il modello dei bandi e i "
            "contratti di produzione sono riutilizzabili.",
            "en": "Any city preparing a large event can let local designers and firms build "
            "part of what it needs. The open designs, the model of the calls and the "
            "production contracts can be reused.",
        },
        topics=(Topic.SME_COMPETITIVENESS, Topic.RESEARCH_INNOVATION),
        keywords="design, makers, craft firms, temporary infrastructure, open licences",
        links=(("https://opendesignschool.example.org", "Open Design School"),),
        expert_opinion={
            "it": "Una pratica ben documentata, con risultati chiari per le imprese locali. I "
            "progetti aperti e il modello dei bandi la rendono facile da trasferire; le città "
            "dovrebbero chiarire per tempo come si applicano le regole degli appalti.",
            "en": "A well documented practice with clear results for local firms. Its open "
            "designs and model of calls make it easy to transfer; cities should settle early "
            "how the procurement rules apply.",
        },
    ),
    DemoPractice(
        slug=LAUNCH_GAME,
        partner="leeuwarden",
        title={
            "nl": "Launch Game: een bedrijfsidee testen als spel",
            "en": "Launch Game: testing a business idea as a game",
        },
        institution={"nl": "Inqubator Leeuwarden", "en": "Inqubator Leeuwarden"},
        country="NL",
        nuts2="NL12",
        region="Fryslân",
        city="Leeuwarden",
        latitude=Decimal("53.20139"),
        longitude=Decimal("5.79924"),
        summary={
            "nl": "Een pre-incubatieprogramma in de vorm van een spel: in enkele weken zetten "
            "mensen met een bedrijfsidee kleine stappen met echte klanten, verdienen ze punten "
            "per stap en ontdekken ze of het idee een bedrijf waard is. Gestart in het kielzog "
            "van Leeuwarden-Fryslân 2018, om de energie van dat jaar om te zetten in nieuwe "
            "bedrijven.",
            "en": "A pre-incubation programme run as a game: in a few weeks, people with a "
            "business idea take small steps with real customers, score points for each one and "
            "find out whether the idea is worth a company. Started in the wake of "
            "Leeuwarden-Fryslân 2018, to turn the year's energy into new firms.",
        },
        problem={
            "nl": "Veel mensen in Fryslân hebben ideeën voor een creatief of lokaal bedrijf, "
            "maar een ondernemingsplan schrijven en adviseurs bezoeken schrikt hen af. "
            "Klassieke incubators nemen wie al zeker is; de anderen beginnen nooit, of beginnen "
            "te groot en haken af.",
            "en": "Many people in Fryslân have ideas for a creative or local business, but "
            "writing a business plan and meeting advisers puts them off. Classic incubators "
            "take those who are already sure; the others never start, or start too big and "
            "give up.",
        },
        activities={
            "nl": "Deelnemers doen mee in groepen van ongeveer twintig. Elke week brengt "
            "opdrachten: spreek tien mogelijke klanten, verkoop een eerste product, vind een "
            "partner. Elke opdracht levert punten op een openbaar scorebord op; coaches en "
            "ondernemers uit de regio geven feedback in korte sessies. Aan het eind pitchen de "
            "teams met de meeste punten voor lokale investeerders en de incubator.",
            "en": "Participants join in groups of about twenty. Each week brings missions: talk "
            "to ten possible customers, sell a first product, find a partner. Every mission "
            "earns points on a public board; coaches and entrepreneurs of the region give "
            "feedback in short sessions. At the end, the teams with the most points pitch to "
            "local investors and the incubator.",
        },
        stakeholders={
            "nl": "Startende ondernemers, studenten en zzp'ers; lokale ondernemers die coachen; "
            "de gemeente en de provincie, die het financieren; lokale investeerders.",
            "en": "Would-be entrepreneurs, students and freelancers; local entrepreneurs who "
            "coach; the municipality and the province, which fund it; local investors.",
        },
        resources={
            "nl": "Twee spelleiders in deeltijd, een groep vrijwillige coaches, een "
            "vergaderruimte en een klein prijzengeld per ronde.",
            "en": "Two part-time game leaders, a pool of volunteer coaches, a meeting room and "
            "a small prize fund per round.",
        },
        budget_eur=Decimal("60000"),
        people_involved=4,
        started_on=datetime.date(2018, 9, 1),
        evidence={
            "nl": "In vijf rondes speelden zo'n 100 mensen mee; ongeveer een derde schreef "
            "binnen een jaar een bedrijf in, en de meeste anderen stopten vroeg en goedkoop, "
            "wat ook een resultaat is. Deelnemers waarderen de opzet veel hoger dan klassieke "
            "workshops.",
            "en": "Over five rounds some 100 people played; about a third registered a company "
            "within a year, and most of the others stopped early and cheaply, which is a result "
            "too. Participants rate the format far above classic workshops.",
        },
        difficulties={
            "nl": "Punten kunnen activiteit meer belonen dan kwaliteit; de opdrachten zijn na "
            "de eerste ronde aangepast. Coaches moeten goed worden voorbereid, zodat ze de "
            "beslissingen van de deelnemers niet overnemen.",
            "en": "Points can reward activity more than quality; the missions were changed "
            "after the first round. Coaches need a briefing, so that they do not take the "
            "participants' decisions for them.",
        },
        transfer_potential={
            "nl": "Goedkoop om te starten en makkelijk aan te passen: de opdrachten, de "
            "puntentelling en de instructies voor coaches kunnen door elke organisatie voor "
            "ondernemersondersteuning worden vertaald en gebruikt, ook in kleinere plaatsen.",
            "en": "Cheap to start and easy to adapt: the missions, the scoring and the coaches' "
            "briefing can be translated and used by any business support organisation, in "
            "small towns too.",
        },
        topics=(Topic.SME_COMPETITIVENESS,),
        keywords="pre-incubation, game, start-ups, coaching",
        links=(("https://launchgame.example.org", "Launch Game"),),
    ),
    DemoPractice(
        slug=BLOKHUISPOORT,
        partner="leeuwarden",
        title={
            "nl": "Blokhuispoort: van gevangenis tot thuis voor creatieve bedrijven",
            "en": "Blokhuispoort: a former prison turned into a home for creative firms",
        },
        institution={"nl": "Gemeente Leeuwarden", "en": "Municipality of Leeuwarden"},
        country="NL",
        nuts2="NL12",
        region="Fryslân",
        city="Leeuwarden",
        latitude=Decimal("53.20139"),
        longitude=Decimal("5.79924"),
        summary={
            "nl": "De voormalige gevangenis van de stad, leeg sinds 2007, kreeg een nieuw leven "
            "als plek om te werken, te leren en te verblijven: kleine creatieve en digitale "
            "bedrijven huren cellen als studio tegen een lage huur, naast de openbare "
            "bibliotheek, een hostel en horeca. Het werd een van de uitvalsbases van "
            "Leeuwarden-Fryslân 2018.",
            "en": "The city's former prison, empty since 2007, was given a new life as a place "
            "to work, learn and stay: small creative and digital firms rent cells as studios "
            "at low rents, next to the public library, a hostel, cafés and restaurants. It "
            "became one of the bases of Leeuwarden-Fryslân 2018.",
        },
        problem={
            "nl": "Een groot monumentaal gebouw in het centrum stond leeg en kostte geld, "
            "terwijl startende creatieve bedrijven geen kleine, betaalbare ruimtes dicht bij "
            "elkaar en bij klanten konden vinden.",
            "en": "A large listed building in the city centre stood empty and cost money, while "
            "starting creative firms could not find small, affordable spaces close to each "
            "other and to their customers.",
        },
        activities={
            "nl": "Het gebouw werd stap voor stap gerestaureerd, te beginnen met tijdelijk "
            "gebruik. Cellen werden als kleine studio's verhuurd met korte contracten; grotere "
            "vleugels gingen naar de bibliotheek, het hostel en horeca. Een communitymanager "
            "verbindt de huurders, organiseert open dagen en haalt bezoekers, evenementen en "
            "opdrachten binnen.",
            "en": "The building was restored step by step, starting with temporary use. Cells "
            "were let as small studios on short contracts; larger wings went to the library, "
            "the hostel and food businesses. A community manager connects the tenants, "
            "organises open days and brings in visitors, events and assignments.",
        },
        stakeholders={
            "nl": "Creatieve en digitale starters en zzp'ers; de openbare bibliotheek; de "
            "eigenaar van het monument; de gemeente; bezoekers en bewoners.",
            "en": "Creative and digital start-ups and freelancers; the public library; the "
            "owner of the listed building; the municipality; visitors and residents.",
        },
        resources={
            "nl": "Investering in de restauratie door de monumenteneigenaar met publieke "
            "cofinanciering; de huren dekken de exploitatie; één communitymanager.",
            "en": "Investment in the restoration by the building's heritage owner with public "
            "co-funding; the rents cover the running costs; one community manager.",
        },
        budget_eur=Decimal("28000000"),
        people_involved=3,
        started_on=datetime.date(2013, 1, 1),
        evidence={
            "nl": "Meer dan 100 kleine bedrijven en organisaties werken in het gebouw; het "
            "ontvangt jaarlijks enkele honderdduizenden bezoekers en de bibliotheek trekt "
            "dagelijks bewoners. Huurders werken vaak voor elkaar.",
            "en": "More than 100 small firms and organisations work in the building; it "
            "welcomes some hundreds of thousands of visitors a year, and the library brings "
            "residents in every day. Tenants often work for each other.",
        },
        difficulties={
            "nl": "Een monument restaureren is traag en duur; tijdelijk gebruik hield de plek "
            "intussen levend. Lage huren moeten in evenwicht blijven met de kosten van het "
            "gebouw.",
            "en": "Restoring a listed building is slow and costly; temporary use kept the place "
            "alive in the meantime. Low rents have to be balanced against the cost of the "
            "building.",
        },
        transfer_potential={
            "nl": "Steden met een leegstaand publiek gebouw kunnen de volgorde overnemen: "
            "tijdelijk gebruik, kleine ruimtes met korte contracten, een publieke ankerhuurder "
            "en een communitymanager.",
            "en": "Cities with an empty public building can follow the same order: temporary "
            "use, small units on short contracts, a public anchor tenant and a community "
            "manager.",
        },
        topics=(Topic.SME_COMPETITIVENESS, Topic.ENVIRONMENT),
        keywords="heritage reuse, creative hub, affordable workspace",
        links=(("https://blokhuispoort.example.org", "Blokhuispoort"),),
    ),
    DemoPractice(
        slug=RINOVATORI,
        partner="rijeka",
        title={
            "hr": "RInovatoRI: gradska potpora inovativnim poduzetnicima",
            "en": "RInovatoRI: the city's support for innovative entrepreneurs",
        },
        institution={"hr": "Grad Rijeka", "en": "City of Rijeka"},
        country="HR",
        nuts2="HR03",
        region="Jadranska Hrvatska",
        city="Rijeka",
        latitude=Decimal("45.32706"),
        longitude=Decimal("14.44217"),
        summary={
            "hr": "Godišnji javni poziv Grada Rijeke koji sufinancira inovativne proizvode i "
            "usluge malih poduzeća i start-upova te dobitnike povezuje sa znanstveno-"
            "tehnologijskim parkom radi mentorstva. U godinama projekta Rijeka 2020 otvorio se "
            "i kulturnim i kreativnim idejama.",
            "en": "A yearly call of the City of Rijeka that co-finances innovative products and "
            "services of small firms and start-ups, and links the winners with the science and "
            "technology park for mentoring. In the years of Rijeka 2020 it opened to cultural "
            "and creative ideas too.",
        },
        problem={
            "hr": "Male inovativne tvrtke u Rijeci teško financiraju korak od prototipa do "
            "prvog proizvoda; banke traže jamstva koja nemaju, a nacionalni programi su spori.",
            "en": "Small innovative firms in Rijeka find it hard to finance the step from a "
            "prototype to a first product; banks ask for guarantees they do not have, and the "
            "national schemes are slow.",
        },
        activities={
            "hr": "Grad svake godine objavljuje javni poziv s jednostavnom prijavom. Stručno "
            "povjerenstvo boduje projekte prema inovativnosti, tržištu i timu; najbolji dobivaju "
            "potporu do polovice troškova. Dobitnici dobivaju mentorstvo u znanstveno-"
            "tehnologijskom parku i predstavljaju rezultate na javnom događanju.",
            "en": "Every year the city publishes a call with a simple application. A panel of "
            "experts scores the projects on innovation, market and team; the best receive a "
            "grant of up to half of their costs. Winners are mentored at the science and "
            "technology park and present their results at a public event.",
        },
        stakeholders={
            "hr": "Start-upovi i mala poduzeća; znanstveno-tehnologijski park; sveučilište; "
            "gradski odjel za poduzetništvo.",
            "en": "Start-ups and small firms; the science and technology park; the university; "
            "the city's department for entrepreneurship.",
        },
        resources={
            "hr": "Godišnji proračun Grada; rad djelatnika odjela za poduzetništvo; stručnjaci "
            "u povjerenstvu.",
            "en": "A yearly budget of the city; the time of the entrepreneurship department's "
            "staff; experts on the panel.",
        },
        budget_eur=Decimal("150000"),
        people_involved=3,
        started_on=datetime.date(2013, 4, 1),
        evidence={
            "hr": "Od početka je poziv podržao oko 100 projekata; većina tvrtki još uvijek "
            "posluje, a nekoliko ih je nakon prvog proizvoda pronašlo ulagače ili kupce u "
            "inozemstvu.",
            "en": "Since it began the call has supported some 100 projects; most of the firms "
            "are still in business, and several found investors or customers abroad after "
            "their first product.",
        },
        difficulties={
            "hr": "Male potpore raspoređene na mnogo projekata imaju ograničen učinak; Grad je "
            "povećao najveći iznos potpore i dodao mentorstvo. Pravedno ocjenjivanje "
            "inovativnosti u različitim sektorima zahtijevalo je nekoliko izmjena kriterija.",
            "en": "Small grants spread over many projects have a limited effect; the city "
            "raised the largest grant and added mentoring. Judging innovation fairly across "
            "sectors took several revisions of the criteria.",
        },
        transfer_potential={
            "hr": "Svaka općina s malim proračunom za poduzetništvo može provoditi ovakav "
            "poziv; bodovna lista i povezivanje s lokalnom potpornom institucijom dijelovi su "
            "koje vrijedi preuzeti.",
            "en": "Any municipality with a small budget for enterprise can run such a call; the "
            "scoring grid and the link with a local support body are the parts worth taking "
            "over.",
        },
        topics=(Topic.RESEARCH_INNOVATION, Topic.SME_COMPETITIVENESS),
        keywords="grants, innovation, start-ups, mentoring",
        links=(("https://rinovatori.example.org", "RInovatoRI"),),
    ),
    DemoPractice(
        slug=CREATIVE_VOUCHERS,
        partner="timisoara",
        title={
            "ro": "Vouchere creative pentru IMM-urile tradiționale",
            "en": "Creative vouchers for traditional SMEs",
        },
        institution={"ro": "Municipiul Timișoara", "en": "Municipality of Timișoara"},
        country="RO",
        nuts2="RO42",
        region="Vest",
        city="Timișoara",
        latitude=Decimal("45.75372"),
        longitude=Decimal("21.22571"),
        summary={
            "ro": "Vouchere de valoare mică permit brutăriilor, tipografiilor, atelierelor și "
            "pensiunilor să cumpere servicii de design, fotografie, web sau marketing de la "
            "profesioniști creativi din oraș. Cele două părți se întâlnesc la serile de "
            "„matchmaking” organizate în anul capitalei culturale.",
            "en": "Small vouchers let bakeries, print shops, workshops and guesthouses buy "
            "design, photography, web or marketing work from the city's creative "
            "professionals. Both sides meet at matchmaking evenings held in the capital of "
            "culture year.",
        },
        problem={
            "ro": "Primul Atelier Local de Învățare a arătat că IMM-urile tradiționale văd "
            "Capitala Europeană a Culturii ca pe un eveniment cultural, nu ca pe o oportunitate "
            "de afaceri, și că firmele creative și cele tradiționale colaborează rar.",
            "en": "The first Local Learning Lab found that traditional SMEs see the European "
            "Capital of Culture as a cultural event rather than a business opportunity, and "
            "that creative and traditional firms rarely work together.",
        },
        activities={
            "ro": "Primăria finanțează vouchere de până la 2.000 de euro. Un IMM tradițional "
            "alege un furnizor creativ dintr-o listă deschisă, stabilește un proiect mic și "
            "plătește un sfert din cost; voucherul acoperă restul la livrare. Serile de "
            "„matchmaking”, organizate la sediul Atelierului Local de Învățare, aduc cele două "
            "părți împreună.",
            "en": "The municipality funds vouchers of up to 2,000 euros. A traditional SME "
            "chooses a creative provider from an open list, agrees a small project and pays a "
            "quarter of the cost; the voucher pays the rest on delivery. Matchmaking evenings, "
            "at the Local Learning Lab's venue, bring the two sides together.",
        },
        stakeholders={
            "ro": "IMM-uri tradiționale (alimentație, tipografie, meșteșuguri, turism); "
            "freelanceri și studiouri creative; agenția locală pentru antreprenoriat; camera de "
            "comerț.",
            "en": "Traditional SMEs (food, printing, crafts, tourism); creative freelancers and "
            "studios; the local entrepreneurship agency; the chamber of commerce.",
        },
        resources={
            "ro": "Un fond de vouchere din bugetul local, un responsabil la agenția pentru "
            "antreprenoriat și spațiul pentru serile de întâlnire.",
            "en": "A voucher fund from the local budget, one officer at the entrepreneurship "
            "agency and the venue for the evenings.",
        },
        budget_eur=Decimal("100000"),
        people_involved=2,
        started_on=datetime.date(2022, 3, 1),
        evidence={
            "ro": "În anul-pilot au fost folosite 48 de vouchere; 9 din 10 IMM-uri spun că ar "
            "lucra din nou cu un furnizor creativ, iar o treime au făcut-o fără voucher în "
            "următoarele șase luni.",
            "en": "In the pilot year 48 vouchers were used; 9 SMEs out of 10 say they would work "
            "with a creative provider again, and a third did so without a voucher within six "
            "months.",
        },
        difficulties={
            "ro": "Unii furnizori au fost solicitați de multe IMM-uri, alții de niciunul; "
            "lista arată acum disponibilitatea. Documentația a trebuit să încapă pe o pagină "
            "pentru a ajunge la firmele cele mai mici.",
            "en": "Some providers were asked for by many SMEs and others by none; the list now "
            "shows who is available. The paperwork had to fit on one page to reach the "
            "smallest firms.",
        },
        transfer_potential={
            "ro": "Pornește de la practicile partenerilor privind colaborarea dintre firmele "
            "creative și cele tradiționale; orice oraș cu un sector creativ îl poate derula "
            "cu un fond modest.",
            "en": "It builds on the partners' practices of creative and traditional firms "
            "working together; any city with a creative sector can run it with a modest fund.",
        },
        topics=(Topic.SME_COMPETITIVENESS,),
        keywords="vouchers, creative services, traditional SMEs, matchmaking",
        contact="alina.bacila@antreprenoriat.example.org",
    ),
    DemoPractice(
        slug=MODERNIST_DOORS,
        partner="kaunas",
        title={
            "lt": "Atviros modernizmo durys: smulkusis verslas Kauno tarpukario pastatuose",
            "en": "Open modernist doors: small businesses in Kaunas' interwar buildings",
        },
        institution={"lt": "Vytauto Didžiojo universitetas", "en": "Vytautas Magnus University"},
        country="LT",
        nuts2="LT02",
        region="Vidurio ir vakarų Lietuvos regionas",
        city="Kaunas",
        latitude=Decimal("54.89852"),
        longitude=Decimal("23.90360"),
        summary={
            "lt": "Kavinės, parduotuvės ir dirbtuvės, įsikūrusios Kauno modernizmo pastatuose, "
            "pasirinktais savaitgaliais atveria savo patalpas bendrame maršrute ir pasakoja "
            "trumpas kiekvieno pastato istorijas. Lankytojai atvyksta dėl architektūros ir "
            "lieka kaip klientai.",
            "en": "Cafés, shops and workshops in Kaunas' modernist buildings open their doors "
            "on chosen weekends along a shared route, each telling the short story of its "
            "building. Visitors come for the architecture and stay as customers.",
        },
        problem={
            "lt": "Kauno tarpukario modernizmo architektūra traukia lankytojus, tačiau jie "
            "praeina pro pastatuose veikiančius smulkiuosius verslus, o jų savininkai retai "
            "save laiko miesto paveldo dalimi.",
            "en": "Kaunas' interwar modernist architecture draws visitors, but they walk past "
            "the small businesses inside the buildings, and the owners rarely see themselves "
            "as part of the city's heritage.",
        },
        activities={
            "lt": "Universiteto studentai kartu su savininkais tyrinėjo kiekvieno pastato "
            "istoriją. Prisijungę verslai sutiko atverti duris maršruto savaitgaliais, pateikti "
            "trumpą istoriją ir pasiūlyti ką nors, kas susiję su pastatu. Juos jungia bendras "
            "žemėlapis – internete ir popieriuje.",
            "en": "The university's students researched the history of each building with its "
            "owners. The businesses that joined agreed to open on the route's weekends, show a "
            "short story and offer something linked to the building. A shared map, online and "
            "on paper, joins them up.",
        },
        stakeholders={
            "lt": "Smulkieji verslai modernizmo pastatuose; studentai ir tyrėjai; turizmo "
            "informacijos centras; gyventojai ir lankytojai.",
            "en": "Small businesses in modernist buildings; students and researchers; the "
            "tourist information centre; residents and visitors.",
        },
        resources={
            "lt": "Studentų projektai, kuriuos prižiūri du dėstytojai; žemėlapio spausdinimas; "
            "koordinatorius maršruto savaitgaliais.",
            "en": "Student projects supervised by two lecturers; printing the map; a "
            "coordinator on the route's weekends.",
        },
        budget_eur=Decimal("25000"),
        people_involved=5,
        started_on=datetime.date(2021, 5, 1),
        ended_on=datetime.date(2022, 12, 31),
        progress=Progress.COMPLETED,
        evidence={
            "lt": "Prisijungė 35 verslai; maršruto savaitgaliais jie vidutiniškai sulaukė "
            "dvigubai daugiau lankytojų nei įprastai, o 20 iš jų istorijų stendus ir pasiūlymą "
            "išlaikė ir po 2022 metų.",
            "en": "35 businesses joined; on the route's weekends they had on average twice "
            "their usual number of visitors, and 20 of them kept the story panels and the offer "
            "after 2022.",
        },
        difficulties={
            "lt": "Saugomų pastatų savininkai baiminosi iškabų taisyklių; paveldo tarnyba "
            "suderino standartinį mažą stendą. Atidaryti duris savaitgaliais buvo sunku vieno "
            "žmogaus verslams; dabar kaimynai dalijasi budėjimais.",
            "en": "Owners of listed buildings feared the rules on signs; the heritage office "
            "agreed one small standard panel. Opening at weekends was hard for one-person "
            "businesses; neighbours now share the shifts.",
        },
        transfer_potential={
            "lt": "Tinka bet kuriam miestui, kurio paveldas traukia lankytojus: svarbiausia – "
            "universiteto, verslo savininkų ir turizmo centro partnerystė.",
            "en": "Fits any city whose heritage draws visitors: the partnership of a "
            "university, the business owners and the tourist office is what matters.",
        },
        topics=(Topic.SME_COMPETITIVENESS,),
        keywords="modernist heritage, cultural tourism, small business, route",
    ),
]

# The experts validated one practice.
VALIDATED = {OPEN_DESIGN_SCHOOL}

TRANSFERS = [
    DemoTransfer(
        practice=OPEN_DESIGN_SCHOOL,
        partner="timisoara",
        stage=TransferStage.STUDIED,
        on=datetime.date(2020, 2, 12),
        note="Two people of the municipality and of the local entrepreneurship agency spent "
        "two days at the school's workshop. We are looking at its open calls and production "
        "contracts for the venues of Timișoara 2023.",
    ),
]
