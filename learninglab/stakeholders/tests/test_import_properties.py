"""Whatever file is uploaded, the import answers with verdicts or its own error, never a crash."""

import csv
import io

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learninglab.stakeholders.importing import (
    ImportOptions,
    ImportRejected,
    import_batch_create,
    import_commit,
    import_preview,
)
from learninglab.stakeholders.models import Stakeholder

HEADERS = [
    "Nume", "Prenume", "Nume și prenume", "Name", "E-mail", "Email", "Telefon", "Phone",
    "Firma", "Tip", "Funcție", "Limba", "Etichete", "Note", "Acord", "Oraș", "Nr. crt.", "",
]  # fmt: skip
CELLS = [
    "", " ", "Ion", "POPESCU", "Ştefan Ţepeş", "Ana-Maria", "ion@example.ro", "ION@EXAMPLE.RO ",
    "not-an-email@", "0731.540.977", "0256 – 408.371", "+40 256 592 111", "12", "731540977.0",
    "Primăria Timişoara", "ONG", "IMM", "bancă", "ro", "en", "maghiară", "da", "nu", "x",
    "poate", "Round 1, Round 2", "=1+2", "'-note", "—", "\n", '"', ";", ",", "\t",
]  # fmt: skip

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Mostly words offices really write, sometimes anything at all.
cell = st.one_of(st.sampled_from(CELLS), st.sampled_from(CELLS), st.text(max_size=15))
header = st.one_of(st.sampled_from(HEADERS), st.sampled_from(HEADERS), st.text(max_size=12))


@st.composite
def spreadsheets(draw):
    """Return the bytes of a CSV-like file with random headers, cells and encoding."""
    width = draw(st.integers(min_value=1, max_value=8))
    head = draw(st.lists(header, min_size=width, max_size=width))
    if draw(st.booleans()):  # half of the files have the columns an import needs
        head = ["Nume", "Prenume", "Email", *head]
    rows = draw(
        st.lists(st.lists(cell, min_size=0, max_size=len(head) + 2), min_size=0, max_size=12)
    )
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1250", "cp1252", "utf-16"]))
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows([head, *rows])
    return text.getvalue().encode(encoding, errors="replace")


def preview_or_refusal(partner, content, **options):
    try:
        return import_preview(
            partner=partner, content=content, filename="random.csv",
            options=ImportOptions(**options),
        )  # fmt: skip
    except ImportRejected as refused:
        assert refused.code
        assert str(refused)
        return None


@pytest.mark.django_db
@SETTINGS
@given(content=st.binary(max_size=2000))
def test_random_bytes_get_a_preview_or_the_imports_own_error(partner, content):
    preview_or_refusal(partner, content)


@pytest.mark.django_db
@SETTINGS
@given(
    content=spreadsheets(),
    encoding=st.sampled_from(["", "", "utf-8", "cp1250", "latin-1", "nonsense"]),
)
def test_random_spreadsheets_get_a_verdict_on_every_row(partner, content, encoding):
    report = preview_or_refusal(partner, content, encoding=encoding)

    if report is not None:
        numbers = [row.number for row in report.rows]
        assert numbers == sorted(set(numbers))
        assert all(number > report.header_row for number in numbers)
        for row in report.rows:
            assert row.verdict in {"new", "update", "unchanged", "duplicate", "invalid"}
            assert bool(row.reasons) == (row.verdict in {"invalid", "duplicate"})


@pytest.mark.django_db
@SETTINGS
@given(content=spreadsheets())
def test_a_commit_imports_all_new_rows_or_nothing(partner, content):
    with transaction.atomic():
        people = Stakeholder.objects.count()
        try:
            batch, preview = import_batch_create(
                actor=None, partner=partner, content=content, filename="random.csv",
                options=ImportOptions(),
            )  # fmt: skip
        except ImportRejected:
            assert Stakeholder.objects.count() == people
        else:
            try:
                report = import_commit(actor=None, batch=batch)
            except ImportRejected:
                assert Stakeholder.objects.count() == people
            else:
                assert report.created == preview.counts()["new"]
                assert Stakeholder.objects.count() == people + report.created
        transaction.set_rollback(True)  # each example starts from the same group
