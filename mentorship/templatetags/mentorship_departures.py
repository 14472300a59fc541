"""The pair page's departures: {% mentee_departures pair mentees can_manage as rows %} — (member,
departure or None) for each mentee, read in one query (the page's view is left as it is)."""

from __future__ import annotations

from django import template

from mentorship.models import MenteeDeparture

register = template.Library()


@register.simple_tag
def mentee_departures(pair, mentees, manager: bool = False) -> list[tuple]:
    """A manager gets every mentee (to record a departure); others only those who left."""
    found = {d.person_id: d for d in MenteeDeparture.objects.filter(pair=pair).order_by("left_on", "pk")}
    rows = [(member, found.get(member.person_id)) for member in mentees]
    return rows if manager else [row for row in rows if row[1] is not None]
