"""Import of Word/Excel/pasted roadmaps and export to XLSX/JSON. TO BE IMPLEMENTED."""


def _todo(request, *args, **kwargs):
    raise NotImplementedError


export = import_confirm = import_preview = import_upload = _todo
