"""The счётная комиссия's rules (contests.scoring): what the protocol would show. No database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from contests.scoring import (
    LAUREATE,
    PARTICIPANT,
    PRIZE_WINNER,
    WINNER,
    Awards,
    Criterion,
    Participant,
    Rules,
    Sheet,
    check_points,
    cut_off,
    describe_rules,
    final_ranking,
    fmt,
    summarize,
    summarize_by_nomination,
    unsigned_problems,
)

D = Decimal
LESSON = Criterion("lesson", "Урок", D(10))
CARD = Criterion("card", "Визитная карточка", D(5))
CRITERIA = (LESSON, CARD)


def people(*names: str, nomination: str = "") -> tuple[Participant, ...]:
    return tuple(Participant(id=name, name=name, nomination=nomination) for name in names)


def sheet(juror: str, marks: dict[str, tuple]) -> Sheet:
    """marks: participant → (Урок, Визитная карточка); a participant left out is not scored (conflict)."""
    scores = {}
    for participant, (lesson, card) in marks.items():
        scores[(participant, "lesson")] = D(str(lesson))
        scores[(participant, "card")] = D(str(card))
    return Sheet(juror_id=juror, scores=scores, juror_name=juror)


def places(summary) -> list[tuple[str, int, str]]:
    return [(row.participant.id, row.place, f"{row.total}") for row in summary.rows]


# ---------------------------------------------------------------- sum, mean, dropped extremes


def test_sum_of_juror_totals_ranks_the_best_first_with_two_decimal_places():
    sheets = [
        sheet("Ж1", {"Анна": (9, 4), "Борис": (7, 5), "Вера": (6, 3)}),
        sheet("Ж2", {"Анна": (8, 5), "Борис": (8, 4), "Вера": (7, 2)}),
    ]
    summary = summarize(people("Вера", "Борис", "Анна"), CRITERIA, sheets)
    assert places(summary) == [("Анна", 1, "26.00"), ("Борис", 2, "24.00"), ("Вера", 3, "18.00")]
    assert summary.row("Анна").juror_totals == {"Ж1": D(13), "Ж2": D(13)}
    assert not summary.needs_chair_decision and not summary.warnings


def test_mean_rounds_half_up_to_two_places():
    sheets = [
        sheet("Ж1", {"Анна": (9.5, 4)}),
        sheet("Ж2", {"Анна": (8, 5)}),
        sheet("Ж3", {"Анна": (8, 4.5)}),
    ]
    summary = summarize(people("Анна"), CRITERIA, sheets, Rules(aggregation="mean"))
    assert summary.rows[0].total == D("13.00")  # (13.5 + 13 + 12.5) / 3
    sheets[2] = sheet("Ж3", {"Анна": (8, 4)})
    assert summarize(people("Анна"), CRITERIA, sheets, Rules(aggregation="mean")).rows[0].total == D(
        "12.83"
    )  # 38.5 / 3 = 12.8333…


def test_dropping_the_highest_and_lowest_juror_total_changes_the_winner():
    # Борис has one enthusiastic juror: by plain sum he wins, with extremes dropped Анна does.
    sheets = [
        sheet("Ж1", {"Анна": (8, 4), "Борис": (10, 5)}),
        sheet("Ж2", {"Анна": (8, 4), "Борис": (7, 4)}),
        sheet("Ж3", {"Анна": (7, 4), "Борис": (7, 4)}),
        sheet("Ж4", {"Анна": (6, 3), "Борис": (6, 3)}),
    ]
    plain = summarize(people("Анна", "Борис"), CRITERIA, sheets)
    assert [row.participant.id for row in plain.rows] == ["Борис", "Анна"]
    dropped = summarize(people("Анна", "Борис"), CRITERIA, sheets, Rules(drop_extremes=True))
    assert places(dropped) == [("Анна", 1, "23.00"), ("Борис", 2, "22.00")]
    assert dropped.row("Борис").dropped == ("Ж1", "Ж4")  # 15 and 9 dropped, 11 + 11 kept
    assert dropped.row("Анна").dropped == ("Ж1", "Ж4")  # 12 (first of two) and 9


def test_extremes_are_not_dropped_with_fewer_than_three_jurors_and_the_row_says_so():
    sheets = [sheet("Ж1", {"Анна": (8, 4)}), sheet("Ж2", {"Анна": (2, 1)})]
    row = summarize(people("Анна"), CRITERIA, sheets, Rules(drop_extremes=True)).rows[0]
    assert row.dropped == () and row.total == D("15.00")
    assert "крайние оценки не отброшены: оценок 2, нужно не меньше 3" in row.notes


# ---------------------------------------------------------------- conflict of interest


def test_mean_divides_by_the_jurors_who_scored_the_participant():
    # Ж3 is from Борис's school and did not score him.
    sheets = [
        sheet("Ж1", {"Анна": (8, 4), "Борис": (9, 4)}),
        sheet("Ж2", {"Анна": (8, 4), "Борис": (9, 4)}),
        sheet("Ж3", {"Анна": (9, 5)}),
    ]
    summary = summarize(people("Анна", "Борис"), CRITERIA, sheets, Rules(aggregation="mean"))
    assert places(summary) == [("Борис", 1, "13.00"), ("Анна", 2, "12.67")]
    assert summary.row("Борис").juror_totals == {"Ж1": D(13), "Ж2": D(13)}
    assert "оценили 2 из 3 членов жюри (конфликт интересов)" in summary.row("Борис").notes
    assert not summary.warnings


def test_sum_with_a_conflict_gap_warns_that_the_participant_has_fewer_totals():
    sheets = [
        sheet("Ж1", {"Анна": (8, 4), "Борис": (9, 4)}),
        sheet("Ж2", {"Анна": (8, 4), "Борис": (9, 4)}),
        sheet("Ж3", {"Анна": (9, 5)}),
    ]
    summary = summarize(people("Анна", "Борис"), CRITERIA, sheets)
    assert places(summary) == [("Анна", 1, "38.00"), ("Борис", 2, "26.00")]
    assert summary.warnings and "Борис" in summary.warnings[0] and "конфликт интересов" in summary.warnings[0]


def test_a_partly_filled_participant_or_one_nobody_scored_is_refused():
    half = Sheet("Ж1", {("Анна", "lesson"): D(5)}, juror_name="Орлов А.В.")
    with pytest.raises(ValueError, match="Орлов А.В.*Анна.*«Визитная карточка»"):
        summarize(people("Анна"), CRITERIA, [half])
    with pytest.raises(ValueError, match="ни один член жюри: Борис"):
        summarize(people("Анна", "Борис"), CRITERIA, [sheet("Ж1", {"Анна": (1, 1)})])


# ---------------------------------------------------------------- ties


def tied_sheets():
    # Анна and Борис both 26; Анна has more for «Урок» (17 against 16).
    return [
        sheet("Ж1", {"Анна": (9, 4), "Борис": (8, 5), "Вера": (5, 5)}),
        sheet("Ж2", {"Анна": (8, 5), "Борис": (8, 5), "Вера": (5, 5)}),
    ]


def test_a_tie_is_resolved_by_the_named_criterion():
    rules = Rules(tie_criterion="lesson")
    summary = summarize(people("Борис", "Анна", "Вера"), CRITERIA, tied_sheets(), rules)
    assert places(summary) == [("Анна", 1, "26.00"), ("Борис", 2, "26.00"), ("Вера", 3, "20.00")]
    anna, boris = summary.row("Анна"), summary.row("Борис")
    assert anna.total == boris.total
    assert (anna.place, boris.place) == (1, 2)
    assert anna.tie_note == boris.tie_note == "равенство баллов решено по критерию «Урок»"
    assert not summary.needs_chair_decision


def test_a_tie_the_criterion_cannot_break_needs_the_chair_and_shares_the_place():
    sheets = [
        sheet("Ж1", {"Анна": (9, 4), "Борис": (9, 4), "Вера": (10, 5), "Глеб": (1, 1)}),
        sheet("Ж2", {"Анна": (8, 5), "Борис": (8, 5), "Вера": (10, 5), "Глеб": (1, 1)}),
    ]
    participants = people("Анна", "Борис", "Вера", "Глеб")
    summary = summarize(participants, CRITERIA, sheets, Rules(tie_criterion="lesson"))
    assert [(r.participant.id, r.place) for r in summary.rows] == [
        ("Вера", 1),
        ("Анна", 2),
        ("Борис", 2),
        ("Глеб", 4),
    ]
    assert summary.needs_chair_decision and summary.unresolved == (("Анна", "Борис"),)
    assert summary.row("Анна").tied_with == ("Борис",)

    decided = summarize(
        participants, CRITERIA, sheets, Rules(tie_criterion="lesson"), chair_order=["Борис", "Анна"]
    )
    assert [(r.participant.id, r.place) for r in decided.rows] == [
        ("Вера", 1),
        ("Борис", 2),
        ("Анна", 3),
        ("Глеб", 4),
    ]
    assert decided.row("Анна").tie_note == "равенство баллов: решение председателя жюри"
    assert not decided.needs_chair_decision


def test_the_chair_deciding_only_part_of_a_tied_group_leaves_it_unresolved():
    sheets = [sheet("Ж1", {"Анна": (5, 5), "Борис": (5, 5), "Вера": (5, 5)})]
    summary = summarize(people("Анна", "Борис", "Вера"), CRITERIA, sheets, chair_order=["Вера", "Анна"])
    assert summary.unresolved == (("Анна", "Борис", "Вера"),)
    assert {row.place for row in summary.rows} == {1}


def test_totals_are_compared_as_printed_rounded_to_two_places():
    # 38.5/3 = 12.8333… and 77/6 = 12.8333…: equal; 12.835 would print 12.84, not equal.
    sheets = [
        sheet("Ж1", {"Анна": (8, 4), "Борис": (8, 5)}),
        sheet("Ж2", {"Анна": (8, 4.5), "Борис": (8, 4)}),
        sheet("Ж3", {"Анна": (9, 5), "Борис": (8.5, 5)}),
    ]
    summary = summarize(people("Анна", "Борис"), CRITERIA, sheets, Rules(aggregation="mean"))
    assert summary.row("Анна").total == D("12.83") and summary.row("Борис").total == D("12.83")
    assert summary.needs_chair_decision


# ---------------------------------------------------------------- ranks


def test_ranks_each_juror_ranks_by_total_and_the_lowest_sum_of_ranks_wins():
    # Ж1 gives Борис a huge lead, but by ranks Анна is first with two jurors of three.
    sheets = [
        sheet("Ж1", {"Анна": (5, 1), "Борис": (10, 5), "Вера": (4, 1)}),
        sheet("Ж2", {"Анна": (8, 4), "Борис": (7, 4), "Вера": (6, 4)}),
        sheet("Ж3", {"Анна": (8, 4), "Борис": (7, 4), "Вера": (7, 4)}),
    ]
    summary = summarize(people("Анна", "Борис", "Вера"), CRITERIA, sheets, Rules(method="ranks"))
    assert places(summary) == [("Анна", 1, "4.00"), ("Борис", 2, "5.50"), ("Вера", 3, "8.50")]
    assert summary.row("Борис").juror_ranks == {"Ж1": D(1), "Ж2": D(2), "Ж3": D("2.5")}
    assert summary.row("Борис").juror_totals["Ж1"] == D(15)


def test_mean_of_ranks_with_a_conflict_gap():
    sheets = [
        sheet("Ж1", {"Анна": (9, 5), "Борис": (8, 5)}),
        sheet("Ж2", {"Анна": (9, 5), "Борис": (8, 5)}),
        sheet("Ж3", {"Борис": (8, 5)}),  # Ж3 did not score Анна: Борис is Ж3's only, so first
    ]
    summary = summarize(people("Анна", "Борис"), CRITERIA, sheets, Rules(method="ranks", aggregation="mean"))
    assert places(summary) == [("Анна", 1, "1.00"), ("Борис", 2, "1.67")]


# ---------------------------------------------------------------- cut-off


def field_of(totals: dict[str, tuple]) -> tuple:
    return people(*totals), [sheet("Ж1", totals)]


def test_cut_off_takes_the_first_n():
    participants, sheets = field_of({"А": (9, 5), "Б": (8, 5), "В": (7, 5), "Г": (6, 5)})
    result = cut_off(summarize(participants, CRITERIA, sheets), 2)
    assert [r.participant.id for r in result.advancing] == ["А", "Б"]
    assert [r.participant.id for r in result.staying] == ["В", "Г"]
    assert not result.boundary and not result.needs_chair_decision


def test_a_tie_at_the_cut_off_resolved_by_the_criterion_is_flagged():
    participants, sheets = field_of({"А": (9, 5), "Б": (8, 5), "В": (9, 4), "Г": (6, 5)})
    result = cut_off(summarize(participants, CRITERIA, sheets, Rules(tie_criterion="lesson")), 2)
    assert [r.participant.id for r in result.advancing] == ["А", "В"]
    assert [r.participant.id for r in result.boundary] == ["В", "Б"]
    assert result.message == "На границе прохода равенство: В, Б; равенство баллов решено по критерию «Урок»."
    assert not result.needs_chair_decision


def test_an_unresolved_tie_at_the_cut_off_is_undecided_until_the_chair():
    participants, sheets = field_of({"А": (9, 5), "Б": (8, 5), "В": (8, 5), "Г": (6, 5)})
    result = cut_off(summarize(participants, CRITERIA, sheets, Rules(tie_criterion="lesson")), 2)
    assert [r.participant.id for r in result.advancing] == ["А"]
    assert [r.participant.id for r in result.undecided] == ["Б", "В"]
    assert [r.participant.id for r in result.staying] == ["Г"]
    assert result.needs_chair_decision
    assert "мест в следующем туре: 1" in result.message and "председателя жюри" in result.message


# ---------------------------------------------------------------- final ranking


def test_final_ranking_winner_prize_winners_laureates_participants_per_nomination():
    young = people("А", "Б", "В", "Г", "Д", nomination="Молодые учителя")
    carers = people("Е", "Ж", nomination="Молодые воспитатели")
    marks = {"А": (9, 5), "Б": (8, 5), "В": (7, 5), "Г": (6, 5), "Д": (5, 5), "Е": (3, 3), "Ж": (4, 4)}
    summaries = summarize_by_nomination(young + carers, CRITERIA, [sheet("Ж1", marks)])
    assert list(summaries) == ["Молодые учителя", "Молодые воспитатели"]
    ranking = final_ranking(summaries["Молодые учителя"], Awards(prize_winners=2, laureates=1))
    assert [(s.row.participant.id, s.status) for s in ranking] == [
        ("А", WINNER),
        ("Б", PRIZE_WINNER),
        ("В", PRIZE_WINNER),
        ("Г", LAUREATE),
        ("Д", PARTICIPANT),
    ]
    assert ranking[1].title == "призёр"
    carers_ranking = final_ranking(summaries["Молодые воспитатели"])
    assert [(s.row.participant.id, s.row.place, s.title) for s in carers_ranking] == [
        ("Ж", 1, "победитель"),
        ("Е", 2, "призёр"),
    ]


def test_final_ranking_refuses_two_first_places_but_allows_a_shared_place_inside_one_status():
    participants, sheets = field_of({"А": (9, 5), "Б": (9, 5), "В": (7, 5)})
    with pytest.raises(ValueError, match="нельзя определить, кто победитель"):
        final_ranking(summarize(participants, CRITERIA, sheets))
    participants, sheets = field_of({"А": (9, 5), "Б": (8, 5), "В": (8, 5), "Г": (1, 1)})
    ranking = final_ranking(summarize(participants, CRITERIA, sheets))
    assert [(s.row.participant.id, s.row.place, s.status) for s in ranking] == [
        ("А", 1, WINNER),
        ("Б", 2, PRIZE_WINNER),
        ("В", 2, PRIZE_WINNER),
        ("Г", 4, PARTICIPANT),
    ]


# ---------------------------------------------------------------- validation


def test_points_over_the_maximum_or_negative_are_refused_in_russian():
    with pytest.raises(ValueError, match=r"^Критерий «Урок»: не больше 10 баллов \(введено 12\)\.$"):
        check_points(LESSON, "12")
    with pytest.raises(
        ValueError, match=r"^Критерий «Визитная карточка»: баллы не могут быть отрицательными"
    ):
        check_points(CARD, D(-1))
    with pytest.raises(ValueError, match="«пять» — не число"):
        check_points(CARD, "пять")
    assert check_points(CARD, "4,5") == D("4.5")
    with pytest.raises(ValueError, match="не больше 10 баллов"):
        summarize(people("Анна"), CRITERIA, [sheet("Ж1", {"Анна": (11, 5)})])


def test_a_sheet_with_empty_cells_or_a_conflicted_participant_scored_cannot_be_signed():
    participants = people("Анна", "Борис", "Вера")
    draft = Sheet(
        "Ж1",
        {
            ("Анна", "lesson"): D(9),
            ("Анна", "card"): D(6),  # over 5
            ("Борис", "lesson"): D(8),  # «Визитная карточка» empty
            ("Вера", "lesson"): D(5),  # Вера is from the juror's school
        },
    )
    problems = unsigned_problems(
        draft, participants, CRITERIA, excluded_pairs={("Ж1", "Вера"), ("Ж2", "Анна")}
    )
    assert problems == [
        "Анна: Критерий «Визитная карточка»: не больше 5 баллов (введено 6).",
        "Борис: не выставлены баллы — «Визитная карточка».",
        "Вера: оценивать этого участника нельзя (конфликт интересов), очистите его баллы.",
    ]
    complete = sheet("Ж1", {"Анна": (9, 5), "Борис": (8, 4)})
    assert unsigned_problems(complete, participants, CRITERIA, {("Ж1", "Вера")}) == []


def test_rules_in_words_and_numbers_with_a_decimal_comma():
    text = describe_rules(Rules(aggregation="mean", drop_extremes=True, tie_criterion="lesson"), CRITERIA)
    assert text.startswith("Итоговый балл участника — среднее арифметическое баллов")
    assert "наибольшая и наименьшая оценки каждого участника отбрасываются" in text
    assert text.endswith("при равенстве — больший балл по критерию «Урок», затем решение председателя жюри.")
    assert "ранжирует" in describe_rules(Rules(method="ranks"))
    assert (fmt(D("45.50")), fmt(D("45")), fmt(D("45.5"), 2), fmt(D("1.25"))) == (
        "45,5",
        "45",
        "45,50",
        "1,25",
    )
    with pytest.raises(ValueError, match="Неизвестный способ подсчёта"):
        Rules(aggregation="median")
