"""What roadmaps add to the navigation bar and the start page (see core.navigation)."""

from __future__ import annotations

from core.navigation import NavEntry, StartCard, register_nav_entry, register_start_card
from directory.models import Role
from notifications import task_sources

Kind = Role.Kind
DISTRICT = set(Role.DISTRICT_WIDE)


def _has_a_role(scope) -> bool:
    return bool(scope.kinds) or scope.is_superuser


def _reports(scope) -> bool:
    return bool(scope.school_ids) or scope.is_methodist  # those who report (see roadmaps.access)


def _tasks(scope) -> bool:
    """Those who report, and those other apps may give tasks (notifications.task_sources)."""
    return _reports(scope) or task_sources.any_visible(scope)


def register() -> None:
    register_nav_entry(
        NavEntry(
            name="roadmaps", label="Дорожные карты", url_name="roadmaps:list", visible=_has_a_role, order=10
        )
    )
    register_nav_entry(
        NavEntry(name="agenda", label="Календарь", url_name="roadmaps:agenda", visible=_has_a_role, order=20)
    )
    register_nav_entry(
        NavEntry(name="tasks", label="Мои задачи", url_name="roadmaps:my_tasks", visible=_tasks, order=30)
    )
    # Start-page cards come after the directory's own cards of the role (orders 10–30).
    for card in (
        StartCard(
            key="roadmaps.my_tasks",
            title="Мои задачи",
            text="Мероприятия, по которым школа отчитывается: сроки, возвращённые отчёты.",
            url_name="roadmaps:my_tasks",
            visible=lambda scope, kind: kind == Kind.DIRECTOR,
            order=90,
        ),
        StartCard(
            key="roadmaps.list",
            title="Дорожные карты",
            text="Дорожные карты, планы и программы района.",
            url_name="roadmaps:list",
            visible=lambda scope, kind: kind in DISTRICT or kind == Kind.DIRECTOR,
            order=100,
        ),
        StartCard(
            key="roadmaps.agenda",
            title="Календарь сроков",
            text="Просроченные и ближайшие сроки мероприятий.",
            url_name="roadmaps:agenda",
            visible=lambda scope, kind: kind in DISTRICT or kind == Kind.DIRECTOR,
            order=110,
        ),
        StartCard(
            key="roadmaps.dashboard",
            title="Ход выполнения",
            text="Сводка по району: выполнение дорожных карт, просрочки, школы.",
            url_name="roadmaps:dashboard",
            visible=lambda scope, kind: kind in DISTRICT,
            order=120,
        ),
        StartCard(
            key="roadmaps.review_queue",
            title="Отчёты на проверке",
            text="Отчёты школ, отправленные методисту, — сначала самые давние.",
            url_name="roadmaps:review_queue",
            visible=lambda scope, kind: kind == Kind.METHODIST,
            order=130,
        ),
        StartCard(
            key="roadmaps.review_queue.read_only",
            title="Отчёты на проверке",
            text="Отчёты школ, которые ждут проверки методиста (просмотр).",
            url_name="roadmaps:review_queue",
            visible=lambda scope, kind: kind in DISTRICT and kind != Kind.METHODIST,
            order=130,
        ),
        StartCard(
            key="roadmaps.create",
            title="Новая дорожная карта",
            text="Заполнить сведения и добавить мероприятия.",
            url_name="roadmaps:create",
            visible=lambda scope, kind: kind == Kind.METHODIST,
            order=140,
        ),
        StartCard(
            key="roadmaps.import",
            title="Импорт из Word/Excel",
            text="Загрузить дорожную карту из документа.",
            url_name="roadmaps:import_upload",
            visible=lambda scope, kind: kind == Kind.METHODIST,
            order=150,
        ),
    ):
        register_start_card(card)
