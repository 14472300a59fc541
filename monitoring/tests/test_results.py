"""Results of a campaign (totals, targets, last year, drill-down, charts), the roll call with
«Напомнить всем», and the campaign deadline reminder source."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directory.models import Organization
from monitoring import results, rollcall
from monitoring.models import Answer, Campaign, Indicator, MonitoringForm, Submission
from notifications.models import Notice
from notifications.reminders import reminders_scan

pytestmark = pytest.mark.django_db


S = Submission.State


def make_form(year=2025, copied_from=None, title="Мониторинг деятельности ШМО"):
    form = MonitoringForm.objects.create(title=title, year=year, copied_from=copied_from)
    spec = [
        ("teachers", Indicator.Kind.NUMBER_INT, Indicator.Aggregate.SUM, "", None, "ge"),
        ("young", Indicator.Kind.NUMBER_INT, Indicator.Aggregate.SUM, "", None, "ge"),
        ("score", Indicator.Kind.NUMBER_DEC, Indicator.Aggregate.MEAN, "", 4, "ge"),
        ("site", Indicator.Kind.YESNO, Indicator.Aggregate.SHARE_YES, "", None, "ge"),
        ("share", Indicator.Kind.SHARE, Indicator.Aggregate.FORMULA, "young / teachers * 100", 30, "le"),
    ]
    for n, (code, kind, aggregate, formula, target, direction) in enumerate(spec):
        Indicator.objects.create(
            form=form,
            position=n,
            code=code,
            name=code.capitalize(),
            kind=kind,
            aggregate=aggregate,
            formula=formula,
            target=target,
            target_direction=direction,
        )
    return form


def make_campaign(form, title="Мониторинг ШМО", deadline=None, status=Campaign.Status.OPEN):
    return Campaign.objects.create(form=form, title=title, deadline=deadline, status=status)


def answer(campaign, org, state=S.SUBMITTED, **values):
    submission = Submission.objects.create(campaign=campaign, organization=org, state=state)
    by_code = {i.code: i for i in Indicator.objects.filter(form_id=campaign.form_id)}
    Answer.objects.bulk_create(
        [Answer(submission=submission, indicator=by_code[c], value=v) for c, v in values.items()]
    )
    return submission


@pytest.fixture
def two_years(district):
    a, b = district["school_a"], district["school_b"]
    old_form = make_form(2024)
    old = make_campaign(old_form, "ШМО 2024-2025")
    answer(old, a, S.ACCEPTED, teachers=20, young=2, score=4.0, site=True)
    answer(old, b, S.ACCEPTED, teachers=20, young=4, score=3.0, site=False)
    new_form = make_form(2025, copied_from=old_form)
    new = make_campaign(new_form, "ШМО 2025-2026")
    answer(new, a, S.ACCEPTED, teachers=25, young=10, score=4.5, site=True)
    answer(new, b, S.SUBMITTED, teachers=15, young=2, score=3.5, site=True)
    c = Organization.objects.create(name="МБОУ «СОШ № 3»", short_name="СОШ № 3")
    answer(new, c, S.DRAFT, teachers=1000, young=0, score=1, site=False)  # a draft is not counted
    return {"old": old, "new": new}


def by_code(found):
    return {r.indicator.code: r for r in found.indicators}


def test_totals_follow_each_aggregate_and_last_year_comes_from_the_copied_form(two_years):
    found = results.results(two_years["new"])
    rows = by_code(found)
    assert found.previous == two_years["old"] and found.schools == 2
    assert rows["teachers"].total == 40 and rows["teachers"].last_year == 40 and rows["teachers"].change == 0
    assert rows["young"].total == 12 and rows["young"].change == 6
    assert rows["score"].total == 4 and rows["score"].last_year == 3.5 and rows["score"].change == 0.5
    assert rows["site"].total == 100 and rows["site"].last_year == 50
    # formula over the district sums: 12 / 40 * 100, not the mean of the schools' shares
    assert rows["share"].total == 30 and rows["share"].last_year == 15
    assert (rows["teachers"].minimum.name, rows["teachers"].maximum.name) == ("СОШ № 2", "СОШ № 1")


def test_last_year_is_compared_over_the_schools_that_answered_this_year(two_years, district):
    # School B's answers go back to a draft: this year only school A counts, and last year's figures
    # are school A's too, not the whole district's (a fall of half the district would be false).
    Submission.objects.filter(campaign=two_years["new"], organization=district["school_b"]).update(
        state=S.DRAFT
    )
    found = results.results(two_years["new"])
    rows = by_code(found)
    assert (found.compared, found.previous_schools) == (1, 2)
    assert rows["teachers"].total == 25 and rows["teachers"].last_year == 20
    assert rows["teachers"].change == 5
    assert rows["share"].last_year == 10  # 2 / 20 of school A, not 6 / 40 of both


def test_below_target_for_at_least_and_at_most(two_years):
    rows = by_code(results.results(two_years["new"]))
    # score ≥ 4: СОШ № 2 (3.5) misses it
    assert [s.name for s in rows["score"].below] == ["СОШ № 2"]
    # share ≤ 30: СОШ № 1 has 10/25 = 40 %, over the limit; СОШ № 2 has 13.33 %
    assert [s.name for s in rows["share"].below] == ["СОШ № 1"]
    assert rows["teachers"].below == []


def test_previous_campaign_by_title_and_year_without_a_copy(district):
    old = make_campaign(make_form(2024), "старая")
    new = make_campaign(make_form(2025), "новая")
    other = make_campaign(make_form(2024, title="Другой мониторинг"), "другая")
    assert results.previous_campaign(new) == old
    assert results.previous_campaign(old) is None and results.previous_campaign(other) is None


def test_exports_use_the_same_totals(two_years):
    from monitoring.exporters import export_json

    data = export_json(two_years["old"])
    assert data["totals"]["teachers"] == 40 and data["totals"]["share"] == 15


@pytest.fixture
def methodist_client(methodist):
    client = Client()
    client.force_login(methodist)
    return client


def get_indicator(client, campaign, code):
    return client.get(reverse("monitoring_results:indicator", args=[campaign.pk, code]))


def test_results_page_and_drill_down(two_years, methodist_client):
    new = two_years["new"]
    page = methodist_client.get(reverse("monitoring_results:results", args=[new.pk])).content.decode()
    assert 'data-code="teachers">40<' in page and "ШМО 2025-2026" in page
    assert reverse("monitoring_results:indicator", args=[new.pk, "share"]) in page
    drill = get_indicator(methodist_client, new, "teachers")
    html = drill.content.decode()
    table = html[html.index('data-testid="drill-table"') :]
    assert table.index("СОШ № 1") < table.index("СОШ № 2")  # 25 before 15
    assert "СОШ № 3" not in table  # a draft
    assert html.count('class="pg-bar-row"') >= 2 and '<svg class="pg-bar"' in html
    assert 'data-testid="chart-trend"' in html and "2024-2025 уч. г." in html
    below = methodist_client.get(
        reverse("monitoring_results:indicator", args=[new.pk, "share"])
    ).content.decode()
    assert re.search(r'class="table-danger">\s*<th scope="row" class="fw-normal">СОШ № 1', below)
    choice = methodist_client.get(
        reverse("monitoring_results:indicator", args=[new.pk, "site"])
    ).content.decode()
    assert "Распределение ответов" in choice and "2 из 2" in choice
    assert get_indicator(methodist_client, new, "nope").status_code == 404


def test_results_page_charts_the_chosen_indicator_by_school(two_years, methodist_client):
    url = reverse("monitoring_results:results", args=[two_years["new"].pk])
    page = methodist_client.get(url).content.decode()
    # the first numeric indicator by default: a bar per counted school, with the value
    chart = page.split('data-testid="results-chart"')[1].split("</figure>")[0]
    assert "<svg" in chart and "СОШ № 1" in chart and ">25<" in chart
    page = methodist_client.get(url, {"chart": "site"}).content.decode()
    chart = page.split('data-testid="results-chart"')[1].split("</figure>")[0]
    assert "Распределение ответов" in chart and "2 из 2" in chart
    # an unknown code falls back to the default chart, not an error
    assert methodist_client.get(url, {"chart": "nope"}).status_code == 200


def test_administrator_reads_results_and_a_director_gets_404(two_years, administrator, director_a):
    url = reverse("monitoring_results:results", args=[two_years["new"].pk])
    client = Client()
    client.force_login(administrator)
    assert client.get(url).status_code == 200
    client.force_login(director_a)
    assert client.get(url).status_code == 404
    assert client.get(reverse("monitoring_results:rollcall", args=[two_years["new"].pk])).status_code == 404
    assert client.post(reverse("monitoring_results:remind", args=[two_years["new"].pk])).status_code == 404


def test_results_page_downloads_the_district_workbook(two_years, methodist_client, director_a):
    import io

    from openpyxl import load_workbook

    new = two_years["new"]
    page = methodist_client.get(reverse("monitoring_results:results", args=[new.pk])).content.decode()
    url = reverse("monitoring_results:xlsx", args=[new.pk])
    assert url in page
    response = methodist_client.get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    flat = [str(v) for row in cells for v in row if v is not None]
    assert "Итого по району" in flat
    # the two counted schools are rows, the draft is not
    assert any("СОШ № 3" in v for v in flat) is False
    # another user's session: a director gets 404
    client = Client()
    client.force_login(director_a)
    assert client.get(url).status_code == 404


def _schools(n):
    form = MonitoringForm.objects.get(year=2025)
    campaign = Campaign.objects.get(form=form)
    for i in range(n):
        org = Organization.objects.create(name=f"Школа {i} полное", short_name=f"Школа {i:03}")
        answer(campaign, org, S.SUBMITTED, teachers=i, young=1, score=4, site=bool(i % 2))
    return campaign


@pytest.mark.parametrize("extra", [5, 50])
def test_results_pages_in_a_constant_number_of_queries(
    two_years, methodist_client, methodist, extra, django_assert_num_queries
):
    campaign = _schools(extra)
    methodist_client.get("/")  # warm the session and the user's scope caches
    with django_assert_num_queries(13):
        methodist_client.get(reverse("monitoring_results:results", args=[campaign.pk]))


@pytest.mark.parametrize("extra", [5, 50])
def test_drill_down_in_a_constant_number_of_queries(
    two_years, methodist_client, extra, django_assert_num_queries
):
    campaign = _schools(extra)
    methodist_client.get("/")
    with django_assert_num_queries(21):
        get_indicator(methodist_client, campaign, "teachers")


# --- Roll call and reminders ---


@pytest.fixture
def open_campaign(district, director_a, director_b):
    for user in (director_a, director_b):
        user.email = f"{user.username}@example.ru"
        user.save(update_fields=["email"])
    campaign = make_campaign(make_form(2025), "Сбор 2025", deadline=dt.date(2025, 10, 1))
    c = Organization.objects.create(name="МБОУ «СОШ № 3»", short_name="СОШ № 3")
    d = Organization.objects.create(name="МБОУ «СОШ № 4»", short_name="СОШ № 4")
    answer(campaign, district["school_a"], S.DRAFT)  # opened for it: a draft from the start, not begun
    answer(campaign, district["school_b"], S.RETURNED)
    answer(campaign, c, S.SUBMITTED)
    answer(campaign, d, S.DRAFT)
    return campaign


def test_rollcall_lists_the_right_schools(open_campaign):
    call = rollcall.rollcall(open_campaign, today=dt.date(2025, 10, 2))
    assert [e.organization.short_name for e in call.not_submitted] == ["СОШ № 1", "СОШ № 4"]
    assert [e.organization.short_name for e in call.returned] == ["СОШ № 2"]
    assert {e.organization.short_name for e in call.late} == {"СОШ № 1", "СОШ № 2", "СОШ № 4"}
    assert (call.submitted, call.expected) == (1, 4)
    before = rollcall.rollcall(open_campaign, today=dt.date(2025, 9, 30))
    assert before.late == []


def test_remind_all_sends_once_a_day(
    open_campaign, methodist_client, director_a, director_b, django_capture_on_commit_callbacks
):
    url = reverse("monitoring_results:remind", args=[open_campaign.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = methodist_client.post(url, follow=True)
    assert "Напоминания отправлены: 2." in response.content.decode()
    assert set(Notice.objects.filter(kind=rollcall.REMINDER_KIND).values_list("recipient_id", flat=True)) == {
        director_a.pk,
        director_b.pk,
    }
    assert sorted(m.to[0] for m in mail.outbox) == ["direktor_a@example.ru", "direktor_b@example.ru"]
    page = response.content.decode()
    assert "Последнее напоминание" in page and page.count("—") < page.count("<tr>")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = methodist_client.post(url, follow=True)
    assert "Сегодня всем уже напоминали" in again.content.decode()
    assert Notice.objects.filter(kind=rollcall.REMINDER_KIND).count() == 2 and mail.outbox == []
    assert methodist_client.get(url).status_code == 405
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert rollcall.remind_all(open_campaign, today=tomorrow) == 2  # the next day they are reminded again
    Campaign.objects.filter(pk=open_campaign.pk).update(status=Campaign.Status.CLOSED)
    open_campaign.refresh_from_db()
    assert rollcall.remind_all(open_campaign, today=dt.date(2099, 1, 1)) == 0


def test_the_deadline_source_reminds_a_late_director_not_one_that_submitted(
    district, director_a, director_b, django_capture_on_commit_callbacks
):
    for user in (director_a, director_b):
        user.email = f"{user.username}@example.ru"
        user.save(update_fields=["email"])
    deadline = dt.date(2025, 10, 1)
    campaign = make_campaign(make_form(2025), "Сбор ШМО 2025", deadline=deadline)
    answer(campaign, district["school_a"], S.DRAFT)
    answer(campaign, district["school_b"], S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scan(today=deadline + dt.timedelta(days=7))
    told = [m for m in mail.outbox if "Сбор ШМО 2025" in m.body]
    assert [m.to for m in told] == [["direktor_a@example.ru"]]
    mail.outbox.clear()
    Campaign.objects.filter(pk=campaign.pk).update(status=Campaign.Status.CLOSED)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scan(today=deadline + dt.timedelta(days=14))
    assert not [m for m in mail.outbox if "Сбор ШМО 2025" in m.body]


@pytest.mark.parametrize("urlconf", [None, "monitoring.tests.urls_moved"])
def test_the_deadline_reminder_links_the_campaign_page_wherever_it_is(
    district, director_a, settings, urlconf, django_capture_on_commit_callbacks
):
    from notifications.models import ReminderClaim

    if urlconf:  # the campaign pages moved to /sbor/: the reminder follows
        settings.ROOT_URLCONF = urlconf
    deadline = dt.date(2025, 10, 1)
    campaign = make_campaign(make_form(2025), "Сбор ШМО 2025", deadline=deadline)
    answer(campaign, district["school_a"], S.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scan(today=deadline + dt.timedelta(days=7))
    claim = ReminderClaim.objects.get(recipient=director_a, title__contains="Сбор ШМО 2025")
    expected = "/sbor/campaigns/" if urlconf else "/monitoring/campaigns/"
    assert claim.url == reverse("monitoring:campaign", args=[campaign.pk]) == f"{expected}{campaign.pk}/"


def test_rollcall_page_shows_groups(open_campaign, methodist_client):
    html = methodist_client.get(
        reverse("monitoring_results:rollcall", args=[open_campaign.pk])
    ).content.decode()
    assert "Напомнить всем" in html and "Отправили 1 из 4" in html
    returned = html[html.index('data-testid="rollcall-returned"') :]
    assert "СОШ № 2" in returned


@pytest.mark.parametrize("extra", [5, 50])
def test_rollcall_page_in_a_constant_number_of_queries(
    open_campaign, methodist_client, extra, django_assert_num_queries
):
    for i in range(extra):
        Organization.objects.create(name=f"Школа {i} полное", short_name=f"Школа {i:03}")
    methodist_client.get("/")
    with django_assert_num_queries(10):
        methodist_client.get(reverse("monitoring_results:rollcall", args=[open_campaign.pk]))
