"""Charts drawn on the server: pure functions from figures to an SVG (or HTML) string.

No JavaScript library: the page embeds the string as it is (`|safe` after this module escaped every
text). The line chart is an SVG image (role="img"): every point carries a <title>, which browsers show
as a tooltip and screen readers read; the chart itself has a <title> too (its accessible name); its
labels are Russian and readable at the chart's natural size; the viewBox lets it shrink with the page.
The bars are an HTML list of text and links with the bars as decoration, since a bar may link somewhere.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from .russian import MONTHS_SHORT, month_name

__all__ = ["Bar", "Series", "bar_list", "line_chart", "month_labels", "month_name", "nice_scale"]

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
AXIS = "#6c757d"
GRID = "#dee2e6"
TEXT = "#212529"
MUTED = "#6c757d"


@dataclass(frozen=True)
class Series:
    """One line. `values[i]` is None where there is nothing to draw yet (e.g. future months)."""

    name: str
    values: Sequence[float | None]
    color: str
    area: bool = False
    tooltips: Sequence[str] | None = None


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    tooltip: str = ""
    note: str = ""  # shown after the value, e.g. «12 из 20»
    url: str = ""
    color: str = "#198754"


def _t(text) -> str:
    return escape(str(text), quote=True)


def _num(value: float) -> str:
    """Coordinates with at most one decimal, so the markup stays short."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def nice_scale(maximum: float, ticks: int = 5) -> tuple[float, float]:
    """The top of the axis and the step between gridlines: 1, 2 or 5 times a power of ten (also 25, 250 …
    when the step stays a whole number), so that counts get whole-number gridlines."""
    if maximum <= 0:
        return 1.0, 1.0
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor == 2.5 and power < 10:
            continue
        step = factor * power
        if step >= raw:
            break
    if step < 1 and maximum >= 1:
        step = 1.0
    top = math.ceil(maximum / step) * step
    return float(top), float(step)


def _tick_label(value: float) -> str:
    if value == int(value):
        return f"{int(value):,}".replace(",", "\u202f")
    return f"{value:.1f}".replace(".", ",")


def _open(width: int, height: int, title: str, css: str) -> list[str]:
    return [
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" class="{css}" font-family="{_t(FONT)}" font-size="12">',
        f"<title>{_t(title)}</title>",
    ]


def _empty(width: int, height: int, title: str, css: str, message: str) -> str:
    parts = _open(width, height, title, css)
    parts.append(
        f'<text x="{width // 2}" y="{height // 2}" text-anchor="middle" fill="{MUTED}">{_t(message)}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    *,
    labels: Sequence[str],
    series: Sequence[Series],
    title: str,
    width: int = 760,
    height: int = 300,
    empty_message: str = "Нет данных",
) -> str:
    """Lines (optionally filled down to zero) over evenly spaced labels, with a legend on top.

    Each drawn point is a <circle class="pt"> with its <title>: the series' tooltip for that point,
    or «<name>, <label>: <value>».
    """
    values = [v for s in series for v in s.values if v is not None]
    css = "pg-chart pg-chart-line"
    if not labels or not values:
        return _empty(width, height, title, css, empty_message)
    left, right, top, bottom = 52, 16, 40, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    y_top, step = nice_scale(max(values))
    count = len(labels)

    def x_at(i: int) -> float:
        return left + (plot_w / 2 if count == 1 else i * plot_w / (count - 1))

    def y_at(v: float) -> float:
        return top + plot_h * (1 - v / y_top)

    parts = _open(width, height, title, css)
    # Gridlines and the value axis.
    tick = 0.0
    while tick <= y_top + 1e-9:
        y = _num(y_at(tick))
        parts.append(
            f'<line class="grid" x1="{left}" y1="{y}" x2="{width - right}" y2="{y}" stroke="{GRID}"/>'
        )
        parts.append(
            f'<text class="y-label" x="{left - 6}" y="{y}" dy="4" text-anchor="end" fill="{MUTED}">'
            f"{_tick_label(tick)}</text>"
        )
        tick += step
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{AXIS}"/>'
    )
    # Category labels; thinned out when they would collide.
    every = max(1, math.ceil(count * 34 / plot_w))
    for i, label in enumerate(labels):
        if i % every and i != count - 1:
            continue
        parts.append(
            f'<text class="x-label" x="{_num(x_at(i))}" y="{height - 10}" text-anchor="middle" '
            f'fill="{TEXT}">{_t(label)}</text>'
        )
    # Areas first, lines and points above them.
    for s in series:
        drawn = [(i, v) for i, v in enumerate(s.values) if v is not None]
        if s.area and len(drawn) > 1:
            points = " ".join(f"{_num(x_at(i))},{_num(y_at(v))}" for i, v in drawn)
            base = _num(y_at(0))
            first, last = _num(x_at(drawn[0][0])), _num(x_at(drawn[-1][0]))
            parts.append(
                f'<polygon class="area" points="{first},{base} {points} {last},{base}" '
                f'fill="{s.color}" fill-opacity="0.15" stroke="none"/>'
            )
    for index, s in enumerate(series):
        drawn = [(i, v) for i, v in enumerate(s.values) if v is not None]
        parts.append(f'<g class="series" data-series="{index}">')
        if len(drawn) > 1:
            points = " ".join(f"{_num(x_at(i))},{_num(y_at(v))}" for i, v in drawn)
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{s.color}" stroke-width="2.5" '
                'stroke-linejoin="round"/>'
            )
        for i, v in drawn:
            tooltip = s.tooltips[i] if s.tooltips else f"{s.name}, {labels[i]}: {_tick_label(v)}"
            parts.append(
                f'<circle class="pt" cx="{_num(x_at(i))}" cy="{_num(y_at(v))}" r="4" fill="{s.color}" '
                f'stroke="#fff" stroke-width="1.5"><title>{_t(tooltip)}</title></circle>'
            )
        parts.append("</g>")
    # Legend.
    x = left
    for s in series:
        parts.append(
            f'<g class="legend"><rect x="{_num(x)}" y="12" width="14" height="14" rx="2" fill="{s.color}"/>'
            f'<text x="{_num(x + 20)}" y="24" fill="{TEXT}">{_t(s.name)}</text></g>'
        )
        x += 40 + 7.5 * len(s.name)
    parts.append("</svg>")
    return "".join(parts)


def bar_list(
    *,
    bars: Sequence[Bar],
    title: str,
    max_value: float = 100,
    unit: str = "\u00a0%",
    empty_message: str = "Нет данных",
) -> str:
    """Horizontal bars as an HTML list, one item per bar: the label (a link when the bar has a `url`),
    the bar, the value (and note) after it.

    Not an SVG with role="img": links inside an image are neither reachable nor announced. Here the
    labels and values are text and links of a list named by `title`; the bars and the scale are
    decoration (aria-hidden), each bar a small SVG whose width is an attribute (the CSP allows no
    style="…"). The tooltip is the item's title.
    """
    if not bars:
        return f'<p class="pg-bars-empty text-muted small mb-0">{_t(empty_message)}</p>'
    scale = "".join(f"<span>{_tick_label(max_value * f)}{_t(unit)}</span>" for f in (0, 0.25, 0.5, 0.75, 1))
    parts = [
        f'<div class="pg-bars"><div class="pg-bars-scale" aria-hidden="true"><span></span>'
        f'<span class="pg-bars-ticks">{scale}</span><span></span></div>'
        f'<ul class="pg-bars-list list-unstyled mb-0" aria-label="{_t(title)}">'
    ]
    for b in bars:
        value = max(0.0, min(float(b.value), max_value))
        share = _num(100 * value / max_value) if max_value else "0"
        tooltip = b.tooltip or f"{b.label}: {_tick_label(b.value)}{unit}"
        label = f'<a href="{_t(b.url)}">{_t(b.label)}</a>' if b.url else _t(b.label)
        after = f"{_tick_label(round(b.value))}{unit}" + (f" · {b.note}" if b.note else "")
        parts.append(
            f'<li class="pg-bar-row" title="{_t(tooltip)}"><span class="pg-bar-label">{label}</span>'
            f'<svg class="pg-bar" aria-hidden="true" focusable="false"><rect class="pg-bar-fill" '
            f'width="{share}%" height="100%" rx="2" fill="{_t(b.color)}"/></svg>'
            f'<span class="pg-bar-value">{_t(after)}</span></li>'
        )
    parts.append("</ul></div>")
    return "".join(parts)


def month_labels(months: Sequence[tuple[int, int]]) -> list[str]:
    """(year, month) pairs -> «сен», «окт», …; January also shows its year: «янв 2027»."""
    return [
        f"{MONTHS_SHORT[m - 1]} {y}" if m == 1 or i == 0 else MONTHS_SHORT[m - 1]
        for i, (y, m) in enumerate(months)
    ]
