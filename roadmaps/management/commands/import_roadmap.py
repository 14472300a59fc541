import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from directory.models import Role
from roadmaps import import_services
from roadmaps.management.commands.parse_deadline import parse_period


def _importing_user():
    """The first superuser, else the first methodist, else nobody (created_by stays empty)."""
    users = get_user_model().objects.filter(is_active=True).order_by("pk")
    return (
        users.filter(is_superuser=True).first()
        or users.filter(roles__kind=Role.Kind.METHODIST).distinct().first()
    )


class Command(BaseCommand):
    help = (
        "Загружает дорожную карту из файла .docx, .xlsx или текста с табуляцией (.txt, .tsv) и печатает "
        'последней строкой JSON {"roadmap_id", "rows", "headings", "order_id"}.'
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="Путь к файлу .docx, .xlsx, .txt или .tsv.")
        parser.add_argument(
            "--period",
            help="Период ГГГГ-ММ-ДД:ГГГГ-ММ-ДД (по умолчанию — из документа или текущий учебный год).",
        )
        parser.add_argument("--title", default="", help="Название (по умолчанию — из документа).")

    def handle(self, *args, path, period, title, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Файл «{path}» не найден.")
        period_dates = parse_period(period) if period else None
        try:
            roadmap = import_services.roadmap_import_file(
                user=_importing_user(),
                name=file.name,
                data=file.read_bytes(),
                title=title,
                period=period_dates,
            )
        except import_services.ImportRejected as exc:
            raise CommandError(" ".join(str(p) for p in exc.problems)) from exc
        rows = list(roadmap.rows.values_list("is_heading", flat=True))
        headings = sum(rows)
        self.stdout.write(f"Создана дорожная карта «{roadmap.title}» ({roadmap.period_label}).")
        self.stdout.write(f"Строк: {len(rows)}, из них заголовков разделов: {headings}.")
        if roadmap.approving_order_id:
            self.stdout.write(
                f"Из преамбулы документа восстановлен проект приказа (id {roadmap.approving_order_id})."
            )
        self.stdout.write(
            json.dumps(
                {
                    "roadmap_id": roadmap.pk,
                    "rows": len(rows),
                    "headings": headings,
                    "order_id": roadmap.approving_order_id,
                },
                ensure_ascii=False,
            )
        )
