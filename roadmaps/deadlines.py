"""The deadline parser moved to core.deadlines (mentorship's plans read deadlines too); the names stay
importable from here for the roadmaps code."""

from core.deadlines import (  # noqa: F401
    CONTINUOUS,
    KINDS,
    ON_REQUEST,
    ONCE,
    RECURRING,
    SUMMER_MONTHS,
    UNPARSED,
    Schedule,
    academic_year_of,
    day_off,
    month_end,
    parse_deadline,
    skip_summer,
)
