"""Benchmark the stakeholder import's time and memory on the worst files its limits let in.

Each file goes through the whole import in a fresh interpreter of its own, so that its peak
memory is its own: the web upload, the preview shown twice and the commit through the
Django test client, or the ``import-stakeholders`` command. The baseline is a small ordinary
CSV file, measured in the same run; every other file is compared with it.

    .venv/bin/python bench/import_limits.py [--postgres] [--budget-mb 300] [--people 20000]

The aim: every import, accepted or refused, peaks below ``--budget-mb`` megabytes of
resident memory in all (Django included), refuses or finishes within ``SLOW_SECONDS``, and a
flood of blank rows within ``FLOOD_SECONDS``, beyond the baseline's time.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from _goals import goal
from _live import add_database_option, database_server, throwaway_database, verdict, workspace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from learninglab.stakeholders.tests.workbooks import text_row, write_workbook  # noqa: E402

SLOW_SECONDS = 30.0
FLOOD_SECONDS = 2.0
MB = 1024 * 1024
HEADER = [
    "Prenume", "Nume", "E-mail", "Telefon", "Instituție", "Tip organizație", "Funcție",
    "Limba", "Etichete", "Observații", "Acord invitații", "Oraș",
]  # fmt: skip


# --- the files ----------------------------------------------------------------------------


def person(n: int, rng: random.Random) -> list[str]:
    first = rng.choice(["Ana", "Ion", "Maria", "Ștefan", "Ioana", "Radu", "Elena", "Vlad"])
    last = rng.choice(["Popescu", "Mureșan", "Țepeș", "Bălan", "Stoica", "Oprea", "Lazăr"])
    return [
        first,
        f"{last}{n}",
        f"persoana{n}@example.ro",
        f"07{rng.randrange(10**7, 10**8)}",
        f"Asociația {rng.choice(['Arte', 'Vest', 'Banat', 'Cultura'])} {n % 900}",
        rng.choice(["ONG", "Administrație publică", "Firmă", ""]),
        rng.choice(["Director", "Coordonator de proiect", "Voluntar", ""]),
        rng.choice(["ro", "en", "ro"]),
        rng.choice(["cultură, tineret", "turism", "", "IMM; digital"]),
        "Participă la atelierele de cartier; a propus trasee culturale. " * rng.randrange(0, 2),
        rng.choice(["da", "nu", ""]),
        "Timișoara",
    ]


def small_csv(path: Path) -> None:
    rng = random.Random(1)
    rows = [HEADER] + [person(n, rng) for n in range(20)]
    path.write_text("\n".join(";".join(row) for row in rows), encoding="utf-8")


# People in the largest legitimate files: the row limit (``--people`` for a quicker run).
SIZE = {"people": 20_000}


def maximal_xlsx(path: Path) -> None:
    """20,000 people in 12 columns, as large as the row limit lets in."""
    rng = random.Random(2)

    def rows() -> Iterator[str]:
        yield text_row(1, *HEADER)
        for n in range(2, SIZE["people"] + 2):
            yield text_row(n, *person(n, rng))

    write_workbook(path, rows())


def maximal_csv(path: Path) -> None:
    rng = random.Random(3)
    lines = [";".join(HEADER)] + [";".join(person(n, rng)) for n in range(SIZE["people"])]
    path.write_text("\n".join(lines), encoding="utf-8")


def cell_bomb(path: Path) -> None:
    """One cell of 600 MB of the same letter: a file of about 600 KB."""

    def rows() -> Iterator[str]:
        yield text_row(1, "Name", "E-mail")
        yield '<row r="2"><c r="A2" t="inlineStr"><is><t>'
        for _ in range(600):
            yield "A" * MB
        yield "</t></is></c></row>"

    write_workbook(path, rows())


def shared_strings_bomb(path: Path) -> None:
    """One shared string of 600 MB, used by a cell."""

    def strings() -> Iterator[str]:
        yield "<si><t>"
        for _ in range(600):
            yield "B" * MB
        yield "</t></si>"

    rows = [text_row(1, "Name", "E-mail"), '<row r="2"><c r="A2" t="s"><v>0</v></c></row>']
    write_workbook(path, rows, shared_strings=strings())


def blank_flood(path: Path, rows_written: int = 600_000) -> None:
    """A header, a person, formatted but empty rows, and a person in the last row."""

    def rows() -> Iterator[str]:
        yield text_row(1, "Name", "E-mail")
        yield text_row(2, "Ion Popescu", "ion@example.ro")
        for n in range(3, rows_written):
            yield f'<row r="{n}"><c r="A{n}" s="0"/></row>'
        yield text_row(rows_written, "Ana Pop", "ana@example.ro")

    write_workbook(path, rows())


def short_blank_flood(path: Path) -> None:
    """As many written empty rows as a workbook may have: read up to the first hundred."""
    blank_flood(path, rows_written=29_000)


def gap_flood(path: Path) -> None:
    """A header, a person and a cell in Excel's last row: readers fill the gap with empty rows."""
    rows = [
        text_row(1, "Name", "E-mail"),
        text_row(2, "Ion Popescu", "ion@example.ro"),
        text_row(1_048_576, "Ana Pop", "ana@example.ro"),
    ]
    write_workbook(path, rows)


def csv_blank_flood(path: Path) -> None:
    """Five megabytes of empty CSV rows, as large as the upload limit lets in."""
    path.write_bytes(b"Name;E-mail\nIon Popescu;ion@example.ro\n" + b";\n" * 2_600_000)


def many_shared_strings(path: Path) -> None:
    """319,000 short, distinct shared strings, just under the limit of 16 per row allowed:
    the most a workbook makes its reader hold."""

    def strings() -> Iterator[str]:
        for n in range(319_000):
            yield f"<si><t>{n}</t></si>"

    rows = [text_row(1, "Name", "E-mail"), text_row(2, "Ion Popescu", "ion@example.ro")]
    write_workbook(path, rows, shared_strings=strings())


def long_cells(path: Path) -> None:
    """Twelve columns of the same 1,000-character shared string in every row."""
    header = "".join(
        f'<c r="{chr(65 + i)}1" t="inlineStr"><is><t>{name}</t></is></c>'
        for i, name in enumerate(HEADER)
    )

    def rows() -> Iterator[str]:
        yield f'<row r="1">{header}</row>'
        for n in range(2, 20_002):
            cells = "".join(f'<c r="{chr(65 + i)}{n}" t="s"><v>0</v></c>' for i in range(12))
            yield f'<row r="{n}">{cells}</row>'

    write_workbook(path, rows(), shared_strings=[f"<si><t>{'Ș' * 1000}</t></si>"])


# The file's name, how to build it, and the seconds an import of it may take: none for the
# largest legitimate files, since committing 20,000 people takes minutes, as it should (each
# goes through the services and is audited).
FILES: dict[str, tuple[str, Callable[[Path], None], float | None]] = {
    "small CSV (baseline)": ("small.csv", small_csv, SLOW_SECONDS),
    "20,000 people, XLSX": ("maximal.xlsx", maximal_xlsx, None),
    "20,000 people, CSV": ("maximal.csv", maximal_csv, None),
    "600 MB cell": ("cell-bomb.xlsx", cell_bomb, SLOW_SECONDS),
    "600 MB shared string": ("shared-bomb.xlsx", shared_strings_bomb, SLOW_SECONDS),
    "600,000 blank rows": ("blank-flood.xlsx", blank_flood, FLOOD_SECONDS),
    "29,000 blank rows": ("short-flood.xlsx", short_blank_flood, FLOOD_SECONDS),
    "gap to row 1,048,576": ("gap-flood.xlsx", gap_flood, FLOOD_SECONDS),
    "2.6 M blank CSV rows": ("blank-flood.csv", csv_blank_flood, FLOOD_SECONDS),
    "319,000 shared strings": ("many-strings.xlsx", many_shared_strings, SLOW_SECONDS),
    "1,000-character cells": ("long-cells.xlsx", long_cells, SLOW_SECONDS),
}


# --- one import, in its own process -------------------------------------------------------


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(database_url: str, path: Path, way: str, slug: str) -> None:
    """Import ``path`` the ``way`` given (``web`` or ``command``); print figures as JSON."""
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import CommandError, call_command
    from django.test import Client

    from learninglab.accounts.models import User
    from learninglab.conftest import verify_session
    from learninglab.core.roles import Role
    from learninglab.factories import PartnerFactory, ProjectFactory
    from learninglab.stakeholders.models import ImportBatch

    partner = PartnerFactory(project=ProjectFactory(acronym=slug[:10].upper()), slug=slug)
    user = User.objects.create_user(
        email=f"{slug}@example.org", password="x", role=Role.PARTNER_STAFF, partner=partner
    )
    # Without the test environment, whose template instrumentation keeps every context of
    # every page rendered: this process should hold what a web worker holds.
    client = Client(SERVER_NAME="localhost")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    verify_session(client, user)
    before = peak_mb()
    started = time.perf_counter()
    outcome = ""
    if way == "web":
        upload = SimpleUploadedFile(path.name, path.read_bytes())
        response = client.post("/stakeholders/import/", {"file": upload})
        if response.status_code == 302:
            for _ in range(2):
                page = client.get(response.url)
                assert page.status_code == 200, page.status_code
            batch = ImportBatch.objects.get(partner=partner)
            client.post(f"/stakeholders/import/{batch.pk}/commit/")
            outcome = f"imported {batch.summary.get('rows')} rows"
        else:
            errors = re.search(r'<ul class="errorlist"[^>]*>(.*?)</ul>', response.content.decode())
            outcome = "refused: " + re.sub(r"<[^>]+>", " ", errors.group(1) if errors else "?")
    else:
        output = io.StringIO()
        try:
            call_command("import_stakeholders", str(path), "--partner", slug, stdout=output)
            outcome = output.getvalue().strip().splitlines()[-1]
        except CommandError as error:
            outcome = f"refused: {error}"
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak": peak_mb(), "before": before, "outcome": outcome}))


def measure(database_url: str, path: Path, way: str, slug: str) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", database_url, str(path), way, slug],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- the run ------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        child(argv[1], Path(argv[2]), argv[3], argv[4])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget-mb", type=float, default=300, help="peak memory allowed")
    parser.add_argument(
        "--people", type=int, default=SIZE["people"], help="rows of the largest files"
    )
    add_database_option(parser)
    args, _others = parser.parse_known_args(argv)  # run.py passes every option to all
    SIZE["people"] = args.people
    server_url = database_server(parser, args)

    with workspace() as folder, throwaway_database(folder, server_url) as url:
        os.environ["DATABASE_URL"] = url
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
        import django
        from django.core.management import call_command
        from django.db import connection

        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
        vendor = connection.vendor
        connection.close()

        print(f"stakeholder import: {vendor}, peak resident memory of the whole process")
        header = (
            f"{'file':<26} {'size':>8} {'way':<8} {'seconds':>8} {'peak MB':>8} "
            f"{'+MB':>7} {'× base':>7}  outcome"
        )
        print(header)
        print("-" * len(header))
        troubles = []
        baseline: dict[str, float] = {}
        started_up: dict[str, float] = {}
        for number, (label, (name, build, aim)) in enumerate(FILES.items()):
            path = folder / name
            build(path)
            size = path.stat().st_size
            for way in ("web", "command"):
                figures = measure(url, path, way, f"bench{number}{way[0]}")
                seconds, peak = float(figures["seconds"]), float(figures["peak"])  # type: ignore[arg-type]
                grown = peak - float(figures["before"])  # type: ignore[arg-type]
                baseline.setdefault(way, peak)
                ratio = peak / baseline[way]
                # The first request of a process (URLs, templates, translations) is the
                # baseline's too: the time aims are for what a file adds to it.
                started_up.setdefault(way, seconds)
                print(
                    f"{label:<26} {size / 1024:>6.0f}KB {way:<8} {seconds:>8.2f} {peak:>8.0f} "
                    f"{grown:>7.0f} {ratio:>6.1f}×  {str(figures['outcome'])[:70]}",
                    flush=True,
                )
                if not goal(
                    "import_limits",
                    f"{label} ({way}): peak memory",
                    f"{peak:.0f} MB",
                    f"≤ {args.budget_mb:g} MB",
                    met=peak <= args.budget_mb,
                ):
                    troubles.append(f"{label} ({way}) peaked at {peak:.0f} MB")
                added = seconds - started_up[way]
                if aim is not None and not goal(
                    "import_limits",
                    f"{label} ({way}): time beyond the first request",
                    f"{added:.1f} s",
                    f"≤ {aim:g} s",
                    met=added <= aim,
                ):
                    troubles.append(f"{label} ({way}) took {seconds:.1f} s")
            path.unlink()
        return verdict(troubles)


if __name__ == "__main__":
    sys.exit(main())
