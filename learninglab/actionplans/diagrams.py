"""The picture of an action's provenance, laid out for a server-rendered SVG.

Two layouts of the same chain: ``wide`` in five columns (labs → ideas → action ←
practices ← partner cities), each idea joined to its lab and each practice to its city;
``narrow`` for phones, the same groups stacked full width with an arrow between them.
The page shows one or the other by the width of the screen (``provenance.css``); both
scale with their ``viewBox``. Long texts are cut to fit, the full text kept in each box's
``<title>``; the text equivalent below the picture says everything the picture says.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from django.utils.translation import npgettext, pgettext

if TYPE_CHECKING:
    from learninglab.actionplans.provenance import Provenance

FONT_SIZE = 13
LINE_HEIGHT = 16
NODE_HEIGHT = 64
ROW_GAP = 14
HEADER_HEIGHT = 40
PADDING = 10

# Wide: five columns of boxes.
WIDE_BOX = 222
WIDE_GAP = 30
WIDE_CHARS = 28
WIDE_FONT_SIZE = 12

# Narrow: one column of boxes, about a phone's width.
NARROW_WIDTH = 360
NARROW_CHARS = 40
ARROW_SPACE = 34


@dataclasses.dataclass(frozen=True)
class Line:
    x: float
    y: float
    text: str


@dataclasses.dataclass(frozen=True)
class Box:
    """A box of the picture: ``kind`` is its column (lab, idea, action, practice, city);
    ``title`` the full text; ``lines`` what fits."""

    key: str
    kind: str
    x: float
    y: float
    width: float
    height: float
    title: str
    lines: list[Line]


@dataclasses.dataclass(frozen=True)
class Heading:
    x: float
    y: float
    text: str
    anchor: str = "middle"


@dataclasses.dataclass(frozen=True)
class Layout:
    width: int
    height: int
    font_size: int
    headings: list[Heading]
    boxes: list[Box]
    edges: list[str]  # SVG path data, each ending in an arrow head


@dataclasses.dataclass(frozen=True)
class Diagram:
    wide: Layout
    narrow: Layout


@dataclasses.dataclass(frozen=True)
class _Item:
    key: str
    title: str
    texts: list[str]  # first the main text, then a short line of facts
    main_lines: int = 2


def fit(text: str, chars: int, lines: int) -> list[str]:
    """Cut ``text`` into at most ``lines`` lines of ``chars`` characters, by words; the
    last line ends in "…" when text is left over."""
    words = text.split()
    found: list[str] = []
    current = ""
    for word in words:
        if len(word) > chars:
            word = word[: chars - 1] + "…"
        candidate = f"{current} {word}".strip()
        if len(candidate) <= chars:
            current = candidate
            continue
        found.append(current)
        current = word
        if len(found) == lines:
            break
    else:
        if current:
            found.append(current)
        return found[:lines] or [""]
    found[-1] = _ellipsis(found[-1], chars)
    return found


def _ellipsis(line: str, chars: int) -> str:
    """End ``line`` with "…" within ``chars``, dropping whole words where it can."""
    while len(line) + 1 > chars and " " in line:
        line = line.rsplit(" ", 1)[0]
    return line[: chars - 1] + "…"


def _columns(provenance: Provenance) -> dict[str, list[_Item]]:
    """Return the items of each column, from what the chain holds."""
    action = provenance.action
    labs = [
        _Item(
            key=f"lab-{lab.pk}",
            title=f"{lab.title} ({lab.city}, {lab.date:%Y-%m-%d}): "
            + ", ".join(
                part
                for part in (
                    _organisations(lab.organisation_count),
                    "" if lab.people is None else _people(lab.people),
                )
                if part
            ),
            texts=[lab.heading, lab.theme, _organisations(lab.organisation_count)],
            main_lines=1,
        )
        for lab in provenance.labs
    ]
    ideas = [
        _Item(
            key=idea.key,
            title=idea.text,
            texts=[idea.text, _votes(idea.votes)],
        )
        for idea in provenance.ideas
    ]
    number = pgettext("stakeholder", "Action %(number)s") % {"number": action.number}
    actions = [
        _Item(key="action", title=f"{number}: {action.title}", texts=[number, str(action.title)])
    ]
    practices = [
        _Item(key=practice.key, title=practice.title, texts=[practice.title, practice.city.city])
        for practice in provenance.practices
    ]
    cities = [
        _Item(
            key=city.key,
            title=f"{city.city} ({city.institution})",
            texts=[city.city, city.institution],
            main_lines=1,
        )
        for city in provenance.cities
    ]
    return {"lab": labs, "idea": ideas, "action": actions, "practice": practices, "city": cities}


def _people(count: int) -> str:
    return npgettext("stakeholder", "%(count)s person", "%(count)s people", count) % {
        "count": count
    }


def _organisations(count: int) -> str:
    return npgettext("stakeholder", "%(count)s organisation", "%(count)s organisations", count) % {
        "count": count
    }


def _votes(votes: int) -> str:
    return npgettext("stakeholder", "%(count)s vote", "%(count)s votes", votes) % {"count": votes}


def _headings() -> dict[str, str]:
    return {
        "lab": pgettext("stakeholder", "Labs, who took part"),
        "idea": pgettext("stakeholder", "Ideas"),
        "action": pgettext("stakeholder", "Action"),
        "practice": pgettext("stakeholder", "Good practices"),
        "city": pgettext("stakeholder", "Partner cities"),
    }


def _lines(item: _Item, x: float, y: float, chars: int) -> list[Line]:
    """Lay out the item's texts from the top of its box: the main text on up to
    ``main_lines`` lines, then one line per further text."""
    texts = fit(item.texts[0], chars, item.main_lines)
    for extra in item.texts[1:]:
        texts.extend(fit(extra, chars, 1))
    texts = texts[:3]
    top = y + (NODE_HEIGHT - LINE_HEIGHT * len(texts)) / 2 + FONT_SIZE - 1
    return [Line(x=x, y=top + n * LINE_HEIGHT, text=text) for n, text in enumerate(texts)]


def _curve(x1: float, y1: float, x2: float, y2: float) -> str:
    middle = (x1 + x2) / 2
    return f"M{x1:.1f},{y1:.1f} C{middle:.1f},{y1:.1f} {middle:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"


def _wide(provenance: Provenance, columns: dict[str, list[_Item]]) -> Layout:
    rows = max(1, *(len(items) for items in columns.values()))
    area = rows * NODE_HEIGHT + (rows - 1) * ROW_GAP
    width = 2 * PADDING + 5 * WIDE_BOX + 4 * WIDE_GAP
    height = HEADER_HEIGHT + area + 2 * PADDING
    names = _headings()
    headings, boxes = [], []
    where: dict[str, Box] = {}
    for n, (kind, items) in enumerate(columns.items()):
        x = PADDING + n * (WIDE_BOX + WIDE_GAP)
        headings.append(Heading(x=x + WIDE_BOX / 2, y=PADDING + FONT_SIZE + 4, text=names[kind]))
        used = len(items) * NODE_HEIGHT + max(0, len(items) - 1) * ROW_GAP
        top = HEADER_HEIGHT + PADDING + (area - used) / 2
        if not items:
            headings.append(
                Heading(
                    x=x + WIDE_BOX / 2,
                    y=HEADER_HEIGHT + PADDING + area / 2,
                    text=pgettext("stakeholder", "none"),
                )
            )
        for row, item in enumerate(items):
            y = top + row * (NODE_HEIGHT + ROW_GAP)
            box = Box(
                key=item.key,
                kind=kind,
                x=x,
                y=y,
                width=WIDE_BOX,
                height=NODE_HEIGHT,
                title=item.title,
                lines=_lines(item, x + 8, y, WIDE_CHARS),
            )
            boxes.append(box)
            where[f"{kind}:{item.key}"] = box

    def right(box: Box) -> tuple[float, float]:
        return box.x + box.width, box.y + box.height / 2

    def left(box: Box) -> tuple[float, float]:
        return box.x, box.y + box.height / 2

    edges = []
    action = where["action:action"]
    for idea in provenance.ideas:
        box = where[f"idea:{idea.key}"]
        if idea.lab is not None:
            edges.append(_curve(*right(where[f"lab:lab-{idea.lab.pk}"]), *left(box)))
        edges.append(_curve(*right(box), *left(action)))
    for practice in provenance.practices:
        box = where[f"practice:{practice.key}"]
        edges.append(_curve(*left(where[f"city:{practice.city.key}"]), *right(box)))
        edges.append(_curve(*left(box), *right(action)))
    return Layout(
        width=width,
        height=height,
        font_size=WIDE_FONT_SIZE,
        headings=headings,
        boxes=boxes,
        edges=edges,
    )


def _narrow(columns: dict[str, list[_Item]]) -> Layout:
    width = NARROW_WIDTH
    box_width = width - 2 * PADDING
    names = _headings()
    headings, boxes, edges = [], [], []
    y = float(PADDING)
    middle = width / 2
    for n, (kind, items) in enumerate(columns.items()):
        if n:
            # Labs lead to ideas lead to the action; practices and cities lead up to it.
            top, bottom = y + 4, y + ARROW_SPACE - 8
            start, end = (top, bottom) if kind in ("idea", "action") else (bottom, top)
            edges.append(f"M{middle:.1f},{start:.1f} L{middle:.1f},{end:.1f}")
            y += ARROW_SPACE
        headings.append(Heading(x=PADDING, y=y + FONT_SIZE + 2, text=names[kind], anchor="start"))
        y += LINE_HEIGHT + 10
        if not items:
            headings.append(
                Heading(
                    x=PADDING, y=y + FONT_SIZE, text=pgettext("stakeholder", "none"), anchor="start"
                )
            )
            y += LINE_HEIGHT + 4
        for item in items:
            boxes.append(
                Box(
                    key=item.key,
                    kind=kind,
                    x=PADDING,
                    y=y,
                    width=box_width,
                    height=NODE_HEIGHT,
                    title=item.title,
                    lines=_lines(item, PADDING + 8, y, NARROW_CHARS),
                )
            )
            y += NODE_HEIGHT + 8
    return Layout(
        width=width,
        height=int(y + PADDING),
        font_size=FONT_SIZE,
        headings=headings,
        boxes=boxes,
        edges=edges,
    )


def provenance_diagram(provenance: Provenance) -> Diagram:
    """Lay out the picture of ``provenance`` in its wide and its narrow form."""
    columns = _columns(provenance)
    return Diagram(wide=_wide(provenance, columns), narrow=_narrow(columns))
