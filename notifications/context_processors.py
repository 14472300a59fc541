"""The navbar bell: how many unread notices the user has. Counted lazily, at most once per render."""

from django.utils.functional import cached_property

from .models import Notice


class NoticeBell:
    def __init__(self, user):
        self.user = user

    @cached_property
    def unread(self) -> int:
        return Notice.objects.filter(recipient=self.user, read_at__isnull=True).count()


def notice_bell(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: an htmx fragment that never shows the bell costs no query.
    return {"notice_bell": NoticeBell(user)}
