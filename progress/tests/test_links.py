"""progress.links: the registry through which feature apps show work linked to a roadmap row."""

import pytest

from progress import links
from progress.links import LinkedWork


@pytest.fixture(autouse=True)
def only_these_providers(monkeypatch):
    """The installed apps' providers (monitoring's reads the database) are set aside here."""
    monkeypatch.setattr(links, "_providers", {})


def first(row_ids):
    return {row_id: [LinkedWork("Мониторинг: А", f"/a/{row_id}/", 1, 4)] for row_id in row_ids if row_id % 2}


def second(row_ids):
    return {row_ids[0]: [LinkedWork("Конкурс: Б", "/b/", 0, 0)]}


def test_every_provider_is_asked_once_and_answers_merge():
    asked = []

    def counting(row_ids):
        asked.append(list(row_ids))
        return {}

    links.register_row_work(first)
    links.register_row_work(second)
    links.register_row_work(counting)
    try:
        found = links.row_work([3, 2, 1, 3, None])
    finally:
        for provider in (first, second, counting):
            links.unregister_row_work(provider)
    assert asked == [[1, 2, 3]]
    assert [w.label for w in found[1]] == ["Мониторинг: А", "Конкурс: Б"]
    assert 2 not in found
    assert found[3][0].url == "/a/3/" and found[3][0].percent == 25
    assert found[1][1].percent is None


def test_no_rows_asks_nobody():
    def failing(row_ids):
        raise AssertionError("asked without rows")

    links.register_row_work(failing)
    try:
        assert links.row_work([]) == {}
    finally:
        links.unregister_row_work(failing)


def test_registering_again_replaces():
    links.register_row_work(first)
    links.register_row_work(first)
    try:
        assert len(links.row_work([1])[1]) == 1
    finally:
        links.unregister_row_work(first)
