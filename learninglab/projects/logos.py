"""What a logo may be, and how it is made ready for the pages, the printed documents and
the e-mails.

A logo is a PNG or an SVG file, accepted by its content, not its name:

* a PNG must decode as one (Pillow verifies it, then decodes it); it is saved again
  without its text chunks and other metadata;
* an SVG is parsed without a document type, entities or network access, and refused when
  it could run or fetch anything: a script, an event handler (``onload``), a reference to
  another file or address (``href``, ``url(http:...)``), embedded HTML
  (``foreignObject``), or any element outside the plain drawing ones this module can draw
  itself (shapes, paths, groups and text). What is kept is written out again from the
  parsed tree, without comments, processing instructions or editor metadata.

Since the printed documents and mail programs cannot be trusted with an SVG (reportlab
does not read one, most mail programs do not show one), every logo also gets a PNG
*rendition*: the PNG itself, made smaller if needed, or the SVG drawn here with Pillow.
"""

from __future__ import annotations

import dataclasses
import io
import math
import re
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from lxml import etree
from PIL import Image, ImageChops, ImageColor, ImageDraw, ImageFont

from learninglab.core.errors import DomainError

PNG = "image/png"
SVG = "image/svg+xml"
EXTENSIONS = {PNG: ".png", SVG: ".svg"}
ACCEPT = ".png,.svg,image/png,image/svg+xml"

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "http://www.w3.org/2000/svg"

# The rendition fits this box: sharp at the size a logo is printed (about 15 mm high at
# 300 dpi needs 180 pixels) and small enough for an e-mail once scaled down again.
RENDITION_BOX = (1200, 600)
# A PNG with more pixels is refused before it is decoded.
MAX_PIXELS = 25_000_000
# An SVG with more drawing elements, or whose paths have more points, is refused.
MAX_SVG_ELEMENTS = 5000
MAX_SVG_POINTS = 200_000
# Pixels drawn per pixel of the rendition on each side, for smooth edges.
SUPERSAMPLE = 2


def max_bytes() -> int:
    """Return the largest logo file accepted (``LOGO_MAX_BYTES``)."""
    return int(settings.LOGO_MAX_BYTES)


@dataclasses.dataclass(frozen=True)
class CheckedLogo:
    """A logo that may be kept: its cleaned content, and its PNG rendition."""

    content: bytes
    content_type: str
    rendition: bytes
    width: int
    height: int

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


def _refused(code: str, message: Any, name: str) -> DomainError:
    return DomainError(code, message, name=name)


def logo_checked(upload: Any) -> CheckedLogo:
    """Return ``upload`` cleaned, with its rendition, if it may be kept as a logo.

    Raise ``DomainError`` with the code "too_large", "empty", "wrong_type" (neither a PNG
    nor an SVG by its content), "not_a_png" (starts like a PNG but does not decode),
    "too_many_pixels", "unsafe_svg" (could run or fetch something) or "unsupported_svg"
    (uses what cannot be drawn on the printed documents), each with a message naming the
    file and what to do.
    """
    name = PurePath(upload.name or "").name
    limit = max_bytes()
    if upload.size > limit:
        raise _refused(
            "too_large",
            _("%(name)s is too large (%(size)s); a logo may be at most %(limit)s.")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            name,
        )
    if not upload.size:
        raise _refused("empty", _("%(name)s is empty.") % {"name": name}, name)
    upload.seek(0)
    content = upload.read(limit + 1)
    upload.seek(0)
    if content.startswith(_PNG_SIGNATURE):
        return _png_checked(content, name)
    if _looks_like_svg(content):
        return _svg_checked(content, name)
    raise _refused(
        "wrong_type",
        _("%(name)s is neither a PNG nor an SVG image; a logo must be one of them.")
        % {"name": name},
        name,
    )


# PNG -----------------------------------------------------------------------------------


def _png_checked(content: bytes, name: str) -> CheckedLogo:
    not_a_png = _refused(
        "not_a_png",
        _("%(name)s could not be read as a PNG image: it is damaged or not really one.")
        % {"name": name},
        name,
    )
    try:
        with Image.open(io.BytesIO(content), formats=["PNG"]) as image:
            image.verify()
        with Image.open(io.BytesIO(content), formats=["PNG"]) as image:
            if image.width * image.height > MAX_PIXELS:
                raise _refused(
                    "too_many_pixels",
                    _("%(name)s has too many pixels to be taken as a logo.") % {"name": name},
                    name,
                )
            image.load()
            picture = image.convert("RGBA")
    except DomainError:
        raise
    except Exception:  # Pillow reports a damaged or disguised file with many kinds of error.
        raise not_a_png from None
    cleaned = _png_bytes(picture)
    rendition = picture.copy()
    rendition.thumbnail(RENDITION_BOX, Image.Resampling.LANCZOS)
    return CheckedLogo(
        content=cleaned,
        content_type=PNG,
        rendition=_png_bytes(rendition),
        width=picture.width,
        height=picture.height,
    )


def _png_bytes(image: Image.Image) -> bytes:
    """Return ``image`` as a PNG with no metadata (Pillow writes none unless asked)."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# SVG: what is refused, what is kept ------------------------------------------------------


def _looks_like_svg(content: bytes) -> bool:
    head = content[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return (
        head.startswith(b"<?xml")
        or head.startswith(b"<svg")
        or head.startswith(b"<!--")
        or (head.startswith(b"<!doctype") and b"svg" in head)
    )


# The elements drawn here; each may carry the attributes of ``_ATTRIBUTES``.
_DRAWN = {"path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text"}
_CONTAINERS = {"svg", "g"}
_TEXT_PARTS = {"tspan"}
# Kept for screen readers, never drawn.
_DESCRIPTIONS = {"title", "desc"}
# Editor data, left out of what is kept.
_DROPPED = {"metadata"}
# Elements that run, fetch or embed something: the file is refused.
_UNSAFE = {
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "image",
    "use",
    "a",
    "feimage",
    "animate",
    "animatemotion",
    "animatetransform",
    "set",
    "handler",
    "listener",
    "style",
    "link",
}
_PRESENTATION = {
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-opacity",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "opacity",
    "font-family",
    "font-size",
    "font-weight",
    "text-anchor",
}
_ATTRIBUTES = _PRESENTATION | {
    "id",
    "class",
    "transform",
    "x",
    "y",
    "width",
    "height",
    "rx",
    "ry",
    "cx",
    "cy",
    "r",
    "x1",
    "y1",
    "x2",
    "y2",
    "points",
    "d",
    "viewBox",
    "version",
    "preserveAspectRatio",
    "role",
    "aria-label",
    "style",
}
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_EXTERNAL_URL = re.compile(r"url\s*\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


def _unsafe(name: str, reason: str, **params: str) -> DomainError:
    """Return the refusal of an SVG that could run or fetch something, for ``reason``."""
    # Whole sentences, one per reason, so that each translates as one.
    messages = {
        "doctype": _(
            "%(name)s was refused: it declares a document type or entities. Export the "
            "logo again as a plain drawing, or as a PNG."
        ),
        "handler": _(
            "%(name)s was refused: it has an event handler (%(attribute)s). Export the "
            "logo again as a plain drawing, or as a PNG."
        ),
        "reference": _(
            "%(name)s was refused: it refers to another file or address. Export the logo "
            "again as a plain drawing, or as a PNG."
        ),
        "script": _(
            "%(name)s was refused: it contains a script. Export the logo again as a plain "
            "drawing, or as a PNG."
        ),
        "foreignobject": _(
            "%(name)s was refused: it embeds a web page (foreignObject). Export the logo "
            "again as a plain drawing, or as a PNG."
        ),
        "element": _(
            "%(name)s was refused: it contains <%(element)s>. Export the logo again as a "
            "plain drawing, or as a PNG."
        ),
    }
    return _refused("unsafe_svg", messages[reason] % {"name": name, **params}, name)


def _unsupported(name: str, element: str) -> DomainError:
    return _refused(
        "unsupported_svg",
        _(
            "%(name)s uses <%(element)s>, which cannot be drawn on the printed documents. "
            "Export the logo as a PNG, or as an SVG of plain shapes and paths."
        )
        % {"name": name, "element": element},
        name,
    )


def _local_name(tag: Any) -> tuple[str, str]:
    """Return (namespace, local name) of an element's or attribute's tag."""
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        namespace, _brace, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _parsed(content: bytes, name: str) -> Any:
    """Return the SVG's root element; refuse a document type, entities or bad XML."""
    head = content[:65536].lower()
    if b"<!doctype" in head or b"<!entity" in content.lower():
        raise _unsafe(name, "doctype")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError:
        raise _refused(
            "wrong_type",
            _("%(name)s could not be read as an SVG image: it is damaged or not really one.")
            % {"name": name},
            name,
        ) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise _unsafe(name, "doctype")
    if _local_name(root.tag) != (SVG_NS, "svg"):
        raise _refused(
            "wrong_type",
            _("%(name)s is neither a PNG nor an SVG image; a logo must be one of them.")
            % {"name": name},
            name,
        )
    return root


def _check_attributes(element: Any, name: str) -> None:
    """Refuse event handlers and references; drop attributes that are not drawn."""
    for key in list(element.attrib):
        namespace, local = _local_name(key)
        value = element.attrib[key]
        if local.lower().startswith("on"):
            raise _unsafe(name, "handler", attribute=local)
        if local.lower() == "href" or (namespace and "xlink" in namespace):
            raise _unsafe(name, "reference")
        if _EXTERNAL_URL.search(value) or "javascript:" in value.lower():
            raise _unsafe(name, "reference")
        if key == _XML_SPACE:
            continue
        if namespace or local not in _ATTRIBUTES:
            del element.attrib[key]
    style = element.attrib.get("style")
    if style is not None:
        kept = [
            f"{prop}:{value}"
            for prop, value in _declarations(style).items()
            if prop in _PRESENTATION
        ]
        if kept:
            element.attrib["style"] = ";".join(kept)
        else:
            del element.attrib["style"]


def _cleaned(root: Any, name: str) -> int:
    """Check and clean the tree in place; return how many elements are drawn."""
    drawn = 0
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        namespace, local = _local_name(element.tag)
        if local.lower() in _UNSAFE:
            reason = local.lower() if local.lower() in ("script", "foreignobject") else "element"
            raise _unsafe(name, reason, element=local)
        if namespace != SVG_NS:
            # Editors' own elements (Inkscape's, Illustrator's): data, never drawn.
            element.getparent().remove(element)
            continue
        if local in _DROPPED:
            element.getparent().remove(element)
            continue
        if local not in _DRAWN | _CONTAINERS | _TEXT_PARTS | _DESCRIPTIONS:
            raise _unsupported(name, local)
        _check_attributes(element, name)
        drawn += local in _DRAWN
    if drawn > MAX_SVG_ELEMENTS:
        raise _refused(
            "too_complex",
            _("%(name)s has too many shapes to be taken as a logo.") % {"name": name},
            name,
        )
    return drawn


def _svg_checked(content: bytes, name: str) -> CheckedLogo:
    root = _parsed(content, name)
    _cleaned(root, name)
    etree.cleanup_namespaces(root, top_nsmap={None: SVG_NS})
    drawing = _Drawing.of(root, name)
    cleaned = etree.tostring(root, encoding="utf-8", xml_declaration=True)
    rendition = drawing.rendered()
    return CheckedLogo(
        content=cleaned,
        content_type=SVG,
        rendition=_png_bytes(rendition),
        width=rendition.width,
        height=rendition.height,
    )


# SVG: drawing it with Pillow ------------------------------------------------------------

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)
_NUMBER = re.compile(r"[-+]?(?:\d*\.\d+|\d+\.?)(?:[eE][-+]?\d+)?")
_PATH_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d*\.\d+|\d+\.?)(?:[eE][-+]?\d+)?")
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")
_UNITS = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54}
_UNITS["in"] = 96.0
CURVE_STEPS = 16
ELLIPSE_STEPS = 64


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """Return m·n: ``n`` applied first, then ``m``."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + c * b2,
        b * a2 + d * b2,
        a * c2 + c * d2,
        b * c2 + d * d2,
        a * e2 + c * f2 + e,
        b * e2 + d * f2 + f,
    )


def _apply(m: Matrix, point: Point) -> Point:
    x, y = point
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _numbers(value: str | None) -> list[float]:
    return [float(n) for n in _NUMBER.findall(value or "")]


def _transform(value: str | None) -> Matrix:
    matrix = IDENTITY
    for kind, arguments in _TRANSFORM.findall(value or ""):
        n = _numbers(arguments)
        step: Matrix = IDENTITY
        if kind == "matrix" and len(n) == 6:
            step = (n[0], n[1], n[2], n[3], n[4], n[5])
        elif kind == "translate" and n:
            step = (1, 0, 0, 1, n[0], n[1] if len(n) > 1 else 0)
        elif kind == "scale" and n:
            step = (n[0], 0, 0, n[1] if len(n) > 1 else n[0], 0, 0)
        elif kind == "rotate" and n:
            angle = math.radians(n[0])
            cos, sin = math.cos(angle), math.sin(angle)
            step = (cos, sin, -sin, cos, 0, 0)
            if len(n) == 3:
                step = _multiply(
                    _multiply((1, 0, 0, 1, n[1], n[2]), step), (1, 0, 0, 1, -n[1], -n[2])
                )
        elif kind == "skewX" and n:
            step = (1, 0, math.tan(math.radians(n[0])), 1, 0, 0)
        elif kind == "skewY" and n:
            step = (1, math.tan(math.radians(n[0])), 0, 1, 0, 0)
        matrix = _multiply(matrix, step)
    return matrix


def _length(value: str | None, default: float = 0.0) -> float:
    match = re.fullmatch(
        r"\s*([-+]?(?:\d*\.\d+|\d+\.?)(?:[eE][-+]?\d+)?)\s*([a-z]*)\s*", value or ""
    )
    if not match or match.group(2) not in _UNITS:
        return default
    return float(match.group(1)) * _UNITS[match.group(2)]


def _declarations(style: str) -> dict[str, str]:
    declarations = {}
    for declaration in style.split(";"):
        prop, colon, value = declaration.partition(":")
        if colon:
            declarations[prop.strip().lower()] = value.strip()
    return declarations


def _colour(value: str | None) -> tuple[int, int, int] | None:
    """Return an RGB colour, or ``None`` for "none" (or a paint this module cannot draw)."""
    value = (value or "").strip()
    if not value or value == "none" or value.startswith("url("):
        return None
    if value == "currentColor":
        return (0, 0, 0)
    try:
        colour = ImageColor.getrgb(value)
    except ValueError:
        return (0, 0, 0)
    return colour[0], colour[1], colour[2]


def _opacity(value: str | None) -> float:
    try:
        return min(1.0, max(0.0, float(value))) if value is not None else 1.0
    except ValueError:
        return 1.0


@dataclasses.dataclass
class _Style:
    """The presentation properties an element inherits and may set."""

    properties: dict[str, str]
    opacity: float = 1.0
    matrix: Matrix = IDENTITY

    def child(self, element: Any) -> _Style:
        properties = dict(self.properties)
        for prop in _PRESENTATION - {"opacity"}:
            if prop in element.attrib:
                properties[prop] = element.attrib[prop]
        style = _declarations(element.attrib.get("style", ""))
        properties.update({k: v for k, v in style.items() if k != "opacity"})
        opacity = _opacity(style.get("opacity", element.attrib.get("opacity")))
        matrix = _multiply(self.matrix, _transform(element.attrib.get("transform")))
        return _Style(properties, self.opacity * opacity, matrix)

    def paint(self, which: str) -> tuple[int, int, int, int] | None:
        colour = _colour(self.properties.get(which))
        if colour is None:
            return None
        alpha = self.opacity * _opacity(self.properties.get(f"{which}-opacity"))
        return (*colour, round(alpha * 255))

    @property
    def scale(self) -> float:
        a, b, c, d, _e, _f = self.matrix
        return math.sqrt(abs(a * d - b * c))


_ROOT_STYLE = {"fill": "black", "stroke": "none", "stroke-width": "1", "font-size": "16"}


@dataclasses.dataclass
class _Shape:
    outlines: list[list[Point]]
    closed: bool
    style: _Style


@dataclasses.dataclass
class _Text:
    text: str
    at: Point
    style: _Style


class _Drawing:
    """The drawn elements of a checked SVG, in user units, ready to be rendered."""

    def __init__(self, view_box: tuple[float, float, float, float], name: str) -> None:
        self.view_box = view_box
        self.name = name
        self.items: list[_Shape | _Text] = []
        self.points = 0

    @classmethod
    def of(cls, root: Any, name: str) -> _Drawing:
        box = _numbers(root.attrib.get("viewBox"))
        if len(box) != 4 or box[2] <= 0 or box[3] <= 0:
            width, height = _length(root.attrib.get("width")), _length(root.attrib.get("height"))
            box = [0, 0, width, height]
        if box[2] <= 0 or box[3] <= 0:
            raise _refused(
                "unsupported_svg",
                _("%(name)s gives no size: it needs a viewBox, or a width and a height.")
                % {"name": name},
                name,
            )
        drawing = cls((box[0], box[1], box[2], box[3]), name)
        drawing._walk(root, _Style(dict(_ROOT_STYLE)))
        return drawing

    def _walk(self, element: Any, parent: _Style) -> None:
        style = parent.child(element)
        if element.tag == f"{{{SVG_NS}}}svg" and element.getparent() is not None:
            raise _unsupported(self.name, "svg")
        local = _local_name(element.tag)[1]
        if local in ("svg", "g"):
            for child in element:
                if isinstance(child.tag, str):
                    self._walk(child, style)
            return
        if local == "text":
            x, y = (_numbers(element.attrib.get(k))[:1] or [0.0] for k in ("x", "y"))
            words = " ".join("".join(element.itertext()).split())
            if words:
                self.items.append(_Text(words, (x[0], y[0]), style))
            return
        outlines, closed = self._outlines(local, element)
        if outlines:
            self.points += sum(len(outline) for outline in outlines)
            if self.points > MAX_SVG_POINTS:
                raise _refused(
                    "too_complex",
                    _("%(name)s has too many shapes to be taken as a logo.") % {"name": self.name},
                    self.name,
                )
            self.items.append(_Shape(outlines, closed, style))

    def _outlines(self, local: str, element: Any) -> tuple[list[list[Point]], bool]:
        attrs = element.attrib

        def number(key: str) -> float:
            return _length(attrs.get(key))

        if local == "rect":
            x, y, w, h = number("x"), number("y"), number("width"), number("height")
            if w <= 0 or h <= 0:
                return [], True
            return [[(x, y), (x + w, y), (x + w, y + h), (x, y + h)]], True
        if local in ("circle", "ellipse"):
            rx = number("r") if local == "circle" else number("rx")
            ry = number("r") if local == "circle" else number("ry")
            cx, cy = number("cx"), number("cy")
            if rx <= 0 or ry <= 0:
                return [], True
            steps = range(ELLIPSE_STEPS)
            angles = (2 * math.pi * n / ELLIPSE_STEPS for n in steps)
            return [[(cx + rx * math.cos(t), cy + ry * math.sin(t)) for t in angles]], True
        if local == "line":
            ends = [(number("x1"), number("y1")), (number("x2"), number("y2"))]
            return [ends], False
        if local in ("polyline", "polygon"):
            n = _numbers(attrs.get("points"))
            points = list(zip(n[0::2], n[1::2], strict=False))
            return ([points] if len(points) > 1 else []), local == "polygon"
        # A path closes the outlines it ends with "Z" itself: they end where they began.
        return _path_outlines(attrs.get("d", "")), False

    def rendered(self) -> Image.Image:
        """Return the drawing as an RGBA image that fits ``RENDITION_BOX``."""
        min_x, min_y, width, height = self.view_box
        fit = min(RENDITION_BOX[0] / width, RENDITION_BOX[1] / height)
        size = (max(1, round(width * fit)), max(1, round(height * fit)))
        scale = fit * SUPERSAMPLE
        canvas = Image.new("RGBA", (size[0] * SUPERSAMPLE, size[1] * SUPERSAMPLE), (0, 0, 0, 0))
        view: Matrix = (scale, 0, 0, scale, -min_x * scale, -min_y * scale)
        for item in self.items:
            matrix = _multiply(view, item.style.matrix)
            if isinstance(item, _Text):
                _draw_text(canvas, item, matrix, scale * item.style.scale)
            else:
                outlines = [[_apply(matrix, p) for p in outline] for outline in item.outlines]
                _draw_shape(canvas, item, outlines, scale * item.style.scale)
        return canvas.resize(size, Image.Resampling.LANCZOS)


def _path_outlines(d: str) -> list[list[Point]]:
    """Return the outlines of an SVG path, its curves and arcs drawn as short lines."""
    tokens = _PATH_TOKEN.findall(d)
    outlines: list[list[Point]] = []
    current: list[Point] = []
    x = y = start_x = start_y = 0.0
    last_control: Point | None = None
    command = ""
    index = 0

    def take(count: int) -> list[float]:
        nonlocal index
        values = tokens[index : index + count]
        if len(values) < count or any(v.isalpha() for v in values):
            raise ValueError("path data ends early")
        index += count
        return [float(v) for v in values]

    def curve(points: list[Point]) -> None:
        (x0, y0), *controls = points
        for step in range(1, CURVE_STEPS + 1):
            t = step / CURVE_STEPS
            if len(controls) == 2:  # quadratic
                (x1, y1), (x2, y2) = controls
                px = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * x1 + t**2 * x2
                py = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * y1 + t**2 * y2
            else:
                (x1, y1), (x2, y2), (x3, y3) = controls
                px = (
                    (1 - t) ** 3 * x0
                    + 3 * (1 - t) ** 2 * t * x1
                    + 3 * (1 - t) * t**2 * x2
                    + t**3 * x3
                )
                py = (
                    (1 - t) ** 3 * y0
                    + 3 * (1 - t) ** 2 * t * y1
                    + 3 * (1 - t) * t**2 * y2
                    + t**3 * y3
                )
            current.append((px, py))

    try:
        while index < len(tokens):
            if tokens[index].isalpha():
                command = tokens[index]
                index += 1
            relative = command.islower()
            upper = command.upper()
            dx, dy = (x, y) if relative else (0.0, 0.0)
            if upper == "Z":
                if current:
                    outlines.append([*current, current[0]])
                current = []
                x, y = start_x, start_y
                last_control = None
                continue
            if upper == "M":
                if len(current) > 1:
                    outlines.append(current)
                mx, my = take(2)
                x, y = mx + dx, my + dy
                start_x, start_y = x, y
                current = [(x, y)]
                command = "l" if relative else "L"
                last_control = None
                continue
            if not current:
                current = [(x, y)]
            if upper == "L":
                lx, ly = take(2)
                x, y = lx + dx, ly + dy
                current.append((x, y))
                last_control = None
            elif upper == "H":
                x = take(1)[0] + dx
                current.append((x, y))
                last_control = None
            elif upper == "V":
                y = take(1)[0] + (y if relative else 0.0)
                current.append((x, y))
                last_control = None
            elif upper in ("C", "S"):
                if upper == "C":
                    x1, y1, x2, y2, ex, ey = take(6)
                    first = (x1 + dx, y1 + dy)
                else:
                    x2, y2, ex, ey = take(4)
                    first = (
                        (2 * x - last_control[0], 2 * y - last_control[1])
                        if (last_control)
                        else (x, y)
                    )
                second = (x2 + dx, y2 + dy)
                end = (ex + dx, ey + dy)
                curve([(x, y), first, second, end])
                last_control = second
                x, y = end
            elif upper in ("Q", "T"):
                if upper == "Q":
                    x1, y1, ex, ey = take(4)
                    control = (x1 + dx, y1 + dy)
                else:
                    ex, ey = take(2)
                    control = (
                        (2 * x - last_control[0], 2 * y - last_control[1])
                        if (last_control)
                        else (x, y)
                    )
                end = (ex + dx, ey + dy)
                curve([(x, y), control, end])
                last_control = control
                x, y = end
            elif upper == "A":
                rx, ry, rotation, large, sweep, ex, ey = take(7)
                end = (ex + dx, ey + dy)
                current.extend(_arc((x, y), end, rx, ry, rotation, bool(large), bool(sweep)))
                x, y = end
                last_control = None
            else:
                break
    except ValueError:
        pass  # Like a browser: draw the path up to the first error.
    if len(current) > 1:
        outlines.append(current)
    return outlines


def _arc(
    start: Point, end: Point, rx: float, ry: float, rotation: float, large: bool, sweep: bool
) -> Iterator[Point]:
    """Yield points along an SVG elliptical arc (SVG 1.1, appendix F.6)."""
    if start == end:
        return
    rx, ry = abs(rx), abs(ry)
    if rx == 0 or ry == 0:
        yield end
        return
    phi = math.radians(rotation)
    cos, sin = math.cos(phi), math.sin(phi)
    hx, hy = (start[0] - end[0]) / 2, (start[1] - end[1]) / 2
    x1, y1 = cos * hx + sin * hy, -sin * hx + cos * hy
    excess = x1**2 / rx**2 + y1**2 / ry**2
    if excess > 1:
        rx, ry = rx * math.sqrt(excess), ry * math.sqrt(excess)
    numerator = rx**2 * ry**2 - rx**2 * y1**2 - ry**2 * x1**2
    factor = math.sqrt(max(0.0, numerator / (rx**2 * y1**2 + ry**2 * x1**2)))
    if large == sweep:
        factor = -factor
    cx1, cy1 = factor * rx * y1 / ry, -factor * ry * x1 / rx
    cx = cos * cx1 - sin * cy1 + (start[0] + end[0]) / 2
    cy = sin * cx1 + cos * cy1 + (start[1] + end[1]) / 2

    def angle(ux: float, uy: float) -> float:
        return math.atan2(uy, ux)

    theta = angle((x1 - cx1) / rx, (y1 - cy1) / ry)
    delta = angle((-x1 - cx1) / rx, (-y1 - cy1) / ry) - theta
    if sweep and delta < 0:
        delta += 2 * math.pi
    elif not sweep and delta > 0:
        delta -= 2 * math.pi
    steps = max(4, math.ceil(abs(delta) / (2 * math.pi) * ELLIPSE_STEPS))
    for step in range(1, steps + 1):
        t = theta + delta * step / steps
        px, py = rx * math.cos(t), ry * math.sin(t)
        yield cos * px - sin * py + cx, sin * px + cos * py + cy


def _bounds(outlines: list[list[Point]], size: tuple[int, int], pad: float) -> tuple[int, ...]:
    xs = [p[0] for outline in outlines for p in outline]
    ys = [p[1] for outline in outlines for p in outline]
    left = max(0, math.floor(min(xs) - pad))
    top = max(0, math.floor(min(ys) - pad))
    right = min(size[0], math.ceil(max(xs) + pad) + 1)
    bottom = min(size[1], math.ceil(max(ys) + pad) + 1)
    return left, top, right, bottom


def _layer(canvas: Image.Image, mask: Image.Image, paint: tuple[int, ...], at: Point) -> None:
    """Lay ``paint`` over ``canvas`` where ``mask`` is set, ``mask``'s corner at ``at``."""
    alpha = mask.point(lambda value: round(value * paint[3] / 255))
    layer = Image.new("RGBA", mask.size, (*paint[:3], 0))
    layer.putalpha(alpha)
    canvas.alpha_composite(layer, dest=(int(at[0]), int(at[1])))


def _draw_shape(
    canvas: Image.Image, shape: _Shape, outlines: list[list[Point]], scale: float
) -> None:
    fill, stroke = shape.style.paint("fill"), shape.style.paint("stroke")
    stroke_width = _length(shape.style.properties.get("stroke-width"), 1.0) * scale
    pad = stroke_width
    left, top, right, bottom = _bounds(outlines, canvas.size, pad)
    if right <= left or bottom <= top:
        return
    local = [[(x - left, y - top) for x, y in outline] for outline in outlines]
    size = (right - left, bottom - top)
    if fill is not None and (shape.closed or len(local[0]) > 2):
        # Each outline flips what is inside (the even-odd rule): the holes of letters.
        mask = Image.new("1", size, 0)
        for outline in local:
            if len(outline) < 3:
                continue
            piece = Image.new("1", size, 0)
            ImageDraw.Draw(piece).polygon(outline, fill=1)
            mask = ImageChops.logical_xor(mask, piece)
        _layer(canvas, mask.convert("L"), fill, (left, top))
    if stroke is not None and stroke_width > 0:
        mask = Image.new("L", size, 0)
        draw = ImageDraw.Draw(mask)
        for outline in local:
            # A closed outline goes round once more to its second point: no notch where it joins.
            points = [*outline, *outline[:2]] if shape.closed else outline
            draw.line(points, fill=255, width=max(1, round(stroke_width)), joint="curve")
        _layer(canvas, mask, stroke, (left, top))


def _draw_text(canvas: Image.Image, item: _Text, matrix: Matrix, scale: float) -> None:
    fill = item.style.paint("fill")
    if fill is None:
        return
    properties = item.style.properties
    size = _length(properties.get("font-size"), 16.0) * scale
    if size < 1:
        return
    font = ImageFont.load_default(size=size)
    anchor = {"middle": "ms", "end": "rs"}.get(properties.get("text-anchor", ""), "ls")
    weight = properties.get("font-weight", "")
    bold = weight == "bold" or (weight.isdigit() and int(weight) >= 600)
    mask = Image.new("L", canvas.size, 0)
    ImageDraw.Draw(mask).text(
        _apply(matrix, item.at),
        item.text,
        fill=255,
        font=font,
        anchor=anchor,
        stroke_width=max(1, round(size / 30)) if bold else 0,
        stroke_fill=255,
    )
    _layer(canvas, mask, fill, (0, 0))


def email_png(rendition: bytes, *, height: int) -> bytes:
    """Return the rendition scaled to ``height`` pixels (twice the shown size, for sharp
    screens), in 256 colours: small enough to travel in every e-mail."""
    with Image.open(io.BytesIO(rendition), formats=["PNG"]) as image:
        image.load()
        width = max(1, round(image.width * height / image.height))
        scaled = image.convert("RGBA").resize((width, height), Image.Resampling.LANCZOS)
    return _png_bytes(scaled.quantize(colors=256, method=Image.Quantize.FASTOCTREE))
