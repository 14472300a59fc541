"""The verification QR code printed on an order: a PNG data URI for the PDF, an inline SVG for web pages."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from qrcode.constants import ERROR_CORRECT_M


def _code(data: str, *, border: int) -> qrcode.QRCode:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=10, border=border)
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_png(data: str, *, border: int = 2, box_size: int = 8) -> bytes:
    """PNG bytes, black modules on white, `box_size` pixels per module (sharp when scaled down)."""
    code = _code(data, border=border)
    code.box_size = box_size
    image = code.make_image(fill_color="black", back_color="white")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def qr_png_data_uri(data: str, *, border: int = 2) -> str:
    """`data:image/png;base64,…` for an <img> in the PDF template."""
    return "data:image/png;base64," + base64.b64encode(qr_png(data, border=border)).decode("ascii")


def qr_svg(data: str, *, border: int = 2, size_mm: float | None = None) -> str:
    """An inline <svg> element (one path) without the XML declaration, for HTML pages."""
    code = _code(data, border=border)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    if svg.startswith("<?xml"):
        svg = svg.split("?>", 1)[1].lstrip()
    if size_mm is not None:
        svg = svg.replace("<svg ", f'<svg style="width:{size_mm}mm;height:{size_mm}mm" ', 1)
    return svg
