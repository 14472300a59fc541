"""The in-app notices: the navbar bell, the inbox, opening a notice, «Отметить все прочитанными»."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from notifications.models import Notice
from notifications.services import notices_create
from roadmaps.progress import services as report_services
from roadmaps.tests.report_factories import approved_roadmap_for_schools, first_occurrence


def notice(user, title="Отчёт СОШ № 1", url="/roadmaps/reports/1/", kind="report_submitted"):
    notices_create(recipients=[user], kind=kind, title=title, url=url)
    return Notice.objects.filter(recipient=user).order_by("-pk").first()


def bell(response) -> str:
    html = response.content.decode()
    match = re.search(r'data-testid="notice-bell".*?</a>', html, flags=re.S)
    assert match, "no bell in the navbar"
    return match.group(0)


@pytest.mark.django_db
def test_the_bell_shows_the_number_of_unread_notices(methodist, methodist_client):
    assert 'data-testid="notice-count"' not in bell(methodist_client.get(reverse("home")))
    notice(methodist, "Первое")
    notice(methodist, "Второе")
    read = notice(methodist, "Прочитанное")
    Notice.objects.filter(pk=read.pk).update(read_at="2026-01-01T00:00Z")
    count = re.search(r'data-testid="notice-count">(\d+)<', bell(methodist_client.get(reverse("home"))))
    assert count and count.group(1) == "2"


@pytest.mark.django_db
def test_an_anonymous_visitor_has_no_bell_and_the_inbox_sends_to_login(anonymous_client):
    assert 'data-testid="notice-bell"' not in anonymous_client.get(reverse("login")).content.decode()
    response = anonymous_client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_the_inbox_lists_unread_notices_first_in_bold(methodist, methodist_client):
    old_unread = notice(methodist, "Старое непрочитанное")
    read = notice(methodist, "Новое прочитанное")
    Notice.objects.filter(pk=read.pk).update(read_at="2026-01-01T00:00Z")
    assert old_unread.pk < read.pk
    html = methodist_client.get(reverse("notifications:inbox")).content.decode()
    assert html.index("Старое непрочитанное") < html.index("Новое прочитанное")
    unread_item = re.search(r'<li class="[^"]*notice-unread[^"]*".*?</li>', html, flags=re.S).group(0)
    assert "fw-bold" in unread_item and "Старое непрочитанное" in unread_item
    assert html.count("notice-unread") == 1


@pytest.mark.django_db
def test_a_user_sees_only_own_notices(methodist, director_a, methodist_client):
    notice(director_a, "Отчёт возвращён школе")
    notice(methodist, "Отчёт пришёл методисту")
    html = methodist_client.get(reverse("notifications:inbox")).content.decode()
    assert "Отчёт пришёл методисту" in html and "Отчёт возвращён школе" not in html


@pytest.mark.django_db
def test_opening_a_notice_marks_it_read_and_goes_to_its_page(methodist, methodist_client):
    item = notice(methodist, url="/roadmaps/tasks/")
    response = methodist_client.post(reverse("notifications:open", args=[item.pk]))
    assert response.status_code == 302 and response["Location"] == "/roadmaps/tasks/"
    item.refresh_from_db()
    assert item.read_at is not None


@pytest.mark.django_db
def test_a_notice_pointing_off_site_goes_to_the_inbox_instead(methodist, methodist_client):
    item = notice(methodist, url="https://evil.example/phish")
    response = methodist_client.post(reverse("notifications:open", args=[item.pk]))
    assert response["Location"] == reverse("notifications:inbox")


@pytest.mark.django_db
def test_another_users_notice_is_404_and_stays_unread(methodist, director_a_client):
    item = notice(methodist)
    assert director_a_client.post(reverse("notifications:open", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.read_at is None


@pytest.mark.django_db
def test_opening_a_notice_by_get_is_405(methodist, methodist_client):
    item = notice(methodist)
    assert methodist_client.get(reverse("notifications:open", args=[item.pk])).status_code == 405
    assert methodist_client.get(reverse("notifications:mark_all_read")).status_code == 405


@pytest.mark.django_db
def test_marking_all_read_touches_only_own_notices(methodist, director_a, methodist_client):
    notice(methodist, "Раз")
    notice(methodist, "Два")
    theirs = notice(director_a, "Чужое")
    response = methodist_client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "Все уведомления отмечены прочитанными" in response.content.decode()
    assert not Notice.objects.filter(recipient=methodist, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.django_db
def test_posts_without_the_csrf_token_are_refused(methodist, csrf_client_for):
    item = notice(methodist)
    client = csrf_client_for(methodist)
    assert client.post(reverse("notifications:open", args=[item.pk])).status_code == 403
    assert client.post(reverse("notifications:mark_all_read")).status_code == 403
    item.refresh_from_db()
    assert item.read_at is None


@pytest.mark.django_db
def test_the_inbox_is_paginated(methodist, methodist_client):
    notices_create(recipients=[methodist], kind="other", title="x")
    Notice.objects.bulk_create(
        [Notice(recipient=methodist, kind="other", title=f"Уведомление {i}") for i in range(40)]
    )
    first = methodist_client.get(reverse("notifications:inbox")).content.decode()
    second = methodist_client.get(reverse("notifications:inbox"), {"page": 2}).content.decode()
    assert first.count('data-testid="notice"') == 30 and second.count('data-testid="notice"') == 11
    assert "Страница 1 из 2" in first


@pytest.mark.django_db
def test_the_methodist_hears_of_a_submission_and_the_director_of_the_return(
    district, methodist, director_a, director_b, methodist_client, director_a_client, director_b_client
):
    roadmap = approved_roadmap_for_schools(user=methodist, district=district)
    occurrence = first_occurrence(roadmap, "1.1.")
    director_a_client.post(
        reverse("roadmaps:report_edit", args=[occurrence.pk, district["school_a"].pk]),
        {"progress": "done", "comment": "Провели", "submit": "1"},
    )
    inbox = methodist_client.get(reverse("notifications:inbox")).content.decode()
    assert "СОШ № 1: отчёт по «Заседания ШМО»" in inbox

    report = occurrence.reports.get()
    report_services.report_return(user=methodist, report=report, version=report.version, comment="Нет фото")
    director_inbox = director_a_client.get(reverse("notifications:inbox")).content.decode()
    assert "Отчёт возвращён на доработку" in director_inbox and "Нет фото" in director_inbox
    assert "Отчёт возвращён" not in director_b_client.get(reverse("notifications:inbox")).content.decode()
