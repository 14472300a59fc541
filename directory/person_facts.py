"""Facts about a person that feature apps know and other feature apps need (the directory cannot import
them, and two feature apps never import each other).

A feature app registers a provider in its AppConfig.ready(); another one asks through here:

    # monitoring/apps.py
    from directory.person_facts import register_deficits
    register_deficits(deficits.deficits_of)

    # mentorship (later)
    from directory.person_facts import deficits_of
    deficits_of(person)  # [("методические", "Составление технологической карты урока"), …]
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
