"""The deadline parser: every deadline text of the real fixtures, common forms, and properties."""

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmaps.deadlines import (
    CONTINUOUS,
    KINDS,
    ON_REQUEST,
    ONCE,
    RECURRING,
    UNPARSED,
    day_off,
    parse_deadline,
    skip_summer,
)

YEAR_2022 = (date(2022, 9, 1), date(2023, 8, 31))  # seed000: one academic year
PROGRAMME = (date(2020, 8, 1), date(2022, 12, 31))  # seed001: a programme over several years


def iso(schedule):
    return schedule.kind, [d.isoformat() for d in schedule.due]


FIXTURE_DEADLINES = [
    # seed000 (2022-2023 academic year)
    (YEAR_2022, "2022-2023 уч.г.", CONTINUOUS, ["2023-08-31"]),
    (YEAR_2022, "2022-2023 уч.г. по запросу", ON_REQUEST, []),
    (
        YEAR_2022,
        "2022-2023 уч.г. в соответствии с графиком проверок районного управления образования",
        ON_REQUEST,
        [],
    ),
    (
        YEAR_2022,
        "2022-2023 уч.г. 1 раз в четверть",
        RECURRING,
        ["2022-10-31", "2022-12-31", "2023-03-31", "2023-05-31"],
    ),
    (YEAR_2022, "Май 2023 г.", ONCE, ["2023-05-31"]),
    (YEAR_2022, "Июнь 2023 г.", ONCE, ["2023-06-30"]),
    (YEAR_2022, "Июнь 2023 года", ONCE, ["2023-06-30"]),
    (YEAR_2022, "По запросу", ON_REQUEST, []),
    (YEAR_2022, "В течение года", CONTINUOUS, ["2023-08-31"]),
    (YEAR_2022, "1 раз в четверть", RECURRING, ["2022-10-31", "2022-12-31", "2023-03-31", "2023-05-31"]),
    (
        YEAR_2022,
        "Ежемесячно",
        RECURRING,
        [
            "2022-09-30",
            "2022-10-31",
            "2022-11-30",
            "2022-12-31",
            "2023-01-31",
            "2023-02-28",
            "2023-03-31",
            "2023-04-30",
            "2023-05-31",
            "2023-06-30",
            "2023-07-31",
            "2023-08-31",
        ],
    ),
    # seed001 (programme August 2020 – December 2022)
    (PROGRAMME, "В течение всего периода", CONTINUOUS, ["2022-12-31"]),
    (PROGRAMME, "Постоянно", CONTINUOUS, ["2022-12-31"]),
    (PROGRAMME, "Июль-август (ежегодно)", RECURRING, ["2020-08-31", "2021-08-31", "2022-08-31"]),
    (PROGRAMME, "По графику проведения ВПР (ежегодно)", ON_REQUEST, []),
    (PROGRAMME, "Сентябрь 2020", ONCE, ["2020-09-30"]),
    (PROGRAMME, "Апрель 2021, далее ежегодно в апреле", RECURRING, ["2021-04-30", "2022-04-30"]),
    (PROGRAMME, "Март-апрель 2021", ONCE, ["2021-04-30"]),
    (PROGRAMME, "Июнь 2021", ONCE, ["2021-06-30"]),
    (PROGRAMME, "Сентябрь 2020, далее по запросам", ONCE, ["2020-09-30"]),
    (PROGRAMME, "В течение всего периода (по запросам)", ON_REQUEST, []),
    (PROGRAMME, "апрель", RECURRING, ["2021-04-30", "2022-04-30"]),
    (PROGRAMME, "2020-2021", CONTINUOUS, ["2021-08-31"]),
    (PROGRAMME, "2020", ONCE, ["2020-12-31"]),
    (PROGRAMME, "2021", ONCE, ["2021-12-31"]),
    (PROGRAMME, "Октябрь 2020", ONCE, ["2020-10-31"]),
    (PROGRAMME, "Декабрь 2020", ONCE, ["2020-12-31"]),
    (PROGRAMME, "Январь 2021, далее ежегодно", RECURRING, ["2021-01-31", "2022-01-31"]),
]


@pytest.mark.parametrize(
    ("period", "text", "kind", "due"), FIXTURE_DEADLINES, ids=[t for _, t, _, _ in FIXTURE_DEADLINES]
)
def test_every_fixture_deadline_parses(period, text, kind, due):
    assert iso(parse_deadline(text, *period)) == (kind, due)


COMMON_FORMS = [
    ("до 30 сентября", ONCE, ["2022-09-30"]),
    ("до 30.09.2022", ONCE, ["2022-09-30"]),
    ("к 1 декабря 2022 года", ONCE, ["2022-12-01"]),
    ("с 1 по 15 октября", ONCE, ["2022-10-15"]),
    ("15.05", ONCE, ["2023-05-15"]),
    ("май-июнь", ONCE, ["2023-06-30"]),
    ("январь – февраль 2023 г.", ONCE, ["2023-02-28"]),
    ("сентябрь 2022 - май 2023", ONCE, ["2023-05-31"]),
    ("I квартал 2023", ONCE, ["2023-03-31"]),
    ("в течение I четверти", ONCE, ["2022-10-31"]),
    ("II полугодие", ONCE, ["2023-05-31"]),
    ("2 раза в год", RECURRING, ["2022-12-31", "2023-05-31"]),
    ("ежегодно в апреле", RECURRING, ["2023-04-30"]),
    ("ноябрь, март", RECURRING, ["2022-11-30", "2023-03-31"]),
    ("Ноябрь 2022 г., апрель 2023 г.", RECURRING, ["2022-11-30", "2023-04-30"]),
    ("по итогам четверти", RECURRING, ["2022-10-31", "2022-12-31", "2023-03-31", "2023-05-31"]),
    ("(2021-2024 г.г.)", CONTINUOUS, ["2023-08-31"]),
    ("в течение 2023 года", CONTINUOUS, ["2023-08-31"]),
    ("Весь период", CONTINUOUS, ["2023-08-31"]),
    ("По мере необходимости", ON_REQUEST, []),
    ("01.09.2022-31.05.2023", ONCE, ["2023-05-31"]),
    ("до 03.2023", ONCE, ["2023-03-31"]),
    ("не реже 1 раза в четверть", RECURRING, ["2022-10-31", "2022-12-31", "2023-03-31", "2023-05-31"]),
    ("не реже 2 раз в год", RECURRING, ["2022-12-31", "2023-05-31"]),
    ("в период осенних каникул", ONCE, ["2022-11-06"]),
    ("в конце учебного года", ONCE, ["2023-05-31"]),
    ("начало учебного года", ONCE, ["2022-09-30"]),
    ("с сентября 2022 г.", CONTINUOUS, ["2023-08-31"]),
    ("весна 2023", ONCE, ["2023-05-31"]),
    ("декабрь 2022 года – январь 2023 года", ONCE, ["2023-01-31"]),
    ("август-сентябрь", ONCE, ["2022-09-30"]),
    ("с сентября по май", ONCE, ["2023-05-31"]),
    ("Май 2025", UNPARSED, []),
    ("абракадабра", UNPARSED, []),
    ("", UNPARSED, []),
]


@pytest.mark.parametrize(
    ("text", "kind", "due"), COMMON_FORMS, ids=[t or "empty" for t, _, _ in COMMON_FORMS]
)
def test_common_russian_deadline_forms(text, kind, due):
    assert iso(parse_deadline(text, *YEAR_2022)) == (kind, due)


def test_every_friday_falls_on_fridays_inside_the_year():
    schedule = parse_deadline("каждую пятницу", *YEAR_2022)
    assert schedule.kind == RECURRING
    assert len(schedule.due) == 52
    assert all(d.weekday() == 4 for d in schedule.due)


def test_monthly_on_a_given_day():
    schedule = parse_deadline("Ежемесячно до 5 числа", *YEAR_2022)
    assert [d.day for d in schedule.due] == [5] * 12


def test_a_month_without_a_year_means_every_such_month_of_a_programme():
    assert iso(parse_deadline("до 30 сентября", *PROGRAMME)) == (
        RECURRING,
        ["2020-09-30", "2021-09-30", "2022-09-30"],
    )


def test_a_window_running_past_the_period_is_due_at_the_period_end():
    assert iso(parse_deadline("2023", *YEAR_2022)) == (ONCE, ["2023-08-31"])


def test_unparsed_text_explains_itself_in_russian():
    assert "вручную" in parse_deadline("когда-нибудь потом", *YEAR_2022).note
    assert "период" in parse_deadline("Май 2025", *YEAR_2022).note


# --- Texts from other districts' plans --------------------------------------------------------------

PROGRAMME_2023 = (date(2023, 9, 1), date(2026, 8, 31))  # a 2023–2026 programme
YEAR_2023 = (date(2023, 9, 1), date(2024, 8, 31))


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("Ежегодно в марте (до 2026 года)", ["2024-03-31", "2025-03-31", "2026-03-31"]),
        ("Ежегодно в октябре-ноябре (до 2025 г.)", ["2023-11-30", "2024-11-30", "2025-11-30"]),
        # «ежегодно» alone: the end of each academic year of the programme, up to the bound
        ("Ежегодно до 2026 года", ["2024-08-31", "2025-08-31", "2026-08-31"]),
        ("Ежегодно до 2025 года", ["2024-08-31", "2025-08-31"]),
    ],
)
def test_a_bound_in_brackets_ends_the_series_and_adds_no_date(text, due):
    assert iso(parse_deadline(text, *PROGRAMME_2023)) == (RECURRING, due)


def test_a_lone_bound_is_still_a_date():
    assert iso(parse_deadline("до 2025 года", *PROGRAMME_2023)) == (ONCE, ["2025-12-31"])


@pytest.mark.parametrize(
    "text",
    [
        "Ежеквартально (до 10 числа месяца, следующего за отчётным кварталом)",
        "до 10 числа месяца, следующего за отчетным кварталом",
    ],
)
def test_quarterly_reports_are_due_in_the_month_after_the_quarter(text):
    assert iso(parse_deadline(text, *YEAR_2023)) == (
        RECURRING,
        ["2023-10-10", "2024-01-10", "2024-04-10", "2024-07-10"],
    )


def test_monthly_reports_are_due_in_the_month_after_the_reported_month():
    schedule = parse_deadline("ежемесячно, до 5 числа месяца, следующего за отчётным", *YEAR_2023)
    assert schedule.kind == RECURRING
    # September's report on 5 October; none for August 2023, before the period
    assert schedule.due[0] == date(2023, 10, 5)
    assert schedule.due[-1] == date(2024, 8, 5)
    assert len(schedule.due) == 11 and {d.day for d in schedule.due} == {5}


@pytest.mark.parametrize("text", ["В каникулярное время", "в период каникул", "в дни школьных каникул"])
def test_the_holidays_are_every_school_holiday(text):
    # осенние, зимние, весенние, летние каникулы: each due at its last day
    assert iso(parse_deadline(text, *YEAR_2023)) == (
        RECURRING,
        ["2023-11-06", "2024-01-08", "2024-03-31", "2024-08-31"],
    )


# --- Properties ------------------------------------------------------------------------------------

WORDS = [
    "ежемесячно", "ежеквартально", "1 раз в четверть", "каждую пятницу", "2 раза в год", "ежегодно",
    "далее ежегодно", "в апреле", "до 30 сентября", "Май 2023 г.", "2022-2023 уч.г.", "(2021-2024 г.г.)",
    "В течение года", "Постоянно", "По запросу", "июль-август", "I полугодие", "II квартал 2021",
    "15.05", "31.12.2022", "2021", "2020-2021", "еженедельно по понедельникам", "до 5 числа",
    "март, октябрь", "по итогам четверти", ",", "и", "г.", "далее по запросам", "декабрь 2024",
    "(до 2026 года)", "до 10 числа месяца, следующего за отчётным кварталом", "следующего за отчетным",
    "в каникулярное время",
]  # fmt: skip


@st.composite
def periods(draw):
    start = draw(st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)))
    length = draw(st.integers(min_value=0, max_value=6 * 366))
    return start, date.fromordinal(start.toordinal() + length)


@settings(max_examples=400, deadline=None)
@given(period=periods(), parts=st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))
def test_due_dates_are_sorted_unique_and_inside_the_period(period, parts):
    start, end = period
    schedule = parse_deadline(" ".join(parts), start, end)
    assert schedule.kind in KINDS
    assert list(schedule.due) == sorted(set(schedule.due))
    assert all(start <= d <= end for d in schedule.due)
    if schedule.kind == ONCE:
        assert len(schedule.due) == 1
    if schedule.kind == CONTINUOUS:
        assert len(schedule.due) == 1
    if schedule.kind in (ON_REQUEST, UNPARSED):
        assert schedule.due == ()


@settings(max_examples=200, deadline=None)
@given(period=periods(), text=st.text(max_size=60))
def test_any_text_gives_a_valid_schedule(period, text):
    schedule = parse_deadline(text, *period)
    assert schedule.kind in KINDS
    assert all(period[0] <= d <= period[1] for d in schedule.due)


# --- Days off and the summer setting ---------------------------------------------------------------


def test_a_due_date_on_a_day_off_says_so():
    assert day_off(date(2023, 5, 6)) == "выходной день, суббота"
    assert day_off(date(2023, 5, 7)) == "выходной день, воскресенье"
    assert day_off(date(2023, 11, 4)) == "нерабочий праздничный день"
    assert day_off(date(2023, 5, 5)) == ""  # a Friday


def test_skipping_the_summer_drops_july_and_august_of_recurring_items_only():
    monthly = skip_summer(parse_deadline("Ежемесячно", *YEAR_2022))
    assert monthly.kind == RECURRING and len(monthly.due) == 10
    assert not [d for d in monthly.due if d.month in (7, 8)]
    once = parse_deadline("Июль 2023 г.", *YEAR_2022)
    assert skip_summer(once) == once
