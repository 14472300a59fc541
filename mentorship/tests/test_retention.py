"""«Закрепление молодых специалистов» on the coverage page and in its XLSX."""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from core.academic_year import academic_year_start
from directory.models import Person
from mentorship import services
from mentorship.models import MenteeDeparture, PairMember

from .conftest import add_person
from .test_services import make_pair


def _cohorts():
    year = academic_year_start(timezone.localdate())
    return year, dt.date(year - 1, 10, 1), dt.date(year - 3, 9, 1)


@pytest.fixture
def cohorts(district):
    """School A: two who started a year ago (one left, recorded on the pair page), one three years ago
    (left, recorded without a pair, then moved to school B in the directory); school B: one three years
    ago still working. Those who started two years ago or this year are in no cohort."""
    year, one, three = _cohorts()
    a, b = district["school_a"], district["school_b"]
    Person.objects.filter(pk=district["people"]["teacher_a"].pk).update(teaching_since=dt.date(year, 9, 2))
    stays = add_person(a, "Остаюшева", years=None, teaching_since=one)
    leaves = add_person(a, "Уходова", years=None, teaching_since=one)
    moved = add_person(a, "Переездова", years=None, teaching_since=three)
    add_person(b, "Стойкова", years=None, teaching_since=three + dt.timedelta(days=300))
    add_person(a, "Средняя", years=None, teaching_since=dt.date(year - 2, 10, 1))
    mentor = add_person(a, "Наставникова", years=20)
    pair = make_pair(district, mentors=[mentor], mentees=[leaves])
    services.mentee_departure_record(
        member=pair.members.get(role=PairMember.Role.MENTEE),
        user=None,
        left_on=timezone.localdate(),
        reason="Переезд",
    )
    MenteeDeparture.objects.create(
        person=moved,
        organization=a,
        left_on=timezone.localdate() - dt.timedelta(days=400),
        left_reason="Ушла",
    )
    Person.objects.filter(pk=moved.pk).update(organization=b)
    return {"stays": stays, "leaves": leaves, "moved": moved}


@pytest.mark.django_db
def test_retention_district_wide_and_by_school(cohorts, methodist_client):
    response = methodist_client.get("/mentorship/coverage/")
    data = response.context["data"]
    by_name = {s.name: {r.years: (r.working, r.started) for r in s.retention} for s in data.schools}
    assert by_name["СОШ № 1"] == {1: (1, 2), 3: (0, 1)}
    assert by_name["СОШ № 2"] == {1: (0, 0), 3: (1, 1)}
    html = response.content.decode()
    assert (
        "Закрепление по району:</strong> через 1 год — 1 из 2 (50,0 %), через 3 года — 1 из 2 (50,0 %)"
        in html
    )
    year, _one, _three = _cohorts()
    assert f"{year - 1}-{year}" in html and f"{year - 3}-{year - 2}" in html


@pytest.mark.django_db
def test_a_director_sees_the_retention_of_own_school(cohorts, director_b_client):
    html = director_b_client.get("/mentorship/coverage/").content.decode()
    assert "Закрепление:</strong> через 1 год — нет начавших, через 3 года — 1 из 1 (100,0 %)" in html
    assert "Уходова" not in html


@pytest.mark.django_db
def test_the_coverage_xlsx_has_the_retention(cohorts, methodist_client):
    response = methodist_client.get("/mentorship/coverage.xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(book["Охват"].iter_rows(values_only=True))
    assert rows[1][5:7] == ("Закрепление через 1 год", "Закрепление через 3 года")
    by_name = {row[0]: row[5:7] for row in rows[2:]}
    assert by_name["СОШ № 1"] == ("1 из 2 (50,0 %)", "0 из 1 (0,0 %)")
    assert by_name["СОШ № 2"] == ("нет начавших", "1 из 1 (100,0 %)")
    assert by_name["Итого"] == ("1 из 2 (50,0 %)", "1 из 2 (50,0 %)")
    assert "Адаптация" in book.sheetnames
