"""Campaign pages and a school's submission page (fill, autosave, send, review)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from directory.access import user_scope
from progress import workflow
from progress.services import StaleSubmissionError, SubmissionLocked

from . import deficits, formulas, services
from .access import (
    answered_by,
    campaigns_visible_to,
    can_fill,
    can_manage,
    get_campaign_for_user,
    get_submission_for_user,
    own_submissions,
    sees_monitoring,
    submissions_visible_to,
)
from .forms import CampaignForm, ReviewForm
from .models import Submission
from .results import school_counts

STATE_BADGES = {
    Submission.State.DRAFT: "secondary",
    Submission.State.SUBMITTED: "primary",
    Submission.State.RETURNED: "warning",
    Submission.State.ACCEPTED: "success",
}


def _require_sees(request) -> None:
    if not sees_monitoring(user_scope(request.user)):
        raise Http404


@login_required
def campaign_list(request):
    _require_sees(request)
    scope = user_scope(request.user)
    campaigns = (
        campaigns_visible_to(request.user)
        .select_related("form")
        .annotate(
            total=Count("submissions", distinct=True),
            sent=Count(
                "submissions",
                filter=Q(submissions__state__in=[Submission.State.SUBMITTED, Submission.State.ACCEPTED]),
                distinct=True,
            ),
        )
        .order_by("-created_at", "-pk")
    )
    own = {}
    if scope.school_ids:
        own = {
            s.campaign_id: s
            for s in submissions_visible_to(request.user).filter(
                organization_id__in=scope.school_ids, person__isnull=True
            )
        }
    school_answered = {}
    if scope.school_ids:
        # A teachers' campaign: how many of the school's teachers answered (N of M), one query.
        school_answered = {
            row["campaign_id"]: row
            for row in Submission.objects.filter(organization_id__in=scope.school_ids, person__isnull=False)
            .values("campaign_id")
            .annotate(
                expected=Count("pk"),
                answered=Count(
                    "pk", filter=Q(state__in=[Submission.State.SUBMITTED, Submission.State.ACCEPTED])
                ),
            )
        }
    mine = list(
        own_submissions(request.user)
        .select_related("campaign__form")
        .order_by("-campaign__created_at", "-pk")
    )
    mine_ids = {s.campaign_id for s in mine}
    rows = [{"campaign": c, "own": own.get(c.pk), "teachers": school_answered.get(c.pk)} for c in campaigns]
    if not (scope.district_wide or scope.school_ids):
        # A teacher: the questionnaires are listed above, the campaigns of others are not theirs.
        rows = [row for row in rows if row["campaign"].pk not in mine_ids]
    return render(
        request,
        "monitoring/campaign_list.html",
        {
            "rows": rows,
            "mine": [{"submission": s, "badge": STATE_BADGES.get(s.state, "secondary")} for s in mine],
            "can_manage": can_manage(request.user),
            "active_nav": "monitoring",
        },
    )


@login_required
def campaign_create(request):
    if not can_manage(request.user):
        raise Http404
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        campaign = services.campaign_create(
            user=request.user,
            form=data["form"],
            title=data["title"],
            opens_on=data["opens_on"],
            deadline=data["deadline"],
            responsible=data["responsible"],
            schools=None if data["all_schools"] else list(data["schools"]),
            audience=data["audience"],
            organization_kinds=data["organization_kinds"],
            teacher_scope=data["teacher_scope"],
            roadmap_row=data.get("roadmap_row"),
            respondent=data["respondent"],
        )
        if campaign.for_teachers:
            messages.success(request, f"Анкетирование открыто: анкет — {campaign.submissions.count()}.")
        else:
            messages.success(request, "Кампания открыта: организации видят форму.")
        return redirect("monitoring:campaign", campaign.pk)
    return render(request, "monitoring/campaign_form.html", {"form": form, "active_nav": "monitoring"})


@login_required
def campaign_detail(request, pk):
    campaign = get_campaign_for_user(request.user, pk)
    scope = user_scope(request.user)
    submissions = (
        submissions_visible_to(request.user)
        .filter(campaign=campaign)
        .select_related("organization", "person")
        .order_by("organization__short_name", "person__last_name", "person__first_name", "pk")
    )
    rows = [{"submission": s, "badge": STATE_BADGES.get(s.state, "secondary")} for s in submissions]
    counts = {state: 0 for state in Submission.State.values}
    for row in rows:
        counts[row["submission"].state] += 1
    schools = []
    if campaign.for_teachers and (scope.district_wide or scope.school_ids):
        # N of M teachers per school: all of the district's schools, or the director's own.
        schools = school_counts(campaign, None if scope.district_wide else scope.school_ids)
    personal = campaign.for_teachers and campaign.form.personal_answers
    if personal and (scope.district_wide or scope.school_ids):
        # Personal answers: only the questionnaires the user answers (a director's about the teachers).
        mine = set(
            Submission.objects.filter(answered_by(request.user, scope), campaign=campaign).values_list(
                "pk", flat=True
            )
        )
        rows = [row for row in rows if row["submission"].pk in mine]
    return render(
        request,
        "monitoring/campaign_detail.html",
        {
            "campaign": campaign,
            "rows": rows,
            "schools": schools,
            "personal": personal,
            "counts": [(label, counts[value]) for value, label in Submission.State.choices],
            "active_nav": "monitoring",
        },
    )


def _fields(submission, indicators, data, errors):
    """The form's sections with one field each: value to show, the directory's value, error."""
    answers = {a.indicator_id: a for a in submission.answers.all()}
    known_values = (
        {}
        if submission.is_personal
        else services.prefills(indicators, submission.organization_id, submission.campaign.form.year)
    )
    prefill = {code: known.value for code, known in known_values.items()}
    values = {}
    for indicator in indicators:
        answer = answers.get(indicator.pk)
        values[indicator.code] = answer.value if answer else prefill.get(indicator.code)
    computed = services.computed_values(indicators, values)
    names = {i.code: i.name for i in indicators}
    notes = submission.indicator_comments if submission.state == submission.State.RETURNED else {}
    sections, current = [], None
    for indicator in indicators:
        if current is None or current["section"] != indicator.section:
            current = {"section": indicator.section, "fields": []}
            sections.append(current)
        answer = answers.get(indicator.pk)
        name = services.field_name(indicator)
        if data is not None and indicator.kind != indicator.Kind.FILE:  # a file is not posted here
            raw = data.getlist(name) if indicator.kind == indicator.Kind.MULTICHOICE else data.get(name, "")
            note = data.get(services.note_name(indicator), "")
        else:
            value = computed.get(indicator.code) if indicator.is_computed else values[indicator.code]
            note = answer.note if answer else ""
            if value is True:
                raw = services.YES
            elif value is False:
                raw = services.NO
            elif value is None:
                raw = [] if indicator.kind == indicator.Kind.MULTICHOICE else ""
            else:
                raw = value
        known = prefill.get(indicator.code)
        current["fields"].append(
            {
                "indicator": indicator,
                "name": name,
                "note_name": services.note_name(indicator),
                "raw": raw,
                "note": note,
                "computed": computed.get(indicator.code) if indicator.is_computed else None,
                "formula_text": formulas.readable(indicator.formula, names) if indicator.is_computed else "",
                "prefilled": known is not None,
                "from_directory": known is not None and values[indicator.code] == known,
                "directory_value": known,
                "prefill": known_values.get(indicator.code),
                "error": errors.get(indicator.code, ""),
                "review_note": notes.get(indicator.code, ""),
            }
        )
    return sections


def _render_submission(request, submission, *, data=None, errors=None, status=200, version=None):
    indicators = services.indicators_of(submission)
    fills = can_fill(request.user, submission)
    editable = fills and submission.is_editable_by_author
    reviewing = can_manage(request.user) and not submission.is_personal
    locked_text = submission.locked_text() if fills else ""
    found_deficits = []
    if submission.is_personal and submission.state in deficits.SENT_STATES:
        locked_text = "Анкета отправлена. Спасибо за ответы!" if locked_text else ""
        if submission.campaign.answered_by_self and fills:
            # a teacher's deficits are shown to the teacher
            found_deficits = deficits.by_area(deficits.submission_deficits(submission))
    return render(
        request,
        "monitoring/submission.html",
        {
            "submission": submission,
            "campaign": submission.campaign,
            "about_teacher": submission.is_personal and not submission.campaign.answered_by_self,
            "sections": _fields(submission, indicators, data, errors or {}),
            "editable": editable,
            "locked_text": locked_text,
            "deficits": found_deficits,
            "can_review": reviewing,
            "review_actions": workflow.actions_from(submission.state) if reviewing else [],
            "comment_per_indicator": reviewing and submission.state == submission.State.SUBMITTED,
            "review_form": ReviewForm(),
            "events": submission.events.select_related("user").order_by("-at", "-pk")[:20],
            "version": version if version is not None else submission.version,
            "badge": STATE_BADGES.get(submission.state, "secondary"),
            "active_nav": "monitoring",
        },
        status=status,
    )


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


@login_required
def submission_detail(request, pk):
    submission = get_submission_for_user(request.user, pk)
    if request.method != "POST":
        return _render_submission(request, submission)
    if not can_fill(request.user, submission):
        raise PermissionDenied
    submit = "submit" in request.POST
    action = services.answers_submit if submit else services.answers_save
    version = _version(request)
    try:
        saved, checked = action(user=request.user, submission=submission, data=request.POST, version=version)
    except StaleSubmissionError as exc:
        messages.error(request, str(exc))
        current = exc.current or submission
        return _render_submission(request, current, data=request.POST, status=409, version=version)
    except SubmissionLocked as exc:
        messages.error(request, exc.messages[0])
        return _render_submission(request, submission, data=request.POST, status=409, version=version)
    if checked.errors:
        messages.error(request, "Ответы не сохранены: исправьте отмеченные поля.")
        return _render_submission(
            request, submission, data=request.POST, errors=checked.errors, status=422, version=version
        )
    if submit and saved.is_personal:
        messages.success(request, "Анкета отправлена.")
    else:
        messages.success(request, "Ответы отправлены на проверку." if submit else "Черновик сохранён.")
    return redirect("monitoring:submission", saved.pk)


@login_required
@require_POST
def submission_autosave(request, pk):
    """The htmx autosave: the draft saved as the user types; a small status line back."""
    submission = get_submission_for_user(request.user, pk)
    if not can_fill(request.user, submission):
        raise PermissionDenied
    context = {"submission": submission}
    try:
        saved, checked = services.answers_save(
            user=request.user, submission=submission, data=request.POST, version=_version(request)
        )
    except (StaleSubmissionError, SubmissionLocked) as exc:
        context["error"] = str(exc) if isinstance(exc, StaleSubmissionError) else exc.messages[0]
        return render(request, "monitoring/submission_status.html", context)
    if checked.errors:
        context["error"] = "Черновик не сохранён: " + "; ".join(checked.errors.values())
    else:
        context.update(saved=saved, at=timezone.localtime())
    return render(request, "monitoring/submission_status.html", context)


@login_required
@require_POST
def submission_review(request, pk, action):
    submission = get_submission_for_user(request.user, pk)
    if not can_manage(request.user):
        raise PermissionDenied
    comment = request.POST.get("comment", "")
    version = _version(request) or 0
    steps = {
        workflow.RETURN: lambda: services.submission_return(
            user=request.user,
            submission=submission,
            version=version,
            comment=comment,
            indicator_comments={
                key[2:]: value for key, value in request.POST.items() if key.startswith("c_")
            },
        ),
        workflow.ACCEPT: lambda: services.submission_accept(
            user=request.user, submission=submission, version=version, comment=comment
        ),
        workflow.REOPEN: lambda: services.submission_reopen(
            user=request.user, submission=submission, version=version, reason=comment
        ),
    }
    if action not in steps:
        raise Http404
    try:
        steps[action]()
    except StaleSubmissionError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            {
                workflow.RETURN: "Ответы возвращены на доработку.",
                workflow.ACCEPT: "Ответы приняты.",
                workflow.REOPEN: "Ответы открыты повторно.",
            }[action],
        )
    return redirect("monitoring:submission", submission.pk)
