"""An export of the directory can be imported again and changes nothing."""

import io

import pytest
from django.utils import translation

from learninglab.stakeholders import exports
from learninglab.stakeholders.importing import ImportOptions, import_batch_create, import_commit
from learninglab.stakeholders.models import Stakeholder
from learninglab.stakeholders.services.consent import consent_record
from learninglab.stakeholders.services.organisation import organisation_get_or_create
from learninglab.stakeholders.services.stakeholder import StakeholderData, stakeholder_create


@pytest.fixture
def directory(partner):
    """A group with every kind of value the export writes."""
    hall, _ = organisation_get_or_create(
        actor=None, partner=partner, name="Primăria Timișoara", type="public_authority"
    )
    other, _ = organisation_get_or_create(actor=None, partner=partner, name="Altceva")
    people = [
        StakeholderData(
            first_name="Ștefan", last_name="Țepeș", email="stefan@example.ro",
            phone="+40731540977", organisation=hall, position="Director", language="ro",
            tags=["Round 1", "cultură"], notes="- met at lab 1\n= second line",
        ),
        StakeholderData(
            first_name="Maria", last_name="Pop", phone="+40256408371", organisation=other,
            language="en",
        ),
        StakeholderData(
            first_name="Luca", last_name="Rossi", email="luca@example.it", language="it",
        ),
    ]  # fmt: skip
    created = [stakeholder_create(actor=None, partner=partner, data=data) for data in people]
    consent_record(
        actor=None, stakeholder=created[0], purpose="invitations", given=True, method="form"
    )
    consent_record(
        actor=None, stakeholder=created[2], purpose="invitations", given=False, method="email"
    )
    return Stakeholder.objects.filter(partner=partner)


def exported(people, fmt):
    people = exports.export_people(people)
    if fmt == "csv":
        text = io.StringIO()
        exports.write_csv(people, text)
        return text.getvalue().encode("utf-8-sig")
    buffer = io.BytesIO()
    exports.write_xlsx(people, buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("language", ["en", "ro"])
def test_an_export_imports_again_as_unchanged_rows(partner, directory, fmt, language):
    with translation.override(language):
        content = exported(directory, fmt)
    batch, report = import_batch_create(
        actor=None, partner=partner, content=content, filename=f"export.{fmt}",
        options=ImportOptions(),
    )  # fmt: skip

    assert [(row.name, row.verdict, row.reasons) for row in report.rows] == [
        ("Maria Pop", "unchanged", []),
        ("Luca Rossi", "unchanged", []),
        ("Ștefan Țepeș", "unchanged", []),
    ]
    assert report.ignored_columns == []
    assert import_commit(actor=None, batch=batch).summary()["unchanged"] == 3
