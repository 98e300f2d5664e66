import datetime
import io
import re
import zoneinfo

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from learninglab.accounts.models import User
from learninglab.core.models import AuditEntry, Via
from learninglab.core.roles import Role
from learninglab.core.text import fold
from learninglab.demo.data import DEMO_LOGINS, DEMO_PASSWORD
from learninglab.demo.services import held_day, open_lab_day
from learninglab.labs.mails import template_errors
from learninglab.labs.models import Invitation, Lab, LabContact, LabKind, LabStatus, Response
from learninglab.labs.rsvp import rsvp_is_open
from learninglab.messaging.models import OutboundMessage
from learninglab.projects.models import Partner, PolicyInstrument, Project
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
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


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
    assert row_counts() == before
    assert "Demo data already loaded" in second


def test_nobody_is_sent_anything(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()

    assert OutboundMessage.objects.count() == 0
    assert not Invitation.objects.filter(message__isnull=False).exists()


def test_a_later_run_leaves_the_labs_dates_alone(monkeypatch):
    load_demo()
    before = row_counts()
    dates = dict(Lab.objects.values_list("slug", "starts_at"))
    later = timezone.localdate() + datetime.timedelta(days=40)
    monkeypatch.setattr("learninglab.demo.services.timezone.localdate", lambda: later)

    load_demo()

    assert dict(Lab.objects.values_list("slug", "starts_at")) == dates
    assert row_counts() == before


def test_everything_is_audited_as_done_from_the_command_line():
    load_demo()

    entries = AuditEntry.objects.all()
    # The answers to round 1 were taken on the phone, and are audited so.
    assert set(entries.exclude(action="labs.rsvp.recorded").values_list("via", flat=True)) == {
        Via.CLI
    }
    assert set(entries.filter(action="labs.rsvp.recorded").values_list("via", flat=True)) == {
        Via.PHONE
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
        "labs.agenda.changed",
        "labs.contacts.changed",
        "labs.invitations.created",
        "labs.rsvp.recorded",
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
        p.slug: (p.institution, p.city, p.country, p.role, p.ecoc_year, p.time_zone, p.languages)
        for p in Partner.objects.filter(project__acronym="ECoC-SME")
    }
    assert partners == SEED_PARTNERS


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
    assert set(invitations.values_list("method", flat=True)) == {"form", "email"}
    assert set(Consent.objects.values_list("text_version", flat=True)) == {"2019-09 privacy notice"}
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
def test_each_demo_login_works(label, email):
    load_demo()

    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email=email).pk)


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
    assert not lab.invitations.exists()  # the newcomer invites


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
    assert starts.date() < timezone.localdate()
    assert starts.date() > timezone.localdate() - datetime.timedelta(days=366)


def test_round_1_shows_attendance_recorded_by_phone_and_sent_nothing():
    load_demo()

    first = Lab.objects.get(slug="timisoara-lll-1")
    invitations = first.invitations.all()
    answers = {r: invitations.filter(response=r).count() for r in Response.values}
    assert answers[Response.ATTENDING] >= 15
    assert answers[Response.DECLINED] >= 1
    assert answers[Response.PENDING] >= 1
    answered = invitations.exclude(response=Response.PENDING)
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
        (datetime.date(2019, 11, 4), datetime.date(2019, 9, 30)),
        (datetime.date(2019, 10, 1), datetime.date(2019, 9, 30)),
        (datetime.date(2019, 9, 30), datetime.date(2018, 9, 30)),
        (datetime.date(2020, 3, 1), datetime.date(2019, 9, 30)),
    ],
)
def test_round_1_was_held_on_the_latest_30_september(today, held):
    assert held_day(9, 30, today=today) == held
