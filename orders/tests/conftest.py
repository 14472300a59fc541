"""Fixtures of the orders tests."""

import pytest


@pytest.fixture
def fake_pdf(monkeypatch):
    """A stand-in for the WeasyPrint renderer where only numbering or access is tested (fast, deterministic).

    Returns the list of documents it was asked to render.
    """
    from orders import pdf

    rendered = []

    def render(document, layout=None):
        rendered.append(document)
        body = f"{document.number}|{document.date}|{document.heading}|{len(rendered)}".encode()
        return b"%PDF-1.4\n%fake\n" + body + b"\n%%EOF\n"

    monkeypatch.setattr(pdf, "render_order_pdf", render)
    return rendered
