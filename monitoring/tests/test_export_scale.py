"""The export reads a campaign in a constant number of queries and writes thousands of rows a second."""

import io
import json
import time

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from directory.models import Organization
from monitoring import exporters
from monitoring.models import Answer, Campaign, Indicator, MonitoringForm, Section, Submission

pytestmark = pytest.mark.django_db


def _campaign(schools: int, indicators: int = 60, tag: str = "") -> Campaign:
    form = MonitoringForm.objects.create(title="Большой мониторинг", year=2024)
    sections = [Section.objects.create(form=form, position=n, title=f"Раздел {n}") for n in range(1, 4)]
    made = Indicator.objects.bulk_create(
        [
            Indicator(
                form=form,
                section=sections[n % 3] if n < indicators - 2 else None,
                position=n,
                code=f"p{n}",
                name=f"Показатель {n}",
                kind=Indicator.Kind.NUMBER_INT,
            )
            for n in range(indicators - 1)
        ]
        + [
            Indicator(
                form=form,
                position=indicators,
                code="share",
                name="Доля",
                kind=Indicator.Kind.SHARE,
                formula="p1 / p0 * 100",
                aggregate=Indicator.Aggregate.FORMULA,
            )
        ]
    )
    campaign = Campaign.objects.create(form=form, title="Большой мониторинг за 2024-2025 уч. г.")
    organizations = Organization.objects.bulk_create(
        [Organization(name=f"Школа номер {n}{tag}", short_name=f"Школа № {n}{tag}") for n in range(schools)]
    )
    submissions = Submission.objects.bulk_create(
        [
            Submission(campaign=campaign, organization=o, state=Submission.State.ACCEPTED)
            for o in organizations
        ]
    )
    Answer.objects.bulk_create(
        [
            Answer(submission=s, indicator=i, value=(n + 1) * (k + 1))
            for n, s in enumerate(submissions)
            for k, i in enumerate(made)
            if not i.is_computed
        ],
        batch_size=5000,
    )
    return campaign


@pytest.mark.parametrize("schools", [3, 30])
def test_export_queries_do_not_grow_with_schools(django_assert_num_queries, schools):
    campaign = _campaign(schools, indicators=10)
    with django_assert_num_queries(3):
        exporters.export_xlsx(campaign, io.BytesIO())
    with django_assert_num_queries(3):
        data = exporters.export_json(campaign)
    assert len(data["rows"]) == schools
    json.dumps(data, ensure_ascii=False)


def test_export_of_300_schools_by_60_indicators_is_fast():
    campaign = _campaign(300)
    file = io.BytesIO()
    started = time.perf_counter()
    table = exporters.campaign_table(campaign)
    read = time.perf_counter() - started
    rows = exporters.write_xlsx(table, file)
    elapsed = time.perf_counter() - started
    print(
        f"export: {rows} rows × 60 indicators: read {read:.3f} s, written {elapsed - read:.3f} s "
        f"= {rows / (elapsed - read):.0f} rows/s written, {rows / elapsed:.0f} rows/s in all"
    )
    assert rows == 300
    assert elapsed < 2  # generous for a shared machine; the figures are in the report
    ws = load_workbook(io.BytesIO(file.getvalue()), read_only=True).active
    rows = list(ws.iter_rows(values_only=True))
    assert len(rows) == 1 + 2 + 300 + 1 and rows[-1][1] == "Итого по району"


def _queries(run) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        run()
    return len(ctx.captured_queries)


def test_results_page_and_exports_do_not_grow_with_schools_or_indicators(methodist_client):
    """5 schools × 10 indicators and 20 schools × 60: the same number of queries for the results page,
    the XLSX and the JSON export (the bench, bench/bench_monitoring.py, times 300 × 60)."""
    counts = []
    for schools, indicators in ((5, 10), (20, 60)):
        campaign = _campaign(schools, indicators, tag=f"-{schools}")
        url = reverse("monitoring_results:results", args=[campaign.pk])
        methodist_client.get(url)  # warm the session and the per-process caches
        page = methodist_client.get(url)
        assert page.status_code == 200 and f"Школа № {schools - 1}-{schools}" in page.content.decode()
        file = io.BytesIO()
        counts.append(
            (
                _queries(lambda url=url: methodist_client.get(url)),
                _queries(lambda campaign=campaign, file=file: exporters.export_xlsx(campaign, file)),
                _queries(lambda campaign=campaign: exporters.export_json(campaign)),
            )
        )
        rows = list(
            load_workbook(io.BytesIO(file.getvalue()), read_only=True).active.iter_rows(values_only=True)
        )
        assert len(rows) == 1 + 2 + schools + 1 and len(rows[1]) == 2 + indicators
    assert counts[0] == counts[1], counts
