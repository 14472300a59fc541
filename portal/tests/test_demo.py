import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from associations.models import Association, AssociationTheme, Membership
from directory.access import user_scope
from directory.models import Organization, Person, ProfessionalCourse, Role
from portal.demo import DEMO_PASSWORD, seed_demo

User = get_user_model()


@pytest.mark.django_db
def test_seed_demo_creates_a_district_with_schools_staff_and_every_role():
    logins = seed_demo(today=dt.date(2026, 11, 22))

    schools = Organization.objects.filter(kind=Organization.Kind.SCHOOL)
    assert schools.count() >= 8
    assert Organization.objects.filter(kind=Organization.Kind.EDUCATION_OFFICE).count() == 1
    assert Organization.objects.filter(kind=Organization.Kind.METHOD_OFFICE).count() == 1
    for school in schools:
        assert school.head is not None and school.head.organization_id == school.pk
        assert school.staff.count() >= 5
    assert Person.objects.young_specialists(dt.date(2026, 11, 22)).count() >= len(schools)
    usernames = [login.username for login in logins]
    assert set(Role.objects.filter(user__username__in=usernames).values_list("kind", flat=True)) == set(
        Role.Kind.values
    )
    # every login has the role it is printed with
    for login in logins:
        kinds = Role.objects.filter(user__username=login.username).values_list("kind", flat=True)
        assert login.role in {Role.Kind(kind).label for kind in kinds}, login.username


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing():
    seed_demo(today=dt.date(2026, 11, 22))
    models = (Organization, Person, User, Role, Association, Membership, AssociationTheme, ProfessionalCourse)
    counts = [model.objects.count() for model in models]
    seed_demo(today=dt.date(2026, 11, 22))
    assert counts == [model.objects.count() for model in models]


@pytest.mark.django_db
def test_demo_users_log_in_with_the_printed_password(client, capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    for username in ["metodist", "nachalnik", "direktor1", "direktor2", "rukmo", "zhyuri", "pedagog"]:
        assert username in out
        response = client.post(
            "/accounts/login/", {"username": username, "password": DEMO_PASSWORD}, REMOTE_ADDR="10.1.1.1"
        )
        assert response.status_code == 302, username
        assert response["Location"] == "/"
        home = client.get("/")
        assert home.status_code == 200
        client.post("/accounts/logout/")


@pytest.mark.django_db
def test_demo_director_is_scoped_to_one_school():
    seed_demo(today=dt.date(2026, 11, 22))
    scope = user_scope(User.objects.get(username="direktor1"))
    assert not scope.district_wide
    assert len(scope.school_ids) == 1
    assert Organization.objects.get(pk=next(iter(scope.school_ids))).short_name == "МБОУ СОШ № 1"


@pytest.mark.django_db
def test_demo_has_an_approved_roadmap_for_this_academic_year_and_a_draft():
    from roadmaps.models import Occurrence, Roadmap

    seed_demo(today=dt.date(2026, 11, 22))
    seed_demo(today=dt.date(2026, 11, 22))
    # The district's roadmaps; the associations' work plans (kind «план работы МО») are roadmaps too.
    roadmaps = Roadmap.objects.exclude(kind=Roadmap.Kind.ASSOCIATION_PLAN)
    approved = roadmaps.get(status=Roadmap.Status.APPROVED)
    assert (approved.period_start, approved.period_end) == (dt.date(2026, 9, 1), dt.date(2027, 8, 31))
    assert Occurrence.objects.filter(row__roadmap=approved, due_date__gte=dt.date(2026, 11, 22)).exists()
    assert roadmaps.filter(status=Roadmap.Status.DRAFT).count() == 1
    assert not approved.rows.filter(is_heading=False, schedule_kind="unparsed").exists()


@pytest.mark.django_db
def test_demo_is_lived_in_reports_in_every_state_a_signed_order_and_no_namesakes():
    from orders.models import Order
    from roadmaps.models import ProgressReport, Roadmap
    from roadmaps.progress.selectors.dashboard import dashboard

    today = dt.date(2026, 11, 22)
    seed_demo(today=today)

    full_names = [p.full_name for p in Person.objects.all()]
    assert len(full_names) == len(set(full_names)), "namesakes in the demo"
    assert Person.objects.filter(last_name="Фёдорова", first_name="Анна").count() <= 1

    states = {s for s in ProgressReport.objects.values_list("state", flat=True)}
    assert {"draft", "submitted", "returned", "accepted"} <= states
    returned = ProgressReport.objects.filter(state="returned")
    assert all(r.review_comment and r.reviewed_by.username == "metodist" for r in returned)
    assert ProgressReport.objects.filter(state="accepted").count() >= 10

    approved = Roadmap.objects.exclude(kind=Roadmap.Kind.ASSOCIATION_PLAN).get(status=Roadmap.Status.APPROVED)
    order = approved.approving_order
    assert order is not None and order.status == Order.Status.SIGNED
    assert order.signed_by.username == "nachalnik" and order.registration_number and order.pdf_sha256
    assert Order.objects.filter(status=Order.Status.REVIEW).count() == 1  # the plan's, for the head's visa

    figures = dashboard(today=today)
    roadmap_figures = next(f for f in figures.roadmaps if f.roadmap == approved)
    assert roadmap_figures.expected > 0 and roadmap_figures.done > 0
    assert all(school.done > 0 for school in figures.schools)
    assert figures.waiting_review > 0


@pytest.mark.django_db
def test_seed_demo_twice_adds_no_report_order_or_notice():
    from notifications.models import Notice
    from orders.models import Order, OrderEvent
    from roadmaps.models import ProgressReport, ReportEvent

    def counts():
        return [
            m.objects.count()
            for m in (Person, User, Role, ProgressReport, ReportEvent, Order, OrderEvent, Notice)
        ]

    seed_demo(today=dt.date(2026, 11, 22))
    before = counts()
    seed_demo(today=dt.date(2026, 11, 22))
    assert counts() == before


@pytest.mark.django_db
def test_seed_demo_renames_people_an_older_demo_created_instead_of_adding_namesakes():
    from directory import services
    from portal.demo import _legacy_name

    seed_demo(today=dt.date(2026, 11, 22))
    director = Role.objects.get(user__username="direktor1").user.person
    last, first, patronymic = _legacy_name(5)  # what the older demo called the director of school 1
    assert (last, first) == ("Фёдорова", "Анна")
    services.person_save(
        person=director,
        data={
            "organization": director.organization,
            "last_name": last,
            "first_name": first,
            "patronymic": patronymic,
            "position": director.position,
        },
    )
    people = Person.objects.count()
    seed_demo(today=dt.date(2026, 11, 22))
    assert Person.objects.count() == people
    director.refresh_from_db()
    assert director.last_name != "Фёдорова"
    assert Role.objects.get(user__username="direktor1").user.person == director


@pytest.mark.django_db
def test_demo_has_district_and_school_associations_and_rukmo_heads_the_math_rmo(client):
    seed_demo(today=dt.date(2026, 11, 22))
    rmo = {a.name: a for a in Association.objects.filter(kind=Association.Kind.DISTRICT)}
    assert {
        "РМО учителей математики",
        "РМО учителей русского языка и литературы",
        "РМО учителей начальных классов",
    } <= set(rmo)
    math = rmo["РМО учителей математики"]
    assert math.head.user.username == "rukmo"
    assert math.memberships.filter(left_on__isnull=True).count() >= 8  # a math teacher of every school
    assert math.themes.get(year=2026).theme
    shmo_schools = set(
        Association.objects.filter(kind=Association.Kind.SCHOOL).values_list("organization", flat=True)
    )
    assert len(shmo_schools) >= 3
    for shmo in Association.objects.filter(kind=Association.Kind.SCHOOL):
        assert all(m.person.organization_id == shmo.organization_id for m in shmo.memberships.all())
    assert ProfessionalCourse.objects.exists()
    user = User.objects.get(username="rukmo")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    home = client.get("/").content.decode()
    assert f"/associations/{math.pk}/" in home
    page = client.get(f"/associations/{math.pk}/").content.decode()
    assert "Добавить участника" in page and "Формирование функциональной грамотности" in page
