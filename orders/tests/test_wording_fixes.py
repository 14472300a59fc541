"""What a reader of official documents notices: «уч. г.» keeps its dot, the preamble ends with a comma
before «ПРИКАЗЫВАЮ:», the verification link in the signature mark breaks once, cleanly."""

from __future__ import annotations

import dataclasses
import io

import pdfplumber
import pytest

from core.russian import strip_final_stop
from orders.document import OrderLayout
from orders.models import normalize_heading
from orders.pdf import render_order_pdf
from orders.tests import samples
from orders.wording import appendix_title, approved_phrase


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Об утверждении плана на 2022-2023 уч. г.", "Об утверждении плана на 2022-2023 уч. г."),
        ("О плане работы на 2022-2023 уч.г.", "О плане работы на 2022-2023 уч.г."),
        ("О плане на 2023 г.", "О плане на 2023 г."),
        ("О конкурсах, олимпиадах и т.д.", "О конкурсах, олимпиадах и т.д."),
        ("Об утверждении плана.", "Об утверждении плана"),
    ],
)
def test_a_final_abbreviation_keeps_its_dot(text, kept):
    assert strip_final_stop(text) == kept
    assert normalize_heading(text) == kept


def test_uch_g_keeps_its_dot_in_point_1_and_the_appendix_title():
    title = "Дорожная карта по развитию ШМО на 2022-2023 уч. г."
    assert approved_phrase(title=title, kind_phrase="дорожная карта", case=1).endswith("2022-2023 уч. г.")
    assert appendix_title(title=title, kind_phrase="дорожная карта").endswith("уч. г.")


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def test_the_preamble_ends_with_a_comma_before_prikazyvayu():
    order = samples.order(preamble="В целях организации методической работы в районе", appendices=())
    text = " ".join(_text(render_order_pdf(order, OrderLayout())).split())
    assert "в районе, ПРИКАЗЫВАЮ:" in text


def test_the_verification_link_breaks_at_most_once_and_after_a_slash():
    pdf = samples.rendered_pdf("simple")
    lines = [line.strip() for line in _text(pdf).splitlines()]
    at = next(i for i, line in enumerate(lines) if line.startswith("Проверка:"))
    tokens = [token for line in lines[at : at + 4] for token in line.split() if "/" in token]
    assert "".join(tokens) == samples.VERIFY_URL
    assert len(tokens) <= 2 and all(token.endswith("/") for token in tokens[:-1]), tokens


@pytest.mark.parametrize("token", ["WMWMWMWMWMWMWMWMWMWMWMWMWMWMWMWM", "aB3-x_Q9kLm0pZ7rT2vW8yC1dF4gH6jN"])
def test_the_verification_link_stays_inside_the_signature_frame_whatever_the_token(token):
    """The token is random: one of wide letters must not run over the frame's edge (seen in CI)."""
    url = f"http://127.0.0.1:8000/orders/verify/{token}"
    signature = dataclasses.replace(samples.simple_signature(), verify_url=url)
    pdf = render_order_pdf(samples.order(signature=signature), OrderLayout())
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        words = page.extract_words()
        label = next(w for w in words if w["text"].startswith("Проверка"))
        frame = min(
            (
                r
                for r in page.rects + page.curves
                if r["x0"] <= label["x0"] and r["top"] <= label["top"] and r["bottom"] >= label["bottom"]
            ),
            key=lambda r: (r["x1"] - r["x0"]) * (r["bottom"] - r["top"]),
        )
        inside = [
            w
            for w in words
            if w["top"] >= frame["top"]
            and w["bottom"] <= frame["bottom"] + 1
            and frame["x0"] <= w["x0"] < frame["x1"]
        ]
        link = "".join(w["text"] for w in inside if w["top"] >= label["bottom"] - 1)
        assert link == url
        assert all(w["x1"] <= frame["x1"] for w in inside), [
            w["text"] for w in inside if w["x1"] > frame["x1"]
        ]
