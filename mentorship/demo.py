"""Mentorship of the demo district: pairs in every school but one young specialist still without a mentor
(coverage below 100 %), the demo teacher `pedagog` (a young specialist) a mentee, and one mentee of the
fourth school who left (the retention on the coverage page below 100 %).

Idempotent: a young specialist who already is a mentee in any pair is left as they are.
"""

from __future__ import annotations

import datetime as dt

from core.academic_year import academic_year_start
from directory.models import Organization, Person

from . import services
from .models import MenteeDeparture, Pair, PairMember, PairsOrder

GOAL = (
    "Адаптация молодого специалиста в коллективе, освоение методики урока и работы с классом, "
    "подготовка открытого урока."
)


def seed_mentorship(
    *,
    schools: list[Organization],
    teachers_by_school: dict[int, list[Person]],
    user=None,
    today: dt.date,
) -> list[Pair]:
    """`teachers_by_school` as portal.demo makes it: the six teachers of a school in the order of its
    TEACHERS list (0 mathematics, highest category; 3 and 4 the young specialists; 5 physics)."""
    year = academic_year_start(today)
    starts_on = min(dt.date(year, 9, 1), today)
    ends_on = dt.date(year + 1, 5, 31)
    made = []
    for index, school in enumerate(schools):
        staff = teachers_by_school[school.pk]
        if len(staff) < 6:
            continue
        plans = [(Pair.Form.TRADITIONAL, [staff[0]], [staff[3]])]
        if index == 0:
            # pedagog's mentor is the Russian teacher, `nastavnik` (the mathematician heads the RMO); the
            # school's second young specialist waits for direktor1 to form a pair
            plans = [(Pair.Form.TRADITIONAL, [staff[1]], [staff[3]])]
        elif index == 1:  # a group: one mentor, both young specialists
            plans = [(Pair.Form.GROUP, [staff[1]], [staff[3], staff[4]])]
        else:
            plans.append((Pair.Form.TEACHER_TEACHER, [staff[5]], [staff[4]]))
        for number, (form, mentors, mentees) in enumerate(plans):
            if PairMember.objects.filter(person__in=mentees, role=PairMember.Role.MENTEE).exists():
                continue
            consents = {p.pk: services.Consent(on=starts_on) for p in (*mentors, *mentees)}
            if index == 2 and number == 1:  # one pair still waits for the mentee's consent
                consents.pop(mentees[0].pk)
            made.append(
                services.pair_create(
                    user=user,
                    organization=school,
                    form=form,
                    goal=GOAL,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    mentors=mentors,
                    mentees=mentees,
                    curator=school.head,
                    consents=consents,
                )
            )
    _seed_departure(schools, teachers_by_school, user=user, today=today)
    return made


def seed_pairs_order(*, pairs: list[Pair], methodist, administrator, today: dt.date):
    """The district's signed order «О закреплении наставнических пар (групп)» fixing the pairs with every
    consent, except the first school's (its director prepares the school's own order in the guide)."""
    from orders import services as order_services

    from .order_services import fixing_orders, pairs_order_create

    first_school = pairs[0].organization_id if pairs else None
    active = Pair.objects.filter(pk__in=[pair.pk for pair in pairs], status=Pair.Status.ACTIVE)
    chosen = [
        pair
        for pair in active.prefetch_related("members").order_by("pk")
        if pair.organization_id != first_school and all(m.consent_on is not None for m in pair.members.all())
    ]
    if not chosen or fixing_orders([pair.pk for pair in chosen]):
        return None
    order = pairs_order_create(
        user=methodist, pair_ids=[pair.pk for pair in chosen], level=PairsOrder.Level.DISTRICT
    )
    if not order.executor_phone:
        phone = order_services.phone_of(Person.objects.filter(user=methodist).first()) or "8 (86192) 5-10-12"
        order = order_services.order_update(user=methodist, order=order, data={"executor_phone": phone})
    date = min(today, min(pair.starts_on for pair in chosen))
    order = order_services.order_update(user=methodist, order=order, data={"date": date})
    return order_services.order_sign(user=administrator, order=order, today=today)


def _seed_departure(schools, teachers_by_school, *, user, today: dt.date) -> None:
    """The fourth school's young specialist who started a year ago left (once: the pair ends early)."""
    if len(schools) < 4 or len(teachers_by_school.get(schools[3].pk, [])) < 6:
        return
    person = teachers_by_school[schools[3].pk][3]
    if MenteeDeparture.objects.filter(person=person).exists():
        return
    member = (
        PairMember.objects.filter(person=person, role=PairMember.Role.MENTEE, pair__status=Pair.Status.ACTIVE)
        .select_related("pair", "person")
        .first()
    )
    if member is None:
        return
    services.mentee_departure_record(
        member=member, user=user, left_on=max(member.pair.starts_on, today), reason="Переезд в другой район"
    )
