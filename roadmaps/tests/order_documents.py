"""Word documents shaped like real orders with a roadmap after them, built for the tests."""

from __future__ import annotations

import io

import docx

ROADMAP_ROWS = [
    ("№", "Мероприятия", "Сроки", "Ответственные"),
    ("1", "Заседание РМО учителей математики", "Ежемесячно", "Руководитель РМО"),
    ("2", "Семинар для молодых педагогов", "Октябрь 2023 г.", "Специалисты районного методического кабинета"),
]

SUBPOINTS_ORDER = [
    "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ТЕСТОВОГО РАЙОНА",
    "ПРИКАЗ",
    "01.09.2023\t\t\t№ 212",
    "г. Энск",
    "Об утверждении дорожной карты по сопровождению молодых педагогов",
    "В целях методического сопровождения молодых педагогов образовательных организаций района",
    "ПРИКАЗЫВАЮ:",
    "1. Утвердить дорожную карту по сопровождению молодых педагогов на 2023-2024 учебный год (приложение).",
    "2. Районному методическому кабинету обеспечить выполнение мероприятий дорожной карты.",
    "3. Руководителям общеобразовательных организаций:",
    "3.1. Назначить наставников молодым педагогам в срок до 15.09.2023;",
    "3.2. Обеспечить участие молодых педагогов в мероприятиях дорожной карты.",
    "4. Контроль исполнения приказа возложить на методиста районного методического кабинета Волкову Е.В.",
    "Начальник управления\t\t\tЮ.Н. Богинский",
    "Исполнитель: методист Волкова Е.В.",
]


def docx_bytes(paragraphs: list[str], rows=ROADMAP_ROWS) -> bytes:
    """One paragraph per line, then the roadmap table."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def subpoints_order_docx() -> bytes:
    """An order whose point 3 has sub-points 3.1 and 3.2, and «Контроль исполнения …» as point 4."""
    return docx_bytes(SUBPOINTS_ORDER)
