"""The registry of reviewed kinds: one reviewer's queue across apps."""

import datetime as dt

from progress import registry
from progress.tests.reviewapp.models import Paper, PaperEvent


def _item(title, day):
    when = dt.datetime(2026, 11, day, tzinfo=dt.UTC) if day else None
    return registry.QueueItem(kind="k", title=title, author="СОШ № 1", submitted_at=when, url="/x/")


def test_the_queue_merges_every_kind_oldest_first_and_asks_each_for_this_user(monkeypatch):
    monkeypatch.setattr(registry, "_kinds", {})  # only the kinds of this test (roadmaps registers its own)
    asked = []

    def papers(user):
        asked.append(user)
        return [_item("поздняя", 20), _item("без даты", None)]

    def events(user):
        return [_item("ранняя", 3)]

    registry.register(registry.ReviewKind(model=Paper, label="Работы", queue=papers))
    registry.register(registry.ReviewKind(model=PaperEvent, label="Другие", queue=events))
    titles = [item.title for item in registry.review_queue("методист")]
    assert asked == ["методист"]
    assert titles == ["ранняя", "поздняя", "без даты"]


def test_registering_again_replaces_and_kind_for_finds_by_model_or_instance(monkeypatch):
    monkeypatch.setattr(registry, "_kinds", {})
    registry.register(registry.ReviewKind(model=Paper, label="Первая"))
    registry.register(registry.ReviewKind(model=Paper, label="Вторая"))
    assert registry.kind_for(Paper).label == "Вторая"
    assert registry.kind_for(Paper(title="x")).label == "Вторая"
    assert [kind.model for kind in registry.kinds()] == [Paper]
    registry.unregister(Paper)
    assert registry.kind_for(Paper) is None
