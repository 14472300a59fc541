"""Numbers about an organization that a form can prefill («факты об организации»), told by the apps
that keep them: the directory counts the staff, associations the meetings its ШМО held, and so on.

A feature app registers its facts in its AppConfig.ready() (the directory cannot import it):

    from directory.facts import register_org_fact, words
    register_org_fact(
        "shmo_meetings_held",
        "В журнале заседаний ШМО",
        words("заседан", "провед"),
        held_by_school,  # provider(org_ids, year) -> {org_id: number}, one query for all of them
        source="из журнала заседаний ШМО",
    )

A form asks `match_facts(texts)` which fact fills which question (the first registered match wins), then
`fact_values(keys, org_ids, year)`: one provider call per fact, whatever the number of questions and
organizations. An organization a provider leaves out has no value (the field stays empty), not 0.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from numbers import Number

from django.db.models import Count, Q

#: provider(org_ids, year) -> {org_id: number}; `year` is an academic year's start (2025 for 2025-2026)
#: or None when the asking form has none.
Provider = Callable[[Collection[int], int | None], Mapping[int, Number]]
Matcher = Callable[[str], bool]


@dataclass(frozen=True)
class OrgFact:
    key: str
    label: str  # shown before a differing value: «В справочнике: 12»
    match: Matcher  # over the question's lowercased «code name»
    provider: Provider
    source: str = "из справочника"  # the badge on a value taken as is


_facts: dict[str, OrgFact] = {}


# «Количество педагогов», «Педагогические работники: всего», «Численность учителей» — but not a part of
# them («…прошедших курсы», «…с высшей категорией», «молодых…», «доля…»).
_SHARE = ("доля", "%")  # a share is computed from counts, never prefilled as one
_TEACHER_WORDS = ("педагог", "учител")
_COUNT_WORDS = ("количеств", "число", "численност", "всего")
_NOT_ALL_TEACHERS = (
    "категор",
    "молод",
    "доля",
    "%",
    "прошедш",
    "курс",
    "участ",
    "аттест",
    "наград",
    "наставник",
    "имеющ",
    "стаж",
    "вакан",
)


def _is_teachers_count(text: str) -> bool:
    return (
        any(w in text for w in _TEACHER_WORDS)
        and any(w in text for w in _COUNT_WORDS)
        and not any(w in text for w in _NOT_ALL_TEACHERS)
    )


def words(*required: str, exclude: Iterable[str] = ()) -> Matcher:
    """A matcher: every word of `required` in the text and none of `exclude` (lowercase stems)."""
    excluded = tuple(exclude)

    def match(text: str) -> bool:
        return all(w in text for w in required) and not any(w in text for w in excluded)

    return match


def register_org_fact(
    key: str,
    label: str,
    match: Matcher | Iterable[str],
    provider: Provider,
    *,
    source: str = "из справочника",
) -> OrgFact:
    """Register (or replace, by key) a fact; `match` is a callable or the words all required."""
    if not callable(match):
        match = words(*match)
    fact = OrgFact(key=key, label=label, match=match, provider=provider, source=source)
    _facts[key] = fact
    return fact


def unregister_org_fact(key: str) -> None:
    _facts.pop(key, None)


def get_fact(key: str) -> OrgFact:
    return _facts[key]


def facts() -> list[OrgFact]:
    return list(_facts.values())


def match_facts(texts: Mapping[str, str]) -> dict[str, OrgFact]:
    """name -> the first registered fact matching its text (names no fact matches left out)."""
    matched = {}
    for name, text in texts.items():
        lowered = text.lower()
        for fact in _facts.values():
            if fact.match(lowered):
                matched[name] = fact
                break
    return matched


def fact_values(keys: Iterable[str], org_ids: Collection[int], year: int | None) -> dict[str, dict]:
    """key -> {org_id: number}: each fact's provider called once for all of `org_ids`.

    Providers made by `shared_provider` from one function are answered by one call of it."""
    org_ids = list(org_ids)
    found: dict[str, dict] = {}
    shared: dict[Callable, Mapping] = {}
    for key in dict.fromkeys(keys):
        provider = _facts[key].provider
        many = getattr(provider, "shared", None)
        if many is None:
            found[key] = dict(provider(org_ids, year))
            continue
        if many not in shared:
            shared[many] = many(org_ids, year)
        found[key] = dict(shared[many].get(key, {}))
    return found


def shared_provider(
    many: Callable[[Collection[int], int | None], Mapping[str, Mapping]], key: str
) -> Provider:
    """The provider of `key` out of `many(org_ids, year) -> {key: {org_id: number}}`, which answers several
    facts in one query: asked together (fact_values), they cost that one query."""

    def provider(org_ids, year):
        return many(org_ids, year).get(key, {})

    provider.shared = many
    return provider


# --- The directory's own facts: counts of a school's staff ------------------------------------------

STAFF_KEYS = ("teachers", "young", "highest", "first")


def staff_counts(org_ids: Collection[int], year: int | None = None) -> dict[str, dict[int, int]]:
    """key -> {org_id: count} of the directory's staff, one query; a school with no one has 0 of each."""
    from .models import Person, young_specialist_since

    rows = (
        Person.objects.filter(organization_id__in=org_ids)
        .values("organization_id")
        .order_by()
        .annotate(
            teachers=Count("pk"),
            young=Count("pk", filter=Q(teaching_since__gt=young_specialist_since())),
            highest=Count("pk", filter=Q(category=Person.Category.HIGHEST)),
            first=Count("pk", filter=Q(category=Person.Category.FIRST)),
        )
    )
    by_org = {row["organization_id"]: row for row in rows}
    return {
        key: {org_id: by_org[org_id][key] if org_id in by_org else 0 for org_id in org_ids}
        for key in STAFF_KEYS
    }


def register_directory_facts() -> None:
    """Called from DirectoryConfig.ready(): order matters, the first match wins."""
    register_org_fact(
        "young", "В справочнике", words("молод", exclude=_SHARE), shared_provider(staff_counts, "young")
    )
    register_org_fact(
        "highest",
        "В справочнике",
        words("высш", "категор", exclude=_SHARE),
        shared_provider(staff_counts, "highest"),
    )
    register_org_fact(
        "first",
        "В справочнике",
        words("перв", "категор", exclude=_SHARE),
        shared_provider(staff_counts, "first"),
    )
    register_org_fact(
        "teachers",
        "В справочнике",
        _is_teachers_count,
        shared_provider(staff_counts, "teachers"),
    )
