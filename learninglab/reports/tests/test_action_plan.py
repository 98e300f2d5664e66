"""An action plan as the programme's template: Word and PDF, the download and the command."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from docx import Document
from pypdf import PdfReader

from learninglab.actionplans.models import ActionIdea, ActionPractice, FundingKind, PlanStatus
from learninglab.actionplans.tests.factories import (
    ActionFactory,
    ActionPlanFactory,
    FundingSourceFactory,
    MilestoneFactory,
    PlayerFactory,
)
from learninglab.conftest import client_for
from learninglab.factories import OrganisationFactory, PolicyInstrumentFactory
from learninglab.labs.tests.factories import LabFactory
from learninglab.practices.models import PracticeStatus
from learninglab.practices.tests.factories import PracticeFactory
from learninglab.projects.models import InstrumentKind
from learninglab.reports.action_plan import action_plan_docx, action_plan_pdf
from learninglab.reports.tests.conftest import pdf_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(partner, other_partner):
    instrument = PolicyInstrumentFactory(
        partner=partner,
        name="Programul Operațional Regional Vest",
        slug="rop-west",
        kind=InstrumentKind.GROWTH_AND_JOBS,
    )
    plan = ActionPlanFactory(
        partner=partner,
        instrument=instrument,
        slug="timisoara-rop-west",
        language="ro",
        status=PlanStatus.ENDORSED,
        title={"ro": "Planul de acțiune al Timișoarei", "en": "Timișoara's action plan"},
        organisation={"ro": "Municipiul Timișoara", "en": "Municipality of Timișoara"},
        other_partners={"ro": "Agenția de Dezvoltare Regională Vest"},
        improvement={"ro": "Apeluri noi pentru IMM-urile culturale și creative."},
        summary={"en": "Two actions open the ROP's calls to cultural and creative SMEs."},
        contact_name="Andreea Vlădescu",
        contact_email="andreea.vladescu@timisoara.example.org",
        contact_phone="+40 256 408 300",
        endorsed_on=datetime.date(2021, 5, 20),
        endorsed_by="Agenția de Dezvoltare Regională Vest",
        signatory="Sorin Maxim",
        signatory_position="Director general",
    )
    vouchers = ActionFactory(
        plan=plan,
        position=0,
        title={"ro": "Vouchere pentru IMM-uri creative", "en": "Vouchers for creative SMEs"},
        background={"ro": "Am învățat din practica Materei că vouchere mici țin firmele împreună."},
        description={
            "ro": "Un apel anual de vouchere de până la 10.000 de euro.",
            "en": "A yearly call for vouchers of up to EUR 10,000.",
        },
        costs_eur=Decimal("250000.00"),
        is_pilot=True,
    )
    practice = PracticeFactory(
        partner=other_partner,
        title={"it": "Voucher creativi", "en": "Creative vouchers"},
        status=PracticeStatus.PUBLISHED,
    )
    ActionPractice.objects.create(action=vouchers, practice=practice, note="the voucher's size")
    lab = LabFactory(partner=partner, round_number=2)
    ActionIdea.objects.create(action=vouchers, lab=lab, text="Vouchere pentru ateliere", votes=12)
    PlayerFactory(
        action=vouchers,
        name="",
        organisation=OrganisationFactory(partner=partner, name="Camera de Comerț Timiș"),
        role={"ro": "Promovează apelul", "en": "Promotes the call"},
    )
    PlayerFactory(action=vouchers, name="ADR Vest", role={"ro": "Gestionează apelul"})
    MilestoneFactory(
        action=vouchers, title={"ro": "Apel publicat"}, due_on=datetime.date(2021, 9, 30)
    )
    FundingSourceFactory(
        action=vouchers, kind=FundingKind.ERDF, name="POR Vest 2.1", amount_eur=Decimal("200000")
    )
    FundingSourceFactory(
        action=vouchers,
        kind=FundingKind.REGIONAL,
        name="Bugetul local",
        amount_eur=Decimal("50000"),
    )
    ActionFactory(
        plan=plan,
        position=1,
        title={"ro": "Casa creativă"},
        description={"ro": "Un spațiu comun pentru firmele creative."},
        costs_eur=None,
    )
    return plan


def ro(text: str) -> str:
    """Return ``text`` as the Romanian document writes it (translated, if it is yet)."""
    with translation.override("ro"):
        return gettext(text)


def docx_of(content: bytes):
    document = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in document.paragraphs)
    return document, text


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def facts(document) -> dict[str, str]:
    """Return the label and value of each fact, as first written."""
    found: dict[str, str] = {}
    for table in document.tables:
        if len(table.columns) == 2:
            for row in table.rows:
                found.setdefault(row.cells[0].text, row.cells[1].text)
    return found


def tables_headed(document, *header: str) -> list[list[list[str]]]:
    """Return the tables whose first row is ``header``, as rows of cell texts."""
    found = []
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if tuple(rows[0]) == header:
            found.append(rows[1:])
    return found


def test_the_word_document_follows_the_templates_parts_in_the_plans_language(plan):
    document, _text = docx_of(action_plan_docx(plan))

    # Headings in the plan's language, the English summary's in English; the parts in
    # their order.
    assert headings(document, 1) == [
        "Partea I – Informații generale",
        "Partea a II-a – Contextul de politică",
        "Partea a III-a – Detalii privind acțiunile preconizate",
        "Aprobare",
        "Summary in English",
    ]
    assert document.paragraphs[2].text == "Planul de acțiune al Timișoarei"  # the title
    assert document.core_properties.language == "ro"
    assert headings(document, 2) == [
        "Acțiunea 1: Vouchere pentru IMM-uri creative",
        "Acțiunea 2: Casa creativă",
        # The English summary
        "Action 1: Vouchers for creative SMEs",
        "Action 2: Casa creativă",
    ]
    action_parts = [
        ro("1. The background"),
        ro("2. Action"),
        ro("3. Players involved"),
        ro("4. Timeframe"),
        ro("5. Costs"),
        ro("6. Funding sources"),
    ]
    assert action_parts[0] == "1. Contextul"
    assert headings(document, 3)[:6] == action_parts
    assert headings(document, 3)[6:12] == action_parts
    assert headings(document, 3)[12:] == ["Link to the project", "Policy relevance"] * 2


def test_part_one_and_the_endorsement_keep_romanian_letters(plan):
    document, _text = docx_of(action_plan_docx(plan))

    general = facts(document)
    assert general[ro("Partner organisation")] == "Municipiul Timișoara"
    assert general[ro("Other partner organisations involved")] == (
        "Agenția de Dezvoltare Regională Vest"
    )
    assert general["Regiunea NUTS 2"] == "RO42 Vest"
    assert general[ro("Contact person")] == "Andreea Vlădescu"
    assert general[ro("E-mail address")] == "andreea.vladescu@timisoara.example.org"
    assert general[ro("Phone number")] == "+40 256 408 300"
    assert general[ro("Name of the policy instrument addressed")] == (
        "Programul Operațional Regional Vest"
    )
    # The endorsement: the last table (the English summary has none).
    endorsement = {row.cells[0].text: row.cells[1].text for row in document.tables[-1].rows}
    assert endorsement == {
        ro("Date"): "20 mai 2021",
        ro("Organisation"): "Agenția de Dezvoltare Regională Vest",
        ro("Signatory"): "Sorin Maxim",
        ro("Position"): "Director general",
    }
    assert general[ro("Estimated costs (EUR)")] == "250.000,00"


def test_the_instrument_kind_is_ticked_among_the_three(plan):
    _document, text = docx_of(action_plan_docx(plan))

    assert "☒ Programul Investiții pentru creștere economică și locuri de muncă" in text
    assert "☐ Programul de cooperare teritorială europeană" in text
    assert "☐ Alt instrument de politică de dezvoltare regională" in text

    plan.instrument.kind = InstrumentKind.TERRITORIAL_COOPERATION
    plan.instrument.save()
    _document, text = docx_of(action_plan_docx(plan))
    assert "☐ Programul Investiții pentru creștere economică și locuri de muncă" in text
    assert "☒ Programul de cooperare teritorială europeană" in text


def test_each_action_has_its_players_funding_milestones_and_origins(plan):
    document, text = docx_of(action_plan_docx(plan))

    players = tables_headed(document, ro("Organisation"), ro("Role"))
    assert players == [
        [["Camera de Comerț Timiș", "Promovează apelul"], ["ADR Vest", "Gestionează apelul"]]
    ]
    funding = tables_headed(document, ro("Source"), ro("Amount (EUR)"))
    assert funding == [
        [
            ["POR Vest 2.1 (Fondul European de Dezvoltare Regională (FEDR))", "200.000,00"],
            ["Bugetul local (Fonduri publice regionale sau locale)", "50.000,00"],
            [ro("Total"), "250.000,00"],
        ]
    ]
    assert tables_headed(document, ro("Milestone"), ro("Due"), ro("Reached")) == [
        [["Apel publicat", "30 septembrie 2021", "—"]]
    ]
    # The background names what inspired the action, in both languages' parts.
    assert "Creative vouchers (Matera): the voucher's size" in text
    assert "“Vouchere pentru ateliere” (" in text
    # The first action is a pilot, the second not; the second has no players yet.
    assert text.count(f"☒ {ro('Yes')}") == 1
    assert text.count(f"☐ {ro('Yes')}") == 1
    assert ro("No players named yet.") in text


def test_the_english_summary_says_what_each_action_is_about(plan):
    _document, text = docx_of(action_plan_docx(plan))
    summary = text[text.index("Summary in English") :]

    assert "Two actions open the ROP's calls to cultural and creative SMEs." in summary
    assert "A yearly call for vouchers of up to EUR 10,000." in summary
    # A text not written in English comes marked as such.
    assert "Not written in English: shown in Romanian.\nUn spațiu comun" in summary
    assert "No good practice or idea linked yet." in summary


def test_a_plan_written_in_english_has_no_second_summary(plan):
    plan.language = "en"
    plan.save()

    document, _text = docx_of(action_plan_docx(plan))

    assert "Summary in English" not in headings(document, 1)
    assert headings(document, 2) == [
        "Action 1: Vouchers for creative SMEs",
        "Action 2: Casa creativă",
    ]


def test_the_pdf_has_the_same_content(plan):
    content = action_plan_pdf(plan)

    text = " ".join(pdf_pages(content))
    parts = [
        "Partea I – Informații generale",
        "Partea a II-a – Contextul de politică",
        "Partea a III-a – Detalii privind acțiunile preconizate",
        "Acțiunea 1: Vouchere pentru IMM-uri creative",
        "3. Actori implicați",
        "6. Surse de finanțare",
        "Aprobare",
        "Summary in English",
        "Action 1: Vouchers for creative SMEs",
    ]
    positions = [text.index(part) for part in parts]
    assert positions == sorted(positions)
    assert "Planul de acțiune al Timișoarei" in text
    assert "☒ Programul Investiții pentru creștere economică și locuri de muncă" in text
    assert "Camera de Comerț Timiș Promovează apelul" in text
    assert "Bugetul local (Fonduri publice regionale sau locale) 50.000,00" in text
    assert "Sorin Maxim" in text
    assert "Pagina 1 din" in text
    assert PdfReader(io.BytesIO(content)).metadata.title == (
        "Plan de acțiune: Planul de acțiune al Timișoarei"
    )


def test_lithuanian_and_croatian_letters_come_through_the_pdf(plan):
    plan.language = "lt"
    plan.title = {"lt": "Kauno veiksmų planas: ąčęėįšųūž"}
    plan.organisation = {"lt": "Kauno miesto savivaldybė", "hr": "Grad Rijeka: čćđšž"}
    plan.save()

    text = " ".join(pdf_pages(action_plan_pdf(plan)))

    assert "Kauno veiksmų planas: ąčęėįšųūž" in text
    assert "Kauno miesto savivaldybė" in text


# The download


def export_url(plan, fmt="docx") -> str:
    return reverse("reports:plan_export", args=[plan.slug, fmt])


def test_staff_download_their_plan_as_word_and_pdf(staff_client, plan):
    response = staff_client.get(export_url(plan))

    assert response["Content-Disposition"] == (
        'attachment; filename="action-plan-timisoara-rop-west.docx"'
    )
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "Planul de acțiune al Timișoarei" in docx_of(response.content)[1]

    response = staff_client.get(export_url(plan, "pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert "Planul de acțiune al Timișoarei" in " ".join(pdf_pages(response.content))


def test_the_coordinator_downloads_any_plan_another_partner_none(
    coordinator_client, other_staff, facilitator, plan
):
    assert coordinator_client.get(export_url(plan, "pdf")).status_code == 200
    assert client_for(other_staff).get(export_url(plan)).status_code == 404
    assert client_for(facilitator).get(export_url(plan)).status_code == 403
    assert client_for(None).get(export_url(plan)).status_code == 302


def test_an_unknown_format_is_not_found(staff_client, plan):
    assert staff_client.get(export_url(plan, "odt")).status_code == 404


# The command


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("export_action_plan", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_the_command_writes_the_partners_plan(plan, tmp_path, fmt):
    target = tmp_path / f"plan.{fmt}"

    out = run("--partner", "timisoara", "--format", fmt, "-o", str(target))

    assert out == f"Wrote the action plan timisoara-rop-west to {target}.\n"
    assert target.read_bytes().startswith(b"PK" if fmt == "docx" else b"%PDF-")


def test_a_partner_with_several_plans_names_the_instrument(plan, partner, tmp_path):
    ActionPlanFactory(
        partner=partner,
        slug="timisoara-culture",
        instrument=PolicyInstrumentFactory(partner=partner, slug="culture-strategy"),
    )
    target = tmp_path / "plan.docx"

    with pytest.raises(CommandError) as refused:
        run("--partner", "timisoara", "--format", "docx", "-o", str(target))
    assert str(refused.value) == (
        "timisoara has several action plans: choose one with --instrument "
        "(one of culture-strategy, rop-west)."
    )
    assert not target.exists()

    run(
        "--partner",
        "timisoara",
        "--instrument",
        "culture-strategy",
        "--format",
        "docx",
        "-o",
        str(target),
    )
    assert document_title_of(target) == "Plan de acțiune: Planul de acțiune al Timișoarei"

    with pytest.raises(CommandError) as refused:
        run("--partner", "timisoara", "--instrument", "nope", "--format", "pdf", "-o", str(target))
    assert str(refused.value) == (
        "timisoara has no action plan for the instrument 'nope'; its plans are for: "
        "culture-strategy, rop-west."
    )


def document_title_of(path) -> str:
    return Document(str(path)).core_properties.title


def test_a_joint_partner_exports_the_joint_plan(plan, other_partner, tmp_path):
    plan.joint_partners.add(other_partner)
    target = tmp_path / "plan.pdf"

    run("--partner", "matera", "--format", "pdf", "-o", str(target))

    assert "Planul de acțiune al Timișoarei" in " ".join(pdf_pages(target.read_bytes()))


def test_the_command_says_what_is_wrong(plan, other_partner, tmp_path):
    target = str(tmp_path / "plan.pdf")

    with pytest.raises(
        CommandError, match=r"^No partner 'rome': choose one of matera, timisoara\.$"
    ):
        run("--partner", "rome", "--format", "pdf", "-o", target)
    with pytest.raises(CommandError, match=r"^matera has no action plan yet\.$"):
        run("--partner", "matera", "--format", "pdf", "-o", target)
    with pytest.raises(CommandError, match="invalid choice: 'odt'"):
        run("--partner", "timisoara", "--format", "odt", "-o", target)
    with pytest.raises(CommandError, match=r"^Cannot write .*missing.*plan\.pdf: "):
        run(
            "--partner",
            "timisoara",
            "--format",
            "pdf",
            "-o",
            str(tmp_path / "missing" / "plan.pdf"),
        )


def test_the_plan_page_offers_the_downloads_to_those_who_may_see_the_plan(
    plan, staff, other_staff, rf
):
    request = rf.get("/")
    request.user = staff
    html = render_to_string("reports/plan_documents.html", {"plan": plan}, request=request)
    assert export_url(plan, "docx") in html
    assert export_url(plan, "pdf") in html

    request.user = other_staff
    assert (
        render_to_string("reports/plan_documents.html", {"plan": plan}, request=request).strip()
        == ""
    )
