"""Hand-made OrderDocuments from the real Мостовской order (tests/fixtures/roadmaps/000_*.txt), no database.

Used by the PDF/DOCX tests and by bench/bench_pdf.py; the other engineers may build on them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
from pathlib import Path

from orders.document import (
    Appendix,
    OrderDocument,
    OrderLayout,
    Point,
    QualifiedSignature,
    SimpleSignature,
)
from roadmaps.order_table import intro as roadmap_intro
from roadmaps.order_table import table as roadmap_table

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "roadmaps"
MOSCOW = dt.timezone(dt.timedelta(hours=3))

ISSUER = "РАЙОННОЕ УПРАВЛЕНИЕ ОБРАЗОВАНИЕМ АДМИНИСТРАЦИИ МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ МОСТОВСКИЙ РАЙОН"
ISSUER_GENITIVE = (
    "районного управления образованием администрации муниципального образования Мостовский район"
)
HEADING = (
    "Об утверждении дорожной карты по развитию и сопровождению школьных методических объединений "
    "образовательных организаций Мостовского района"
)
PREAMBLE = (
    "На основании реализации плана работы районного управления образованием администрации муниципального "
    "образования Мостовский район, с целью повышения эффективности деятельности школьных методических "
    "объединений"
)
POINTS = (
    Point(
        "1.",
        "Утвердить дорожную карту по развитию и сопровождению школьных методических объединений "
        "на 2022-2023 год (приложение).",
    ),
    Point(
        "2.",
        "Контроль за выполнением настоящего приказа возложить на заведующего районным методическим "
        "кабинетом Волкову Е.В.",
    ),
    Point("3.", "Приказ вступает в силу с момента его подписания."),
)
APPENDIX_TITLE = (
    "Дорожная карта по развитию и сопровождению школьных методических объединений на 2022-2023 учебный год"
)
GOAL = "повышение эффективности деятельности школьных методических объединений."
TASKS = (
    "- создание условий для совершенствования технологий, методики и форм организации образовательной "
    "деятельности;\n"
    "- развитие мотивации деятельности педагогов в профессиональных сообществах;\n"
    "- обобщение педагогического опыта, его трансляция и внедрение в практику работы педагогов "
    "образовательных организаций Мостовского района."
)
VERIFY_URL = "https://metodkabinet.mostovskoy.example/orders/verify/8f3c2a71d9e04b6f"
DATE = dt.date(2022, 8, 30)
NUMBER = "344"


def load_rows(name: str) -> list[dict]:
    """Rows of tests/fixtures/roadmaps/<name>.rows.json (seed000: 26 rows, seed001: 57 rows)."""
    return json.loads((FIXTURES / f"{name}.rows.json").read_text(encoding="utf-8"))


def table_row(
    number: str, activity: str, deadline: str = "", responsible: str = "", result: str = "", *, heading=False
):
    """A roadmap row as the roadmap table builder reads it."""
    return {
        "number": number,
        "activity": activity,
        "deadline": deadline,
        "responsible": responsible,
        "result": result,
        "heading": heading,
    }


def table_rows(rows: list[dict]) -> tuple[dict, ...]:
    return tuple(
        table_row(
            row["number"],
            row["activity"],
            row.get("deadline", ""),
            row.get("responsible", ""),
            row.get("result", ""),
            heading=bool(row.get("heading")),
        )
        for row in rows
    )


def roadmap_appendix(
    name: str = "seed000",
    *,
    with_result_column: bool | None = None,
    rows=None,
    landscape: bool = True,
    goal: str = GOAL,
    tasks: str = TASKS,
    title: str = APPENDIX_TITLE,
    approval_word: str = "Утверждена",
) -> Appendix:
    """The fixture's rows as an appendix (built by roadmaps' table builder): seed000 with 4 columns,
    seed001 with 5 (empty result)."""
    if with_result_column is None:
        with_result_column = name != "seed000"
    return Appendix(
        title=title,
        approval_word=approval_word,
        table=roadmap_table(
            table_rows(load_rows(name)) if rows is None else rows,
            landscape=landscape,
            with_result_column=with_result_column,
        ),
        landscape=landscape,
        intro=roadmap_intro(goal, tasks),
    )


def synthetic_rows(count: int) -> tuple[dict, ...]:
    """`count` rows built from seed001's texts, a heading every 12 rows (for the benchmark)."""
    source = [row for row in load_rows("seed001") if not row["heading"]]
    rows: list[dict] = []
    section = 0
    number = 0
    while len(rows) < count:
        if len(rows) % 12 == 0:
            section += 1
            number = 0
            rows.append(table_row(f"{section}.", f"Раздел {section}. Направление работы", heading=True))
            continue
        number += 1
        row = source[len(rows) % len(source)]
        rows.append(
            table_row(
                f"{section}.{number}.",
                row["activity"],
                row["deadline"],
                row["responsible"],
                "Повышение профессиональной компетентности педагогов",
            )
        )
    return tuple(rows)


def simple_signature() -> SimpleSignature:
    return SimpleSignature(
        signer_name="Богинский Юрий Николаевич",
        signer_position="начальник районного управления образованием",
        signed_at=dt.datetime(2022, 8, 30, 7, 15, tzinfo=dt.UTC),  # 10:15 in Moscow
        content_sha256=hashlib.sha256(b"order 344").hexdigest(),
        verify_url=VERIFY_URL,
    )


def qualified_signature() -> QualifiedSignature:
    return QualifiedSignature(
        certificate_serial="01d8a3f09c2be4700000000a4f2c19",
        owner="Богинский Юрий Николаевич",
        valid_from=dt.date(2022, 3, 1),
        valid_to=dt.date(2023, 6, 1),
        signed_at=dt.datetime(2022, 8, 30, 10, 15, tzinfo=MOSCOW),
    )


def order(*, appendices: tuple[Appendix, ...] | None = None, **changes) -> OrderDocument:
    """The Мостовской order № 344 of 30.08.2022, registered and unsigned; `changes` override fields."""
    document = OrderDocument(
        issuer_name=ISSUER,
        issuer_genitive=ISSUER_GENITIVE,
        issuer_instrumental=ISSUER_GENITIVE,
        heading=HEADING,
        date=DATE,
        number=NUMBER,
        place="пгт Мостовской",
        preamble=PREAMBLE,
        points=POINTS,
        signatory_position="Начальник районного управления образованием",
        signatory_name="Ю.Н. Богинский",
        executor_name="Волкова Елена Викторовна",
        executor_phone="8 (86192) 5-14-46",
        appendices=(roadmap_appendix("seed000"),) if appendices is None else appendices,
        verify_url=VERIFY_URL,
        is_draft=False,
    )
    return dataclasses.replace(document, **changes)


def draft_order(**changes) -> OrderDocument:
    return order(date=None, number="", is_draft=True, signature=None, **changes)


# ---------------------------------------------------------------- the variants the PDF tests render once

LONG_ROW_TEXT = (
    "Организация сетевого взаимодействия школьных методических объединений с учётом результатов "
    "мониторинга профессиональных дефицитов педагогов, проведение открытых уроков, мастер-классов, "
    "педагогических мастерских и семинаров-практикумов для учителей всех предметных областей; "
) * 30
UPLOADED_MARKER = "Лист загруженного документа"


def _uploaded_pdf() -> bytes:
    """Two pages (portrait, landscape) as an office would upload them: Liberation Serif, inside A4 margins."""
    from weasyprint import HTML

    html = (
        "<style>@page{size:A4;margin:25mm} @page wide{size:A4 landscape} "
        "body{font-family:'Liberation Serif';font-size:14pt} .w{page:wide}</style>"
        f"<p>{UPLOADED_MARKER} 1. Положение о школьном методическом объединении.</p>"
        f"<p class='w'>{UPLOADED_MARKER} 2. Таблица показателей.</p>"
    )
    return HTML(string=html).write_pdf()


def long_order() -> OrderDocument:
    """Higher body, a heading of five lines, points on four levels (with «ё»), a row taller than a page."""
    children = []
    for i in range(4, 7):
        children.append(
            Point(
                f"{i}.",
                "Руководителям общеобразовательных организаций обеспечить участие педагогических работников "
                "в заседаниях районных методических объединений согласно графику и учёт результатов "
                "их работы при планировании деятельности школьных методических объединений. " * 3,
                children=(
                    Point(
                        f"{i}.1.",
                        "Заместителям руководителей по учебно-методической работе представить в районный "
                        "методический кабинет отчёт о работе школьных методических объединений " * 2,
                        children=(
                            Point(
                                f"{i}.1.1.",
                                "Отчёт представить в электронном виде до 25 числа месяца, следующего "
                                "за отчётным периодом",
                                children=(
                                    Point(f"{i}.1.1.1.", "Четвёртый уровень: ответственный — Е.В. Волкова."),
                                ),
                            ),
                        ),
                    ),
                ),
            )
        )
    url = "https://mostovskoy-rmk.example.ru/metodicheskie-obedineniya/dokumenty/2022-2023/dorozhnaya-karta-shmo.pdf"
    children.append(
        Point("7.", f"Разместить настоящий приказ на сайте районного методического кабинета: {url}.")
    )
    rows = (
        table_row("1", LONG_ROW_TEXT, "В течение года", "Руководители ШМО"),
        *table_rows(load_rows("seed000"))[:6],
        table_row("21", f"Публикация материалов: {url}", "Ежемесячно", url),
    )
    return order(
        higher_body="АДМИНИСТРАЦИЯ МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ МОСТОВСКИЙ РАЙОН",
        heading=(
            "Об утверждении дорожной карты по развитию и сопровождению школьных методических объединений "
            "образовательных организаций Мостовского района, плана-графика заседаний районных методических "
            "объединений и порядка мониторинга их деятельности на 2022-2023 учебный год."
        ),
        points=POINTS + tuple(children),
        appendices=(
            Appendix(title="План мероприятий", approval_word="Утвержден", table=roadmap_table(rows)),
        ),
        signature=simple_signature(),
    )


@dataclasses.dataclass(frozen=True)
class Variant:
    name: str
    document: OrderDocument
    layout: OrderLayout


def variants() -> dict[str, Variant]:
    """The orders the checklist tests render once per session (see rendered_pdf)."""
    base = OrderLayout()
    two = (roadmap_appendix("seed000"), roadmap_appendix("seed001", approval_word=""))
    items = [
        Variant("simple", order(signature=simple_signature()), base),
        Variant(
            "qualified",
            order(signature=qualified_signature(), appendices=(roadmap_appendix("seed001"),)),
            base,
        ),
        Variant("draft", draft_order(), base),
        Variant(
            "verbal",
            order(signature=simple_signature(), appendices=(roadmap_appendix("seed001"),)),
            dataclasses.replace(base, date_format="verbal"),
        ),
        Variant("spaced", order(), dataclasses.replace(base, prikazyvayu_style="spaced", qr_code=False)),
        Variant(
            "restart",
            order(signature=simple_signature(), appendices=two),
            dataclasses.replace(base, appendix_page_numbers="restart"),
        ),
        Variant("several", order(appendices=two), base),
        Variant("long", long_order(), base),
        Variant(
            "uploaded",
            order(
                signature=qualified_signature(),
                appendices=(
                    Appendix(
                        title="Положение о школьном методическом объединении",
                        approval_word="Утверждено",
                        pdf=_uploaded_pdf(),
                    ),
                    roadmap_appendix("seed000", landscape=False),
                    Appendix(
                        title="Состав рабочей группы",
                        text="1. Волкова Елена Викторовна — заведующий районным методическим кабинетом.\n"
                        "2. Петров Андрей Иванович — директор МБОУ «СОШ № 1».",
                    ),
                ),
            ),
            base,
        ),
    ]
    return {item.name: item for item in items}


@functools.cache
def rendered_pdf(name: str) -> bytes:
    """The PDF of variants()[name], rendered once per process."""
    from orders.pdf import render_order_pdf

    variant = variants()[name]
    return render_order_pdf(variant.document, variant.layout)
