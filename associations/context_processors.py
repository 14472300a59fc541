"""Navigation for the current user's roles: each role sees what it can do."""

from django.conf import settings
from django.urls import reverse

from directory.access import can_add_organization, user_scope


def navigation(request):
    base = {"district_name": settings.DISTRICT_NAME}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return base
    scope = user_scope(user)
    items = [{"label": "Главная", "url": reverse("home"), "name": "home"}]
    if scope.kinds or scope.is_superuser:
        items.append({"label": "Дорожные карты", "url": reverse("roadmaps:list"), "name": "roadmaps"})
        items.append({"label": "Календарь", "url": reverse("roadmaps:agenda"), "name": "agenda"})
    if scope.school_ids or scope.is_methodist:  # those who report (see roadmaps.access)
        items.append({"label": "Мои задачи", "url": reverse("roadmaps:my_tasks"), "name": "tasks"})
    if scope.district_wide:
        items.append({"label": "Приказы", "url": reverse("orders:journal"), "name": "orders"})
    directory = []
    if scope.district_wide:
        directory.append(
            {
                "label": "Организации",
                "url": reverse("directory:organization_list"),
                "name": "organizations",
            }
        )
    elif scope.school_ids:
        school_id = min(scope.school_ids)
        directory.append(
            {
                "label": "Моя школа",
                "url": reverse("directory:organization_detail", args=[school_id]),
                "name": "organizations",
            }
        )
    if scope.district_wide or scope.school_ids or scope.association_ids:
        directory.append({"label": "Сотрудники", "url": reverse("directory:person_list"), "name": "people"})
    elif scope.person_id:
        directory.append(
            {
                "label": "Моя карточка",
                "url": reverse("directory:person_detail", args=[scope.person_id]),
                "name": "people",
            }
        )
    if can_add_organization(user):
        directory.append(
            {"label": "Импорт из Excel", "url": reverse("directory:import_upload"), "name": "import"}
        )
    if len(directory) > 2:  # the district staff: one «Справочник» menu keeps the bar on one line
        items.append(
            {
                "label": "Справочник",
                "name": "directory",
                "children": directory,
                "names": [d["name"] for d in directory],
            }
        )
    else:
        items.extend(directory)
    user_menu = [{"label": "Напоминания о сроках", "url": reverse("notifications:preferences")}]
    if scope.district_wide:
        user_menu.append(
            {"label": "Проблемы доставки писем", "url": reverse("notifications:delivery_problems")}
        )
    return {**base, "nav_items": items, "user_menu": user_menu, "user_scope": scope}
