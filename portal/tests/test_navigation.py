"""The navigation registry (core.navigation): entries, groups and start-page cards apps contribute."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from core import navigation
from core.navigation import Card, NavEntry, NavGroup, StartCard


@dataclass
class Scope:
    staff: bool = False
    person_id: int | None = None


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test; the apps' real entries come back afterwards."""
    monkeypatch.setattr(navigation, "_ENTRIES", {})
    monkeypatch.setattr(navigation, "_GROUPS", {})
    monkeypatch.setattr(navigation, "_CARDS", {})
    return navigation


def test_entries_are_ordered_and_hidden_by_their_predicate(registry):
    registry.register_nav_entry(NavEntry(name="b", label="Второй", url_name="home", order=20))
    registry.register_nav_entry(NavEntry(name="a", label="Первый", url_name="home", order=10))
    registry.register_nav_entry(
        NavEntry(name="s", label="Для сотрудников", url_name="home", visible=lambda s: s.staff, order=15)
    )
    assert [i["label"] for i in registry.nav_items(Scope())] == ["Первый", "Второй"]
    assert [i["label"] for i in registry.nav_items(Scope(staff=True))] == [
        "Первый",
        "Для сотрудников",
        "Второй",
    ]
    assert registry.nav_items(Scope())[0] == {"label": "Первый", "url": "/", "name": "a"}


def test_registering_an_entry_again_replaces_it(registry):
    for _ in range(2):
        registry.register_nav_entry(NavEntry(name="a", label="Первый", url_name="home"))
    assert len(registry.nav_items(Scope())) == 1


def test_a_group_collapses_into_one_menu_only_with_enough_entries(registry):
    registry.register_nav_group(NavGroup(name="directory", label="Справочник", order=50, collapse_from=3))
    registry.register_nav_entry(NavEntry(name="top", label="Главная", url_name="home", order=0))
    for order, name in ((10, "x"), (20, "y")):
        registry.register_nav_entry(
            NavEntry(name=name, label=name, url_name="home", order=order, group="directory")
        )
    registry.register_nav_entry(
        NavEntry(name="z", label="z", url_name="home", order=30, group="directory", visible=lambda s: s.staff)
    )
    assert [i["name"] for i in registry.nav_items(Scope())] == ["top", "x", "y"]
    top, menu = registry.nav_items(Scope(staff=True))
    assert menu["label"] == "Справочник" and menu["names"] == ["x", "y", "z"]
    assert [child["name"] for child in menu["children"]] == ["x", "y", "z"]


def test_the_user_menu_is_its_own_list(registry):
    registry.register_nav_entry(NavEntry(name="p", label="Настройки", url_name="home", menu=navigation.USER))
    assert registry.nav_items(Scope()) == []
    assert registry.user_menu(Scope()) == [{"label": "Настройки", "url": "/"}]


def test_start_cards_follow_their_order_role_and_scope(registry):
    registry.register_start_card(
        StartCard(
            key="late", title="Поздняя", text="", url_name="home", order=900, visible=lambda s, k: k == "t"
        )
    )
    registry.register_start_card(StartCard(key="early", title="Ранняя", text="т", order=10))
    registry.register_start_cards(
        "mine",
        lambda scope, kind: [Card("Моя", "", f"/people/{scope.person_id}/")] if scope.person_id else [],
        order=50,
    )
    assert [c["title"] for c in registry.start_cards(Scope(person_id=3), "t")] == ["Ранняя", "Моя", "Поздняя"]
    assert registry.start_cards(Scope(), "m") == [{"title": "Ранняя", "text": "т", "url": ""}]


@pytest.mark.django_db
def test_the_apps_fill_the_bar_of_a_methodist(methodist_client):
    context = methodist_client.get("/").context
    names = [item["name"] for item in context["nav_items"]]
    assert names == [
        "home",
        "roadmaps",
        "agenda",
        "tasks",
        "work",
        "orders",
        "directory",
    ]
    # «Методработа»: associations, monitorings, mentorship, individual plans, contests (the bar fits
    # 1,280 px: the group is one menu).
    work = next(item for item in context["nav_items"] if item["name"] == "work")
    assert work["label"] == "Методработа" and work["names"] == [
        "associations",
        "monitoring",
        "mentorship",
        "plans",
        "contests",
    ]
    assert [link["label"] for link in context["user_menu"]] == [
        "Напоминания о сроках",
        "Проблемы доставки писем",
    ]
