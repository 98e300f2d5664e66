"""The lab's own questions in the feedback survey: asked after the standard four, kept with
the anonymous answer, summarised on the results page; the indicator is unchanged."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from learninglab.core.multilingual import Multilingual
from learninglab.labs.forms.questions import field_name
from learninglab.labs.models import QuestionKind
from learninglab.labs.services.question import ChoiceData, QuestionData, question_save
from learninglab.results.emails import feedback_email
from learninglab.results.links import feedback_url
from learninglab.results.models import FeedbackAnswer, FeedbackQuestionAnswer, FeedbackReceipt
from learninglab.results.selectors.indicators import lab_feedback, questions_summary

pytestmark = pytest.mark.django_db


def ask(lab, kind, text, *, required=False, choices=()):
    return question_save(
        actor=None,
        lab=lab,
        purpose="feedback",
        data=QuestionData(
            kind=kind,
            text=Multilingual({"en": text}),
            is_required=required,
            choices=[ChoiceData(key="", text=Multilingual({"en": c})) for c in choices],
        ),
    )


@pytest.fixture
def questions(past_lab):
    return {
        "format": ask(
            past_lab,
            QuestionKind.ONE_CHOICE,
            "Which format suits you?",
            required=True,
            choices=["In person", "Online"],
        ),
        "again": ask(past_lab, QuestionKind.YES_NO, "Would you come again?"),
        "hours": ask(past_lab, QuestionKind.NUMBER, "How many hours would you give?"),
    }


def answer(client, invitation, questions, **extra):
    data = {"usefulness": "4", "will_apply": "", "learned_usable": "5", "comment": ""}
    data.update({field_name(questions[name]): value for name, value in extra.items()})
    return client.post(feedback_url(invitation), data)


def test_the_survey_asks_the_labs_questions_after_the_standard_ones(past_lab, attendees, questions):
    page = Client().get(feedback_url(attendees["ana"])).content.decode()
    assert page.index("I learned something I can use in my work") < page.index(
        "Which format suits you?"
    )
    assert "Would you come again?" in page
    assert "A few short questions." in page


def test_answers_are_kept_with_the_anonymous_answer(past_lab, attendees, questions):
    response = answer(
        Client(), attendees["ana"], questions, format="online", again="yes", hours="2"
    )
    assert response.status_code == 302
    kept = {a.question_id: a.value for a in FeedbackQuestionAnswer.objects.select_related("answer")}
    assert kept == {
        questions["format"].pk: "online",
        questions["again"].pk: True,
        questions["hours"].pk: "2",
    }
    assert FeedbackQuestionAnswer.objects.first().answer == FeedbackAnswer.objects.get()


def test_a_required_question_of_the_lab_must_be_answered(past_lab, attendees, questions):
    response = answer(Client(), attendees["ana"], questions, again="yes")
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not FeedbackAnswer.objects.exists() and not FeedbackReceipt.objects.exists()


def test_the_results_page_sums_the_answers_and_the_indicator_is_unchanged(
    staff_client, past_lab, attendees, questions, settings
):
    settings.RESULTS_FEEDBACK_MIN_RESPONDENTS = 3
    client = Client()
    answer(client, attendees["ana"], questions, format="online", again="yes", hours="2")
    answer(client, attendees["mihai"], questions, format="online", again="no", hours="4")
    client.post(
        feedback_url(attendees["ioana"]),
        {
            "usefulness": "2",
            "learned_usable": "2",
            field_name(questions["format"]): "in-person",
        },
    )

    summaries = {s.question.pk: s for s in questions_summary(past_lab)}
    assert summaries[questions["format"].pk].counts == [("In person", 1), ("Online", 2)]
    assert summaries[questions["again"].pk].counts == [("Yes", 1), ("No", 1)]
    assert summaries[questions["hours"].pk].mean == 3.0
    assert lab_feedback(past_lab).summary.capacity_share == 67  # 5, 5 and 2

    page = staff_client.get(reverse("results:feedback", args=[past_lab.slug])).content.decode()
    assert "The lab's own questions" in page
    assert "<td>Online</td><td>2</td>" in page
    assert "Mean 3.0, from 2 answers." in page


def test_below_the_minimum_nothing_of_the_labs_questions_is_shown(
    past_lab, attendees, questions, settings
):
    settings.RESULTS_FEEDBACK_MIN_RESPONDENTS = 5
    answer(Client(), attendees["ana"], questions, format="online")
    assert questions_summary(past_lab) == []


def test_the_staff_preview_shows_the_labs_questions(staff_client, past_lab, questions):
    url = reverse("results:survey_preview", args=[past_lab.slug])
    page = staff_client.get(url, {"lang": "en"}).content.decode()
    assert "Which format suits you?" in page and "How many hours would you give?" in page


def test_the_request_no_longer_counts_four_questions_when_the_lab_asks_more(past_lab, attendees):
    assert "has four questions" in feedback_email(attendees["ana"]).text
    ask(past_lab, QuestionKind.SHORT_TEXT, "Which topic next?")
    assert "has a few short questions" in feedback_email(attendees["ana"]).text
