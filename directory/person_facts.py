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
"""

from __future__ import annotations

from collections.abc import Callable

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
