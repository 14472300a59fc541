"""Demo roadmaps for «Демонстрационный район»: one approved for the current academic year (its order
signed, the schools' reports of the year so far), one draft (its order on review with the head)."""

from __future__ import annotations

import datetime as dt

from directory.models import Organization, Person
from orders import services as order_services

from . import services
from .deadlines import academic_year_of
from .models import Occurrence, ProgressReport, Roadmap, RoadmapRow
from .order_services import roadmap_approval_order_create
from .progress import services as report_services
from .services import RowData

Progress = ProgressReport.Progress

H = "heading"
METHODIST_ROW = "{methodist}, методист РМК"  # the demo methodist's short name goes in
APPROVED_ROWS = [
    (H, "", "Нормативно-правовая деятельность", "", ""),
    ("", "1", "Обновление муниципальных положений о школьных и районных методических объединениях",
     "до 30 сентября", "Специалисты районного методического кабинета"),
    ("", "2", "Утверждение планов работы школьных методических объединений на учебный год",
     "до 15 сентября", "Руководители ОО"),
    ("", "3", "Экспертиза планов работы школьных методических объединений", "Октябрь",
     "Специалисты районного методического кабинета, руководители ШМО"),
    (H, "", "Организационно-методическая деятельность", "", ""),
    ("", "4", "Семинары для руководителей школьных методических объединений", "1 раз в четверть",
     "Специалисты районного методического кабинета, руководители РМО"),
    ("", "5", "Заседания районных методических объединений", "Ежемесячно", "Руководители РМО"),
    ("", "6", "Предметные недели в школах и отчёт о них", "1 раз в четверть", "Руководители ОО"),
    ("", "7", "Отчёт школ о работе ШМО", "Декабрь, май", "Руководители ОО"),
    ("", "7.1", "Заполнение школами мониторинга деятельности ШМО", "до 30 ноября", "Руководители ОО"),
    ("", "7.2", "Сводный отчёт по мониторингу ШМО", "до 15 декабря", METHODIST_ROW),
    ("", "8", "Консультации по вопросам методической работы", "По запросу",
     "Специалисты районного методического кабинета"),
    (H, "", "Аналитическая работа", "", ""),
    ("", "9", "Анализ результатов школьного этапа всероссийской олимпиады школьников", "до 31 октября",
     "Руководители ОО"),
    ("", "10", "Мониторинг деятельности школьных методических объединений", "Май",
     "Специалисты районного методического кабинета"),
    ("", "11", "Анализ результативных практик образовательных организаций района", "Июнь",
     "Специалисты районного методического кабинета, руководители ШМО"),
    ("", "12", "Обобщение и презентация опыта работы педагогов", "В течение года", "Руководители РМО и ШМО"),
]  # fmt: skip

DRAFT_ROWS = [
    (H, "1.", "Поддержка молодых педагогов", "", ""),
    ("", "1.1.", "Мониторинг адаптации молодых педагогов", "Январь", "Методисты РМК"),
    ("", "1.2.", "Муниципальный конкурс «Педагогический дебют»", "Март-апрель", "Методисты РМК"),
    ("", "1.3.", "Закрепление наставников за молодыми специалистами", "до 15 сентября", "Руководители ОО"),
]


def _rows(spec, *, methodist: str) -> list[RowData]:
    return [
        RowData(is_heading=kind == H, number=number, activity=activity, deadline_text=deadline,
                responsible_text=responsible.format(methodist=methodist))
        for kind, number, activity, deadline, responsible in spec
    ]  # fmt: skip


def seed_roadmaps(*, user, administrator, directors: dict[int, object], today: dt.date) -> list[Roadmap]:
    """Create the demo roadmaps unless they exist (matched by title); then give them a history once:
    the approving order signed, the schools' reports of the year so far, the plan's order on review.

    `user` is the demo methodist, `administrator` the head of the office who signs, `directors` the
    director's login of each school (by organization id)."""
    start, end = academic_year_of(today)
    years = f"{start.year}-{end.year}"
    office = Organization.objects.filter(kind=Organization.Kind.METHOD_OFFICE).first()
    methodist = Person.objects.filter(user=user).first()
    specs = [
        (
            "Дорожная карта по развитию и сопровождению школьных методических объединений "
            f"на {years} учебный год",
            Roadmap.Status.APPROVED,
            APPROVED_ROWS,
            "Повышение эффективности деятельности школьных методических объединений.",
        ),
        (
            f"План поддержки молодых педагогов на {years} учебный год",
            Roadmap.Status.DRAFT,
            DRAFT_ROWS,
            "Создание условий для профессионального роста молодых педагогов.",
        ),
    ]
    result = []
    for title, status, rows, goal in specs:
        roadmap = Roadmap.objects.filter(title=title).first()
        if roadmap is None:
            roadmap = services.roadmap_create(
                user=user,
                data={
                    "title": title,
                    "kind": Roadmap.Kind.PLAN if title.startswith("План") else Roadmap.Kind.ROADMAP,
                    "period_start": start,
                    "period_end": end,
                    "goal": goal,
                    "status": status,
                    "organization": office,
                },
                rows=_rows(rows, methodist=methodist.short_name if methodist else "Методист РМК"),
            )
            # The items for «Руководители ОО» are reported on by every school.
            for row in roadmap.rows.filter(responsible_text="Руководители ОО"):
                report_services.row_assign(user=user, row=row, scope="all")
        result.append(roadmap)
    approved, draft = result
    if approved.approving_order_id is None:
        _sign_approving_order(roadmap=approved, methodist=user, administrator=administrator, today=today)
    if not ProgressReport.objects.filter(occurrence__row__roadmap=approved).exists():
        _school_reports(roadmap=approved, methodist=user, directors=directors, today=today)
    if draft.approving_order_id is None:
        # The plan's approving order waits for the head's visa: «На подпись» on their start page.
        order = _ready_order(roadmap=draft, methodist=user)
        chief = Person.objects.filter(user=administrator).first()
        if chief is not None:
            order_services.order_send_for_review(user=user, order=order, approvers=[chief])
    return result


def _ready_order(*, roadmap: Roadmap, methodist):
    order = roadmap_approval_order_create(user=methodist, roadmap=roadmap)
    if not order.executor_phone:
        phone = order_services.phone_of(Person.objects.filter(user=methodist).first()) or "8 (86192) 5-10-12"
        order = order_services.order_update(user=methodist, order=order, data={"executor_phone": phone})
    return order


def _sign_approving_order(*, roadmap: Roadmap, methodist, administrator, today: dt.date) -> None:
    """The order approving the roadmap, dated just before its year began, signed by the head."""
    order = _ready_order(roadmap=roadmap, methodist=methodist)
    date = min(today, roadmap.period_start - dt.timedelta(days=5))
    order = order_services.order_update(user=methodist, order=order, data={"date": date})
    order_services.order_sign(user=administrator, order=order, today=today)


# What the schools did with each item, by (school's place + item's age): mostly accepted for the items
# due a while ago; sent, returned and drafts among the recent ones; some sent early for an item due soon;
# and the odd one not reported at all.
OLDER = ["accepted", "accepted", "accepted", "accepted", "returned", "accepted", "none", "submitted"]
RECENT = [
    "accepted",
    "submitted",
    "accepted",
    "returned",
    "accepted",
    "draft",
    "accepted",
    "none",
    "submitted",
]
UPCOMING = ["submitted", "draft", "none", "none", "accepted", "draft", "none"]
SCHOOL_COMMENTS = [
    "Проведено, материалы размещены на сайте школы.",
    "Выполнено в полном объёме, протокол заседания ШМО прилагается.",
    "Проведено с участием всех педагогов школы.",
    "Выполнено, справка о проведении направлена в РМК.",
]
RETURN_COMMENTS = [
    "Приложите протокол заседания ШМО и укажите количество участников.",
    "В отчёте нет анализа результатов. Дополните, пожалуйста.",
    "Ссылка на материалы не открывается — проверьте доступ.",
]


def _school_reports(*, roadmap: Roadmap, methodist, directors: dict[int, object], today: dt.date) -> None:
    """The school reports of the year so far, through the same services as the pages."""
    occurrences = list(
        Occurrence.objects.filter(
            row__roadmap=roadmap,
            row__report_scope=RoadmapRow.ReportScope.ALL,
            is_active=True,
            due_date__lte=today + dt.timedelta(days=14),
        )
        .select_related("row__roadmap")
        .order_by("due_date", "row__position")
    )
    schools = list(report_services.reporting_schools().order_by("short_name"))
    for age, occurrence in enumerate(reversed(occurrences)):  # age 0: the latest
        if occurrence.due_date > today:
            plan = UPCOMING
        else:
            plan = RECENT if occurrence.due_date > today - dt.timedelta(days=45) else OLDER
        for place, school in enumerate(schools):
            director = directors.get(school.pk)
            state = plan[(place + 3 * age) % len(plan)]
            if director is None or state == "none":
                continue
            done_on = min(today, occurrence.due_date) - dt.timedelta(days=(place + age) % 6)
            report = report_services.report_save(
                user=director,
                occurrence=occurrence,
                organization=school,
                data={
                    "progress": Progress.DONE if state != "draft" else Progress.IN_PROGRESS,
                    "comment": SCHOOL_COMMENTS[(place + age) % len(SCHOOL_COMMENTS)],
                    "done_on": done_on if state != "draft" else None,
                },
                version=None,
                today=today,
            )
            if state == "draft":
                continue
            report = report_services.report_submit(user=director, report=report, version=report.version)
            if state == "accepted":
                report_services.report_accept(user=methodist, report=report, version=report.version)
            elif state == "returned":
                comment = RETURN_COMMENTS[(place + age) % len(RETURN_COMMENTS)]
                report_services.report_return(
                    user=methodist, report=report, version=report.version, comment=comment
                )
