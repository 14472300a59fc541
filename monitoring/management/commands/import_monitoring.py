import datetime as dt
import json
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from monitoring import importer

_YEAR_RE = re.compile(r"^(\d{4})(?:\s*[-–/]\s*(\d{2}|\d{4}))?$")


def parse_year(text: str | None, *, today: dt.date | None = None) -> int:
    """«2024-2025» (or «2024») → 2024; by default the current academic year (from September)."""
    if not text:
        today = today or timezone.localdate()
        return today.year if today.month >= 9 else today.year - 1
    match = _YEAR_RE.match(text.strip())
    if not match:
        raise CommandError(f"Учебный год «{text}» не понят: укажите его как 2024-2025.")
    start = int(match.group(1))
    end = match.group(2)
    if end and int(end[-2:]) != (start + 1) % 100:
        raise CommandError(f"Учебный год «{text}»: второй год должен следовать за первым (2024-2025).")
    return start


class Command(BaseCommand):
    help = (
        "Загружает сводную таблицу мониторинга (.xlsx: строки — организации, столбцы — показатели) "
        "и печатает "
        'последней строкой JSON {"monitoring_id", "indicators", "schools", "unmatched"}; monitoring_id — '
        "номер кампании (для export_monitoring)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Путь к файлу .xlsx.")
        parser.add_argument(
            "--title", default="", help="Название формы (по умолчанию — из первой строки листа)."
        )
        parser.add_argument(
            "--year", default="", help="Учебный год, например 2024-2025 (по умолчанию — текущий)."
        )

    def handle(self, *args, path, title, year, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Файл «{path}» не найден.")
        start = parse_year(year)
        try:
            result = importer.import_summary(
                data=file.read_bytes(), title=title, year=start, file_name=file.name
            )
        except importer.ImportRejected as exc:
            raise CommandError(" ".join(str(p) for p in exc.problems)) from exc
        campaign = result.campaign
        self.stdout.write(f"Создана кампания «{campaign.title}» (номер {campaign.pk}).")
        self.stdout.write(f"Показателей: {result.indicators}, организаций: {result.schools}.")
        self.stdout.write(
            json.dumps(
                {
                    "monitoring_id": campaign.pk,
                    "indicators": result.indicators,
                    "schools": result.schools,
                    "unmatched": [],
                },
                ensure_ascii=False,
            )
        )
