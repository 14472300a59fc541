"""Every e-mail the orders app sends, in one place (the notifications app's notify() replaces it)."""

from __future__ import annotations

from directory.models import Person
from orders.models import (
    Order,
)


def order_email(*, event: str, order: Order, person: Person, comment: str = "") -> None:
    """Queue the e-mail of a review event: "review_requested" (to the approver `person`) or "rejected"
    (to the project's author, with `person`'s comment)."""
    from notifications.services import email_enqueue

    if event == "review_requested":
        address = person.email or (person.user.email if person.user_id else "")
        if address:
            email_enqueue(
                to=address,
                subject=f"Согласование проекта приказа «{order.heading}»",
                text=(
                    f"Здравствуйте, {person.first_name} {person.patronymic}.\n\n"
                    f"Просим согласовать проект приказа «{order.heading}».\n"
                    f"Открыть проект: {order.get_absolute_url()}\n"
                ),
            )
    elif event == "rejected":
        author = order.created_by
        if author is not None and author.email:
            email_enqueue(
                to=author.email,
                subject=f"Проект приказа «{order.heading}» возвращён на доработку",
                text=f"{person.short_name}: {comment}\n\nОткрыть проект: {order.get_absolute_url()}\n",
            )
    else:
        raise ValueError(f"unknown order e-mail event {event!r}")
