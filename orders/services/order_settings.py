"""An issuer's numbering and print layout settings."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from directory.models import Organization
from orders import access
from orders.models import (
    OrderSettings,
)


def settings_for(*, issuer: Organization) -> OrderSettings:
    """The issuer's settings; unsaved defaults when none were saved yet."""
    return OrderSettings.objects.filter(issuer=issuer).first() or OrderSettings(issuer=issuer)


SETTINGS_FIELDS = tuple(
    f.name
    for f in OrderSettings._meta.get_fields()
    if getattr(f, "concrete", False) and f.name not in ("id", "issuer", "updated_at", "updated_by")
)


@transaction.atomic
def order_settings_save(*, user, issuer: Organization, data: dict[str, Any]) -> OrderSettings:
    """Create or change the issuer's numbering and layout settings (an administrator the district's, a
    director their school's)."""
    if not access.can_manage_settings(user, issuer):
        raise PermissionDenied("Настройки приказов меняет администратор, а настройки школы — её директор.")
    found = OrderSettings.objects.select_for_update().filter(issuer=issuer).first()
    order_settings = found or OrderSettings(issuer=issuer)
    for name in SETTINGS_FIELDS:
        if name in data:
            setattr(order_settings, name, data[name])
    order_settings.updated_by = user
    order_settings.full_clean()
    order_settings.save()
    return order_settings
