"""notifications 0005 (claims written in bulk) on a database that already holds reminders.

A district upgrading from the previous main has digests and claims made by the per-person scan. The
migration changes the claims' unique constraint from (thing, person, kind, day) to (digest, kind,
thing) and drops the database FKs: what was told stays told, the digest page still lists it, the
same thing still cannot be claimed twice in a digest, and deleting a digest still deletes its claims.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("notifications", "0004_notice_kinds_registered_email_notices")]
AFTER = [("notifications", "0005_reminder_claims_written_in_bulk")]
DAY = dt.date(2026, 11, 30)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_claims_told_before_the_upgrade_stay_told_once_per_digest():
    try:
        old = _migrate(BEFORE)
        user_model = old.get_model("auth", "User")
        director = user_model.objects.create(username="direktor-upgrade")
        methodist = user_model.objects.create(username="metodist-upgrade")
        old_digest = old.get_model("notifications", "Digest")
        old_claim = old.get_model("notifications", "ReminderClaim")
        digests = {
            user.username: old_digest.objects.create(recipient=user, date=DAY, items=1)
            for user in (director, methodist)
        }
        for digest in digests.values():
            old_claim.objects.create(
                source_key="roadmaps.occurrence:7:org:3",
                recipient=digest.recipient,
                kind="due",
                on_date=DAY,
                due_date=DAY,
                title="3 Экспертиза планов работы ШМО",
                context="Дорожная карта на 2026-2027 учебный год",
                url="/roadmaps/1/#row-3",
                digest=digest,
            )

        new = _migrate(AFTER)
        digest_model = new.get_model("notifications", "Digest")
        claim_model = new.get_model("notifications", "ReminderClaim")
        director_digest = digest_model.objects.get(recipient__username="direktor-upgrade")
        kept = claim_model.objects.get(digest=director_digest)
        assert (kept.title, kept.kind, kept.due_date, kept.url) == (
            "3 Экспертиза планов работы ШМО",
            "due",
            DAY,
            "/roadmaps/1/#row-3",
        )
        assert claim_model.objects.count() == 2  # the same thing told to two people: two digests

        with pytest.raises(IntegrityError), transaction.atomic():
            claim_model.objects.create(
                source_key="roadmaps.occurrence:7:org:3",
                recipient_id=director_digest.recipient_id,
                kind="due",
                on_date=DAY,
                due_date=DAY,
                title="again",
                digest=director_digest,
            )

        director_digest.delete()  # Django deletes the claims (no FK in the database any more)
        assert list(claim_model.objects.values_list("digest__recipient__username", flat=True)) == [
            "metodist-upgrade"
        ]
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_digests_made_before_counts_existed_are_counted_from_their_claims():
    """notifications 0006: a digest kept every claim before; its counts are filled from them, so its page
    still lists every thing it told and promises no «и ещё»."""
    try:
        old = _migrate(AFTER)
        director = old.get_model("auth", "User").objects.create(username="direktor-counts")
        digest = old.get_model("notifications", "Digest").objects.create(
            recipient=director, date=DAY, items=3
        )
        claim_model = old.get_model("notifications", "ReminderClaim")
        for n, kind in enumerate(("due", "due", "overdue")):
            claim_model.objects.create(
                source_key=f"roadmaps.occurrence:{n}:org:3",
                recipient=director,
                kind=kind,
                on_date=DAY,
                due_date=DAY,
                title=f"{n} Пункт",
                digest=digest,
            )

        new = _migrate([("notifications", "0006_digest_counts_claims_kept")])
        upgraded = new.get_model("notifications", "Digest").objects.get(pk=digest.pk)
        assert upgraded.counts == {"due": 2, "overdue": 1}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
