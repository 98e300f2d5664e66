"""Draw good practices on a map of Europe: the geometry of an inline SVG, without tiles
and without script, and the same practices listed by country and city.

The country shapes are Natural Earth's at 1:50 million scale, from the world-atlas
package, kept for Europe's neighbourhood (``data/README``). They come as TopoJSON, which
is decoded here: each shape is a list of rings, each ring a list of arcs shared with the
neighbouring country; an arc is a line of integer positions, each one written as its
difference from the one before (delta encoding), which the topology's transform turns
into longitude and latitude (quantisation). A negative index ``~i`` takes arc ``i``
backwards.

The map is drawn in the Lambert azimuthal equal-area projection centred on 52° N 10° E,
the projection of the EU's statistical maps (ETRS89-LAEA), here on a sphere: areas are
true, and Europe keeps the shape people know from them. The view is fitted to the
practices shown with a margin, else to Europe. Practices in one city share a point, so
points closer than a pin's width are drawn as one place whose pins stand around it.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from learninglab.core.multilingual import Text
from learninglab.practices.models import GoodPractice
from learninglab.practices.places import country_name, fold

ATLAS = Path(__file__).resolve().parent / "data" / "europe-50m.json"

# The drawing's size in SVG units; the page scales it to the width it has.
WIDTH, HEIGHT = 1000, 760
# Room kept around the practices inside the drawing: their pins and, to the right, the
# names of their cities.
MARGIN_X, MARGIN_Y = 130, 80
# The smallest stretch of land shown, in the projection's units (the Earth's radius):
# about 900 km, so that one city's practices are still seen among their neighbours.
MIN_SPAN = 0.14
# What is shown when no practice has a map point: Europe from Lisbon to the Urals' foot,
# from Crete to the North Cape, as (longitude, latitude) corners.
EUROPE = ((-11.0, 34.5), (34.0, 71.0))
# Points closer than this (SVG units) are one place on the map.
SAME_PLACE = 28.0
# Outlines are drawn to this precision (SVG units): finer detail is not seen.
DETAIL = 0.8
# The pins' radius and spacing (SVG units) where the page's style sheet does not set
# them for the width the map is given (``static/practices/map.css``).
PIN_RADIUS, PIN_SPACING = 8, 19

_CENTRE_LATITUDE, _CENTRE_LONGITUDE = math.radians(52.0), math.radians(10.0)

Ring = list[tuple[float, float]]


@dataclasses.dataclass(frozen=True)
class Country:
    """A country's shape, projected: its polygons, each an outer ring and its holes."""

    iso: str
    name: str
    polygons: tuple[tuple[Ring, ...], ...]


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """Return the position of a point on the map's plane (x east, y north, in Earth radii)."""
    phi, delta = math.radians(latitude), math.radians(longitude) - _CENTRE_LONGITUDE
    cos_c = math.sin(_CENTRE_LATITUDE) * math.sin(phi) + math.cos(_CENTRE_LATITUDE) * math.cos(
        phi
    ) * math.cos(delta)
    k = math.sqrt(2 / max(1 + cos_c, 1e-9))
    x = k * math.cos(phi) * math.sin(delta)
    y = k * (
        math.cos(_CENTRE_LATITUDE) * math.sin(phi)
        - math.sin(_CENTRE_LATITUDE) * math.cos(phi) * math.cos(delta)
    )
    return x, y


def decode(topology: dict[str, Any], name: str = "countries") -> list[dict[str, Any]]:
    """Return the shapes of the TopoJSON object ``name`` with their rings as lists of
    (longitude, latitude): ``{"properties": {...}, "polygons": [[ring, hole, ...], ...]}``."""
    transform = topology.get("transform")
    arcs: list[list[tuple[float, float]]] = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(px), float(py)) for px, py in arc]
        arcs.append(points)

    def ring(indexes: list[int]) -> Ring:
        points: Ring = []
        for index in indexes:
            line = arcs[index] if index >= 0 else arcs[~index][::-1]
            # Each arc starts where the one before ended: that point is kept once.
            points.extend(line[1:] if points else line)
        return points

    shapes = []
    for geometry in topology["objects"][name]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        shapes.append(
            {
                "properties": geometry.get("properties", {}),
                "polygons": [[ring(r) for r in polygon] for polygon in polygons],
            }
        )
    return shapes


@functools.cache
def countries() -> tuple[Country, ...]:
    """Return the countries of the atlas, projected; read once per process."""
    topology = json.loads(ATLAS.read_text(encoding="utf-8"))
    return tuple(
        Country(
            iso=shape["properties"].get("iso", ""),
            name=shape["properties"].get("name", ""),
            polygons=tuple(
                tuple([project(lon, lat) for lon, lat in ring] for ring in polygon)
                for polygon in shape["polygons"]
            ),
        )
        for shape in decode(topology)
    )


@dataclasses.dataclass(frozen=True)
class View:
    """Which part of the plane the drawing shows: its centre and its scale (SVG units
    per Earth radius)."""

    x: float
    y: float
    scale: float

    def to_svg(self, point: tuple[float, float]) -> tuple[float, float]:
        """Return where the plane's ``point`` is in the drawing (y downwards)."""
        return (
            WIDTH / 2 + (point[0] - self.x) * self.scale,
            HEIGHT / 2 - (point[1] - self.y) * self.scale,
        )


def _europe() -> list[tuple[float, float]]:
    (west, south), (east, north) = EUROPE
    steps = [i / 8 for i in range(9)]
    edges = [(west + (east - west) * t, south) for t in steps]
    edges += [(west + (east - west) * t, north) for t in steps]
    edges += [(west, south + (north - south) * t) for t in steps]
    edges += [(east, south + (north - south) * t) for t in steps]
    return [project(lon, lat) for lon, lat in edges]


def view_for(points: Sequence[tuple[float, float]]) -> View:
    """Return the view that shows the plane's ``points`` with room around them, at least
    ``MIN_SPAN`` wide; Europe when there are none."""
    around = list(points) or _europe()
    xs, ys = [x for x, _y in around], [y for _x, y in around]
    span_x, span_y = max(max(xs) - min(xs), MIN_SPAN), max(max(ys) - min(ys), MIN_SPAN)
    scale = min((WIDTH - 2 * MARGIN_X) / span_x, (HEIGHT - 2 * MARGIN_Y) / span_y)
    if not points:
        scale = min(WIDTH / span_x, HEIGHT / span_y)
    # Rounded, so that nearly equal views share their drawn outlines (see _outlines).
    return View(
        x=round((max(xs) + min(xs)) / 2, 4),
        y=round((max(ys) + min(ys)) / 2, 4),
        scale=round(scale, 1),
    )


def _clip(ring: Ring, low: float, high_x: float, high_y: float) -> Ring:
    """Return ``ring`` cut to the rectangle (low, low)–(high_x, high_y) (Sutherland–Hodgman:
    the parts outside become stretches of the rectangle's border, outside the view)."""
    edges = (
        (lambda p: p[0] >= low, 0, low),
        (lambda p: p[0] <= high_x, 0, high_x),
        (lambda p: p[1] >= low, 1, low),
        (lambda p: p[1] <= high_y, 1, high_y),
    )
    points = ring
    for inside, axis, limit in edges:
        if not points:
            break
        kept: Ring = []
        previous = points[-1]
        for point in points:
            if inside(point) != inside(previous):
                t = (limit - previous[axis]) / (point[axis] - previous[axis])
                crossing = (
                    previous[0] + t * (point[0] - previous[0]),
                    previous[1] + t * (point[1] - previous[1]),
                )
                kept.append((limit, crossing[1]) if axis == 0 else (crossing[0], limit))
            if inside(point):
                kept.append(point)
            previous = point
        points = kept
    return points


def _number(tenths: int) -> str:
    return f"{tenths / 10:g}"


def _path(rings: Iterable[Ring]) -> str:
    """Return the SVG path data of ``rings``, to a tenth of a unit, in relative steps."""
    parts = []
    for ring in rings:
        steps: list[tuple[int, int]] = []
        for x, y in ring:
            point = (round(x * 10), round(y * 10))
            if not steps or point != steps[-1]:
                steps.append(point)
        if len(steps) < 3:
            continue
        (x0, y0), *rest = steps
        text = f"M{_number(x0)} {_number(y0)}l"
        previous = (x0, y0)
        for x, y in rest:
            for value in (x - previous[0], y - previous[1]):
                number = _number(value)
                text += number if number.startswith("-") or text.endswith("l") else " " + number
            previous = (x, y)
        parts.append(text + "z")
    return "".join(parts)


@functools.lru_cache(maxsize=64)
def _outlines(view: View) -> tuple[tuple[str, str, str], ...]:
    """Return (ISO code, name, path data) of each country seen in ``view``, cut to it and
    drawn no finer than ``DETAIL``; kept per process for the views asked for most."""
    border = 20.0  # drawn beyond the view, so that no cut edge shows
    low, high_x, high_y = -border, WIDTH + border, HEIGHT + border
    outlines = []
    for country in countries():
        rings: list[Ring] = []
        for polygon in country.polygons:
            for ring in polygon:
                drawn = [view.to_svg(point) for point in ring]
                xs, ys = [x for x, _y in drawn], [y for _x, y in drawn]
                if max(xs) < low or min(xs) > high_x or max(ys) < low or min(ys) > high_y:
                    continue
                simple: Ring = []
                for point in _clip(drawn, low, high_x, high_y):
                    if not simple or math.dist(point, simple[-1]) >= DETAIL:
                        simple.append(point)
                if len(simple) >= 3:
                    rings.append(simple)
        if rings and (data := _path(rings)):
            outlines.append((country.iso, country.name, data))
    return tuple(outlines)


@dataclasses.dataclass
class Pin:
    """One practice on the map: where its pin stands from its place's centre, in steps
    of the pins' spacing (the page sets the spacing for the width it has)."""

    practice: GoodPractice
    title: Text
    dx: float = 0.0
    dy: float = 0.0

    @property
    def offset(self) -> tuple[float, float]:
        """Return where the pin stands from its place's centre at the default spacing."""
        return self.dx * PIN_SPACING, self.dy * PIN_SPACING


@dataclasses.dataclass
class Place:
    """One or more practices at (nearly) the same point: their pins stand around it."""

    x: float
    y: float
    pins: list[Pin]
    cities: list[str]
    rings: int = 0

    @property
    def label_offset(self) -> float:
        """Return how far right of the centre its name starts, at the default spacing."""
        return self.rings * PIN_SPACING + PIN_RADIUS + 9

    @property
    def label(self) -> str:
        """Return the place's name as the map shows it: its cities, two at most."""
        shown = ", ".join(self.cities[:2])
        return shown + ", …" if len(self.cities) > 2 else shown


def _spread(place: Place) -> None:
    """Stand the pins of ``place`` around its centre, six on the first ring, twelve on the
    second and so on; one pin stands on the centre."""
    if len(place.pins) == 1:
        return
    remaining, ring = len(place.pins), 0
    index = 0
    while remaining:
        ring += 1
        count = min(remaining, 6 * ring)
        start = math.pi / count - math.pi / 2 if count > 1 else -math.pi / 2
        for step in range(count):
            angle = start + 2 * math.pi * step / count
            pin = place.pins[index]
            pin.dx, pin.dy = round(ring * math.cos(angle), 3), round(ring * math.sin(angle), 3)
            index += 1
        remaining -= count
    place.rings = ring


@dataclasses.dataclass
class PracticeMap:
    """What ``includes/map.html`` draws."""

    width: int
    height: int
    countries: list[dict[str, Any]]
    places: list[Place]
    unmapped: list[GoodPractice]
    count: int
    country_count: int


def _has_point(practice: GoodPractice) -> bool:
    return practice.latitude is not None and practice.longitude is not None


def draw(practices: Iterable[GoodPractice], *, language: str) -> PracticeMap:
    """Return the map of ``practices``: the countries around them, the countries they
    are in set apart, one place per point (practices closer than a pin's width share
    one), and the practices that have no map point."""
    practices = list(practices)
    mapped = [p for p in practices if _has_point(p)]
    projected = [project(float(p.longitude), float(p.latitude)) for p in mapped]  # type: ignore[arg-type]
    view = view_for(projected)
    places: list[Place] = []
    for practice, point in zip(mapped, projected, strict=True):
        x, y = view.to_svg(point)
        pin = Pin(practice=practice, title=practice.title.in_(language))
        place = next((p for p in places if math.dist((p.x, p.y), (x, y)) < SAME_PLACE), None)
        if place is None:
            places.append(Place(x=x, y=y, pins=[pin], cities=[practice.city]))
            continue
        place.pins.append(pin)
        if fold(practice.city) not in {fold(city) for city in place.cities}:
            place.cities.append(practice.city)
    for place in places:
        _spread(place)
    with_practices = {p.country.upper() for p in practices}
    return PracticeMap(
        width=WIDTH,
        height=HEIGHT,
        countries=[
            {"iso": iso, "name": name, "path": data, "has_practices": iso in with_practices}
            for iso, name, data in _outlines(view)
        ],
        # Drawn from the top of the map down, so that a lower pin is never hidden under
        # the label of the place above it.
        places=sorted(places, key=lambda p: (p.y, p.x)),
        unmapped=[p for p in practices if not _has_point(p)],
        count=len(practices),
        country_count=len(with_practices),
    )


@dataclasses.dataclass
class CityEntry:
    name: str
    practices: list[tuple[GoodPractice, Text]]


@dataclasses.dataclass
class CountryEntry:
    code: str
    name: str
    cities: list[CityEntry]


def by_place(practices: Iterable[GoodPractice], *, language: str) -> list[CountryEntry]:
    """Return ``practices`` by country and city, each in alphabetical order, with each
    practice's title in ``language`` (or its fallback): the map's text equivalent."""
    grouped: dict[str, dict[str, list[GoodPractice]]] = defaultdict(lambda: defaultdict(list))
    names: dict[tuple[str, str], str] = {}
    for practice in practices:
        country = practice.country.upper()
        key = fold(practice.city)
        names.setdefault((country, key), practice.city)
        grouped[country][key].append(practice)
    entries = []
    for code, cities in grouped.items():
        city_entries = []
        for key, members in cities.items():
            titled = [(p, p.title.in_(language)) for p in members]
            titled.sort(key=lambda item: fold(item[1]))
            city_entries.append(CityEntry(name=names[(code, key)], practices=titled))
        city_entries.sort(key=lambda entry: fold(entry.name))
        entries.append(CountryEntry(code=code, name=country_name(code), cities=city_entries))
    entries.sort(key=lambda entry: fold(entry.name))
    return entries
