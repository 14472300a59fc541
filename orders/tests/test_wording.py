"""Russian wording of drafts: approval words, cases of the approved document, issuers, people. No database."""

import datetime as dt

import pytest

from orders.wording import (
    appendix_title,
    approval_word,
    approval_word_for,
    approved_phrase,
    genitive_title,
    organization_genitive,
    period_phrase,
    person_accusative,
    surname_accusative,
)

SEED000_TITLE = (
    "Дорожная карта по развитию и сопровождению школьных методических объединений на 2022-2023 учебный год"
)


@pytest.mark.parametrize(
    ("title", "word"),
    [
        ("Дорожная карта по развитию ШМО", "УТВЕРЖДЕНА"),
        ("дорожная карта", "УТВЕРЖДЕНА"),
        ("«Дорожная карта» реализации программы поддержки", "УТВЕРЖДЕНА"),
        ("План мероприятий («дорожная карта») по развитию", "УТВЕРЖДЕН"),
        ("План", "УТВЕРЖДЕН"),
        ("Комплексный план работы РМК", "УТВЕРЖДЕН"),
        ("Программа наставничества", "УТВЕРЖДЕНА"),
        ("Положение о районном методическом объединении", "УТВЕРЖДЕНО"),
        ("Правила внутреннего распорядка", "УТВЕРЖДЕНЫ"),
        ("Методические рекомендации по написанию плана", "УТВЕРЖДЕНЫ"),
        ("Порядок проведения конкурса", "УТВЕРЖДЕН"),
        ("Инструкция по делопроизводству", "УТВЕРЖДЕНА"),
        ("Расписание консультаций", "УТВЕРЖДЕНО"),
    ],
)
def test_approval_word_agrees_with_the_approved_document(title, word):
    assert approval_word(title) == word


def test_approval_word_of_a_roadmap_without_a_noun_in_its_title_comes_from_its_kind():
    assert approval_word_for(title="по развитию ШМО", kind_phrase="дорожная карта") == "УТВЕРЖДЕНА"
    assert approval_word_for(title="Развитие ШМО", kind_phrase="план") == "УТВЕРЖДЕН"
    assert approval_word_for(title="Положение о РМО", kind_phrase="дорожная карта") == "УТВЕРЖДЕНО"


def test_the_heading_puts_the_leading_noun_phrase_in_the_genitive():
    assert genitive_title(SEED000_TITLE) == (
        "дорожной карты по развитию и сопровождению школьных методических объединений "
        "на 2022-2023 учебный год"
    )
    assert genitive_title("Комплексный план работы") == "комплексного плана работы"
    assert genitive_title("Методические рекомендации") == "методических рекомендаций"
    assert genitive_title("Положение о РМО") == "положения о РМО"
    assert genitive_title("Развитие ШМО") is None


def test_approved_phrase_adds_the_period_only_when_the_title_has_no_year():
    period = period_phrase(dt.date(2022, 9, 1), dt.date(2023, 8, 31))
    assert approved_phrase(
        title=SEED000_TITLE, kind_phrase="дорожная карта", period=period
    ) == genitive_title(SEED000_TITLE)
    assert approved_phrase(
        title="Дорожная карта по развитию ШМО", kind_phrase="дорожная карта", period=period, case=1
    ) == ("дорожную карту по развитию ШМО на 2022–2023 учебный год")
    assert approved_phrase(title="Развитие ШМО.", kind_phrase="дорожная карта", period=period) == (
        "дорожной карты «Развитие ШМО» на 2022–2023 учебный год"
    )
    assert (
        approved_phrase(title="по развитию ШМО", kind_phrase="план", period="", case=1)
        == "план по развитию ШМО"
    )


@pytest.mark.parametrize(
    ("start", "end", "phrase"),
    [
        (dt.date(2022, 9, 1), dt.date(2023, 8, 31), "на 2022–2023 учебный год"),
        (dt.date(2023, 1, 1), dt.date(2023, 12, 31), "на 2023 год"),
        (dt.date(2021, 1, 1), dt.date(2023, 12, 31), "на 2021–2023 годы"),
        (dt.date(2020, 8, 1), dt.date(2022, 12, 31), "на период с 01.08.2020 по 31.12.2022"),
    ],
)
def test_period_phrase(start, end, phrase):
    assert period_phrase(start, end) == phrase


def test_appendix_title_capitalises_the_noun_phrase():
    assert appendix_title(title=SEED000_TITLE, kind_phrase="дорожная карта").startswith(
        "ДОРОЖНАЯ КАРТА по развитию"
    )
    assert appendix_title(title="План мероприятий («дорожная карта») по …", kind_phrase="план") == (
        "ПЛАН мероприятий («дорожная карта») по …"
    )
    assert (
        appendix_title(title="«Дорожная карта» реализации", kind_phrase="дорожная карта")
        == "«ДОРОЖНАЯ КАРТА» реализации"
    )
    assert (
        appendix_title(title="Развитие ШМО", kind_phrase="дорожная карта") == "ДОРОЖНАЯ КАРТА «Развитие ШМО»"
    )


@pytest.mark.parametrize(
    ("name", "genitive"),
    [
        ("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ", "управления образования"),
        (
            "Управление образования администрации Демонстрационного района",
            "управления образования администрации Демонстрационного района",
        ),
        (
            "РАЙОННОЕ УПРАВЛЕНИЕ ОБРАЗОВАНИЕМ АДМИНИСТРАЦИИ МУНИЦИПАЛЬНОГО ОБРАЗОВАНИЯ МОСТОВСКИЙ РАЙОН",
            "районного управления образованием администрации муниципального образования мостовский район",
        ),
        ("Отдел образования администрации города", "отдела образования администрации города"),
        ("Районный методический кабинет", "районного методического кабинета"),
        ("Администрация района", "администрации района"),
    ],
)
def test_organization_genitive(name, genitive):
    assert organization_genitive(name) == genitive


@pytest.mark.parametrize(
    ("surname", "female", "accusative"),
    [
        ("Волкова", True, "Волкову"),
        ("Богинский", False, "Богинского"),
        ("Петров", False, "Петрова"),
        ("Сидорова", True, "Сидорову"),
        ("Шевчук", True, "Шевчук"),
        ("Шевчук", False, "Шевчука"),
        ("Черных", False, "Черных"),
        ("Бондаренко", False, "Бондаренко"),
        ("Толстой", False, "Толстого"),
        ("Вишневская", True, "Вишневскую"),
    ],
)
def test_surname_accusative(surname, female, accusative):
    assert surname_accusative(surname, female=female) == accusative


def test_person_accusative_declines_the_position_and_keeps_initials():
    assert person_accusative(
        last_name="Волкова", first_name="Елена", patronymic="Викторовна", position="Методист"
    ) == ("методиста Волкову Е.В.")
    assert person_accusative(
        last_name="Петров",
        first_name="Андрей",
        patronymic="Иванович",
        position="Заведующий районным кабинетом",
    ) == ("заведующего районным кабинетом Петрова А.И.")
    assert person_accusative(
        last_name="Петров", first_name="Андрей", patronymic="Иванович", position="Главный специалист отдела"
    ) == ("главного специалиста отдела Петрова А.И.")
    # any position the dictionary knows is declined now, not only a listed few (pymorphy3)
    assert person_accusative(last_name="Петров", first_name="Андрей", position="Кладовщик") == (
        "кладовщика Петрова А."
    )
    # a position with no word to decline (an abbreviation) gives the fallback wording
    assert person_accusative(last_name="Петров", first_name="Андрей", position="И.о. МБОУ") is None
