"""Applications in the shared review workflow: who is told about a step, and what waits for the
secretary or the методист (progress.registry's queue)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q

from directory.access import user_scope
from directory.recipients import directors_of, methodists
from progress import workflow
from progress.notices import ReviewNotice
from progress.registry import QueueItem

from .models import Application, JuryMember

NOTICE_KINDS = {
    "contest_application_submitted": "заявка на конкурс ждёт технической экспертизы",
    "contest_application_decided": "решение по заявке на конкурс",
}
REFUSE = "refuse"


def _secretaries(contest_id: int):
    return get_user_model().objects.filter(
        is_active=True,
        person__jury_seats__contest_id=contest_id,
        person__jury_seats__role=JuryMember.Role.SECRETARY,
    )


def _authors(application: Application):
    users = directors_of(application.organization_id)
    ids = set(users.values_list("pk", flat=True))
    if application.submitted_by_id:
        ids.add(application.submitted_by_id)
    return get_user_model().objects.filter(pk__in=ids, is_active=True)


def application_notice(application: Application, action: str, comment: str) -> ReviewNotice | None:
    who = f"{application.person.short_name} («{application.contest}»)"
    url = application.get_absolute_url()
    if action == workflow.SUBMIT:
        return ReviewNotice(
            recipients=(methodists() | _secretaries(application.contest_id)).distinct(),
            kind="contest_application_submitted",
            title=f"Заявка {who} ждёт технической экспертизы",
            url=url,
        )
    what = {
        workflow.ACCEPT: "допущена к конкурсу",
        workflow.RETURN: "возвращена на доработку",
        workflow.REOPEN: "открыта повторно",
        REFUSE: "отклонена",
    }.get(action)
    if what is None:
        return None
    return ReviewNotice(
        recipients=_authors(application),
        kind="contest_application_decided",
        title=f"Заявка {who} {what}",
        body=comment if action != workflow.ACCEPT else "",
        url=url,
    )


def application_queue(user) -> list[QueueItem]:
    """Submitted applications: every one for the методист, their contest's for the jury's secretary."""
    scope = user_scope(user)
    if not (scope.is_methodist or (scope.contest_ids and scope.person_id)):
        return []
    applications = Application.objects.filter(state=Application.State.SUBMITTED)
    if not scope.is_methodist:
        seats = JuryMember.objects.filter(person_id=scope.person_id, role=JuryMember.Role.SECRETARY)
        applications = applications.filter(Q(contest_id__in=seats.values("contest_id")))
    return [
        QueueItem(
            kind="Заявки на конкурсы",
            title=f"{application.contest}: {application.person.full_name}",
            author=application.organization.short_name,
            submitted_at=application.submitted_at,
            url=application.get_absolute_url(),
        )
        for application in applications.select_related("contest", "person", "organization").order_by(
            "submitted_at", "pk"
        )
    ]
