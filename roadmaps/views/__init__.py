"""Roadmap views, by area: the editor (detail page, rows, history), the pages around it (list, forms,
copy, agenda), import/export, one school's reports, and the district's progress views."""

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
from .progress import dashboard, grid, grid_export, review_queue, row_assign, school_progress  # noqa: F401
from .reports import (  # noqa: F401
    evidence_add,
    evidence_download,
    evidence_remove,
    my_tasks,
    report_detail,
    report_edit,
    report_reopen,
    report_review,
    report_submit,
)
