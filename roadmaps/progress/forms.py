"""Forms of school progress reports: the report (with files and a link), the evidence form, review, reopen;
and of the district's progress views: assignment of items to schools and the filters of the grid and queue.

The forms check shape only; the rules (a reason for «не выполнено», no future date, the workflow) live in
roadmaps/progress/services.py and come back as ValidationErrors that `add_service_errors` puts on fields.
Uploaded files are checked here by their content (core/filetypes.py) BEFORE anything is written,
so one bad file in a request refuses the whole request with every file's reason at once.
"""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe

from core import filetypes
from directory.filters import DATE_INPUT_FORMATS
from directory.models import Organization

from ..models import ProgressReport, RoadmapRow
from .selectors import ALL, FILTER_STATUSES, organization_order

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


# --- The district's progress views ---------------------------------------------------------------------

Scope = RoadmapRow.ReportScope


def assignable_organizations() -> list[Organization]:
    """Who can be chosen: schools and other educational organizations, not the district bodies."""
    organizations = Organization.objects.exclude(kind__in=Organization.DISTRICT_KINDS).only(
        "id", "short_name", "name", "kind"
    )
    return sorted(organizations, key=organization_order)


class AssignForm(forms.Form):
    """«Все школы» / «Выбранные школы» / «Без отчётов школ». The schools are given, in display order."""

    scope = forms.ChoiceField(
        label="Кто отчитывается",
        widget=forms.RadioSelect,
        error_messages={"required": "Выберите, кто отчитывается.", "invalid_choice": "Выберите вариант."},
    )
    schools = forms.MultipleChoiceField(
        label="Школы",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Такой организации нет в списке; обновите страницу."},
    )

    def __init__(self, *args, organizations: Sequence[Organization], **kwargs):
        super().__init__(*args, **kwargs)
        self.organizations = list(organizations)
        self._by_pk = {str(o.pk): o for o in self.organizations}
        self.school_count = sum(1 for o in self.organizations if o.kind == Organization.Kind.SCHOOL)
        self.fields["scope"].choices = [
            (Scope.ALL, f"Все школы ({self.school_count})"),
            (Scope.SELECTED, "Выбранные школы"),
            (Scope.NONE, "Без отчётов школ (работа кабинета)"),
        ]
        self.fields["schools"].choices = [(str(o.pk), o.short_name) for o in self.organizations]

    def clean(self):
        data = super().clean()
        if data.get("scope") == Scope.SELECTED and not data.get("schools") and "schools" not in self.errors:
            self.add_error("schools", "Выберите хотя бы одну школу.")
        return data

    @property
    def chosen(self) -> list[Organization]:
        """The chosen organizations (only for «Выбранные школы»)."""
        if self.cleaned_data.get("scope") != Scope.SELECTED:
            return []
        return [self._by_pk[pk] for pk in self.cleaned_data.get("schools", [])]

    def school_options(self):
        """(organization, checked) for the template's own checkbox list."""
        if self.is_bound:
            checked = set(self.data.getlist("schools")) if hasattr(self.data, "getlist") else set()
        else:
            checked = {str(pk) for pk in self.initial.get("schools", [])}
        return [(o, str(o.pk) in checked) for o in self.organizations]

    @property
    def current_scope(self) -> str:
        return self.data.get("scope", "") if self.is_bound else self.initial.get("scope", "")


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d", attrs={"class": "form-control form-control-sm"})


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select form-select-sm"})


class _QuickSelect(forms.Select):
    """A select written in Python, not through a template per option: the grid's lists of sections and
    schools run to a hundred options and more, and the grid is opened all day long."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) in chosen else ""}>'
            f"{escape(label)}</option>"
            for key, label in self.choices
        )
        attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{attrs}>{options}</select>')  # every text escaped


def _quick_select() -> forms.Select:
    return _QuickSelect(attrs={"class": "form-select form-select-sm"})


class GridFilterForm(forms.Form):
    """Filters of the grid (GET). Choices come from the roadmap's own headings and columns.

    section: a heading's pk, «all» (every section, page by page) or nothing (the page chooses).
    """

    section = forms.ChoiceField(
        label="Раздел",
        required=False,
        error_messages={"invalid_choice": "Такого раздела в этой карте нет — показан раздел по умолчанию."},
    )
    status = forms.ChoiceField(label="Статус", required=False)
    school = forms.TypedChoiceField(label="Школа", required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(label="Сроки с", required=False, input_formats=DATE_INPUT_FORMATS)
    date_to = forms.DateField(label="по", required=False, input_formats=DATE_INPUT_FORMATS)

    def __init__(
        self, *args, sections: Sequence[tuple[int, str]], organizations: Sequence[Organization], **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [(ALL, "Все разделы"), *sections]
        self.fields["status"].choices = [("", "Любой статус"), *FILTER_STATUSES]
        self.fields["school"].choices = [("", "Все школы"), *[(o.pk, o.short_name) for o in organizations]]
        for name in ("section", "status", "school"):
            self.fields[name].widget = _quick_select()
            self.fields[name].widget.choices = self.fields[name].choices
        for name in ("date_from", "date_to"):
            self.fields[name].widget = _DateInput()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "Конец периода раньше начала.")
        return data

    def values(self) -> dict:
        """The valid filters (an invalid one is ignored and shown with its error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        values = {
            name: data.get(name) or None
            for name in ("section", "status", "school", "date_from", "date_to")
            if name not in self.errors
        }
        if values.get("section") not in (None, ALL):
            values["section"] = int(values["section"])
        return values


class ReviewFilterForm(forms.Form):
    roadmap = forms.TypedChoiceField(label="Дорожная карта", required=False, coerce=int, empty_value=None)
    school = forms.TypedChoiceField(label="Школа", required=False, coerce=int, empty_value=None)

    def __init__(
        self,
        *args,
        roadmaps: Sequence[tuple[int, str]],
        organizations: Sequence[Organization],
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["roadmap"].choices = [("", "Все дорожные карты"), *roadmaps]
        self.fields["school"].choices = [("", "Все школы"), *[(o.pk, o.short_name) for o in organizations]]
        for name in ("roadmap", "school"):
            self.fields[name].widget = _select()
            self.fields[name].widget.choices = self.fields[name].choices

    def values(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in ("roadmap", "school") if name not in self.errors}
