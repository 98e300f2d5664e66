"""Committing an import: all valid rows in one transaction, once, and audited."""

import csv
import io

import pytest
from django.db import IntegrityError

from learninglab.core.models import AuditEntry, Via
from learninglab.stakeholders import importing
from learninglab.stakeholders.importing import (
    ImportOptions,
    ImportRejected,
    import_batch_create,
    import_commit,
)
from learninglab.stakeholders.models import (
    Consent,
    ImportBatch,
    Organisation,
    Stakeholder,
    Tag,
)
from learninglab.stakeholders.selectors import with_consents
from learninglab.stakeholders.services.organisation import organisation_get_or_create
from learninglab.stakeholders.services.stakeholder import StakeholderData, stakeholder_create
from learninglab.stakeholders.tests.test_import_preview import HEADER, ROWS, make_group

CLEAN = [
    ["Prenume", "Nume", "Email", "Telefon", "Organizaţie", "Tip", "Etichete", "Acord"],
    ["Ion", "Popescu", "ion@example.ro", "0731 540 977", "Casa Artelor", "cultural", "Lab 1", "da"],
    ["Maria", "Pop", "maria@example.ro", "", "Casa Artelor", "", "Lab 1, Lab 2", "nu"],
    ["Dan", "Vlad", "", "0256-408-371", "Universitatea de Vest", "universitate", "", ""],
]  # fmt: skip


@pytest.fixture
def group(partner):
    return make_group(partner)


def csv_bytes(rows, *, delimiter=","):
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return text.getvalue().encode()


def upload(partner, rows, *, actor=None, filename="lista.csv"):
    batch, report = import_batch_create(
        actor=actor, partner=partner, content=csv_bytes(rows), filename=filename,
        options=ImportOptions(),
    )  # fmt: skip
    return batch, report


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Stakeholder, Organisation, Tag, Consent, AuditEntry)
    }


def test_commit_imports_exactly_the_new_and_changed_rows(partner, group, staff):
    batch, _preview = upload(partner, [HEADER, *ROWS], actor=staff)
    people_before = Stakeholder.objects.count()

    report = import_commit(actor=staff, batch=batch, via=Via.IMPORT)

    assert (report.created, report.updated) == (2, 1)
    assert Stakeholder.objects.count() == people_before + 2
    stefan = with_consents(Stakeholder.objects.filter(email="stefan.tepes@example.com")).get()
    assert stefan.full_name == "Ștefan Țepeș"
    assert stefan.phone == "+40731540977"
    assert stefan.organisation == group.city_hall  # found, not created again
    assert sorted(stefan.tags.values_list("name", flat=True)) == ["Round 2", "cultură"]
    assert stefan.consent_invitations is True
    consent = stefan.consents.get()
    assert (consent.method, consent.recorded_by) == ("import", staff)
    assert consent.text_version.startswith("lista.csv ")
    elena = Stakeholder.objects.get(last_name="Georgescu")
    assert elena.organisation.name == "ONG Verde"
    assert elena.organisation.type == "ngo"
    assert elena.language == "ro"  # the partner's main language
    assert elena.consents.get().given is False
    group.ioana.refresh_from_db()
    assert group.ioana.position == "Consilier superior"
    assert not Stakeholder.objects.filter(email__in=["fara.nume@example.ro", "ana.radu@example.ro"])
    assert Stakeholder.objects.filter(first_name="Mihai").count() == 1
    batch.refresh_from_db()
    assert batch.committed_at is not None
    assert batch.summary["created"] == 2
    assert batch.summary["invalid"] == 4


def test_every_change_of_a_commit_is_audited_as_an_import(partner, group, staff):
    batch, _preview = upload(partner, [HEADER, *ROWS], actor=staff)
    first_entry = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first()

    import_commit(actor=staff, batch=batch, via=Via.IMPORT)

    entries = AuditEntry.objects.filter(id__gt=first_entry)
    actions = sorted(entries.values_list("action", flat=True))
    assert actions == sorted(
        [
            "stakeholders.stakeholder.created",
            "stakeholders.stakeholder.created",
            "stakeholders.stakeholder.updated",
            "stakeholders.organisation.created",
            "stakeholders.consent.given",
            "stakeholders.consent.withdrawn",
            "stakeholders.import.committed",
        ]
    )
    assert set(entries.values_list("via", flat=True)) == {"import"}
    assert set(entries.values_list("actor", flat=True)) == {staff.pk}


def test_a_failing_row_leaves_nothing_imported(partner, monkeypatch):
    batch, preview = upload(partner, [*CLEAN, ["Ana", "Radu", "ana@x.ro", "", "", "", "", ""]])
    assert [row.verdict for row in preview.rows] == ["new"] * 4
    before = counts()
    create = stakeholder_create
    calls = []

    def failing_create(**kwargs):
        calls.append(kwargs["data"].last_name)
        if len(calls) == 3:
            raise IntegrityError("the database refused the row")
        return create(**kwargs)

    monkeypatch.setattr(importing.services, "stakeholder_create", failing_create)

    with pytest.raises(ImportRejected) as failed:
        import_commit(actor=None, batch=batch, via=Via.CLI)

    assert failed.value.code == "row_failed"
    assert "Row 4" in str(failed.value)
    assert counts() == before  # not even the organisations or the consents of rows 2 and 3
    batch.refresh_from_db()
    assert batch.committed_at is None  # and it can be committed once the problem is solved
    monkeypatch.setattr(importing.services, "stakeholder_create", create)
    assert import_commit(actor=None, batch=batch, via=Via.CLI).created == 4


def test_importing_the_same_file_again_changes_nothing(partner):
    first, _preview = upload(partner, CLEAN)
    import_commit(actor=None, batch=first)
    before = counts()

    again, preview = upload(partner, CLEAN)
    report = import_commit(actor=None, batch=again)

    assert [row.verdict for row in preview.rows] == ["unchanged"] * 3
    assert (report.created, report.updated) == (0, 0)
    assert counts() == {**before, "AuditEntry": before["AuditEntry"] + 1}  # the commit itself


def test_a_batch_is_committed_only_once(partner):
    batch, _preview = upload(partner, CLEAN)
    import_commit(actor=None, batch=batch)
    before = counts()

    stale_copy = ImportBatch.objects.get(pk=batch.pk)
    stale_copy.committed_at = None  # as a second request that loaded the batch earlier
    with pytest.raises(ImportRejected) as second:
        import_commit(actor=None, batch=stale_copy)

    assert second.value.code == "already_committed"
    assert counts() == before


def test_verdicts_are_computed_again_at_commit_time(partner):
    batch, preview = upload(partner, CLEAN)
    assert preview.counts()["new"] == 3
    # Someone adds Ion by hand between the preview and the commit.
    stakeholder_create(
        actor=None,
        partner=partner,
        data=StakeholderData(first_name="Ion", last_name="Popescu", email="ion@example.ro"),
    )

    report = import_commit(actor=None, batch=batch)

    assert (report.created, report.updated) == (2, 1)
    assert Stakeholder.objects.filter(email="ion@example.ro").count() == 1


def test_consent_is_recorded_only_when_it_changes(partner):
    batch, _preview = upload(partner, CLEAN)
    import_commit(actor=None, batch=batch)
    withdrawn = [row[:] for row in CLEAN]
    withdrawn[1][7] = "NU"  # Ion withdraws
    withdrawn[2][7] = "no"  # Maria had already said no

    batch, preview = upload(partner, withdrawn)
    rows = {row.number: row for row in preview.rows}
    import_commit(actor=None, batch=batch)

    assert rows[2].changes == ["consent"]
    assert rows[3].verdict == "unchanged"
    ion = Stakeholder.objects.get(email="ion@example.ro")
    assert list(ion.consents.values_list("given", flat=True)) == [False, True]
    assert Stakeholder.objects.get(email="maria@example.ro").consents.count() == 1


def test_tags_and_notes_are_added_never_removed(partner):
    batch, _preview = upload(partner, CLEAN)
    import_commit(actor=None, batch=batch)
    rows = [
        ["Prenume", "Nume", "Email", "Etichete", "Note"],
        ["Maria", "Pop", "maria@example.ro", "lab 3", "Vine cu un coleg."],
    ]

    batch, preview = upload(partner, rows)
    import_commit(actor=None, batch=batch)

    assert preview.rows[0].changes == ["tags", "notes"]
    maria = Stakeholder.objects.get(email="maria@example.ro")
    assert sorted(maria.tags.values_list("name", flat=True)) == ["Lab 1", "Lab 2", "lab 3"]
    assert maria.notes == "Vine cu un coleg."
    assert maria.organisation.name == "Casa Artelor"  # the column is absent, the value stays


def test_an_organisation_typed_other_gets_the_type_of_the_file(partner):
    organisation, _created = organisation_get_or_create(
        actor=None, partner=partner, name="Casa Artelor"
    )
    batch, _preview = upload(partner, CLEAN)

    import_commit(actor=None, batch=batch)

    organisation.refresh_from_db()
    assert organisation.type == "cultural"
    assert Organisation.objects.filter(partner=partner).count() == 2
