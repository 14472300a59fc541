"""The common parts of the file imports: where a problem is, sizes, rejections."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from core.imports import (
    ImportProblem,
    ImportRejected,
    problems_from_error,
    rejected,
    size_label,
    size_problems,
)


def test_a_problem_says_the_sheet_row_and_column():
    problem = ImportProblem("укажите фамилию.", sheet="Сотрудники", row=5, column="Фамилия")
    assert str(problem) == "Лист «Сотрудники», строка 5, столбец «Фамилия»: укажите фамилию."
    assert str(ImportProblem("файл пустой.")) == "Файл пустой."


def test_a_rejection_lists_its_problems():
    error = ImportRejected([ImportProblem("первое."), ImportProblem("второе.", row=2)])
    assert str(error) == "Первое.; строка 2: второе."
    assert [p.message for p in rejected("Текст слишком длинный.").problems] == ["Текст слишком длинный."]


def test_size_labels():
    assert size_label(300) == "300 байт"
    assert size_label(300 * 1024) == "300 КБ"
    assert size_label(1536 * 1024) == "1,5 МБ"
    assert size_label(10 * 1024 * 1024) == "10 МБ"


def test_a_file_over_the_limit_is_one_problem_with_the_advice(settings):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    assert size_problems(1024 * 1024, advice="Разделите файл.") == []
    (problem,) = size_problems(2 * 1024 * 1024, advice="Разделите файл.")
    assert str(problem) == "Файл слишком большой: 2 МБ, а можно не больше 1 МБ. Разделите файл."


def test_a_service_error_becomes_problems_at_their_columns():
    error = ValidationError({"email": "Неверный адрес.", "other": "Что-то ещё."})
    problems = problems_from_error(error, sheet="Сотрудники", row=3, headings={"email": "Эл. почта"})
    assert [str(p) for p in problems] == [
        "Лист «Сотрудники», строка 3, столбец «Эл. почта»: Неверный адрес.",
        "Лист «Сотрудники», строка 3: Что-то ещё.",
    ]
    (plain,) = problems_from_error(ValidationError("Нет такой школы."), row=4)
    assert str(plain) == "строка 4: Нет такой школы."
