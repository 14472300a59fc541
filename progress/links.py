"""Work that a feature app did for a roadmap row, shown on the row: a registry.

A feature app (monitoring: a campaign ordered by a roadmap item) registers a provider in its
AppConfig.ready(); roadmaps asks `row_work(row_ids)` once per page and shows each line
(«Мониторинг: … — принято N из M») under the row. Neither app imports the other: both come here.

A provider takes the row ids and answers {row_id: [LinkedWork, …]} for the rows it knows, in one
query (or a constant number) whatever the number of rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class LinkedWork:
    label: str  # «Мониторинг: Мониторинг деятельности ШМО»
    url: str
    done: int  # «принято N …»
    total: int  # «… из M»
    done_label: str = "принято"

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.total) if self.total else None


RowWorkProvider = Callable[[list[int]], dict[int, list[LinkedWork]]]

_providers: dict[str, RowWorkProvider] = {}


def _key(provider: RowWorkProvider) -> str:
    return f"{provider.__module__}.{provider.__qualname__}"


def register_row_work(provider: RowWorkProvider) -> None:
    """Register (or replace, so a re-run ready() is harmless) a provider of linked work."""
    _providers[_key(provider)] = provider


def unregister_row_work(provider: RowWorkProvider) -> None:
    _providers.pop(_key(provider), None)


def row_work(row_ids: Iterable[int]) -> dict[int, list[LinkedWork]]:
    """Row id -> the work linked to it by every registered provider (rows without any are absent)."""
    ids = sorted({int(pk) for pk in row_ids if pk is not None})
    found: dict[int, list[LinkedWork]] = {}
    if not ids:
        return found
    for provider in list(_providers.values()):
        for row_id, items in provider(ids).items():
            found.setdefault(row_id, []).extend(items)
    return found
