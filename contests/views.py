"""Pages of contests: the list, setting a contest up (settings, nominations, rounds and criteria, the
положение, the jury), applications and their technical admission."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Min
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from core import filetypes
from core.web import add_service_errors, posted_version
from directory import person_facts
from directory.access import user_scope
from directory.models import Organization, Person
from progress.services import StaleSubmissionError
from progress.views import evidence_file_response

from . import access, selectors, services
from .forms import (
    AdmissionForm,
    ApplicationFilterForm,
    ApplicationForm,
    ConsentForm,
    ContestFilterForm,
    ContestForm,
    CriteriaFormSet,
    JuryForm,
    MaterialForm,
    NominationsForm,
    RegulationsForm,
    RoundForm,
)
from .models import Application, ApplicationMaterial, ConsentScan, Contest, JuryMember, Regulations, Round

_SAFE_TYPES = {kind.content_type for kind in filetypes.ALLOWED}
NAV = "contests"


def _upload(file) -> tuple[str, bytes] | None:
    return (file.name, file.read()) if file else None


def _say_errors(request, prefix: str, error: ValidationError) -> None:
    messages.error(request, f"{prefix}: " + " ".join(error.messages))


# --- The list and the contest ------------------------------------------------------------------------


@login_required
@require_GET
def contest_list(request):
    visible = access.contests_visible_to(request.user)
    bounds = visible.aggregate(first=Min("year"), last=Max("year"))
    years = list(range(bounds["last"], bounds["first"] - 1, -1)) if bounds["first"] else []
    form = ContestFilterForm(request.GET or None, years=years)
    chosen = form.cleaned_data if form.is_valid() else {}
    if chosen.get("year"):
        visible = visible.filter(year=chosen["year"])
    if chosen.get("status"):
        visible = visible.filter(status=chosen["status"])
    today = timezone.localdate()
    contests = list(selectors.contest_rows(visible))
    for contest in contests:
        contest.taking = services.accepts_applications(contest, today)
    context = {
        "active_nav": NAV,
        "contests": contests,
        "filter_form": form,
        "can_set_up": access.can_set_up(request.user),
    }
    return render(request, "contests/contest_list.html", context)


@login_required
def contest_create(request):
    access.require_setup(request.user)
    return _contest_form(request, None)


@login_required
def contest_edit(request, pk):
    contest = access.get_contest_for_user(request.user, pk, for_update=True)
    return _contest_form(request, contest)


def _contest_form(request, contest: Contest | None):
    initial = {} if contest else {"year": timezone.localdate().year}
    form = ContestForm(request.POST or None, instance=contest, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contest = services.contest_save(user=request.user, data=form.cleaned_data, contest=contest)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Конкурс сохранён.")
            return redirect(contest)
    return render(
        request, "contests/contest_form.html", {"active_nav": NAV, "form": form, "contest": contest}
    )


@login_required
@require_GET
def contest_detail(request, pk):
    contest = access.get_contest_for_user(request.user, pk)
    setup = access.can_set_up(request.user)
    rounds = list(contest.rounds.prefetch_related("criteria"))
    nominations = list(contest.nominations.all())
    context = {
        "active_nav": NAV,
        "contest": contest,
        "can_set_up": setup,
        "nominations": nominations,
        "nominations_form": NominationsForm(initial={"names": "\n".join(n.name for n in nominations)})
        if setup
        else None,
        "rounds": rounds,
        "regulations": contest.regulations.order_by("-uploaded_at", "-pk").first(),
        "regulations_form": RegulationsForm(initial={"regulations_on": contest.regulations_on})
        if setup
        else None,
        "taking": services.accepts_applications(contest),
        "can_apply": _can_apply(request.user, contest),
        "sees_jury": _sees_jury(request.user, contest),
        "applications_count": access.applications_visible_to(request.user, contest)
        .exclude(state=Application.State.DRAFT)
        .count(),
    }
    return render(request, "contests/contest_detail.html", context)


@login_required
@require_POST
def nominations_save(request, pk):
    contest = access.get_contest_for_user(request.user, pk, for_update=True)
    form = NominationsForm(request.POST)
    if form.is_valid():
        try:
            services.nominations_set(contest=contest, names=form.names_list())
        except ValidationError as error:
            _say_errors(request, "Номинации не изменены", error)
        else:
            messages.success(request, "Номинации сохранены.")
    return redirect(reverse("contests:detail", args=[contest.pk]) + "#nominations")


@login_required
@require_POST
def regulations_upload(request, pk):
    contest = access.get_contest_for_user(request.user, pk, for_update=True)
    form = RegulationsForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Положение не загружено: выберите файл.")
    else:
        try:
            services.regulations_upload(
                contest=contest,
                user=request.user,
                upload=_upload(form.cleaned_data["file"]),
                on=form.cleaned_data["regulations_on"],
            )
        except ValidationError as error:
            _say_errors(request, "Положение не загружено", error)
        else:
            messages.success(request, "Положение загружено.")
    return redirect(reverse("contests:detail", args=[contest.pk]) + "#regulations")


@login_required
@require_GET
def regulations_file(request, pk, fid):
    contest = access.get_contest_for_user(request.user, pk)
    document = Regulations.objects.filter(contest=contest, pk=fid).first()
    if document is None:
        raise Http404("Файл не найден.")
    return evidence_file_response(document, safe_types=_SAFE_TYPES)


# --- Rounds and criteria -------------------------------------------------------------------------------


def _criteria(formset) -> list[services.CriterionData]:
    return [
        services.CriterionData(
            pk=row.get("pk"),
            name=row.get("name", ""),
            indicators=row.get("indicators", ""),
            max_points=row.get("max_points"),
        )
        for row in (f.cleaned_data for f in formset.forms)
        if row.get("name") or row.get("max_points") is not None
    ]


@login_required
def round_edit(request, pk, rid=None):
    contest = access.get_contest_for_user(request.user, pk, for_update=True)
    round = None
    if rid is not None:
        round = Round.objects.filter(contest=contest, pk=rid).first()
        if round is None:
            raise Http404("Тур не найден.")
    initial = [
        {"pk": c.pk, "name": c.name, "indicators": c.indicators, "max_points": c.max_points}
        for c in (round.criteria.all() if round else [])
    ]
    form = RoundForm(request.POST or None, instance=round)
    formset = CriteriaFormSet(request.POST or None, initial=initial, prefix="criteria")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            round = services.round_save(
                contest=contest, round=round, data=form.cleaned_data, criteria=_criteria(formset)
            )
        except ValidationError as error:
            add_service_errors(form, error)  # «criteria» is no field of the form: shown on top
        else:
            messages.success(request, f"Тур «{round.title}» сохранён.")
            return redirect(reverse("contests:detail", args=[contest.pk]) + "#rounds")
    context = {"active_nav": NAV, "contest": contest, "round": round, "form": form, "formset": formset}
    return render(request, "contests/round_form.html", context)


def _sees_jury(user, contest: Contest) -> bool:
    return (
        access.can_set_up(user)
        or access.sees_all_applications(user, contest)
        or access.is_juror(user, contest)
    )


# --- The jury ----------------------------------------------------------------------------------------


@login_required
def jury(request, pk):
    contest = access.get_contest_for_user(request.user, pk)
    setup = access.can_set_up(request.user)
    if not (
        setup or access.sees_all_applications(request.user, contest) or access.is_juror(request.user, contest)
    ):
        raise PermissionDenied("Состав жюри видят методист и члены жюри.")
    form = JuryForm(request.POST or None, contest=contest) if setup else None
    if request.method == "POST":
        if not setup:
            raise PermissionDenied("Состав жюри меняет методист.")
        if form.is_valid():
            data = form.cleaned_data
            try:
                seat = services.jury_member_add(
                    contest=contest,
                    person=data["person"],
                    role=data["role"],
                    round=data["round"],
                    user=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                name = seat.member.person.short_name
                if not seat.has_account:
                    messages.warning(
                        request,
                        f"{name} в жюри, но у сотрудника нет учётной записи: выдайте доступ на его карточке, "
                        "и роль «Член жюри» этого конкурса появится у него сама.",
                    )
                else:
                    messages.success(request, f"{name} в жюри: роль «Член жюри» конкурса выдана.")
                return redirect("contests:jury", pk=contest.pk)
    context = {
        "active_nav": NAV,
        "contest": contest,
        "members": list(selectors.jury_of(contest)),
        "form": form,
    }
    return render(request, "contests/jury.html", context)


@login_required
@require_POST
def jury_remove(request, pk, mid):
    contest = access.get_contest_for_user(request.user, pk, for_update=True)
    member = JuryMember.objects.filter(contest=contest, pk=mid).select_related("person").first()
    if member is None:
        raise Http404("Член жюри не найден.")
    try:
        services.jury_member_remove(member=member)
    except ValidationError as error:
        _say_errors(request, "Не удалось", error)
    else:
        messages.success(request, f"{member.person.short_name} больше не в жюри.")
    return redirect("contests:jury", pk=contest.pk)


# --- Applications -------------------------------------------------------------------------------------


def _applicant_people(user, contest: Contest):
    """Whom this user may file an application for."""
    scope = user_scope(user)
    if scope.is_methodist:
        return Person.objects.exclude(organization__kind__in=Organization.DISTRICT_KINDS)
    if scope.school_ids:
        return Person.objects.filter(organization_id__in=scope.school_ids)
    if contest.self_apply and scope.person_id:
        return Person.objects.filter(pk=scope.person_id)
    return Person.objects.none()


def _applicant_teams(user, contest: Contest):
    """The ШМО/РМО this user may enter in a contest of associations (directory.person_facts.teams_of), or
    None where no associations are registered (the team is then typed by name)."""
    if contest.eligibility != Contest.Eligibility.TEAMS or not person_facts.teams_known():
        return None
    scope = user_scope(user)
    if scope.is_methodist:
        return person_facts.teams_of(None)
    if scope.school_ids:
        return person_facts.teams_of(scope.school_ids)
    return [team for team in person_facts.teams_of(None) if scope.person_id in team.member_ids]


def _can_apply(user, contest: Contest) -> bool:
    scope = user_scope(user)
    return bool(scope.is_methodist or scope.school_ids or (contest.self_apply and scope.person_id))


@login_required
@require_GET
def application_list(request, pk):
    contest = access.get_contest_for_user(request.user, pk)
    visible = access.applications_visible_to(request.user, contest)
    form = ApplicationFilterForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["state"]:
        visible = visible.filter(state=form.cleaned_data["state"])
    context = {
        "active_nav": NAV,
        "contest": contest,
        "applications": list(selectors.application_rows(visible)),
        "filter_form": form,
        "can_apply": _can_apply(request.user, contest) and services.accepts_applications(contest),
        "can_admit": access.can_admit(request.user, contest),
        "juror_view": not access.sees_all_applications(request.user, contest)
        and access.is_juror(request.user, contest),
    }
    return render(request, "contests/application_list.html", context)


@login_required
def application_create(request, pk):
    contest = access.get_contest_for_user(request.user, pk)
    if not _can_apply(request.user, contest):
        raise PermissionDenied("Заявку подаёт руководитель организации участника.")
    people = _applicant_people(request.user, contest)
    teams = _applicant_teams(request.user, contest)
    form = ApplicationForm(
        request.POST or None, request.FILES or None, contest=contest, people=people, teams=teams
    )
    window = (
        "" if services.accepts_applications(contest) else services.window_error(contest, timezone.localdate())
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        files = [_upload(data["files"])] if data.get("files") else []
        try:
            application = services.application_create(
                user=request.user,
                contest=contest,
                data=services.ApplicationData(
                    person=data["person"],
                    nomination=data.get("nomination"),
                    **form.team_data(),
                    consent_on=data["consent_on"],
                    consent_scan=_upload(data["consent_file"]),
                    files=files,
                    url=data["url"],
                ),
                submit="submit" in request.POST,
            )
        except ValidationError as error:
            add_service_errors(form, error, aliases={"file": "files"})
        else:
            messages.success(
                request,
                "Заявка подана."
                if application.state == Application.State.SUBMITTED
                else "Черновик заявки сохранён.",
            )
            return redirect(application)
    context = {"active_nav": NAV, "contest": contest, "form": form, "window": window}
    return render(request, "contests/application_form.html", context)


def _application(request, pk, aid):
    contest = access.get_contest_for_user(request.user, pk)
    return contest, access.get_application_for_user(request.user, contest, aid)


@login_required
@require_GET
def application_detail(request, pk, aid):
    contest, application = _application(request, pk, aid)
    personal = access.sees_personal_data(request.user, application)
    author = access.can_file(request.user, application)
    admit = access.can_admit(request.user, contest)
    context = {
        "active_nav": NAV,
        "contest": contest,
        "application": application,
        "materials": list(application.evidence.all()),
        "personal": personal,
        "consent_scans": list(application.consent_scans.all()) if personal else [],
        "events": list(application.events.select_related("user")) if personal else [],
        "editable": author and application.is_editable_by_author,
        "material_form": MaterialForm() if author and application.is_editable_by_author else None,
        "consent_form": ConsentForm() if author and application.is_editable_by_author else None,
        "admission_form": AdmissionForm()
        if admit and application.state == Application.State.SUBMITTED
        else None,
    }
    return render(request, "contests/application_detail.html", context)


def _author_post(request, pk, aid):
    contest, application = _application(request, pk, aid)
    if not access.can_file(request.user, application):
        raise PermissionDenied("Заявку меняет тот, кто её подаёт.")
    return contest, application


@login_required
@require_POST
def application_submit(request, pk, aid):
    _contest, application = _author_post(request, pk, aid)
    try:
        services.application_submit(
            user=request.user, application=application, version=posted_version(request)
        )
    except StaleSubmissionError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        _say_errors(request, "Заявка не подана", error)
    else:
        messages.success(request, "Заявка подана: секретарь конкурса проверит её.")
    return redirect(application)


@login_required
@require_POST
def material_add(request, pk, aid):
    _contest, application = _author_post(request, pk, aid)
    form = MaterialForm(request.POST, request.FILES)
    if form.is_valid():
        upload = _upload(form.cleaned_data["file"])
        try:
            services.materials_add(
                user=request.user,
                application=application,
                files=[upload] if upload else [],
                url=form.cleaned_data["url"],
            )
        except ValidationError as error:
            _say_errors(request, "Материал не добавлен", error)
        else:
            messages.success(request, "Материал добавлен.")
    else:
        messages.error(request, "Материал не добавлен: проверьте файл.")
    return redirect(application.get_absolute_url() + "#materials")


@login_required
@require_POST
def material_remove(request, pk, aid, fid):
    _contest, application = _author_post(request, pk, aid)
    material = ApplicationMaterial.objects.filter(application=application, pk=fid).first()
    if material is None:
        raise Http404("Материал не найден.")
    try:
        services.material_remove(user=request.user, application=application, material=material)
    except ValidationError as error:
        _say_errors(request, "Материал не удалён", error)
    else:
        messages.success(request, "Материал удалён.")
    return redirect(application.get_absolute_url() + "#materials")


@login_required
@require_GET
def material_file(request, pk, aid, fid):
    _contest, application = _application(request, pk, aid)
    material = ApplicationMaterial.objects.filter(application=application, pk=fid).first()
    if material is None:
        raise Http404("Файл не найден.")
    return evidence_file_response(material, safe_types=_SAFE_TYPES)


@login_required
@require_POST
def consent_record(request, pk, aid):
    _contest, application = _author_post(request, pk, aid)
    form = ConsentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.consent_record(
                user=request.user,
                application=application,
                on=form.cleaned_data["consent_on"],
                scan=_upload(form.cleaned_data["consent_file"]),
            )
        except ValidationError as error:
            _say_errors(request, "Согласие не записано", error)
        else:
            messages.success(request, "Согласие записано.")
    else:
        messages.error(request, "Согласие не записано: проверьте дату и файл.")
    return redirect(application.get_absolute_url() + "#consent")


@login_required
@require_GET
def consent_file(request, pk, aid, fid):
    _contest, application = _application(request, pk, aid)
    scan = ConsentScan.objects.filter(application=application, pk=fid).first()
    if scan is None or not access.sees_personal_data(request.user, application):
        raise Http404("Файл не найден.")
    return evidence_file_response(scan, safe_types=_SAFE_TYPES)


@login_required
@require_POST
def application_admit(request, pk, aid):
    contest, application = _application(request, pk, aid)
    if not access.can_admit(request.user, contest):
        raise PermissionDenied("Заявки допускает секретарь конкурса или методист.")
    form = AdmissionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Выберите решение по заявке.")
        return redirect(application)
    decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
    try:
        services.application_review(
            user=request.user,
            application=application,
            version=posted_version(request),
            decision=decision,
            comment=comment,
        )
    except StaleSubmissionError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        _say_errors(request, "Решение не записано", error)
    else:
        application.refresh_from_db(fields=["state"])
        messages.success(
            request, f"Заявка {application.person.short_name}: {application.get_state_display()}."
        )
        return redirect("contests:applications", pk=contest.pk)
    return redirect(application)
