"""Things a person must do that other apps own, shown in «Мои задачи» (roadmaps renders them).

A feature app registers a source in its AppConfig.ready():

    from notifications.task_sources import TaskSource, register_task_source
    register_task_source(TaskSource(name="associations.decisions", label="Решения заседаний МО",
                                    items=lambda user, today: [...], visible=lambda scope: ...))

`items(user, today)` returns the user's open TaskItems in ONE query whatever their number (the page's
query count stays constant); `visible(scope)` says, from the directory's UserScope alone (no query),
whether the user may have such tasks: the «Мои задачи» entry is shown to them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TaskItem:
    title: str  # what to do
    deadline: dt.date | None
    context: str = ""  # where it comes from: «РМО учителей математики, заседание 12.10.2026»
    url: str = ""  # the page of the thing
    overdue: bool = False
    done_url: str = ""  # a POST here marks it done («Выполнено»); "" → no button
    key: str = ""  # unique on the page (the DOM id)


@dataclass(frozen=True)
class TaskSource:
    name: str
    label: str  # the block's heading in «Мои задачи»
    items: Callable[[Any, dt.date], list[TaskItem]]
    visible: Callable[[Any], bool] = lambda scope: True


_SOURCES: dict[str, TaskSource] = {}


def register_task_source(source: TaskSource) -> None:
    """Add a source; the same name again replaces it (safe on reloads)."""
    _SOURCES[source.name] = source


def unregister_task_source(name: str) -> None:
    _SOURCES.pop(name, None)


def task_sources() -> list[TaskSource]:
    return list(_SOURCES.values())


@dataclass(frozen=True)
class TaskBlock:
    label: str
    items: list[TaskItem]


def task_blocks(user, scope, today: dt.date) -> list[TaskBlock]:
    """The non-empty blocks of the sources visible to the user (one query per visible source)."""
    blocks = []
    for source in _SOURCES.values():
        if source.visible(scope):
            items = source.items(user, today)
            if items:
                blocks.append(TaskBlock(source.label, items))
    return blocks


def any_visible(scope) -> bool:
    return any(source.visible(scope) for source in _SOURCES.values())
