"""Forms of the directory and accounts."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import ValidationError
from django.template import loader
from django.utils import timezone

from core.web import XLSX_CONTENT_TYPE

from . import selectors
from .mail import send_account_mail
from .models import Organization, Person, Subject


class QueuedPasswordResetForm(PasswordResetForm):
    """Password reset whose email goes through the outgoing queue (sent by a Celery worker)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        text = loader.render_to_string(email_template_name, context)
        html = loader.render_to_string(html_email_template_name, context) if html_email_template_name else ""
        send_account_mail(to=to_email, subject=subject, text=text, html=html)


# --- Directory ------------------------------------------------------------------------------------


class OrganizationForm(forms.ModelForm):
    """An organization card. The head is chosen among the organization's own staff."""

    class Meta:
        model = Organization
        fields = ["name", "short_name", "kind", "address", "phone", "email", "head"]
        help_texts = {
            "short_name": "Так организация называется в списках, приказах и в файлах импорта.",
        }

    def __init__(self, *args, can_change_kind: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            head = self.fields["head"]
            head.queryset = selectors.organization_head_choices(organization=self.instance)
            head.empty_label = "— не назначен —"
            head.help_text = "Руководителем может быть только сотрудник этой организации."
        else:
            del self.fields["head"]  # a new organization has no staff yet
        if not can_change_kind:
            self.fields["kind"].disabled = True
            self.fields["kind"].help_text = "Тип организации меняет методист."


class PersonForm(forms.ModelForm):
    """A staff card. Subjects are picked from the list; new ones may be typed in, comma-separated."""

    new_subjects = forms.CharField(
        label="Новые предметы (через запятую)",
        required=False,
        max_length=1000,
        help_text="Если предмета нет в списке: например, «Астрономия, Черчение». Он добавится в справочник.",
    )

    field_order = [
        "last_name",
        "first_name",
        "patronymic",
        "position",
        "organization",
        "subjects",
        "new_subjects",
        "category",
        "category_date",
        "teaching_since",
        "attestation_planned_year",
        "education_institution",
        "education_year",
        "email",
        "phone",
        "personal_number",
        "birth_date",
    ]

    class Meta:
        model = Person
        fields = [
            "last_name",
            "first_name",
            "patronymic",
            "position",
            "organization",
            "subjects",
            "category",
            "teaching_since",
            "education_institution",
            "education_year",
            "email",
            "phone",
            "personal_number",
            "birth_date",
        ]
        widgets = {
            "teaching_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "category_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "subjects": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["organization"].empty_label = "— выберите организацию —"
        subjects = self.fields["subjects"]
        subjects.queryset = selectors.subject_choices()
        subjects.required = False
        subjects.help_text = "Чтобы выбрать несколько предметов, удерживайте Ctrl (на Mac — Cmd)."
        since = self.fields["teaching_since"]
        since.input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
        since.error_messages["invalid"] = "Неправильная дата. Укажите существующие день, месяц и год."
        born = self.fields["birth_date"]
        born.input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
        born.error_messages["invalid"] = "Неправильная дата. Укажите существующие день, месяц и год."

    def clean_teaching_since(self):
        value = self.cleaned_data.get("teaching_since")
        if value and value > timezone.localdate():
            raise ValidationError("Дата начала педагогической деятельности не может быть в будущем.")
        return value

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value and value > timezone.localdate():
            raise ValidationError("Дата рождения не может быть в будущем.")
        return value

    def clean_education_year(self):
        value = self.cleaned_data.get("education_year")
        this_year = timezone.localdate().year
        if value is not None and not 1940 <= value <= this_year:
            raise ValidationError(f"Год окончания — четыре цифры, от 1940 до {this_year}.")
        return value

    def clean_new_subjects(self) -> list[str]:
        text = self.cleaned_data.get("new_subjects") or ""
        names = [" ".join(part.split()) for part in text.replace(";", ",").split(",")]
        names = [name for name in names if name]
        too_long = [name for name in names if len(name) > Subject._meta.get_field("name").max_length]
        if too_long:
            raise ValidationError(f"Слишком длинное название предмета: «{too_long[0][:40]}…».")
        return names

    def person_data(self) -> dict:
        """Cleaned data for services.person_save."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name != "subjects"}


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Файл Excel (.xlsx)",
        help_text=(
            "Заполненный шаблон справочника. Перед сохранением вы увидите, что будет создано и изменено."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": f".xlsx,{XLSX_CONTENT_TYPE}"}),
    )
