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


@pytest.fixture
def pdf_failing_once(fake_pdf, monkeypatch):
    """The stand-in renderer, failing the first time it is asked (a worker out of memory, a font gone).

    Returns the list of documents it was asked to render, the failed one first.
    """
    from orders import pdf

    working = pdf.render_order_pdf
    asked = []

    def render(document, layout=None):
        asked.append(document)
        if len(asked) == 1:
            raise RuntimeError("нет памяти для вёрстки")
        return working(document, layout)

    monkeypatch.setattr(pdf, "render_order_pdf", render)
    return asked
