"""The permission matrix: what every role gets on every URL of the site.

The matrix is checked against the URL conf: a URL without an entry fails the test, so a new
page cannot be added without deciding who may open it. Every object in the URLs belongs to
Timișoara. Partner staff of Matera get 404 on them, never 403, so that they cannot even
learn that the object exists. A refused request, GET or POST, changes nothing in the
database. Every request runs in a savepoint that is rolled back, so an allowed POST of one
role does not change what the next role finds.
"""

from __future__ import annotations

import datetime
import io
import re
import uuid
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any
from urllib.parse import unquote

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from PIL import Image

from learninglab.accounts.models import ApiToken, ApiTokenScope
from learninglab.accounts.tokens import api_token_create
from learninglab.actionplans.models import (
    ActionIdea,
    ActionPractice,
    EvidenceFile,
    PlanFollower,
    ProgressImport,
)
from learninglab.actionplans.services.workflow import EndorsementData, plan_endorse, plan_submit
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FundingSourceFactory,
    MilestoneFactory,
    PlayerFactory,
    ProgressEntryFactory,
    ready_plan,
    signed_pdf,
)
from learninglab.cocreation.tests.factories import (
    IdeaFactory,
    LiveSessionFactory,
    PromptFactory,
    ThemeFactory,
)
from learninglab.conftest import client_for
from learninglab.core.multilingual import Multilingual
from learninglab.core.permissions import registered
from learninglab.factories import ConsentFactory, OrganisationFactory, StakeholderFactory
from learninglab.labs.links import registration_token, rsvp_token, unsubscribe_token
from learninglab.labs.models import LabMessage, LabStatus, Registration, RegistrationState
from learninglab.labs.services.question import QuestionData, question_save
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory
from learninglab.messaging.services import Attachment, Email, message_enqueue
from learninglab.practices.models import PracticeStatus, PracticeTransfer, TransferStage
from learninglab.practices.tests.factories import PracticeFactory, document_of, image_of
from learninglab.projects.models import LogoKind
from learninglab.projects.services import logo_replace
from learninglab.results.links import feedback_token
from learninglab.results.models import FileKind, Minutes, ResultFile
from learninglab.stakeholders.importing import ImportOptions, import_batch_create
from learninglab.stakeholders.models import Tag
from learninglab.webhooks.models import DeliveryState
from learninglab.webhooks.services import subscription_ping
from learninglab.webhooks.tests.factories import subscribe

ROLES = ("anonymous", "stakeholder", "facilitator", "staff", "other_staff", "coordinator")

# Who gets what, by audience. ``anonymous``: a visitor without an account, who guesses
# the personal links and the live session's code (and gets them wrong). ``stakeholder``: a
# visitor without an account who holds the personal link and joined the live session.
# ``staff``: partner staff of Timișoara, whose objects are in the URLs; ``other_staff``:
# partner staff of Matera. ``ok``: the page opens or the POST is taken up (any answer but
# the refusals below and 405); ``login``: redirected to the login page; ``403``: refused;
# ``404``: not found, the object's existence not disclosed.
#
# ``linked``: the pages of a personal link or of the live session; ``accounts``: any staff
# account; ``partner_pages``: partner-wide pages (lists, forms to add), each partner's staff
# seeing their own; ``partner_object``: pages of one of Timișoara's objects; ``lab_team``:
# pages the facilitators of the lab's partner use too; ``team_pages``: the list of labs;
# ``admin``: the admin, for the coordinator alone; ``admin_login``: its login, which staff
# it does not admit are refused rather than sent round in circles; ``cut_link``: the page
# that explains a personal link cut short answers 404 to everyone; ``review``: the
# coordinator's steps of a good practice's review, refused to every other role before the
# practice is even looked up; ``own_token``: an API token, which only its owner may revoke.
#
# The API's URLs (``api:*``) are called with a personal token of each role's account
# instead of a session (the ``stakeholder`` and the ``anonymous`` visitor send none), and
# their POSTs send JSON. ``401``: refused for want of a token. ``api_public``: what the
# public pages show; ``api_team``: the labs, for any staff account; ``api_partner``:
# partner-wide lists; ``api_object``: one of Timișoara's objects, or what belongs to one;
# ``api_lab_team``: a lab's parts the facilitators of its partner use too.
AUDIENCES = """
audience       anonymous stakeholder facilitator staff other_staff coordinator
public         ok        ok          ok          ok    ok          ok
linked         404       ok          ok          ok    ok          ok
accounts       login     login       ok          ok    ok          ok
partner_pages  login     login       403         ok    ok          ok
partner_object login     login       403         ok    404         ok
lab_team       login     login       ok          ok    404         ok
team_pages     login     login       ok          ok    ok          ok
admin          login     login       login       login login       ok
admin_login    ok        ok          403         403   403         ok
cut_link       404       404         404         404   404         404
review         login     login       403         403   403         ok
own_token      login     login       404         ok    404         404
api_public     ok        ok          ok          ok    ok          ok
api_team       401       401         ok          ok    ok          ok
api_partner    401       401         403         ok    ok          ok
api_object     401       401         403         ok    404         ok
api_lab_team   401       401         ok          ok    404         ok
"""

# One entry per URL name (an unnamed pattern by its route), in the order of the URL conf.
# ``arguments``: what fills the URL's parameters, beyond the defaults (``slug``: the
# upcoming lab; ``public_id``, ``token``: Ioana's RSVP link; ``code``: the live session's;
# ``partner_slug``: Timișoara). ``GET`` and ``POST``: the audience, ``-`` when the URL
# does not take that method. ``admin:*`` stands for every URL of the admin but its login
# and logout: they come with the models registered in it.
URL_MATRIX = """
URL name                         arguments                     GET            POST
core:home                        -                             accounts       -
core:audit                       -                             partner_pages  -
core:health                      -                             public         -
projects:settings                -                             review         -
projects:logo_upload             pk=project,kind=logo_kind     -              review
projects:logo_remove             pk=project,kind=logo_kind     -              review
projects:logo                    name=logo                     public         -
accounts:login                   -                             public         public
accounts:login_otp               -                             public         public
accounts:enrol                   -                             public         public
accounts:logout                  -                             -              public
accounts:security                -                             accounts       -
accounts:two_factor_start        -                             -              accounts
accounts:two_factor_confirm      -                             -              accounts
accounts:backup_codes            -                             -              accounts
accounts:two_factor_disable      -                             -              accounts
accounts:api_token_create        -                             -              accounts
accounts:api_token_revoke        pk=api_token                  -              own_token
stakeholders:list                -                             partner_pages  -
stakeholders:export              fmt=csv                       partner_pages  -
stakeholders:create              -                             partner_pages  partner_pages
stakeholders:detail              pk=person                     partner_object -
stakeholders:edit                pk=person                     partner_object partner_object
stakeholders:consent             pk=person                     -              partner_object
stakeholders:merge               pk=person                     partner_object partner_object
stakeholders:data_export         pk=person                     partner_object -
stakeholders:erase               pk=person                     partner_object partner_object
stakeholders:import              -                             partner_pages  partner_pages
stakeholders:import_preview      pk=import                     partner_object -
stakeholders:import_commit       pk=import                     -              partner_object
messaging:outbox                 -                             partner_pages  -
messaging:message                pk=message                    partner_object -
messaging:message_html           pk=message                    partner_object -
messaging:attachment             pk=message,index=0            partner_object -
messaging:image                  pk=message,content_id=image   partner_object -
messaging:retry                  pk=message                    -              partner_object
labs:list                        -                             team_pages     -
labs:create                      -                             partner_pages  partner_pages
labs:detail                      -                             lab_team       -
labs:edit                        -                             partner_object partner_object
labs:publish                     -                             -              partner_object
labs:held                        -                             -              partner_object
labs:cancel                      -                             partner_object partner_object
labs:duplicate                   -                             -              partner_object
labs:invite                      -                             partner_object partner_object
labs:invitation_preview          -                             partner_object -
labs:progress                    -                             lab_team       -
labs:answers                     -                             partner_object -
labs:answers_export              fmt=csv                       partner_object -
labs:answer_record               pk=invitation                 partner_object partner_object
labs:messages                    -                             partner_object -
labs:message_new                 -                             partner_object partner_object
labs:message                     pk=lab_message                partner_object -
labs:registrations               -                             partner_object -
labs:registration_decide         pk=registration_pk            -              partner_object
labs:questions                   -                             partner_object -
labs:question_create             purpose=registration          partner_object partner_object
labs:question_standard           -                             -              partner_object
labs:question_edit               pk=question                   partner_object partner_object
labs:question_move               pk=question                   -              partner_object
labs:question_delete             pk=question                   -              partner_object
labs:question_restore            pk=question                   -              partner_object
labs:checkin                     -                             lab_team       -
labs:checkin_headcount           -                             lab_team       -
labs:checkin_scan                -                             -              lab_team
labs:checkin_walk_in             -                             -              lab_team
labs:checkin_record              pk=expected                   -              lab_team
labs:checkin_undo                pk=expected                   -              lab_team
labs:public                      -                             public         -
labs:register                    -                             -              public
labs:registration_sent           -                             public         -
labs:registration_confirm        public_id=registration_id,token=registration_token linked linked
labs:partner_calendar            -                             public         -
labs:rsvp                        -                             linked         linked
labs:rsvp_questions              -                             -              linked
labs:rsvp_colleague              -                             -              linked
labs:unsubscribe                 token=unsubscribe             linked         linked
labs:rsvp_calendar               -                             linked         -
labs:rsvp_data                   -                             linked         -
labs:unsubscribe_data            token=unsubscribe             linked         -
^(?:rsvp|unsubscribe)/(?:[^/]+/)?$ path=/rsvp/                 cut_link       -
cocreation:facilitate            -                             lab_team       -
cocreation:create                -                             -              lab_team
cocreation:configure             -                             -              lab_team
cocreation:open                  -                             -              lab_team
cocreation:close                 -                             -              lab_team
cocreation:prompt_create         -                             -              lab_team
cocreation:prompt_open           pk=prompt                     -              lab_team
cocreation:prompt_close          pk=prompt                     -              lab_team
cocreation:queue                 pk=prompt                     lab_team       -
cocreation:results               pk=prompt                     lab_team       -
cocreation:prompts               -                             lab_team       -
cocreation:merge_and_hidden      pk=prompt                     lab_team       -
cocreation:theme_create          pk=prompt                     -              lab_team
cocreation:merge                 pk=prompt                     -              lab_team
cocreation:theme_rename          pk=theme                      -              lab_team
cocreation:idea_approve          pk=idea                       -              lab_team
cocreation:idea_hide             pk=idea                       -              lab_team
cocreation:idea_theme            pk=idea                       -              lab_team
cocreation:projector             -                             lab_team       -
cocreation:projector_wall        -                             lab_team       -
cocreation:join                  -                             public         public
cocreation:join_session          -                             linked         linked
cocreation:participant           -                             linked         -
cocreation:participant_status    -                             public         -
cocreation:participant_ideas     -                             linked         -
cocreation:idea_submit           -                             -              linked
cocreation:votes                 -                             -              linked
cocreation:language              -                             -              linked
reports:attendance_sheet         -                             partner_object -
reports:attendance_report        fmt=pdf                       partner_object -
reports:badges                   -                             partner_object -
reports:practice_form            slug=practice,fmt=pdf         partner_pages  -
reports:plan_reports             -                             partner_pages  -
reports:progress_report          partner=partner_slug,period=2021-S1,fmt=pdf partner_object -
reports:plan_export              slug=plan,fmt=pdf             partner_object -
results:staff                    slug=held                     partner_object -
results:minutes                  slug=held                     partner_object partner_object
results:files                    slug=held                     partner_object partner_object
results:photos                   slug=held                     -              partner_object
results:file                     slug=held,pk=file             partner_object -
results:file_delete              slug=held,pk=file             -              partner_object
results:publish                  slug=held                     -              partner_object
results:withdraw                 slug=held                     -              partner_object
results:feedback                 slug=held                     partner_object -
results:survey_preview           slug=held                     partner_object -
results:capacity                 -                             partner_pages  -
indicators:dashboard             -                             partner_pages  -
indicators:rows                  key=people                    partner_pages  -
indicators:export                -                             partner_pages  -
practices:catalogue              -                             public         -
practices:staff_list             -                             partner_pages  -
practices:map                    -                             public         -
practices:create                 -                             partner_pages  partner_pages
practices:edit                   slug=draft                    partner_object partner_object
practices:export                 fmt=csv                       partner_pages  -
practices:transfers              -                             public         -
practices:transfer_remove        pk=transfer                   -              partner_object
practices:transfer_record        slug=practice                 partner_pages  partner_pages
practices:staff_detail           slug=practice                 partner_object -
practices:submit                 slug=draft                    -              partner_object
practices:return                 slug=practice                 -              review
practices:approve                slug=practice                 -              review
practices:decline                slug=practice                 -              review
practices:validate               slug=practice                 -              review
practices:unpublish              slug=practice                 -              review
practices:image_add              slug=draft                    -              partner_object
practices:image                  slug=draft,pk=draft_image     partner_object -
practices:image_remove           slug=draft,pk=draft_image     -              partner_object
practices:document_add           slug=draft                    -              partner_object
practices:document               slug=draft,pk=draft_doc       partner_object -
practices:document_remove        slug=draft,pk=draft_doc       -              partner_object
practices:detail                 slug=practice                 public         -
practices:public_image           slug=practice,pk=practice_img public         -
practices:public_document        slug=practice,pk=practice_doc public         -
results:public                   slug=held                     public         -
results:public_file              slug=held,pk=file             public         -
results:survey                   slug=held,token=feedback      linked         linked
actionplans:action_create        slug=plan                     partner_object partner_object
actionplans:action               slug=plan,pk=action           partner_object -
actionplans:action_edit          slug=plan,pk=action           partner_object partner_object
actionplans:action_delete        slug=plan,pk=action           partner_object partner_object
actionplans:action_move          slug=plan,pk=action           -              partner_object
actionplans:player_add           slug=plan,pk=action           -              partner_object
actionplans:player_remove        slug=plan,pk=action,item=player -            partner_object
actionplans:milestone_add        slug=plan,pk=action           -              partner_object
actionplans:milestone_remove     slug=plan,pk=action,item=milestone -         partner_object
actionplans:funding_add          slug=plan,pk=action           -              partner_object
actionplans:funding_remove       slug=plan,pk=action,item=funding -           partner_object
actionplans:action_links         slug=plan,pk=action           partner_object -
actionplans:practice_link        slug=plan,pk=action           -              partner_object
actionplans:practice_unlink      slug=plan,pk=action,item=practice_link -     partner_object
actionplans:idea_link            slug=plan,pk=action           -              partner_object
actionplans:idea_unlink          slug=plan,pk=action,item=idea_link -         partner_object
actionplans:ideas_to_action      -                             partner_object partner_object
actionplans:action_provenance    slug=plan,pk=action           partner_object -
actionplans:monitoring           slug=ap_plan                  partner_object -
actionplans:progress_add         slug=ap_plan,pk=ap_action     partner_object partner_object
actionplans:milestone_reached    slug=ap_plan,pk=ap_action,milestone=ap_milestone -  partner_object
actionplans:evidence             slug=ap_plan,pk=ap_evidence   partner_object -
actionplans:progress_import      slug=ap_plan                  partner_object partner_object
actionplans:progress_template    slug=ap_plan                  partner_object -
actionplans:progress_import_preview slug=ap_plan,token=ap_import partner_object -
actionplans:progress_import_commit slug=ap_plan,token=ap_import -             partner_object
actionplans:public_plans         -                             public         -
actionplans:follow_confirm       token=ap_follow               linked         linked
actionplans:unsubscribe          token=ap_follow               linked         linked
actionplans:public_plan          slug=ap_plan                  public         -
actionplans:follow               slug=ap_plan                  public         public
actionplans:plans                -                             partner_pages  -
actionplans:plan_create          -                             partner_pages  partner_pages
actionplans:plan                 slug=plan                     partner_object -
actionplans:plan_edit            slug=plan                     partner_object partner_object
actionplans:plan_submit          slug=plan                     -              partner_object
actionplans:plan_withdraw        slug=plan                     -              partner_object
actionplans:plan_endorse         slug=plan                     -              partner_object
actionplans:plan_revise          slug=plan                     -              partner_object
actionplans:versions             slug=plan                     partner_object -
actionplans:version_compare      slug=plan                     partner_object -
actionplans:version_document     slug=endorsed,number=plan_version partner_object -
api:schema                       -                             api_public     -
api:docs                         -                             api_public     -
api:labs                         -                             api_team       -
api:lab                          -                             api_lab_team   -
api:lab_invitations              -                             api_object     -
api:lab_checkins                 -                             api_lab_team   -
api:lab_ideas                    -                             api_lab_team   -
api:stakeholders                 -                             api_partner    api_partner
api:stakeholder                  pk=person                     api_object     -
api:practices                    -                             api_public     -
api:practice                     slug=practice                 api_public     -
api:plans                        -                             api_public     -
api:plan                         slug=ap_plan                  api_public     -
api:indicators                   -                             api_partner    -
api:not_found                    -                             cut_link       -
webhooks:list                    -                             partner_pages  -
webhooks:create                  -                             partner_pages  partner_pages
webhooks:detail                  pk=webhook                    partner_object -
webhooks:edit                    pk=webhook                    partner_object partner_object
webhooks:rotate                  pk=webhook                    -              partner_object
webhooks:delete                  pk=webhook                    -              partner_object
webhooks:test                    pk=webhook                    -              partner_object
webhooks:resend                  pk=webhook_delivery           -              partner_object
set_language                     -                             -              public
javascript-catalog               -                             public         -
admin-login                      -                             admin_login    admin_login
admin:login                      -                             admin_login    admin_login
admin:logout                     -                             -              public
admin:*                          -                             admin          admin
"""


def _table(text: str) -> tuple[list[str], list[list[str]]]:
    header, *lines = text.strip().splitlines()
    return header.split(), [line.split() for line in lines]


def _audiences() -> dict[str, dict[str, str]]:
    header, rows = _table(AUDIENCES)
    assert tuple(header[1:]) == ROLES
    return {name: dict(zip(ROLES, outcomes, strict=True)) for name, *outcomes in rows}


AUDIENCE = _audiences()


def _matrix() -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """Return, by URL name, the arguments and the audience of each method."""
    header, rows = _table(URL_MATRIX)
    assert header == ["URL", "name", "arguments", "GET", "POST"]
    matrix = {}
    for name, arguments, *methods in rows:
        assert name not in matrix, f"{name} is in the matrix twice"
        given = (
            dict(pair.split("=", 1) for pair in arguments.split(",")) if arguments != "-" else {}
        )
        audiences = dict(zip(("GET", "POST"), methods, strict=True))
        for audience in audiences.values():
            assert audience == "-" or audience in AUDIENCE, f"{name}: no audience {audience!r}"
        matrix[name] = (given, {m: a for m, a in audiences.items() if a != "-"})
    return matrix


MATRIX = _matrix()


def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Iterator[Any]:
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else route
            yield name, route, pattern


def url_patterns() -> list[tuple[str, str, URLPattern]]:
    """Return (entry name, route, pattern) of every URL pattern of the site."""
    return list(_patterns(get_resolver()))


def _entry(name: str) -> str:
    """Return the matrix entry that covers the URL ``name``: the admin's, but for its login
    and logout, are covered at once by ``admin:*``."""
    if name not in MATRIX and name.startswith(("admin:", "admin/")):
        return "admin:*"
    return name


def test_every_url_is_in_the_matrix():
    """A new URL cannot be added without deciding who may open it."""
    names = {_entry(name) for name, _route, _pattern in url_patterns()}

    missing = sorted(names - MATRIX.keys())
    assert not missing, (
        "These URLs have no entry in URL_MATRIX (core/tests/test_permission_matrix.py); "
        f"add one saying who may GET and POST them: {missing}"
    )
    gone = sorted(MATRIX.keys() - names)
    assert not gone, f"URL_MATRIX has entries for URLs that no longer exist: {gone}"


# Audiences of the pages for accounts with a role: their views go through the permission layer.
GUARDED = {
    "partner_pages",
    "partner_object",
    "lab_team",
    "team_pages",
    "review",
    "api_team",
    "api_partner",
    "api_object",
    "api_lab_team",
}


def _permission_of(callback: Any) -> str | None:
    """Return the permission a view requires: a page's decorator, or an API view's class."""
    view_class = getattr(callback, "view_class", None)
    return getattr(callback, "permission", None) or getattr(view_class, "permission", None)


def test_every_staff_page_goes_through_the_permission_layer():
    unguarded = [
        name
        for name, _route, pattern in url_patterns()
        if set(MATRIX.get(_entry(name), ({}, {}))[1].values()) & GUARDED
        and _permission_of(pattern.callback) not in registered()
    ]

    assert not unguarded, f"Not guarded by a known permission: {unguarded}"


# -- the world the URLs point into --------------------------------------------------------


@pytest.fixture
def world(partner, other_partner, staff, tmp_path, settings) -> dict[str, Any]:
    """Everything the URLs name, of Timișoara: a lab to come with its live session, a lab
    held with its results, a person, an import, an e-mail in the outbox, an endorsed
    action plan, a webhook with a delivery."""
    settings.MEDIA_ROOT = tmp_path / "media"
    organisation = OrganisationFactory(partner=partner, name="Banat IT")
    person = StakeholderFactory(
        partner=partner, first_name="Ioana", last_name="Marin", organisation=organisation
    )
    person.tags.add(Tag.objects.create(partner=partner, name="creative industries"))
    ConsentFactory(stakeholder=person)
    StakeholderFactory(partner=other_partner, first_name="Giulia", last_name="Rossi")

    lab = LabFactory(partner=partner, slug="round-2")
    LabContactFactory(lab=lab)
    invitation = InvitationFactory(lab=lab, stakeholder=person, response="attending")
    question = question_save(
        actor=None,
        lab=lab,
        purpose="registration",
        data=QuestionData(kind="short_text", text=Multilingual({"en": "Dietary needs?"})),
    )
    # The door reaches only the people expected (``labs.selectors.checkin_people``).
    expected = InvitationFactory(lab=lab, response="attending")
    session = LiveSessionFactory(lab=lab, join_code="K7QH2M")
    prompt = PromptFactory(session=session)
    idea = IdeaFactory(prompt=prompt)
    theme = ThemeFactory(prompt=prompt)

    starts = timezone.now().replace(microsecond=0) - datetime.timedelta(days=3)
    held = LabFactory(
        partner=partner,
        slug="round-1",
        round_number=1,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        rsvp_deadline=starts - datetime.timedelta(days=2),
        status=LabStatus.HELD,
    )
    LabContactFactory(lab=held)
    attendance = InvitationFactory(lab=held, stakeholder=person, response="attending")
    Minutes.objects.create(lab=held, summary={"en": "We met."}, published_at=timezone.now())
    result_file = ResultFile(
        lab=held,
        kind=FileKind.DOCUMENT,
        original_name="slides.pdf",
        content_type="application/pdf",
        size=4,
        uploaded_by=staff,
    )
    result_file.file.save("slides.pdf", ContentFile(b"%PDF"), save=True)

    registration = Registration.objects.create(
        lab=lab,
        state=RegistrationState.AWAITING_APPROVAL,
        stakeholder=StakeholderFactory(partner=partner),
        language="ro",
        confirmed_at=timezone.now(),
    )
    lab_message = LabMessage.objects.create(
        lab=lab,
        segment="invited",
        subject={"ro": "Sala"},
        body={"ro": "Sala 2"},
        token=uuid.uuid4(),
    )
    message, _created = message_enqueue(
        key="matrix-message",
        kind="invitation",
        partner=partner,
        email=Email(
            to=person.email,
            subject="Invitation",
            text="See you there.",
            html='<p>See you there.</p><img src="cid:qr@learninglab">',
            attachments=[
                Attachment("invite.ics", b"BEGIN:VCALENDAR", "text/calendar"),
                Attachment("qr.png", b"\x89PNG", "image/png", content_id="qr@learninglab"),
            ],
        ),
    )
    upload, _report = import_batch_create(
        actor=staff,
        partner=partner,
        filename="people.csv",
        content=b"First name,Last name,E-mail\nAna,Pop,ana.pop@example.ro\n",
        options=ImportOptions(),
    )
    practice = PracticeFactory(
        partner=partner, status=PracticeStatus.PUBLISHED, published_at=timezone.now()
    )
    draft_practice = PracticeFactory(partner=partner, slug="draft-practice")
    # Timișoara studied a practice of Matera.
    studied = PracticeTransfer.objects.create(
        practice=PracticeFactory(
            partner=other_partner, status=PracticeStatus.PUBLISHED, published_at=timezone.now()
        ),
        partner=partner,
        stage=TransferStage.STUDIED,
        on=datetime.date(2021, 3, 12),
    )
    # Timișoara's action plan, public, with an action, a milestone, evidence, a progress
    # spreadsheet kept for its preview and a follower.
    plan = ActionPlanFactory(partner=partner, slug="timisoara-rop", is_public=True)
    action = ActionFactory(plan=plan, position=0)
    milestone = MilestoneFactory(action=action)
    evidence = EvidenceFile(
        entry=ProgressEntryFactory(action=action),
        original_name="minutes.pdf",
        content_type="application/pdf",
        size=4,
    )
    evidence.file.save("minutes.pdf", ContentFile(b"%PDF"), save=True)
    progress_import = ProgressImport.objects.create(
        plan=plan,
        filename="progress.csv",
        content=b"Action,Status,Progress (%),Date,What happened\n1,In progress,10,2021-03-01,Go\n",
        uploaded_by=staff,
        created_at=timezone.now(),
    )
    follower = PlanFollower.objects.create(
        plan=plan, email="ana.pop@example.ro", language="ro", created_at=timezone.now()
    )
    # Timișoara's plan, submitted and endorsed: version 2 keeps the signed document.
    endorsed_plan = ready_plan(partner=partner, slug="timisoara-rop-west")
    plan_submit(actor=staff, plan=endorsed_plan)
    endorsed = plan_endorse(
        actor=staff,
        plan=endorsed_plan,
        data=EndorsementData(
            on=datetime.date(2022, 6, 15),
            organisation="ADR Vest",
            signatory="Sorin Maxim",
            position="Director general",
            document=signed_pdf(),
        ),
    )
    practice_link = ActionPractice.objects.create(action=action, practice=practice)
    picture = io.BytesIO()
    Image.new("RGB", (30, 10), "navy").save(picture, format="PNG")
    logo = logo_replace(
        actor=None,
        project=partner.project,
        kind=LogoKind.PROGRAMME,
        upload=SimpleUploadedFile("programme.png", picture.getvalue()),
    )
    idea_link = ActionIdea.objects.create(action=action, idea=idea, lab=lab, text=idea.text)
    api_token, _key = api_token_create(actor=staff, owner=staff, name="Matrix")
    # Timișoara's webhook, with a delivery that was sent.
    webhook = subscribe("https://crm.example.org/hooks", partner=partner)
    webhook_delivery = subscription_ping(actor=None, subscription=webhook)
    webhook_delivery.state = DeliveryState.SUCCEEDED
    webhook_delivery.save(update_fields=["state"])
    return {
        "api_token": api_token.pk,
        "webhook": webhook.pk,
        "webhook_delivery": webhook_delivery.pk,
        "player": PlayerFactory(action=action).pk,
        "milestone": milestone.pk,
        "funding": FundingSourceFactory(action=action).pk,
        "practice_link": practice_link.pk,
        "idea_link": idea_link.pk,
        "ap_plan": plan.slug,
        "ap_action": action.pk,
        "ap_milestone": milestone.pk,
        "ap_evidence": evidence.pk,
        "ap_import": progress_import.token,
        "ap_follow": follower.token,
        "endorsed": endorsed_plan.slug,
        "plan_version": endorsed.number,
        "slug": lab.slug,
        "held": held.slug,
        "practice": practice.slug,
        "practice_img": image_of(practice).pk,
        "practice_doc": document_of(practice).pk,
        "draft": draft_practice.slug,
        "draft_image": image_of(draft_practice).pk,
        "draft_doc": document_of(draft_practice).pk,
        "transfer": studied.pk,
        "person": person.pk,
        "import": upload.pk,
        "message": message.pk,
        "lab_message": lab_message.pk,
        "registration_pk": registration.pk,
        "registration_id": str(registration.public_id),
        "registration_token": registration_token(registration),
        "image": "qr@learninglab",
        "invitation": invitation.pk,
        "question": question.pk,
        "expected": expected.pk,
        "prompt": prompt.pk,
        "theme": theme.pk,
        "idea": idea.pk,
        "file": result_file.pk,
        "partner_slug": partner.slug,
        "code": session.join_code,
        "public_id": str(invitation.public_id),
        "rsvp": rsvp_token(invitation),
        "unsubscribe": unsubscribe_token(invitation),
        "feedback": feedback_token(attendance),
        "feedback_public_id": str(attendance.public_id),
        "plan": action.plan.slug,
        "action": action.pk,
        "project": partner.project.pk,
        "logo_kind": LogoKind.PROGRAMME,
        "logo": PurePath(logo.image.name).name,
    }


def url_for(name: str, route: str, given: dict[str, str], world: dict, role: str) -> str:
    """Return the URL of ``name`` with its parameters filled from ``world``.

    The anonymous visitor gets the personal link and the session's code wrong.
    """
    if "path" in given:
        return given["path"]
    kwargs: dict[str, Any] = {}
    for parameter in re.findall(r"<(?:\w+:)?(\w+)>", route):
        value = given.get(parameter, parameter)
        if parameter == "public_id" and given.get("token") == "feedback":
            value = "feedback_public_id"
        elif parameter == "token":
            value = given.get("token", "rsvp")
        kwargs[parameter] = world.get(value, value)
    if role == "anonymous":
        if "token" in kwargs:
            kwargs["token"] = "0" * len(kwargs["token"])
        if "code" in kwargs:
            kwargs["code"] = "ZZZZZZ"
    return reverse(name, kwargs=kwargs)


def _client(
    request: pytest.FixtureRequest, role: str, world: dict, *, token: bool = False
) -> Client:
    if token:
        return _token_client(request, role)
    if role == "anonymous":
        return Client()
    if role == "stakeholder":
        client = Client()
        client.post(reverse("cocreation:join_session", args=[world["code"]]), {"name": "Ioana"})
        return client
    return client_for(request.getfixturevalue(role))


def _token_client(request: pytest.FixtureRequest, role: str) -> Client:
    """Return a client sending a write token of the role's account (none for visitors).

    The token counts as just used, so that its first request writes no ``last_used_at``.
    """
    if role in ("anonymous", "stakeholder"):
        return Client()
    token, key = api_token_create(
        actor=None, owner=request.getfixturevalue(role), name=role, scope=ApiTokenScope.WRITE
    )
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return Client(headers={"Authorization": f"Bearer {key}"})


# Tables that change on every request whatever it does: the sessions.
UNTRACKED = {Session}


def database_state() -> dict[str, list]:
    """Return every row of every table a request could change (Django's own tables: an
    unmanaged model, such as SQLite's search index, is the database's to keep)."""
    return {
        model._meta.label: sorted(model._default_manager.values_list(), key=repr)
        for model in apps.get_models()
        if model not in UNTRACKED and model._meta.managed
    }


def outcome_of(response: Any, url: str) -> str:
    """Name what the response says: one of the matrix's outcomes, or the status code."""
    if response.status_code in (401, 403, 404):
        return str(response.status_code)
    if response.status_code == 302:
        login_urls = (reverse("accounts:login"), reverse("admin:login"))
        if response.url.startswith(tuple(f"{u}?next=" for u in login_urls)):
            return "login"
    if response.status_code in (200, 204, 302, 303, 400):
        return "ok"
    return str(response.status_code)


def _cases() -> list[Any]:
    return [
        pytest.param(name, route, id=name)
        for name, route, _pattern in url_patterns()
        if _entry(name) in MATRIX and _entry(name) != "admin:*"
    ]


def check(
    requests: list[tuple[str, str, str, Client]], expected: dict[tuple[str, str], str]
) -> list[str]:
    """Make each (role, method, url, client) request; return what differs from ``expected``.

    Every answer, whoever asks and whatever it is, carries a Content-Security-Policy: the
    site's, or a stricter one of the view's own. Each request runs in a savepoint rolled
    back afterwards; a refused one must leave every table as it found it.
    """
    problems = []
    before = database_state()
    for role, method, url, client in requests:
        with transaction.atomic():
            if method == "GET":
                response = client.get(url)
            elif url.startswith("/api/"):
                response = client.post(url, {}, content_type="application/json")
            else:
                response = client.post(url, {})
            outcome = outcome_of(response, url)
            changed = outcome != "ok" and database_state() != before
            transaction.set_rollback(True)
        if outcome != expected[role, method]:
            problems.append(f"{method} {url} as {role}: {outcome}, not {expected[role, method]}")
        policy = response.get("Content-Security-Policy", "")
        if "script-src 'self'" not in policy and "default-src 'none'" not in policy:
            problems.append(f"{method} {url} as {role}: no Content-Security-Policy")
        if changed:
            problems.append(f"{method} {url} as {role} was refused but changed data")
    return problems


@pytest.mark.parametrize(("name", "route"), _cases())
def test_permission_matrix(request, world, name, route):
    given, audiences = MATRIX[name]
    requests, expected = [], {}
    for role in ROLES:
        client = _client(request, role, world, token=name.startswith("api:"))
        url = url_for(name, route, given, world, role)
        for method, audience in audiences.items():
            requests.append((role, method, url, client))
            expected[role, method] = AUDIENCE[audience][role]

    problems = check(requests, expected)

    assert not problems, "\n".join(problems)


# -- the admin: its URLs come with the models registered in it ----------------------------


def test_the_admin_logs_in_through_the_two_factor_login(client):
    """The admin's own login form would log in with a password alone."""
    response = client.get(reverse("admin:index"), follow=True)

    assert unquote(response.redirect_chain[-1][0]) == f"{reverse('accounts:login')}?next=/admin/"
    assert response.templates[0].name == "accounts/login.html"


def test_staff_the_admin_does_not_admit_are_refused_not_sent_in_circles(staff_client):
    response = staff_client.get(reverse("admin:index"), follow=True)

    assert response.status_code == 403


def test_the_coordinator_reaches_the_admin_through_its_login_url(coordinator_client):
    response = coordinator_client.get(reverse("admin:login"), {"next": "/admin/"}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/admin/"


ADMIN_ARGUMENTS = {"app_label": "projects", "url": "missing/"}


def admin_url(name: str, route: str) -> str:
    """Return a URL of the admin's pattern ``name``, its parameters filled with ``1``s."""
    parameters = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", route)
    kwargs = {a or b: ADMIN_ARGUMENTS.get(a or b, "1") for a, b in parameters}
    if name.startswith("admin:"):
        return reverse(name, kwargs=kwargs)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: kwargs[m.group(1)], route)
    return "/" + path.replace("(?P<url>.*)$", ADMIN_ARGUMENTS["url"])


def _admin_cases() -> list[Any]:
    return [
        pytest.param(name, route, id=name)
        for name, route, _pattern in url_patterns()
        if _entry(name) == "admin:*"
    ]


@pytest.mark.parametrize(("name", "route"), _admin_cases())
def test_the_admin_admits_the_coordinator_alone(request, partner, name, route):
    """Everyone but the coordinator is sent to the login page, and changes nothing.

    What the coordinator finds behind each URL (an object, a form to add one) is the admin's
    business: the coordinator is asked only for the index and the lists.
    """
    url = admin_url(name, route)
    requests, expected = [], {}
    for role in ROLES:
        client = Client() if role == "stakeholder" else _client(request, role, {})
        for method, audience in MATRIX["admin:*"][1].items():
            if role == "coordinator" and (
                method == "POST" or not name.endswith(("index", "_changelist"))
            ):
                continue
            requests.append((role, method, url, client))
            expected[role, method] = AUDIENCE[audience][role]

    problems = check(requests, expected)

    assert not problems, "\n".join(problems)
