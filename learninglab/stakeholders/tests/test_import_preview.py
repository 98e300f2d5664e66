"""The import preview: every row of a messy office spreadsheet gets the right verdict."""

import csv
import io
from types import SimpleNamespace

import openpyxl
import pytest
from django.test import override_settings

from learninglab.core.models import AuditEntry
from learninglab.stakeholders.importing import ImportOptions, ImportRejected, import_preview
from learninglab.stakeholders.models import Consent, Organisation, Stakeholder, Tag
from learninglab.stakeholders.services.consent import consent_record
from learninglab.stakeholders.services.organisation import organisation_get_or_create
from learninglab.stakeholders.services.stakeholder import StakeholderData, stakeholder_create

# As the Timișoara office keeps its list: Romanian headers, cedilla letters from old
# keyboards, stray spaces, upper-case addresses and phone numbers in every style.
HEADER = [
    "Nume", "Prenume", "E-mail", "Telefon", "Firma", "Tip organizaţie", "Funcţie", "Limba",
    "Etichete", "Observaţii", "Acord", "Oraş",
]  # fmt: skip
ROWS = [
    ["  Ţepeş ", " Ştefan", "  STEFAN.TEPES@Example.COM ", "0731.540.977", "Primăria Timişoara",
     "primărie", "Director  executiv", "ro", "Round 2; cultură", "", "da", "Timişoara"],
    ["Popescu", "Ioana", "Ioana.Popescu@PrimariaTM.ro", "0256 – 408.371", "Primăria Timişoara",
     "Autoritate publică", "Consilier superior", "", "Round 1", "", "x", ""],
    ["Mureşan", "Andrei", "andrei@studiocreativ.ro", "", "Studio Creativ", "", "", "", "", "",
     "", ""],
    ["", "", "fara.nume@example.ro", "0722 111 222", "", "", "", "", "", "", "", ""],
    ["Vlad", "Dan", "dan.vlad@", "12", "", "", "", "", "", "", "", ""],
    ["Ţepeş", "Ştefan", "stefan.tepes@example.com", "", "", "", "", "", "", "", "", ""],
    ["Ionescu", "Mihai", "", "0731 000 111", "Asociaţia Banatul", "ONG", "", "", "", "", "", ""],
    ["Ionescu", "Mihai", "mihai.ionescu@banatul.ro", "", "Asociaţia Banatul", "", "", "", "",
     "", "", ""],
    ["Georgescu", "Elena", "", "0722 123 456", "ONG Verde", "asociaţie", "Preşedinte", "",
     "", "A venit la\nprimul lab", "nu", ""],
    ["GEORGESCU", "elena", "", "", "ONG Verde", "", "", "", "", "", "", ""],
    ["", "", "", "", "", "", "", "", "", "", "", ""],
    ["Radu", "Ana", "ana.radu@example.ro", "+40 256 592 111", "Banca X", "bancă", "",
     "maghiară", "", "", "poate", ""],
    ["Pop", "-", "pop@example.ro", "", "", "", "", "", "", "", "", ""],
]  # fmt: skip
VERDICTS = {
    2: "new",
    3: "update",
    4: "unchanged",
    5: "invalid",
    6: "invalid",
    7: "duplicate",
    8: "unchanged",
    9: "duplicate",
    10: "new",
    11: "duplicate",
    13: "invalid",
    14: "invalid",
}


def csv_bytes(rows, *, delimiter=",", encoding="utf-8"):
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def preview(partner, content, **options):
    return import_preview(
        partner=partner, content=content, filename="lista.csv", options=ImportOptions(**options)
    )


def by_row(report):
    return {row.number: row for row in report.rows}


def make_group(partner):
    """Add three people to the Timișoara group, as in the office's list."""
    city_hall, _ = organisation_get_or_create(
        actor=None, partner=partner, name="Primăria Timișoara", type="public_authority"
    )
    banatul, _ = organisation_get_or_create(
        actor=None, partner=partner, name="Asociația Banatul", type="ngo"
    )
    studio, _ = organisation_get_or_create(
        actor=None, partner=partner, name="Studio Creativ", type="cultural"
    )
    ioana = stakeholder_create(
        actor=None,
        partner=partner,
        data=StakeholderData(
            first_name="Ioana", last_name="Popescu", email="ioana.popescu@primariatm.ro",
            phone="+40256408371", organisation=city_hall, position="Consilier", language="ro",
            tags=["Round 1"],
        ),
    )  # fmt: skip
    consent_record(actor=None, stakeholder=ioana, purpose="invitations", given=True, method="form")
    mihai = stakeholder_create(
        actor=None,
        partner=partner,
        data=StakeholderData(
            first_name="Mihai", last_name="Ionescu", phone="+40731000111", organisation=banatul,
            language="ro",
        ),
    )  # fmt: skip
    andrei = stakeholder_create(
        actor=None,
        partner=partner,
        data=StakeholderData(
            first_name="Andrei", last_name="Mureșan", email="andrei@studiocreativ.ro",
            organisation=studio, language="ro",
        ),
    )  # fmt: skip
    return SimpleNamespace(ioana=ioana, mihai=mihai, andrei=andrei, city_hall=city_hall)


@pytest.fixture
def group(partner):
    return make_group(partner)


def assert_messy_rows_judged(report, group):
    rows = by_row(report)
    assert {n: row.verdict for n, row in rows.items()} == VERDICTS

    stefan = rows[2].person
    assert (stefan.first_name, stefan.last_name) == ("Ștefan", "Țepeș")
    assert stefan.email == "stefan.tepes@example.com"
    assert stefan.phone == "+40731540977"
    assert stefan.organisation == "Primăria Timișoara"
    assert stefan.organisation_type == "public_authority"
    assert stefan.position == "Director executiv"
    assert stefan.language == "ro"
    assert stefan.tags == ["Round 2", "cultură"]
    assert stefan.consent is True

    assert rows[3].existing == group.ioana
    assert rows[3].changes == ["position"]
    assert rows[3].person.phone == "+40256408371"
    assert rows[3].person.email == "ioana.popescu@primariatm.ro"
    assert rows[4].existing == group.andrei
    assert rows[4].person.last_name == "Mureșan"

    assert rows[5].reasons == ["The name is missing."]
    assert rows[6].reasons == [
        "“dan.vlad@” is not an e-mail address.",
        "“12” is not a phone number.",
    ]
    assert rows[7].duplicate_of_row == 2
    assert rows[7].reasons == ["Same e-mail address as row 2."]
    assert rows[8].existing == group.mihai
    assert rows[9].existing == group.mihai
    assert "Mihai Ionescu" in rows[9].reasons[0]

    elena = rows[10].person
    assert elena.full_name == "Elena Georgescu"
    assert elena.phone == "+40722123456"
    assert elena.organisation_type == "ngo"
    assert elena.position == "Președinte"
    assert elena.notes == "A venit la\nprimul lab"
    assert elena.consent is False
    assert rows[11].duplicate_of_row == 10

    # A language we cannot write in is no reason to leave a row out.
    assert len(rows[13].reasons) == 2
    assert "“bancă” is not an organisation type" in rows[13].reasons[0]
    assert "“poate” is not an answer about consent" in rows[13].reasons[1]
    assert rows[13].person.language == "hu"
    assert rows[14].reasons == ["The first name is missing."]

    assert report.ignored_columns == ["Oraş"]
    assert report.header_row == 1
    assert report.counts() == {
        "new": 2, "update": 1, "unchanged": 2, "duplicate": 3, "invalid": 4,
    }  # fmt: skip


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1250"])
def test_every_row_of_a_messy_csv_gets_its_verdict(partner, group, delimiter, encoding):
    content = csv_bytes([HEADER, *ROWS], delimiter=delimiter, encoding=encoding)

    report = preview(partner, content)

    assert report.encoding == encoding
    assert report.delimiter == delimiter
    assert_messy_rows_judged(report, group)


def test_every_row_of_a_messy_workbook_gets_its_verdict(partner, group):
    rows = [list(row) for row in ROWS]
    rows[0][3] = 731540977  # phone numbers typed into number cells lose their leading 0
    rows[8][3] = 722123456.0
    rows[10] = [None] * len(HEADER)

    report = preview(partner, xlsx_bytes([HEADER, *rows]))

    assert report.format == "xlsx"
    assert_messy_rows_judged(report, group)


def test_western_names_in_windows_1252_come_out_right(partner):
    rows = [
        ["First name", "Last name", "Email", "Phone", "Organisation"],
        ["Hélène", "Lefèvre", "helene@example.fr", "+33 1 42 68 53 00", "Théâtre du Châtelet"],
        ["Jürgen", "Müller", "JUERGEN@example.de", "+49 30 1234567", "Kulturbüro"],
        ["José", "Muñoz", "jose@example.es", "+34 912 345 678", ""],
        ["Renée", "Öberg", "renee@example.se", "", ""],
    ]

    report = preview(partner, csv_bytes(rows, delimiter=";", encoding="cp1252"))

    assert report.encoding == "cp1252"
    assert [r.verdict for r in report.rows] == ["new"] * 4
    assert [r.name for r in report.rows] == [
        "Hélène Lefèvre", "Jürgen Müller", "José Muñoz", "Renée Öberg",
    ]  # fmt: skip
    assert report.rows[0].organisation == "Théâtre du Châtelet"
    assert report.rows[1].email == "juergen@example.de"
    assert report.rows[2].person.phone == "+34912345678"


def test_a_full_name_column_is_split_before_the_last_word(partner):
    rows = [
        ["Nr. crt.", "Nume și prenume", "Adresă de e-mail"],
        ["1", "Ion Popescu", "ion@example.ro"],
        ["2", "  Maria  Elena   Ionescu ", "maria@example.ro"],
        ["3", "Popescu", "popescu@example.ro"],
    ]

    report = preview(partner, csv_bytes(rows))

    first, second, third = report.rows
    assert (first.person.first_name, first.person.last_name) == ("Ion", "Popescu")
    assert (second.person.first_name, second.person.last_name) == ("Maria Elena", "Ionescu")
    assert third.verdict == "invalid"
    assert "single word" in third.reasons[0]
    assert report.ignored_columns == ["Nr. crt."]


def test_a_separate_last_name_column_says_where_the_full_name_splits(partner):
    rows = [["Nume complet", "Nume de familie", "Mail"]]
    rows += [["Ana Maria Pop Bălan", "Pop Bălan", "a@x.ro"]]

    (row,) = preview(partner, csv_bytes(rows)).rows

    assert (row.person.first_name, row.person.last_name) == ("Ana Maria", "Pop Bălan")


def test_a_title_above_the_header_is_skipped(partner):
    rows = [["Participanți lab 3 octombrie 2019", ""], [], ["Prenume", "Nume", "Email"]]
    rows += [["Ion", "Pop", "ion@example.ro"]]

    report = preview(partner, csv_bytes(rows))

    assert report.header_row == 3
    assert [(r.number, r.verdict, r.name) for r in report.rows] == [(4, "new", "Ion Pop")]


def test_other_headers_can_be_mapped_to_fields(partner):
    rows = [
        ["Nr. crt.", "Denumire persoană", "Adresă electronică", "Nr. mobil", "Instituția"],
        ["1", "Ion Popescu", "ION@example.ro", "0731 540 977", "Primăria Timișoara"],
    ]
    mapping = {
        "Denumire persoana": "full_name",
        "adresă electronică": "email",
        "Nr. mobil": "Telefon",
        "Nr. crt.": "ignore",
    }

    report = preview(partner, csv_bytes(rows), mapping=mapping)

    (row,) = report.rows
    assert row.verdict == "new"
    assert row.person.email == "ion@example.ro"
    assert row.person.phone == "+40731540977"
    assert row.person.organisation == "Primăria Timișoara"
    assert report.columns["full_name"] == "Denumire persoană"
    assert report.ignored_columns == ["Nr. crt."]


def test_a_mapping_to_an_unknown_field_or_a_missing_header_is_refused(partner):
    rows = [["Nume", "Prenume", "Email"], ["Pop", "Ion", "ion@example.ro"]]

    with pytest.raises(ImportRejected) as unknown_field:
        preview(partner, csv_bytes(rows), mapping={"Email": "shoe_size"})
    with pytest.raises(ImportRejected) as missing_header:
        preview(partner, csv_bytes(rows), mapping={"Telefon mobil": "phone"})

    assert unknown_field.value.code == "mapping_invalid"
    assert "shoe_size" in str(unknown_field.value)
    assert "first_name" in str(unknown_field.value)
    assert missing_header.value.code == "mapping_header_missing"
    assert "“Telefon mobil”" in str(missing_header.value)
    assert "“Prenume”" in str(missing_header.value)


def test_a_file_without_a_name_column_is_refused_naming_the_headers(partner):
    rows = [["Cod", "Adresă de e-mail", "Oraș"], ["1", "ion@example.ro", "Arad"]]

    with pytest.raises(ImportRejected) as refused:
        preview(partner, csv_bytes(rows))

    message = str(refused.value)
    assert refused.value.code == "name_column_missing"
    assert "“Cod”, “Adresă de e-mail”, “Oraș”" in message
    assert "Prenume" in message and "First name" in message


def test_a_file_without_an_email_or_phone_column_is_refused_naming_the_headers(partner):
    rows = [["Nume", "Prenume", "Oraș"], ["Pop", "Ion", "Arad"]]

    with pytest.raises(ImportRejected) as refused:
        preview(partner, csv_bytes(rows))

    message = str(refused.value)
    assert refused.value.code == "contact_column_missing"
    assert "“Oraș”" in message
    assert "E-mail" in message and "Telefon" in message


def test_the_size_and_row_limits_are_enforced(partner):
    rows = [["Nume", "Prenume", "Email"]] + [["Pop", f"Ion{i}", f"i{i}@x.ro"] for i in range(5)]
    content = csv_bytes(rows)

    smaller = override_settings(IMPORT_MAX_BYTES=len(content) - 1)
    with smaller, pytest.raises(ImportRejected) as too_large:
        preview(partner, content)
    with override_settings(IMPORT_MAX_ROWS=4), pytest.raises(ImportRejected) as too_long:
        preview(partner, content)
    with override_settings(IMPORT_MAX_ROWS=5, IMPORT_MAX_BYTES=len(content)):
        assert len(preview(partner, content).rows) == 5

    assert too_large.value.code == "file_too_large"
    assert too_long.value.code == "too_many_rows"


def test_the_preview_changes_nothing(partner, group):
    def counts():
        return [m.objects.count() for m in (Stakeholder, Organisation, Tag, Consent, AuditEntry)]

    before = counts()
    preview(partner, csv_bytes([HEADER, *ROWS]))

    assert counts() == before


def test_people_of_another_partner_do_not_count(partner, other_partner, group):
    stakeholder_create(
        actor=None,
        partner=other_partner,
        data=StakeholderData(first_name="Luca", last_name="Rossi", email="luca@example.it"),
    )
    rows = [["Nume", "Prenume", "Email"], ["Rossi", "Luca", "luca@example.it"]]

    (row,) = preview(partner, csv_bytes(rows)).rows

    assert row.verdict == "new"


def test_a_name_is_not_replaced_by_the_same_name_without_diacritics(partner, group):
    rows = [
        ["Nume", "Prenume", "Email", "Firma"],
        ["MURESAN", "Andrei", "andrei@studiocreativ.ro", "studio creativ"],
        ["Popescu", "Ioana", "ioana.popescu@primariatm.ro", "Casa de Cultură"],
    ]

    andrei, ioana = preview(partner, csv_bytes(rows)).rows

    assert andrei.verdict == "unchanged"
    assert ioana.verdict == "update"
    assert ioana.changes == ["organisation"]
    assert ioana.change_labels == ["Organisation"]
