from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from roadmaps import exporters
from roadmaps.models import Roadmap


class Command(BaseCommand):
    help = (
        "Выгружает дорожную карту в JSON (строки как в *.rows.json), в книгу Excel или в PDF "
        "(таблица с оформлением приказов)."
    )

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help="Номер (id) дорожной карты.")
        parser.add_argument("--format", choices=["json", "xlsx", "pdf"], default="json", dest="fmt")
        parser.add_argument("-o", "--output", required=True, help="Куда записать файл.")

    def handle(self, *args, id, fmt, output, **options):
        roadmap = Roadmap.objects.filter(pk=id).first()
        if roadmap is None:
            raise CommandError(f"Дорожной карты с номером {id} нет.")
        content = None
        if fmt == "pdf":
            from roadmaps.order_services import roadmap_pdf

            content = roadmap_pdf(roadmap=roadmap)
        elif fmt == "json":
            content = exporters.export_json(roadmap)
        target = Path(output)
        try:
            if content is None:  # XLSX: the rows streamed from the database straight into the file
                with target.open("wb") as file:
                    exporters.write_xlsx(roadmap, file)
            else:
                target.write_bytes(content)
        except OSError as exc:
            raise CommandError(f"Не удалось записать «{output}»: {exc.strerror}.") from exc
        self.stdout.write(f"Записано: {target} ({target.stat().st_size} байт).")
