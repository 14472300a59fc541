"""What the directory adds to the navigation bar and the start page (see core.navigation)."""

from __future__ import annotations

from django.urls import reverse

from core.navigation import (
    Card,
    NavEntry,
    NavGroup,
    StartCard,
    register_nav_entry,
    register_nav_group,
    register_start_card,
    register_start_cards,
)

from .models import Role

Kind = Role.Kind


def _sees_people(scope) -> bool:
    return scope.district_wide or bool(scope.school_ids) or bool(scope.association_ids)


def _adds_people(scope) -> bool:
    return scope.is_methodist or bool(scope.school_ids)  # as access.can_add_person


def _own_school_cards(scope, kind: str) -> list[Card]:
    if kind != Kind.DIRECTOR:
        return []
    return [
        Card(
            "Моя организация",
            "Карточка организации и её сотрудники.",
            reverse("directory:organization_detail", args=[role.organization_id]),
        )
        for role in scope.roles
        if role.kind == kind
    ]


def register() -> None:
    # The district staff see up to three directory links: one «Справочник» menu keeps the bar on one line.
    register_nav_group(NavGroup(name="directory", label="Справочник", order=50, collapse_from=3))
    for entry in (
        NavEntry(
            name="organizations",
            label="Организации",
            url_name="directory:organization_list",
            visible=lambda scope: scope.district_wide,
            order=10,
            group="directory",
        ),
        NavEntry(
            name="organizations",
            label="Моя школа",
            url_name="directory:organization_detail",
            args=lambda scope: (min(scope.school_ids),),
            visible=lambda scope: not scope.district_wide and bool(scope.school_ids),
            order=10,
            group="directory",
        ),
        NavEntry(
            name="people",
            label="Сотрудники",
            url_name="directory:person_list",
            visible=_sees_people,
            order=20,
            group="directory",
        ),
        NavEntry(
            name="people",
            label="Моя карточка",
            url_name="directory:person_detail",
            args=lambda scope: (scope.person_id,),
            visible=lambda scope: not _sees_people(scope) and bool(scope.person_id),
            order=20,
            group="directory",
        ),
        NavEntry(
            name="heads_invite",
            label="Учётные записи руководителям ОО",
            url_name="directory:heads_invite",
            visible=lambda scope: scope.is_methodist or scope.is_administrator,
            order=40,
            group="directory",
        ),
        NavEntry(
            name="import",
            label="Импорт из Excel",
            url_name="directory:import_upload",
            visible=lambda scope: scope.is_methodist,
            order=30,
            group="directory",
        ),
    ):
        register_nav_entry(entry)

    district = set(Role.DISTRICT_WIDE)
    register_start_card(
        StartCard(
            key="directory.organizations",
            title="Организации района",
            text="Школы, детские сады, управление и методический кабинет.",
            url_name="directory:organization_list",
            visible=lambda scope, kind: kind in district,
            order=10,
        )
    )
    register_start_cards("directory.own_school", _own_school_cards, order=10)
    register_start_card(
        StartCard(
            key="directory.people",
            title="Сотрудники",
            text="Педагоги и руководители, молодые специалисты.",
            url_name="directory:person_list",
            visible=lambda scope, kind: kind in district,
            order=20,
        )
    )
    register_start_card(
        StartCard(
            key="directory.person_create",
            title="Добавить сотрудника",
            text="Новая карточка педагога вашей организации.",
            url_name="directory:person_create",
            visible=lambda scope, kind: (
                kind == Kind.DIRECTOR and (scope.is_methodist or bool(scope.school_ids))
            ),
            order=20,
        )
    )
    register_start_card(
        StartCard(
            key="directory.import",
            title="Импорт из Excel",
            text="Загрузить школы и сотрудников по шаблону.",
            url_name="directory:import_upload",
            visible=lambda scope, kind: kind == Kind.METHODIST and scope.is_methodist,
            order=30,
        )
    )
    # After everything else of the role: the person's own card.
    register_start_card(
        StartCard(
            key="directory.own_card",
            title="Моя карточка",
            text="Должность, предметы, категория, контакты.",
            url_name="directory:person_detail",
            args=lambda scope: (scope.person_id,),
            visible=lambda scope, kind: (
                kind in (Kind.TEACHER, Kind.ASSOCIATION_HEAD, Kind.JURY) and bool(scope.person_id)
            ),
            order=900,
        )
    )
