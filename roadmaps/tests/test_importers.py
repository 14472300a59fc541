"""Reading roadmaps out of Word, Excel and pasted text (roadmaps.importers, no database).

The acceptance check: for both real documents (seed000: a district order + roadmap, seed001: a
programme with a passport and a roadmap table) the DOCX, the XLSX and the pasted text give exactly
`*.rows.json`. Besides the clean fixtures, DOCX files are rebuilt here from the text dumps of the
original documents, which keep what the originals look like inside: headings whose number shares a
merged cell with the title, cells of several paragraphs, rows broken across a page break.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import docx
import pytest
from openpyxl import Workbook

from roadmaps import importers
from roadmaps.deadlines import UNPARSED, parse_deadline
from roadmaps.importers import NotARoadmap

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "roadmaps"
SEEDS = ("seed000", "seed001")
TODAY = dt.date(2026, 11, 22)


# --- Helpers shared with the other import/export tests ----------------------------------------------------


def normalised(value):
    """Whitespace collapsed in every string, recursively."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [normalised(v) for v in value]
    if isinstance(value, dict):
        return {k: normalised(v) for k, v in value.items()}
    return value


def expected_rows(seed: str) -> list[dict]:
    return normalised(json.loads((FIXTURES / f"{seed}.rows.json").read_text(encoding="utf-8")))


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def dump_text(prefix: str) -> str:
    (path,) = FIXTURES.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def exported(parsed: importers.ParsedRoadmap) -> list[dict]:
    return normalised([row.as_export() for row in parsed.rows])


def _excel_quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def pasted_text(rows: list[dict]) -> str:
    """`*.rows.json` as a table copied out of Word/Excel: a header line, tab-separated cells, headings
    as lines without tabs, one item broken into a continuation line (starting with a tab, as a row
    broken by a page break) and one cell with a line break quoted the way Excel copies it."""
    with_result = any(r["result"] for r in rows)
    header = ["№ п/п", "Мероприятие", "Сроки", "Ответственные"] + (["Ожидаемый результат"] * with_result)
    lines = ["\t".join(header)]
    broken = quoted = False
    for row in rows:
        if row["heading"]:
            lines.append(f"{row['number']} {row['activity']}".strip())
            continue
        cells = [row["number"], row["activity"], row["deadline"], row["responsible"]]
        cells += [row["result"]] if with_result else []
        words = row["activity"].split()
        if not broken and len(words) >= 6 and words[len(words) // 2][0].islower():
            half = len(words) // 2
            responsible = row["responsible"].split()
            cut = max(len(responsible) - 2, 1)
            first = [row["number"], " ".join(words[:half]), row["deadline"], " ".join(responsible[:cut])]
            second = ["", " ".join(words[half:]), "", " ".join(responsible[cut:])]
            if with_result:
                first.append(row["result"])
                second.append("")
            lines += ["\t".join(first), "\t".join(second)]
            broken = True
            continue
        if broken and not quoted and len(words) >= 4:
            cells[1] = _excel_quoted(" ".join(words[:2]) + "\n" + " ".join(words[2:]))
            quoted = True
        lines.append("\t".join(cells))
    assert broken and quoted, "the fixture should exercise both a continuation and a quoted cell"
    return "\n".join(lines) + "\n"


def _cell_paragraphs(text: str) -> list[str]:
    parts = re.findall(r"<p[^>]*>(.*?)</p>", text)
    return parts or [re.sub(r"<[^>]+>", " ", text)]


def _fill(cell, text: str) -> None:
    paragraphs = _cell_paragraphs(text)
    cell.paragraphs[0].text = paragraphs[0].strip()
    for paragraph in paragraphs[1:]:
        cell.add_paragraph(paragraph.strip())


def docx_from_dump(text: str) -> bytes:
    """A DOCX laid out like the original behind a text dump: each line a paragraph, runs of
    tab-separated lines a table; a line with text in its first cell only is one cell merged across the
    row; «<p>» parts become paragraphs of their cell; a line starting with a tab stays a row of its
    own with an empty number cell (a row continued after a page break)."""
    document = docx.Document()
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        if "\t" not in lines[index]:
            if lines[index].strip():
                document.add_paragraph(lines[index].strip())
            index += 1
            continue
        block = []
        while index < len(lines) and ("\t" in lines[index] or not lines[index].strip()):
            if lines[index].strip():
                block.append(lines[index].split("\t"))
            index += 1
        width = max(len(fields) for fields in block)
        table = document.add_table(rows=0, cols=width)
        for fields in block:
            row = table.add_row()
            fields += [""] * (width - len(fields))
            if width >= 4 and fields[0].strip() and not any(f.strip() for f in fields[1:]):
                _fill(row.cells[0].merge(row.cells[-1]), fields[0])
                continue
            for cell, value in zip(row.cells, fields, strict=True):
                _fill(cell, value)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def docx_with_table(rows: list[list[str]], *, paragraphs: tuple[str, ...] = (), merge: tuple = ()) -> bytes:
    """A DOCX with `paragraphs` and one table; `merge` lists (row, first column, last column) to merge."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    for r, first, last in merge:
        text = table.cell(r, first).text
        table.cell(r, first).merge(table.cell(r, last)).text = text
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def _table_part(text: str) -> str:
    """The roadmap table of a dump as pasted text (its «<p>» markup turned into plain text)."""
    text = re.sub(r"</p>\s*<p[^>]*>", " ", text)
    text = re.sub(r"<[^>]+>", "", text)
    start = re.search(r"^№[^\n]*\tМероприят", text, re.M).start()
    return text[start:]


# --- Acceptance: every source of both fixtures gives rows.json ------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("extension", ["docx", "xlsx"])
def test_fixture_files_give_the_rows_json(seed, extension):
    parsed = importers.parse_file(f"{seed}.{extension}", fixture_bytes(f"{seed}.{extension}"), today=TODAY)
    assert parsed.source == extension
    assert exported(parsed) == expected_rows(seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_pasted_text_round_trip_gives_the_rows_json(seed):
    text = pasted_text(expected_rows(seed))
    assert "\n\t" in text and '"\n' not in text.split("\t", 1)[0]
    parsed = importers.parse_text(text, today=TODAY)
    assert exported(parsed) == expected_rows(seed)


@pytest.mark.parametrize(("prefix", "seed"), [("000", "seed000"), ("001", "seed001")])
def test_docx_laid_out_like_the_original_gives_the_rows_json(prefix, seed):
    """Merged «1. Информационная поддержка Задача: …» headings, «<p>» cells, rows broken by a page
    break (1.3., 3.3., 3.16., 3.28. in seed001) and, for seed001, the passport table above."""
    parsed = importers.parse_docx(docx_from_dump(dump_text(prefix)), today=TODAY)
    assert exported(parsed) == expected_rows(seed)


def test_the_row_broken_by_a_page_break_is_merged_into_one():
    parsed = importers.parse_docx(docx_from_dump(dump_text("001")), today=TODAY)
    row = next(r for r in parsed.rows if r.number == "1.3.")
    assert row.activity.endswith("руководящих и педагогических кадров на текущий год")
    assert row.responsible == "Киселева Л.П. – методист МБУ ДПО «МиРЦ» Руководители ОО"
    assert row.deadline == "В течение всего периода"
    heading = next(r for r in parsed.rows if r.number == "2.")
    assert heading.heading and heading.activity.startswith("Диагностико-прогностическая и экспертно-")
    assert "поддержка Задача: организация" in heading.activity


@pytest.mark.parametrize(("prefix", "seed"), [("000", "seed000"), ("001", "seed001")])
def test_table_copied_out_of_word_gives_the_rows_json(prefix, seed):
    """The dump's table as pasted text: «Heading\\t\\t\\t» lines, «\\tcontinuation» lines."""
    parsed = importers.parse_text(_table_part(dump_text(prefix)), today=TODAY)
    assert exported(parsed) == expected_rows(seed)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_deadline_is_read_within_the_detected_period(seed):
    sources = {
        "docx": importers.parse_file(f"{seed}.docx", fixture_bytes(f"{seed}.docx"), today=TODAY),
        "xlsx": importers.parse_file(f"{seed}.xlsx", fixture_bytes(f"{seed}.xlsx"), today=TODAY),
        "text": importers.parse_text(pasted_text(expected_rows(seed)), today=TODAY),
    }
    for source, parsed in sources.items():
        start, end = parsed.period
        unparsed = [
            r.deadline
            for r in parsed.rows
            if not r.heading and parse_deadline(r.deadline, start, end).kind == UNPARSED
        ]
        assert unparsed == [], (source, parsed.period)


# --- The text around the table ---------------------------------------------------------------------------


def test_seed000_title_goal_tasks_and_period():
    parsed = importers.parse_docx(fixture_bytes("seed000.docx"), today=TODAY)
    assert parsed.title == (
        "Дорожная карта по развитию и сопровождению школьных методических объединений "
        "на 2022-2023 учебный год"
    )
    assert parsed.kind == "roadmap"
    assert parsed.period == (dt.date(2022, 9, 1), dt.date(2023, 8, 31))
    assert parsed.period_source == "title"
    assert parsed.goal == "повышение эффективности деятельности школьных методических объединений."
    assert parsed.tasks.splitlines() == [
        "создание условий для совершенствования технологий, методики и форм организации образовательной "
        "деятельности;",
        "развитие мотивации деятельности педагогов в профессиональных сообществах;",
        "обобщение педагогического опыта, его трансляция и внедрение в практику работы педагогов "
        "образовательных организаций Мостовского района.",
    ]
    assert parsed.columns == ["number", "activity", "deadline", "responsible"]


def test_seed001_title_goal_tasks_and_period_from_the_stages():
    parsed = importers.parse_docx(fixture_bytes("seed001.docx"), today=TODAY)
    assert parsed.title == (
        "«Дорожная карта» реализации программы поддержки школьных, муниципальных методических объединений"
    )
    assert parsed.kind == "roadmap"
    assert parsed.period == (dt.date(2020, 8, 1), dt.date(2022, 12, 31))
    assert parsed.period_source == "stages"
    assert parsed.goal == "Повысить эффективность деятельности школьных и районных методических объединений"
    tasks = parsed.tasks.splitlines()
    assert len(tasks) == 4 and tasks[0].startswith("1. Информационная поддержка Задача:")
    assert parsed.order == {}


@pytest.mark.parametrize(
    ("title", "period"),
    [
        ("Дорожная карта … на 2022-2023 учебный год", (dt.date(2022, 9, 1), dt.date(2023, 8, 31))),
        ("План работы на 2023/24 учебный год", (dt.date(2023, 9, 1), dt.date(2024, 8, 31))),
        ("Программа поддержки ШМО на 2021-2024 годы", (dt.date(2021, 1, 1), dt.date(2024, 12, 31))),
        ("План мероприятий на 2021-2022 гг.", (dt.date(2021, 1, 1), dt.date(2022, 12, 31))),
        ("План мероприятий на 2024 год", (dt.date(2024, 1, 1), dt.date(2024, 12, 31))),
        ("Дорожная карта по развитию ШМО", None),
    ],
)
def test_period_from_the_title(title, period):
    assert importers.period_from_title(title) == period


def test_period_from_the_stages_of_a_programme():
    text = (
        "Этапы реализации 1 этап - организационный (август 2020-декабрь 2020) 2 этап - основной "
        "(январь 2021 - июнь 2022) 3 этап (заключительный (июнь 2022 - декабрь 2022)"
    )
    assert importers.period_from_stages(text) == (dt.date(2020, 8, 1), dt.date(2022, 12, 31))


def test_period_from_the_deadlines_then_the_current_academic_year():
    one_year = ["Сентябрь 2022", "Май 2023 г.", "Ежемесячно"]
    assert importers.period_from_deadlines(one_year) == (dt.date(2022, 9, 1), dt.date(2023, 8, 31))
    several = ["Сентябрь 2020", "2021", "Апрель 2021, далее ежегодно"]
    assert importers.period_from_deadlines(several) == (dt.date(2020, 1, 1), dt.date(2021, 12, 31))
    period, source = importers.detect_period(title="", stages="", deadlines=["Ежемесячно"], today=TODAY)
    assert (period, source) == ((dt.date(2026, 9, 1), dt.date(2027, 8, 31)), "default")


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Дорожная карта по развитию ШМО", "roadmap"),
        ("«Дорожная карта» реализации программы", "roadmap"),
        ('"Дорожная карта" реализации программы', "roadmap"),
        ("ПЛАН работы районного методического кабинета", "plan"),
        ("Программа поддержки школьных методических объединений", "programme"),
    ],
)
def test_kind_from_the_title(title, kind):
    assert importers.kind_of(title) == kind


def test_title_nearest_above_the_table_wins_and_bold_continues_it():
    document = docx.Document()
    document.add_paragraph("Программа развития образования района")
    document.add_paragraph("Пояснительная записка. Программа направлена на …")
    first = document.add_paragraph().add_run("План работы районного методического кабинета")
    first.bold = True
    second = document.add_paragraph().add_run("на 2024-2025 учебный год")
    second.bold = True
    table = document.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ("№ п/п", "Мероприятие", "Срок", "Исполнители"), strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("1", "Совещание", "Сентябрь", "Методисты"), strict=True):
        cell.text = text
    stream = io.BytesIO()
    document.save(stream)
    parsed = importers.parse_docx(stream.getvalue(), today=TODAY)
    assert parsed.title == "План работы районного методического кабинета на 2024-2025 учебный год"
    assert parsed.kind == "plan"
    assert parsed.period == (dt.date(2024, 9, 1), dt.date(2025, 8, 31))


# --- The order in front of the roadmap -------------------------------------------------------------------


def test_order_details_from_seed000():
    parsed = importers.parse_docx(fixture_bytes("seed000.docx"), today=TODAY)
    assert parsed.order == {
        "issuer": [
            "РАЙОННОЕ УПРАВЛЕНИЕ ОБРАЗОВАНИЕМ",
            "АДМИНИСТРАЦИИ МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ",
            "МОСТОВСКИЙ РАЙОН",
        ],
        "date": "2022-08-30",
        "number": "344",
        "place": "пгт Мостовской",
        "heading": "Об утверждении дорожной карты по развитию и сопровождению школьных методических "
        "объединений образовательных организаций Мостовского района",
        "preamble": "На основании реализации плана работы районного управления образованием администрации "
        "муниципального образования Мостовский район, с целью повышения эффективности деятельности "
        "школьных методических объединений",
        "points": [
            "Утвердить дорожную карту по развитию и сопровождению школьных методических объединений на "
            "2022-2023 год (приложение).",
            "Контроль за выполнением настоящего приказа возложить на заведующего районным методическим "
            "кабинетом Волкову Е.В.",
            "Приказ вступает в силу с момента его подписания.",
        ],
        "point_numbers": ["1.", "2.", "3."],
        "signatory_position": "Начальник районного управления образованием",
        "signatory_name": "Ю.Н. Богинский",
        "executor_position": "Заведующий районным методическим кабинетом",
        "executor_name": "Е.В. Волкова",
        "order_id": None,
    }


def _docx_from_lines(text: str) -> bytes:
    """Each non-empty line of a dump as one paragraph (as the fixtures' DOCX files are laid out)."""
    document = docx.Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    table = document.add_table(rows=2, cols=4)
    for cell, value in zip(table.rows[0].cells, ("№", "Мероприятия", "Сроки", "Ответственные"), strict=True):
        cell.text = value
    for cell, value in zip(
        table.rows[1].cells, ("1", "Заседание РМО", "Ежемесячно", "Руководители"), strict=True
    ):
        cell.text = value
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def test_order_details_from_another_districts_preamble():
    """Назарово: «П Р И К А З», the date as «« 04 » 06 2020г.» before the place, the number after it,
    «ПРИКАЗЫВАЮ:» in capitals, a three-line signatory position."""
    parsed = importers.parse_docx(_docx_from_lines(dump_text("004")), today=TODAY)
    order = parsed.order
    assert order["issuer"] == ["УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "АДМИНИСТРАЦИИ НАЗАРОВСКОГО РАЙОНА"]
    assert order["date"] == "2020-06-04"
    assert order["number"] == "91"
    assert order["place"] == "г. Назарово"
    assert order["heading"] == "Об утверждении положения"
    assert order["preamble"].startswith("В целях обеспечения учебно-методической поддержкой")
    assert order["preamble"].endswith("руководствуясь Положением об управлении образования администрации "
                                      "Назаровского района,")  # fmt: skip
    assert "ПРИКАЗЫВАЮ" not in order["preamble"]
    assert [p.split()[0] for p in order["points"]] == ["Утвердить", "Контроль", "Приказ"]
    assert order["signatory_position"] == (
        "Заместитель главы района, руководитель управления образования администрации Назаровского района"
    )
    assert order["signatory_name"] == "Т.А. Парамонова"
    assert (order["executor_position"], order["executor_name"]) == ("", "")
    # The title is the nearest «Программа …» above the table, after the order and its appendix stamp.
    assert parsed.title.startswith("Программа развития и поддержки профессиональных методических сообществ")
    assert parsed.kind == "programme"


def test_order_on_one_line_with_the_points_after_prikazyvayu():
    paragraphs = [
        "АДМИНИСТРАЦИЯ МУНИЦИПАЛЬНОГО РАЙОНА\nОТДЕЛ ОБРАЗОВАНИЯ",
        "ПРИКАЗ",
        "«30» августа 2023 г.\t\t\t№ 12-од",
        "с. Ивановка",
        "О плане работы РМК",
        "В целях организации методической работы",
        "ПРИКАЗЫВАЮ:",
        "1. Утвердить план работы",
        "- на 2023-2024 учебный год;",
        "2. Контроль оставляю за собой.",
        "Начальник отдела образования\t\t\tИ.И. Петров",
        "Исполнитель: методист Сидорова А.А.",
    ]
    order, after = importers.parse_order_preamble(paragraphs)
    assert order["issuer"] == ["АДМИНИСТРАЦИЯ МУНИЦИПАЛЬНОГО РАЙОНА", "ОТДЕЛ ОБРАЗОВАНИЯ"]
    assert (order["date"], order["number"], order["place"]) == ("2023-08-30", "12-од", "с. Ивановка")
    assert order["heading"] == "О плане работы РМК"
    assert order["preamble"] == "В целях организации методической работы"
    assert order["points"] == [
        "Утвердить план работы - на 2023-2024 учебный год;",
        "Контроль оставляю за собой.",
    ]
    assert (order["signatory_position"], order["signatory_name"]) == (
        "Начальник отдела образования",
        "И.И. Петров",
    )
    assert (order["executor_position"], order["executor_name"]) == ("методист", "Сидорова А.А.")
    assert after == len(paragraphs)


def test_a_document_without_an_order_has_no_order_details():
    assert importers.parse_order_preamble(["Дорожная карта", "Цель: развитие"]) == ({}, 0)


# --- Table shapes ----------------------------------------------------------------------------------------


def test_columns_in_any_order_with_a_result_column_and_a_column_number_row():
    rows = [
        ["Наименование мероприятия", "№ п/п", "Ответственный", "Срок", "Ожидаемый результат"],
        ["1", "2", "3", "4", "5"],
        ["Нормативная база", "", "", "", ""],
        ["Положение о ШМО", "1.", "Методист", "до 30 сентября", "Положение утверждено"],
        ["Семинар руководителей", "2.", "Методист", "1 раз в четверть", "Протоколы"],
    ]
    data = docx_with_table(rows, merge=[(2, 0, 4)])
    parsed = importers.parse_docx(data, today=TODAY)
    assert parsed.columns == ["activity", "number", "responsible", "deadline", "result"]
    assert exported(parsed) == [
        {"number": "", "heading": True, "activity": "Нормативная база", "deadline": "", "responsible": "",
         "result": ""},
        {"number": "1.", "heading": False, "activity": "Положение о ШМО", "deadline": "до 30 сентября",
         "responsible": "Методист", "result": "Положение утверждено"},
        {"number": "2.", "heading": False, "activity": "Семинар руководителей",
         "deadline": "1 раз в четверть", "responsible": "Методист", "result": "Протоколы"},
    ]  # fmt: skip


def test_number_and_title_in_one_cell_are_split_in_either_column():
    rows = [
        ["№", "Мероприятие", "Сроки", "Ответственные"],
        ["1.1. Информирование педагогов", "", "Постоянно", "Методисты"],
        ["", "1.2. Освещение мероприятий на сайте", "Ежемесячно", "Методисты"],
        ["2", "2022 год: анализ", "Май", "РМК"],
    ]
    parsed = importers.parse_docx(docx_with_table(rows), today=TODAY)
    assert [(r.number, r.activity) for r in parsed.rows] == [
        ("1.1.", "Информирование педагогов"),
        ("1.2.", "Освещение мероприятий на сайте"),
        ("2", "2022 год: анализ"),
    ]


def test_vertically_merged_responsible_is_repeated_and_not_taken_for_a_continuation():
    rows = [
        ["№", "Мероприятие", "Сроки", "Ответственные"],
        ["1", "Совещание", "Сентябрь", "Методисты РМК"],
        ["2", "Семинар", "Октябрь", ""],
        ["3", "Конференция", "Ноябрь", ""],
    ]
    document = docx.Document(io.BytesIO(docx_with_table(rows)))
    table = document.tables[0]
    table.cell(1, 3).merge(table.cell(3, 3))
    stream = io.BytesIO()
    document.save(stream)
    parsed = importers.parse_docx(stream.getvalue(), today=TODAY)
    assert [(r.number, r.responsible) for r in parsed.rows] == [
        ("1", "Методисты РМК"),
        ("2", "Методисты РМК"),
        ("3", "Методисты РМК"),
    ]


def test_the_first_table_with_the_headings_is_taken_and_a_repeated_header_is_skipped():
    document = docx.Document()
    passport = document.add_table(rows=2, cols=2)
    passport.cell(0, 0).text, passport.cell(0, 1).text = "Наименование", "Программа поддержки ШМО"
    passport.cell(1, 0).text, passport.cell(1, 1).text = "Сроки реализации", "2021-2024 годы"
    table = document.add_table(rows=4, cols=4)
    values = [
        ["№ пп", "Мероприятия", "Сроки выполнения", "Ответственные"],
        ["1.1.", "Совещание", "Сентябрь 2021", "Методисты"],
        ["№ пп", "Мероприятия", "Сроки выполнения", "Ответственные"],
        ["1.2.", "Семинар", "Октябрь 2021", "Методисты"],
    ]
    for r, row in enumerate(values):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    stream = io.BytesIO()
    document.save(stream)
    parsed = importers.parse_docx(stream.getvalue(), today=TODAY)
    assert [r.number for r in parsed.rows] == ["1.1.", "1.2."]
    assert parsed.period == (dt.date(2021, 1, 1), dt.date(2024, 12, 31))
    assert parsed.period_source == "stages"


def test_xlsx_heading_merged_across_and_cells_with_line_breaks():
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Пояснения"
    ws.append(["Это лист без таблицы"])
    ws = workbook.create_sheet("План")
    ws.append(["План работы РМК на 2023-2024 учебный год"])
    ws.append(["№", "Мероприятие", "Срок", "Ответственные", "Результат"])
    ws.append(["Раздел 1. Аналитическая работа"])
    ws.merge_cells("A3:E3")
    ws.append([1, "Анализ\nрезультатов ГИА", "Август\n2024", "Методисты", None])
    ws.append([1.2, "Мониторинг", "ежемесячно", "РМК", "Справка"])
    stream = io.BytesIO()
    workbook.save(stream)
    parsed = importers.parse_xlsx(stream.getvalue(), today=TODAY)
    assert parsed.title == "План работы РМК на 2023-2024 учебный год"
    assert parsed.kind == "plan"
    assert [(r.number, r.heading, r.activity, r.deadline) for r in parsed.rows] == [
        ("", True, "Раздел 1. Аналитическая работа", ""),
        ("1", False, "Анализ результатов ГИА", "Август 2024"),
        ("1.2", False, "Мониторинг", "ежемесячно"),
    ]


# --- Pasted text -----------------------------------------------------------------------------------------


def test_split_pasted_honours_excel_quotes_only_where_excel_puts_them():
    text = (
        '1\t"Семинар\nдля ""молодых"" педагогов"\tМай\tМетодисты\r\n'
        '2\t"Дорожная карта" реализации программы\tИюнь\tРМК\n'
        "\tпродолжение\t\t\n"
    )
    assert importers.split_pasted(text) == [
        ["1", 'Семинар\nдля "молодых" педагогов', "Май", "Методисты"],
        ["2", '"Дорожная карта" реализации программы', "Июнь", "РМК"],
        ["", "продолжение", "", ""],
    ]


def test_pasted_text_without_a_header_and_with_three_columns():
    text = "Совещание директоров\tСентябрь\tМетодисты\nАналитическая работа\nАнализ ГИА\tИюль\tРМК\n"
    parsed = importers.parse_text(text, today=TODAY)
    assert exported(parsed) == [
        {"number": "", "heading": False, "activity": "Совещание директоров", "deadline": "Сентябрь",
         "responsible": "Методисты", "result": ""},
        {"number": "", "heading": True, "activity": "Аналитическая работа", "deadline": "", "responsible": "",
         "result": ""},
        {"number": "", "heading": False, "activity": "Анализ ГИА", "deadline": "Июль", "responsible": "РМК",
         "result": ""},
    ]  # fmt: skip


def test_pasted_heading_with_trailing_tabs_from_excel_is_a_heading_not_a_continuation():
    text = (
        "№\tМероприятия\tСроки\tОтветственные\n"
        "\tАналитическая работа\t\t\n"
        "1\tАнализ\tМай\tРМК\n"
        "\tитогов года\t\t\n"
    )
    parsed = importers.parse_text(text, today=TODAY)
    assert [(r.heading, r.number, r.activity) for r in parsed.rows] == [
        (True, "", "Аналитическая работа"),
        (False, "1", "Анализ итогов года"),
    ]


# --- Documents that are not roadmaps ---------------------------------------------------------------------


def test_docx_without_a_roadmap_table_names_the_missing_columns():
    data = docx_with_table([["№", "Мероприятие", "Дата"], ["1", "Совещание", "01.09.2023"]])
    with pytest.raises(NotARoadmap) as error:
        importers.parse_file("plan.docx", data, today=TODAY)
    message = str(error.value)
    assert message.startswith(
        "В документе не найдена таблица с колонками «Мероприятие», «Сроки», «Ответственные»"
    )
    assert "нет колонки «Ответственные»" in message


def test_docx_without_any_table():
    document = docx.Document()
    document.add_paragraph("Дорожная карта на 2023-2024 учебный год")
    stream = io.BytesIO()
    document.save(stream)
    with pytest.raises(
        NotARoadmap, match="не найдена таблица с колонками «Мероприятие», «Сроки», «Ответственные»"
    ):
        importers.parse_file("plan.docx", stream.getvalue())


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("plan.docx", "Дорожная карта\tСроки\n".encode(), "не похож на документ Word"),
        ("plan.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "не похож на книгу Excel"),
        ("plan.pdf", b"%PDF-1.4", "не документ Word (.docx) и не книга Excel (.xlsx)"),
        ("plan.doc", b"\xd0\xcf\x11\xe0", "старого формата (.doc)"),
    ],
)
def test_files_that_are_not_what_they_say(name, data, message):
    with pytest.raises(NotARoadmap, match=re.escape(message)):
        importers.parse_file(name, data, today=TODAY)


def test_a_workbook_named_docx_is_read_as_a_workbook():
    parsed = importers.parse_file("seed000.docx", fixture_bytes("seed000.xlsx"), today=TODAY)
    assert parsed.source == "xlsx"
    assert exported(parsed) == expected_rows("seed000")


@pytest.mark.parametrize("text", ["", "   \n\t\n"])
def test_an_empty_paste(text):
    with pytest.raises(NotARoadmap, match="Вставленный текст пуст"):
        importers.parse_text(text)


def test_a_table_with_headings_only_has_no_rows():
    data = docx_with_table(
        [["№", "Мероприятие", "Сроки", "Ответственные"], ["Раздел", "", "", ""]], merge=[(1, 0, 3)]
    )
    with pytest.raises(NotARoadmap, match="нет ни одной строки с мероприятием"):
        importers.parse_docx(data)
