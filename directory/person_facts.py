"""Facts about a person that feature apps know and other feature apps need (the directory cannot import
them, and two feature apps never import each other).

A feature app registers a provider in its AppConfig.ready(); another one asks through here:

    # monitoring/apps.py
    from directory.person_facts import register_deficits
    register_deficits(deficits.deficits_of)

    # mentorship (later)
    from directory.person_facts import deficits_of
    deficits_of(person)  # [("методические", "Составление технологической карты урока"), …]

    # mentorship (later): who mentors whom, for monitoring's questionnaires answered by the mentor
    from directory.person_facts import register_mentors
    register_mentors(lambda person_ids: {mentee_id: {mentor_user_id, …}, …})

    # monitoring/apps.py: the adaptation surveys of young specialists, for mentorship's coverage page
    from directory.person_facts import register_survey_results
    register_survey_results(adaptation.survey_results_of, new_url=adaptation.new_survey_url)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

# provider(person) -> [(area label, indicator name)] from the person's latest deficits diagnostics
DeficitsProvider = Callable[..., list[tuple[str, str]]]

_deficit_providers: list[DeficitsProvider] = []


def register_deficits(provider: DeficitsProvider) -> None:
    if provider not in _deficit_providers:
        _deficit_providers.append(provider)


def deficits_of(person) -> list[tuple[str, str]]:
    """The person's professional deficits as (area, what) pairs, from every registered provider."""
    found: list[tuple[str, str]] = []
    for provider in _deficit_providers:
        for item in provider(person):
            if item not in found:
                found.append(item)
    return found


# provider(person_ids) -> {person_id: {mentor user ids}}: the mentors assigned to those people
MentorsProvider = Callable[[list[int]], dict[int, set[int]]]

_mentor_providers: list[MentorsProvider] = []


def register_mentors(provider: MentorsProvider) -> None:
    """A mentorship app tells who mentors whom (monitoring's «наставник о молодом специалисте»)."""
    if provider not in _mentor_providers:
        _mentor_providers.append(provider)


def unregister_mentors(provider: MentorsProvider) -> None:
    if provider in _mentor_providers:
        _mentor_providers.remove(provider)


def mentors_known() -> bool:
    """Whether any app keeps mentor pairs at all."""
    return bool(_mentor_providers)


def mentors_of(person_ids) -> dict[int, set[int]]:
    """person_id -> the user ids of the person's mentors, from every registered provider (people without
    a mentor are left out)."""
    ids = list(person_ids)
    found: dict[int, set[int]] = {}
    if not ids:
        return found
    for provider in _mentor_providers:
        for person_id, users in provider(ids).items():
            if users:
                found.setdefault(person_id, set()).update(users)
    return found


# --- Survey results: monitoring's adaptation surveys of young specialists, for mentorship's coverage ---


@dataclass(frozen=True)
class SurveyFigure:
    """One indicator's figure: the mean of a number, or the share of «да» (unit «%»)."""

    name: str
    value: float | None
    unit: str = ""
    answered: int = 0

    @property
    def text(self) -> str:
        if self.value is None:
            return "нет ответов"
        number = f"{self.value:.1f}".replace(".", ",")
        return f"{number} %" if self.unit == "%" else f"в среднем {number}"


@dataclass(frozen=True)
class SurveyResult:
    """A survey campaign's figures over the given people."""

    title: str
    opens_on: dt.date | None
    deadline: dt.date | None
    asked: int  # of the given people, how many the campaign asks (about)
    answered: int  # … and how many answers were sent
    figures: list[SurveyFigure] = field(default_factory=list)
    respondent: str = ""  # who answers: «сам педагог», «руководитель организации о педагоге»…
    personal: bool = False  # personal answers: a school sees only how many answered
    url: str = ""  # the campaign's page

    @property
    def dates_label(self) -> str:
        if self.opens_on and self.deadline:
            return f"{self.opens_on:%d.%m.%Y} — {self.deadline:%d.%m.%Y}"
        day = self.deadline or self.opens_on
        return f"до {day:%d.%m.%Y}" if day and day == self.deadline else (f"с {day:%d.%m.%Y}" if day else "")


# provider(person_ids, academic year) -> [SurveyResult] of that year's adaptation surveys
SurveyProvider = Callable[[list[int], int], list[SurveyResult]]

_survey_providers: list[SurveyProvider] = []
_survey_new_urls: list[Callable[[], str]] = []


def register_survey_results(provider: SurveyProvider, new_url: Callable[[], str] | None = None) -> None:
    """A monitoring app tells the adaptation surveys' results; `new_url` names where to start one."""
    if provider not in _survey_providers:
        _survey_providers.append(provider)
    if new_url is not None and new_url not in _survey_new_urls:
        _survey_new_urls.append(new_url)


def unregister_survey_results(provider: SurveyProvider) -> None:
    if provider in _survey_providers:
        _survey_providers.remove(provider)


def survey_results(person_ids, year: int) -> list[SurveyResult]:
    """The adaptation surveys of the academic year `year` over these people, from every provider (a
    constant number of queries each)."""
    ids = list(person_ids)
    found: list[SurveyResult] = []
    for provider in _survey_providers:
        found += provider(ids, year)
    return found


def survey_new_url() -> str:
    """Where a new adaptation survey starts (empty when no app runs surveys)."""
    return _survey_new_urls[0]() if _survey_new_urls else ""


# --- Contests entered: the contests app tells, mentorship's bank of young specialists shows ---

# provider(person_ids) -> {person_id: ["«Педагогический дебют — 2026»: победитель", …]}
ContestsProvider = Callable[[list[int]], dict[int, list[str]]]

_contest_providers: list[ContestsProvider] = []


def register_contest_entries(provider: ContestsProvider) -> None:
    """A contests app tells which contests people entered (and with what result, once published)."""
    if provider not in _contest_providers:
        _contest_providers.append(provider)


def unregister_contest_entries(provider: ContestsProvider) -> None:
    if provider in _contest_providers:
        _contest_providers.remove(provider)


def contest_entries(person_ids) -> dict[int, list[str]]:
    """person_id -> the contests the person entered, from every provider (a constant number of queries
    each; people who entered none are left out)."""
    ids = list(person_ids)
    found: dict[int, list[str]] = {}
    if not ids:
        return found
    for provider in _contest_providers:
        for person_id, entries in provider(ids).items():
            found.setdefault(person_id, []).extend(entries)
    return found


# --- Teams: the methodological associations (ШМО/РМО) a contest of associations takes ---------------------


@dataclass(frozen=True)
class Team:
    """A team that can enter a contest: associations registers its ШМО/РМО here."""

    ref: str  # stable key stored with an application: «associations:12»
    name: str  # «ШМО учителей математики (СОШ № 1)»
    organization_id: int
    member_ids: frozenset[int] = field(default_factory=frozenset)  # people who may apply for it


# provider(organization_ids or None for the whole district) -> the teams of those organizations
TeamsProvider = Callable[[list[int] | None], list[Team]]

_team_providers: list[TeamsProvider] = []


def register_teams(provider: TeamsProvider) -> None:
    """associations tells contests which ШМО/РМО exist (a contest of associations offers them)."""
    if provider not in _team_providers:
        _team_providers.append(provider)


def unregister_teams(provider: TeamsProvider) -> None:
    if provider in _team_providers:
        _team_providers.remove(provider)


def teams_known() -> bool:
    return bool(_team_providers)


def teams_of(organization_ids=None) -> list[Team]:
    """The teams of those organizations (None: every team of the district), by name."""
    ids = None if organization_ids is None else list(organization_ids)
    found = {team.ref: team for provider in _team_providers for team in provider(ids)}
    return sorted(found.values(), key=lambda team: team.name)
