"""A school's answers through the review workflow (progress.services): reading the form's input,
checking it, prefilling from the directory, saving, sending, reviewing; and opening a campaign.

The workflow (states, version compare-and-set, history, locking, notices) is progress's; this module
adds what belongs to a monitoring: values per indicator kind and their checks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse

from directory import facts
from directory.access import user_scope
from directory.models import Organization, Person
from directory.person_facts import mentors_of
from directory.recipients import directors_of, methodists, users_of
from progress import services as review
from progress import workflow
from progress.notices import ReviewNotice
from progress.registry import QueueItem

from .access import can_fill
from .formulas import evaluate_all
from .models import Answer, Campaign, Indicator, MonitoringForm, Submission

Kind = Indicator.Kind
YES, NO = "да", "нет"


# --- Reading the input -----------------------------------------------------------------------------


def field_name(indicator: Indicator) -> str:
    return f"v_{indicator.code}"


def note_name(indicator: Indicator) -> str:
    return f"n_{indicator.code}"


def _number(text: str, indicator: Indicator):
    cleaned = text.replace(" ", "").replace("\u00a0", "").replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError("Введите число.") from None
    if not number.is_finite():
        raise ValueError("Введите число.")
    if indicator.kind == Kind.NUMBER_INT:
        if number != number.to_integral_value():
            raise ValueError("Введите целое число.")
        return int(number)
    return float(number)


def _fmt(number) -> str:
    return format(Decimal(number).normalize(), "f").replace(".", ",")


def parse_value(indicator: Indicator, data) -> object:
    """The value of one indicator from a QueryDict; ValueError with a Russian message for bad input."""
    name = field_name(indicator)
    if indicator.kind == Kind.MULTICHOICE:
        picked = [v for v in data.getlist(name) if v]
        if any(v not in indicator.choices for v in picked):
            raise ValueError("Выберите варианты из списка.")
        return picked or None
    text = (data.get(name) or "").strip()
    if not text:
        return None
    if indicator.kind in (Kind.NUMBER_INT, Kind.NUMBER_DEC):
        return _number(text, indicator)
    if indicator.kind == Kind.YESNO:
        if text not in (YES, NO):
            raise ValueError("Выберите «да» или «нет».")
        return text == YES
    if indicator.kind == Kind.CHOICE:
        if text not in indicator.choices:
            raise ValueError("Выберите вариант из списка.")
        return text
    if indicator.kind == Kind.DATE:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError("Введите дату в виде ДД.ММ.ГГГГ.") from None
    if indicator.kind == Kind.LINK:
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            raise ValueError("Ссылка должна начинаться с http:// или https://.") from None
        return text
    return text[:5000]


def _range_error(indicator: Indicator, value) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return ""
    if indicator.min_value is not None and value < indicator.min_value:
        return f"Значение не может быть меньше {_fmt(indicator.min_value)}."
    if indicator.max_value is not None and value > indicator.max_value:
        return f"Значение не может быть больше {_fmt(indicator.max_value)}."
    return ""


def computed_values(indicators: Iterable[Indicator], values: dict[str, object]) -> dict[str, object]:
    """Every computed indicator's value over the entered ones (rounded to two digits)."""
    computed = {i.code: i.formula for i in indicators if i.is_computed}
    return evaluate_all(computed, dict(values), digits=2)


@dataclass
class Checked:
    values: dict[str, object] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def check_input(indicators: list[Indicator], data, *, final: bool) -> Checked:
    """Read and check every input indicator; `final` (on submit) adds the required, range and share checks."""
    result = Checked()
    for indicator in indicators:
        if indicator.is_computed or indicator.kind == Kind.FILE:
            continue
        try:
            value = parse_value(indicator, data)
        except ValueError as exc:
            result.errors[indicator.code] = str(exc)
            continue
        result.values[indicator.code] = value
        result.notes[indicator.code] = (data.get(note_name(indicator)) or "").strip()[:2000]
        if final:
            if indicator.required and value in (None, "", []):
                result.errors[indicator.code] = "Заполните это поле: показатель обязательный."
            elif message := _range_error(indicator, value):
                result.errors[indicator.code] = message
    if final and not result.errors:
        all_values = computed_values(indicators, result.values)
        for indicator in indicators:
            value = all_values.get(indicator.code)
            if indicator.kind == Kind.SHARE and value is not None and value > 100:
                result.errors[indicator.code] = (
                    "Доля не может быть больше 100 %: проверьте числитель и знаменатель."
                )
            elif indicator.is_computed and (message := _range_error(indicator, value)):
                result.errors[indicator.code] = message
    return result


# --- Prefill from the directory and the other apps (directory.facts) -------------------------------


@dataclass(frozen=True)
class Prefill:
    value: int | float
    label: str  # «В справочнике»: shown before a value the school changed
    source: str  # «из справочника»: the badge on a value taken as is


def prefill_facts(indicators: Iterable[Indicator]) -> dict[str, facts.OrgFact]:
    """code -> the registered organization fact that fills the numeric indicator (no queries)."""
    # The section's title counts too: «Педагогические работники: Всего» is the number of teachers.
    numeric = {
        i.code: f"{i.code} {i.full_name}" for i in indicators if i.kind in (Kind.NUMBER_INT, Kind.NUMBER_DEC)
    }
    return facts.match_facts(numeric)


def prefills(
    indicators: Iterable[Indicator], organization_id: int, year: int | None = None
) -> dict[str, Prefill]:
    """code -> the known value and where it comes from: a query per provider asked (directory.facts).

    `year` is the academic year of the campaign's form (meetings are counted in it); None: read from
    the indicators' form."""
    indicators = list(indicators)
    matched = prefill_facts(indicators)
    if not matched:
        return {}
    if year is None:  # the form's (a query unless the caller loaded it)
        year = indicators[0].form.year
    values = facts.fact_values((f.key for f in matched.values()), [organization_id], year)
    found = {}
    for code, fact in matched.items():
        value = values[fact.key].get(organization_id)
        if value is not None:
            found[code] = Prefill(value=value, label=fact.label, source=fact.source)
    return found


def staff_counts(organization_id: int) -> dict[str, int]:
    """The directory's counts of one school's staff: teachers, young, highest, first."""
    keys = ("teachers", "young", "highest", "first")
    values = facts.fact_values(keys, [organization_id], None)
    return {key: values[key].get(organization_id, 0) for key in keys}


def prefill_for(indicators: Iterable[Indicator], organization_id: int, year: int | None = None) -> dict:
    """code -> the known value for the indicators a registered fact matches."""
    return {code: p.value for code, p in prefills(indicators, organization_id, year).items()}


# --- Writes --------------------------------------------------------------------------------------------


#: Who may fill a teacher's questionnaire, by the campaign's respondent (the refusal's text).
_FILLED_BY = {
    Campaign.Respondent.SELF: "Анкету заполняет сам педагог.",
    Campaign.Respondent.DIRECTOR: "Анкету о педагоге заполняет руководитель его организации.",
    Campaign.Respondent.MENTOR: "Анкету о молодом специалисте заполняет его наставник.",
}


def _check_filler(user, submission: Submission) -> None:
    scope = user_scope(user)
    if submission.person_id is not None:
        if not can_fill(user, submission):
            raise PermissionDenied(_FILLED_BY.get(submission.campaign.respondent, _FILLED_BY["self"]))
        return
    if submission.organization_id not in scope.school_ids and not scope.is_methodist:
        raise PermissionDenied("Ответы организации заполняет её директор.")


def _write_answers(submission: Submission, checked: Checked) -> None:
    existing = {a.indicator.code: a for a in submission.answers.select_related("indicator")}
    codes = {i.code: i for i in submission.campaign.form.indicators.all()}
    new, changed = [], []
    for code, value in checked.values.items():
        note = checked.notes.get(code, "")
        answer = existing.get(code)
        if answer is None:
            new.append(Answer(submission=submission, indicator=codes[code], value=value, note=note))
        elif answer.value != value or answer.note != note:
            answer.value, answer.note = value, note
            changed.append(answer)
    Answer.objects.bulk_create(new)
    Answer.objects.bulk_update(changed, ["value", "note"])


def indicators_of(submission: Submission) -> list[Indicator]:
    return list(submission.campaign.form.indicators.select_related("section"))


def _checked_save(*, user, submission: Submission, data, version: int | None, final: bool):
    """Check every value (a submit also the required ones); write the draft only when all are well-formed."""
    _check_filler(user, submission)
    checked = check_input(indicators_of(submission), data, final=final)
    if checked.errors:
        return submission, checked
    submission = review.submission_save(
        user=user, model=Submission, lookup={"pk": submission.pk}, fields={}, version=version
    )
    _write_answers(submission, checked)
    return submission, checked


@transaction.atomic
def answers_save(*, user, submission: Submission, data, version: int | None) -> tuple[Submission, Checked]:
    """Save the draft: every value read and well-formed, or nothing written (the errors returned).

    A stale form gets StaleSubmissionError, a sent or accepted one SubmissionLocked (progress)."""
    return _checked_save(user=user, submission=submission, data=data, version=version, final=False)


@transaction.atomic
def answers_submit(*, user, submission: Submission, data, version: int) -> tuple[Submission, Checked]:
    """Save and send for review; any error (required, range, share) sends and saves nothing."""
    submission, checked = _checked_save(
        user=user, submission=submission, data=data, version=version, final=True
    )
    if not checked.errors:
        submission = review.submission_submit(user=user, submission=submission, version=submission.version)
    return submission, checked


@transaction.atomic
def questionnaire_submit_as_author(*, submission: Submission, data, user=None) -> Submission:
    """Send a teacher's questionnaire in the teacher's name (the demo and imports: a teacher without a
    login answered on paper). Checked as the teacher's own submit; a ValueError for bad answers."""
    if submission.person_id is None:
        raise ValueError("Это не анкета педагога.")
    checked = check_input(indicators_of(submission), data, final=True)
    if checked.errors:
        raise ValueError("; ".join(checked.errors.values()))
    submission = review.submission_save(
        user=user, model=Submission, lookup={"pk": submission.pk}, fields={}, version=submission.version
    )
    _write_answers(submission, checked)
    return review.submission_submit(user=user, submission=submission, version=submission.version)


def _check_reviewer(user) -> None:
    if not user_scope(user).is_methodist:
        raise PermissionDenied("Ответы проверяет методист.")


def _check_reviewable(submission: Submission) -> None:
    if submission.person_id is not None:
        raise PermissionDenied("Анкеты педагогов не проверяются: отправленная анкета окончательна.")


@transaction.atomic
def submission_return(
    *, user, submission: Submission, version: int, comment: str, indicator_comments: dict | None = None
) -> Submission:
    """Return with the overall comment (required) and, optionally, a comment per indicator code."""
    _check_reviewer(user)
    _check_reviewable(submission)
    codes = set(submission.campaign.form.indicators.values_list("code", flat=True))
    notes = {
        code: text.strip()[:2000]
        for code, text in (indicator_comments or {}).items()
        if code in codes and text and text.strip()
    }
    # Written under the same compare-and-set the transition makes: a stale form changes nothing.
    if Submission.objects.filter(pk=submission.pk, version=version).update(indicator_comments=notes) != 1:
        current = Submission.objects.filter(pk=submission.pk).first()
        raise review.StaleSubmissionError(current, Submission.text_stale)
    return review.submission_return(user=user, submission=submission, version=version, comment=comment)


def submission_accept(*, user, submission: Submission, version: int, comment: str = "") -> Submission:
    _check_reviewer(user)
    _check_reviewable(submission)
    return review.submission_accept(user=user, submission=submission, version=version, comment=comment)


def submission_reopen(*, user, submission: Submission, version: int, reason: str) -> Submission:
    _check_reviewer(user)
    _check_reviewable(submission)
    return review.submission_reopen(user=user, submission=submission, version=version, reason=reason)


# --- Campaigns -----------------------------------------------------------------------------------------


#: Organization kinds a campaign may be addressed to (the district's own bodies answer nothing).
AUDIENCE_KINDS = [k for k in Organization.Kind if k not in Organization.DISTRICT_KINDS]


def audience_organizations(kinds: Iterable[str] | None, schools: Iterable[Organization] | None):
    """The chosen organizations, or (schools None) every organization of `kinds` (none given: all kinds)."""
    if schools is not None:
        return [s for s in schools if s.kind not in Organization.DISTRICT_KINDS]
    kinds = [k for k in (kinds or []) if k in AUDIENCE_KINDS] or AUDIENCE_KINDS
    return list(Organization.objects.filter(kind__in=kinds).order_by("short_name"))


def audience_teachers(organizations: Iterable[Organization], teacher_scope: str):
    """The teaching staff of the organizations: everyone but their heads (the directors); young
    specialists only when asked."""
    people = Person.objects.filter(organization__in=list(organizations)).exclude(
        pk__in=Organization.objects.filter(head__isnull=False).values("head_id")
    )
    if teacher_scope == Campaign.TeacherScope.YOUNG:
        people = people.young_specialists()
    return people.only("pk", "organization_id").order_by("pk")


@transaction.atomic
def campaign_create(
    *,
    user,
    form: MonitoringForm,
    title: str,
    opens_on: dt.date | None,
    deadline: dt.date | None,
    schools: Iterable[Organization] | None,
    responsible=None,
    audience: str = Campaign.Audience.SCHOOLS,
    organization_kinds: Iterable[str] | None = None,
    teacher_scope: str = Campaign.TeacherScope.ALL,
    roadmap_row=None,
    respondent: str = Campaign.Respondent.SELF,
) -> Campaign:
    """Open a campaign and its drafts: one per organization of the audience (chosen `schools`, or all
    of `organization_kinds` when None), or — for teachers — one per teacher of those organizations
    (young specialists only with teacher_scope «young»), its organization the teacher's school.

    `respondent` says who answers a teacher's questionnaire: the teacher, the school's director about
    each teacher, or the teacher's mentor (then only the teachers who have a mentor are asked)."""
    _check_reviewer(user)
    teachers = audience == Campaign.Audience.TEACHERS
    if not teachers or respondent not in Campaign.Respondent.values:
        respondent = Campaign.Respondent.SELF
    kinds = [k for k in (organization_kinds or []) if k in AUDIENCE_KINDS]
    campaign = Campaign.objects.create(
        form=form,
        title=title,
        opens_on=opens_on,
        deadline=deadline,
        responsible=responsible,
        status=Campaign.Status.OPEN,
        audience=audience,
        organization_kinds=kinds,
        teacher_scope=teacher_scope if audience == Campaign.Audience.TEACHERS else Campaign.TeacherScope.ALL,
        roadmap_row=roadmap_row,
        respondent=respondent,
    )
    chosen = None if schools is None else list(schools)
    organizations = audience_organizations(kinds, chosen)
    if chosen is not None:
        campaign.organizations.set(organizations)
    if teachers:
        people = list(audience_teachers(organizations, teacher_scope))
        if respondent == Campaign.Respondent.MENTOR:
            mentored = mentors_of([p.pk for p in people])
            people = [p for p in people if p.pk in mentored]
        drafts = [
            Submission(campaign=campaign, organization_id=p.organization_id, person=p, updated_by=user)
            for p in people
        ]
    else:
        drafts = [Submission(campaign=campaign, organization=org, updated_by=user) for org in organizations]
    Submission.objects.bulk_create(drafts, batch_size=1000)
    return campaign


# --- Notices and the reviewer's queue --------------------------------------------------------------------

NOTICE_KINDS = {
    "monitoring_submitted": "ответы на мониторинг отправлены",
    "monitoring_returned": "ответы на мониторинг возвращены",
    "monitoring_accepted": "ответы на мониторинг приняты",
    "monitoring_reopened": "ответы на мониторинг открыты повторно",
}
_TO_SCHOOL = {
    workflow.RETURN: ("monitoring_returned", "Ответы возвращены на доработку"),
    workflow.ACCEPT: ("monitoring_accepted", "Ответы приняты"),
    workflow.REOPEN: ("monitoring_reopened", "Принятые ответы открыты повторно"),
}


def submission_url(submission: Submission) -> str:
    return reverse("monitoring:submission", args=[submission.pk])


def submission_notice(submission: Submission, action: str, comment: str) -> ReviewNotice | None:
    if submission.person_id is not None:
        return None  # a teacher's questionnaire is final when sent: nobody is to review it
    campaign = submission.campaign
    school = submission.organization.short_name
    if action == workflow.SUBMIT:
        responsible = campaign.responsible
        recipients = users_of([responsible]) if responsible else methodists()
        return ReviewNotice(
            recipients=recipients,
            kind="monitoring_submitted",
            title=f"{school}: ответы на «{campaign.title}» ждут проверки",
            url=submission_url(submission),
        )
    if action not in _TO_SCHOOL:
        return None
    kind, what = _TO_SCHOOL[action]
    return ReviewNotice(
        recipients=directors_of(submission.organization_id),
        kind=kind,
        title=f"{what}: «{campaign.title}»",
        body=comment if action != workflow.ACCEPT else "",
        url=submission_url(submission),
    )


def submission_queue(user) -> list[QueueItem]:
    if not user_scope(user).is_methodist:
        return []
    sent = (
        Submission.objects.filter(state=Submission.State.SUBMITTED, person__isnull=True)
        .select_related("campaign", "organization")
        .order_by("submitted_at", "pk")
    )
    return [
        QueueItem(
            kind="Мониторинг",
            title=submission.campaign.title,
            author=submission.organization.short_name,
            submitted_at=submission.submitted_at,
            url=submission_url(submission),
        )
        for submission in sent
    ]
