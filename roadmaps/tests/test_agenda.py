"""The agenda («Календарь сроков»): overdue and upcoming due dates of the roadmaps a user sees.

Today is Sunday 22.11.2026 (conftest.TODAY): «На этой неделе» is that one day, «В этом месяце» runs to
30.11, «Просрочено» reaches back 8 weeks (27.09.2026), «Позже» 90 days ahead (20.02.2027).
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from conftest import TODAY
from roadmaps import agenda, services
from roadmaps.filters import AgendaFilter
from roadmaps.models import Roadmap, RoadmapRow
from roadmaps.services import RowData

from .factories import make_roadmap

THIS_YEAR = (dt.date(2026, 9, 1), dt.date(2027, 8, 31))


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def plan(district, methodist):
    """An approved plan of this academic year; rows 3 and 6 concern particular schools."""
    roadmap = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        title="План работы РМК на 2026-2027 учебный год",
        period=THIS_YEAR,
        status=Roadmap.Status.APPROVED,
        rows=[
            RowData(activity="Организационная работа", is_heading=True),
            RowData(
                number="1",
                activity="Совещание руководителей ШМО",
                deadline_text="Ежемесячно",
                responsible_text="Волкова Е.В., методист",
            ),
            RowData(number="2", activity="Мониторинг сайтов школ", deadline_text="до 25 числа ежемесячно"),
            RowData(
                number="3", activity="Отчёт о работе с одарёнными детьми", deadline_text="1 раз в четверть"
            ),
            RowData(number="4", activity="Сбор заявок на курсы", deadline_text="до 20 ноября"),
            RowData(number="5", activity="Проверка журналов", deadline_text="до 22 ноября"),
            RowData(number="6", activity="Семинар для молодых педагогов", deadline_text="до 30 ноября"),
            RowData(number="7", activity="Консультации", deadline_text="По запросу"),
        ],
    )
    rows = {r.number: r for r in roadmap.rows.exclude(number="")}
    rows["2"].report_scope = RoadmapRow.ReportScope.ALL
    rows["2"].save()
    rows["3"].report_scope = RoadmapRow.ReportScope.SELECTED
    rows["3"].save()
    rows["3"].report_schools.add(district["school_a"])
    rows["6"].responsible_organizations.add(district["school_b"])
    rows["4"].responsible_people.add(district["people"]["teacher_a"])
    return roadmap


@pytest.fixture
def draft(district, methodist):
    return make_roadmap(
        user=methodist,
        organization=district["method_office"],
        title="Черновик плана наставничества",
        period=THIS_YEAR,
        rows=[RowData(number="1", activity="Встреча наставников", deadline_text="до 24 ноября")],
    )


def lines(group) -> list[tuple[str, str]]:
    return [(item.due_date.strftime("%d.%m"), item.row.number) for item in group.items]


def agenda_of(user, today=TODAY, data=None, **window):
    roadmaps = agenda.roadmaps_for_agenda(user)
    filterset = AgendaFilter(data, queryset=agenda.occurrences_for_user(user), user=user, roadmaps=roadmaps)
    return agenda.build_agenda(filterset.qs, today=today, **window)


def page_lines(response) -> list[str]:
    """Each agenda line as the user reads it: date, roadmap, number and activity, responsible."""
    page = response.content.decode()
    rows = re.findall(r'<tr data-row="\d+">(.*?)</tr>', page, re.S)
    cells = [re.findall(r"<td[^>]*>(.*?)</td>", r, re.S) for r in rows]
    return [" | ".join(" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in row) for row in cells]


def section(response, key) -> str:
    page = response.content.decode()
    match = re.search(rf'<section class="mb-4" data-group="{key}">(.*?)</section>', page, re.S)
    return match.group(1) if match else ""


# --- Grouping with an explicit today ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_agenda_groups_due_dates_into_overdue_this_week_this_month_and_later(plan, methodist):
    result = agenda_of(methodist)
    overdue, week, month, later = result.groups
    assert [g.title for g in result.groups] == ["Просрочено", "На этой неделе", "В этом месяце", "Позже"]
    # 30.09 is inside the 8 weeks (from 27.09); 25.09 is not.
    assert lines(overdue) == [
        ("30.09", "1"),
        ("25.10", "2"),
        ("31.10", "1"),
        ("31.10", "3"),
        ("20.11", "4"),
    ]
    assert lines(week) == [("22.11", "5")]
    assert lines(month) == [("25.11", "2"), ("30.11", "1"), ("30.11", "6")]
    assert lines(later) == [
        ("25.12", "2"),
        ("31.12", "1"),
        ("31.12", "3"),
        ("25.01", "2"),
        ("31.01", "1"),
    ]
    assert (result.start, result.end) == (dt.date(2026, 9, 27), dt.date(2027, 2, 20))
    assert all(item.overdue for item in overdue.items)
    assert not any(item.overdue for item in week.items + month.items + later.items)


@pytest.mark.django_db
def test_on_a_wednesday_this_week_runs_to_sunday_and_the_month_after_it(plan, methodist):
    _, week, month, _ = agenda_of(methodist, today=dt.date(2026, 11, 18)).groups
    assert lines(week) == [("20.11", "4"), ("22.11", "5")]
    assert lines(month) == [("25.11", "2"), ("30.11", "1"), ("30.11", "6")]


@pytest.mark.django_db
def test_a_date_range_replaces_the_default_window(plan, methodist):
    result = agenda_of(methodist, date_from=dt.date(2026, 9, 1), date_to=dt.date(2026, 9, 30))
    assert lines(result.overdue) == [("25.09", "2"), ("30.09", "1")]
    assert all(not g.items for g in result.groups[1:])


@pytest.mark.django_db
def test_the_window_can_be_narrowed_by_weeks_back_and_horizon(plan, methodist):
    result = agenda_of(methodist, weeks_back=1, horizon_days=10)
    assert lines(result.overdue) == [("20.11", "4")]
    assert lines(result.groups[3]) == []
    assert result.end == dt.date(2026, 12, 2)


@pytest.mark.django_db
def test_drafts_are_in_the_methodists_agenda_but_never_in_a_directors(plan, draft, methodist, director_a):
    assert ("24.11", "1") in lines(agenda_of(methodist).groups[2])
    titles = {i.roadmap.title for g in agenda_of(director_a).groups for i in g.items}
    assert titles == {plan.title}


@pytest.mark.django_db
def test_archived_roadmaps_are_left_out_of_a_directors_agenda(plan, methodist, director_a):
    services.roadmap_update(user=methodist, roadmap=plan, data={"status": Roadmap.Status.ARCHIVED})
    assert agenda_of(director_a).total == 0
    assert agenda_of(methodist).total > 0


# --- Filters ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_filter_by_roadmap(plan, draft, methodist):
    result = agenda_of(methodist, data={"roadmap": str(draft.pk)})
    assert [lines(g) for g in result.groups] == [[], [], [("24.11", "1")], []]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("волкова", {"1"}),  # responsible text, lower case
        ("Иванова", {"4"}),  # a linked responsible person
        ("методист", {"1"}),
        ("Никто", set()),
    ],
)
def test_filter_by_responsible_text_or_linked_person(plan, methodist, text, numbers):
    result = agenda_of(methodist, data={"responsible": text})
    assert {i.row.number for g in result.groups for i in g.items} == numbers


@pytest.mark.django_db
def test_filter_by_school_keeps_rows_of_all_schools_of_that_school_and_where_it_is_responsible(
    plan, district, methodist
):
    def numbers(school):
        result = agenda_of(methodist, data={"school": str(district[school].pk)})
        return {i.row.number for g in result.groups for i in g.items}

    assert numbers("school_a") == {"2", "3"}  # all schools + its own report
    assert numbers("school_b") == {"2", "6"}  # all schools + responsible organization


# --- The page ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_each_line_shows_the_date_with_weekday_the_roadmap_link_the_activity_and_who_is_responsible(
    plan, methodist_client
):
    response = methodist_client.get("/roadmaps/agenda/")
    assert response.status_code == 200
    row = plan.rows.get(number="1")
    assert (
        "30.11.2026, пн | 1 Совещание руководителей ШМО План работы РМК на 2026-2027 учебный год | "
        "Волкова Е.В., методист" in page_lines(response)
    )
    assert f'href="/roadmaps/{plan.pk}/#row-{row.pk}"' in response.content.decode()
    assert "20.11.2026, пт" in section(response, "overdue")
    assert "Проверка журналов" in section(response, "week")
    assert "Консультации" not in response.content.decode()  # «По запросу» has no date


@pytest.mark.django_db
def test_the_page_filters_by_a_date_range_and_by_responsible(plan, methodist_client):
    response = methodist_client.get("/roadmaps/agenda/?date_from=2026-12-01&date_to=2026-12-31")
    assert [line.split(" | ")[0] for line in page_lines(response)] == [
        "25.12.2026, пт",
        "31.12.2026, чт",
        "31.12.2026, чт",
    ]
    assert "Сроки с 01.12.2026 по 31.12.2026" in response.content.decode()
    response = methodist_client.get(
        "/roadmaps/agenda/?date_from=2026-12-01&date_to=2026-12-31&responsible=Волкова"
    )
    assert [line.split(" | ")[0] for line in page_lines(response)] == ["31.12.2026, чт"]


@pytest.mark.django_db
def test_a_wrong_date_in_the_filter_is_explained_and_the_default_window_stays(plan, methodist_client):
    response = methodist_client.get("/roadmaps/agenda/?date_from=2026-13-01")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Неправильная дата" in page
    assert "Сроки с 27.09.2026 по 20.02.2027" in page


@pytest.mark.django_db
def test_director_sees_the_deadlines_of_their_school_by_default_and_may_widen_to_all(
    plan, draft, district, director_a_client
):
    page = director_a_client.get("/roadmaps/agenda/").content.decode()
    assert f'<option value="{district["school_a"].pk}" selected>' in page
    assert "Мониторинг сайтов школ" in page
    assert "Отчёт о работе с одарёнными детьми" in page
    assert "Совещание руководителей ШМО" not in page
    assert "Встреча наставников" not in page  # a draft
    everything = director_a_client.get("/roadmaps/agenda/?school=").content.decode()
    assert "Совещание руководителей ШМО" in everything
    assert "Встреча наставников" not in everything


@pytest.mark.django_db
def test_the_month_view_puts_the_deadlines_into_a_monday_to_sunday_grid(plan, methodist_client):
    response = methodist_client.get("/roadmaps/agenda/?view=month&month=2026-11")
    page = response.content.decode()
    assert re.findall(r'<th class="text-center small">(\S+)</th>', page) == [
        "Пн",
        "Вт",
        "Ср",
        "Чт",
        "Пт",
        "Сб",
        "Вс",
    ]
    assert "Ноябрь 2026" in page
    dates = re.findall(r'data-date="([\d-]+)"', page)
    assert (dates[0], dates[-1], len(dates)) == ("2026-10-26", "2026-12-06", 42)

    def cell(day):
        return re.search(rf'data-date="{day}">(.*?)</td>', page, re.S).group(1)

    assert "Совещание руководителей ШМО" in cell("2026-11-30")
    assert "Семинар для молодых педагогов" in cell("2026-11-30")
    assert "сегодня" in cell("2026-11-22")
    assert "Проверка журналов" in cell("2026-11-22")
    assert "text-danger" in cell("2026-11-20")  # overdue
    assert cell("2026-11-23").count("occurrence") == 0
    assert "month=2026-10" in page and "month=2026-12" in page


@pytest.mark.django_db
def test_the_month_view_starts_at_todays_month_and_follows_the_filters(plan, draft, methodist_client):
    page = methodist_client.get(f"/roadmaps/agenda/?view=month&roadmap={draft.pk}").content.decode()
    assert "Ноябрь 2026" in page
    assert "Встреча наставников" in page
    assert "Совещание руководителей ШМО" not in page


@pytest.mark.django_db
def test_a_crowded_day_shows_a_few_deadlines_and_links_to_the_rest(district, methodist, methodist_client):
    make_roadmap(
        user=methodist,
        organization=district["method_office"],
        period=THIS_YEAR,
        rows=[RowData(number=str(i), activity=f"Отчёт {i}", deadline_text="до 30 ноября") for i in range(7)],
    )
    page = methodist_client.get("/roadmaps/agenda/?view=month&month=2026-11").content.decode()
    assert "ещё 3" in page
    assert "date_from=2026-11-30" in page and "date_to=2026-11-30" in page


@pytest.mark.django_db
def test_administrator_and_teacher_can_open_the_agenda(plan, administrator_client, teacher_a_client):
    assert "Совещание руководителей ШМО" in administrator_client.get("/roadmaps/agenda/").content.decode()
    assert "Совещание руководителей ШМО" in teacher_a_client.get("/roadmaps/agenda/").content.decode()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_from_the_agenda(anonymous_client):
    response = anonymous_client.get("/roadmaps/agenda/?view=month")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/roadmaps/agenda/")


# --- Constant number of queries -------------------------------------------------------------------------


def _roadmaps_with_monthly_rows(user, organization, n_rows, n_roadmaps=2):
    for r in range(n_roadmaps):
        make_roadmap(
            user=user,
            organization=organization,
            title=f"План {r}",
            period=THIS_YEAR,
            status=Roadmap.Status.APPROVED,
            rows=[
                RowData(
                    number=str(i + 1),
                    activity=f"Мероприятие {i + 1}",
                    deadline_text="Ежемесячно" if i % 2 else "1 раз в четверть",
                    responsible_text="Руководители ОО",
                )
                for i in range(n_rows // n_roadmaps)
            ],
        )


# session, user, roles, person, the roadmap and school options (2), the occurrences; session save (3)
AGENDA_QUERIES = 11  # includes the navbar bell (unread notices)


@pytest.mark.django_db
@pytest.mark.parametrize("n_rows", [10, 300])
@pytest.mark.parametrize("url", ["/roadmaps/agenda/", "/roadmaps/agenda/?view=month&month=2026-11"])
def test_the_agenda_runs_the_same_number_of_queries_for_10_and_300_rows(
    district, methodist, methodist_client, django_assert_max_num_queries, n_rows, url
):
    _roadmaps_with_monthly_rows(methodist, district["method_office"], n_rows)
    with django_assert_max_num_queries(AGENDA_QUERIES):
        response = methodist_client.get(url)
    assert response.status_code == 200
    monthly_rows = 2 * sum(1 for i in range(n_rows // 2) if i % 2)
    if "month" in url:  # November holds one date of every monthly row
        assert f'title="Сроков в этом месяце">{monthly_rows}<' in response.content.decode()
    else:  # every date counted, at most GROUP_SHOWN lines of a group shown
        total = int(re.search(r"всего (\d+)", response.content.decode()).group(1))
        assert total > monthly_rows
        assert len(page_lines(response)) <= min(total, 4 * agenda.GROUP_SHOWN)


@pytest.mark.django_db
@pytest.mark.parametrize("n_rows", [10, 300])
def test_a_directors_filtered_agenda_runs_the_same_number_of_queries(
    district, methodist, director_a_client, django_assert_max_num_queries, n_rows
):
    _roadmaps_with_monthly_rows(methodist, district["method_office"], n_rows)
    # + one query validating the default school
    with django_assert_max_num_queries(AGENDA_QUERIES + 1):
        response = director_a_client.get("/roadmaps/agenda/?responsible=Руководители")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("n_rows", [10, 300])
def test_one_group_by_pages_runs_the_same_number_of_queries(
    district, methodist, methodist_client, director_a_client, django_assert_max_num_queries, n_rows
):
    _roadmaps_with_monthly_rows(methodist, district["method_office"], n_rows)
    # + the group's count
    with django_assert_max_num_queries(AGENDA_QUERIES + 1):
        response = methodist_client.get("/roadmaps/agenda/?group=later&page=2")
    assert response.status_code == 200
    shown = len(page_lines(response))  # 10 rows: one page, shown for page 2; 300 rows: a full page 2
    assert shown == agenda.PAGE_SIZE if n_rows == 300 else 0 < shown < agenda.PAGE_SIZE
    with django_assert_max_num_queries(AGENDA_QUERIES + 2):  # + the default school, the count
        response = director_a_client.get("/roadmaps/agenda/?group=later&responsible=Руководители")
    assert response.status_code == 200


# --- Capped groups and one group by pages ---------------------------------------------------------------


@pytest.fixture
def capped(monkeypatch):
    """Three lines a group in the list, two a page of one group."""
    monkeypatch.setattr(agenda, "GROUP_SHOWN", 3)
    monkeypatch.setattr(agenda, "PAGE_SIZE", 2)


@pytest.mark.django_db
def test_a_long_group_shows_its_first_lines_and_counts_them_all(plan, methodist, capped):
    overdue, week, month, later = agenda_of(methodist).groups
    # Overdue: the most recent three of five, in date order; the others: the nearest.
    assert lines(overdue) == [("31.10", "1"), ("31.10", "3"), ("20.11", "4")]
    assert (overdue.total, overdue.hidden) == (5, 2)
    assert lines(later) == [("25.12", "2"), ("31.12", "1"), ("31.12", "3")]
    assert (later.total, later.hidden) == (5, 2)
    assert (week.total, week.hidden, month.total, month.hidden) == (1, 0, 3, 0)
    assert agenda_of(methodist).total == 14


@pytest.mark.django_db
def test_the_page_says_how_many_a_group_leaves_out_and_links_to_it_keeping_the_filters(
    plan, methodist_client, capped
):
    response = methodist_client.get("/roadmaps/agenda/?date_from=2026-09-01")
    overdue = section(response, "overdue")
    assert "20.11.2026, пт" in overdue and "25.09.2026, пт" not in overdue
    link = re.search(r'<a href="\?([^"]*)">Ещё 3 — показать</a>', overdue).group(1)
    assert set(link.split("&amp;")) == {"date_from=2026-09-01", "group=overdue"}
    assert 'data-testid="group-more"' not in section(response, "month")  # three dates, all shown
    assert "Ещё 2 — показать" in section(response, "later")
    assert "всего 15" in response.content.decode()


@pytest.mark.django_db
def test_one_group_alone_goes_by_pages_with_previous_and_next(plan, methodist_client, capped):
    def page(number):
        response = methodist_client.get(f"/roadmaps/agenda/?group=later&responsible=&page={number}")
        assert response.status_code == 200
        return response

    first = page(1)
    assert [line.split(" | ")[0] for line in page_lines(first)] == ["25.12.2026, пт", "31.12.2026, чт"]
    assert "1–2 из 5, страница 1 из 3" in first.content.decode()
    assert 'href="?group=later&amp;responsible=&amp;page=2" rel="next"' in first.content.decode()
    assert 'rel="prev"' not in first.content.decode()
    assert section(first, "overdue") == ""  # the other groups are not on the page
    second = page(2)
    assert [line.split(" | ")[1][:2] for line in page_lines(second)] == ["3 ", "2 "]
    assert 'page=1" rel="prev"' in second.content.decode()
    for last in (page(3), page(99)):  # a page past the last shows the last
        assert [line.split(" | ")[0] for line in page_lines(last)] == ["31.01.2027, вс"]
        assert "5–5 из 5, страница 3 из 3" in last.content.decode()
        assert 'rel="next"' not in last.content.decode()
    back = re.search(r'<a href="([^"]*)" data-testid="all-groups">', first.content.decode()).group(1)
    assert back == "?responsible="
    assert len(page_lines(methodist_client.get("/roadmaps/agenda/?group=nonsense"))) == 10  # the list


@pytest.mark.django_db
def test_a_director_sees_only_their_schools_lines_in_one_group(plan, draft, director_a_client, capped):
    response = director_a_client.get("/roadmaps/agenda/?group=later&page=1")
    assert "1–2 из 3, страница 1 из 2" in response.content.decode()
    lines_seen = page_lines(response) + page_lines(
        director_a_client.get("/roadmaps/agenda/?group=later&page=2")
    )
    assert [line.split(" | ")[1][:2] for line in lines_seen] == ["2 ", "3 ", "2 "]
    everything = director_a_client.get("/roadmaps/agenda/?school=&group=later&page=1")
    assert "1–2 из 5, страница 1 из 3" in everything.content.decode()


@pytest.mark.django_db
def test_the_filter_form_shows_what_was_chosen_and_marks_a_wrong_date(plan, draft, methodist_client):
    page = methodist_client.get(
        f"/roadmaps/agenda/?roadmap={draft.pk}&responsible=Волкова&date_from=2026-13-01&date_to=2026-12-31"
    ).content.decode()
    assert f'<option value="{draft.pk}" selected>Черновик плана наставничества</option>' in page
    assert '<option value="" selected>Все школы</option>' in page
    assert 'name="responsible" value="Волкова"' in page
    assert 'name="date_to" value="2026-12-31"' in page
    date_from = re.search(r'<input type="date" name="date_from"[^>]*>', page).group(0)
    assert 'value="2026-13-01"' in date_from and "is-invalid" in date_from
