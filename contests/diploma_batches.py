"""«Скачать дипломы»: all diplomas and certificates of a contest with published results as one PDF,
rendered by a Celery task (contests.tasks) that reports its progress on a DiplomaBatch row («готово 50 из
200»), then stored for download. A batch already queued or running is reused; a batch stuck longer than
LEASE may be requested again (a worker lost mid-way leaves it so)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from directory.access import user_scope
from orders import services as order_services

from . import scoring
from .diplomas import Diploma, render_diplomas_pdf
from .models import Contest, DiplomaBatch, RoundResult
from .results import contest_genitive, final_standings, is_published

LEASE = dt.timedelta(minutes=10)
KINDS = {
    RoundResult.Award.WINNER: scoring.WINNER,
    RoundResult.Award.PRIZE: scoring.PRIZE_WINNER,
    RoundResult.Award.LAUREATE: scoring.LAUREATE,
    RoundResult.Award.PARTICIPANT: scoring.PARTICIPANT,
}


def diplomas_for(contest: Contest) -> list[Diploma]:
    """A diploma (or a certificate) per participant of the final round, per nomination, best first."""
    issuer = order_services.default_issuer(organization=contest.organizer)
    signatory = order_services.default_signatory(issuer=issuer)
    published = contest.results_published_at
    diplomas = []
    for nomination, rows in final_standings(contest):
        for result in rows:
            kind = KINDS.get(result.award, scoring.PARTICIPANT)
            diplomas.append(
                Diploma(
                    kind=kind,
                    full_name=result.application.person.full_name,
                    school=result.application.organization.name,
                    nomination=nomination.name if nomination else "",
                    place=result.rank if kind in (scoring.WINNER, scoring.PRIZE_WINNER) else None,
                    contest_title=contest_genitive(contest),
                    year=contest.year,
                    signatory_position=signatory.position if signatory else "",
                    signatory_name=signatory.signature_name if signatory else "",
                    issuer_name=issuer.name,
                    date=timezone.localtime(published).date() if published else None,
                )
            )
    return diplomas


@transaction.atomic
def batch_request(*, user, contest: Contest) -> DiplomaBatch:
    """Queue the rendering (or return the batch already under way)."""
    from .tasks import render_diplomas_task

    if not user_scope(user).district_wide:
        raise PermissionDenied("Дипломы готовит методист.")
    contest = Contest.objects.select_for_update().get(pk=contest.pk)
    if not is_published(contest):
        raise ValidationError("Дипломы готовятся после публикации итогов.")
    running = DiplomaBatch.objects.filter(
        contest=contest,
        state__in=(DiplomaBatch.State.QUEUED, DiplomaBatch.State.RUNNING),
        requested_at__gte=timezone.now() - LEASE,
    ).first()
    if running is not None:
        return running
    total = sum(len(rows) for _, rows in final_standings(contest))
    if not total:
        raise ValidationError("В финальном туре нет участников: дипломы выдавать некому.")
    batch = DiplomaBatch.objects.create(contest=contest, total=total, requested_by=user)
    transaction.on_commit(lambda: render_diplomas_task.delay(batch.pk))
    return batch


def batch_render(*, batch_id: int) -> None:
    """The task's body: safe to run twice (a finished batch is left as it is)."""
    batch = DiplomaBatch.objects.select_related("contest").filter(pk=batch_id).first()
    if batch is None or batch.state == DiplomaBatch.State.DONE:
        return
    DiplomaBatch.objects.filter(pk=batch_id).update(state=DiplomaBatch.State.RUNNING, done=0)

    def progress(done: int, total: int) -> None:
        DiplomaBatch.objects.filter(pk=batch_id).update(done=done, total=total)

    try:
        diplomas = diplomas_for(batch.contest)
        DiplomaBatch.objects.filter(pk=batch_id).update(total=len(diplomas))
        pdf = render_diplomas_pdf(diplomas, progress)
    except ValueError as error:
        DiplomaBatch.objects.filter(pk=batch_id).update(
            state=DiplomaBatch.State.FAILED, error=str(error), finished_at=timezone.now()
        )
        return
    batch.refresh_from_db()
    batch.file.save(f"diplomas-{batch.contest_id}-{batch.pk}.pdf", ContentFile(pdf), save=False)
    batch.state = DiplomaBatch.State.DONE
    batch.done = batch.total = len(diplomas)
    batch.finished_at = timezone.now()
    batch.save(update_fields=["file", "state", "done", "total", "finished_at"])
