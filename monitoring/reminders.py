"""Campaign deadlines as a reminder source (notifications.registry.DueSource).

Each director of a school whose submission to an open school campaign is not sent or accepted hears
about the deadline before it and on the day ('upcoming'), then weekly after it ('overdue'; a school's
campaign is its own group).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from directory.models import Organization, Person, Role
from directory.person_facts import mentors_of
from notifications.registry import PHASE_OVERDUE, PHASE_UPCOMING, DueQuery

from .models import Campaign, Submission
from .rollcall import DONE_STATES

#: A campaign id no campaign has: reverse() builds the page's URL around it, the query puts the id in.
_ID_MARK = 987654321


def campaign_url_parts() -> tuple[str, str]:
    """The campaign page's URL before and after the id («/monitoring/campaigns/», «/»), from reverse()."""
    before, after = reverse("monitoring:campaign", args=[_ID_MARK]).split(str(_ID_MARK))
    return before, after


class CampaignDeadlineSource:
    name = "monitoring.campaigns"
    list_link = None

    def due_query(self, *, dates, today, told):
        dates = list(dates)
        if not dates:
            return None
        url_before, url_after = campaign_url_parts()
        params: dict[str, object] = {
            "today": today,
            "director": Role.Kind.DIRECTOR,
            "open": Campaign.Status.OPEN,
            "schools": Campaign.Audience.SCHOOLS,
            "active": True,
            "upcoming": PHASE_UPCOMING,
            "overdue": PHASE_OVERDUE,
            "key": "monitoring.campaign:",
            "prefix": "Мониторинг: ",
            "url": url_before,
            "url_after": url_after,
        }
        date_marks = []
        for n, day in enumerate(dates):
            params[f"d{n}"] = day
            date_marks.append(f"%(d{n})s")
        district_marks = []
        for n, kind in enumerate(Organization.DISTRICT_KINDS):
            params[f"k{n}"] = kind
            district_marks.append(f"%(k{n})s")
        done_marks = []
        for n, state in enumerate(DONE_STATES):
            params[f"s{n}"] = state
            done_marks.append(f"%(s{n})s")
        told_sql = ""
        if told:
            told_sql = "AND r.user_id NOT IN (" + ", ".join(str(int(u)) for u in told) + ")"
        sql = f"""
            SELECT r.user_id AS recipient_id,
                   %(key)s || CAST(c.id AS TEXT) || ':' || CAST(r.organization_id AS TEXT) AS source_key,
                   c.deadline AS due_date,
                   %(prefix)s || c.title AS title,
                   o.short_name AS context,
                   %(url)s || CAST(c.id AS TEXT) || %(url_after)s AS url,
                   CASE WHEN c.deadline >= %(today)s THEN %(upcoming)s ELSE %(overdue)s END AS phase,
                   1 AS overdue_count
            FROM {Campaign._meta.db_table} c
            JOIN {Role._meta.db_table} r ON r.kind = %(director)s
            JOIN {Organization._meta.db_table} o ON o.id = r.organization_id
            JOIN {get_user_model()._meta.db_table} u ON u.id = r.user_id AND u.is_active = %(active)s
            JOIN {Submission._meta.db_table} s
                   ON s.campaign_id = c.id AND s.organization_id = r.organization_id
            WHERE c.status = %(open)s AND c.audience = %(schools)s
              AND c.deadline IN ({", ".join(date_marks)})
              AND o.kind NOT IN ({", ".join(district_marks)})
              AND s.state NOT IN ({", ".join(done_marks)})
              {told_sql}
        """
        return DueQuery.named(sql, params)


def submission_url_parts() -> tuple[str, str]:
    """A questionnaire's URL before and after the id, from reverse()."""
    before, after = reverse("monitoring:submission", args=[_ID_MARK]).split(str(_ID_MARK))
    return before, after


class QuestionnaireDeadlineSource:
    """Teachers' questionnaires not yet sent in open campaigns with a deadline.

    Respondent «self»: the teacher (an active login; a teacher without one is skipped) hears about their
    own questionnaire, linked to it. Respondent «director»: each director of a school with questionnaires
    left hears once per campaign, grouped («Анкеты о педагогах: осталось N»), linked to the campaign page;
    no teacher is named. Respondent «mentor»: the mentors come from directory.person_facts.mentors_of
    (Python providers, not a table the query could join), so the source asks them before it builds the
    query — one query for the mentees still due plus the providers' own, whatever their number — and
    inlines the (mentee, mentor) id pairs; each mentor hears once per campaign, grouped as a director.
    """

    name = "monitoring.questionnaires"
    list_link = None

    def due_query(self, *, dates, today, told):
        dates = list(dates)
        if not dates:
            return None
        campaign_before, campaign_after = campaign_url_parts()
        submission_before, submission_after = submission_url_parts()
        params: dict[str, object] = {
            "today": today,
            "director": Role.Kind.DIRECTOR,
            "open": Campaign.Status.OPEN,
            "teachers": Campaign.Audience.TEACHERS,
            "self": Campaign.Respondent.SELF,
            "by_director": Campaign.Respondent.DIRECTOR,
            "by_mentor": Campaign.Respondent.MENTOR,
            "active": True,
            "upcoming": PHASE_UPCOMING,
            "overdue": PHASE_OVERDUE,
            "own_key": "monitoring.questionnaire:",
            "group_key": "monitoring.questionnaires:",
            "own_title": "Анкета: ",
            "group_title": "Анкеты о педагогах: осталось ",
            "context": "Мониторинг: ",
            "empty": "",
            "sub_url": submission_before,
            "sub_url_after": submission_after,
            "url": campaign_before,
            "url_after": campaign_after,
        }
        date_marks = []
        for n, day in enumerate(dates):
            params[f"d{n}"] = day
            date_marks.append(f"%(d{n})s")
        done_marks = []
        for n, state in enumerate(DONE_STATES):
            params[f"s{n}"] = state
            done_marks.append(f"%(s{n})s")
        not_told = "AND u.id NOT IN (" + ", ".join(str(int(u)) for u in told) + ")" if told else ""
        campaigns = f"""
            c.status = %(open)s AND c.audience = %(teachers)s
              AND c.deadline IN ({", ".join(date_marks)})
              AND s.person_id IS NOT NULL
              AND s.state NOT IN ({", ".join(done_marks)})
              {not_told}
        """
        phase = "CASE WHEN c.deadline >= %(today)s THEN %(upcoming)s ELSE %(overdue)s END"
        users = get_user_model()._meta.db_table
        campaign_table, submission_table = Campaign._meta.db_table, Submission._meta.db_table
        # One row per person answering and campaign: how many questionnaires are left, no names.
        grouped = f"""
            SELECT u.id AS recipient_id,
                   %(group_key)s || CAST(c.id AS TEXT) || ':' || CAST(u.id AS TEXT) AS source_key,
                   c.deadline AS due_date,
                   %(group_title)s || CAST(COUNT(*) AS TEXT) AS title,
                   %(context)s || c.title AS context,
                   %(url)s || CAST(c.id AS TEXT) || %(url_after)s AS url,
                   {phase} AS phase,
                   1 AS overdue_count
            FROM {campaign_table} c
            JOIN {submission_table} s ON s.campaign_id = c.id
        """
        mentor_sql = ""
        if pairs := self._mentor_pairs(dates, told):
            inlined = " UNION ALL ".join(
                f"SELECT {int(person)} AS person_id, {int(user)} AS user_id" for person, user in pairs
            )
            mentor_sql = f"""
            UNION ALL
            {grouped}
            JOIN ({inlined}) m ON m.person_id = s.person_id
            JOIN {users} u ON u.id = m.user_id AND u.is_active = %(active)s
            WHERE c.respondent = %(by_mentor)s AND {campaigns}
            GROUP BY u.id, c.id, c.deadline, c.title
            """
        sql = f"""
            SELECT u.id AS recipient_id,
                   %(own_key)s || CAST(s.id AS TEXT) AS source_key,
                   c.deadline AS due_date,
                   %(own_title)s || c.title AS title,
                   %(empty)s AS context,
                   %(sub_url)s || CAST(s.id AS TEXT) || %(sub_url_after)s AS url,
                   {phase} AS phase,
                   1 AS overdue_count
            FROM {campaign_table} c
            JOIN {submission_table} s ON s.campaign_id = c.id
            JOIN {Person._meta.db_table} p ON p.id = s.person_id
            JOIN {users} u ON u.id = p.user_id AND u.is_active = %(active)s
            WHERE c.respondent = %(self)s AND {campaigns}
            UNION ALL
            {grouped}
            JOIN {Role._meta.db_table} r ON r.kind = %(director)s AND r.organization_id = s.organization_id
            JOIN {users} u ON u.id = r.user_id AND u.is_active = %(active)s
            WHERE c.respondent = %(by_director)s AND {campaigns}
            GROUP BY u.id, c.id, c.deadline, c.title
            {mentor_sql}
        """
        return DueQuery.named(sql, params)

    @staticmethod
    def _mentor_pairs(dates, told) -> list[tuple[int, int]]:
        """(mentee person id, mentor user id) of the questionnaires answered by mentors that are still due
        on `dates` in open campaigns; the users told today are left out."""
        mentees = set(
            Submission.objects.filter(
                campaign__status=Campaign.Status.OPEN,
                campaign__audience=Campaign.Audience.TEACHERS,
                campaign__respondent=Campaign.Respondent.MENTOR,
                campaign__deadline__in=list(dates),
                person__isnull=False,
            )
            .exclude(state__in=DONE_STATES)
            .values_list("person_id", flat=True)
        )
        if not mentees:
            return []
        told = set(told)
        pairs = [(person, user) for person, users in mentors_of(mentees).items() for user in users]
        return sorted(pair for pair in pairs if pair[1] not in told)
