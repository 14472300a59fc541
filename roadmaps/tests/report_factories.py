"""An approved roadmap with items assigned to schools, built through the real services."""

from roadmaps import services
from roadmaps.models import Roadmap
from roadmaps.progress import services as report_services
from roadmaps.services import RowData

from .factories import make_roadmap

DIRECTORS = "Руководители ОО"
REPORT_ROWS = [
    RowData(number="1.", activity="Работа ШМО", is_heading=True),
    RowData(
        number="1.1.",
        activity="Заседания ШМО",
        deadline_text="1 раз в четверть",
        responsible_text="Руководители ОО",
    ),
    RowData(
        number="1.2.",
        activity="Отчёт о работе ШМО",
        deadline_text="Май 2023 г.",
        responsible_text="Руководители ОО",
    ),
    RowData(number="2.", activity="Работа кабинета", is_heading=True),
    RowData(
        number="2.1.",
        activity="Мониторинг ШМО",
        deadline_text="Июнь 2023 г.",
        responsible_text="Волкова Е.В.",
    ),
]


def approved_roadmap_for_schools(*, user, district):
    """Section 1 assigned to all schools; section 2 is the office's own work."""
    roadmap = make_roadmap(
        user=user, organization=district["method_office"], rows=REPORT_ROWS, status=Roadmap.Status.APPROVED
    )
    heading = roadmap.rows.get(number="1.")
    report_services.row_assign(user=user, row=heading, scope="all")
    return roadmap


def item(roadmap, number):
    return roadmap.rows.get(number=number)


def first_occurrence(roadmap, number):
    return item(roadmap, number).occurrences.order_by("due_date").first()


__all__ = ["approved_roadmap_for_schools", "first_occurrence", "item", "services"]
