"""Roll call of a campaign: who has not submitted, who was returned, who is late; «Напомнить всем».

The audience of a campaign is the organizations it was opened for: each has its submission from the
start (monitoring.services makes a draft for every one). A reminder is an inbox notice and a letter
(notify()) to the school's directors, at most once a day per school and campaign: the day's notices of kind
REMINDER_KIND with the campaign's link are the log (no table of its own).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from directory.models import Organization, Role
from directory.person_facts import mentors_of
from notifications.models import Notice
from notifications.services import notify

from .models import Campaign, Submission

REMINDER_KIND = "monitoring_reminder"
REMINDER_LABEL = "Напоминания о мониторингах"
DONE_STATES = (Submission.State.SUBMITTED, Submission.State.ACCEPTED)


def campaign_url(campaign: Campaign) -> str:
    """The campaign's page (its director sees the school's own form there)."""
    return reverse("monitoring:campaign", args=[campaign.pk])


@dataclass
class Entry:
    organization: Organization
    state: str  # "" when nothing was started
    state_label: str
    late: bool
    last_reminded: dt.datetime | None = None
    directors: list[int] = field(default_factory=list)  # user ids


@dataclass
class RollCall:
    campaign: Campaign
    not_submitted: list[Entry]
    returned: list[Entry]
    late: list[Entry]
    submitted: int
    expected: int

    @property
    def to_remind(self) -> list[Entry]:
        return self.not_submitted + self.returned


def _audience(campaign: Campaign) -> list[Organization]:
    return list(
        Organization.objects.filter(monitoring_submissions__campaign=campaign)
        .distinct()
        .order_by("short_name")
    )


def rollcall(campaign: Campaign, today: dt.date | None = None) -> RollCall:
    """Four queries whatever the number of schools."""
    today = today or timezone.localdate()
    states = dict(Submission.objects.filter(campaign=campaign).values_list("organization_id", "state"))
    directors: dict[int, list[int]] = defaultdict(list)
    for org_id, user_id in Role.objects.filter(
        kind=Role.Kind.DIRECTOR, user__is_active=True, organization__isnull=False
    ).values_list("organization_id", "user_id"):
        directors[org_id].append(user_id)
    reminded = dict(
        Notice.objects.filter(kind=REMINDER_KIND, url=campaign_url(campaign))
        .values("recipient_id")
        .annotate(last=Max("created_at"))
        .values_list("recipient_id", "last")
    )
    past_deadline = campaign.deadline is not None and campaign.deadline < today
    labels = dict(Submission.State.choices)
    not_submitted, returned, late = [], [], []
    expected = submitted = 0
    for org in _audience(campaign):
        expected += 1
        state = states.get(org.pk, "")
        if state in DONE_STATES:
            submitted += 1
            continue
        users = directors.get(org.pk, [])
        times = [reminded[u] for u in users if u in reminded]
        entry = Entry(
            organization=org,
            state=state,
            state_label=labels.get(state, "не начат"),
            late=past_deadline,
            last_reminded=max(times) if times else None,
            directors=users,
        )
        (returned if state == Submission.State.RETURNED else not_submitted).append(entry)
        if past_deadline:
            late.append(entry)
    return RollCall(campaign, not_submitted, returned, late, submitted, expected)


@dataclass(frozen=True)
class Reminder:
    """One notice and letter: to these users (one school's directors, or one respondent), this text."""

    recipients: list[int]
    body: str


def _remind_once_a_day(campaign: Campaign, today: dt.date, reminders) -> int:
    """Send each reminder (an iterable of Reminder, built inside the lock) unless one of its recipients
    was reminded about the campaign today; a campaign that is not open reminds nobody. The day's
    notices of REMINDER_KIND with the campaign's link are the log. Returns how many were sent."""
    if campaign.status != Campaign.Status.OPEN:
        return 0
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    sent = 0
    with transaction.atomic():
        # Two clicks at once: the second waits here and then sees the first one's notices.
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        told_today = set(
            Notice.objects.filter(
                kind=REMINDER_KIND, url=campaign_url(campaign), created_at__gte=start
            ).values_list("recipient_id", flat=True)
        )
        for reminder in reminders():
            if not reminder.recipients or told_today & set(reminder.recipients):
                continue
            notify(
                recipients=reminder.recipients,
                kind=REMINDER_KIND,
                title=f"Мониторинг «{campaign.title}»: ждём ваши ответы",
                url=campaign_url(campaign),
                body=reminder.body,
            )
            told_today.update(reminder.recipients)
            sent += 1
    return sent


def _deadline_text(campaign: Campaign) -> str:
    return f" до {campaign.deadline:%d.%m.%Y}" if campaign.deadline else ""


def remind_all(campaign: Campaign, today: dt.date | None = None) -> int:
    """Remind everyone who has not answered, at most once a day each; a campaign that is not open
    reminds nobody. A school campaign: the directors of every school that has not submitted (or was
    returned) — returns the number of schools reminded. A teachers' campaign: see remind_respondents."""
    today = today or timezone.localdate()
    if campaign.for_teachers:
        return remind_respondents(campaign, today)
    deadline = _deadline_text(campaign)

    def reminders():
        for entry in rollcall(campaign, today).to_remind:
            if entry.state == Submission.State.RETURNED:
                body = f"Ответы {entry.organization.short_name} возвращены: исправьте и отправьте снова."
            else:
                body = f"{entry.organization.short_name}: ответы не отправлены. Заполните форму{deadline}."
            yield Reminder(entry.directors, body)

    return _remind_once_a_day(campaign, today, reminders)


def respondents_left(campaign: Campaign) -> dict[int, int]:
    """A teachers' campaign: user id of whoever answers -> how many questionnaires they have not sent.
    The teacher (self; teachers without a login are left out), the directors of the teacher's school
    (director), the teacher's mentors (mentor, directory.person_facts.mentors_of). Three queries."""
    left = Submission.objects.filter(campaign=campaign, person__isnull=False).exclude(state__in=DONE_STATES)
    counts: dict[int, int] = defaultdict(int)
    if campaign.respondent == Campaign.Respondent.DIRECTOR:
        per_school: dict[int, int] = defaultdict(int)
        for org_id in left.values_list("organization_id", flat=True):
            per_school[org_id] += 1
        for org_id, user_id in Role.objects.filter(
            kind=Role.Kind.DIRECTOR, user__is_active=True, organization_id__in=list(per_school)
        ).values_list("organization_id", "user_id"):
            counts[user_id] += per_school[org_id]
    elif campaign.respondent == Campaign.Respondent.MENTOR:
        mentors = mentors_of(list(left.values_list("person_id", flat=True)))
        active = set(
            get_user_model()
            .objects.filter(pk__in={u for users in mentors.values() for u in users}, is_active=True)
            .values_list("pk", flat=True)
        )
        for users in mentors.values():
            for user_id in users & active:
                counts[user_id] += 1
    else:
        for user_id in left.filter(person__user__is_active=True).values_list("person__user_id", flat=True):
            counts[user_id] += 1
    return dict(counts)


def anyone_waiting(campaign: Campaign) -> bool:
    """Whether somebody has still to answer (the roll call's «Напомнить всем» has someone to remind)."""
    if campaign.for_teachers:
        return bool(respondents_left(campaign))
    return bool(rollcall(campaign).to_remind)


def remind_respondents(campaign: Campaign, today: dt.date | None = None) -> int:
    """A teachers' campaign: remind everyone who answers a questionnaire not yet sent, each once a day at
    most; a reminder never names the teachers. Returns the number of people reminded."""
    today = today or timezone.localdate()
    deadline = _deadline_text(campaign)

    def reminders():
        for user_id, left in sorted(respondents_left(campaign).items()):
            if campaign.respondent == Campaign.Respondent.SELF:
                body = f"Ваша анкета не отправлена. Заполните её{deadline}."
            else:
                body = f"Анкеты о педагогах: осталось {left}. Заполните их{deadline}."
            yield Reminder([user_id], body)

    return _remind_once_a_day(campaign, today, reminders)
