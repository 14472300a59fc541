"""A small ШМО work plan as Word and Excel files, the shape heads bring (№, мероприятие, сроки,
ответственные, результат; sections merged across)."""

from __future__ import annotations

import io

import docx
from openpyxl import Workbook

TITLE = "План работы ШМО учителей математики на 2026-2027 учебный год"
HEADER = ["№ п/п", "Мероприятие", "Сроки", "Ответственные", "Ожидаемый результат"]
ROWS = [
    ["1.", "Организационная работа", "", "", ""],
    ["1.1.", "Заседание ШМО: утверждение плана работы", "сентябрь", "Руководитель ШМО", "Протокол"],
    ["1.2.", "Проверка рабочих программ", "до 15 сентября", "Руководитель ШМО", "Справка"],
    ["2.", "Работа с одарёнными детьми", "", "", ""],
    ["2.1.", "Школьный этап олимпиады по математике", "октябрь", "Учителя математики", "Протокол"],
    ["2.2.", "Взаимопосещение уроков", "в течение года", "Учителя ШМО", "Анализ уроков"],
]
HEADING_ROWS = (1, 4)  # table rows (after the header) holding a section


def plan_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=len(ROWS) + 1, cols=len(HEADER))
    for r, values in enumerate([HEADER, *ROWS]):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    for r in HEADING_ROWS:
        text = table.cell(r, 1).text
        table.cell(r, 1).merge(table.cell(r, 4)).text = text
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def plan_xlsx() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([TITLE])
    sheet.append(HEADER)
    for values in ROWS:
        sheet.append(values)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
