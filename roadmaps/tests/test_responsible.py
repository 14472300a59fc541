import pytest

from roadmaps import responsible
from roadmaps.models import RoadmapRow
from roadmaps.responsible import Candidate, detect_role, find_people
from roadmaps.services import RowData

from .factories import make_roadmap


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Руководители ОО", responsible.DIRECTORS),
        ("Киселева Л.П. – методист МБУ ДПО «МиРЦ» Руководители ОО", responsible.METHODISTS),
        ("Руководители методических объединений, методисты МБУ ДПО «МиРЦ»", responsible.ASSOCIATION_HEADS),
        ("Специалисты районного методического кабинета, руководители ШМО", responsible.METHODISTS),
        ("руководители образовательных организаций", responsible.DIRECTORS),
        ("Экспертный совет", ""),
    ],
)
def test_the_role_is_read_from_the_responsible_text(text, role):
    assert detect_role(text) == role


def test_people_are_found_by_surname_and_initials_in_either_order():
    people = [
        Candidate(1, "Киселева", "Людмила", "Петровна"),
        Candidate(2, "Стрюкова", "Светлана", "Геннадьевна"),
        Candidate(3, "Киселев", "Пётр", "Иванович"),
    ]
    assert find_people("Киселева Л.П. – методист", people) == [1]
    assert find_people("С.Г. Стрюкова, методист", people) == [2]
    assert find_people("Стрюкова Светлана Геннадьевна", people) == [2]
    assert find_people("Киселева А.А.", people) == []  # other initials: someone else


@pytest.mark.django_db
def test_rows_link_the_people_and_role_named_in_their_text(district, methodist):
    roadmap = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        rows=[
            RowData(
                number="1",
                activity="Совещание",
                deadline_text="Май",
                responsible_text="Волкова Е.В., методист",
            ),
            RowData(number="2", activity="Отчёт", deadline_text="Май", responsible_text="Руководители ОО"),
        ],
    )
    first, second = roadmap.rows.order_by("position")
    assert list(first.responsible_people.all()) == [district["people"]["methodist"]]
    assert first.responsible_role == RoadmapRow.ResponsibleRole.METHODISTS
    assert second.responsible_role == RoadmapRow.ResponsibleRole.DIRECTORS
    assert not second.responsible_people.exists()
