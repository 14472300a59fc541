import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.reminders import reminders_scan


class Command(BaseCommand):
    help = (
        "Запускает проверку сроков сейчас (тот же код, что и у периодической задачи) и печатает "
        'последней строкой JSON {"sent": N, "skipped": N}. '
        "Повторный запуск за тот же день ничего не отправляет."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Дата проверки ГГГГ-ММ-ДД (по умолчанию — сегодня).")

    def handle(self, *args, today=None, **options):
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"Дата «{today}» не понята: ожидается ГГГГ-ММ-ДД.") from exc
        result = reminders_scan(today=day)
        self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
