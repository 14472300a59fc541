"""Pages of mentorship: the bank of young specialists, the pairs, forming a pair, the coverage."""

from __future__ import annotations

from functools import partial
from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from core import charts, filetypes
from core.web import XLSX_CONTENT_TYPE, add_service_errors, streamed_file_response
from directory.access import user_scope
from orders.access import orders_visible_to
from progress.views import evidence_file_response

from . import exporters, order_services, selectors, services
from .access import (
    can_create,
    can_manage,
    get_pair_for_user,
    manages_mentorship,
    pairs_visible_to,
    require_manager,
    schools_in_scope,
    schools_to_manage,
)
from .forms import BankFilterForm, ConsentForm, EndEarlyForm, PairForm, SchoolChoiceForm
from .models import ConsentScan, Pair, PairMember, PairsOrder

_SAFE_TYPES = {kind.content_type for kind in filetypes.ALLOWED}


# --- The bank of young specialists -------------------------------------------------------------


def _bank(request):
    require_manager(request.user)
    schools = schools_in_scope(request.user)
    people = selectors.bank_queryset(schools)
    form = BankFilterForm(request.GET or None, schools=schools, people=people)
    chosen = form.cleaned_data if form.is_valid() else {}
    filtered = selectors.filter_bank(
        people,
        school=chosen.get("school"),
        subject=chosen.get("subject"),
        has_mentor=chosen.get("has_mentor", ""),
    )
    return form, filtered


def _bank_row_html(row: selectors.BankRow, person_url: str, pair_url: str) -> str:
    """One <tr> of the bank, built here: a thousand rows × 8 cells in template tags cost the most.

    `person_url` and `pair_url` hold «{}» where the id goes (reverse() once, not per row)."""
    mentor = (
        escape(row.mentor_text)
        if row.mentors
        else mark_safe('<span class="badge text-bg-warning">не закреплён</span>')
    )
    pairs = format_html_join(
        " ", '<a href="{}">№&nbsp;{}</a>', ((pair_url.format(pk), pk) for pk in row.pair_ids)
    )
    return format_html(
        '<tr><td><a href="{}">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
        "<td>{}</td><td>{}</td><td>{} {}</td><td>{}</td></tr>",
        person_url.format(row.person.pk),
        row.person.full_name,
        row.school,
        row.subjects,
        row.education,
        f"{row.teaching_since:%d.%m.%Y}" if row.teaching_since else "",
        row.stage,
        "" if row.age is None else row.age,
        row.category,
        mentor,
        pairs,
        row.form_text,
        row.contests_text or "—",
    )


def _url_pattern(name: str) -> str:
    return reverse(name, args=[90909]).replace("90909", "{}")


@login_required
@require_GET
def bank(request):
    form, people = _bank(request)
    rows = selectors.bank_rows(people)
    person_url, pair_url = _url_pattern("directory:person_detail"), _url_pattern("mentorship:pair")
    context = {
        "active_nav": "mentorship",
        "filter": SimpleNamespace(form=form),  # directory/includes/filter_form.html reads filter.form
        "rows": rows,
        "rows_html": [_bank_row_html(row, person_url, pair_url) for row in rows],
        "without_mentor": sum(1 for row in rows if not row.mentors),
        "years": settings.YOUNG_SPECIALIST_YEARS,
        "age": settings.MENTORSHIP_YOUNG_AGE,
    }
    return render(request, "mentorship/bank.html", context)


@login_required
@require_GET
def bank_export(request):
    _form, people = _bank(request)
    rows = selectors.bank_rows(people)
    title = f"Банк молодых специалистов на {timezone.localdate():%d.%m.%Y}"
    return streamed_file_response(
        partial(exporters.write_bank, rows=rows, title=title),
        content_type=XLSX_CONTENT_TYPE,
        filename="Банк молодых специалистов.xlsx",
    )


# --- Coverage ------------------------------------------------------------------------------------


def _coverage_chart(data: selectors.Coverage) -> str:
    bars = [
        charts.Bar(label=s.name, value=s.share, note=f"{s.covered} из {s.young}", color="#198754")
        for s in data.schools
    ]
    return charts.bar_list(
        bars=bars, title="Охват наставничеством по школам", empty_message="Молодых специалистов нет"
    )


@login_required
@require_GET
def coverage(request):
    require_manager(request.user)
    data = selectors.coverage(schools_in_scope(request.user))
    context = {
        "active_nav": "mentorship",
        "data": data,
        "chart": mark_safe(_coverage_chart(data)),  # charts escape every text
        "district_wide": user_scope(request.user).district_wide,
    }
    return render(request, "mentorship/coverage.html", context)


@login_required
@require_GET
def coverage_export(request):
    require_manager(request.user)
    data = selectors.coverage(schools_in_scope(request.user))
    title = f"Охват молодых специалистов наставничеством на {timezone.localdate():%d.%m.%Y}"
    return streamed_file_response(
        partial(exporters.write_coverage, data=data, title=title),
        content_type=XLSX_CONTENT_TYPE,
        filename="Охват наставничеством.xlsx",
    )


# --- Pairs ---------------------------------------------------------------------------------------


@login_required
@require_GET
def pair_list(request):
    scope = user_scope(request.user)
    manager = manages_mentorship(scope)
    pairs = pairs_visible_to(request.user)
    if not manager:
        pairs = pairs.filter(members__person_id=scope.person_id or 0).distinct()
    fixed_by = request.GET.get("order", "")
    status = request.GET.get("status", "all" if fixed_by else "active")
    if status in Pair.Status.values:
        pairs = pairs.filter(status=status)
    if fixed_by.isdigit():  # «the pairs of this order», from the order's page
        pairs = pairs.filter(fixing_orders__pk=int(fixed_by))
    pairs = list(selectors.with_members(pairs.order_by("organization__short_name", "-starts_on", "pk")))
    orders = order_services.fixing_orders([pair.pk for pair in pairs])
    for pair in pairs:
        pair.fixed_by = orders.get(pair.pk)
        pair.can_order = manager and pair.is_active and can_manage(request.user, pair) and not pair.fixed_by
        members = pair.members.all()
        pair.mentor_names = ", ".join(
            m.person.short_name for m in members if m.role == PairMember.Role.MENTOR
        )
        pair.mentee_names = ", ".join(
            m.person.short_name for m in members if m.role == PairMember.Role.MENTEE
        )
    context = {
        "active_nav": "mentorship",
        "pairs": pairs,
        "manager": manager,
        "status": status,
        "statuses": Pair.Status.choices,
        "can_create": can_create(request.user),
        "person_id": scope.person_id,
        "can_order": any(pair.can_order for pair in pairs),
        "levels": PairsOrder.Level.choices,
        "default_level": PairsOrder.Level.DISTRICT if scope.district_wide else PairsOrder.Level.SCHOOL,
    }
    return render(request, "mentorship/pair_list.html", context)


@login_required
def pair_create(request):
    if not can_create(request.user):
        raise PermissionDenied("Формировать пары может методист или директор школы.")
    schools = schools_to_manage(request.user)
    chooser = SchoolChoiceForm(request.GET or None, schools=schools)
    organization = None
    if schools.count() == 1:
        organization = schools.get()
    elif chooser.is_valid():
        organization = chooser.cleaned_data["organization"]
    if organization is None:
        return render(
            request,
            "mentorship/pair_form.html",
            {"active_nav": "mentorship", "chooser": chooser, "form": None},
        )
    young_ids = set(
        selectors.young_specialists().filter(organization=organization).values_list("pk", flat=True)
    )
    form = PairForm(
        request.POST or None,
        request.FILES or None,
        organization=organization,
        young_ids=young_ids,
        initial=services.default_term(timezone.localdate()),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        mentors, mentees = list(data["mentors"]), list(data["mentees"])
        consents = form.consents(services.Consent)
        try:
            pair = services.pair_create(
                user=request.user,
                organization=organization,
                form=data["form"],
                goal=data["goal"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                mentors=mentors,
                mentees=mentees,
                curator=data["curator"],
                consents=consents,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Наставническая пара сформирована.")
            return redirect(pair)
    context = {
        "active_nav": "mentorship",
        "form": form,
        "organization": organization,
        "chooser": chooser if schools.count() > 1 else None,
        "months": settings.MENTORSHIP_TERM_MONTHS,
    }
    return render(request, "mentorship/pair_form.html", context)


@login_required
def pair_detail(request, pk):
    pair = get_pair_for_user(request.user, pk)
    pair = selectors.with_members(Pair.objects.filter(pk=pair.pk)).get()
    members = list(pair.members.all())
    scope = user_scope(request.user)
    for member in members:
        member.consent_given = services.has_consent(member)
        member.scans_visible = manages_mentorship(scope) or member.person_id == scope.person_id
    manage = can_manage(request.user, pair)
    fixed_by = order_services.fixing_orders([pair.pk]).get(pair.pk)
    context = {
        "active_nav": "mentorship",
        "pair": pair,
        "fixed_by": fixed_by,
        "fixed_by_url": fixed_by.get_absolute_url()
        if fixed_by is not None and orders_visible_to(request.user).filter(pk=fixed_by.pk).exists()
        else "",
        "mentors": [m for m in members if m.role == PairMember.Role.MENTOR],
        "mentees": [m for m in members if m.role == PairMember.Role.MENTEE],
        "can_manage": manage,
        "consent_form": ConsentForm() if manage and pair.is_active else None,
        "end_form": EndEarlyForm(initial={"ended_on": timezone.localdate()})
        if manage and pair.is_active
        else None,
    }
    return render(request, "mentorship/pair_detail.html", context)


def _member(pair: Pair, mid) -> PairMember:
    member = PairMember.objects.filter(pair=pair, pk=mid).select_related("person").first()
    if member is None:
        raise Http404("Участник не найден.")
    return member


@login_required
@require_POST
def consent_record(request, pk, mid):
    pair = get_pair_for_user(request.user, pk, for_update=True)
    member = _member(pair, mid)
    form = ConsentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["consent_file"]
        scan = (upload.name, upload.read()) if upload else None
        try:
            services.consent_record(
                member=member, user=request.user, on=form.cleaned_data["consent_on"], scan=scan
            )
        except ValidationError as error:
            messages.error(
                request, f"Согласие ({member.person.short_name}) не записано: " + " ".join(error.messages)
            )
        else:
            messages.success(request, f"Согласие участника {member.person.short_name} записано.")
    else:
        errors = " ".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(request, f"Согласие ({member.person.short_name}) не записано: {errors}")
    return redirect(pair.get_absolute_url() + f"#member-{member.pk}")


@login_required
@require_GET
def consent_file(request, pk, mid, fid):
    pair = get_pair_for_user(request.user, pk)
    member = _member(pair, mid)
    scan = ConsentScan.objects.filter(member=member, pk=fid).first()
    own = member.person_id == user_scope(request.user).person_id
    if scan is None or not (own or manages_mentorship(user_scope(request.user))):  # a participant: their own
        raise Http404("Файл не найден.")
    return evidence_file_response(scan, safe_types=_SAFE_TYPES)


@login_required
def pair_end(request, pk):
    pair = get_pair_for_user(request.user, pk, for_update=True)
    form = EndEarlyForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.pair_end_early(
                pair=pair,
                user=request.user,
                reason=form.cleaned_data["reason"],
                ended_on=form.cleaned_data["ended_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Пара завершена досрочно.")
            return redirect(pair)
    return render(
        request, "mentorship/pair_end.html", {"active_nav": "mentorship", "pair": pair, "form": form}
    )
