"""Appendix kinds: how feature apps print their documents as appendices of an order.

Orders know nothing of roadmaps, plans or protocols. A feature app describes what it can attach to an
order in its AppConfig.ready():

    from orders.registry import register
    register(RoadmapAppendix())

An `OrderAppendix` row then points at its source generically (`source_kind` = the kind's key,
`source_id`), and orders ask the kind for everything that depends on what the source is: its frozen
printed content, the printed appendix, the sources a user may choose on the order form, how the
order's page describes it, what stands in the way of signing, and what happens to the source when the
order is signed or a draft withdrawn.

The printed content is frozen at signing (Order.signed_content) and hashed, so `content()` returns
plain JSON and `to_appendix()` must keep reading every shape `content()` ever wrote.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .document import Appendix
    from .models import Order


@dataclass(frozen=True)
class SourceChoice:
    """A source offered on the order form."""

    id: int
    label: str
    sort_key: str = ""  # newly chosen sources follow the attached ones in this order (default: label)


@dataclass(frozen=True)
class SourceInfo:
    """How the order's page shows an attached source."""

    title: str
    url: str = ""
    description: str = ""  # «дорожная карта, строк: 12»
    approval_word: str = ""  # «утверждена» (lower case), shown once the order is signed


class AppendixKind(Protocol):
    key: str  # registry key, stored in OrderAppendix.source_kind: "roadmaps.roadmap"
    label: str  # «дорожная карта»
    content_source: str  # the "source" value in the frozen content this kind writes and reads
    form_field: str  # the order form's field choosing sources of this kind: "roadmaps"
    form_label: str  # «Приложения: дорожные карты»

    def content(self, *, source_id: int, approves: bool, position: int) -> dict[str, Any]:
        """The printed content of the appendix as JSON (frozen at signing)."""

    def to_appendix(self, data: dict[str, Any]) -> Appendix:
        """The pure document layer's appendix from a content() dict (any version ever written)."""

    def choices(self, *, user, attached: Sequence[int]) -> list[SourceChoice]:
        """Sources `user` may attach, ordered for the form; the `attached` ones are always offered."""

    def describe(self, source_ids: Sequence[int]) -> dict[int, SourceInfo]:
        """How the order's page shows these sources (a fixed number of queries)."""

    def signing_problems(self, *, source_id: int) -> list[str]:
        """What in the source stands in the way of signing, in Russian."""

    def on_signed(self, *, user, order: Order, source_ids: Sequence[int]) -> None:
        """The order approving these sources was signed (inside the signing transaction)."""

    def on_withdrawn(self, *, user, order: Order) -> None:
        """A draft was withdrawn (cancelled before signing): forget it approves anything."""

    # Optional: def url_patterns(self) -> list — views added to the orders namespace (/orders/…).


_KINDS: dict[str, AppendixKind] = {}


def register(kind: AppendixKind) -> None:
    """Add a kind; registering one with the same key again replaces it (safe on reloads)."""
    _KINDS[kind.key] = kind


def kinds() -> list[AppendixKind]:
    return list(_KINDS.values())


def get(key: str) -> AppendixKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"unknown appendix kind {key!r}: is its app installed?") from None


def for_content(source: str) -> AppendixKind | None:
    """The kind that wrote a frozen content dict with this "source" value."""
    return next((k for k in _KINDS.values() if k.content_source == source), None)


def url_patterns() -> Iterable:
    """URL patterns kinds add to the orders namespace (e.g. «prepare the approval order» buttons)."""
    for kind in _KINDS.values():
        patterns = getattr(kind, "url_patterns", None)
        if patterns is not None:
            yield from patterns()
