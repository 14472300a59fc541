"""The roadmap page and in-place row editing (htmx). TO BE IMPLEMENTED."""


def _todo(request, *args, **kwargs):
    raise NotImplementedError


detail = history = renumber = row_dates = row_delete = row_edit = row_indent = _todo
row_insert = row_move = row_restore = row_view = _todo
