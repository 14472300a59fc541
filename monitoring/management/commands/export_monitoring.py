import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from monitoring import exporters
from monitoring.models import Campaign


class Command(BaseCommand):
    help = "Выгружает сводную таблицу кампании мониторинга (номер из import_monitoring) в JSON или XLSX."

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help="Номер кампании мониторинга.")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json")
        parser.add_argument("-o", "--output", required=True, help="Куда записать файл.")

    def handle(self, *args, id, format, output, **options):
        campaign = Campaign.objects.filter(pk=id).select_related("form").first()
        if campaign is None:
            raise CommandError(f"Кампании мониторинга с номером {id} нет.")
        path = Path(output)
        if format == "json":
            path.write_text(
                json.dumps(exporters.export_json(campaign), ensure_ascii=False, indent=2), encoding="utf-8"
            )
        else:
            with path.open("wb") as file:
                exporters.export_xlsx(campaign, file)
        self.stdout.write(f"Записан файл {path}.")
