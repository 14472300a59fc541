"""Reads of the directory, scoped to the user, with their joins."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse

from .access import (
    UserScope,
    can_add_organization,
    can_add_person,
    organizations_visible_to,
    people_visible_to,
    user_scope,
)
from .models import DirectoryImport, Organization, Person, Role, Subject


def organization_list(*, user) -> QuerySet[Organization]:
    return organizations_visible_to(user).select_related("head").annotate(staff_count=Count("staff"))


def person_list(*, user) -> QuerySet[Person]:
    return (
        people_visible_to(user)
        .select_related("organization")
        .prefetch_related(Prefetch("subjects", queryset=Subject.objects.order_by("name")))
    )


def organization_staff(*, user, organization: Organization) -> QuerySet[Person]:
    return person_list(user=user).filter(organization=organization)


def person_subjects(*, person: Person) -> QuerySet[Subject]:
    return person.subjects.order_by("name")


def organization_head_choices(*, organization: Organization) -> QuerySet[Person]:
    """Who can be the head of an organization: its own staff."""
    return Person.objects.filter(organization=organization)


def subject_choices() -> QuerySet[Subject]:
    return Subject.objects.order_by("name")


def directory_import_for_user(*, user, pk) -> DirectoryImport:
    """An uploaded import, visible only to the user who uploaded it."""
    directory_import = DirectoryImport.objects.filter(pk=pk, created_by=user).first()
    if directory_import is None:
        raise Http404("Загрузка не найдена.")
    return directory_import


def recent_imports(*, user, limit: int = 5) -> QuerySet[DirectoryImport]:
    return DirectoryImport.objects.filter(created_by=user).order_by("-created_at")[:limit]


def _roadmap_links(*, methodist: bool, district: bool = False) -> list[dict]:
    links = [
        {
            "title": "Дорожные карты",
            "text": "Дорожные карты, планы и программы района.",
            "url": reverse("roadmaps:list"),
        },
        {
            "title": "Календарь сроков",
            "text": "Просроченные и ближайшие сроки мероприятий.",
            "url": reverse("roadmaps:agenda"),
        },
    ]
    if district:
        links += [
            {
                "title": "Ход выполнения",
                "text": "Сводка по району: выполнение дорожных карт, просрочки, школы.",
                "url": reverse("roadmaps:dashboard"),
            },
            {
                "title": "Отчёты на проверке",
                "text": "Отчёты школ, отправленные методисту, — сначала самые давние."
                if methodist
                else "Отчёты школ, которые ждут проверки методиста (просмотр).",
                "url": reverse("roadmaps:review_queue"),
            },
        ]
    if methodist:
        links += [
            {
                "title": "Новая дорожная карта",
                "text": "Заполнить сведения и добавить мероприятия.",
                "url": reverse("roadmaps:create"),
            },
            {
                "title": "Импорт из Word/Excel",
                "text": "Загрузить дорожную карту из документа.",
                "url": reverse("roadmaps:import_upload"),
            },
        ]
    return links


def start_page_sections(*, user, scope: UserScope | None = None) -> list[dict]:
    """One card per thing the user can reach, grouped by role, for the start page."""
    scope = scope or user_scope(user)
    sections: list[dict] = []
    labels = dict(Role.Kind.choices)
    seen_kinds = sorted({r.kind for r in scope.roles}, key=lambda k: list(labels).index(k))
    if scope.is_superuser and not seen_kinds:
        seen_kinds = [Role.Kind.METHODIST]
    for kind in seen_kinds:
        links: list[dict] = []
        if kind in Role.DISTRICT_WIDE:
            links.append(
                {
                    "title": "Организации района",
                    "text": "Школы, детские сады, управление и методический кабинет.",
                    "url": reverse("directory:organization_list"),
                }
            )
            links.append(
                {
                    "title": "Сотрудники",
                    "text": "Педагоги и руководители, молодые специалисты.",
                    "url": reverse("directory:person_list"),
                }
            )
            if kind == Role.Kind.METHODIST and can_add_organization(user):
                links.append(
                    {
                        "title": "Импорт из Excel",
                        "text": "Загрузить школы и сотрудников по шаблону.",
                        "url": reverse("directory:import_upload"),
                    }
                )
            links += _roadmap_links(methodist=kind == Role.Kind.METHODIST, district=True)
        elif kind == Role.Kind.DIRECTOR:
            for role in scope.roles:
                if role.kind != kind:
                    continue
                links.append(
                    {
                        "title": "Моя организация",
                        "text": "Карточка организации и её сотрудники.",
                        "url": reverse("directory:organization_detail", args=[role.organization_id]),
                    }
                )
            if can_add_person(user):
                links.append(
                    {
                        "title": "Добавить сотрудника",
                        "text": "Новая карточка педагога вашей организации.",
                        "url": reverse("directory:person_create"),
                    }
                )
            links += _roadmap_links(methodist=False)
        elif kind == Role.Kind.ASSOCIATION_HEAD:
            for role in scope.roles:
                if role.kind == kind:
                    links.append(
                        {
                            "title": role.scope_title,
                            "text": "Объединение, которым вы руководите. Планы и заседания появятся здесь.",
                            "url": reverse("directory:person_list"),
                        }
                    )
        elif kind == Role.Kind.JURY:
            for role in scope.roles:
                if role.kind == kind:
                    links.append(
                        {
                            "title": role.scope_title,
                            "text": "Конкурс, в жюри которого вы входите. Оценочные листы появятся здесь.",
                            "url": "",
                        }
                    )
        if kind in (Role.Kind.TEACHER, Role.Kind.ASSOCIATION_HEAD, Role.Kind.JURY) and scope.person_id:
            links.append(
                {
                    "title": "Моя карточка",
                    "text": "Должность, предметы, категория, контакты.",
                    "url": reverse("directory:person_detail", args=[scope.person_id]),
                }
            )
        sections.append({"role": labels[kind], "kind": kind, "links": links})
    return sections
