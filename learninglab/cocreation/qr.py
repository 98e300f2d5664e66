"""The QR code of a session's join address, drawn as inline SVG."""

from __future__ import annotations

import qrcode
from qrcode.image.svg import SvgPathImage


def qr_svg(data: str) -> str:
    """Return an SVG drawing of a QR code holding ``data`` (black on white, no XML header)."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
    code.add_data(data)
    image = code.make_image(image_factory=SvgPathImage)
    svg = image.to_string(encoding="unicode")
    return svg.split("?>", 1)[-1].strip()  # drop the XML declaration, kept out of HTML
