"""What the orders app tells people about a project's review, through notifications.notify().

The notice kinds are registered in OrdersConfig.ready(); the letters carry absolute links and reach
the inbox too.
"""

from __future__ import annotations

from directory.models import Person
from notifications.services import notify
from orders.models import Order


def order_email(*, event: str, order: Order, person: Person, comment: str = "") -> None:
    """Tell about a review event: "review_requested" (the approver `person`) or "rejected" (the
    project's author, with `person`'s comment)."""
    if event == "review_requested":
        notify(
            recipients=[person.user_id],
            kind="order_review",
            title=f"Согласование проекта приказа «{order.heading}»",
            body=f"Просим согласовать проект приказа «{order.heading}».",
            url=order.get_absolute_url(),
        )
    elif event == "rejected":
        notify(
            recipients=[order.created_by_id],
            kind="order_rejected",
            title=f"Проект приказа «{order.heading}» возвращён на доработку",
            body=f"{person.short_name}: {comment}",
            url=order.get_absolute_url(),
        )
    else:
        raise ValueError(f"unknown order e-mail event {event!r}")
