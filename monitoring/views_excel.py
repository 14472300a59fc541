"""Excel in the browser: the методист's import of last year's summary sheet (upload → preview → confirm),
a school's blank form (download, upload filled), file indicators (upload, download).

Included under /monitoring/ with the namespace «monitoring_excel» (config/urls.py).

Between the preview and the confirmation the uploaded file waits under MEDIA_ROOT/tmp/ under a random
token that only the user's session knows; the browser sends back nothing but the choices it made.
"""

from __future__ import annotations

import contextlib
import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import CommandError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.imports import ImportRejected, max_upload_label, size_problems, upload_name
from core.web import XLSX_CONTENT_TYPE, streamed_file_response
from directory.models import Organization
from progress.services import StaleSubmissionError, SubmissionLocked
from progress.views import evidence_file_response

from . import blank, importer
from .access import can_fill, can_manage, get_submission_for_user
from .evidence import SAFE_TYPES, answer_file_attach
from .management.commands.import_monitoring import parse_year
from .models import Indicator, SubmissionEvidence

SESSION_KEY = "monitoring_summary_import"
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
_STALE_SECONDS = 24 * 3600
SKIP = "skip"
_FILE_ATTRS = {"accept": f".xlsx,{XLSX_CONTENT_TYPE}", "class": "form-control"}


# --- The summary sheet: upload → preview → confirm ------------------------------------------------------


class SummaryUploadForm(forms.Form):
    title = forms.CharField(
        label="Название",
        max_length=300,
        required=False,
        help_text="Если не указать, возьмём из первой строки листа или из имени файла.",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    year = forms.CharField(
        label="Учебный год",
        max_length=20,
        initial="2024-2025",
        help_text="Например, 2024-2025.",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    file = forms.FileField(
        label="Сводная таблица (.xlsx)",
        widget=forms.ClearableFileInput(
            attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}", "class": "form-control"}
        ),
    )

    def clean_year(self):
        try:
            return parse_year(self.cleaned_data["year"])
        except CommandError as exc:
            raise ValidationError(str(exc)) from exc


def _tmp_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "tmp" / "monitoring-import"


def _tmp_path(token: str) -> Path:
    if not _TOKEN_RE.match(token or ""):
        raise Http404
    return _tmp_dir() / f"{token}.xlsx"


def _store(data: bytes) -> str:
    folder = _tmp_dir()
    folder.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - _STALE_SECONDS
    for old in folder.glob("*.xlsx"):  # files of imports never confirmed
        if old.stat().st_mtime < cutoff:
            old.unlink(missing_ok=True)
    token = secrets.token_urlsafe(24)
    _tmp_path(token).write_bytes(data)
    return token


def _pending(request) -> tuple[dict, bytes] | None:
    pending = request.session.get(SESSION_KEY)
    if not isinstance(pending, dict):
        return None
    try:
        return pending, _tmp_path(pending.get("token", "")).read_bytes()
    except (Http404, OSError):
        return None


def _forget(request) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if isinstance(pending, dict):
        with contextlib.suppress(Http404):
            _tmp_path(pending.get("token", "")).unlink(missing_ok=True)


def _require_manager(request) -> None:
    if not can_manage(request.user):
        raise Http404


@login_required
def import_upload(request):
    _require_manager(request)
    form = SummaryUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        problems = size_problems(upload.size, advice="Разделите таблицу на несколько файлов.")
        if not problems:
            data = upload.read()
            try:
                importer.parse_summary(data)
            except ImportRejected as exc:
                problems = exc.problems
            else:
                _forget(request)
                request.session[SESSION_KEY] = {
                    "token": _store(data),
                    "title": form.cleaned_data["title"],
                    "year": form.cleaned_data["year"],
                    "file_name": upload_name(upload)[:200],
                }
                return redirect("monitoring_excel:import_preview")
    return render(
        request,
        "monitoring/import_upload.html",
        {"form": form, "problems": problems, "max_size": max_upload_label(), "active_nav": "monitoring"},
    )


def _schools():
    return list(
        Organization.objects.exclude(kind__in=Organization.DISTRICT_KINDS).order_by("short_name", "pk")
    )


def _preview_rows(parsed, posted) -> list[dict]:
    """Each school row: its match, and whether the user must choose (unknown name, or a second row of
    the same organization)."""
    rows, taken = [], set()
    for found in importer.match_rows(parsed):
        organization = found.organization
        duplicate = organization is not None and organization.pk in taken
        if organization is not None and not duplicate:
            taken.add(organization.pk)
        choose = organization is None or duplicate
        rows.append(
            {
                "row": found.row,
                "organization": None if choose else organization,
                "duplicate": duplicate,
                "choose": choose,
                "field": f"map_{found.row.row}",
                "selected": posted.get(f"map_{found.row.row}", ""),
            }
        )
    return rows


@login_required
def import_preview(request):
    _require_manager(request)
    pending = _pending(request)
    if pending is None:
        messages.warning(request, "Загрузите сводную таблицу заново: предыдущая загрузка не найдена.")
        return redirect("monitoring_excel:import_upload")
    info, data = pending
    try:
        parsed = importer.parse_summary(data)
    except ImportRejected:
        _forget(request)
        messages.error(request, "Загрузите сводную таблицу заново.")
        return redirect("monitoring_excel:import_upload")
    posted = request.POST if request.method == "POST" else {}
    rows = _preview_rows(parsed, posted)
    problems: list = []
    if request.method == "POST":
        if "cancel" in request.POST:
            _forget(request)
            messages.info(request, "Загрузка отменена, ничего не сохранено.")
            return redirect("monitoring_excel:import_upload")
        mapping: dict[str, int | None] = {}
        school_ids = {o.pk for o in _schools()}
        for row in rows:
            if not row["choose"]:
                continue
            choice = row["selected"]
            if choice == SKIP:
                mapping[row["row"].name] = None
            elif choice.isdigit() and int(choice) in school_ids:
                mapping[row["row"].name] = int(choice)
            else:
                row["error"] = "Выберите организацию из справочника или «пропустить строку»."
                problems.append(
                    f"Строка {row['row'].row} («{row['row'].name}»): выберите организацию "
                    "или «пропустить строку»."
                )
        if not problems:
            try:
                result = importer.import_summary(
                    data=data,
                    title=info.get("title", ""),
                    year=int(info["year"]),
                    file_name=info.get("file_name", ""),
                    mapping=mapping,
                )
            except ImportRejected as exc:
                problems = [str(p) for p in exc.problems]
            else:
                _forget(request)
                messages.success(
                    request,
                    f"Сводная таблица загружена: показателей — {result.indicators}, "
                    f"организаций — {result.schools}.",
                )
                return redirect("monitoring:campaign", result.campaign.pk)
    year = int(info["year"])
    return render(
        request,
        "monitoring/import_preview.html",
        {
            "info": info,
            "year_label": f"{year}-{year + 1}",
            "parsed": parsed,
            "indicators": [{"parsed": p, "kind": Indicator.Kind(p.kind).label} for p in parsed.indicators],
            "rows": rows,
            "to_choose": sum(1 for r in rows if r["choose"]),
            "schools": _schools(),
            "skip": SKIP,
            "problems": problems,
            "active_nav": "monitoring",
        },
        status=422 if problems else 200,
    )


# --- The blank form ------------------------------------------------------------------------------------


@login_required
@require_GET
def blank_download(request, pk):
    submission = get_submission_for_user(request.user, pk)
    return streamed_file_response(
        lambda file: blank.write_blank(submission, file),
        content_type=XLSX_CONTENT_TYPE,
        filename=blank.blank_filename(submission),
    )


class BlankUploadForm(forms.Form):
    file = forms.FileField(
        label="Заполненный бланк (.xlsx)",
        widget=forms.ClearableFileInput(
            attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}", "class": "form-control"}
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


@login_required
def blank_upload(request, pk):
    submission = get_submission_for_user(request.user, pk)
    if not can_fill(request.user, submission):
        raise PermissionDenied
    form = BlankUploadForm(
        request.POST or None, request.FILES or None, initial={"version": submission.version}
    )
    errors: list[str] = []
    status = 200
    if not submission.is_editable_by_author:
        errors = [submission.locked_text()]
        status = 409 if request.method == "POST" else 200
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        errors = [str(p) for p in size_problems(upload.size, advice="Проверьте, что загружаете бланк.")]
        if not errors:
            try:
                result = blank.blank_upload(
                    user=request.user,
                    submission=submission,
                    data=upload.read(),
                    version=form.cleaned_data["version"],
                )
            except ImportRejected as exc:
                errors = [str(p) for p in exc.problems]
            except StaleSubmissionError as exc:
                errors = [str(exc)]
            except SubmissionLocked as exc:
                errors = list(exc.messages)
            else:
                if result.saved:
                    messages.success(
                        request,
                        f"Бланк загружен: черновик сохранён (строк с показателями — {result.filled}).",
                    )
                    return redirect("monitoring:submission", submission.pk)
                errors = result.errors
        status = 422
    return render(
        request,
        "monitoring/import_blank.html",
        {
            "submission": submission,
            "campaign": submission.campaign,
            "form": form,
            "errors": errors,
            "locked": not submission.is_editable_by_author,
            "max_size": max_upload_label(),
            "active_nav": "monitoring",
        },
        status=status,
    )


# --- File indicators -------------------------------------------------------------------------------------


@login_required
@require_POST
def file_upload(request, pk, code):
    submission = get_submission_for_user(request.user, pk)
    if not can_fill(request.user, submission):
        raise PermissionDenied
    indicator = submission.campaign.form.indicators.filter(code=code, kind=Indicator.Kind.FILE).first()
    if indicator is None:
        raise Http404
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, f"«{indicator.name}»: выберите файл.")
    elif upload.size > settings.REPORT_FILE_MAX_BYTES:
        messages.error(
            request,
            f"«{indicator.name}»: файл слишком большой, можно не больше "
            f"{settings.REPORT_FILE_MAX_BYTES // (1024 * 1024)} МБ.",
        )
    else:
        try:
            answer_file_attach(
                user=request.user,
                submission=submission,
                indicator=indicator,
                name=upload_name(upload),
                data=upload.read(),
            )
        except SubmissionLocked as exc:
            messages.error(request, exc.messages[0])
        except ValidationError as exc:
            messages.error(request, f"«{indicator.name}»: {' '.join(exc.messages)}")
        else:
            messages.success(request, f"Файл к показателю «{indicator.name}» загружен.")
    return redirect("monitoring:submission", submission.pk)


@login_required
@require_GET
def evidence_download(request, pk, evidence_pk):
    """The file with its original name, through the access check; never a public media URL."""
    submission = get_submission_for_user(request.user, pk)
    evidence = SubmissionEvidence.objects.filter(submission=submission, pk=evidence_pk).first()
    if evidence is None:
        raise Http404
    return evidence_file_response(evidence, safe_types=SAFE_TYPES)
