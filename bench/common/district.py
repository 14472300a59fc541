"""A realistic district for the page benchmarks: rows with the seed roadmaps' texts, schools with directors.

Imported after common.bootstrap() (it uses Django and the project):

    from common import district

    rows = district.seed_rows(300)
"""

from __future__ import annotations

import itertools
import json

from . import BASE_DIR

FIXTURES = BASE_DIR / "tests" / "fixtures" / "roadmaps"
SEEDS = ("seed000", "seed001")


def seed_rows(count: int) -> list:
    """count rows (roadmaps.services.RowData) cycling through the rows of the real documents in
    tests/fixtures/roadmaps (seed000, seed001): their numbers, headings and texts as written."""
    from roadmaps.services import RowData

    source = []
    for seed in SEEDS:
        source += json.loads((FIXTURES / f"{seed}.rows.json").read_text(encoding="utf-8"))
    return [
        RowData(
            number=item["number"],
            activity=item["activity"],
            is_heading=item["heading"],
            deadline_text=item["deadline"],
            responsible_text=item["responsible"],
            result_text=item["result"],
        )
        for item in itertools.islice(itertools.cycle(source), count)
    ]


def seed_roadmap(user, office, count: int, period: tuple, *, status: str | None = None):
    """A roadmap of `count` seed rows (seed_rows) created through roadmaps.services."""
    from roadmaps import services

    data = {
        "title": f"Дорожная карта методического сопровождения на {count} строк",
        "period_start": period[0],
        "period_end": period[1],
        "organization": office,
        "goal": "Повышение качества образования в районе через развитие профессиональных компетенций.",
    }
    if status:
        data["status"] = status
    return services.roadmap_create(user=user, data=data, rows=seed_rows(count))


def schools_with_directors(count: int) -> list:
    """Schools МБОУ СОШ № 1…count (created when missing), each with a director who has a login."""
    from directory import services as directory
    from directory.models import Organization, Role

    existing = Organization.objects.filter(kind=Organization.Kind.SCHOOL).count()
    for number in range(existing + 1, count + 1):
        school = directory.organization_save(
            data={
                "name": f"Муниципальное бюджетное общеобразовательное учреждение «СОШ № {number}»",
                "short_name": f"МБОУ СОШ № {number}",
                "kind": Organization.Kind.SCHOOL,
            }
        )
        person = directory.person_save(
            data={
                "organization": school,
                "last_name": f"Директорова-{number}",
                "first_name": "Анна",
                "patronymic": "Павловна",
                "position": "Директор",
            }
        )
        user = directory.user_ensure(
            username=f"bench-direktor-{number}", password="bench-pass-2026", person=person
        )
        directory.role_grant(user=user, kind=Role.Kind.DIRECTOR, organization=school)
    return list(Organization.objects.filter(kind=Organization.Kind.SCHOOL).order_by("pk")[:count])


def assign_mix(user, roadmap, schools: list) -> dict[str, int]:
    """Items in turn: reported on by every school, by five chosen schools, by none (the office's work).
    Through roadmaps.progress.services.row_assign; returns how many items got each."""
    from roadmaps.models import RoadmapRow
    from roadmaps.progress import services as report_services

    counts = {"all": 0, "selected": 0, "none": 0}
    items = RoadmapRow.objects.filter(roadmap=roadmap, is_heading=False).order_by("position")
    for index, row in enumerate(items):
        scope = ("all", "selected", "none")[index % 3]
        chosen = schools[index % len(schools) :][:5] or schools[:5]
        report_services.row_assign(
            user=user, row=row, scope=scope, schools=chosen if scope == "selected" else ()
        )
        counts[scope] += 1
    return counts


# The district of the progress pages (bench_progress, bench_tasks, bench_load): an approved roadmap of
# numbered items with these deadlines, a heading every tenth row, every school reporting on each item's
# first date in a mix of states.
DEADLINES = (
    "Ежемесячно",
    "1 раз в четверть",
    "до 30 сентября",
    "Май",
    "Декабрь, май",
    "По запросу",
    "В течение года",
)
STATES = (
    ("draft", "in_progress"),
    ("submitted", "done"),
    ("accepted", "done"),
    ("returned", "not_done"),
    ("accepted", "not_done"),
    (None, None),  # no report
)


def schools_up_to(count: int) -> list:
    """Schools «СОШ № 1…count» (created when missing, no directors), in the order they were made."""
    from directory import services as directory
    from directory.models import Organization

    existing = Organization.objects.filter(kind=Organization.Kind.SCHOOL).count()
    for number in range(existing + 1, count + 1):
        directory.organization_save(
            data={
                "name": f"Муниципальное бюджетное общеобразовательное учреждение «СОШ № {number}»",
                "short_name": f"МБОУ СОШ № {number}",
                "kind": Organization.Kind.SCHOOL,
            }
        )
    return list(Organization.objects.filter(kind=Organization.Kind.SCHOOL).order_by("pk"))


def reports_for(roadmap, schools: list) -> int:
    """Every school reports on each item's first date, in a mix of STATES (bulk_create: the workflow
    itself is not what the benchmarks measure). Returns how many reports were made."""
    from django.db.models import Min
    from django.utils import timezone

    from roadmaps.models import Occurrence, ProgressReport

    occurrences = Occurrence.objects.filter(row__roadmap=roadmap, is_active=True)
    firsts = {e["row_id"]: e["first"] for e in occurrences.values("row_id").annotate(first=Min("due_date"))}
    first_occurrence = {o.row_id: o for o in occurrences if firsts.get(o.row_id) == o.due_date}
    now, today = timezone.now(), timezone.localdate()
    reports = []
    for index, row_id in enumerate(sorted(first_occurrence)):
        occurrence = first_occurrence[row_id]
        for offset, school in enumerate(schools):
            state, progress = STATES[(index + offset) % len(STATES)]
            if state is None:
                continue
            reports.append(
                ProgressReport(
                    occurrence=occurrence,
                    organization=school,
                    state=state,
                    progress=progress,
                    reason="Перенесено" if progress == "not_done" else "",
                    review_comment="Приложите протокол заседания" if state == "returned" else "",
                    done_on=min(occurrence.due_date, today) if progress == "done" else None,
                    submitted_at=now if state != "draft" else None,
                    reviewed_at=now if state in ("accepted", "returned") else None,
                )
            )
    ProgressReport.objects.bulk_create(reports, batch_size=2000)
    return len(reports)


def gzip_size(client, url: str) -> int:
    """Bytes GZipMiddleware would send for the page (compresslevel 6): an estimate when it is off."""
    import gzip

    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return len(gzip.compress(body, compresslevel=6))
