"""Roadmap deadlines as a reminder source (see notifications.registry): one query of (person, item) pairs.

For every active occurrence of an approved roadmap due on one of the asked dates:
- the responsible people linked to the row and the members of the groups it names («Специалисты
  районного методического кабинета», «Руководители ОО», «Руководители РМО»: reminder_recipients.py)
  hear about it before and on the due date; when the item is the office's own work (no school
  reports), they also get the weekly overdue reminder until the office's report is accepted;
- for an item assigned to schools, the director(s) of each school hear about it before and on the
  date unless the school has already sent or had accepted its report, and weekly after the date
  until the report is accepted.

Built in sets: two small reads in Python — who belongs to each group (group_members: the roles), and
the groups of each row due on the dates (its «Ответственные» text is read by Python, once per distinct
text) — become two inline tables of ids, and one SQL query multiplies occurrences by people. Nothing
here grows a Python object per occurrence or per pair.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence

from django.db import connection
from django.urls import reverse

from directory.models import Person
from notifications.registry import PHASE_OVERDUE, PHASE_UPCOMING, DueQuery

from .models import Occurrence, ProgressReport, Roadmap, RoadmapRow
from .reminder_recipients import GroupMembers, group_members, groups_of
from .responsible import ASSOCIATION_HEADS, DIRECTORS, METHODISTS

Scope = RoadmapRow.ReportScope
State = ProgressReport.State

# Codes of the inline table of people (members: code, organization id or 0, user id) and of the
# inline table of row groups (row id, code).
METHODIST = 1  # every методист
SCHOOL_DIRECTOR = 2  # a director of a school of «все школы» (organization id: the school)
DISTRICT_HEAD = 3  # a head of a district association (РМО, ГМО, творческая группа)
SCHOOL_HEAD = 4  # a head of a school's association (organization id: the school)
DIRECTOR = 5  # a director of any organization (organization id: it)
# Row group codes besides METHODIST, SCHOOL_DIRECTOR, DISTRICT_HEAD:
EVERY_SCHOOL_HEAD = 6  # the heads of every school's associations
CHOSEN_SCHOOL_HEAD = 7  # the heads of the associations of the row's chosen schools


def _values(rows: Iterable[tuple[int, ...]], width: int) -> str:
    """An inline VALUES list of integers (never user text), with a first row of zeros that matches nothing."""
    return ", ".join(f"({', '.join(str(int(v)) for v in row)})" for row in [(0,) * width, *rows])


def _members(members: GroupMembers, told: Collection[int]) -> list[tuple[int, int, int]]:
    rows: set[tuple[int, int, int]] = set()
    rows.update((METHODIST, 0, uid) for uid in members.methodists)
    rows.update((DISTRICT_HEAD, 0, uid) for uid in members.district_heads)
    for school, heads in members.school_heads.items():
        rows.update((SCHOOL_HEAD, school, uid) for uid in heads)
    for organization, directors in members.directors.items():
        rows.update((DIRECTOR, organization, uid) for uid in directors)
        if organization in members.schools:
            rows.update((SCHOOL_DIRECTOR, organization, uid) for uid in directors)
    return sorted(row for row in rows if row[2] not in told)


def _row_groups(dates: Sequence) -> list[tuple[int, int]]:
    """(row id, group code) for the rows with an occurrence on the dates: one query of the rows."""
    rows = RoadmapRow.objects.filter(
        is_heading=False,
        roadmap__status=Roadmap.Status.APPROVED,
        pk__in=Occurrence.objects.filter(due_date__in=dates, is_active=True).values("row_id"),
    ).values_list("pk", "reminders_by_hand", "reminder_groups", "responsible_text", "report_scope")
    result = []
    for pk, by_hand, chosen, text, scope in rows:
        for group in groups_of(by_hand=by_hand, chosen=chosen or (), responsible_text=text):
            if group == METHODISTS:
                result.append((pk, METHODIST))
            elif group == DIRECTORS and scope == Scope.NONE:
                # Of a row the schools report on, the directors are told per school (the query's end).
                result.append((pk, SCHOOL_DIRECTOR))
            elif group == ASSOCIATION_HEADS:
                result.append((pk, DISTRICT_HEAD))
                result.append((pk, CHOSEN_SCHOOL_HEAD if scope == Scope.SELECTED else EVERY_SCHOOL_HEAD))
    return result


QUERY = """
WITH members (code, organization_id, user_id) AS (VALUES {members}),
row_groups (row_id, code) AS (VALUES {row_groups}),
occ AS (
    SELECT o.id, o.row_id, o.due_date, r.report_scope, rm.id AS roadmap_id,
           rm.organization_id AS office_id, rm.title AS context,
           TRIM(r.number || ' ' || r.activity) AS title
    FROM {occurrence} o
    JOIN {row} r ON r.id = o.row_id
    JOIN {roadmap} rm ON rm.id = r.roadmap_id
    WHERE o.due_date IN ({dates}) AND o.is_active AND NOT r.is_heading AND rm.status = %(approved)s
),
people AS (
    SELECT occ.id AS occ_id, m.user_id
    FROM occ
    JOIN row_groups g ON g.row_id = occ.row_id
    JOIN members m ON m.code = (CASE WHEN g.code = {every_school_head} THEN {school_head} ELSE g.code END)
    UNION
    SELECT occ.id, m.user_id
    FROM occ
    JOIN row_groups g ON g.row_id = occ.row_id AND g.code = {chosen_school_head}
    JOIN {report_schools} rs ON rs.roadmaprow_id = occ.row_id
    JOIN members m ON m.code = {school_head} AND m.organization_id = rs.organization_id
    UNION
    SELECT occ.id, p.user_id
    FROM occ
    JOIN {linked} t ON t.roadmaprow_id = occ.row_id
    JOIN {person} p ON p.id = t.person_id
    WHERE p.user_id IS NOT NULL {not_told}
),
heads AS (
    SELECT occ.id AS occ_id, m.organization_id, m.user_id
    FROM occ JOIN members m ON m.code = {school_director}
    WHERE occ.report_scope = %(all)s
    UNION ALL
    SELECT occ.id, m.organization_id, m.user_id
    FROM occ
    JOIN {report_schools} rs ON rs.roadmaprow_id = occ.row_id
    JOIN members m ON m.code = {director} AND m.organization_id = rs.organization_id
    WHERE occ.report_scope = %(selected)s
)
SELECT p.user_id AS recipient_id, %(key)s || CAST(occ.id AS TEXT) AS source_key, occ.due_date,
       occ.title, occ.context,
       %(row_url)s || CAST(occ.roadmap_id AS TEXT) || %(row_anchor)s || CAST(occ.row_id AS TEXT) AS url,
       %(group)s || CAST(occ.row_id AS TEXT) AS group_key, %(upcoming)s AS phase
FROM people p JOIN occ ON occ.id = p.occ_id
WHERE occ.due_date >= %(today)s
UNION ALL
SELECT p.user_id, %(key)s || CAST(occ.id AS TEXT), occ.due_date, occ.title, occ.context,
       %(row_url)s || CAST(occ.roadmap_id AS TEXT) || %(row_anchor)s || CAST(occ.row_id AS TEXT),
       %(group)s || CAST(occ.row_id AS TEXT), %(overdue)s
FROM people p JOIN occ ON occ.id = p.occ_id
WHERE occ.due_date < %(today)s AND occ.report_scope = %(none)s AND NOT EXISTS (
    SELECT 1 FROM {report} pr
    WHERE pr.occurrence_id = occ.id AND pr.organization_id = occ.office_id AND pr.state = %(accepted)s
)
UNION ALL
SELECT h.user_id, %(key)s || CAST(occ.id AS TEXT) || ':org:' || CAST(h.organization_id AS TEXT),
       occ.due_date, occ.title, occ.context, %(tasks_url)s,
       %(group)s || CAST(occ.row_id AS TEXT) || ':org:' || CAST(h.organization_id AS TEXT), %(upcoming)s
FROM heads h JOIN occ ON occ.id = h.occ_id
WHERE occ.due_date >= %(today)s AND NOT EXISTS (
    SELECT 1 FROM {report} pr
    WHERE pr.occurrence_id = occ.id AND pr.organization_id = h.organization_id
      AND pr.state IN (%(submitted)s, %(accepted)s)
)
UNION ALL
SELECT h.user_id, %(key)s || CAST(occ.id AS TEXT) || ':org:' || CAST(h.organization_id AS TEXT),
       occ.due_date, occ.title, occ.context, %(tasks_url)s,
       %(group)s || CAST(occ.row_id AS TEXT) || ':org:' || CAST(h.organization_id AS TEXT), %(overdue)s
FROM heads h JOIN occ ON occ.id = h.occ_id
WHERE occ.due_date < %(today)s AND NOT EXISTS (
    SELECT 1 FROM {report} pr
    WHERE pr.occurrence_id = occ.id AND pr.organization_id = h.organization_id AND pr.state = %(accepted)s
)
"""


class OccurrenceSource:
    name = "roadmaps"

    def due_query(
        self, *, dates: Sequence[dt.date], today: dt.date, told: Collection[int]
    ) -> DueQuery | None:
        dates = sorted(dates)
        if not dates:
            return None
        told = {int(uid) for uid in told}
        members = _members(group_members(), told)
        row_groups = _row_groups(dates)
        marker = 987654321  # a roadmap id to cut the page's address around
        row_url = reverse("roadmaps:detail", args=[marker])
        before_id, after_id = row_url.split(str(marker))
        params = {f"d{n}": connection.ops.adapt_datefield_value(day) for n, day in enumerate(dates)}
        params |= {
            "today": connection.ops.adapt_datefield_value(today),
            "approved": Roadmap.Status.APPROVED,
            "all": Scope.ALL,
            "selected": Scope.SELECTED,
            "none": Scope.NONE,
            "submitted": State.SUBMITTED,
            "accepted": State.ACCEPTED,
            "key": "roadmaps.occurrence:",
            "group": "roadmaps.row:",
            "row_url": before_id,
            "row_anchor": f"{after_id}#row-",
            "tasks_url": reverse("roadmaps:my_tasks"),
            "upcoming": PHASE_UPCOMING,
            "overdue": PHASE_OVERDUE,
        }
        linked = RoadmapRow.responsible_people.through
        sql = QUERY.format(
            members=_values(members, 3),
            row_groups=_values(row_groups, 2),
            dates=", ".join(f"%(d{n})s" for n in range(len(dates))),
            not_told=f"AND p.user_id NOT IN ({', '.join(str(uid) for uid in sorted(told))})" if told else "",
            occurrence=Occurrence._meta.db_table,
            row=RoadmapRow._meta.db_table,
            roadmap=Roadmap._meta.db_table,
            report=ProgressReport._meta.db_table,
            report_schools=RoadmapRow.report_schools.through._meta.db_table,
            linked=linked._meta.db_table,
            person=Person._meta.db_table,
            school_director=SCHOOL_DIRECTOR,
            school_head=SCHOOL_HEAD,
            director=DIRECTOR,
            every_school_head=EVERY_SCHOOL_HEAD,
            chosen_school_head=CHOSEN_SCHOOL_HEAD,
        )
        return DueQuery.named(sql, params)
