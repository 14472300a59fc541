"""The system check of registered kinds."""

from progress import registry
from progress.checks import check_review_kinds
from progress.tests.reviewapp.models import Paper, PaperEvent


def test_a_complete_kind_passes(monkeypatch):
    monkeypatch.setattr(registry, "_kinds", {})
    registry.register(registry.ReviewKind(model=Paper, label="Работы"))
    assert check_review_kinds() == []


def test_the_installed_apps_register_only_complete_kinds():
    assert check_review_kinds() == []


def test_a_model_outside_the_workflow_is_an_error(monkeypatch):
    monkeypatch.setattr(registry, "_kinds", {})
    registry.register(registry.ReviewKind(model=PaperEvent, label="Не то"))
    assert [message.id for message in check_review_kinds()] == ["progress.E001"]


def test_a_submission_whose_history_is_elsewhere_is_an_error(monkeypatch):
    monkeypatch.setattr(registry, "_kinds", {})
    monkeypatch.setattr(Paper, "events_related_name", "history")
    registry.register(registry.ReviewKind(model=Paper, label="Работы"))
    assert [message.id for message in check_review_kinds()] == ["progress.E002"]
