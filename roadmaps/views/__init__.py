"""Roadmap views, by area: the editor (detail page, rows, history), the pages around it (list, forms,
copy, agenda) and import/export. The views of school progress reports are in roadmaps/progress/views/."""

from .editor import (  # noqa: F401
    detail,
    history,
    renumber,
    row_dates,
    row_delete,
    row_edit,
    row_indent,
    row_insert,
    row_move,
    row_restore,
    row_view,
)
from .io import export, import_confirm, import_preview, import_upload  # noqa: F401
from .pages import agenda, copy, create, roadmap_list, update  # noqa: F401
from .reminders import row_reminders  # noqa: F401
