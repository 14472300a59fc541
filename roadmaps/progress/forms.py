"""Forms of school progress reports: the report (with files and a link), the evidence form, review, reopen.

The forms check shape only; the rules (a reason for «не выполнено», no future date, the workflow) live
in report_services and come back as ValidationErrors that `add_service_errors` puts on the fields.
Uploaded files are checked here by their content (roadmaps/filetypes.py) BEFORE anything is written,
so one bad file in a request refuses the whole request with every file's reason at once.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from . import filetypes
from .models import ProgressReport

Progress = ProgressReport.Progress

ACCEPT_ATTR = ",".join(f".{ext}" for ext in filetypes.ALLOWED_EXTENSIONS)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CheckedFilesField(forms.FileField):
    """Several uploaded files -> [(name, bytes)], each checked by its content and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"class": "form-control form-control-sm", "accept": ACCEPT_ATTR}),
        )
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        limit = settings.REPORT_FILE_MAX_BYTES
        checked, errors = [], []
        for upload in uploads:
            name = upload.name or "файл"
            if upload.size > limit:
                # Not read into memory at all; the wording is the one filetypes.check_upload uses.
                errors.append(
                    f"Файл «{name}» слишком большой: {upload.size / 1024 / 1024:.1f} МБ, "
                    f"допускается не больше {limit / 1024 / 1024:.0f} МБ."
                )
                continue
            data_bytes = upload.read()
            try:
                filetypes.check_upload(name=name, data=data_bytes, max_bytes=limit)
            except filetypes.FileRejected as exc:
                errors.append(str(exc))
                continue
            checked.append((name, data_bytes))
        if errors:
            raise ValidationError(errors)
        return checked


def _textarea(rows: int, placeholder: str = "") -> forms.Textarea:
    return forms.Textarea(
        attrs={"rows": rows, "class": "form-control form-control-sm", "placeholder": placeholder}
    )


class EvidenceForm(forms.Form):
    files = CheckedFilesField(label="Файлы (PDF, фото, документы)")
    url = forms.CharField(
        label="Ссылка",
        required=False,
        max_length=1000,
        error_messages={"max_length": "Ссылка не длиннее 1000 символов."},
        widget=forms.URLInput(
            attrs={"class": "form-control form-control-sm", "placeholder": "https://school1.ru/news/…"}
        ),
    )

    def has_evidence(self) -> bool:
        return bool(self.cleaned_data.get("files") or self.cleaned_data.get("url"))


class ReportForm(EvidenceForm):
    """The school's report as typed, with files and a link to attach in the same request."""

    progress = forms.ChoiceField(
        label="Ход выполнения",
        choices=Progress.choices,
        error_messages={"required": "Выберите ход выполнения.", "invalid_choice": "Выберите ход выполнения."},
        widget=forms.Select(attrs={"class": "form-select form-select-sm", "data-report-progress": ""}),
    )
    reason = forms.CharField(
        label="Причина невыполнения",
        required=False,
        widget=_textarea(2, "Почему мероприятие не выполнено"),
    )
    comment = forms.CharField(label="Комментарий", required=False, widget=_textarea(2, "Что сделано"))
    done_on = forms.DateField(
        label="Дата выполнения",
        required=False,
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"invalid": "Введите дату, например 15.03.2026."},
        widget=forms.DateInput(
            attrs={"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d"
        ),
    )
    # The version the user saw; empty when there was no report yet.
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    field_order = ["progress", "reason", "comment", "done_on", "files", "url", "version"]

    def clean(self):
        cleaned = super().clean()
        # The date and the reason are shown only for «выполнено» / «не выполнено»; a value left in a
        # hidden field after the progress was changed is dropped rather than refused.
        if cleaned.get("progress") != Progress.DONE:
            cleaned["done_on"] = None
        if cleaned.get("progress") != Progress.NOT_DONE:
            cleaned["reason"] = ""
        return cleaned

    @classmethod
    def for_report(cls, report: ProgressReport | None, **kwargs) -> ReportForm:
        if report is None:
            return cls(initial={"progress": Progress.NOT_STARTED}, **kwargs)
        initial = {
            "progress": report.progress,
            "reason": report.reason,
            "comment": report.comment,
            "done_on": report.done_on,
            "version": report.version,
        }
        return cls(initial=initial, **kwargs)

    def report_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("progress", "reason", "comment", "done_on")}

    def typed(self) -> dict:
        """What the user typed, as strings (for the conflict form)."""
        return {name: self.data.get(name, "") for name in ("progress", "reason", "comment", "done_on", "url")}


class ReviewForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("accept", "Принять"), ("return", "Вернуть на доработку")],
        error_messages={"required": "Не указано действие.", "invalid_choice": "Неизвестное действие."},
    )
    comment = forms.CharField(
        label="Комментарий методиста",
        required=False,
        widget=_textarea(3, "Что исправить (обязательно, если возвращаете)"),
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Причина повторного открытия",
        required=False,
        widget=_textarea(2, "Почему принятый отчёт открывается снова"),
    )
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


def add_service_errors(
    form: forms.Form, error: ValidationError, aliases: dict[str, str] | None = None
) -> None:
    """A service's ValidationError onto the form: by field where the form has it, else on top."""
    aliases = aliases or {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = aliases.get(name, name)
            form.add_error(target if target in form.fields and target != NON_FIELD_ERRORS else None, errors)
    else:
        form.add_error(None, error)
