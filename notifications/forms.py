"""Forms of the notifications app."""

from __future__ import annotations

from django import forms


class ReminderPreferenceForm(forms.Form):
    # The person's notification settings: the deadline digest, letters about events, reminder days.
    email_digest = forms.BooleanField(
        label="Присылать ежедневную сводку сроков на почту",
        required=False,
        help_text="Если выключено, напоминания приходят только в «Уведомления» в системе.",
    )
    email_notices = forms.BooleanField(
        label="Присылать на почту уведомления о событиях",
        required=False,
        help_text="Отчёты, согласования и другие уведомления. Если выключено — только в «Уведомлениях».",
    )
    days_before = forms.CharField(
        label="Напоминать за … дней до срока",
        required=False,
        help_text=(
            "Числа через запятую, от 1 до 60, например «7, 1». Пусто — только в день срока и после него."
        ),
        widget=forms.TextInput(attrs={"placeholder": "7, 1"}),
    )

    def clean_days_before(self) -> list[int]:
        text = self.cleaned_data["days_before"].replace(";", ",")
        days = []
        for part in filter(None, (p.strip() for p in text.split(","))):
            if not part.isdigit() or not 1 <= int(part) <= 60:
                raise forms.ValidationError(f"«{part}» — не число дней от 1 до 60.")
            days.append(int(part))
        return sorted(set(days), reverse=True)
