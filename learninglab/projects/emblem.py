"""The European Union's emblem and the funding statement that goes with it.

The emblem is drawn here from its geometry, as the Commission describes it: a blue
rectangle one and a half times as wide as it is high; twelve gold five-pointed stars,
upright, on an invisible circle whose radius is a third of the height, centred; each
star's points on a circle whose radius is an eighteenth of the height; the stars
placed like the hours of a clock face. (The emblem is in the public domain.)

The statement beside it is not translated by us: the Commission fixes its wording in
every official language ("Co-funded by the European Union", "Cofinanțat de Uniunea
Europeană"...), and a controller compares it with that wording. So the wordings are
kept here, as published, not in the translation catalogues.
"""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw

from learninglab.core.languages import FALLBACK_LANGUAGE

BLUE = "#003399"  # Reflex Blue
GOLD = "#FFCC00"  # Yellow
# width : height
RATIO = 3 / 2

CO_FUNDED = {
    "en": "Co-funded by the European Union",
    "ro": "Cofinanțat de Uniunea Europeană",
    "it": "Cofinanziato dall'Unione europea",
    "nl": "Medegefinancierd door de Europese Unie",
    "hr": "Sufinancira Europska unija",
    "lt": "Bendrai finansuoja Europos Sąjunga",
}


def co_funded(language: str) -> str:
    """Return the official "Co-funded by the European Union" in ``language``, or in
    English for a language it is not kept in here."""
    return CO_FUNDED.get(language.split("-")[0].lower(), CO_FUNDED[FALLBACK_LANGUAGE])


def star_points(height: float) -> list[list[tuple[float, float]]]:
    """Return the twelve stars of an emblem ``height`` high, each as its ten corners.

    Coordinates go right and *down* from the emblem's top left corner, as on a screen;
    the first star is at twelve o'clock.
    """
    centre_x, centre_y = height * RATIO / 2, height / 2
    ring, outer = height / 3, height / 18
    # The inner corners of a regular five-pointed star, on a smaller circle.
    inner = outer * math.sin(math.radians(18)) / math.sin(math.radians(54))
    stars = []
    for hour in range(12):
        angle = math.radians(hour * 30)
        x, y = centre_x + ring * math.sin(angle), centre_y - ring * math.cos(angle)
        corners = []
        for corner in range(10):
            radius = outer if corner % 2 == 0 else inner
            turn = math.radians(corner * 36)
            corners.append((x + radius * math.sin(turn), y - radius * math.cos(turn)))
        stars.append(corners)
    return stars


def emblem_svg(*, height: float = 60) -> str:
    """Return the emblem as an SVG document ``height`` units high."""
    width = height * RATIO
    stars = "".join(
        '<polygon points="{}"/>'.format(" ".join(f"{x:.3f},{y:.3f}" for x, y in star))
        for star in star_points(height)
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}">'
        f'<rect width="{width:g}" height="{height:g}" fill="{BLUE}"/>'
        f'<g fill="{GOLD}">{stars}</g></svg>'
    )


def emblem_png(*, height: int) -> bytes:
    """Return the emblem as a PNG ``height`` pixels high (drawn four times larger, then
    scaled down, for smooth stars)."""
    factor = 4
    big = height * factor
    image = Image.new("RGB", (round(big * RATIO), big), BLUE)
    draw = ImageDraw.Draw(image)
    for star in star_points(big):
        draw.polygon(star, fill=GOLD)
    image = image.resize((round(height * RATIO), height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
