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

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from directory.models import Organization, Role
from notifications.models import Notice
from notifications.services import notify

from .models import Campaign, Submission

REMINDER_KIND = "monitoring_reminder"
REMINDER_LABEL = "Напоминания о мониторингах"
DONE_STATES = (Submission.State.SUBMITTED, Submission.State.ACCEPTED)


def campaign_url(campaign: Campaign) -> str:
    """The campaign's page (its director sees the school's own form there)."""
    return f"/monitoring/campaigns/{campaign.pk}/"


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


def remind_all(campaign: Campaign, today: dt.date | None = None) -> int:
    """Remind the directors of every school that has not submitted (or was returned), skipping schools
    reminded today; a campaign that is not open reminds nobody. Returns the number of schools reminded."""
    now = timezone.localtime()
    today = today or now.date()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    call = rollcall(campaign, today)
    deadline = f" до {campaign.deadline:%d.%m.%Y}" if campaign.deadline else ""
    sent = 0
    if campaign.status != Campaign.Status.OPEN or campaign.audience != Campaign.Audience.SCHOOLS:
        return 0  # a teachers' questionnaire is not reminded to directors here
    with transaction.atomic():
        # Two clicks at once: the second waits here and then sees the first one's notices.
        Campaign.objects.select_for_update().filter(pk=campaign.pk).first()
        told_today = set(
            Notice.objects.filter(
                kind=REMINDER_KIND, url=campaign_url(campaign), created_at__gte=start
            ).values_list("recipient_id", flat=True)
        )
        for entry in call.to_remind:
            if not entry.directors or told_today & set(entry.directors):
                continue
            if entry.state == Submission.State.RETURNED:
                body = f"Ответы {entry.organization.short_name} возвращены: исправьте и отправьте снова."
            else:
                body = f"{entry.organization.short_name}: ответы не отправлены. Заполните форму{deadline}."
            notify(
                recipients=entry.directors,
                kind=REMINDER_KIND,
                title=f"Мониторинг «{campaign.title}»: ждём ваши ответы",
                url=campaign_url(campaign),
                body=body,
            )
            sent += 1
    return sent
