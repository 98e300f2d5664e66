"""A plan goes from draft to submitted to endorsed, is revised and endorsed again; every
step keeps its version and its line in the audit log, and a wrong step is refused."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from learninglab.actionplans.models import PlanStatus
from learninglab.actionplans.services.action import ActionData, action_update
from learninglab.actionplans.services.plan import (
    InstrumentData,
    PlanData,
    plan_start,
    plan_update,
)
from learninglab.actionplans.services.workflow import (
    EndorsementData,
    plan_endorse,
    plan_missing,
    plan_revise,
    plan_submit,
    plan_withdraw,
)
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    ready_plan,
    signed_pdf,
)
from learninglab.core.errors import DomainError
from learninglab.core.models import AuditEntry
from learninglab.factories import PolicyInstrumentFactory
from learninglab.projects.models import InstrumentKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def endorsement(**changes: object) -> EndorsementData:
    values: dict = {
        "on": datetime.date(2022, 6, 15),
        "organisation": "ADR Vest",
        "signatory": "Sorin Maxim",
        "position": "Director general",
        "document": signed_pdf(),
        "note": "",
    }
    values.update(changes)
    return EndorsementData(**values)


def audited(plan, action):
    return AuditEntry.objects.filter(action=action, object_id=str(plan.pk))


def refused(call, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(**kwargs)
    return caught.value


# -- starting a plan ----------------------------------------------------------------


def test_a_plan_starts_for_a_new_instrument_described_on_the_way(partner, staff):
    plan = plan_start(
        actor=staff,
        partner=partner,
        new_instrument=InstrumentData(
            name="ROP West 2021-2027",
            kind=InstrumentKind.GROWTH_AND_JOBS,
            managing_authority="ADR Vest",
        ),
        data=PlanData(),
    )

    assert plan.instrument.partner == partner
    assert plan.instrument.managing_authority == "ADR Vest"
    assert plan.status == PlanStatus.DRAFT
    assert audited(plan, "actionplans.plan.created").exists()


def test_a_refused_plan_leaves_no_new_instrument_behind(partner, staff):
    instrument = PolicyInstrumentFactory(partner=partner, slug="rop-west", name="ROP West")
    ActionPlanFactory(partner=partner, instrument=instrument)

    error = refused(
        plan_start,
        actor=staff,
        partner=partner,
        instrument=instrument,
        data=PlanData(),
    )
    assert error.code == "plan_exists"
    error = refused(
        plan_start,
        actor=staff,
        partner=partner,
        new_instrument=InstrumentData(name="  ", kind=InstrumentKind.OTHER),
        data=PlanData(),
    )
    assert error.code == "instrument_name_required"
    error = refused(plan_start, actor=staff, partner=partner, data=PlanData())
    assert error.code == "instrument_required"
    assert partner.policy_instruments.count() == 1


# -- submitting ---------------------------------------------------------------------


def test_an_empty_plan_is_refused_with_the_list_of_what_is_missing(staff):
    plan = ActionPlanFactory(nuts2="", contact_name="", improvement={})

    error = refused(plan_submit, actor=staff, plan=plan)

    assert error.code == "incomplete"
    assert error.params["missing"] == [
        "Part I: the NUTS 2 region",
        "Part I: the contact person",
        "Part II: how the plan improves the policy instrument",
        "Part II: the English summary of the actions",
        "Part III: at least one action",
    ]
    assert "Part III: at least one action" in str(error)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert not plan.versions.exists()


def test_an_action_without_its_timeframe_or_description_is_named(staff):
    plan = ready_plan()
    ActionFactory(plan=plan, position=1, starts_on=None, ends_on=None, description={})

    assert plan_missing(plan) == [
        "Part III: action 2 lacks what will be done, its start and end",
    ]


def test_submitting_locks_the_plan_and_keeps_version_1(staff):
    plan = ready_plan()

    version = plan_submit(actor=staff, plan=plan, note="First submission")

    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert (version.number, version.status, version.note) == (
        1,
        PlanStatus.SUBMITTED,
        "First submission",
    )
    assert version.created_by == staff
    assert version.content["actions"][0]["title"]["en"] == "Vouchers for creative SMEs"
    assert audited(plan, "actionplans.plan.submitted").get().changes["after"] == {
        "status": "submitted",
        "version": 1,
    }
    error = refused(plan_update, actor=staff, plan=plan, data=PlanData(title={"en": "Changed"}))
    assert error.code == "plan_locked"
    action = plan.actions.get()
    error = refused(action_update, actor=staff, action=action, data=ActionData(title={"en": "x"}))
    assert error.code == "plan_locked"
    assert refused(plan_submit, actor=staff, plan=plan).code == "wrong_status"


def test_a_withdrawn_submission_makes_a_draft_again(staff):
    plan = ready_plan()
    plan_submit(actor=staff, plan=plan)

    plan_withdraw(actor=staff, plan=plan)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    assert plan.versions.count() == 1  # what was submitted stays on record
    assert audited(plan, "actionplans.plan.withdrawn").exists()
    assert refused(plan_withdraw, actor=staff, plan=plan).code == "wrong_status"


# -- endorsing ----------------------------------------------------------------------


def test_endorsing_keeps_the_signed_document_and_version_2(staff):
    plan = ready_plan()
    plan_submit(actor=staff, plan=plan)

    version = plan_endorse(actor=staff, plan=plan, data=endorsement(note="Signed in June"))

    plan.refresh_from_db()
    assert plan.status == PlanStatus.ENDORSED
    assert (plan.endorsed_on, plan.endorsed_by, plan.signatory, plan.signatory_position) == (
        datetime.date(2022, 6, 15),
        "ADR Vest",
        "Sorin Maxim",
        "Director general",
    )
    assert (version.number, version.status) == (2, PlanStatus.ENDORSED)
    assert version.content["endorsement"]["by"] == "ADR Vest"
    with version.signed_document.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-")
    assert version.signed_document.name.endswith("signed-plan.pdf")
    entry = audited(plan, "actionplans.plan.endorsed").get()
    assert entry.changes["after"]["signatory"] == "Sorin Maxim"


def test_only_a_submitted_plan_is_endorsed(staff):
    plan = ready_plan()

    assert refused(plan_endorse, actor=staff, plan=plan, data=endorsement()).code == (
        "wrong_status"
    )


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"on": None}, "date_required", "on"),
        ({"on": timezone.localdate() + datetime.timedelta(days=1)}, "date_ahead", "on"),
        ({"organisation": " "}, "organisation_required", "organisation"),
        ({"signatory": ""}, "signatory_required", "signatory"),
        ({"position": ""}, "position_required", "position"),
        ({"document": None}, "document_required", "document"),
        ({"document": signed_pdf("plan.docx", b"PK\x03\x04word")}, "wrong_type", "document"),
        ({"document": signed_pdf("plan.pdf", b"<html>not a pdf")}, "wrong_type", "document"),
        ({"document": signed_pdf("plan.pdf", b"")}, "empty", "document"),
    ],
)
def test_an_endorsement_missing_something_is_refused(staff, changes, code, field):
    plan = ready_plan()
    plan_submit(actor=staff, plan=plan)

    error = refused(plan_endorse, actor=staff, plan=plan, data=endorsement(**changes))

    assert (error.code, error.params.get("field")) == (code, field)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.versions.count() == 1


def test_a_docx_in_the_accepted_document_types_is_still_not_a_signed_plan(staff):
    plan = ready_plan()
    plan_submit(actor=staff, plan=plan)
    docx = signed_pdf("plan.docx", b"PK\x03\x04word")

    error = refused(plan_endorse, actor=staff, plan=plan, data=endorsement(document=docx))

    assert "is not a PDF" in str(error)


def test_a_signed_document_over_the_limit_is_refused(staff, settings):
    settings.RESULTS_FILE_MAX_BYTES = 20
    plan = ready_plan()
    plan_submit(actor=staff, plan=plan)

    error = refused(plan_endorse, actor=staff, plan=plan, data=endorsement())

    assert error.code == "too_large"


# -- revising -----------------------------------------------------------------------


def test_a_revision_is_submitted_and_endorsed_again_as_versions_3_and_4(staff):
    plan = ready_plan()
    plan_submit(actor=staff, plan=plan)
    plan_endorse(actor=staff, plan=plan, data=endorsement())
    assert refused(plan_submit, actor=staff, plan=plan).code == "wrong_status"

    plan_revise(actor=staff, plan=plan, note="The call moves to 2023")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REVISED
    assert audited(plan, "actionplans.plan.revision_opened").get().changes["extra"] == {
        "note": "The call moves to 2023"
    }
    action = plan.actions.get()
    action_update(
        actor=staff,
        action=action,
        data=ActionData(
            title={"en": "Vouchers for creative SMEs, 2023"},
            description=action.description,
            starts_on=datetime.date(2023, 1, 1),
            ends_on=datetime.date(2023, 12, 31),
        ),
    )
    third = plan_submit(actor=staff, plan=plan)
    fourth = plan_endorse(actor=staff, plan=plan, data=endorsement(on=datetime.date(2023, 2, 1)))

    assert [v.number for v in plan.versions.all()] == [1, 2, 3, 4]
    assert third.content["actions"][0]["starts_on"] == "2023-01-01"
    assert plan.versions.get(number=2).content["actions"][0]["starts_on"] == "2021-01-01"
    assert fourth.content["endorsement"]["on"] == "2023-02-01"


def test_a_withdrawn_revision_stays_a_revision(staff):
    plan = ready_plan()
    plan_submit(actor=staff, plan=plan)
    plan_endorse(actor=staff, plan=plan, data=endorsement())
    plan_revise(actor=staff, plan=plan)
    plan_submit(actor=staff, plan=plan)

    plan_withdraw(actor=staff, plan=plan)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.REVISED


def test_only_an_endorsed_plan_is_revised(staff):
    plan = ready_plan()

    assert refused(plan_revise, actor=staff, plan=plan).code == "wrong_status"
    plan_submit(actor=staff, plan=plan)
    assert refused(plan_revise, actor=staff, plan=plan).code == "wrong_status"


def test_a_note_over_its_limit_is_refused(staff):
    plan = ready_plan()

    error = refused(plan_submit, actor=staff, plan=plan, note="x" * 1001)

    assert (error.code, error.params["field"]) == ("too_long", "note")
