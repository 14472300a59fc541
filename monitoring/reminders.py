"""Campaign deadlines as a reminder source (notifications.registry.DueSource).

Each director of a school whose submission to an open school campaign is not sent or accepted hears
about the deadline before it and on the day ('upcoming'), then weekly after it ('overdue'; a school's
campaign is its own group).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from directory.models import Organization, Role
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
