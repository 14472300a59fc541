"""The dashboard's charts, read back as XML: the line chart's points, labels and tooltips, the bar list's
links, bars and values, escaping."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from core import charts

NS = "{http://www.w3.org/2000/svg}"
MONTHS = charts.month_labels([(2022, 9), (2022, 10), (2022, 11), (2022, 12), (2023, 1), (2023, 2)])


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg" and root.get("role") == "img"
    return root


def by_class(root: ET.Element, tag: str, css: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{NS}{tag}") if e.get("class") == css]


def title_of(element: ET.Element) -> str:
    return element.find(f"{NS}title").text


def line(**extra) -> ET.Element:
    data = {
        "labels": MONTHS,
        "series": [
            charts.Series("Ожидалось", [2, 4, 4, 8, 8, 12], "#6c757d", area=True),
            charts.Series(
                "Выполнено",
                [0, 1, 3, None, None, None],
                "#198754",
                tooltips=["сентябрь: 0", "октябрь: 1", "ноябрь: 3", "", "", ""],
            ),
        ],
        "title": "Выполнение по месяцам",
        **extra,
    }
    return parse(charts.line_chart(**data))


def test_line_chart_has_a_point_with_a_tooltip_for_every_value():
    root = line()
    assert title_of(root) == "Выполнение по месяцам"
    series = [g for g in root.iter(f"{NS}g") if g.get("data-series") is not None]
    expected, done = ([c for c in g.iter(f"{NS}circle")] for g in series)
    assert len(expected) == 6 and len(done) == 3  # nothing drawn for the months ahead
    assert [title_of(c) for c in done] == ["сентябрь: 0", "октябрь: 1", "ноябрь: 3"]
    assert title_of(expected[3]) == "Ожидалось, дек: 8"  # the default tooltip: series, label, value
    assert [c.get("fill") for c in done] == ["#198754"] * 3
    assert len(by_class(root, "polygon", "area")) == 1  # only the first series is filled


def test_line_chart_points_follow_the_values():
    root = line()
    expected = [c for c in root.iter(f"{NS}circle")][:6]
    xs = [float(c.get("cx")) for c in expected]
    ys = [float(c.get("cy")) for c in expected]
    assert xs == sorted(xs) and len(set(xs)) == 6  # left to right, evenly spread
    assert ys[1] == ys[2] and ys[3] == ys[4]  # equal values, equal heights
    assert ys[0] > ys[1] > ys[3] > ys[5]  # larger values are higher up (smaller y)


def test_line_chart_labels_and_axis_are_readable_russian():
    root = line()
    labels = [t.text for t in by_class(root, "text", "x-label")]
    assert labels == ["сен 2022", "окт", "ноя", "дек", "янв 2023", "фев"]
    ticks = [t.text for t in by_class(root, "text", "y-label")]
    assert ticks == ["0", "5", "10", "15"]  # whole numbers, up to a round number above the maximum
    legend = [t.text for g in by_class(root, "g", "legend") for t in g.iter(f"{NS}text")]
    assert legend == ["Ожидалось", "Выполнено"]


def test_line_chart_without_data_says_so():
    root = parse(charts.line_chart(labels=MONTHS, series=[], title="Пусто", empty_message="Сроков нет"))
    assert [t.text for t in root.iter(f"{NS}text")] == ["Сроков нет"]
    root = parse(charts.line_chart(labels=[], series=[charts.Series("a", [], "#000")], title="Пусто"))
    assert [t.text for t in root.iter(f"{NS}text")] == ["Нет данных"]


def parse_bars(html: str) -> ET.Element:
    return ET.fromstring(html)


def test_bar_list_has_a_bar_per_school_proportional_to_its_value():
    bars = [
        charts.Bar("СОШ № 1", 100, tooltip="СОШ № 1: 10 из 10", note="10 из 10", url="/roadmaps/schools/1/"),
        charts.Bar("СОШ № 2", 50, note="5 из 10"),
        charts.Bar("МБДОУ д/с № 3", 0),
        charts.Bar("СОШ № 4", 130),  # more than the scale: clamped
    ]
    root = parse_bars(charts.bar_list(bars=bars, title="По школам"))
    (items,) = [e for e in root.iter("ul")]
    assert items.get("aria-label") == "По школам"  # the list is named by the chart's title
    rows = items.findall("li")
    assert len(rows) == 4
    widths = [row.find("svg/rect").get("width") for row in rows]
    assert widths == ["100%", "50%", "0%", "100%"]
    assert [row.get("title") for row in rows] == [
        "СОШ № 1: 10 из 10",
        "СОШ № 2: 50\u00a0%",
        "МБДОУ д/с № 3: 0\u00a0%",
        "СОШ № 4: 130\u00a0%",
    ]
    labels = ["".join(row.find("span[@class='pg-bar-label']").itertext()) for row in rows]
    assert labels == [b.label for b in bars]
    values = [row.find("span[@class='pg-bar-value']").text for row in rows]
    assert values[0] == "100\u00a0% · 10 из 10" and values[1] == "50\u00a0% · 5 из 10"
    # The school with a page is a link of the list itself, not inside an image.
    assert [(a.get("href"), a.text) for a in root.iter("a")] == [("/roadmaps/schools/1/", "СОШ № 1")]
    assert not [e for e in root.iter() if e.get("role") == "img"]
    # The bars and the scale are decoration, hidden from screen readers.
    assert all(row.find("svg").get("aria-hidden") == "true" for row in rows)
    (scale,) = [e for e in root.iter("div") if e.get("class") == "pg-bars-scale"]
    assert scale.get("aria-hidden") == "true"
    assert [t.text for t in scale.iter("span") if t.text] == [
        "0\u00a0%",
        "25\u00a0%",
        "50\u00a0%",
        "75\u00a0%",
        "100\u00a0%",
    ]


def test_bar_list_texts_are_escaped():
    name = "Школа <«Ромашка» & Ко> " + "очень длинное название " * 3
    title = 'Проверка "кавычек" & <тегов>'
    html = charts.bar_list(bars=[charts.Bar(name, 40, url="/x?a=1&b=2")], title=title)
    assert "<«" not in html and "& Ко" not in html
    root = parse_bars(html)
    assert root.find(".//ul").get("aria-label") == title
    link = root.find(".//a")
    assert link.text == name and link.get("href") == "/x?a=1&b=2"
    assert root.find(".//li").get("title") == f"{name}: 40\u00a0%"
    root = line(title="<b>Выполнение</b>")
    assert title_of(root) == "<b>Выполнение</b>"


def test_bar_list_without_bars_says_so():
    root = parse_bars(charts.bar_list(bars=[], title="По школам", empty_message="Мероприятия не назначены"))
    assert root.text == "Мероприятия не назначены"


@pytest.mark.parametrize(
    ("maximum", "top", "step"),
    [(0, 1, 1), (3, 3, 1), (7, 8, 2), (12, 15, 5), (100, 100, 20), (1234, 1250, 250), (0.4, 0.4, 0.1)],
)
def test_nice_scale(maximum, top, step):
    assert charts.nice_scale(maximum) == (pytest.approx(top), pytest.approx(step))


def test_month_names():
    assert charts.month_name(2026, 11) == "Ноябрь 2026"
    assert charts.month_labels([(2026, 12), (2027, 1), (2027, 2)]) == ["дек 2026", "янв 2027", "фев"]
