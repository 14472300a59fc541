"""Contest results at the issue's size: a round with 60 participants × 7 jurors × 10 criteria.

    cd bench && DEBUG=1 ../.venv/bin/python bench_contests.py

On a throwaway database (common.bootstrap): one contest, two nominations, 60 admitted applications, a
jury of 7 (the chair and six members) with signed score sheets (4,200 scores). The round is closed through
contests.results (the summary stored), then the round's results page (the summary per nomination) and the
contest's results page are requested 10 times by a methodist (common.measure_page); the protocol PDF is
rendered once; after publishing, the diplomas task's body renders the 60 diplomas (pages/s, the issue's
target ≥ 10). Prints figures only.
"""

from __future__ import annotations

import common

common.bootstrap("contests")

import time  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.utils import timezone  # noqa: E402

from contests import results, services  # noqa: E402
from contests.models import (  # noqa: E402
    Application,
    Contest,
    DiplomaBatch,
    JuryMember,
    Nomination,
    Score,
    ScoreSheet,
)
from directory.models import Organization, Person  # noqa: E402

REQUESTS = 10
PARTICIPANTS, JURORS, CRITERIA = 60, 7, 10


def build(office):
    today = timezone.localdate()
    education = Organization.objects.create(
        name="Управление образования администрации района",
        short_name="УО",
        kind=Organization.Kind.EDUCATION_OFFICE,
    )
    contest = services.contest_save(
        user=None,
        data={
            "name": "Педагогический дебют",
            "year": today.year,
            "organizer": education,
            "kind": Contest.Kind.DEBUT,
            "status": Contest.Status.SCORING,
            "drop_extremes": True,
        },
    )
    services.nominations_set(contest=contest, names=["Молодые учителя", "Молодые воспитатели"])
    nominations = list(Nomination.objects.filter(contest=contest))
    round = services.round_save(
        contest=contest,
        data={"title": "Очный тур: «Урок»", "position": 1},
        criteria=[
            services.CriterionData(name=f"Критерий {c + 1}", max_points=Decimal(10)) for c in range(CRITERIA)
        ],
    )
    schools = Organization.objects.bulk_create(
        Organization(name=f"МБОУ «СОШ № {i + 1}»", short_name=f"СОШ № {i + 1}", kind=Organization.Kind.SCHOOL)
        for i in range(12)
    )
    jurors = Person.objects.bulk_create(
        Person(organization=office, last_name=f"Экспертова{j}", first_name="Анна", patronymic="Ивановна")
        for j in range(JURORS)
    )
    seats = JuryMember.objects.bulk_create(
        JuryMember(contest=contest, person=p, role="chair" if j == 0 else "member")
        for j, p in enumerate(jurors)
    )
    JuryMember.objects.create(
        contest=contest, person=Person.objects.get(user__isnull=False), role="secretary"
    )
    teachers = Person.objects.bulk_create(
        Person(
            organization=schools[i % len(schools)],
            last_name=f"Участникова{i}",
            first_name="Мария",
            patronymic="Петровна",
            position="Учитель",
        )
        for i in range(PARTICIPANTS)
    )
    applications = Application.objects.bulk_create(
        Application(
            contest=contest,
            person=t,
            organization_id=t.organization_id,
            nomination=nominations[i % 2],
            state=Application.State.ACCEPTED,
            consent_on=today,
        )
        for i, t in enumerate(teachers)
    )
    now = timezone.now()
    sheets = ScoreSheet.objects.bulk_create(ScoreSheet(round=round, juror=s, signed_at=now) for s in seats)
    criteria = list(round.criteria.all())
    Score.objects.bulk_create(
        # a participant's own hundredths on the first criterion: no two totals are equal
        Score(
            sheet=sheet,
            application=a,
            criterion=c,
            points=Decimal((i * 13 + j * 7 + k * 3) % 10) + (i if k == 0 else 0) / Decimal(100),
        )
        for j, sheet in enumerate(sheets)
        for i, a in enumerate(applications)
        for k, c in enumerate(criteria)
    )
    return contest, round


def main() -> None:
    user, office = common.methodist()
    contest, round = build(office)
    client = common.client(user)
    started = time.perf_counter()
    results.round_close(user=user, round=round)
    close_ms = (time.perf_counter() - started) * 1000
    print(f"contests results benchmark, {common.database_label()}, {REQUESTS} requests each")
    scores = Score.objects.count()
    print(f"{PARTICIPANTS} participants × {JURORS} jurors × {CRITERIA} criteria ({scores:,} scores)")
    print(f"closing the round (summary stored): {close_ms:.0f} ms")
    for label, url in (
        ("round results page", f"/contests/{contest.pk}/results/{round.pk}/"),
        ("contest results page", f"/contests/{contest.pk}/results/"),
    ):
        print(common.measure_page(client, url, REQUESTS).line(label, width=24))
    started = time.perf_counter()
    response = client.get(f"/contests/{contest.pk}/results/{round.pk}/protocol.pdf")
    assert response.status_code == 200
    print(f"protocol PDF: {(time.perf_counter() - started) * 1000:.0f} ms, {len(b''.join(response)):,} bytes")
    results.results_publish(user=user, contest=contest)
    from contests.diploma_batches import batch_render

    batch = DiplomaBatch.objects.create(contest=contest, total=PARTICIPANTS)
    started = time.perf_counter()
    batch_render(batch_id=batch.pk)
    seconds = time.perf_counter() - started
    batch.refresh_from_db()
    assert batch.state == DiplomaBatch.State.DONE, batch.error
    print(f"diplomas task: {batch.total} pages in {seconds:.1f} s — {batch.total / seconds:.1f} pages/s")


if __name__ == "__main__":
    main()
