"""The reminder scan: the right people, once, on time (eager Celery, Django's locmem outbox)."""

import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from notifications.models import Digest, Notice, ReminderClaim, ReminderPreference
from notifications.reminders import reminders_scan
from roadmaps.progress import services as report_services
from roadmaps.tests.report_factories import approved_roadmap_for_schools, item

# On 31.05.2023 two school items are due: 1.1. «Заседания ШМО» (its 4th quarter) and 1.2. «Отчёт о
# работе ШМО». 2.1. «Мониторинг ШМО», the office's own work, is due 30.06.2023.
DUE_12 = dt.date(2023, 5, 31)
DUE_21 = dt.date(2023, 6, 30)


@pytest.fixture
def roadmap(district, methodist, director_a, director_b):
    for user, address in (
        (methodist, "metodist@example.ru"),
        (director_a, "a@example.ru"),
        (director_b, "b@example.ru"),
    ):
        user.email = address
        user.save()
    return approved_roadmap_for_schools(user=methodist, district=district)


@pytest.fixture
def scan(django_capture_on_commit_callbacks):
    """Run the scan and the email tasks it queues after commit (eager Celery)."""

    def run(today):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders_scan(today=today)

    return run


def outbox_for(address):
    return [m for m in mail.outbox if m.to == [address]]


@pytest.mark.django_db
def test_on_the_due_day_each_director_gets_one_digest_and_a_second_scan_sends_nothing(roadmap, scan):
    result = scan(DUE_12)
    assert result.sent == 2
    assert len(outbox_for("a@example.ru")) == 1
    message = outbox_for("b@example.ru")[0]
    assert message.subject == "Методкабинет: сроки на 31.05.2023 (2)"
    assert "Отчёт о работе ШМО" in message.body and "Заседания ШМО" in message.body
    assert "СРОК СЕГОДНЯ" in message.body
    html = message.alternatives[0][0]
    assert 'href="http://127.0.0.1:8000/roadmaps/tasks/"' in html
    assert scan(DUE_12).sent == 0
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_reminders_seven_and_one_day_before_by_default_and_per_user_choice(roadmap, director_a, scan):
    scan(DUE_12 - dt.timedelta(days=7))
    scan(DUE_12 - dt.timedelta(days=3))
    scan(DUE_12 - dt.timedelta(days=1))
    assert [m.subject for m in outbox_for("a@example.ru")] == [
        "Методкабинет: сроки на 24.05.2023 (2)",
        "Методкабинет: сроки на 30.05.2023 (2)",
    ]
    ReminderPreference.objects.create(user=director_a, days_before=[3])
    mail.outbox.clear()
    scan(DUE_12 - dt.timedelta(days=10) + dt.timedelta(days=7))  # 3 days before
    assert len(outbox_for("a@example.ru")) == 1
    assert outbox_for("b@example.ru") == []  # director B keeps 7 and 1


@pytest.mark.django_db
def test_overdue_weekly_until_the_report_is_accepted(roadmap, district, methodist, director_a, scan):
    scan(DUE_12 + dt.timedelta(days=7))
    assert "ПРОСРОЧЕНО" in outbox_for("a@example.ru")[0].body
    scan(DUE_12 + dt.timedelta(days=8))  # not a weekly step: nothing
    assert len(outbox_for("a@example.ru")) == 1
    occurrence = item(roadmap, "1.2.").occurrences.get()
    report = report_services.report_save(
        user=director_a, occurrence=occurrence, organization=district["school_a"],
        data={"progress": "done"}, version=None, today=DUE_12,
    )  # fmt: skip
    report = report_services.report_submit(user=director_a, report=report, version=report.version)
    report_services.report_accept(user=methodist, report=report, version=report.version)
    mail.outbox.clear()
    scan(DUE_12 + dt.timedelta(days=14))
    [to_a] = outbox_for("a@example.ru")  # still about 1.1., which school A has not reported on
    assert "Отчёт о работе ШМО" not in to_a.body and "Заседания ШМО" in to_a.body
    assert "Отчёт о работе ШМО" in outbox_for("b@example.ru")[0].body  # school B has not reported


@pytest.mark.django_db
def test_a_school_that_sent_its_report_is_not_reminded_before_the_date(roadmap, district, director_a, scan):
    occurrence = item(roadmap, "1.2.").occurrences.get()
    report = report_services.report_save(
        user=director_a, occurrence=occurrence, organization=district["school_a"],
        data={"progress": "done"}, version=None, today=DUE_12 - dt.timedelta(days=2),
    )  # fmt: skip
    report_services.report_submit(user=director_a, report=report, version=report.version)
    scan(DUE_12 - dt.timedelta(days=1))
    [to_a] = outbox_for("a@example.ru")
    assert "Отчёт о работе ШМО" not in to_a.body and "Заседания ШМО" in to_a.body
    assert "Отчёт о работе ШМО" in outbox_for("b@example.ru")[0].body


@pytest.mark.django_db
def test_the_linked_responsible_methodist_hears_about_the_office_work(roadmap, district, methodist, scan):
    row = item(roadmap, "2.1.")
    row.responsible_people.set([district["people"]["methodist"]])
    scan(DUE_21)
    assert "Мониторинг ШМО" in outbox_for("metodist@example.ru")[0].body
    mail.outbox.clear()
    scan(DUE_21 + dt.timedelta(days=7))
    assert "ПРОСРОЧЕНО" in outbox_for("metodist@example.ru")[0].body


@pytest.mark.django_db
def test_a_person_without_email_is_shown_not_dropped(roadmap, director_b, scan):
    director_b.email = ""
    director_b.save()
    result = scan(DUE_12)
    assert (result.sent, result.skipped) == (1, 1)
    digest = Digest.objects.get(recipient=director_b)
    assert digest.status == Digest.Status.NO_EMAIL
    [notice] = Notice.objects.filter(recipient=director_b, kind="reminder")
    assert notice.url == f"/notifications/digests/{digest.pk}/"


@pytest.mark.django_db
def test_inbox_only_preference_sends_no_email_but_fills_the_inbox(roadmap, director_a, scan):
    ReminderPreference.objects.create(user=director_a, email_digest=False)
    scan(DUE_12)
    assert outbox_for("a@example.ru") == []
    [notice] = Notice.objects.filter(recipient=director_a, kind="reminder")
    assert notice.title == "Сроки на 31.05.2023: срок сегодня: 2"
    assert "1.1. Заседания ШМО" in notice.body and "1.2. Отчёт о работе ШМО" in notice.body
    assert Digest.objects.get(recipient=director_a).status == Digest.Status.INBOX_ONLY


@pytest.mark.django_db
def test_send_reminders_command_prints_json_and_is_idempotent(roadmap, scan):
    out = StringIO()
    call_command("send_reminders", "--today", DUE_12.isoformat(), stdout=out)
    assert json.loads(out.getvalue().strip().splitlines()[-1]) == {"sent": 2, "skipped": 0}
    out = StringIO()
    call_command("send_reminders", "--today", DUE_12.isoformat(), stdout=out)
    assert json.loads(out.getvalue().strip().splitlines()[-1]) == {"sent": 0, "skipped": 2}
    assert ReminderClaim.objects.count() == 4  # two items for each of the two directors


@pytest.mark.django_db
def test_the_scan_runs_a_bounded_number_of_queries_per_recipient_not_per_occurrence(
    district, methodist, director_a, director_b, django_assert_max_num_queries, scan
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from roadmaps.services import RowData
    from roadmaps.tests.factories import make_roadmap

    # With addresses, so that the e-mail path (the digest, its letter, the send) is counted too.
    for user, address in ((director_a, "a@example.ru"), (director_b, "b@example.ru")):
        user.email = address
        user.save(update_fields=["email"])
    counts, due_items = {}, 0
    for size in (5, 60):
        roadmap = make_roadmap(
            user=methodist,
            organization=district["method_office"],
            rows=[
                RowData(number=str(i), activity=f"Пункт {i}", deadline_text="Май 2023 г.")
                for i in range(size)
            ],
            status="approved",
            title=f"Карта на {size}",
        )
        for row in roadmap.rows.all():
            report_services.row_assign(user=methodist, row=row, scope="all")
        Digest.objects.all().delete()
        mail.outbox.clear()
        # 2 directors: per recipient a fixed number of queries, independent of the 5 or 60 items. The
        # bound was 30 while these directors had no address; their letters (queue, claim, send) cost 39.
        with django_assert_max_num_queries(40), CaptureQueriesContext(connection) as queries:
            result = scan(DUE_12)
        counts[size] = len(queries)
        assert result.sent == 2
        assert sorted(m.to[0] for m in mail.outbox) == ["a@example.ru", "b@example.ru"]
        due_items += size
        assert f"пунктов: {due_items}." in mail.outbox[0].body  # every item due that day, in one letter
    assert counts[5] == counts[60], counts


@pytest.mark.django_db
def test_a_weekly_item_overdue_for_weeks_is_one_line_not_one_per_week(district, methodist, director_a, scan):
    from roadmaps.services import RowData
    from roadmaps.tests.factories import make_roadmap

    director_a.email = "a@example.ru"
    director_a.save()
    roadmap = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        rows=[RowData(number="1", activity="Пятничная планёрка", deadline_text="каждую пятницу")],
        status="approved",
    )
    report_services.row_assign(user=methodist, row=roadmap.rows.get(), scope="all")
    scan(dt.date(2022, 9, 23))  # Fridays 02.09, 09.09, 16.09 are overdue; 23.09 is due; 30.09 is a week away
    claims = ReminderClaim.objects.filter(recipient=director_a).order_by("kind")
    assert [(c.kind, c.due_date, c.title) for c in claims] == [
        ("before", dt.date(2022, 9, 30), "1 Пятничная планёрка"),
        ("due", dt.date(2022, 9, 23), "1 Пятничная планёрка"),
        ("overdue", dt.date(2022, 9, 16), "1 Пятничная планёрка (и ещё просроченных сроков: 2)"),
    ]


@pytest.mark.django_db
def test_a_bounced_digest_is_not_retried_and_is_shown_to_the_methodist(
    roadmap, director_a, methodist_client, scan, settings
):
    from notifications.models import OutgoingEmail

    settings.EMAIL_BACKEND = "notifications.tests.backends.RefusingBackend"
    scan(DUE_12)
    email = OutgoingEmail.objects.get(to="a@example.ru")
    assert (email.status, email.attempts) == (OutgoingEmail.Status.BOUNCED, 1)
    assert "User unknown" in email.last_error
    assert Digest.objects.get(recipient=director_a).status == Digest.Status.FAILED
    page = methodist_client.get("/notifications/delivery-problems/").content.decode()
    assert "direktor_a" in page and "почтовый сервер отказал" in page and "User unknown" in page


@pytest.mark.django_db
def test_the_digest_greets_a_director_by_name_and_patronymic(roadmap, scan):
    scan(DUE_12)
    message = outbox_for("a@example.ru")[0]
    assert message.body.startswith("Здравствуйте, Андрей Иванович!")
    assert "<p>Здравствуйте, Андрей Иванович!</p>" in message.alternatives[0][0]
    assert outbox_for("b@example.ru")[0].body.startswith("Здравствуйте, Мария Павловна!")


@pytest.mark.django_db(transaction=True)
def test_send_reminders_prints_no_english_warning_and_ends_with_the_json(roadmap, director_b, tmp_path):
    """Run as an administrator would, without a broker (tasks in-process) and letters to the console."""
    from tests.conftest import worker_database_url

    director_b.email = ""  # no address: recorded on the digest, no console line about it
    director_b.save()

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-production-like-key-for-this-test-only-0123456789-abcdefghijklmnop",
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": "",
        "EMAIL_URL": "consolemail://",
        "SITE_URL": "https://metodkabinet.example.ru",
    }
    env.pop("ALLOWED_HOSTS", None)
    done = subprocess.run(
        [sys.executable, "manage.py", "send_reminders", "--today", DUE_12.isoformat()],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""  # was «No hostname was supplied. Reverting to default 'localhost'» and «Task …»
    lines = done.stdout.strip().splitlines()
    assert json.loads(lines[-1]) == {"sent": 1, "skipped": 1}
    assert not any(line.startswith(("No hostname", "Task ")) for line in lines)
    assert "Здравствуйте, Андрей Иванович!" in done.stdout
    assert "https://metodkabinet.example.ru/roadmaps/tasks/" in done.stdout


@pytest.fixture
def monitoring_source():
    """Another app's deadline as a source: a form each director must fill in on 31.05.2023, written as a
    QuerySet of the contract's columns (notifications.registry) — one query, no object per person."""
    from django.contrib.auth import get_user_model
    from django.db.models import CharField, DateField, F, Value
    from django.db.models.functions import Cast, Concat

    from directory.models import Role
    from notifications import registry

    class MonitoringForms:
        name = "test.monitoring"

        def due_query(self, *, dates, today, told):
            if DUE_12 not in dates:
                return None
            directors = (
                get_user_model()
                .objects.filter(roles__kind=Role.Kind.DIRECTOR)
                .exclude(pk__in=told)
                .values(
                    recipient_id=F("pk"),
                    source_key=Concat(Value("test.form:1:user:"), Cast("pk", CharField())),
                    due_date=Value(DUE_12, output_field=DateField()),
                    title=Value("Форма «Кадры школы»"),
                    context=Value("Мониторинг кадров"),
                    url=Value("/monitoring/1/"),
                    phase=Value(registry.PHASE_UPCOMING),
                    overdue_count=Value(1),
                )
            )
            return registry.DueQuery.from_queryset(directors)

    registry.register(MonitoringForms())
    yield
    registry.unregister(MonitoringForms.name)


@pytest.mark.django_db
def test_a_deadline_of_another_app_comes_in_the_same_digest(roadmap, monitoring_source, scan):
    assert scan(DUE_12 - dt.timedelta(days=1)).sent == 2  # the day before, as for the roadmap's items
    assert "Форма «Кадры школы»" in outbox_for("a@example.ru")[0].body
    mail.outbox.clear()
    scan(DUE_12)
    message = outbox_for("a@example.ru")[0]
    assert message.subject == "Методкабинет: сроки на 31.05.2023 (3)"
    assert "Форма «Кадры школы»" in message.body and "Отчёт о работе ШМО" in message.body
    assert "http://127.0.0.1:8000/monitoring/1/" in message.body
    assert scan(DUE_12).sent == 0
    assert ReminderClaim.objects.filter(source_key__startswith="test.form:").count() == 4  # 2 days × 2


@pytest.mark.django_db
def test_the_scan_runs_the_same_queries_for_five_directors_as_for_two(
    roadmap, district, django_capture_on_commit_callbacks
):
    """The people are handled in sets: more of them means more rows, not more queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from directory import services as directory
    from directory.models import Role

    def add_director(n):
        person = directory.person_save(
            data={
                "organization": district["school_a"],
                "last_name": f"Заместитель{n}",
                "first_name": "Ия",
                "position": "Заместитель директора",
            }
        )
        user = directory.user_ensure(username=f"zam{n}", password=None, person=person)
        user.email = f"zam{n}@example.ru"
        user.save(update_fields=["email"])
        directory.role_grant(user=user, kind=Role.Kind.DIRECTOR, organization=district["school_a"])

    counts = {}
    for size in (2, 5):
        for n in range(len(counts) * 3):  # the fixture's two directors, then three more at school A
            add_director(n)
        Digest.objects.all().delete()
        with django_capture_on_commit_callbacks(), CaptureQueriesContext(connection) as queries:
            assert reminders_scan(today=DUE_12).sent == size
        counts[size] = len(queries)
    assert counts[2] == counts[5], counts


@pytest.fixture
def sixty_forms(director_a):
    """Sixty more things due for director A on 31.05.2023 (another app's forms «Форма 01» … «Форма 60»),
    from a source over a table the test fills: a busy day in small."""
    from django.db.models import CharField, DateField, Value
    from django.db.models.functions import Cast, Concat

    from notifications import registry

    Notice.objects.bulk_create(
        Notice(recipient=director_a, kind="reminder", title=f"Форма {n:02}", url=f"/forms/{n}/")
        for n in range(1, 61)
    )

    class Forms:
        name = "test.forms"
        list_link = registry.ListLink("Мои формы", "notifications:inbox")

        def due_query(self, *, dates, today, told):
            if DUE_12 not in dates:
                return None
            forms = Notice.objects.filter(title__startswith="Форма ").exclude(recipient_id__in=told)
            return registry.DueQuery.from_queryset(
                forms.values(
                    "recipient_id",
                    "title",
                    "url",
                    source_key=Concat(Value("test.form:"), Cast("pk", CharField())),
                    due_date=Value(DUE_12, output_field=DateField()),
                    context=Value("Мониторинг"),
                    phase=Value(registry.PHASE_UPCOMING),
                    overdue_count=Value(1),
                )
            )

    registry.register(Forms())
    yield
    registry.unregister(Forms.name)


@pytest.mark.django_db
def test_a_busy_digest_shows_the_first_fifty_and_sends_to_the_full_lists_for_the_rest(
    roadmap, sixty_forms, director_a, director_a_client, scan
):
    scan(DUE_12)
    [message] = outbox_for("a@example.ru")
    assert message.subject == "Методкабинет: сроки на 31.05.2023 (62)"  # the roadmap's two and the sixty
    # The first fifty by date, then by title: the roadmap's «1.1.», «1.2.», then «Форма 01» … «Форма 48».
    assert "Заседания ШМО" in message.body and "Форма 48" in message.body
    assert "Форма 49" not in message.body
    assert (
        "- и ещё 12 — все сроки: Мои задачи http://127.0.0.1:8000/roadmaps/tasks/ "
        "Мои формы http://127.0.0.1:8000/notifications/"
    ) in message.body
    html = message.alternatives[0][0]
    assert 'и ещё 12 — все сроки: <a href="http://127.0.0.1:8000/roadmaps/tasks/">Мои задачи</a>' in html

    digest = Digest.objects.get(recipient=director_a)
    assert (digest.items, digest.counts) == (62, {"due": 62})
    assert digest.claims.count() == 50  # what the letter showed is kept, not all 62

    page = director_a_client.get(reverse("notifications:digest", args=[digest.pk])).content.decode()
    assert '<span class="badge text-bg-secondary">62</span>' in page
    assert "Форма 48" in page and "Форма 49" not in page
    assert "и ещё 12" in page and 'href="/roadmaps/tasks/">Мои задачи</a>' in page
