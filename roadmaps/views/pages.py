"""Roadmap list, create/edit forms, copy to a new period, agenda of occurrences. TO BE IMPLEMENTED."""


def _todo(request, *args, **kwargs):
    raise NotImplementedError


agenda = copy = create = roadmap_list = update = _todo
