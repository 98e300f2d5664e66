"""A lab's questions: built by staff, answered on the personal page, kept, exported, erased."""

from __future__ import annotations

import csv
import datetime
import io
import json

import openpyxl
import pytest
from django.http import QueryDict
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from learninglab.conftest import client_for
from learninglab.core.errors import DomainError
from learninglab.core.multilingual import Multilingual
from learninglab.labs.forms.questions import QuestionsForm, answers_initial, field_name
from learninglab.labs.links import rsvp_url
from learninglab.labs.models import (
    Question,
    QuestionAnswer,
    QuestionKind,
    QuestionPurpose,
    Response,
)
from learninglab.labs.selectors import answers_of
from learninglab.labs.services.lab import lab_duplicate
from learninglab.labs.services.question import (
    ChoiceData,
    QuestionData,
    answers_store,
    question_add_standard,
    question_delete,
    question_move,
    question_save,
)
from learninglab.labs.tests.factories import InvitationFactory, LabContactFactory, LabFactory
from learninglab.stakeholders.exports import personal_data_response
from learninglab.stakeholders.services.stakeholder import stakeholder_erase

pytestmark = pytest.mark.django_db


def texts(en: str, ro: str = "") -> Multilingual:
    return Multilingual({"en": en, **({"ro": ro} if ro else {})})


def ask(lab, kind, text="Question?", *, required=False, choices=(), purpose="registration"):
    return question_save(
        actor=None,
        lab=lab,
        purpose=purpose,
        data=QuestionData(
            kind=kind,
            text=texts(text),
            is_required=required,
            choices=[ChoiceData(key="", text=texts(c)) for c in choices],
        ),
    )


@pytest.fixture
def lab(partner):
    lab = LabFactory(partner=partner, slug="timisoara-lll-3")
    LabContactFactory(lab=lab)
    return lab


@pytest.fixture
def menu(lab):
    return ask(lab, QuestionKind.ONE_CHOICE, "Lunch?", choices=["Vegetarian", "Meat"])


# The form built from the questions: each kind's validation, required, help text


@pytest.mark.parametrize(
    ("kind", "typed", "kept"),
    [
        (QuestionKind.SHORT_TEXT, "  Gluten-free  ", "Gluten-free"),
        (QuestionKind.LONG_TEXT, "Step-free access\nplease", "Step-free access\nplease"),
        (QuestionKind.YES_NO, "yes", True),
        (QuestionKind.YES_NO, "no", False),
        (QuestionKind.NUMBER, "2.50", "2.5"),
        (QuestionKind.NUMBER, "12", "12"),
        (QuestionKind.DATE, "2026-03-18", "2026-03-18"),
    ],
)
def test_each_kind_keeps_what_was_typed(lab, kind, typed, kept):
    question = ask(lab, kind)
    form = QuestionsForm({field_name(question): typed}, questions=[question], language="en")
    assert form.is_valid(), form.errors
    assert form.answers() == {question.pk: kept}


@pytest.mark.parametrize(
    ("kind", "typed"),
    [
        (QuestionKind.SHORT_TEXT, "x" * 301),
        (QuestionKind.YES_NO, "maybe"),
        (QuestionKind.NUMBER, "twelve"),
        (QuestionKind.DATE, "18 March"),
        (QuestionKind.DATE, "2026-02-30"),
    ],
)
def test_each_kind_refuses_what_it_cannot_take(lab, kind, typed):
    question = ask(lab, kind)
    form = QuestionsForm({field_name(question): typed}, questions=[question], language="en")
    assert not form.is_valid()
    assert form.errors[field_name(question)]


def test_choices_are_offered_by_their_text_and_kept_by_their_key(lab, menu):
    several = ask(lab, QuestionKind.SEVERAL_CHOICES, "Topics?", choices=["Funding", "Skills"])
    keys = [choice.key for choice in several.options]
    form = QuestionsForm(
        {field_name(menu): menu.options[1].key, field_name(several): keys},
        questions=[menu, several],
        language="en",
    )
    assert form.is_valid(), form.errors
    assert form.answers() == {menu.pk: "meat", several.pk: ["funding", "skills"]}
    refused = QuestionsForm({field_name(menu): "fish"}, questions=[menu], language="en")
    assert not refused.is_valid()


def test_a_required_question_must_be_answered_and_an_optional_one_may_not(lab):
    required = ask(lab, QuestionKind.SHORT_TEXT, "Organisation?", required=True)
    optional = ask(lab, QuestionKind.NUMBER, "How many?")
    form = QuestionsForm({}, questions=[required, optional], language="en")
    assert not form.is_valid()
    assert list(form.errors) == [field_name(required)]


def test_the_form_speaks_the_persons_language_with_the_help_text(lab):
    question = question_save(
        actor=None,
        lab=lab,
        purpose="registration",
        data=QuestionData(
            kind=QuestionKind.SHORT_TEXT,
            text=texts("Dietary needs?", "Cerințe alimentare?"),
            help_text=texts("For example vegan.", "De exemplu: vegan."),
        ),
    )
    field = QuestionsForm(questions=[question], language="ro").fields[field_name(question)]
    assert (field.label, field.help_text) == ("Cerințe alimentare?", "De exemplu: vegan.")


# Changing questions never loses answers


def answered(lab, question, value, **invitation):
    person = InvitationFactory(lab=lab, response=Response.ATTENDING, **invitation)
    answers_store(invitation=person, questions=[question], values={question.pk: value})
    return person


def test_a_chosen_choice_removed_is_archived_and_an_unchosen_one_goes(lab, menu):
    answered(lab, menu, "vegetarian")
    changed = question_save(
        actor=None,
        lab=lab,
        purpose="registration",
        question=menu,
        data=QuestionData(
            kind=QuestionKind.ONE_CHOICE,
            text=menu.text,
            choices=[
                ChoiceData(key="vegetarian", text=texts("Veggie"), remove=True),
                ChoiceData(key="meat", text=texts("Meat"), remove=True),
                ChoiceData(key="", text=texts("Fish")),
                ChoiceData(key="", text=texts("Vegan")),
            ],
        ),
    )
    assert [(c.key, c.is_archived) for c in changed.options] == [
        ("vegetarian", True),
        ("fish", False),
        ("vegan", False),
    ]
    assert [c.key for c in changed.offered] == ["fish", "vegan"]
    assert changed.options[0].text == texts("Veggie")  # the new text of the kept choice


def test_a_choice_question_needs_two_choices(lab):
    with pytest.raises(DomainError) as refused:
        ask(lab, QuestionKind.ONE_CHOICE, choices=["Only one"])
    assert refused.value.code == "choices"


def test_the_kind_of_an_answered_question_stays(lab, menu):
    answered(lab, menu, "meat")
    with pytest.raises(DomainError) as refused:
        question_save(
            actor=None,
            lab=lab,
            purpose="registration",
            question=menu,
            data=QuestionData(kind=QuestionKind.SHORT_TEXT, text=menu.text),
        )
    assert refused.value.code == "kind_answered"


def test_an_answered_question_is_archived_rather_than_deleted(lab, menu):
    unanswered = ask(lab, QuestionKind.SHORT_TEXT, "Other?")
    answered(lab, menu, "meat")
    assert question_delete(actor=None, question=unanswered) is True
    assert question_delete(actor=None, question=menu) is False
    menu.refresh_from_db()
    assert menu.is_archived
    assert QuestionAnswer.objects.filter(question=menu).count() == 1
    assert not Question.objects.filter(pk=unanswered.pk).exists()


def test_questions_move_up_and_down_within_their_purpose(lab, menu):
    second = ask(lab, QuestionKind.SHORT_TEXT, "Second?")
    ask(lab, QuestionKind.SHORT_TEXT, "In the survey?", purpose="feedback")
    question_move(actor=None, question=second, up=True)
    order = Question.objects.filter(lab=lab, purpose="registration").order_by("position")
    assert list(order) == [second, menu]


def test_ready_made_questions_come_in_the_six_languages(lab):
    question = question_add_standard(
        actor=None, lab=lab, purpose=QuestionPurpose.REGISTRATION, key="photo_consent"
    )
    assert set(question.text.languages) == {"en", "ro", "it", "nl", "hr", "lt"}
    assert question.kind == QuestionKind.YES_NO and question.is_required
    with pytest.raises(DomainError):
        question_add_standard(actor=None, lab=lab, purpose="registration", key="shoe_size")


def test_answers_are_replaced_and_an_empty_one_removed(lab, menu):
    person = answered(lab, menu, "meat")
    answers_store(invitation=person, questions=[menu], values={menu.pk: "vegetarian"})
    assert QuestionAnswer.objects.get(invitation=person).value == "vegetarian"
    answers_store(invitation=person, questions=[menu], values={menu.pk: None})
    assert not QuestionAnswer.objects.filter(invitation=person).exists()


# The staff pages


def test_staff_build_a_question_in_the_labs_languages(staff_client, lab):
    url = reverse("labs:question_create", args=[lab.slug, "registration"])
    page = staff_client.get(url).content.decode()
    assert 'name="text_ro"' in page and 'name="text_en"' in page
    response = staff_client.post(
        url,
        {
            "text_ro": "Ce meniu preferați?",
            "text_en": "Which menu do you prefer?",
            "help_text_ro": "",
            "help_text_en": "",
            "kind": "one_choice",
            "is_required": "on",
            "choices-TOTAL_FORMS": "3",
            "choices-INITIAL_FORMS": "0",
            "choices-0-text_ro": "Vegetarian",
            "choices-0-text_en": "Vegetarian",
            "choices-1-text_ro": "Cu carne",
            "choices-1-text_en": "With meat",
        },
    )
    question = Question.objects.get(lab=lab)
    assert response.status_code == 302
    assert question.text == {"ro": "Ce meniu preferați?", "en": "Which menu do you prefer?"}
    assert [str(c.text.in_("ro")) for c in question.offered] == ["Vegetarian", "Cu carne"]
    assert question.is_required


def test_a_question_without_text_is_refused_with_a_message(staff_client, lab):
    url = reverse("labs:question_create", args=[lab.slug, "feedback"])
    response = staff_client.post(
        url, {"kind": "short_text", "choices-TOTAL_FORMS": "0", "choices-INITIAL_FORMS": "0"}
    )
    assert response.status_code == 200
    assert "The question was not saved" in response.content.decode()
    assert not Question.objects.exists()


def test_the_page_explains_the_rule_and_adds_ready_made_questions(staff_client, lab):
    page = staff_client.get(reverse("labs:questions", args=[lab.slug])).content.decode()
    assert "Answers are never lost by a change" in page
    staff_client.post(
        reverse("labs:question_standard", args=[lab.slug]),
        {"purpose": "registration", "key": "dietary"},
    )
    page = staff_client.get(reverse("labs:questions", args=[lab.slug])).content.decode()
    assert "Do you have any dietary needs?" in page


def test_deleting_an_answered_question_on_the_page_keeps_it(staff_client, lab, menu):
    answered(lab, menu, "meat")
    response = staff_client.post(
        reverse("labs:question_delete", args=[lab.slug, menu.pk]), follow=True
    )
    assert "it is no longer asked, and their answers stay" in response.content.decode()
    assert Question.objects.filter(pk=menu.pk, is_archived=True).exists()


# The personal page


def test_questions_come_after_attending_and_are_kept(client, lab, menu):
    invitation = InvitationFactory(lab=lab, language="en", stakeholder__language="en")
    page = client.get(rsvp_url(invitation)).content.decode()
    assert "Lunch?" not in page  # answering stays one tap
    client.post(rsvp_url(invitation), {"answer": "attend"})
    page = client.get(rsvp_url(invitation)).content.decode()
    assert "Lunch?" in page and "Vegetarian" in page
    url = rsvp_url(invitation).rstrip("/") + "/questions/"
    response = client.post(url, {field_name(menu): "vegetarian"}, follow=True)
    assert "Thank you, your answers are recorded." in response.content.decode()
    assert QuestionAnswer.objects.get(invitation=invitation).value == "vegetarian"


def test_a_missing_required_answer_is_explained_and_nothing_kept(client, lab):
    question = ask(lab, QuestionKind.SHORT_TEXT, "Organisation?", required=True)
    invitation = InvitationFactory(lab=lab, response=Response.ATTENDING, language="en")
    url = rsvp_url(invitation).rstrip("/") + "/questions/"
    response = client.post(url, {field_name(question): ""})
    assert response.status_code == 400
    assert "Your answers were not recorded" in response.content.decode()
    assert not QuestionAnswer.objects.exists()


def test_declining_people_are_not_asked(client, lab, menu):
    invitation = InvitationFactory(lab=lab, response=Response.DECLINED, language="en")
    assert "Lunch?" not in client.get(rsvp_url(invitation)).content.decode()
    client.post(rsvp_url(invitation).rstrip("/") + "/questions/", {field_name(menu): "meat"})
    assert not QuestionAnswer.objects.exists()


# The exports, the person's data, the erasure


def test_the_export_has_a_column_per_question_in_the_labs_first_language(staff_client, lab, menu):
    menu.text = texts("Lunch?", "Prânz?")
    menu.save()
    yes_no = ask(lab, QuestionKind.YES_NO, "Photos?")
    person = answered(lab, menu, "meat", stakeholder__first_name="Ioana")
    answers_store(invitation=person, questions=[yes_no], values={yes_no.pk: True})

    csv_rows = list(
        csv.reader(
            io.StringIO(
                staff_client.get(
                    reverse("labs:answers_export", args=[lab.slug, "csv"])
                ).content.decode("utf-8-sig")
            )
        )
    )
    assert csv_rows[0][-2:] == ["Prânz?", "Photos?"]
    assert csv_rows[1][-2:] == ["Meat", "Yes"]

    xlsx = staff_client.get(reverse("labs:answers_export", args=[lab.slug, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][-2:] == ["Prânz?", "Photos?"]
    assert rows[1][-2:] == ["Meat", "Yes"]


def test_the_answers_page_shows_each_persons_answers(staff_client, lab, menu):
    answered(lab, menu, "vegetarian")
    page = staff_client.get(reverse("labs:answers", args=[lab.slug])).content.decode()
    assert "<dt>Lunch?</dt><dd>Vegetarian</dd>" in page


def test_the_persons_data_has_their_answers_and_erasure_removes_them(lab, menu, staff):
    person = answered(lab, menu, "vegetarian", stakeholder__language="en")
    data = json.loads(personal_data_response(person.stakeholder, filename="x.json").content)
    invitation = next(i for i in data["invitations"] if i["lab"] == lab.slug)
    assert invitation["questions"][0]["question"] == "Lunch?"
    assert invitation["questions"][0]["answer"] == "Vegetarian"

    stakeholder_erase(actor=staff, stakeholder=person.stakeholder)
    assert not QuestionAnswer.objects.filter(invitation=person).exists()
    assert Question.objects.filter(pk=menu.pk).exists()


def test_a_date_answer_comes_back_into_the_form(lab):
    question = ask(lab, QuestionKind.DATE, "Arrival?")
    person = answered(lab, question, "2026-03-18")
    initial = answers_initial([question], answers_of([person.pk])[person.pk])
    assert initial == {field_name(question): datetime.date(2026, 3, 18)}


def test_the_answers_page_reads_the_answers_in_one_query_however_many_people(
    staff_client, lab, menu, django_assert_num_queries
):
    url = reverse("labs:answers", args=[lab.slug])
    for _ in range(2):
        answered(lab, menu, "meat")
    with django_assert_num_queries(10):
        staff_client.get(url)
    for _ in range(10):
        answered(lab, menu, "vegetarian")
    with django_assert_num_queries(10):
        response = staff_client.get(url)
    assert response.content.decode().count("<dd>Vegetarian</dd>") == 10


def test_the_next_round_copies_the_questions_still_asked(lab, menu, staff):
    dropped = ask(lab, QuestionKind.SHORT_TEXT, "Dropped?")
    answered(lab, dropped, "yes")
    question_delete(actor=None, question=dropped)  # answered: archived, not copied
    answered(lab, menu, "meat")
    question_save(
        actor=None,
        lab=lab,
        purpose="registration",
        question=menu,
        data=QuestionData(
            kind=QuestionKind.ONE_CHOICE,
            text=menu.text,
            choices=[
                ChoiceData(key="vegetarian", text=texts("Vegetarian")),
                ChoiceData(key="meat", text=texts("Meat"), remove=True),
                ChoiceData(key="", text=texts("Fish")),
            ],
        ),
    )

    copy = lab_duplicate(
        actor=staff, lab=lab, starts_at=lab.starts_at + datetime.timedelta(days=60)
    )

    [question] = copy.questions.all()
    assert question.text == menu.text
    assert [c.key for c in question.options] == ["vegetarian", "fish"]
    assert not question.answers.exists()


@given(typed=st.text(max_size=40) | st.lists(st.text(max_size=10), max_size=3))
@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_whatever_is_posted_the_form_answers_with_values_or_errors(lab, typed):
    questions = [
        Question(pk=n, lab=lab, kind=kind, text=texts("Q?"), choices=choices)
        for n, (kind, choices) in enumerate(
            [
                (QuestionKind.SHORT_TEXT, []),
                (QuestionKind.NUMBER, []),
                (QuestionKind.DATE, []),
                (QuestionKind.YES_NO, []),
                (QuestionKind.ONE_CHOICE, [{"key": "a", "text": {"en": "A"}}]),
                (QuestionKind.SEVERAL_CHOICES, [{"key": "a", "text": {"en": "A"}}]),
            ],
            start=1,
        )
    ]
    data = QueryDict(mutable=True)
    for question in questions:
        data.setlist(field_name(question), typed if isinstance(typed, list) else [typed])
    form = QuestionsForm(data, questions=questions, language="en")
    if form.is_valid():
        json.dumps(form.answers())  # every answer is kept as JSON
    else:
        assert all(form.errors[name] for name in form.errors)


def test_the_answers_go_back_to_the_page_in_the_language_chosen(client, lab, menu):
    menu.text = texts("Lunch?", "Prânz?")
    menu.save()
    invitation = InvitationFactory(lab=lab, response=Response.ATTENDING, language="en")
    page = client.get(rsvp_url(invitation), {"lang": "ro"}).content.decode()
    assert "Prânz?" in page and "/questions/?lang=ro" in page
    url = rsvp_url(invitation).rstrip("/") + "/questions/?lang=ro"
    response = client.post(url, {field_name(menu): "meat"})
    assert response["Location"].endswith("?lang=ro")


def test_editing_an_answered_question_says_what_stays_and_refuses_a_new_kind(
    staff_client, lab, menu
):
    answered(lab, menu, "meat")
    url = reverse("labs:question_edit", args=[lab.slug, menu.pk])
    assert "People have answered this question. Its kind" in staff_client.get(url).content.decode()
    response = staff_client.post(
        url,
        {
            "text_en": "Lunch?",
            "kind": "short_text",
            "choices-TOTAL_FORMS": "0",
            "choices-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "its kind of answer cannot change" in response.content.decode()
    menu.refresh_from_db()
    assert menu.kind == QuestionKind.ONE_CHOICE


def test_another_partners_staff_and_facilitators_cannot_build_questions(
    client, lab, menu, other_staff, facilitator
):
    url = reverse("labs:question_edit", args=[lab.slug, menu.pk])
    assert client_for(other_staff).get(url).status_code == 404
    assert client_for(facilitator).get(url).status_code == 403
    assert client.post(reverse("labs:question_delete", args=[lab.slug, menu.pk])).status_code == 302
    assert Question.objects.filter(pk=menu.pk).exists()
