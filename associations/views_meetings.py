"""Pages of the meetings (заседания) of an association: the plan of a meeting, its protocol, its files."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from core import filetypes
from core.academic_year import academic_year_label, academic_year_start
from core.web import DOCX_CONTENT_TYPE, PDF_CONTENT_TYPE, add_service_errors, file_response
from directory.access import user_scope
from orders.docx_export import render_order_docx
from orders.pdf import render_order_pdf
from progress.views import evidence_file_response

from . import services_meetings as services
from .access import can_manage, get_association_for_user
from .forms_meetings import AgendaFormSet, DecisionFormSet, MeetingForm, ProtocolForm
from .models import Decision, Meeting, MeetingFile
from .protocol import protocol_document

_SAFE_TYPES = {kind.content_type for kind in filetypes.ALLOWED}


def _meeting(request, pk, mid, *, for_update: bool = False):
    association = get_association_for_user(request.user, pk, for_update=for_update)
    meeting = (
        Meeting.objects.filter(association=association, pk=mid)
        .select_related("chairman", "secretary")
        .first()
    )
    if meeting is None:
        raise Http404("Заседание не найдено.")
    meeting.association = association
    return association, meeting


def _agenda_inputs(formset) -> list[services.AgendaInput]:
    return [
        services.AgendaInput(
            question=f.cleaned_data["question"],
            speakers=f.cleaned_data["speakers"],
            pk=f.cleaned_data.get("id"),
        )
        for f in formset.forms
        if f.cleaned_data
        and not f.cleaned_data.get("DELETE")
        and (f.cleaned_data.get("question") or "").strip()
    ]


def _meeting_form_page(request, association, meeting: Meeting | None):
    current = academic_year_start(timezone.localdate())
    years = {"current_year": current, "meeting_year": meeting.year if meeting else None}
    if request.method == "POST":
        form = MeetingForm(request.POST, **years)
        agenda = AgendaFormSet(request.POST, prefix="agenda")
    else:
        initial = {"year": current, "form": Meeting.Form.MEETING}
        rows = []
        if meeting is not None:
            initial = {
                "year": meeting.year,
                "date": meeting.date,
                "form": meeting.form,
                "topic": meeting.topic,
                "place": meeting.place,
            }
            rows = [
                {"id": i.pk, "question": i.question, "speakers": i.speakers} for i in meeting.agenda.all()
            ]
        form = MeetingForm(initial=initial, **years)
        agenda = AgendaFormSet(initial=rows, prefix="agenda")
    if request.method == "POST" and form.is_valid() and agenda.is_valid():
        data = form.cleaned_data
        try:
            saved = services.meeting_save(
                association=association,
                meeting=meeting,
                year=data["year"],
                date=data["date"],
                form=data["form"],
                topic=data["topic"],
                place=data["place"],
                agenda=_agenda_inputs(agenda),
                user=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Заседание сохранено.")
            return redirect(saved)
    context = {
        "active_nav": "associations",
        "association": association,
        "meeting": meeting,
        "form": form,
        "agenda": agenda,
    }
    return render(request, "associations/meeting_form.html", context, status=422 if form.is_bound else 200)


@login_required
def meeting_create(request, pk):
    association = get_association_for_user(request.user, pk, for_update=True)
    return _meeting_form_page(request, association, None)


@login_required
def meeting_edit(request, pk, mid):
    association, meeting = _meeting(request, pk, mid, for_update=True)
    return _meeting_form_page(request, association, meeting)


@login_required
@require_POST
def meeting_delete(request, pk, mid):
    association, meeting = _meeting(request, pk, mid, for_update=True)
    try:
        services.meeting_delete(meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(meeting)
    messages.success(request, "Заседание удалено из плана.")
    return redirect(association.get_absolute_url() + "#section-meetings")


def _protocol_parts(meeting: Meeting) -> tuple[list, list, list]:
    agenda = list(meeting.agenda.all())
    attendance = list(
        meeting.attendance.select_related("person").order_by("person__last_name", "person__first_name")
    )
    decisions = list(meeting.decisions.select_related("responsible"))
    return agenda, attendance, decisions


@login_required
@require_GET
def meeting_detail(request, pk, mid):
    association, meeting = _meeting(request, pk, mid)
    agenda, attendance, decisions = _protocol_parts(meeting)
    context = {
        "active_nav": "associations",
        "association": association,
        "meeting": meeting,
        "agenda": agenda,
        "present": [row for row in attendance if row.present],
        "absent": [row for row in attendance if not row.present],
        "decisions": decisions,
        "files": list(meeting.evidence.all()),
        "can_manage": can_manage(request.user, association),
        "is_past": meeting.date <= timezone.localdate(),
        "year_label": academic_year_label(meeting.year),
        "today": timezone.localdate(),
    }
    return render(request, "associations/meeting_detail.html", context)


def _decision_inputs(formset, people_by_pk) -> list[services.DecisionInput]:
    out = []
    for f in formset.forms:
        data = f.cleaned_data
        if not data or data.get("DELETE") or f.is_blank:
            continue
        out.append(
            services.DecisionInput(
                text=data.get("text") or "",
                responsible=people_by_pk.get(data.get("responsible")),
                deadline=data.get("deadline"),
                agenda_item_id=data.get("agenda_item"),
                pk=data.get("id"),
            )
        )
    return out


@login_required
def protocol_edit(request, pk, mid):
    association, meeting = _meeting(request, pk, mid, for_update=True)
    today = timezone.localdate()
    if meeting.date > today:
        messages.error(
            request,
            f"Заседание назначено на {meeting.date:%d.%m.%Y} и ещё не состоялось: "
            "протокол пишется после заседания.",
        )
        return redirect(meeting)
    members = list(services.members_on(association, meeting.date))
    people = services.people_of(association, meeting.date)
    people_by_pk = {p.pk: p for p in people}
    agenda, attendance, decisions = _protocol_parts(meeting)
    kwargs = {"people": people, "members": members, "agenda": agenda}
    status = 200
    if request.method == "POST":
        form = ProtocolForm(request.POST, **kwargs)
        formset = DecisionFormSet(
            request.POST, prefix="decisions", form_kwargs={"people": people, "agenda": agenda}
        )
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                services.protocol_save(
                    meeting=meeting,
                    version=data["version"],
                    user=request.user,
                    chairman=data["chairman"],
                    secretary=data["secretary"],
                    guests=data["guests"],
                    attendance=[
                        services.AttendanceInput(
                            person=person,
                            present=data[f"present_{person.pk}"],
                            absence_reason=data[f"reason_{person.pk}"],
                        )
                        for person in members
                    ],
                    answers={
                        item.pk: services.AnswerInput(
                            heard=data[f"heard_{item.pk}"],
                            spoke=data[f"spoke_{item.pk}"],
                            decided=data[f"decided_{item.pk}"],
                        )
                        for item in agenda
                    },
                    decisions=_decision_inputs(formset, people_by_pk),
                    today=today,
                )
            except services.StaleProtocol as stale:
                form.add_error(None, str(stale))
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Протокол сохранён.")
                return redirect(meeting)
        status = 422
    else:
        marked = {row.person_id: row for row in attendance}
        initial = {
            "version": meeting.version,
            "chairman": meeting.chairman_id or association.head_id,
            "secretary": meeting.secretary_id,
            "guests": meeting.guests,
        }
        for person in members:
            row = marked.get(person.pk)
            initial[f"present_{person.pk}"] = row.present if row else not attendance
            initial[f"reason_{person.pk}"] = row.absence_reason if row else ""
        for item in agenda:
            initial.update(
                {
                    f"heard_{item.pk}": item.heard,
                    f"spoke_{item.pk}": item.spoke,
                    f"decided_{item.pk}": item.decided,
                }
            )
        form = ProtocolForm(initial=initial, **kwargs)
        formset = DecisionFormSet(
            initial=[
                {
                    "id": d.pk,
                    "text": d.text,
                    "agenda_item": d.agenda_item_id,
                    "responsible": d.responsible_id,
                    "deadline": d.deadline,
                }
                for d in decisions
            ],
            prefix="decisions",
            form_kwargs={"people": people, "agenda": agenda},
        )
    context = {
        "active_nav": "associations",
        "association": association,
        "meeting": meeting,
        "form": form,
        "decisions": formset,
    }
    return render(request, "associations/protocol_form.html", context, status=status)


def _held(request, pk, mid):
    association, meeting = _meeting(request, pk, mid)
    if not meeting.is_held:
        raise Http404("Протокола ещё нет: заседание не проведено.")
    agenda, attendance, decisions = _protocol_parts(meeting)
    return meeting, protocol_document(meeting, agenda=agenda, attendance=attendance, decisions=decisions)


def _file_stem(meeting: Meeting) -> str:
    return f"Протокол № {meeting.number} от {meeting.date:%d.%m.%Y}"


@login_required
@require_GET
def protocol_pdf(request, pk, mid):
    meeting, document = _held(request, pk, mid)
    return file_response(
        render_order_pdf(document),
        content_type=PDF_CONTENT_TYPE,
        filename=f"{_file_stem(meeting)}.pdf",
        inline=True,
    )


@login_required
@require_GET
def protocol_docx(request, pk, mid):
    meeting, document = _held(request, pk, mid)
    return file_response(
        render_order_docx(document), content_type=DOCX_CONTENT_TYPE, filename=f"{_file_stem(meeting)}.docx"
    )


# --- Files -------------------------------------------------------------------------------------------


@login_required
@require_POST
def file_add(request, pk, mid):
    _association, meeting = _meeting(request, pk, mid, for_update=True)
    limit = settings.REPORT_FILE_MAX_BYTES
    try:
        uploads = request.FILES.getlist("files")
        if not uploads:
            raise ValidationError("Выберите файл.")
        too_big = [u.name for u in uploads if u.size > limit]
        if too_big:  # not read into memory; the content checks are the service's (core.filetypes)
            raise ValidationError(
                f"Файл «{too_big[0]}» слишком большой: допускается не больше {limit // (1024 * 1024)} МБ."
            )
        files = [(upload.name or "файл", upload.read()) for upload in uploads]
        services.meeting_files_add(meeting=meeting, user=request.user, files=files)
    except ValidationError as error:
        messages.error(request, "Файлы не добавлены: " + " ".join(error.messages))
    else:
        messages.success(request, "Файлы добавлены.")
    return redirect(meeting.get_absolute_url() + "#meeting-files")


def _file_of(meeting: Meeting, fid) -> MeetingFile:
    evidence = MeetingFile.objects.filter(meeting=meeting, pk=fid).first()
    if evidence is None:
        raise Http404("Файл не найден.")
    return evidence


@login_required
@require_GET
def file_download(request, pk, mid, fid):
    """The file with its original name, through the access check; never a public media URL."""
    _association, meeting = _meeting(request, pk, mid)
    return evidence_file_response(_file_of(meeting, fid), safe_types=_SAFE_TYPES)


@login_required
@require_POST
def file_remove(request, pk, mid, fid):
    _association, meeting = _meeting(request, pk, mid, for_update=True)
    evidence = _file_of(meeting, fid)
    services.meeting_file_remove(meeting=meeting, evidence=evidence)
    messages.success(request, f"Файл «{evidence.label}» удалён.")
    return redirect(meeting.get_absolute_url() + "#meeting-files")


# --- A decision done («Мои задачи») ----------------------------------------------------------------------


@login_required
@require_POST
def decision_done(request, did):
    """The responsible person (or whoever manages the association) marks a decision done."""
    decision = get_object_or_404(
        Decision.objects.select_related("meeting__association", "responsible"), pk=did
    )
    scope = user_scope(request.user)
    mine = scope.person_id is not None and decision.responsible_id == scope.person_id
    if not mine and not can_manage(request.user, decision.meeting.association):
        raise Http404("Решение не найдено.")
    services.decision_done(decision=decision)
    messages.success(request, f"Решение «{decision.text[:80]}» отмечено выполненным.")
    back = request.POST.get("next") or ""
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect(decision.meeting)
