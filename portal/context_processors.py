"""Navigation for the current user's roles: each role sees what it can do (entries: core.navigation)."""

from django.conf import settings

from core.navigation import nav_items, user_menu
from directory.access import user_scope


def navigation(request):
    base = {"district_name": settings.DISTRICT_NAME}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return base
    scope = user_scope(user)
    return {**base, "nav_items": nav_items(scope), "user_menu": user_menu(scope), "user_scope": scope}
