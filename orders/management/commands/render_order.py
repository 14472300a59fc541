from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from orders import services
from orders.models import Order


class Command(BaseCommand):
    help = (
        "Записывает PDF приказа с приложениями: подписанного — архивный файл байт в байт, "
        "проекта — только что собранный."
    )

    def add_arguments(self, parser):
        parser.add_argument("id", type=int, help="Номер (id) приказа.")
        parser.add_argument("-o", "--output", required=True, help="Куда записать PDF.")

    def handle(self, *args, id, output, **options):
        order = Order.objects.select_related("issuer").filter(pk=id).first()
        if order is None:
            raise CommandError(f"Приказа с номером (id) {id} нет.")
        try:
            data = services.order_pdf(order=order)
        except (services.ArchiveDamaged, services.ArchivePending) as exc:
            raise CommandError(str(exc)) from exc
        target = Path(output)
        try:
            target.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"Не удалось записать «{output}»: {exc.strerror}.") from exc
        kind = f"подписанный приказ {order.number_label}" if order.was_signed else "проект приказа"
        self.stdout.write(f"Записано: {target} ({len(data)} байт, {kind}).")
