"""The export reads a campaign in a constant number of queries and writes thousands of rows a second."""

import io
import json
import time

import pytest
from openpyxl import load_workbook

from directory.models import Organization
from monitoring import exporters
from monitoring.models import Answer, Campaign, Indicator, MonitoringForm, Section, Submission

pytestmark = pytest.mark.django_db


def _campaign(schools: int, indicators: int = 60) -> Campaign:
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
        [Organization(name=f"Школа номер {n}", short_name=f"Школа № {n}") for n in range(schools)]
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
