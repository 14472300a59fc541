"""System checks: every registered kind can go through the workflow (found at start, not mid-review)."""

from __future__ import annotations

from django.core import checks
from django.core.exceptions import FieldDoesNotExist

from . import registry
from .models import EvidenceBase, ReviewedSubmission, ReviewEventBase


def _reverse_to(model, name: str, base: type) -> bool:
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return field.one_to_many and issubclass(field.related_model, base)


@checks.register()
def check_review_kinds(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for kind in registry.kinds():
        model = kind.model
        if not issubclass(model, ReviewedSubmission):
            errors.append(
                checks.Error(
                    f"{model._meta.label} is not a ReviewedSubmission.", obj=model, id="progress.E001"
                )
            )
            continue
        if not _reverse_to(model, model.events_related_name, ReviewEventBase):
            errors.append(
                checks.Error(
                    f"{model._meta.label} has no ReviewEventBase model under related_name "
                    f"«{model.events_related_name}».",
                    obj=model,
                    id="progress.E002",
                )
            )
        if not _reverse_to(model, model.evidence_related_name, EvidenceBase):
            errors.append(
                checks.Warning(
                    f"{model._meta.label} has no EvidenceBase model under related_name "
                    f"«{model.evidence_related_name}»: the evidence services cannot serve it.",
                    obj=model,
                    id="progress.W001",
                )
            )
    return errors
