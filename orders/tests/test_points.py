"""The points of an order: the text form with «1.», «1.1.» … parsed into the tree and back. No database."""

import pytest

from orders.points import (
    PointsError,
    format_points,
    has_control_point,
    numbered,
    parse_points,
    point,
    style_problems,
    validate_points,
)

TEXT = """1. Утвердить дорожную карту (приложение).
2. Руководителям ОО:
2.1. обеспечить участие педагогов;
2.1.1. в семинарах
2.1.1.1. по графику.
2.2. представить отчёт
до 25 мая 2023 года.
3. Контроль за исполнением настоящего приказа оставляю за собой."""


def test_lines_with_numbers_become_the_tree_and_continuation_lines_join_their_point():
    assert parse_points(TEXT) == [
        point("Утвердить дорожную карту (приложение)."),
        point(
            "Руководителям ОО:",
            point("обеспечить участие педагогов;", point("в семинарах.", point("по графику."))),
            point("представить отчёт до 25 мая 2023 года."),
        ),
        point("Контроль за исполнением настоящего приказа оставляю за собой."),
    ]


def test_the_tree_prints_back_with_its_numbers():
    assert format_points(parse_points(TEXT)).splitlines()[:5] == [
        "1. Утвердить дорожную карту (приложение).",
        "2. Руководителям ОО:",
        "2.1. обеспечить участие педагогов;",
        "2.1.1. в семинарах.",
        "2.1.1.1. по графику.",
    ]
    assert parse_points(format_points(parse_points(TEXT))) == parse_points(TEXT)


def test_typed_numbers_only_give_the_level_points_are_numbered_again():
    tree = parse_points("1. Первый\n5. Второй\n5.7 Подпункт\n9) Третий")
    assert [(p.number, p.text) for p in numbered(tree)] == [
        ("1.", "Первый."),
        ("2.", "Второй."),
        ("3.", "Третий."),
    ]
    assert numbered(tree)[1].children[0].number == "2.1."


def test_a_year_or_a_count_at_the_start_of_a_line_continues_the_point():
    tree = parse_points("1. Провести семинар в мае\n2023 года.\n2. Пригласить\n12 человек.")
    assert [p["text"] for p in tree] == ["Провести семинар в мае 2023 года.", "Пригласить 12 человек."]


def test_without_any_numbers_every_line_is_a_point():
    assert parse_points("Утвердить план\n\nКонтроль оставляю за собой") == [
        point("Утвердить план."),
        point("Контроль оставляю за собой."),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1. Раз\n1.1.1. Глубже", "строка 2: подпункт «1.1.1.» идёт без пункта «1.1.»"),
        ("1. Раз\n1.1. Два\n1.1.1. Три\n1.1.1.1. Четыре\n1.1.1.1.1. Пять", "глубже 4 уровней"),
        ("Вступление\n1. Раз", "первый пункт должен начинаться с номера «1.»"),
        ("1. Раз\n2.", "у пункта «2.» нет текста"),
    ],
)
def test_unreadable_structure_is_refused_with_the_line(text, message):
    with pytest.raises(PointsError) as error:
        parse_points(text)
    assert any(message in m for m in error.value.messages), error.value.messages


def test_stored_trees_are_validated():
    assert validate_points([point("Раз.")]) == []
    assert validate_points("not a list") == ["пункты приказа должны быть списком"]
    deep = [point("1", point("2", point("3", point("4", point("5")))))]
    assert validate_points(deep) == ["пункт 1.1.1.1.1.: больше 4 уровней вложенности"]
    assert validate_points([{"text": " ", "children": []}]) == ["пункт 1.: пустой текст"]


def test_style_and_control_point_checks():
    assert style_problems([point("утвердить план"), point("Контроль оставляю за собой.")]) == [
        "Пункт 1. должен начинаться с заглавной буквы.",
        "Пункт 1. должен заканчиваться точкой.",
    ]
    assert has_control_point(parse_points(TEXT))
    assert has_control_point([point("Контроль за выполнением настоящего приказа возложить на Волкову Е.В.")])
    assert not has_control_point([point("Утвердить план.")])
