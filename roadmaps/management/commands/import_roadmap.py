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
        parser.add_argument(
            "--create-issuer",
            action="store_true",
            help=(
                "Если в справочнике нет методического кабинета: создать организацию из шапки документа "
                "(или найти её по наименованию) и вести карту от её имени."
            ),
        )

    def handle(self, *args, path, period, title, create_issuer=False, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"Файл «{path}» не найден.")
        period_dates = parse_period(period) if period else None
        user = _importing_user()
        from_header = create_issuer and import_services.issuing_organization(user) is None
        try:
            roadmap = import_services.roadmap_import_file(
                user=user,
                name=file.name,
                data=file.read_bytes(),
                title=title,
                period=period_dates,
                create_issuer=create_issuer,
            )
        except import_services.ImportRejected as exc:
            message = " ".join(str(p) for p in exc.problems)
            if not create_issuer and import_services.NO_ISSUER_MESSAGE in message:
                message += " Или запустите с --create-issuer: организация будет взята из шапки документа."
            raise CommandError(message) from exc
        rows = list(roadmap.rows.values_list("is_heading", flat=True))
        headings = sum(rows)
        self.stdout.write(f"Создана дорожная карта «{roadmap.title}» ({roadmap.period_label}).")
        self.stdout.write(f"Строк: {len(rows)}, из них заголовков разделов: {headings}.")
        if from_header:
            self.stdout.write(
                f"Карта ведётся от имени организации из шапки документа: «{roadmap.organization.name}»."
            )
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
