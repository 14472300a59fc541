"""Navigation entries and start-page cards that apps contribute, so the top layer names no app.

Each app registers what it offers in its AppConfig.ready():

    from core.navigation import NavEntry, StartCard, register_nav_entry, register_start_card

    register_nav_entry(NavEntry(name="orders", label="Приказы", url_name="orders:journal",
                                visible=lambda scope: scope.district_wide, order=40))
    register_start_card(StartCard(key="roadmaps.list", title="Дорожные карты", text="…",
                                  url_name="roadmaps:list", visible=lambda scope, kind: …, order=100))

`scope` is whatever the portal passes in (the directory's UserScope); this module never looks
inside it, only hands it to the predicates. Registering the same entry again replaces it, so a
second ready() (tests, autoreload) adds nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

MAIN = "main"  # the bar at the top
USER = "user"  # the menu under the user's name

Args = tuple | Callable[[Any], tuple]


def _always(*_args) -> bool:
    return True


def _resolve(url_name: str, args: Args, scope) -> str:
    if not url_name:
        return ""
    return reverse(url_name, args=args(scope) if callable(args) else args)


@dataclass(frozen=True)
class NavEntry:
    """One link of the navigation bar (or of the user menu)."""

    name: str  # what a page passes as `active_nav` to light the link up
    label: str
    url_name: str
    args: Args = ()  # or a function of the scope: the user's own school, their own card…
    visible: Callable[[Any], bool] = _always  # a function of the scope
    order: int = 100  # position in the bar (or, inside a group, in the group)
    group: str = ""  # name of a NavGroup to gather under
    menu: str = MAIN


@dataclass(frozen=True)
class NavGroup:
    """A menu gathering several entries; with fewer than `collapse_from` of them they stay inline."""

    name: str
    label: str
    order: int = 100
    collapse_from: int = 3


#: The district's methodological work — associations, monitorings and the apps to come — under one menu,
#: so that the bar fits 1,280 px for every role. Each member app registers it (the same group twice is one).
WORK = NavGroup(name="work", label="Методработа", order=35, collapse_from=2)


@dataclass(frozen=True)
class Card:
    """A resolved start-page card."""

    title: str
    text: str
    url: str = ""

    def as_dict(self) -> dict:
        return {"title": self.title, "text": self.text, "url": self.url}


@dataclass(frozen=True)
class StartCard:
    """A start-page card shown in the section of one of the user's roles."""

    key: str  # unique, e.g. "roadmaps.list"
    title: str
    text: str
    url_name: str = ""
    args: Args = ()
    visible: Callable[[Any, str], bool] = _always  # a function of (scope, the section's role kind)
    order: int = 100


CardSource = Callable[[Any, str], Iterable[Card]]  # (scope, role kind) -> cards, for repeated ones

_ENTRIES: dict[tuple[str, str, str], NavEntry] = {}
_GROUPS: dict[str, NavGroup] = {}
_CARDS: dict[str, tuple[int, CardSource]] = {}


def register_nav_entry(entry: NavEntry) -> None:
    _ENTRIES[(entry.menu, entry.name, entry.label)] = entry


def register_nav_group(group: NavGroup) -> None:
    _GROUPS[group.name] = group


def register_start_card(card: StartCard) -> None:
    def source(scope, kind: str) -> list[Card]:
        if not card.visible(scope, kind):
            return []
        return [Card(card.title, card.text, _resolve(card.url_name, card.args, scope))]

    _CARDS[card.key] = (card.order, source)


def register_start_cards(key: str, source: CardSource, *, order: int = 100) -> None:
    """Cards that repeat (one per school the user heads, per association…): `source` makes them."""
    _CARDS[key] = (order, source)


def _link(entry: NavEntry, scope) -> dict:
    return {"label": entry.label, "url": _resolve(entry.url_name, entry.args, scope), "name": entry.name}


def nav_items(scope, *, menu: str = MAIN) -> list[dict]:
    """The visible links of one menu in order; a group with enough links becomes one dropdown item."""
    visible = sorted(
        (e for e in _ENTRIES.values() if e.menu == menu and e.visible(scope)), key=lambda e: e.order
    )
    slots: list[tuple[int, int, list[dict] | dict]] = []  # (order, tie-break, item or group children)
    groups: dict[str, list[dict]] = {}
    for position, entry in enumerate(visible):
        group = _GROUPS.get(entry.group)
        if group is None:
            slots.append((entry.order, position, _link(entry, scope)))
            continue
        if group.name not in groups:
            groups[group.name] = []
            slots.append((group.order, position, groups[group.name]))
        groups[group.name].append(_link(entry, scope))
    items: list[dict] = []
    for _order, _position, slot in sorted(slots, key=lambda s: (s[0], s[1])):
        if isinstance(slot, dict):
            items.append(slot)
            continue
        group = next(g for g in _GROUPS.values() if groups.get(g.name) is slot)
        if len(slot) >= group.collapse_from:
            names = [child["name"] for child in slot]
            items.append({"label": group.label, "name": group.name, "children": slot, "names": names})
        else:
            items.extend(slot)
    return items


def user_menu(scope) -> list[dict]:
    return [{"label": item["label"], "url": item["url"]} for item in nav_items(scope, menu=USER)]


def start_cards(scope, kind: str) -> list[dict]:
    """The cards of one role's section on the start page, in order."""
    cards: list[dict] = []
    for _order, source in sorted(_CARDS.values(), key=lambda pair: pair[0]):
        cards.extend(card.as_dict() for card in source(scope, kind))
    return cards
