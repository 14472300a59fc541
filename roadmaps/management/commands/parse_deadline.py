import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from roadmaps.deadlines import academic_year_of, parse_deadline


def parse_period(value: str) -> tuple[date, date]:
    try:
        start_text, end_text = value.split(":")
        start, end = date.fromisoformat(start_text), date.fromisoformat(end_text)
    except ValueError as exc:
        raise CommandError(f"Период «{value}» не понят: ожидается ГГГГ-ММ-ДД:ГГГГ-ММ-ДД.") from exc
    if end < start:
        raise CommandError("Конец периода раньше его начала.")
    return start, end


class Command(BaseCommand):
    help = "Разбирает текст срока и печатает JSON {kind, due} последней строкой."

    def add_arguments(self, parser):
        parser.add_argument("text", help="Текст срока, например «Ежемесячно» или «до 30 сентября».")
        parser.add_argument(
            "--period",
            help="Период дорожной карты ГГГГ-ММ-ДД:ГГГГ-ММ-ДД (по умолчанию — текущий учебный год).",
        )

    def handle(self, *args, text, period, **options):
        start, end = parse_period(period) if period else academic_year_of(timezone.localdate())
        schedule = parse_deadline(text, start, end)
        if schedule.note:
            self.stderr.write(schedule.note)
        self.stdout.write(json.dumps(schedule.as_json(), ensure_ascii=False))
