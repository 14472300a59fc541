"""Import of Word/Excel/pasted roadmaps (upload → preview → confirm) and export to XLSX/JSON/PDF."""

from __future__ import annotations

from functools import partial

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.web import (
    DOCX_CONTENT_TYPE,
    PDF_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    file_response,
    streamed_file_response,
)
from directory.access import role_required
from directory.models import Role

from .. import exporters, import_services, order_services
from ..access import get_roadmap_for_user
from ..models import RoadmapImport

_DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_ACCEPT = f".docx,.xlsx,{DOCX_CONTENT_TYPE},{XLSX_CONTENT_TYPE}"


class _PeriodMixin:
    def clean_period(self, cleaned: dict, *, required: bool) -> None:
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if (start is None) != (end is None):
            missing = "period_end" if end is None else "period_start"
            if missing not in self.errors:
                self.add_error(missing, "Укажите и начало, и конец периода — или ни того, ни другого.")
        elif start and end and end < start:
            self.add_error("period_end", "Конец периода не может быть раньше начала.")
        elif required and start is None and not self.errors:
            self.add_error("period_start", "Укажите период.")


class ImportUploadForm(_PeriodMixin, forms.Form):
    file = forms.FileField(
        label="Документ Word (.docx) или книга Excel (.xlsx)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": _ACCEPT}),
    )
    text = forms.CharField(
        label="…или таблица, скопированная из Word или Excel",
        required=False,
        strip=False,
        widget=forms.Textarea(
            attrs={
                "rows": 8,
                "placeholder": "№\tМероприятие\tСроки\tОтветственные\n1\tСеминар для руководителей ШМО\t"
                "1 раз в четверть\tМетодисты",
                "spellcheck": "false",
            }
        ),
    )
    title = forms.CharField(
        label="Название",
        required=False,
        max_length=1000,
        help_text="Если не указать, возьмём из документа (строка «Дорожная карта …» над таблицей).",
    )
    period_start = forms.DateField(label="Начало периода", required=False, widget=_DATE_WIDGET)
    period_end = forms.DateField(
        label="Конец периода",
        required=False,
        widget=_DATE_WIDGET,
        help_text="Если не указать, определим по названию («на 2022-2023 учебный год») или по срокам.",
    )

    def clean(self):
        cleaned = super().clean()
        has_file = bool(cleaned.get("file"))
        has_text = bool((cleaned.get("text") or "").strip())
        if has_file and has_text:
            raise ValidationError("Загрузите файл или вставьте текст — что-то одно.")
        if not has_file and not has_text and "file" not in self.errors:
            raise ValidationError(
                "Выберите файл с дорожной картой или вставьте её таблицу, скопированную из Word или Excel."
            )
        self.clean_period(cleaned, required=False)
        return cleaned

    @property
    def period(self):
        start, end = self.cleaned_data.get("period_start"), self.cleaned_data.get("period_end")
        return (start, end) if start and end else None


class ImportDetailsForm(_PeriodMixin, forms.Form):
    title = forms.CharField(label="Название", max_length=1000)
    period_start = forms.DateField(label="Начало периода", widget=_DATE_WIDGET)
    period_end = forms.DateField(label="Конец периода", widget=_DATE_WIDGET)

    def clean(self):
        cleaned = super().clean()
        self.clean_period(cleaned, required=True)
        return cleaned


@role_required(Role.Kind.METHODIST)
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            roadmap_import = import_services.roadmap_import_create(
                user=request.user,
                upload=upload or None,
                text=None if upload else form.cleaned_data["text"],
                title=form.cleaned_data.get("title", ""),
                period=form.period,
            )
        except import_services.ImportRejected as exc:
            problems = exc.problems
        else:
            return redirect("roadmaps:import_preview", pk=roadmap_import.pk)
    context = {
        "active_nav": "roadmaps",
        "form": form,
        "problems": problems,
        "recent": import_services.recent_imports(user=request.user),
        "max_size": import_services.max_upload_label(),
    }
    return render(request, "roadmaps/import_upload.html", context)


@role_required(Role.Kind.METHODIST)
def import_preview(request, pk):
    roadmap_import = import_services.roadmap_import_for_user(user=request.user, pk=pk)
    pending = roadmap_import.status == RoadmapImport.Status.PENDING
    preview = import_services.import_preview(roadmap_import.payload)
    if request.method == "POST":
        if not pending:
            messages.warning(request, "Этот документ уже загружен; изменить его нельзя.")
            return redirect("roadmaps:import_preview", pk=pk)
        form = ImportDetailsForm(request.POST)
        if form.is_valid():
            try:
                import_services.roadmap_import_update(
                    roadmap_import=roadmap_import,
                    title=form.cleaned_data["title"],
                    period=(form.cleaned_data["period_start"], form.cleaned_data["period_end"]),
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, "Название и период изменены; сроки перечитаны для нового периода.")
                return redirect("roadmaps:import_preview", pk=pk)
    else:
        start, end = preview.period
        form = ImportDetailsForm(initial={"title": preview.title, "period_start": start, "period_end": end})
    context = {
        "active_nav": "roadmaps",
        "roadmap_import": roadmap_import,
        "pending": pending,
        "preview": preview,
        "counts": preview.counts,
        "form": form,
        "issuer_offer": pending
        and import_services.header_issuer_offer(user=request.user, payload=roadmap_import.payload),
    }
    return render(request, "roadmaps/import_preview.html", context, status=400 if form.errors else 200)


@require_POST
@role_required(Role.Kind.METHODIST)
def import_confirm(request, pk):
    roadmap_import = import_services.roadmap_import_for_user(user=request.user, pk=pk)
    try:
        roadmap = import_services.roadmap_import_apply(
            roadmap_import=roadmap_import,
            user=request.user,
            create_issuer=request.POST.get("create_issuer") == "1",
        )
    except import_services.ImportAlreadyApplied:
        if roadmap_import.roadmap_id:
            messages.info(request, "Этот документ уже загружен — открыта созданная из него дорожная карта.")
            return redirect("roadmaps:detail", pk=roadmap_import.roadmap_id)
        messages.warning(request, "Этот документ уже загружен; повторно создать дорожную карту нельзя.")
        return redirect("roadmaps:import_preview", pk=pk)
    except import_services.ImportRejected as exc:
        details = "; ".join(str(p) for p in exc.problems[:5])
        messages.error(request, f"Ничего не сохранено: {details}")
        return redirect("roadmaps:import_preview", pk=pk)
    rows = roadmap_import.payload.get("rows", [])
    headings = sum(1 for r in rows if r["heading"])
    messages.success(
        request,
        f"Дорожная карта «{roadmap.title}» создана (черновик): мероприятий {len(rows) - headings}, "
        f"разделов {headings}.",
    )
    return redirect("roadmaps:detail", pk=roadmap.pk)


@login_required
def export(request, pk, fmt):
    roadmap = get_roadmap_for_user(request.user, pk)
    if fmt == "xlsx":
        # Written row by row from the database into a temporary file, sent from there.
        return streamed_file_response(
            partial(exporters.write_xlsx, roadmap),
            content_type=XLSX_CONTENT_TYPE,
            filename=exporters.export_filename(roadmap, fmt),
        )
    if fmt == "json":
        content, content_type = exporters.export_json(roadmap), exporters.JSON_CONTENT_TYPE
    elif fmt == "pdf":
        # The roadmap alone in the layout of an order's appendix (as `export_roadmap --format pdf`).
        content, content_type = order_services.roadmap_pdf(roadmap=roadmap), PDF_CONTENT_TYPE
    else:
        raise Http404("Такого формата выгрузки нет.")
    filename = exporters.export_filename(roadmap, fmt)
    return file_response(content, content_type=content_type, filename=filename)
