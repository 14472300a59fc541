"""What contests remind of (notifications.registry), a juror's «Мои задачи» and start card.

* The scoring deadline (Round.scoring_deadline) of an open round: each scoring juror (председатель, член
  жюри) whose sheet of the round is not signed hears before and on the day ('upcoming'), then weekly
  ('overdue'; a juror's sheet of a round is its own group).
* The application window closing (Contest.applications_close_on) of a contest taking applications: each
  director of a school hears before and on the last day; nothing after it (the window is shut).

The scan itself keeps it to once per person and occasion (its claims).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from core.navigation import Card
from directory.access import user_scope
from directory.models import Organization, Person, Role
from notifications.registry import PHASE_OVERDUE, PHASE_UPCOMING, DueQuery
from notifications.task_sources import TaskItem, TaskSource

from .models import Contest, JuryMember, Round, ScoreSheet

_MARK, _MARK2 = 987654321, 987654322


def _sheet_url_parts() -> tuple[str, str, str]:
    """The sheet page's URL around the contest's and the round's ids, from reverse()."""
    before, rest = reverse("contests:sheet", args=[_MARK, _MARK2]).split(str(_MARK), 1)
    middle, after = rest.split(str(_MARK2), 1)
    return before, middle, after


def _marks(params: dict, prefix: str, values) -> str:
    marks = []
    for n, value in enumerate(values):
        params[f"{prefix}{n}"] = value
        marks.append(f"%({prefix}{n})s")
    return ", ".join(marks)


def _told(column: str, told) -> str:
    return f"AND {column} NOT IN (" + ", ".join(str(int(u)) for u in told) + ")" if told else ""


class ScoringDeadlineSource:
    name = "contests.scoring"
    list_link = None

    def due_query(self, *, dates, today, told):
        dates = list(dates)
        if not dates:
            return None
        url_before, url_middle, url_after = _sheet_url_parts()
        params: dict[str, object] = {
            "today": today,
            "open": Round.Status.OPEN,
            "active": True,
            "upcoming": PHASE_UPCOMING,
            "overdue": PHASE_OVERDUE,
            "key": "contests.sheet:",
            "prefix": "Оценочный лист: ",
            "url": url_before,
            "rounds": url_middle,
            "tail": url_after,
        }
        date_marks = _marks(params, "d", dates)
        role_marks = _marks(params, "r", [JuryMember.Role.CHAIR, JuryMember.Role.MEMBER])
        sql = f"""
            SELECT p.user_id AS recipient_id,
                   %(key)s || CAST(rd.id AS TEXT) || ':' || CAST(p.user_id AS TEXT) AS source_key,
                   rd.scoring_deadline AS due_date,
                   %(prefix)s || rd.title AS title,
                   c.name AS context,
                   %(url)s || CAST(c.id AS TEXT) || %(rounds)s || CAST(rd.id AS TEXT) || %(tail)s AS url,
                   CASE WHEN rd.scoring_deadline >= %(today)s THEN %(upcoming)s ELSE %(overdue)s END AS phase,
                   1 AS overdue_count
            FROM {Round._meta.db_table} rd
            JOIN {Contest._meta.db_table} c ON c.id = rd.contest_id
            JOIN {JuryMember._meta.db_table} j
                 ON j.contest_id = rd.contest_id AND (j.round_id IS NULL OR j.round_id = rd.id)
            JOIN {Person._meta.db_table} p ON p.id = j.person_id
            JOIN {get_user_model()._meta.db_table} u ON u.id = p.user_id AND u.is_active = %(active)s
            WHERE rd.status = %(open)s
              AND rd.scoring_deadline IN ({date_marks})
              AND j.role IN ({role_marks})
              AND NOT EXISTS (
                  SELECT 1 FROM {ScoreSheet._meta.db_table} s
                  WHERE s.round_id = rd.id AND s.juror_id = j.id AND s.signed_at IS NOT NULL)
              {_told("p.user_id", told)}
            GROUP BY p.user_id, rd.id, rd.scoring_deadline, rd.title, c.name, c.id
        """
        return DueQuery.named(sql, params)


class ApplicationWindowSource:
    name = "contests.applications"
    list_link = None

    def due_query(self, *, dates, today, told):
        dates = [day for day in dates if day >= today]  # nothing after the window shut
        if not dates:
            return None
        params: dict[str, object] = {
            "director": Role.Kind.DIRECTOR,
            "taking": Contest.Status.APPLICATIONS,
            "active": True,
            "upcoming": PHASE_UPCOMING,
            "key": "contests.applications:",
            "prefix": "Приём заявок на конкурс заканчивается: ",
            "context": "Конкурсы",
            "url": reverse("contests:detail", args=[_MARK]).split(str(_MARK), 1)[0],
            "tail": "/",
        }
        date_marks = _marks(params, "d", dates)
        district_marks = _marks(params, "k", Organization.DISTRICT_KINDS)
        sql = f"""
            SELECT DISTINCT r.user_id AS recipient_id,
                   %(key)s || CAST(c.id AS TEXT) AS source_key,
                   c.applications_close_on AS due_date,
                   %(prefix)s || c.name AS title,
                   %(context)s AS context,
                   %(url)s || CAST(c.id AS TEXT) || %(tail)s AS url,
                   %(upcoming)s AS phase,
                   1 AS overdue_count
            FROM {Contest._meta.db_table} c
            JOIN {Role._meta.db_table} r ON r.kind = %(director)s
            JOIN {Organization._meta.db_table} o ON o.id = r.organization_id
            JOIN {get_user_model()._meta.db_table} u ON u.id = r.user_id AND u.is_active = %(active)s
            WHERE c.status = %(taking)s
              AND c.applications_close_on IN ({date_marks})
              AND o.kind NOT IN ({district_marks})
              {_told("r.user_id", told)}
        """
        return DueQuery.named(sql, params)


# --- A juror's unsigned sheets: «Мои задачи» and the start card ------------------------------------------


def open_rounds_to_score(person_id: int):
    """The open rounds the person scores (a seat of the contest or of the round) whose sheet they have not
    signed, with the contest (one query)."""
    seats = JuryMember.objects.filter(
        contest_id=OuterRef("contest_id"),
        person_id=person_id,
        role__in=[JuryMember.Role.CHAIR, JuryMember.Role.MEMBER],
    ).filter(Q(round__isnull=True) | Q(round_id=OuterRef("pk")))
    signed = ScoreSheet.objects.filter(
        round_id=OuterRef("pk"), juror__person_id=person_id, signed_at__isnull=False
    )
    return (
        Round.objects.filter(Exists(seats), status=Round.Status.OPEN)
        .exclude(Exists(signed))
        .select_related("contest")
        .order_by("scoring_deadline", "contest__name", "position", "pk")
    )


def _task_items(user, today) -> list[TaskItem]:
    person_id = user_scope(user).person_id
    if person_id is None:
        return []
    return [
        TaskItem(
            title=f"Заполнить и подписать оценочный лист: {round.title}",
            deadline=round.scoring_deadline,
            context=f"Конкурс «{round.contest}»",
            url=reverse("contests:sheet", args=[round.contest_id, round.pk]),
            overdue=bool(round.scoring_deadline and round.scoring_deadline < today),
            key=f"contest-sheet-{round.pk}",
        )
        for round in open_rounds_to_score(person_id)
    ]


TASKS = TaskSource(
    name="contests.sheets",
    label="Оценочные листы конкурсов",
    items=_task_items,
    visible=lambda scope: scope.person_id is not None and bool(scope.contest_ids),
)


def sheet_cards(scope, kind: str) -> list[Card]:
    """A juror's start card per open round they score and have not signed (one query)."""
    if kind != Role.Kind.JURY or scope.person_id is None:
        return []
    cards = []
    for round in open_rounds_to_score(scope.person_id):
        deadline = f" Оценки — до {round.scoring_deadline:%d.%m.%Y}." if round.scoring_deadline else ""
        cards.append(
            Card(
                f"Оценочный лист: {round.title}",
                f"Конкурс «{round.contest}».{deadline}",
                reverse("contests:sheet", args=[round.contest_id, round.pk]),
            )
        )
    return cards
