"""The map of good practices: the country shapes decoded from TopoJSON, the projection,
the view, the drawing of countries and pins, and the text list beside it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone

from learninglab.factories import PartnerFactory
from learninglab.practices import maps
from learninglab.practices.models import PracticeStatus
from learninglab.practices.tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

# (longitude, latitude) of the partners' cities, from their town halls.
TIMISOARA = (21.2272, 45.7537)
MATERA = (16.6043, 40.6664)
LEEUWARDEN = (5.7999, 53.2012)
RIJEKA = (14.4422, 45.3271)
KAUNAS = (23.9036, 54.8985)
# Places just outside: Szeged (Hungary), a few kilometres over Romania's border, and
# Bari, on Italy's Adriatic coast, out at sea.
SZEGED = (20.1414, 46.2530)
OFF_BARI = (17.0, 41.3)


def inside(rings, point) -> bool:
    """Whether ``point`` is inside ``rings`` by the even-odd rule (holes are rings too)."""
    x, y = point
    crossings = 0
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


def country(iso):
    (found,) = [c for c in maps.countries() if c.iso == iso]
    return found


def contains(iso, lon_lat) -> bool:
    point = maps.project(*lon_lat)
    return any(inside(list(polygon), point) for polygon in country(iso).polygons)


def path_rings(data: str) -> list[list[tuple[float, float]]]:
    """Read back the path data the map draws: ``M x y l dx dy ... z``, one per ring."""
    rings = []
    for part in re.findall(r"M[^z]*z", data):
        start, steps = part[1:-1].split("l")
        x, y = map(float, start.split())
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", steps)]
        ring = [(x, y)]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            ring.append((x, y))
        rings.append(ring)
    return rings


def test_a_topology_s_arcs_are_undone_from_their_deltas_and_quantisation():
    # Two squares side by side sharing the arc between them, which the second takes
    # backwards; positions are in steps of half a degree from (10, 40).
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.5], "translate": [10, 40]},
        "arcs": [
            [[2, 0], [0, 2]],  # (11, 40) → (11, 41): the shared border
            [[2, 2], [-2, 0], [0, -2], [2, 0]],  # (11, 41) → (10, 41) → (10, 40) → (11, 40)
            [[2, 0], [2, 0], [0, 2], [-2, 0]],  # (11, 40) → (12, 40) → (12, 41) → (11, 41)
        ],
        "objects": {
            "countries": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "arcs": [[0, 1]], "properties": {"iso": "AA"}},
                    {"type": "MultiPolygon", "arcs": [[[2, ~0]]], "properties": {"iso": "BB"}},
                ],
            }
        },
    }

    west, east = maps.decode(topology)

    assert west["properties"] == {"iso": "AA"}
    assert west["polygons"] == [[[(11, 40), (11, 41), (10, 41), (10, 40), (11, 40)]]]
    assert east["polygons"] == [[[(11, 40), (12, 40), (12, 41), (11, 41), (11, 40)]]]


def test_each_partner_city_lies_in_its_own_country_and_not_across_the_border():
    assert contains("RO", TIMISOARA)
    assert contains("IT", MATERA)
    assert contains("NL", LEEUWARDEN)
    assert contains("HR", RIJEKA)
    assert contains("LT", KAUNAS)

    assert not contains("RO", SZEGED)
    assert contains("HU", SZEGED)
    assert not contains("IT", OFF_BARI)
    assert not contains("IT", TIMISOARA)


def test_the_atlas_has_europe_s_small_states_and_each_country_once():
    codes = [c.iso for c in maps.countries() if c.iso]

    assert len(codes) == len(set(codes))
    assert {"MT", "LU", "SM", "VA", "MC", "AD", "LI", "XK", "CY"} <= set(codes)


def test_the_projection_keeps_north_up_and_east_right():
    rome, berlin, lisbon, warsaw = (
        maps.project(12.5, 41.9),
        maps.project(13.4, 52.5),
        maps.project(-9.1, 38.7),
        maps.project(21.0, 52.2),
    )
    assert berlin[1] > rome[1]
    assert warsaw[0] > berlin[0] > lisbon[0]
    assert maps.project(10.0, 52.0) == pytest.approx((0.0, 0.0))


def test_the_view_fits_the_points_with_room_and_shows_europe_without_them():
    points = [maps.project(*city) for city in (TIMISOARA, MATERA, LEEUWARDEN, KAUNAS)]
    view = maps.view_for(points)

    for point in points:
        x, y = view.to_svg(point)
        assert maps.MARGIN_X - 1 <= x <= maps.WIDTH - maps.MARGIN_X + 1
        assert maps.MARGIN_Y - 1 <= y <= maps.HEIGHT - maps.MARGIN_Y + 1

    europe = maps.view_for([])
    for city in (maps.project(-9.1, 38.7), maps.project(25.8, 71.0), maps.project(33.0, 35.0)):
        x, y = europe.to_svg(city)
        assert 0 <= x <= maps.WIDTH
        assert 0 <= y <= maps.HEIGHT


def test_one_city_is_shown_among_its_neighbours_not_filling_the_map():
    view = maps.view_for([maps.project(*TIMISOARA)])

    assert view.to_svg(maps.project(*TIMISOARA)) == pytest.approx(
        (maps.WIDTH / 2, maps.HEIGHT / 2), abs=1
    )
    # Belgrade, 120 km away, is on the map too.
    x, y = view.to_svg(maps.project(20.46, 44.82))
    assert 0 < x < maps.WIDTH and 0 < y < maps.HEIGHT


def test_outlines_are_cut_to_the_view_and_drawn_where_the_country_is():
    view = maps.view_for([maps.project(*TIMISOARA), maps.project(*MATERA)])
    outlines = {iso: data for iso, _name, data in maps._outlines(view)}

    assert {"RO", "IT", "HR", "RS", "HU"} <= outlines.keys()
    assert "IS" not in outlines  # Iceland is far out of the view
    romania = path_rings(outlines["RO"])
    assert inside(romania, view.to_svg(maps.project(*TIMISOARA)))
    assert not inside(romania, view.to_svg(maps.project(*SZEGED)))
    for ring in path_rings(outlines["RU"]) if "RU" in outlines else []:
        for x, y in ring:
            assert -21 <= x <= maps.WIDTH + 21 and -21 <= y <= maps.HEIGHT + 21
    # The same view is drawn once per process.
    assert maps._outlines(view) is maps._outlines(
        maps.view_for([maps.project(*TIMISOARA), maps.project(*MATERA)])
    )


def published(**kwargs):
    return PracticeFactory(status=PracticeStatus.PUBLISHED, published_at=timezone.now(), **kwargs)


def at(lon_lat):
    lon, lat = lon_lat
    return {"longitude": Decimal(str(lon)), "latitude": Decimal(str(lat))}


def render_map(practices, collapsed=False) -> str:
    template = Template("{% load practice_maps %}{% practice_map practices collapsed=collapsed %}")
    return template.render(Context({"practices": practices, "collapsed": collapsed}))


def test_practices_in_one_city_stand_around_its_point_and_others_alone(partner):
    matera = PartnerFactory(slug="matera", city="Matera", country="IT", languages=["it", "en"])
    first = published(partner=partner, **at(TIMISOARA))
    second = published(partner=partner, **at(TIMISOARA))
    third = published(partner=partner, **at(TIMISOARA))
    alone = published(partner=matera, country="IT", city="Matera", **at(MATERA))

    drawn = maps.draw([first, second, third, alone], language="en")

    places = {place.label: place for place in drawn.places}
    assert places.keys() == {"Timișoara", "Matera"}
    around = places["Timișoara"]
    assert [pin.practice for pin in around.pins] == [first, second, third]
    assert around.rings == 1
    offsets = {(pin.dx, pin.dy) for pin in around.pins}
    assert len(offsets) == 3
    assert all(abs(dx * dx + dy * dy - 1) < 1e-3 for dx, dy in offsets)
    assert [(pin.dx, pin.dy) for pin in places["Matera"].pins] == [(0, 0)]
    assert places["Matera"].rings == 0


def test_many_practices_in_one_city_take_a_second_ring(partner):
    practices = [published(partner=partner, **at(TIMISOARA)) for _ in range(9)]

    (place,) = maps.draw(practices, language="en").places

    assert place.rings == 2
    assert len({(pin.dx, pin.dy) for pin in place.pins}) == 9


def test_the_map_links_every_published_practice_and_no_draft(partner):
    shown = [
        published(partner=partner, **at(TIMISOARA), slug="open-design"),
        published(
            partner=partner,
            city="Rijeka",
            country="HR",
            **at(RIJEKA),
            slug="rinovatori",
            title={"en": "RInovatoRI", "hr": "RInovatoRI"},
        ),
    ]
    draft = PracticeFactory(partner=partner, **at(TIMISOARA), slug="still-a-draft")
    returned = PracticeFactory(
        partner=partner, status=PracticeStatus.RETURNED, **at(TIMISOARA), slug="returned"
    )

    html = render_map([*shown, draft, returned])

    svg = html[html.index("<svg") : html.index("</svg>")]
    links = re.findall(r'<a href="([^"]+)" class="pin" aria-label="([^"]+)"', svg)
    assert sorted(links) == [
        ("/practices/open-design/", "The open design workshop (Timișoara)"),
        ("/practices/rinovatori/", "RInovatoRI (Rijeka)"),
    ]
    assert "still-a-draft" not in html and "returned" not in html
    assert 'data-country="RO" class="with-practices"' in svg
    assert 'data-country="HR" class="with-practices"' in svg
    assert 'data-country="HU"' in svg and 'data-country="HU" class' not in svg
    assert "2 good practices on the map." in html


def test_the_text_list_names_the_same_practices_by_country_and_city(partner):
    matera = PartnerFactory(slug="matera", city="Matera", country="IT", languages=["it", "en"])
    published(partner=partner, **at(TIMISOARA), slug="open-design")
    published(
        partner=partner,
        title={"ro": "Cartierul creativ", "en": "The creative quarter"},
        **at(TIMISOARA),
        slug="creative-quarter",
    )
    published(
        partner=matera,
        country="IT",
        city="Matera",
        title={"it": "Open Design School"},
        **at(MATERA),
        slug="ods",
    )
    published(partner=partner, city="Lugoj", latitude=None, longitude=None, slug="lugoj")

    from learninglab.practices.selectors import on_map

    html = render_map(on_map())
    text_list = html[html.index('<section class="practice-map-list"') :]
    headings = re.findall(r"<h3[^>]*>([^<]+)</h3>", text_list)
    cities = re.findall(r"<li>(\w+)\s*<ul>", text_list)
    titles = re.findall(r'<a href="/practices/([^/]+)/"', text_list)

    assert headings == ["Italy", "Romania"]
    assert cities == ["Matera", "Lugoj", "Timișoara"]
    assert titles == ["ods", "lugoj", "creative-quarter", "open-design"]
    # A title only in Italian is shown in Italian, and marked as such for screen readers.
    assert '<a href="/practices/ods/" lang="it">Open Design School</a>' in text_list
    # A practice without a map point is in the list, and says why it is not on the map.
    lugoj = text_list[text_list.index("/practices/lugoj/") :]
    assert lugoj.index("not on the map") < lugoj.index("</li>")
    assert html.count('class="pin"') == 3


def test_the_list_can_be_folded_away_under_the_map(partner):
    published(partner=partner, **at(TIMISOARA), slug="open-design")

    html = render_map([*PracticeFactory._meta.model.objects.all()], collapsed=True)

    assert '<details class="practice-map-list">' in html
    assert "<summary>The same practices by country and city</summary>" in html


def test_no_practice_shows_europe_and_says_so():
    html = render_map([])

    assert "No published good practice to show on the map." in html
    assert 'data-country="PT"' in html and 'data-country="FI"' in html
    assert "practice-map-list" not in html
