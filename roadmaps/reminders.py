"""Roadmap deadlines as a reminder source (see notifications.registry): one query of (person, item) pairs.

For every active occurrence of an approved roadmap due on one of the asked dates:
- the responsible people linked to the row and the members of the groups it names («Специалисты
  районного методического кабинета», «Руководители ОО», «Руководители РМО»: reminder_recipients.py)
  hear about it before and on the due date; when the item is the office's own work (no school
  reports), they also get the weekly overdue reminder until the office's report is accepted;
- for an item assigned to schools, the director(s) of each school hear about it before and on the
  date unless the school has already sent or had accepted its report, and weekly after the date
  until the report is accepted.

Built in sets: the groups of each row due on the dates are read in Python (its «Ответственные» text,
once per distinct text; one query of the rows), the heads of associations come from group_members()
(the associations app tells where they belong); everything else — occurrences, methodists and
directors by their roles, linked people, reports — is one SQL query that multiplies occurrences by
people. Every join there is on an index or on a constant, so a bad row estimate cannot make it
quadratic. Nothing grows a Python object per occurrence or per pair.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence

from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from directory.models import Organization, Person, Role
from notifications.registry import PHASE_OVERDUE, PHASE_UPCOMING, DueQuery, ListLink

from . import owners
from .models import Occurrence, ProgressReport, Roadmap, RoadmapRow
from .reminder_recipients import group_members, groups_of
from .responsible import ASSOCIATION_HEADS, DIRECTORS, METHODISTS

Scope = RoadmapRow.ReportScope
State = ProgressReport.State


def _row_lists(dates: Sequence) -> tuple[dict[str, list[int]], dict[int, set[int]]]:
    """The rows with an occurrence on the dates ("due"), and those whose groups are told, by group;
    and, for the rows of an owned roadmap (owners.py) naming «руководители МО», row -> its owner's heads."""
    lists: dict[str, list[int]] = {
        "due": [],
        "methodists": [],
        "directors": [],
        "heads": [],
        "chosen_heads": [],
        "owner_heads": [],  # rows of an association's plan: its own heads only
        "chosen_schools": [],  # rows assigned to chosen schools (their directors are told per school)
    }
    owned = set(owners.owned_kinds())
    owned_rows: dict[int, int] = {}  # row id -> roadmap id
    owned_roadmaps: dict[int, str] = {}  # roadmap id -> kind
    rows = RoadmapRow.objects.filter(
        is_heading=False,
        roadmap__status=Roadmap.Status.APPROVED,
        pk__in=Occurrence.objects.filter(due_date__in=dates, is_active=True).values("row_id"),
    ).values_list(
        "pk",
        "reminders_by_hand",
        "reminder_groups",
        "responsible_text",
        "report_scope",
        "roadmap_id",
        "roadmap__kind",
    )
    for pk, by_hand, chosen, text, scope, roadmap_id, kind in rows:
        lists["due"].append(pk)
        if scope == Scope.SELECTED:
            lists["chosen_schools"].append(pk)
        for group in groups_of(by_hand=by_hand, chosen=chosen or (), responsible_text=text):
            if group == METHODISTS:
                lists["methodists"].append(pk)
            elif group == DIRECTORS and scope == Scope.NONE:
                # Of a row the schools report on, the directors are told per school (the query's end).
                lists["directors"].append(pk)
            elif group == ASSOCIATION_HEADS and kind in owned:
                lists["owner_heads"].append(pk)
                owned_rows[pk] = roadmap_id
                owned_roadmaps[roadmap_id] = kind
            elif group == ASSOCIATION_HEADS:
                lists["chosen_heads" if scope == Scope.SELECTED else "heads"].append(pk)
    heads = owners.heads_of(owned_roadmaps) if owned_roadmaps else {}
    return lists, {row: heads.get(roadmap_id, set()) for row, roadmap_id in owned_rows.items()}


def _ids(ids: Iterable[int]) -> str:
    """Integers inlined into the SQL (never user text): a long IN list is hashed by PostgreSQL."""
    return ", ".join(str(int(pk)) for pk in sorted(ids))


def _users(name: str, ids: Iterable[int]) -> str:
    """A CTE of user ids: name (user_id) AS (VALUES (1), (2)); a row of 0 (no user) when empty."""
    return f"{name} (user_id) AS (VALUES {', '.join(f'({int(pk)})' for pk in sorted(ids)) or '(0)'})"


# The query. {…} are table names and inlined ids, %(…)s parameters. Each arm reads the occurrences
# through their indexes (a CTE of them would have no statistics, and the database would guess its
# plans); overdue dates are counted per row (and school) on narrow columns before anything is
# multiplied by people, so the text of a line is built once per line that is told.
DUE = """{occurrence} o
    JOIN {row} r ON r.id = o.row_id
    JOIN {roadmap} rm ON rm.id = r.roadmap_id"""
DUE_WHERE = "o.due_date IN ({dates}) AND o.is_active AND NOT r.is_heading AND rm.status = %(approved)s"
TITLE = "TRIM(r.number || ' ' || r.activity)"
ROW_URL = "%(row_url)s || CAST(rm.id AS TEXT) || %(row_anchor)s || CAST(r.id AS TEXT)"
# A school's report that ends the reminders: accepted; before the date, also one sent for review.
REPORT_DONE = """SELECT 1 FROM {report} pr
        WHERE pr.occurrence_id = o.id AND pr.organization_id = {school} AND (
            pr.state = %(accepted)s OR (pr.state = %(submitted)s AND o.due_date >= %(today)s)
        )"""

QUERY = """
WITH methodists AS (
    -- As reminder_recipients.group_members(): active users by their roles.
    SELECT DISTINCT ro.user_id
    FROM {role} ro JOIN {user} u ON u.id = ro.user_id
    WHERE ro.kind = %(methodist)s AND u.is_active {told_role}
),
school_directors AS (
    SELECT DISTINCT ro.organization_id, ro.user_id
    FROM {role} ro JOIN {user} u ON u.id = ro.user_id JOIN {organization} g ON g.id = ro.organization_id
    WHERE ro.kind = %(director)s AND g.kind = %(school)s AND u.is_active {told_role}
),
chosen_directors AS (
    SELECT DISTINCT rs.roadmaprow_id AS row_id, ro.organization_id, ro.user_id
    FROM {report_schools} rs
    JOIN {role} ro ON ro.organization_id = rs.organization_id AND ro.kind = %(director)s
    JOIN {user} u ON u.id = ro.user_id
    WHERE rs.roadmaprow_id IN ({chosen_rows}) AND u.is_active {told_role}
),
{heads},
{district_heads},
school_heads (organization_id, user_id) AS (VALUES {school_heads}),
owner_heads (row_id, user_id) AS (VALUES {owner_heads}),
row_people (row_id, user_id) AS (
{row_people}
)
-- The people of a row, before and on the date.
SELECT rp.user_id AS recipient_id, %(key)s || CAST(o.id AS TEXT) AS source_key, o.due_date,
       {title} AS title, rm.title AS context, {row_url} AS url, %(upcoming)s AS phase, 1 AS overdue_count
FROM {due} JOIN row_people rp ON rp.row_id = r.id
WHERE {due_where} AND o.due_date >= %(today)s
UNION ALL
-- ... weekly after it, if the row is the office's own work and its report is not accepted (not of an
-- owned roadmap, an association's plan: nobody reports on it, so nothing would ever end the reminders).
SELECT rp.user_id, %(group)s || CAST(r.id AS TEXT), late.due_date, {title}, rm.title, {row_url},
       %(overdue)s, late.together
FROM (
    SELECT o.row_id, MAX(o.due_date) AS due_date, COUNT(*) AS together
    FROM {due}
    WHERE {due_where} AND o.due_date < %(today)s AND r.report_scope = %(none)s {not_owned} AND NOT EXISTS (
        SELECT 1 FROM {report} pr
        WHERE pr.occurrence_id = o.id AND pr.organization_id = rm.organization_id AND pr.state = %(accepted)s
    )
    GROUP BY o.row_id
) late
JOIN {row} r ON r.id = late.row_id
JOIN {roadmap} rm ON rm.id = r.roadmap_id
JOIN row_people rp ON rp.row_id = r.id
UNION ALL
-- The director(s) of each school a row is assigned to (every school, or the chosen ones): before and
-- on the date unless the school has sent its report, ...
SELECT d.user_id, %(key)s || CAST(o.id AS TEXT) || ':org:' || CAST(d.organization_id AS TEXT),
       o.due_date, {title}, rm.title, %(tasks_url)s, %(upcoming)s, 1
FROM {due} CROSS JOIN school_directors d
WHERE {due_where} AND o.due_date >= %(today)s AND r.report_scope = %(all)s
  AND NOT EXISTS ({done_all})
UNION ALL
SELECT d.user_id, %(key)s || CAST(o.id AS TEXT) || ':org:' || CAST(d.organization_id AS TEXT),
       o.due_date, {title}, rm.title, %(tasks_url)s, %(upcoming)s, 1
FROM {due} JOIN chosen_directors d ON d.row_id = r.id
WHERE {due_where} AND o.due_date >= %(today)s AND r.report_scope = %(selected)s
  AND NOT EXISTS ({done_chosen})
UNION ALL
-- ... and weekly after it until the report is accepted: one line per row and school.
SELECT d.user_id, %(group)s || CAST(r.id AS TEXT) || ':org:' || CAST(d.organization_id AS TEXT),
       late.due_date, {title}, rm.title, %(tasks_url)s, %(overdue)s, late.together
FROM (
    SELECT o.row_id, s.organization_id, MAX(o.due_date) AS due_date, COUNT(*) AS together
    FROM {due} CROSS JOIN (SELECT DISTINCT organization_id FROM school_directors) s
    WHERE {due_where} AND o.due_date < %(today)s AND r.report_scope = %(all)s
      AND NOT EXISTS ({done_school})
    GROUP BY o.row_id, s.organization_id
    UNION ALL
    SELECT o.row_id, s.organization_id, MAX(o.due_date), COUNT(*)
    FROM {due} JOIN (SELECT DISTINCT row_id, organization_id FROM chosen_directors) s ON s.row_id = r.id
    WHERE {due_where} AND o.due_date < %(today)s AND r.report_scope = %(selected)s
      AND NOT EXISTS ({done_school})
    GROUP BY o.row_id, s.organization_id
) late
JOIN {row} r ON r.id = late.row_id
JOIN {roadmap} rm ON rm.id = r.roadmap_id
JOIN (
    SELECT organization_id, user_id FROM school_directors
    UNION
    SELECT organization_id, user_id FROM chosen_directors
) d ON d.organization_id = late.organization_id
"""

# (row id, user id) of the rows' people, by group; each only when it has rows.
ROW_PEOPLE = {
    "methodists": "SELECT r.id, m.user_id FROM {row} r CROSS JOIN methodists m WHERE r.id IN ({rows})",
    "directors": "SELECT r.id, d.user_id FROM {row} r CROSS JOIN school_directors d WHERE r.id IN ({rows})",
    "heads": "SELECT r.id, h.user_id FROM {row} r CROSS JOIN heads h WHERE r.id IN ({rows})",
    "chosen_heads": (
        "SELECT r.id, h.user_id FROM {row} r CROSS JOIN district_heads h WHERE r.id IN ({rows})\n"
        "UNION\n"
        "SELECT rs.roadmaprow_id, h.user_id FROM {report_schools} rs\n"
        "JOIN school_heads h ON h.organization_id = rs.organization_id WHERE rs.roadmaprow_id IN ({rows})"
    ),
    # The heads of the association that owns the row's roadmap (owners.py), not every head.
    "owner_heads": "SELECT oh.row_id, oh.user_id FROM owner_heads oh WHERE oh.row_id IN ({rows})",
    # The people linked to the row (named in «Ответственные» or chosen by the методист).
    "due": (
        "SELECT t.roadmaprow_id, p.user_id FROM {linked} t JOIN {person} p ON p.id = t.person_id\n"
        "WHERE t.roadmaprow_id IN ({rows}) AND p.user_id IS NOT NULL {told_person}"
    ),
}


class OccurrenceSource:
    name = "roadmaps"
    list_link = ListLink("Мои задачи", "roadmaps:my_tasks")

    def due_query(
        self, *, dates: Sequence[dt.date], today: dt.date, told: Collection[int]
    ) -> DueQuery | None:
        dates = sorted(dates)
        if not dates:
            return None
        told = {int(uid) for uid in told}
        members = group_members()
        all_school_heads = {uid for heads in members.school_heads.values() for uid in heads}
        lists, row_heads = _row_lists(dates)
        marker = 987654321  # a roadmap id to cut the page's address around
        before_id, after_id = reverse("roadmaps:detail", args=[marker]).split(str(marker))
        tables = {
            "occurrence": Occurrence._meta.db_table,
            "row": RoadmapRow._meta.db_table,
            "roadmap": Roadmap._meta.db_table,
            "report": ProgressReport._meta.db_table,
            "report_schools": RoadmapRow.report_schools.through._meta.db_table,
            "linked": RoadmapRow.responsible_people.through._meta.db_table,
            "person": Person._meta.db_table,
            "role": Role._meta.db_table,
            "user": get_user_model()._meta.db_table,
            "organization": Organization._meta.db_table,
        }
        told_ids = _ids(told)
        school_heads = sorted(
            (school, uid)
            for school, heads in members.school_heads.items()
            for uid in heads
            if uid not in told
        )
        names = {
            "told_role": f"AND ro.user_id NOT IN ({told_ids})" if told else "",
            "told_person": f"AND p.user_id NOT IN ({told_ids})" if told else "",
            **tables,
        }
        row_people = [
            ROW_PEOPLE[name].format(rows=_ids(rows), **names)
            for name, rows in lists.items()
            if rows and name in ROW_PEOPLE
        ]
        if not row_people:
            return None  # no row is due on these dates
        dates_sql = ", ".join(f"%(d{n})s" for n in range(len(dates)))
        sql = QUERY.format(
            heads=_users("heads", (members.district_heads | all_school_heads) - told),
            district_heads=_users("district_heads", members.district_heads - told),
            school_heads=", ".join(f"({int(o)}, {int(u)})" for o, u in [(0, 0), *school_heads]),
            owner_heads=", ".join(
                f"({int(r)}, {int(u)})"
                for r, u in [
                    (0, 0),
                    *sorted((r, u) for r, users in row_heads.items() for u in users if u not in told),
                ]
            ),
            row_people="\nUNION\n".join(row_people),
            not_owned="".join(f"AND rm.kind <> %(owned{n})s " for n in range(len(owners.owned_kinds()))),
            chosen_rows=_ids(lists["chosen_schools"]) or "0",
            due=DUE.format(**tables),
            due_where=DUE_WHERE.format(dates=dates_sql),
            title=TITLE,
            row_url=ROW_URL,
            done_all=REPORT_DONE.format(school="d.organization_id", **tables),
            done_chosen=REPORT_DONE.format(school="d.organization_id", **tables),
            done_school=REPORT_DONE.format(school="s.organization_id", **tables),
            **names,
        )
        params = {f"d{n}": connection.ops.adapt_datefield_value(day) for n, day in enumerate(dates)}
        params |= {f"owned{n}": kind for n, kind in enumerate(owners.owned_kinds())}
        params |= {
            "today": connection.ops.adapt_datefield_value(today),
            "approved": Roadmap.Status.APPROVED,
            "methodist": Role.Kind.METHODIST,
            "director": Role.Kind.DIRECTOR,
            "school": Organization.Kind.SCHOOL,
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
        return DueQuery.named(sql, params)
