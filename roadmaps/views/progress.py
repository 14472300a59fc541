"""The district's view: assignment to schools, items × schools grid, review queue, per-school page,
dashboard. TO BE IMPLEMENTED."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def _todo(request, *args, **kwargs):
    raise Http404("Страница ещё не готова.")


row_assign = grid = grid_export = review_queue = school_progress = dashboard = _todo
