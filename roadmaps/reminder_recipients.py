"""Who is reminded of a roadmap row besides the schools that report: reads, in constant queries.

A row reaches the people linked to it (named in «Ответственные», or chosen by the методист) and the
groups its text names (responsible.detect_groups) or the методист chose:
- «методисты кабинета»: every active user with the role методист;
- «руководители ОО»: the directors of the row's schools — the chosen ones, else every school;
- «руководители МО»: the heads of associations (the role association_head). Which school an
  association belongs to is told by the associations app through directory.roles (roadmaps never
  imports it): heads of a school's ШМО only for the row's schools, heads of district ones always.
  In an association's own plan (a roadmap owned through owners.py) only that association's heads.
Used by the reminder scan (reminders.py) and by the line «Напоминания получат: …» on the roadmap page.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from directory.models import Organization, Role
from directory.roles import scope_organizations

from . import owners
from .models import RoadmapRow
from .responsible import ASSOCIATION_HEADS, DIRECTORS, GROUP_LABELS, METHODISTS, detect_groups

Scope = RoadmapRow.ReportScope
GROUP_CHOICES = [
    (METHODISTS, "Методисты кабинета"),
    (DIRECTORS, "Руководители ОО"),
    (ASSOCIATION_HEADS, "Руководители МО"),
]


def row_groups(row: RoadmapRow) -> list[str]:
    """The groups reminded of the row: chosen by hand, else read from its «Ответственные» text."""
    return groups_of(
        by_hand=row.reminders_by_hand, chosen=row.reminder_groups, responsible_text=row.responsible_text
    )


def groups_of(*, by_hand: bool, chosen: Iterable[str], responsible_text: str) -> list[str]:
    """row_groups() from the row's values (the scan reads them without making rows)."""
    if by_hand:
        return [group for group in chosen if group in GROUP_LABELS]
    return list(_detected(responsible_text or ""))


@lru_cache(maxsize=4096)
def _detected(text: str) -> tuple[str, ...]:
    # Many rows share a text («Руководители ОО»): read each once.
    return tuple(detect_groups(text))


@dataclass
class GroupMembers:
    """The members of every group, loaded once for a scan or a page (one or two queries)."""

    methodists: set[int] = field(default_factory=set)
    directors: dict[int, set[int]] = field(default_factory=dict)  # organization id -> user ids
    school_heads: dict[int, set[int]] = field(default_factory=dict)  # school id -> heads of its ШМО
    district_heads: set[int] = field(default_factory=set)  # heads of РМО, ГМО, творческих групп
    schools: set[int] = field(default_factory=set)  # the schools («все школы») that have a director
    # The heads of the association owning the roadmap (owners.py): «руководители МО» of its plan.
    owner_heads: set[int] | None = None

    def row_schools(self, row: RoadmapRow, chosen: Iterable[int]) -> set[int] | None:
        """The schools a group means for this row: the chosen ones, or None for every school."""
        return set(chosen) if row.report_scope == Scope.SELECTED else None

    def users(self, group: str, schools: Collection[int] | None) -> set[int]:
        if group == METHODISTS:
            return set(self.methodists)
        if group == DIRECTORS:
            schools = self.schools if schools is None else schools
            return {uid for school in schools for uid in self.directors.get(school, ())}
        if group == ASSOCIATION_HEADS and self.owner_heads is not None:
            return set(self.owner_heads)
        if group == ASSOCIATION_HEADS:
            schools = self.school_heads.keys() if schools is None else schools
            return self.district_heads | {
                uid for school in schools for uid in self.school_heads.get(school, ())
            }
        return set()


def group_members(roadmap=None) -> GroupMembers:
    """Every active методист, director (by school) and association head (by school or district);
    for a roadmap another app owns, also the heads that app names for it (one more query)."""
    members = GroupMembers()
    if roadmap is not None and owners.owner_of(roadmap) is not None:
        members.owner_heads = owners.heads_of({roadmap.pk: roadmap.kind}).get(roadmap.pk, set())
    heads = []
    roles = Role.objects.filter(
        kind__in=[Role.Kind.METHODIST, Role.Kind.DIRECTOR, Role.Kind.ASSOCIATION_HEAD], user__is_active=True
    ).values_list("kind", "user_id", "organization_id", "organization__kind", "scope_id")
    for kind, user_id, organization_id, organization_kind, scope_id in roles:
        if kind == Role.Kind.METHODIST:
            members.methodists.add(user_id)
        elif kind == Role.Kind.DIRECTOR and organization_id:
            members.directors.setdefault(organization_id, set()).add(user_id)
            if organization_kind == Organization.Kind.SCHOOL:  # as progress.services.reporting_schools
                members.schools.add(organization_id)
        elif kind == Role.Kind.ASSOCIATION_HEAD:
            heads.append((user_id, scope_id))
    places = scope_organizations(Role.Kind.ASSOCIATION_HEAD, {scope for _, scope in heads if scope})
    for user_id, scope_id in heads:
        organization_id, of_school = places.get(scope_id, (None, False))
        if of_school and organization_id:
            members.school_heads.setdefault(organization_id, set()).add(user_id)
        else:
            members.district_heads.add(user_id)
    return members


def row_group_users(row: RoadmapRow, members: GroupMembers, chosen: Iterable[int]) -> dict[str, set[int]]:
    """Group -> the users it reminds of the row. The directors of the schools a row is assigned to are
    reminded per school by the scan anyway (until their report is in), so they are shown here too."""
    schools = members.row_schools(row, chosen)
    groups = row_groups(row)
    if row.report_scope != Scope.NONE and DIRECTORS not in groups:
        groups.append(DIRECTORS)
    return {group: members.users(group, schools) for group in groups}


@dataclass(frozen=True)
class Recipients:
    """What the line «Напоминания получат: …» says about one row."""

    groups: list[tuple[str, int]]  # (label, how many people)
    people: list[str]  # linked people with an account
    without_account: list[str]  # linked people who cannot be reminded
    by_hand: bool

    @property
    def nobody(self) -> bool:
        return not self.people and not any(count for _, count in self.groups)

    @property
    def text(self) -> str:
        parts = [f"{GROUP_LABELS[group]} ({count})" for group, count in self.groups]
        parts += self.people
        return ", ".join(parts) if parts else "никто"


def recipients(
    row: RoadmapRow,
    members: GroupMembers,
    *,
    chosen: Iterable[int],
    people: Iterable[tuple[str, bool]],
) -> Recipients:
    """The row's recipients from preloaded data: `chosen` school ids, `people` (short name, has account)."""
    groups = row_group_users(row, members, chosen)
    people = list(people)
    return Recipients(
        groups=[(group, len(users)) for group, users in groups.items()],
        people=[name for name, reachable in people if reachable],
        without_account=[name for name, reachable in people if not reachable],
        by_hand=row.reminders_by_hand,
    )


def linked_people(*, roadmap_id: int) -> dict[int, list[tuple[str, bool]]]:
    """Row id -> the linked people as (short name, has an active account), for a roadmap in one query."""
    through = RoadmapRow.responsible_people.through
    links = (
        through.objects.filter(roadmaprow__roadmap_id=roadmap_id)
        .order_by("person__last_name", "person__first_name")
        .values_list(
            "roadmaprow_id",
            "person__last_name",
            "person__first_name",
            "person__patronymic",
            "person__user__is_active",
        )
    )
    result: dict[int, list[tuple[str, bool]]] = {}
    for row_id, last, first, middle, active in links:
        initials = "".join(f"{p[0]}." for p in (first, middle) if p)
        result.setdefault(row_id, []).append((f"{last} {initials}".strip(), bool(active)))
    return result
