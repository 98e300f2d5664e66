"""The attendance report counts the answers to the lab's registration questions per choice."""

from __future__ import annotations

import io

import openpyxl
import pytest

from learninglab.core.multilingual import Multilingual
from learninglab.labs.models import QuestionKind, Response
from learninglab.labs.services.question import (
    ChoiceData,
    QuestionData,
    answers_store,
    question_save,
)
from learninglab.reports.report import attendance_report_pdf, attendance_report_xlsx
from learninglab.reports.tests.conftest import invite, pdf_pages

pytestmark = pytest.mark.django_db


def test_the_report_counts_each_choice_among_those_who_came(lab):
    menu = question_save(
        actor=None,
        lab=lab,
        purpose="registration",
        data=QuestionData(
            kind=QuestionKind.ONE_CHOICE,
            text=Multilingual({"ro": "Meniu", "en": "Menu"}),
            choices=[
                ChoiceData(key="", text=Multilingual({"ro": "Vegetarian", "en": "Vegetarian"})),
                ChoiceData(key="", text=Multilingual({"ro": "Cu carne", "en": "With meat"})),
            ],
        ),
    )
    photos = question_save(
        actor=None,
        lab=lab,
        purpose="registration",
        data=QuestionData(kind=QuestionKind.YES_NO, text=Multilingual({"ro": "Fotografii"})),
    )
    answers = [
        ("Ana", Response.ATTENDING, "vegetarian", True),
        ("Mihai", Response.ATTENDING, "vegetarian", False),
        ("Ioana", Response.ATTENDING, "with-meat", True),
        ("Dan", Response.DECLINED, "with-meat", True),  # did not come: not counted
    ]
    for first, response, choice, photo in answers:
        invitation = invite(lab, first, "Pop", response)
        answers_store(
            invitation=invitation,
            questions=[menu, photos],
            values={menu.pk: choice, photos.pk: photo},
        )

    sheets = {
        sheet.title: list(sheet.iter_rows(values_only=True))
        for sheet in openpyxl.load_workbook(io.BytesIO(attendance_report_xlsx(lab))).worksheets
    }
    rows = sheets["Întrebări"]  # the lab's language: Timișoara's report is in Romanian
    assert rows[1:] == [
        ("Meniu", "Vegetarian", 2),
        ("Meniu", "Cu carne", 1),
        ("Fotografii", "Da", 2),
        ("Fotografii", "Nu", 1),
    ]
    text = " ".join(pdf_pages(attendance_report_pdf(lab)))
    assert "Meniu" in text and "Cu carne 1" in text and "Fotografii" in text
