"""What a person still has open in the feature apps, told by those apps (the directory cannot import them).

A feature app registers a provider in its AppConfig.ready():

    from directory.registry import OpenItem, register_open_items
    register_open_items(lambda person: [OpenItem("Строки дорожных карт", 3, "/roadmaps/1/")])

The person's card lists these when their login is switched off, so their work can be handed over.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class OpenItem:
    label: str  # «Строки дорожной карты «…», где сотрудник — ответственный»
    count: int
    url: str = ""  # where the items can be reassigned


OpenItemsProvider = Callable[..., Iterable[OpenItem]]  # provider(person) -> items with count > 0

_providers: list[OpenItemsProvider] = []


def register_open_items(provider: OpenItemsProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def open_items(person) -> list[OpenItem]:
    """Every registered app's open items of `person`, empty groups left out."""
    return [item for provider in _providers for item in provider(person) if item.count]
