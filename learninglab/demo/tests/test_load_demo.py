import datetime
import io
import re
import zoneinfo
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learninglab.accounts.models import User
from learninglab.cocreation.models import (
    Idea,
    IdeaStatus,
    LiveSession,
    Participant,
    Prompt,
    PromptStatus,
    Theme,
    Vote,
)
from learninglab.conftest import client_for
from learninglab.core.models import AuditEntry, Via
from learninglab.core.roles import Role
from learninglab.core.text import fold
from learninglab.demo.data import DEMO_LOGINS, DEMO_PASSWORD
from learninglab.demo.services import HELD_AT_LEAST_DAYS_AGO, held_day, open_lab_day
from learninglab.labs.emails import template_errors
from learninglab.labs.models import (
    CheckIn,
    Invitation,
    Lab,
    LabContact,
    LabKind,
    LabStatus,
    Response,
    ResponseVia,
)
from learninglab.labs.services.answer import rsvp_is_open
from learninglab.labs.services.checkin import WALK_IN_CONSENT_VERSION
from learninglab.messaging.models import OutboundMessage
from learninglab.projects.models import Partner, PolicyInstrument, Project
from learninglab.results.models import FeedbackAnswer, FeedbackReceipt, Minutes
from learninglab.stakeholders.models import (
    Consent,
    ConsentPurpose,
    Organisation,
    OrganisationType,
    Stakeholder,
    Tag,
)

pytestmark = pytest.mark.django_db

# The facts table of the seed, written out again so that the data is checked against it.
SEED_PARTNERS = {
    "uef": ("University of Eastern Finland", "Joensuu", "FI", "lead", None,
            "Europe/Helsinki", ["fi", "en"]),
    "timisoara": ("Municipality of Timișoara", "Timișoara", "RO", "partner", 2023,
                  "Europe/Bucharest", ["ro", "en"]),
    "leeuwarden": ("Municipality of Leeuwarden (with Inqubator Leeuwarden)", "Leeuwarden", "NL",
                   "partner", 2018, "Europe/Amsterdam", ["nl", "fy", "en"]),
    "matera": ("Materahub", "Matera", "IT", "partner", 2019, "Europe/Rome", ["it", "en"]),
    "rijeka": ("Municipality of Rijeka", "Rijeka", "HR", "partner", 2020, "Europe/Zagreb",
               ["hr", "en"]),
    "kaunas": ("Vytautas Magnus University", "Kaunas", "LT", "partner", 2022, "Europe/Vilnius",
               ["lt", "en"]),
}  # fmt: skip

RESERVED_DOMAINS = ("example.com", "example.org", "example.net")

# Personal data of the real invitation, which the demo must never contain.
REAL_PERSONAL_DATA = ("lavinia", "petrut", "simion", "primariatm", "731540977", "256408371")


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed  # not SQLite's search index, which PostgreSQL does without
    }


def all_demo_text() -> list[str]:
    """Return every name, address, number and free text the demo wrote."""
    texts: list[str] = []
    for person in Stakeholder.objects.all():
        texts += [person.first_name, person.last_name, person.email, person.phone]
        texts += [person.position, person.notes]
    for user in User.objects.all():
        texts += [user.full_name, user.email]
    texts += Organisation.objects.values_list("name", flat=True)
    texts += Organisation.objects.values_list("website", flat=True)
    texts += Tag.objects.values_list("name", flat=True)
    texts += [str(entry.changes) for entry in AuditEntry.objects.all()]
    for contact in LabContact.objects.all():
        texts += [contact.name, contact.email, contact.phone, *contact.function.values()]
    for lab in Lab.objects.all():
        for field in ("theme", "description", "results", "invitation_subject", "invitation_body"):
            texts += getattr(lab, field).values()
        texts += [lab.venue_name, lab.venue_address, lab.map_url]
    for prompt in Prompt.objects.all():
        texts += prompt.text.values()
    texts += Idea.objects.values_list("text", flat=True)
    texts += Theme.objects.values_list("name", flat=True)
    texts += Participant.objects.values_list("display_name", flat=True)
    texts += CheckIn.objects.values_list("device", flat=True)
    for minutes in Minutes.objects.all():
        texts += [*minutes.summary.values(), *minutes.decisions.values()]
    for answer in FeedbackAnswer.objects.all():
        texts += [answer.will_apply, answer.comment]
    return texts


def is_reserved(address: str) -> bool:
    domain = address.rsplit("@", 1)[-1].lower()
    return any(domain == d or domain.endswith("." + d) for d in RESERVED_DOMAINS)


def test_second_run_creates_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = load_demo()
    before = row_counts()
    with django_capture_on_commit_callbacks(execute=True):
        second = load_demo()

    assert "Loaded the demo data" in first
    assert before["core.AuditEntry"] > 0
    assert before["stakeholders.Consent"] > 0
    assert before["labs.Lab"] > 0
    assert before["labs.Invitation"] > 0
    assert before["labs.CheckIn"] > 0
    assert before["cocreation.LiveSession"] == 2
    assert before["cocreation.Idea"] > 0
    assert before["cocreation.Vote"] > 0
    assert before["results.Minutes"] == 1
    assert before["results.FeedbackAnswer"] >= 5
    assert row_counts() == before
    assert "Demo data already loaded" in second


def test_nobody_is_sent_anything_but_the_open_labs_invitations_kept_as_sent(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()

    lab = round_2()
    messages = OutboundMessage.objects.all()
    assert set(messages.values_list("kind", "state")) == {("invitation", "sent")}
    assert messages.count() == lab.invitations.count()
    assert not Invitation.objects.exclude(lab=lab).filter(message__isnull=False).exists()


def test_a_later_run_leaves_the_labs_dates_alone(monkeypatch):
    load_demo()
    before = row_counts()
    dates = dict(Lab.objects.values_list("slug", "starts_at"))
    later = timezone.localdate() + datetime.timedelta(days=40)
    monkeypatch.setattr("learninglab.demo.services.timezone.localdate", lambda: later)

    load_demo()

    assert dict(Lab.objects.values_list("slug", "starts_at")) == dates
    assert row_counts() == before


# The survey's answers are recorded as given on the web, whoever records them.
ON_THE_WEB = ("results.feedback.",)


def test_everything_is_audited_as_done_from_the_command_line():
    load_demo()

    entries = AuditEntry.objects.all()
    on_the_web = entries.filter(via=Via.WEB)
    assert on_the_web.exists()
    assert [e.action for e in on_the_web if not e.action.startswith(ON_THE_WEB)] == []
    others = entries.exclude(action="labs.rsvp.recorded").exclude(via=Via.WEB)
    assert set(others.values_list("via", flat=True)) == {Via.CLI}
    # The answers were taken on the phone or by e-mail, and are audited so.
    assert set(entries.filter(action="labs.rsvp.recorded").values_list("via", flat=True)) == {
        Via.PHONE,
        Via.EMAIL,
    }
    assert not entries.filter(actor__isnull=False).exists()
    created = set(entries.values_list("action", flat=True))
    assert {
        "projects.project.created",
        "projects.partner.created",
        "accounts.user.created",
        "stakeholders.organisation.created",
        "stakeholders.stakeholder.created",
        "stakeholders.consent.given",
        "stakeholders.consent.withdrawn",
        "labs.lab.created",
        "labs.lab.published",
        "labs.lab.held",
        "labs.invitations.created",
        "labs.rsvp.recorded",
        "labs.checkin.recorded",
        "labs.checkin.walk_in",
        "cocreation.session.created",
        "cocreation.session.opened",
        "cocreation.session.closed",
        "cocreation.theme.created",
        "cocreation.idea.themed",
        "cocreation.idea.merged",
        "results.minutes.saved",
        "results.published",
        "results.feedback.received",
    } <= created
    assert entries.filter(action="stakeholders.stakeholder.created").count() == (
        Stakeholder.objects.count()
    )
    assert entries.filter(action="labs.lab.created").count() == Lab.objects.count()


def test_project_has_the_seed_facts():
    load_demo()

    project = Project.objects.get(acronym="ECoC-SME")
    assert project.title == (
        "Actions for inducing SME growth and innovation via the ECoC event and legacy"
    )
    assert project.programme == "Interreg Europe"
    assert project.code == "PGI06047"
    assert project.start_date == datetime.date(2019, 8, 1)
    assert project.end_date == datetime.date(2022, 7, 31)


def test_the_six_partners_have_the_seed_facts():
    load_demo()

    partners = {
        p.slug: (
            p.institution.in_("en"),
            p.city,
            p.country,
            p.role,
            p.ecoc_year,
            p.time_zone,
            p.languages,
        )
        for p in Partner.objects.filter(project__acronym="ECoC-SME")
    }
    assert partners == SEED_PARTNERS


def test_partner_names_are_written_in_the_partners_languages():
    load_demo()

    names = {p.slug: p.institution for p in Partner.objects.all()}
    assert names["timisoara"] == {"ro": "Municipiul Timișoara", "en": "Municipality of Timișoara"}
    assert names["matera"].in_("it") == names["matera"].in_("en") == "Materahub"
    assert all("en" in name.languages for name in names.values())
    # A name in each of the partner's languages, not the English one copied.
    for partner in Partner.objects.all():
        assert set(partner.languages) <= set(partner.institution.languages), partner.slug
    assert names["leeuwarden"].in_("fy") == "Gemeente Ljouwert (mei Inqubator Leeuwarden)"
    assert names["rijeka"].in_("hr") == "Grad Rijeka"


def test_each_city_has_one_policy_instrument_and_the_lead_partner_none():
    load_demo()

    instruments = dict(PolicyInstrument.objects.values_list("partner__slug", "name"))
    assert PolicyInstrument.objects.count() == 5
    assert "uef" not in instruments
    assert instruments["timisoara"] == "Regional Operational Programme, West Romania region"
    assert instruments["leeuwarden"] == "Operational Programme, Northern Netherlands"
    assert instruments["matera"] == "Regional Operational Programme, Basilicata"
    assert instruments["rijeka"] == "Local development strategy of the City of Rijeka"
    assert instruments["kaunas"] == "Local development strategy of Kaunas"


def test_timisoara_has_about_forty_stakeholders_of_every_organisation_type():
    load_demo()

    people = Stakeholder.objects.filter(partner__slug="timisoara")
    assert 36 <= people.count() <= 45
    types = set(people.exclude(organisation=None).values_list("organisation__type", flat=True))
    assert types == set(OrganisationType.values)
    assert people.filter(language="ro").count() > people.count() * 3 / 4
    assert people.filter(language="en").exists()


@pytest.mark.parametrize(
    ("slug", "letters"),
    [
        ("leeuwarden", ""),
        ("matera", "ò"),
        ("rijeka", "čćšžđ"),
        ("kaunas", "ąčęėįšųūž"),
    ],
)
def test_other_partners_have_a_few_stakeholders_in_their_language(slug, letters):
    load_demo()

    partner = Partner.objects.get(slug=slug)
    people = Stakeholder.objects.filter(partner=partner)
    assert 3 <= people.count() <= 6
    assert set(people.values_list("language", flat=True)) <= set(partner.languages)
    assert people.filter(language=partner.main_language).exists()
    written = " ".join(
        [p.full_name + " " + p.position for p in people]
        + list(Organisation.objects.filter(partner=partner).values_list("name", flat=True))
    ).lower()
    assert set(letters) <= set(written)


def test_every_address_is_on_a_reserved_example_domain():
    load_demo()

    emails = [e for e in Stakeholder.objects.values_list("email", flat=True) if e]
    emails += User.objects.values_list("email", flat=True)
    emails += LabContact.objects.values_list("email", flat=True)
    websites = [w for w in Organisation.objects.values_list("website", flat=True) if w]
    assert emails and websites
    assert [e for e in emails if not is_reserved(e)] == []
    assert [w for w in websites if not is_reserved(re.sub(r"^https?://", "", w))] == []


def test_phones_are_stored_in_e164_and_romanian_ones_are_fictional():
    load_demo()

    phones = list(Stakeholder.objects.exclude(phone="").values_list("partner__slug", "phone"))
    phones += LabContact.objects.exclude(phone="").values_list("lab__partner__slug", "phone")
    assert phones
    for slug, phone in phones:
        assert re.fullmatch(r"\+\d{8,15}", phone)
        if slug == "timisoara":
            assert phone.startswith("+40700000")


def test_romanian_names_use_comma_below_letters():
    load_demo()

    texts = all_demo_text()
    assert not [t for t in texts if set(t) & set("şţŞŢ")]
    romanian = " ".join(p.full_name for p in Stakeholder.objects.filter(partner__slug="timisoara"))
    assert set("șțăâîȘȚ") <= set(romanian)


def test_no_personal_data_from_the_real_invitation():
    load_demo()

    folded = [fold(t).replace(" ", "").replace(".", "") for t in all_demo_text()]
    assert [t for t in folded if any(real in t for real in REAL_PERSONAL_DATA)] == []


def test_consent_ledgers_are_varied():
    load_demo()

    people = Stakeholder.objects.filter(partner__slug="timisoara")
    invitations = Consent.objects.filter(stakeholder__in=people, purpose=ConsentPurpose.INVITATIONS)
    # Two people came to round 1 without an invitation and agreed at the door.
    assert set(invitations.values_list("method", flat=True)) == {"form", "email", "in_person"}
    assert set(Consent.objects.values_list("text_version", flat=True)) == {
        "2019-09 privacy notice",
        WALK_IN_CONSENT_VERSION,
    }
    never_asked = people.filter(consents=None)
    assert 1 <= never_asked.count() <= 3
    withdrawn = [
        p
        for p in people
        if (latest := p.consents.filter(purpose=ConsentPurpose.INVITATIONS).first())
        and not latest.given
    ]
    assert len(withdrawn) == 1
    given = invitations.filter(given=True).values("stakeholder").distinct().count()
    assert given > people.count() * 3 / 4
    assert Consent.objects.filter(stakeholder__in=people, purpose="photos", given=True).exists()


def test_a_near_duplicate_pair_is_there_to_merge():
    load_demo()

    people = Stakeholder.objects.filter(partner__slug="timisoara").exclude(phone="")
    seen: dict[tuple[str, str], list[Stakeholder]] = {}
    for person in people:
        seen.setdefault((fold(person.full_name), person.phone), []).append(person)
    pairs = [group for group in seen.values() if len(group) > 1]
    assert len(pairs) == 1
    assert sorted(bool(p.email) for p in pairs[0]) == [False, True]


def test_staff_accounts_cover_every_role_and_every_city():
    load_demo()

    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    coordinator = User.objects.get(email="coordinator@uef.example.org")
    assert coordinator.role == Role.COORDINATOR
    assert coordinator.partner.slug == "uef"
    for slug in ("timisoara", "leeuwarden", "matera", "rijeka", "kaunas"):
        assert User.objects.filter(partner__slug=slug, role=Role.PARTNER_STAFF).exists()
    facilitator = User.objects.get(email="facilitator@timisoara.example.org")
    assert (facilitator.role, facilitator.partner.slug) == (Role.FACILITATOR, "timisoara")


@pytest.mark.parametrize(("label", "email"), DEMO_LOGINS)
def test_each_demo_login_works(label, email, settings):
    # The demo runs on the development settings, which let a password alone log in.
    settings.TWO_FACTOR_REQUIRED = import_module("config.settings.development").TWO_FACTOR_REQUIRED
    load_demo()

    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email=email).pk)
    assert client.get(reverse("core:home")).status_code == 200


def test_demo_logins_name_one_account_per_role():
    load_demo()

    roles = {User.objects.get(email=email).role for _label, email in DEMO_LOGINS}
    assert roles == set(Role.values)


# The labs. Timișoara's second round is the seed's own lab, dated so that a newcomer finds it
# open for answers; the first round was held on 30 September.

SEED_THEME_RO = (
    "Cum poate deveni programul Capitală Europeană a Culturii o oportunitate pentru orașe și "
    "regiuni de a dezvolta inițiativele antreprenoriale existente și viitoare?"
)
BUCHAREST = zoneinfo.ZoneInfo("Europe/Bucharest")


def test_the_labs_are_there_with_their_slugs():
    load_demo()

    labs = {lab.slug: lab for lab in Lab.objects.select_related("partner")}
    assert set(labs) == {
        "timisoara-lll-1",
        "timisoara-lll-2",
        "timisoara-lll-3",
        "leeuwarden-lll-2",
        "matera-lll-2",
        "rijeka-lll-2",
        "kaunas-lll-2",
        "ecoc-sme-workshop-leeuwarden",
    }
    statuses = {slug: lab.status for slug, lab in labs.items()}
    assert statuses.pop("timisoara-lll-1") == LabStatus.HELD
    assert statuses.pop("timisoara-lll-3") == LabStatus.DRAFT
    assert set(statuses.values()) == {LabStatus.PUBLISHED}
    assert [labs[f"timisoara-lll-{n}"].round_number for n in (1, 2, 3)] == [1, 2, 3]
    assert labs["timisoara-lll-3"].previous == labs["timisoara-lll-2"]


def test_the_seeds_lab_is_published_and_open_for_answers():
    load_demo()

    lab = Lab.objects.select_related("partner", "previous").get(slug="timisoara-lll-2")
    today = timezone.localdate()
    starts = lab.starts_at.astimezone(BUCHAREST)
    deadline = lab.rsvp_deadline.astimezone(BUCHAREST)
    assert lab.status == LabStatus.PUBLISHED
    assert lab.partner.slug == "timisoara"
    assert (lab.kind, lab.round_number, lab.time_zone) == (
        LabKind.LOCAL_LAB,
        2,
        "Europe/Bucharest",
    )
    assert starts.weekday() == 2  # a Wednesday, as in the seed
    assert starts.time() == datetime.time(10, 0)
    assert 14 <= (starts.date() - today).days < 21
    assert deadline.date() == starts.date() - datetime.timedelta(days=2)
    assert deadline.time() == datetime.time(23, 59)
    assert rsvp_is_open(lab)
    assert lab.capacity == 40
    # The people of round 1 were invited first; the newcomer invites the others.
    not_invited = Stakeholder.objects.filter(partner=lab.partner).exclude(invitations__lab=lab)
    assert not_invited.count() > lab.invitations.count() / 2


def test_the_seeds_lab_has_the_seeds_texts_venue_and_agenda():
    load_demo()

    lab = Lab.objects.get(slug="timisoara-lll-2")
    assert lab.theme["ro"] == SEED_THEME_RO
    assert lab.theme["en"].startswith("How can the European Capital of Culture programme")
    assert "30 septembrie" in lab.description["ro"]
    assert "30 September" in lab.description["en"]
    assert lab.venue_name == "Spațiul Expozițional al Primăriei Municipiului Timișoara"
    assert lab.venue_address == "Piața Victoriei nr. 5 (lângă Prospero), Timișoara"
    assert lab.map_url.startswith("https://www.openstreetmap.org/")
    agenda = list(lab.agenda.all())
    assert len(agenda) == 5
    assert agenda[0].starts_at == datetime.time(10, 0)
    assert all(set(item.title) == {"ro", "en"} for item in agenda)
    titles = " | ".join(item.title["en"] for item in agenda).lower()
    for part in (
        "welcome",
        "30 september",
        "good practices",
        "facilitated discussion",
        "action plan",
    ):
        assert part in titles


def test_the_seeds_lab_has_the_seeds_contact_roles_with_invented_people():
    load_demo()

    contacts = list(Lab.objects.get(slug="timisoara-lll-2").contacts.all())
    assert [c.role for c in contacts] == ["rsvp", "manager"]
    assert "communication" in contacts[0].function["en"]
    assert "project manager" in contacts[1].function["en"]
    for contact in contacts:
        assert contact.email.endswith("@timisoara.example.org")
        assert contact.phone.startswith("+40700000")
        assert set(contact.function) == {"ro", "en"}


def test_the_seeds_lab_follows_round_1_and_its_results():
    load_demo()

    lab = Lab.objects.select_related("previous").get(slug="timisoara-lll-2")
    first = lab.previous
    assert first.slug == "timisoara-lll-1"
    assert first.status == LabStatus.HELD
    assert first.results["ro"] and first.results["en"]
    starts = first.starts_at.astimezone(BUCHAREST)
    assert (starts.month, starts.day, starts.time()) == (9, 30, datetime.time(10, 0))
    # Far enough back for the action plan that grew out of it to have a history.
    days_ago = (timezone.localdate() - starts.date()).days
    assert HELD_AT_LEAST_DAYS_AGO <= days_ago < HELD_AT_LEAST_DAYS_AGO + 366


def test_round_1_shows_attendance_recorded_by_phone_and_sent_nothing():
    load_demo()

    first = Lab.objects.get(slug="timisoara-lll-1")
    invitations = first.invitations.all()
    answers = {r: invitations.filter(response=r).count() for r in Response.values}
    assert answers[Response.ATTENDING] >= 15
    assert answers[Response.DECLINED] >= 1
    assert answers[Response.PENDING] >= 1
    # Walk-ins answered at the door; everyone else on the phone, before the deadline.
    answered = invitations.exclude(response=Response.PENDING).exclude(
        response_via=ResponseVia.IN_PERSON
    )
    assert set(answered.values_list("response_via", flat=True)) == {"phone"}
    assert all(i.responded_at <= first.rsvp_deadline for i in answered)
    assert not invitations.filter(message__isnull=False).exists()
    attending = invitations.filter(response=Response.ATTENDING)
    assert set(attending.values_list("stakeholder__tags__name", flat=True)) >= {"LLL round 1"}


@pytest.mark.parametrize("field", ["invitation_subject", "invitation_body"])
def test_the_invitation_texts_have_no_unknown_placeholders(field):
    load_demo()

    texts = getattr(Lab.objects.get(slug="timisoara-lll-2"), field)
    assert set(texts) == {"ro", "en"}
    for text in texts.values():
        assert template_errors(text) == []
    if field == "invitation_body":
        for text in texts.values():
            for placeholder in ("{name}", "{theme}", "{date}", "{deadline}", "{rsvp_link}"):
                assert placeholder in text


@pytest.mark.parametrize("slug", ["leeuwarden", "matera", "rijeka", "kaunas"])
def test_every_other_city_has_a_published_lab_ahead_in_its_language(slug):
    load_demo()

    partner = Partner.objects.get(slug=slug)
    lab = Lab.objects.get(partner=partner, kind=LabKind.LOCAL_LAB)
    assert lab.status == LabStatus.PUBLISHED
    assert lab.starts_at > lab.rsvp_deadline > timezone.now()
    assert set(lab.theme) == {partner.main_language, "en"}
    assert lab.time_zone == partner.time_zone


def test_leeuwarden_hosts_the_interregional_workshop():
    load_demo()

    workshop = Lab.objects.get(kind=LabKind.INTERREGIONAL_WORKSHOP)
    assert workshop.partner.slug == "leeuwarden"
    assert workshop.status == LabStatus.PUBLISHED
    assert workshop.starts_at > timezone.now()
    assert workshop.theme["en"]


@pytest.mark.parametrize(
    ("today", "open_day"),
    [
        (datetime.date(2019, 11, 4), datetime.date(2019, 11, 20)),  # the seed's own dates
        (datetime.date(2019, 11, 6), datetime.date(2019, 11, 20)),  # a Wednesday
        (datetime.date(2019, 11, 7), datetime.date(2019, 11, 27)),
        (datetime.date(2026, 12, 20), datetime.date(2027, 1, 6)),
    ],
)
def test_the_open_lab_is_on_the_first_wednesday_two_weeks_ahead(today, open_day):
    assert open_lab_day(today) == open_day


@pytest.mark.parametrize(
    ("today", "held"),
    [
        # 200 days before 17 April 2020 is 30 September 2019.
        (datetime.date(2020, 4, 17), datetime.date(2019, 9, 30)),
        (datetime.date(2020, 4, 16), datetime.date(2018, 9, 30)),
        (datetime.date(2019, 11, 4), datetime.date(2018, 9, 30)),
        (datetime.date(2021, 1, 1), datetime.date(2019, 9, 30)),
    ],
)
def test_round_1_was_held_on_the_latest_30_september_200_days_back(today, held):
    assert held_day(9, 30, today=today) == held


# The lab day. Round 1 was played through: the door, the live wall, minutes and feedback.
# Round 2 is ready for its day: people to check in, a live wall to open.


def round_1() -> Lab:
    return Lab.objects.get(slug="timisoara-lll-1")


def round_2() -> Lab:
    return Lab.objects.get(slug="timisoara-lll-2")


def logged_in(email: str) -> Client:
    return client_for(User.objects.get(email=email))


def test_round_1s_attendees_were_checked_in_on_its_day_with_two_walk_ins():
    load_demo()

    first = round_1()
    checkins = CheckIn.objects.filter(invitation__lab=first).select_related(
        "invitation__stakeholder"
    )
    said_yes = first.invitations.filter(response=Response.ATTENDING).exclude(
        response_via=ResponseVia.IN_PERSON
    )
    walk_ins = [c for c in checkins if c.is_walk_in]
    assert len(walk_ins) == 2
    # Everyone who said yes came, but one.
    assert checkins.filter(is_walk_in=False).count() == said_yes.count() - 1
    for checkin in checkins:
        arrived = checkin.checked_in_at
        assert first.starts_at - datetime.timedelta(hours=1) < arrived < first.ends_at
    for checkin in walk_ins:
        person = checkin.invitation.stakeholder
        assert is_reserved(person.email)
        consents = person.consents.filter(method="in_person", given=True)
        assert ConsentPurpose.INVITATIONS in set(consents.values_list("purpose", flat=True))
        assert all(c.at.date() == checkin.checked_in_at.date() for c in consents)


def test_round_1s_live_wall_was_closed_after_three_questions_with_votes_and_themes():
    load_demo()

    first = round_1()
    session = LiveSession.objects.get(lab=first)
    assert not session.is_open
    prompts = list(session.prompts.all())
    assert 2 <= len(prompts) <= 3
    assert {p.status for p in prompts} == {PromptStatus.CLOSED}
    assert all(set(p.text) == {"ro", "en"} for p in prompts)
    shown = Idea.objects.filter(prompt__session=session).shown()
    texts = " ".join(shown.values_list("text", flat=True))
    assert set("șțăâî") <= set(texts)  # written in Romanian
    assert shown.filter(text__startswith="A ").exists()  # and some in English
    assert Idea.objects.filter(prompt__session=session, merged_into__isnull=False).count() == 1
    assert (
        not Idea.objects.filter(prompt__session=session).exclude(status=IdeaStatus.VISIBLE).exists()
    )
    assert all(p.themes.exists() for p in prompts)
    assert shown.filter(theme__isnull=False).count() > shown.count() / 2
    # Nobody used more votes on a question than the session allows.
    for participant in session.participants.all():
        for prompt in prompts:
            used = Vote.objects.filter(participant=participant, idea__prompt=prompt).count()
            assert used <= session.vote_budget
    assert Vote.objects.filter(idea__prompt__session=session).count() > 50
    day = first.starts_at.date()
    assert {i.created_at.date() for i in Idea.objects.filter(prompt__session=session)} == {day}


def test_round_1s_results_and_minutes_are_published_after_it():
    load_demo()

    first = round_1()
    minutes = Minutes.objects.get(lab=first)
    assert minutes.is_published
    assert first.ends_at < minutes.published_at < timezone.now()
    assert set(minutes.summary) == set(minutes.decisions) == {"ro", "en"}
    response = Client().get(reverse("results:public", args=[first.slug]))
    assert response.status_code == 200
    assert "Un punct unic de informare" in response.text


def test_round_1s_feedback_passes_a_minimum_of_five_respondents():
    load_demo()

    first = round_1()
    answers = FeedbackAnswer.objects.filter(lab=first)
    assert answers.count() >= 5
    receipts = FeedbackReceipt.objects.filter(invitation__lab=first)
    assert receipts.count() == answers.count()
    assert not receipts.filter(invitation__checkin__isnull=True).exists()  # attendees only
    assert all(r.answered_at > first.ends_at for r in receipts)
    assert {a.usefulness for a in answers} <= {1, 2, 3, 4, 5}
    assert len({a.learned_usable for a in answers}) > 1
    response = logged_in("staff@timisoara.example.org").get(
        reverse("results:feedback", args=[first.slug])
    )
    assert response.status_code == 200


def test_round_2s_public_page_shows_the_results_of_round_1():
    load_demo()

    response = Client().get(reverse("labs:public", args=["timisoara-lll-2"]))

    assert response.status_code == 200
    assert "Results of the previous session" in response.text
    # The published results, not only the lab's own text: the top idea of the live wall,
    # and the link to all of them.
    assert "Un punct unic de informare pentru firme" in response.text
    assert reverse("results:public", args=["timisoara-lll-1"]) in response.text


def test_round_2_has_answers_by_phone_and_e_mail_and_nobody_waiting():
    load_demo()

    lab = round_2()
    invitations = lab.invitations.all()
    answers = {r: invitations.filter(response=r).count() for r in Response.values}
    assert answers[Response.ATTENDING] >= 8
    assert answers[Response.DECLINED] >= 2
    assert answers[Response.PENDING] >= 5
    # Far from its 40 seats, so nobody is on the waiting list.
    assert answers[Response.ATTENDING] < lab.capacity
    assert answers[Response.WAITLISTED] == 0
    answered = invitations.exclude(response=Response.PENDING)
    assert set(answered.values_list("response_via", flat=True)) == {"phone", "email"}
    assert not CheckIn.objects.filter(invitation__lab=lab).exists()  # the day is ahead
    # Everyone was sent their invitation before answering the communication officer.
    assert not invitations.filter(message__isnull=True).exists()
    assert all(i.responded_at >= i.message.sent_at for i in answered.select_related("message"))


def test_round_2_starts_as_a_lab_whose_invitations_went_out(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    lab = round_2()
    client = logged_in("staff@timisoara.example.org")

    progress = client.get(lab.get_absolute_url()).content.decode()
    invited = lab.invitations.count()
    assert f"{invited} of {invited} invitations sent." in progress
    assert "Sending continues" not in progress
    invite_page = client.get(reverse("labs:invite", args=[lab.slug])).content.decode()
    # Who answered the communication officer is listed, never asked to answer again.
    answered = lab.invitations.exclude(response=Response.PENDING).count()
    shown = re.search(r'<tr id="count-answered">.*?<td>(\d+)</td>', invite_page)
    assert shown is not None and int(shown.group(1)) == answered
    assert 'data-count="unsent"' not in invite_page


def test_round_2s_check_in_page_lists_the_people_attending():
    load_demo()

    lab = round_2()
    response = logged_in("facilitator@timisoara.example.org").get(
        reverse("labs:checkin", args=[lab.slug])
    )

    assert response.status_code == 200
    attending = lab.invitations.filter(response=Response.ATTENDING).select_related("stakeholder")
    assert attending
    for invitation in attending:
        assert invitation.stakeholder.full_name in response.text
    declined = lab.invitations.filter(response=Response.DECLINED).select_related("stakeholder")
    assert declined
    for invitation in declined:
        assert invitation.stakeholder.full_name not in response.text


def test_round_2s_staff_page_shows_its_answers():
    load_demo()

    response = logged_in("staff@timisoara.example.org").get(
        reverse("labs:detail", args=["timisoara-lll-2"])
    )

    assert response.status_code == 200


def test_the_facilitator_can_open_round_2s_projector():
    load_demo()

    lab = round_2()
    session = LiveSession.objects.get(lab=lab)
    assert not session.is_open
    prompts = list(session.prompts.all())
    assert 1 <= len(prompts) <= 3
    assert {p.status for p in prompts} == {PromptStatus.DRAFT}
    facilitator = logged_in("facilitator@timisoara.example.org")

    projector = facilitator.get(reverse("cocreation:projector", args=[lab.slug]))
    facilitate = facilitator.get(reverse("cocreation:facilitate", args=[lab.slug]))

    assert projector.status_code == 200
    assert session.join_code in projector.text
    assert facilitate.status_code == 200


def test_the_command_prints_where_to_play_the_lab_day():
    out = load_demo()

    session = LiveSession.objects.get(lab__slug="timisoara-lll-2")
    assert "facilitator@timisoara.example.org" in out
    assert reverse("labs:checkin", args=["timisoara-lll-2"]) in out
    assert session.join_code in out
    assert reverse("results:public", args=["timisoara-lll-1"]) in out


def test_an_earlier_demo_is_completed_with_the_lab_day():
    """A database loaded before the lab day was part of the demo gets it on the next run."""
    load_demo()
    first, second = round_1(), round_2()
    CheckIn.objects.filter(invitation__lab=first).delete()
    LiveSession.objects.all().delete()
    Minutes.objects.all().delete()
    FeedbackAnswer.objects.all().delete()
    FeedbackReceipt.objects.all().delete()
    second.invitations.all().delete()

    out = load_demo()

    assert "check-ins" in out
    assert CheckIn.objects.filter(invitation__lab=first).exists()
    assert LiveSession.objects.count() == 2
    assert Minutes.objects.get(lab=first).is_published
    assert FeedbackAnswer.objects.filter(lab=first).count() >= 5
    assert second.invitations.filter(response=Response.ATTENDING).exists()


def test_the_output_lists_every_account_with_its_partner_and_the_password_once():
    output = load_demo()

    for user in User.objects.select_related("partner"):
        row = next((line for line in output.splitlines() if user.email in line), "")
        assert row, f"{user.email} is not in the output"
        assert user.get_role_display() in row
        assert user.partner.city in row
    assert output.count(DEMO_PASSWORD) == 1
