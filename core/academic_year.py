"""The academic year (учебный год): 1 September to 31 August, named by the year it starts in."""

from __future__ import annotations

import datetime as dt


def academic_year_start(day: dt.date) -> int:
    """The year the academic year of `day` starts in: 2026 for any day from 1.09.2026 to 31.08.2027."""
    return day.year if day.month >= 9 else day.year - 1


def academic_year_label(start: int) -> str:
    """«2026-2027», as the plans and orders write it."""
    return f"{start}-{start + 1}"
