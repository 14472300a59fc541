"""Two cards of one person: finding them and merging them into one.

A pair is a possible duplicate when the full names are the same (case, «ё» and spaces aside) and
nothing tells the two apart: the birth dates are equal or at least one is unknown, and the personal
numbers are not two different ones. (Two cards cannot share a personal number: it is unique.)

Merging keeps the card the user chooses and deletes the other after moving everything that points at
it to the kept one. The directory does not know the feature apps, so their links are found through
`Person._meta` — every foreign key, one-to-one and many-to-many pointing at Person, also the hidden
ones (`related_name="+"`) — and repointed in one transaction. Merging is refused when both cards have
a login (two accounts cannot become one), and when a link cannot move (the kept card already has the
same record); then nothing changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from django.db import IntegrityError, models, transaction
from django.db.models.deletion import ProtectedError

from .models import Organization, Person
from .xlsx_import import person_key

#: Fields the kept card takes from the removed one when its own is empty.
FILLED_FROM_DUPLICATE = ("email", "phone", "teaching_since", "birth_date", "personal_number")


class MergeRefused(Exception):
    """The two cards cannot be merged; the message says why, in Russian."""


@dataclass(frozen=True)
class DuplicatePair:
    first: Person
    second: Person

    @property
    def reason(self) -> str:
        if self.first.birth_date and self.first.birth_date == self.second.birth_date:
            return "совпадают Ф.И.О. и дата рождения"
        return "совпадают Ф.И.О.; дата рождения известна не у обеих карточек"

    @property
    def both_have_logins(self) -> bool:
        return bool(self.first.user_id and self.second.user_id)


@dataclass
class MergeResult:
    kept: Person
    removed_name: str
    removed_organization: str
    moved_login: bool = False
    filled: list[str] = field(default_factory=list)
    heads_cleared: list[str] = field(default_factory=list)


def _key(person: Person) -> str:
    return person_key(person.last_name, person.first_name, person.patronymic)


def may_be_one_person(a: Person, b: Person) -> bool:
    """The same name and nothing that tells the two apart."""
    if a.pk == b.pk or _key(a) != _key(b):
        return False
    if a.birth_date and b.birth_date and a.birth_date != b.birth_date:
        return False
    return not (a.personal_number and b.personal_number and a.personal_number != b.personal_number)


def possible_duplicates() -> list[DuplicatePair]:
    """Every pair of cards that may be one person: the surest (same birth date) first, then by name."""
    groups: dict[str, list[Person]] = {}
    people = Person.objects.select_related("organization", "user").order_by("pk")
    for person in people:
        groups.setdefault(_key(person), []).append(person)
    pairs = [
        DuplicatePair(a, b)
        for group in groups.values()
        if len(group) > 1
        for a, b in combinations(group, 2)
        if may_be_one_person(a, b)
    ]
    pairs.sort(
        key=lambda p: (
            not (p.first.birth_date and p.first.birth_date == p.second.birth_date),
            p.first.last_name,
            p.first.first_name,
            p.first.patronymic,
        )
    )
    return pairs


def _links_to_person() -> list[models.ForeignObjectRel]:
    """Every relation pointing at Person from another model, hidden ones too, except M2M tables."""
    links = []
    for rel in Person._meta.get_fields(include_hidden=True):
        if not (rel.is_relation and rel.auto_created and not rel.concrete):
            continue
        if rel.related_model._meta.auto_created:
            continue  # the table of a many-to-many field: moved through that field's own relation
        if rel.related_model is Organization and rel.field.name == "head":
            continue  # the head of an organization must be on its staff: decided by person_merge
        links.append(rel)
    return links


def _repoint(rel: models.ForeignObjectRel, *, keep: Person, remove: Person) -> None:
    model = rel.related_model
    what = model._meta.verbose_name_plural
    if rel.many_to_many:
        m2m = rel.field
        through = m2m.remote_field.through
        person_field = m2m.m2m_reverse_field_name()
        other_field = m2m.m2m_field_name()
        other_column = through._meta.get_field(other_field).attname
        shared = through.objects.filter(**{person_field: keep}).values(other_column)
        # A record linked to both cards keeps its one link to the kept card.
        through.objects.filter(**{person_field: remove, f"{other_column}__in": shared}).delete()
        rows = through.objects.filter(**{person_field: remove})
        update = {person_field: keep}
    else:
        name = rel.field.name
        rows = model._base_manager.filter(**{name: remove})
        if rel.one_to_one and rows.exists() and model._base_manager.filter(**{name: keep}).exists():
            raise MergeRefused(
                f"У обеих карточек есть запись «{model._meta.verbose_name}»; у сотрудника она может быть "
                "только одна. Удалите лишнюю и повторите объединение."
            )
        update = {name: keep}
    try:
        with transaction.atomic():
            rows.update(**update)
    except IntegrityError as exc:
        raise MergeRefused(
            f"Не удалось перенести записи «{what}»: у обеих карточек есть одинаковые записи. "
            "Исправьте их вручную и повторите объединение."
        ) from exc


@transaction.atomic
def person_merge(*, keep: Person, remove: Person) -> MergeResult:
    """Merge `remove` into `keep`: links move to `keep`, `remove` is deleted. All or nothing."""
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, remove.pk])}
    if keep.pk == remove.pk or len(locked) != 2:
        raise MergeRefused("Выберите две разные карточки.")
    keep, remove = locked[keep.pk], locked[remove.pk]
    if not may_be_one_person(keep, remove):
        raise MergeRefused(
            f"Карточки «{keep.full_name}» ({keep.organization}) и «{remove.full_name}» "
            f"({remove.organization}) не похожи на дубликаты: у них разные Ф.И.О., даты рождения "
            "или табельные номера."
        )
    if keep.user_id and remove.user_id:
        raise MergeRefused(
            f"У обеих карточек «{keep.full_name}» есть учётные записи («{keep.user.username}» и "
            f"«{remove.user.username}»). Две учётные записи нельзя объединить: заблокируйте лишнюю "
            "и отвяжите её от карточки, затем повторите объединение."
        )
    result = MergeResult(
        kept=keep, removed_name=remove.full_name, removed_organization=remove.organization.short_name
    )

    # Unique values (the login, the personal number) leave the removed card before the kept one takes them.
    taken_user = remove.user if not keep.user_id else None
    filled = {
        name: getattr(remove, name)
        for name in FILLED_FROM_DUPLICATE
        if getattr(remove, name) and not getattr(keep, name)
    }
    if keep.category == Person.Category.NONE and remove.category != Person.Category.NONE:
        filled["category"] = remove.category
    remove.user = None
    remove.personal_number = ""
    remove.save(update_fields=["user", "personal_number", "updated_at"])
    for name, value in filled.items():
        setattr(keep, name, value)
    result.filled = [str(Person._meta.get_field(name).verbose_name) for name in filled]
    if taken_user is not None:
        keep.user = taken_user
        result.moved_login = True
    keep.save()
    keep.subjects.add(*remove.subjects.all())

    for organization in Organization.objects.filter(head=remove):
        if organization.pk == keep.organization_id:
            organization.head = keep
        else:  # the kept card works elsewhere: the school has no head until one is chosen
            organization.head = None
            result.heads_cleared.append(organization.short_name)
        organization.save(update_fields=["head", "updated_at"])

    for rel in _links_to_person():
        _repoint(rel, keep=keep, remove=remove)
    try:
        with transaction.atomic():
            remove.delete()
    except ProtectedError as exc:  # a link this module could not move: nothing is changed
        raise MergeRefused(
            "Карточку нельзя удалить: на неё ссылаются записи, которые не удалось перенести. "
            "Обратитесь к администратору сайта."
        ) from exc
    return result
