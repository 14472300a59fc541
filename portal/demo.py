"""The demo district «Демонстрационный район»: organizations, staff, associations and a user per role.

Idempotent: records are looked up by their natural keys and updated, never duplicated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from associations.demo import seed_analysis, seed_associations
from contests.demo import demo_contest, seed_contests, seed_team_contest
from directory import services
from directory.models import Organization, Person, Role
from mentorship.demo import seed_mentorship, seed_pairs_order
from mentorship.demo_plans import seed_plans
from monitoring.demo import seed_monitoring
from orders.services.order_settings import order_settings_save, settings_for
from roadmaps.demo import seed_roadmaps

DEMO_PASSWORD = "demo-2026"
DEMO_PLACE = "пгт Демонстрационный"

OFFICE = {
    "name": "Управление образования администрации Демонстрационного района",
    "short_name": "Управление образования",
    "kind": Organization.Kind.EDUCATION_OFFICE,
    "address": "пгт Демонстрационный, ул. Ленина, 1",
    "phone": "8 (86192) 5-10-01",
    "email": "uo@demo-rayon.ru",
}
METHOD_OFFICE = {
    "name": "Районный методический кабинет управления образования администрации Демонстрационного района",
    "short_name": "РМК",
    "kind": Organization.Kind.METHOD_OFFICE,
    "address": "пгт Демонстрационный, ул. Ленина, 1, каб. 12",
    "phone": "8 (86192) 5-10-12",
    "email": "rmk@demo-rayon.ru",
}
SCHOOL_PLACES = [
    ("1", "пгт Демонстрационный"),
    ("2", "пгт Демонстрационный"),
    ("3", "ст. Заречная"),
    ("4", "с. Берёзовка"),
    ("5", "х. Светлый"),
    ("6", "ст. Кубанская"),
    ("7", "с. Луговое"),
    ("8", "п. Южный"),
    ("9", "с. Горное"),
]
KINDERGARTENS = [("1", "«Солнышко»"), ("2", "«Колокольчик»")]

# Every person of the demo has a surname of their own: no namesakes in the district. Male forms; the
# female form is made by _surname_for. The old lists (LEGACY_*) only find people an older demo created.
SURNAMES = [
    "Смирнов", "Кузнецов", "Попов", "Васильев", "Новиков", "Морозов", "Волков", "Алексеев", "Лебедев",
    "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров",
    "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв",
    "Сергеев", "Кириллов", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв", "Белов", "Медведев",
    "Антонов", "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров", "Давыдов", "Беляев", "Герасимов",
    "Богданов", "Осипов", "Сидоров", "Матвеев", "Титов", "Марков", "Миронов", "Крылов", "Куликов",
    "Карпов", "Власов", "Мельников", "Денисов", "Гаврилов", "Тихонов", "Казаков", "Афанасьев", "Фролов",
    "Щербаков", "Кудрявцев", "Гусев", "Пономарёв", "Шестаков", "Дьячков", "Коваленко", "Ткаченко",
    "Белоусов",
]  # fmt: skip
MALE_NAMES = ["Андрей", "Сергей", "Игорь", "Дмитрий", "Алексей", "Владимир", "Михаил", "Николай", "Олег",
              "Виктор", "Евгений", "Александр", "Павел", "Юрий"]  # fmt: skip
FEMALE_NAMES = ["Елена", "Ольга", "Наталья", "Мария", "Татьяна", "Анна", "Ирина", "Светлана", "Марина",
                "Людмила", "Галина", "Юлия", "Екатерина", "Оксана", "Валентина", "Надежда", "Вера",
                "Лариса", "Дарья", "Ксения"]  # fmt: skip
PATRONYMICS = [
    ("Андреевич", "Андреевна"), ("Сергеевич", "Сергеевна"), ("Иванович", "Ивановна"),
    ("Павлович", "Павловна"), ("Николаевич", "Николаевна"), ("Алексеевич", "Алексеевна"),
    ("Викторович", "Викторовна"), ("Владимирович", "Владимировна"), ("Михайлович", "Михайловна"),
    ("Петрович", "Петровна"), ("Григорьевич", "Григорьевна"), ("Юрьевич", "Юрьевна"),
    ("Олегович", "Олеговна"), ("Анатольевич", "Анатольевна"), ("Васильевич", "Васильевна"),
    ("Геннадьевич", "Геннадьевна"), ("Борисович", "Борисовна"),
]  # fmt: skip

LEGACY_SURNAMES = ["Смирнов", "Кузнецов", "Попов", "Васильев", "Новиков", "Фёдоров", "Морозов", "Волков",
                   "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев",
                   "Орлов", "Андреев"]  # fmt: skip
LEGACY_MALE = [
    ("Андрей", "Андреевич"),
    ("Сергей", "Сергеевич"),
    ("Игорь", "Олегович"),
    ("Дмитрий", "Павлович"),
]
LEGACY_FEMALE = [("Елена", "Викторовна"), ("Ольга", "Сергеевна"), ("Наталья", "Ивановна"),
                 ("Мария", "Павловна"), ("Татьяна", "Николаевна"), ("Анна", "Алексеевна")]  # fmt: skip
TEACHERS = [
    ("Учитель математики", ["Математика"], Person.Category.HIGHEST, 22),
    ("Учитель русского языка и литературы", ["Русский язык", "Литература"], Person.Category.FIRST, 15),
    ("Учитель истории и обществознания", ["История", "Обществознание"], Person.Category.POSITION, 9),
    ("Учитель начальных классов", ["Начальные классы"], Person.Category.NONE, 1),
    ("Учитель английского языка", ["Английский язык"], Person.Category.NONE, 2),
    ("Учитель физики", ["Физика"], Person.Category.FIRST, 30),
]

UNIVERSITIES = ("КубГУ", "АГПУ (Армавир)", "ЮФУ", "АГУ (Майкоп)")

TEACHER_CATEGORIES = (
    Person.Category.HIGHEST,
    Person.Category.FIRST,
    Person.Category.HIGHEST,
    Person.Category.POSITION,
)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    who: str


def _organization(data: dict) -> Organization:
    existing = Organization.objects.filter(short_name=data["short_name"]).first()
    return services.organization_save(data=data, organization=existing)


def _surname_for(surname: str, *, male: bool) -> str:
    if male:
        return surname
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname  # «Коваленко», «Ткаченко»: the same for both


def _name(index: int) -> tuple[str, str, str]:
    """(surname, first name, patronymic) of the index-th demo person; the surname is theirs alone."""
    male = index % 3 == 0
    first = (
        MALE_NAMES[(index // 3 * 5) % len(MALE_NAMES)]
        if male
        else FEMALE_NAMES[(index * 7) % len(FEMALE_NAMES)]
    )
    patronymic = PATRONYMICS[(index * 5 + 3) % len(PATRONYMICS)][0 if male else 1]
    return _surname_for(SURNAMES[index], male=male), first, patronymic


def _legacy_name(index: int) -> tuple[str, str, str]:
    """The name an older demo gave the index-th person (namesakes included), to rename them in place."""
    male = index % 3 == 0
    names = LEGACY_MALE if male else LEGACY_FEMALE
    surname = LEGACY_SURNAMES[index % len(LEGACY_SURNAMES)]
    return (
        surname if male else _surname_for(surname, male=False),
        names[index % len(names)][0],
        names[(index // 2 + 1) % len(names)][1],
    )


def _person(org: Organization, index: int, position: str, **extra) -> Person:
    """A person with a name picked deterministically from the index."""
    surname, first, patronymic = _name(index)
    existing = None
    for last, first_name, middle in (_name(index), _legacy_name(index)):
        existing = Person.objects.filter(
            organization=org, last_name=last, first_name=first_name, patronymic=middle
        ).first()
        if existing is not None:
            break
    subjects = extra.pop("subjects", None)
    data = {
        "organization": org,
        "last_name": surname,
        "first_name": first,
        "patronymic": patronymic,
        "position": position,
        **extra,
    }
    person = services.person_save(
        data=data,
        person=existing,
        subjects=services.subjects_from_names(subjects) if subjects is not None else None,
    )
    return person


@transaction.atomic
def seed_demo(*, today: dt.date | None = None) -> list[DemoLogin]:
    """Create or refresh the demo district; return the demo logins."""
    today = today or timezone.localdate()
    office = _organization(OFFICE)
    method_office = _organization(METHOD_OFFICE)
    schools: list[Organization] = []
    counter = 0
    for number, place in SCHOOL_PLACES:
        schools.append(
            _organization(
                {
                    "name": (
                        f"Муниципальное бюджетное общеобразовательное учреждение средняя "
                        f"общеобразовательная школа № {number} {place} Демонстрационного района"
                    ),
                    "short_name": f"МБОУ СОШ № {number}",
                    "kind": Organization.Kind.SCHOOL,
                    "address": f"{place}, ул. Школьная, {number}",
                    "phone": f"8 (86192) 5-2{number}-00",
                    "email": f"school{number}@demo-rayon.ru",
                }
            )
        )
    for number, title in KINDERGARTENS:
        _organization(
            {
                "name": (
                    f"Муниципальное бюджетное дошкольное образовательное учреждение детский сад № {number} "
                    f"{title} пгт Демонстрационный"
                ),
                "short_name": f"МБДОУ д/с № {number}",
                "kind": Organization.Kind.KINDERGARTEN,
                "address": f"пгт Демонстрационный, ул. Садовая, {number}",
            }
        )

    # District staff.
    chief = _person(office, 0, "Начальник управления образования", email="chief@demo-rayon.ru")
    methodists = [
        _person(method_office, 1, "Заведующий районным методическим кабинетом", email="rmk@demo-rayon.ru"),
        _person(
            method_office, 2, "Методист", subjects=["Математика", "Физика"], email="metodist@demo-rayon.ru"
        ),
        _person(method_office, 4, "Методист", subjects=["Русский язык", "Литература"]),
    ]
    services.organization_set_head(organization=office, person=chief)
    services.organization_set_head(organization=method_office, person=methodists[0])

    # School staff: a director and six teachers each; two of them young specialists.
    directors: list[Person] = []
    teachers_by_school: dict[int, list[Person]] = {}
    for s_index, school in enumerate(schools):
        counter = 5 + s_index * 7
        director = _person(
            school,
            counter,
            "Директор",
            category=Person.Category.HIGHEST,
            teaching_since=today.replace(year=today.year - 25, month=9, day=1),
            email=f"director{s_index + 1}@demo-rayon.ru",
            phone=f"8 (86192) 5-2{s_index + 1}-01",
        )
        services.organization_set_head(organization=school, person=director)
        directors.append(director)
        staff = []
        for t_index, (position, subjects, category, years) in enumerate(TEACHERS):
            staff.append(
                _person(
                    school,
                    counter + 1 + t_index,
                    position,
                    subjects=subjects,
                    # The same post in nine schools, but not the same careers: categories and experience
                    # differ a little from school to school (the РМО's roster would read as one row).
                    category=TEACHER_CATEGORIES[(t_index + s_index) % len(TEACHER_CATEGORIES)]
                    if s_index and category != Person.Category.NONE
                    else category,
                    teaching_since=(
                        since := services.teaching_start(
                            years + 0.2 + (s_index * 3 % 7 if category != Person.Category.NONE else 0),
                            today=today,
                        )
                    ),
                    # graduated the summer before they started (the bank of young specialists shows it)
                    education_institution=UNIVERSITIES[(s_index + t_index) % len(UNIVERSITIES)],
                    education_year=since.year if since.month >= 9 else since.year - 1,
                )
            )
        teachers_by_school[school.pk] = staff

    # pedagog's mentor heads the РМО of Russian teachers too: the account exists before the associations
    # are seeded, so that its head's role is granted on the first run as on every later one.
    services.user_ensure(
        username="nastavnik", password=DEMO_PASSWORD, person=teachers_by_school[schools[0].pk][1]
    )
    math_rmo = seed_associations(
        method_office=method_office, schools=schools, teachers_by_school=teachers_by_school, today=today
    )
    contest = demo_contest(organizer=office, today=today)

    young = teachers_by_school[schools[0].pk][3]
    jury_member = teachers_by_school[schools[1].pk][0]
    accounts = [
        ("metodist", methodists[1], Role.Kind.METHODIST, {}),
        ("nachalnik", chief, Role.Kind.ADMINISTRATOR, {}),
        # Every school's director has a login: their reports fill the dashboard.
        *(
            (f"direktor{i + 1}", director, Role.Kind.DIRECTOR, {"organization": school})
            for i, (director, school) in enumerate(zip(directors, schools, strict=True))
        ),
        ("rukmo", math_rmo.head, Role.Kind.ASSOCIATION_HEAD, {"scope": math_rmo}),
        ("zhyuri", jury_member, Role.Kind.JURY, {"scope": contest}),
        ("pedagog", young, Role.Kind.TEACHER, {}),
        # pedagog's mentor: adds items to the mentee's individual plan
        ("nastavnik", teachers_by_school[schools[0].pk][1], Role.Kind.TEACHER, {}),
    ]
    logins = []
    users = {}
    for username, person, kind, scope in accounts:
        user = services.user_ensure(username=username, password=DEMO_PASSWORD, person=person)
        services.role_grant(user=user, kind=kind, **scope)
        users[username] = user
        where = scope.get("organization") or scope.get("scope")
        who = f"{person.full_name}" + (f", {where}" if where else "")
        logins.append(DemoLogin(username=username, role=Role.Kind(kind).label, who=who))
    if not settings_for(issuer=office).place:  # the requisites every order prints; a user's edit stays
        order_settings_save(user=users["nachalnik"], issuer=office, data={"place": DEMO_PLACE})
    seed_analysis(math_rmo, user=users["rukmo"], today=today)
    seed_monitoring(
        schools=schools,
        methodist=users["metodist"],
        directors=[users[f"direktor{i + 1}"] for i in range(len(schools))],
        today=today,
    )
    pairs = seed_mentorship(
        schools=schools, teachers_by_school=teachers_by_school, user=users["metodist"], today=today
    )
    seed_roadmaps(
        user=users["metodist"],
        administrator=users["nachalnik"],
        directors={school.pk: users[f"direktor{i + 1}"] for i, school in enumerate(schools)},
        today=today,
    )
    seed_pairs_order(pairs=pairs, methodist=users["metodist"], administrator=users["nachalnik"], today=today)
    # An open «Учитель года»: zhyuri on its jury, two applications from the first two schools.
    seed_contests(
        contest=contest,
        jury=[
            (methodists[0], "chair"),
            (jury_member, "member"),
            (methodists[2], "secretary"),
        ],
        participants=[teachers_by_school[schools[0].pk][2], teachers_by_school[schools[1].pk][2]],
        directors={school.pk: users[f"direktor{i + 1}"] for i, school in enumerate(schools)},
        methodist=users["metodist"],
        today=today,
        administrator=users["nachalnik"],  # signs the results order of the finished «Педагогический дебют»
    )
    # An open contest of associations: the first school's ШМО has applied as a team.
    seed_team_contest(organizer=office, school=schools[0], director=users["direktor1"], today=today)
    # --- Individual plans (ИОМ): pedagog and two more teachers ---
    seed_plans(
        people=[young, teachers_by_school[schools[0].pk][4], teachers_by_school[schools[1].pk][3]],
        user=users["metodist"],
        today=today,
    )
    return logins
