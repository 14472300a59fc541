"""The common parts of every file import (upload → preview → confirm): problems, rejections, limits.

An import refuses a file whole, storing nothing, when anything in it is wrong, and says each problem
so that the user can find the cell: «Лист «Сотрудники», строка 5, столбец «Должность»: …».
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with the file, said so that the user can find the cell."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(f"Лист «{self.sheet}»")
        if self.row:
            where.append(f"строка {self.row}")
        if self.column:
            where.append(f"столбец «{self.column}»")
        if where:
            return f"{', '.join(where)}: {self.message}"
        return self.message[:1].upper() + self.message[1:]


class ImportRejected(Exception):
    """The file or the import cannot be applied; `problems` say where and why."""

    def __init__(self, problems: Iterable[ImportProblem]):
        problems = list(problems)
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class ImportAlreadyApplied(Exception):
    """The pending import was confirmed before (a second click, a second tab)."""


def rejected(message: str) -> ImportRejected:
    """A rejection with one problem that belongs to no cell."""
    return ImportRejected([ImportProblem(message)])


def size_label(size: int) -> str:
    """A file size as the user reads it: «10 МБ», «1,5 МБ», «300 КБ»."""
    for unit, factor in (("МБ", 1024 * 1024), ("КБ", 1024)):
        if size >= factor:
            number = f"{size / factor:.1f}".rstrip("0").rstrip(".").replace(".", ",")
            return f"{number} {unit}"
    return f"{size} байт"


def max_upload_label() -> str:
    """The largest file an import accepts (settings.IMPORT_MAX_BYTES), as the user reads it."""
    return size_label(settings.IMPORT_MAX_BYTES)


def upload_name(upload) -> str:
    """The uploaded file's own name, without any path a browser may send."""
    return os.path.basename(upload.name or "")


def size_problems(size: int, *, advice: str) -> list[ImportProblem]:
    """The file is larger than an import accepts; `advice` says what to do instead."""
    if size <= settings.IMPORT_MAX_BYTES:
        return []
    return [
        ImportProblem(
            f"файл слишком большой: {size_label(size)}, а можно не больше {max_upload_label()}. {advice}"
        )
    ]


def problems_from_error(
    exc: ValidationError,
    *,
    sheet: str | None = None,
    row: int | None = None,
    headings: Mapping[str, str] | None = None,
) -> list[ImportProblem]:
    """A service's ValidationError for one row of the file, each message at its column where known.

    `headings` maps a field name to the heading of its column in the file.
    """
    headings = headings or {}
    if not hasattr(exc, "error_dict"):
        return [ImportProblem(m, sheet=sheet, row=row) for m in exc.messages]
    problems = []
    for name, messages in exc.message_dict.items():
        column = headings.get(name)
        problems.extend(ImportProblem(m, sheet=sheet, row=row, column=column) for m in messages)
    return problems
