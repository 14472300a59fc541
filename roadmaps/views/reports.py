"""One school's reports: «Мои задачи», the report form (htmx), evidence, review. TO BE IMPLEMENTED."""

from django.contrib.auth.decorators import login_required
from django.http import Http404


@login_required
def _todo(request, *args, **kwargs):
    raise Http404("Страница ещё не готова.")


my_tasks = report_edit = report_submit = report_detail = report_review = report_reopen = _todo
evidence_add = evidence_remove = evidence_download = _todo
