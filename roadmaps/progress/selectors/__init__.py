"""Reads of school progress reports, by page: the grid, the review queue, one school's page, the
dashboard, «Мои задачи» and the report page. `common` holds the statuses and helpers they share.

The names are re-exported here so that callers read `selectors.build_grid(...)` whatever the module.
"""

from .common import (  # noqa: F401
    DONE,
    DRAFT,
    FILTER_STATUSES,
    IN_PROGRESS,
    NO_DATES,
    NONE,
    NOT_DONE,
    NOT_DUE,
    OVERDUE,
    RETURNED,
    STATUS_LABELS,
    SUBMITTED,
    natural_key,
    organization_order,
    percent,
    review_organizations,
    sorted_organizations,
    status_of,
)
from .dashboard import Dashboard, dashboard, roadmaps_in_force  # noqa: F401
from .grid import (  # noqa: F401
    ALL,
    PAGE_SIZE,
    Grid,
    GridData,
    GridLine,
    GridPage,
    build_grid,
    default_window,
    due_now,
    grid_page,
    load_grid_data,
    load_grid_reports,
    page_holding,
)
from .queue import report_queue, review_counts, review_queue  # noqa: F401
from .report import last_change_label, report_evidence, report_history  # noqa: F401
from .school import SchoolProgress, items_of, school_progress  # noqa: F401
from .tasks import (  # noqa: F401
    STATE_LABELS,
    TaskLine,
    Tasks,
    build_tasks,
    occurrences_to_report,
    parse_page,
    task_line,
)
