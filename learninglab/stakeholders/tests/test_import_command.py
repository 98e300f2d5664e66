"""``learninglab import-stakeholders``: the same import from the console."""

import csv

import pytest
from django.core.management import CommandError, call_command

from learninglab.core.models import AuditEntry
from learninglab.manage import main
from learninglab.stakeholders.models import ImportBatch, Stakeholder
from learninglab.stakeholders.services.stakeholder import StakeholderData, stakeholder_create

ROWS = [
    ["Nume", "Prenume", "Adresă de e-mail", "Nr. mobil", "Instituţie"],
    ["Ţepeş", "Ştefan", "Stefan@Example.ro", "0731 540 977", "Primăria Timişoara"],
    ["Pop", "Ana", "ana@example.ro", "", ""],
    ["", "", "nobody@example.ro", "", ""],
]


@pytest.fixture
def spreadsheet(tmp_path):
    path = tmp_path / "lista.csv"
    with path.open("w", encoding="cp1250", newline="") as stream:
        csv.writer(stream, delimiter=";").writerows(ROWS)
    return path


def run(*args):
    output = []

    class Out:
        def write(self, text):
            output.append(text)

        def flush(self):
            pass

    call_command("import_stakeholders", *map(str, args), stdout=Out())
    return "".join(output)


def test_a_dry_run_prints_the_report_and_changes_nothing(partner, spreadsheet):
    output = run(spreadsheet, "--partner", "timisoara", "--dry-run", "--map", "Nr. mobil=phone")

    lines = output.splitlines()
    assert lines[0].split() == ["2", "new", "Ștefan", "Țepeș"]
    assert lines[1].split() == ["3", "new", "Ana", "Pop"]
    assert lines[2].split()[:2] == ["4", "invalid"]
    assert "The name is missing." in lines[2]
    assert "3 rows — new: 2, update: 0, unchanged: 0, duplicate: 0, invalid: 1" in output
    assert "Dry run: nothing was imported." in output
    assert not Stakeholder.objects.exists()
    assert not ImportBatch.objects.exists()


def test_a_real_run_imports_and_is_audited_as_the_command_line(partner, spreadsheet):
    output = run(spreadsheet, "--partner", "timisoara", "--map", "Nr. mobil=phone")

    assert "Imported: 2 new, 0 updated." in output
    stefan = Stakeholder.objects.get(email="stefan@example.ro")
    assert stefan.phone == "+40731540977"
    assert stefan.organisation.name == "Primăria Timișoara"
    entries = AuditEntry.objects.filter(action="stakeholders.stakeholder.created")
    assert set(entries.values_list("via", "actor")) == {("cli", None)}
    assert ImportBatch.objects.get().committed_at is not None

    again = run(spreadsheet, "--partner", "timisoara", "--map", "Nr. mobil=phone")

    assert "new: 0, update: 0, unchanged: 2" in again
    assert "Imported: 0 new, 0 updated." in again
    assert Stakeholder.objects.count() == 2


def test_without_the_mapping_the_unknown_column_is_listed(partner, spreadsheet):
    output = run(spreadsheet, "--partner", "timisoara", "--dry-run")

    assert "Columns ignored: Nr. mobil" in output


def test_the_encoding_can_be_forced(partner, spreadsheet):
    with pytest.raises(CommandError, match="cannot be read as utf-8"):
        run(spreadsheet, "--partner", "timisoara", "--dry-run", "--encoding", "utf-8")

    output = run(spreadsheet, "--partner", "timisoara", "--dry-run", "--encoding", "cp1250")
    assert "Ștefan" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--partner", "atlantis"], "There is no partner with the short name “atlantis”."),
        (["--partner", "timisoara", "--map", "Nr. mobil"], "is not a mapping"),
        (["--partner", "timisoara", "--map", "Nr. mobil=shoe"], "“shoe” is not a field"),
    ],
)
def test_wrong_arguments_are_explained(partner, spreadsheet, args, message):
    with pytest.raises(CommandError, match=message):
        run(spreadsheet, *args)


def test_an_unreadable_file_is_explained(partner, tmp_path):
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 not a workbook")

    with pytest.raises(CommandError, match="cannot be opened"):
        run(junk, "--partner", "timisoara")
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.csv", "--partner", "timisoara")
    assert not ImportBatch.objects.exists()


def test_the_console_command_exits_non_zero_on_errors(partner, spreadsheet, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["learninglab", "import-stakeholders", str(spreadsheet), "--partner", "atlantis"])

    assert exit_.value.code != 0
    assert "no partner with the short name" in capsys.readouterr().err


def test_a_duplicate_of_someone_in_the_group_names_that_person(partner, spreadsheet):
    ana = stakeholder_create(
        actor=None,
        partner=partner,
        data=StakeholderData(first_name="Ana", last_name="Pop", email="ana.pop@example.ro"),
    )

    output = run(spreadsheet, "--partner", "timisoara", "--dry-run")

    line = output.splitlines()[1]
    assert line.split()[:2] == ["3", "duplicate"]
    assert "Probably Ana Pop, already in the group" in line
    assert f"see person #{ana.pk}" in line
