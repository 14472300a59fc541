"""Roadmap deadlines as a reminder source (see notifications.registry).

For every active occurrence of an approved roadmap due on one of the asked dates:
- the responsible people linked to the row and the members of the groups it names («Специалисты
  районного методического кабинета», «Руководители ОО», «Руководители РМО»: reminder_recipients.py)
  hear about it before and on the due date; when the item is the office's own work (no school
  reports), they also get the weekly overdue reminder until the office's report is accepted;
- for an item assigned to schools, the director(s) of each school hear about it before and on the
  date unless the school has already sent or had accepted its report, and weekly after the date
  until the report is accepted.
A constant number of queries, whatever the number of occurrences.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator

from django.db.models import Prefetch
from django.urls import reverse

from directory.models import Person
from notifications.registry import DueThing

from .models import Occurrence, ProgressReport, Roadmap, RoadmapRow
from .reminder_recipients import group_members, row_group_users
from .responsible import DIRECTORS

Scope = RoadmapRow.ReportScope
DONE_FOR_BEFORE = (ProgressReport.State.SUBMITTED, ProgressReport.State.ACCEPTED)


class OccurrenceSource:
    name = "roadmaps"

    def due_things(self, *, dates: Collection[dt.date], today: dt.date) -> Iterator[DueThing]:
        occurrences = list(
            Occurrence.objects.filter(
                due_date__in=list(dates),
                is_active=True,
                row__is_heading=False,
                row__roadmap__status=Roadmap.Status.APPROVED,
            )
            .select_related("row__roadmap")
            .prefetch_related(
                Prefetch("row__responsible_people", queryset=Person.objects.only("id", "user_id")),
                Prefetch("row__report_schools"),
                Prefetch(
                    "reports",
                    queryset=ProgressReport.objects.only("id", "occurrence_id", "organization_id", "state"),
                ),
            )
        )
        if not occurrences:
            return
        members = group_members()  # also every director by school: one query for all the roles
        directors = members.directors
        all_schools = sorted(members.schools)  # the schools (with a director to tell) of «все школы»
        tasks_url = reverse("roadmaps:my_tasks")
        for occurrence in occurrences:
            row = occurrence.row
            roadmap = row.roadmap
            title = f"{row.number} {row.activity}".strip()
            states = {report.organization_id: report.state for report in occurrence.reports.all()}
            chosen = [s.pk for s in row.report_schools.all()]
            people = {p.user_id for p in row.responsible_people.all() if p.user_id}
            for group, users in row_group_users(row, members, chosen).items():
                if group == DIRECTORS and row.report_scope != Scope.NONE:
                    continue  # the directors of the assigned schools are told per school, below
                people |= users
            people = tuple(sorted(people))
            if people:
                own_work = row.report_scope == Scope.NONE
                office_done = states.get(roadmap.organization_id) == ProgressReport.State.ACCEPTED
                yield DueThing(
                    key=f"roadmaps.occurrence:{occurrence.pk}",
                    due_date=occurrence.due_date,
                    title=title,
                    context=roadmap.title,
                    url=f"{roadmap.get_absolute_url()}#row-{row.pk}",
                    recipients=people,
                    overdue_recipients=people if own_work and not office_done else (),
                    group=f"roadmaps.row:{row.pk}",
                )
            if row.report_scope == Scope.NONE:
                continue
            schools = all_schools if row.report_scope == Scope.ALL else chosen
            for school_id in schools:
                heads = tuple(sorted(directors.get(school_id, ())))
                if not heads:
                    continue
                state = states.get(school_id)
                yield DueThing(
                    key=f"roadmaps.occurrence:{occurrence.pk}:org:{school_id}",
                    due_date=occurrence.due_date,
                    title=title,
                    context=roadmap.title,
                    url=tasks_url,
                    recipients=() if state in DONE_FOR_BEFORE else heads,
                    overdue_recipients=() if state == ProgressReport.State.ACCEPTED else heads,
                    group=f"roadmaps.row:{row.pk}:org:{school_id}",
                )
