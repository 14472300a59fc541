"""The bank of young specialists and the coverage page at the issue's size.

    cd bench && DEBUG=1 ../.venv/bin/python bench_mentorship.py

On a throwaway database (common.bootstrap): 50 schools with 60 teachers each — 3,000 teachers, a third of
them young specialists (1,000), each with a subject — and 600 active pairs (an experienced teacher and a
young one of the same school, both with consent). The bank (all 1,000 rows), its XLSX, the coverage page
and its XLSX, and the list of pairs are requested 10 times by a methodist (common.measure_page).
Prints figures only.
"""

from __future__ import annotations

import common

common.bootstrap("mentorship")

import datetime as dt  # noqa: E402

from django.utils import timezone  # noqa: E402

from directory.models import Organization, Person, Subject  # noqa: E402
from mentorship.models import Pair, PairMember  # noqa: E402

REQUESTS = 10
SCHOOLS, TEACHERS, PAIRS = 50, 60, 600


def build() -> None:
    today = timezone.localdate()
    subjects = [Subject.objects.get_or_create(name=name)[0] for name in ("Математика", "История", "Химия")]
    schools = Organization.objects.bulk_create(
        Organization(name=f"Школа {i}", short_name=f"СОШ {i}", kind=Organization.Kind.SCHOOL)
        for i in range(SCHOOLS)
    )
    people = Person.objects.bulk_create(
        Person(
            organization=school,
            last_name=f"Педагог{s}x{t}",
            first_name="Анна",
            patronymic="Петровна",
            position="Учитель",
            teaching_since=today - dt.timedelta(days=400 if t % 3 == 0 else 20 * 365),
        )
        for s, school in enumerate(schools)
        for t in range(TEACHERS)
    )
    Person.subjects.through.objects.bulk_create(
        Person.subjects.through(person_id=p.pk, subject_id=subjects[i % 3].pk) for i, p in enumerate(people)
    )
    young = [p for i, p in enumerate(people) if i % 3 == 0]
    old = [p for i, p in enumerate(people) if i % 3 != 0]
    starts = today - dt.timedelta(days=60)
    pairs = Pair.objects.bulk_create(
        Pair(
            organization_id=young[i].organization_id,
            form=Pair.Form.TRADITIONAL if i % 4 else Pair.Form.VIRTUAL,
            goal="Адаптация",
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=270),
        )
        for i in range(PAIRS)
    )
    PairMember.objects.bulk_create(
        member
        for i, pair in enumerate(pairs)
        for member in (
            PairMember(pair=pair, person=old[i], role=PairMember.Role.MENTOR, consent_on=starts),
            PairMember(pair=pair, person=young[i], role=PairMember.Role.MENTEE, consent_on=starts),
        )
    )


def main() -> None:
    user, _office = common.methodist()
    build()
    client = common.client(user)
    print(f"mentorship benchmark, {common.database_label()}, {REQUESTS} requests each")
    print(
        f"{SCHOOLS} schools, {SCHOOLS * TEACHERS:,} teachers (1,000 young specialists), {PAIRS} active pairs"
    )
    for label, url in (
        ("bank, 1,000 rows", "/mentorship/bank/"),
        ("bank XLSX", "/mentorship/bank.xlsx"),
        ("bank, without a mentor", "/mentorship/bank/?has_mentor=no"),
        ("coverage page", "/mentorship/coverage/"),
        ("coverage XLSX", "/mentorship/coverage.xlsx"),
        ("pairs list, 600", "/mentorship/?status=all"),
    ):
        print(common.measure_page(client, url, REQUESTS).line(label, width=26))


if __name__ == "__main__":
    main()
