"""Whatever a progress spreadsheet holds, the preview answers with rows and errors or its
own refusal, never a crash; and a commit records every row or none."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learninglab.actionplans.importing import rows_plan
from learninglab.actionplans.models import ProgressEntry
from learninglab.actionplans.services.progress_import import (
    progress_import_commit,
    progress_import_create,
)
from learninglab.actionplans.tests.factories import ActionFactory, ActionPlanFactory
from learninglab.core.errors import DomainError

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today().isoformat()
HEADER = ["Action", "Title", "Status", "Progress (%)", "Reason", "Date", "What happened"]
CELLS = [
    "", " ", "1", "2", "3", "9", "1.0", "-1", "x", "In progress", "in progress", "Delayed",
    "Completed", "abandoned", "Finished", "40", "40%", "0.4", "100", "140", "12,5", TODAY,
    "31.03.2021", "2999-01-01", "yesterday", "Paid.", "=1+2", "\n", '"', ";", ",",
]  # fmt: skip

SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
cell = st.one_of(st.sampled_from(CELLS), st.sampled_from(CELLS), st.text(max_size=12))


@st.composite
def spreadsheets(draw) -> bytes:
    head = HEADER if draw(st.booleans()) else draw(st.lists(cell, min_size=1, max_size=8))
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=9), min_size=0, max_size=8))
    text = io.StringIO()
    csv.writer(text, delimiter=draw(st.sampled_from([",", ";", "\t"]))).writerows([head, *rows])
    return text.getvalue().encode("utf-8")


@pytest.fixture
def plan(partner):
    plan = ActionPlanFactory(partner=partner, slug="timisoara-rop")
    for position in range(3):
        ActionFactory(plan=plan, position=position)
    return plan


@SETTINGS
@given(content=spreadsheets())
def test_a_preview_never_crashes_and_a_commit_is_all_or_nothing(plan, staff, content):
    with transaction.atomic():
        try:
            sheet = rows_plan(plan=plan, content=content, filename="progress.csv")
        except DomainError:
            transaction.set_rollback(True)
            return
        for row in sheet.rows:
            assert row.skipped or row.errors or row.data is not None
        kept, _sheet = progress_import_create(
            actor=staff, plan=plan, content=content, filename="progress.csv"
        )
        try:
            recorded = progress_import_commit(actor=staff, kept=kept)
        except DomainError:
            assert not ProgressEntry.objects.exists()
        else:
            assert not sheet.has_errors
            assert ProgressEntry.objects.count() == recorded == len(sheet.to_record)
        transaction.set_rollback(True)
