"""Navigation for the current user's roles: each role sees what it can do."""

from django.conf import settings
from django.urls import reverse

from .access import can_add_organization, user_scope


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
    if scope.district_wide:
        items.append(
            {
                "label": "Организации",
                "url": reverse("associations:organization_list"),
                "name": "organizations",
            }
        )
    elif scope.school_ids:
        school_id = min(scope.school_ids)
        items.append(
            {
                "label": "Моя школа",
                "url": reverse("associations:organization_detail", args=[school_id]),
                "name": "organizations",
            }
        )
    if scope.district_wide or scope.school_ids or scope.association_ids:
        items.append({"label": "Сотрудники", "url": reverse("associations:person_list"), "name": "people"})
    elif scope.person_id:
        items.append(
            {
                "label": "Моя карточка",
                "url": reverse("associations:person_detail", args=[scope.person_id]),
                "name": "people",
            }
        )
    if can_add_organization(user):
        items.append(
            {"label": "Импорт из Excel", "url": reverse("associations:import_upload"), "name": "import"}
        )
    return {**base, "nav_items": items, "user_scope": scope}
