"""The form builder's services: forms, sections and indicators made and changed by a методист, the
rules that keep existing answers whole, and the copy of a form to the next academic year.

Every change goes through here (the views only read the request): the checks of a formula (syntax,
unknown codes, cycles), of a code (unique in the form, not used by another indicator's formula) and,
once a school answered, `check_change` — what may no longer change without orphaning or breaking the
answers. Nothing is saved when a check fails.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from directory.access import user_scope

from . import formulas
from .models import Answer, Indicator, MonitoringForm, Section, Submission

Kind = Indicator.Kind
CHOICE_KINDS = (Kind.CHOICE, Kind.MULTICHOICE)
INPUT_NUMBER_KINDS = (Kind.NUMBER_INT, Kind.NUMBER_DEC)
# A kind may change with answers kept only where every old answer is a valid new one.
SAFE_KIND_CHANGES = {(Kind.NUMBER_INT, Kind.NUMBER_DEC)}
SENT_STATES = (Submission.State.SUBMITTED, Submission.State.ACCEPTED)
YEAR_RE = re.compile(r"^\s*(\d{4})\s*[-–—/]\s*(\d{4})\s*$")

# The fields of an indicator the builder edits (and compares in check_change).
INDICATOR_FIELDS = (
    "section",
    "code",
    "name",
    "kind",
    "required",
    "help_text",
    "min_value",
    "max_value",
    "choices",
    "formula",
    "aggregate",
    "target",
    "target_direction",
)


def _check_methodist(user) -> None:
    if not user_scope(user).is_methodist:
        raise PermissionDenied


# --- Years ---------------------------------------------------------------------------------------------


def parse_year(text: str) -> int:
    """«2025-2026» → 2025; ValueError with a Russian message otherwise."""
    match = YEAR_RE.match(text or "")
    if not match:
        raise ValueError("Укажите учебный год так: 2025-2026.")
    start, end = int(match.group(1)), int(match.group(2))
    if end != start + 1:
        raise ValueError("Учебный год — два соседних года, например 2025-2026.")
    if not 2000 <= start <= 2100:
        raise ValueError("Учебный год должен быть между 2000 и 2100.")
    return start


# --- Forms and sections --------------------------------------------------------------------------------


def form_create(*, user, title: str, year: int) -> MonitoringForm:
    _check_methodist(user)
    return MonitoringForm.objects.create(title=title.strip(), year=year)


def form_has_answers(form: MonitoringForm) -> bool:
    return Answer.objects.filter(indicator__form=form).exists()


def section_save(*, user, form: MonitoringForm, title: str, section: Section | None = None) -> Section:
    _check_methodist(user)
    if section is None:
        last = form.sections.aggregate(last=Max("position"))["last"]
        section = Section(form=form, position=0 if last is None else last + 1)
    section.title = title.strip()
    section.save()
    return section


def section_delete(*, user, section: Section) -> int:
    """Delete a section; its indicators stay in the form, without a section (their answers are kept).
    Returns how many indicators were moved out."""
    _check_methodist(user)
    with transaction.atomic():
        moved = Indicator.objects.filter(section=section).update(section=None)
        form = section.form
        section.delete()
        _renumber(form)
    return moved


def section_move(*, user, section: Section, direction: str) -> bool:
    _check_methodist(user)
    with transaction.atomic():
        sections = list(
            Section.objects.select_for_update().filter(form_id=section.form_id).order_by("position", "pk")
        )
        index = next(i for i, s in enumerate(sections) if s.pk == section.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(sections):
            return False
        sections[index], sections[other] = sections[other], sections[index]
        for n, item in enumerate(sections):
            if item.position != n:
                item.position = n
                item.save(update_fields=["position"])
        _renumber(section.form)
    return True


# --- Order of indicators -------------------------------------------------------------------------------


def _ordered(form: MonitoringForm) -> list[Indicator]:
    """The form's indicators grouped by section (indicators without one first, then sections in order),
    each group in its own order: the order of the fill-in page and of the Excel columns."""
    indicators = list(form.indicators.select_related("section").order_by("position", "pk"))
    return sorted(
        indicators,
        key=lambda i: (
            (0, 0, 0) if i.section is None else (1, i.section.position, i.section.pk),
            i.position,
            i.pk,
        ),
    )


def _renumber(form: MonitoringForm) -> None:
    for n, indicator in enumerate(_ordered(form)):
        if indicator.position != n:
            Indicator.objects.filter(pk=indicator.pk).update(position=n)


def indicator_move(*, user, indicator: Indicator, direction: str) -> bool:
    """Swap the indicator with its neighbour in the same section; False at the section's edge."""
    _check_methodist(user)
    with transaction.atomic():
        MonitoringForm.objects.select_for_update().filter(pk=indicator.form_id).first()
        _renumber(indicator.form)
        group = [i for i in _ordered(indicator.form) if i.section_id == indicator.section_id]
        index = next(n for n, i in enumerate(group) if i.pk == indicator.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(group):
            return False
        a, b = group[index], group[other]
        Indicator.objects.filter(pk=a.pk).update(position=b.position)
        Indicator.objects.filter(pk=b.pk).update(position=a.position)
    return True


def suggest_code(form: MonitoringForm) -> str:
    """«i7» for the seventh indicator; the next free number when that code is taken."""
    taken = set(form.indicators.values_list("code", flat=True))
    n = len(taken) + 1
    while f"i{n}" in taken:
        n += 1
    return f"i{n}"


# --- Checks --------------------------------------------------------------------------------------------


def parse_choices(text: str) -> list[str]:
    """One option a line; blank lines and repeats dropped, order kept."""
    found: list[str] = []
    for line in (text or "").splitlines():
        option = line.strip()
        if option and option not in found:
            found.append(option)
    return found


def _cycle(graph: Mapping[str, list[str]], start: str) -> list[str] | None:
    """A cycle through `start` in code → codes its formula uses, as a path, or None."""
    stack = [(start, [start])]
    seen = set()
    while stack:
        code, path = stack.pop()
        for nxt in graph.get(code, []):
            if nxt == start:
                return [*path, start]
            if nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return None


def check_formula(form: MonitoringForm, code: str, formula: str, indicator: Indicator | None = None) -> str:
    """The Russian problem of a formula for the indicator `code` of `form` ("" when it is fine): syntax,
    codes the form does not have, a cycle through other computed indicators."""
    try:
        used = formulas.codes(formula)
    except formulas.FormulaError as exc:
        return str(exc)
    others = {i.code: i for i in form.indicators.all() if indicator is None or i.pk != indicator.pk}
    unknown = [c for c in used if c not in others and c != code]
    if unknown:
        listed = ", ".join(f"«{c}»" for c in unknown)
        return f"В форме нет показателей с кодом {listed}."
    graph: dict[str, list[str]] = {
        c: formulas.codes(i.formula) for c, i in others.items() if i.is_computed and i.formula
    }
    graph[code] = used
    cycle = _cycle(graph, code)
    if cycle:
        return "Формулы ссылаются друг на друга по кругу: " + " → ".join(cycle) + "."
    return ""


def _used_in_formulas(indicator: Indicator) -> list[str]:
    """The codes of the form's other indicators whose formula uses this indicator's code."""
    found = []
    for other in indicator.form.indicators.exclude(pk=indicator.pk).exclude(formula=""):
        try:
            if indicator.code in formulas.codes(other.formula):
                found.append(other.code)
        except formulas.FormulaError:
            continue
    return found


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def change_problems(indicator: Indicator, new: Mapping[str, Any]) -> list[tuple[str | None, str]]:
    """(field, Russian message) for each change of `new` (field → value) that would orphan or break
    answers: a code another formula uses; with answers given, a new code, a new kind (but integer →
    decimal), a chosen option removed; «required» while sent or accepted answers lack the value."""
    problems: list[tuple[str | None, str]] = []
    # Not about answers: another indicator's formula names this code.
    if "code" in new and new["code"] != indicator.code:
        users = _used_in_formulas(indicator)
        if users:
            problems.append(
                (
                    "code",
                    "Код нельзя изменить: он используется в формуле показателя "
                    + ", ".join(f"«{c}»" for c in users)
                    + ".",
                )
            )
    # Sent answers that lack the indicator (it may have no answer at all yet).
    if new.get("required") and not indicator.required and not indicator.is_computed:
        sent = Submission.objects.filter(campaign__form_id=indicator.form_id, state__in=SENT_STATES)
        answered = {
            submission_id
            for submission_id, value in Answer.objects.filter(
                indicator=indicator, submission__in=sent
            ).values_list("submission_id", "value")
            if not _is_empty(value)
        }
        missing = sent.exclude(pk__in=answered).count()
        if missing:
            problems.append(
                (
                    "required",
                    f"Показатель нельзя сделать обязательным: в {missing} отправленных или принятых "
                    "ответах он не заполнен.",
                )
            )
    answers = Answer.objects.filter(indicator=indicator)
    if not answers.exists():
        return problems
    if "code" in new and new["code"] != indicator.code:
        problems.append(
            (
                "code",
                "Код нельзя изменить: на этот показатель уже есть ответы, по коду их сравнивают "
                "с прошлым годом и выгружают в Excel.",
            )
        )
    kind = new.get("kind", indicator.kind)
    if kind != indicator.kind and (indicator.kind, kind) not in SAFE_KIND_CHANGES:
        problems.append(
            (
                "kind",
                f"Тип нельзя изменить с «{indicator.get_kind_display()}» на «{Kind(kind).label}»: "
                "на показатель уже есть ответы. Можно только сделать целое число дробным.",
            )
        )
    if "choices" in new and indicator.kind in CHOICE_KINDS:
        removed = set(indicator.choices) - set(new["choices"] or [])
        if removed:
            used: set[str] = set()
            for value in answers.values_list("value", flat=True):
                values = value if isinstance(value, list) else [value]
                used |= {str(v) for v in values if str(v) in removed}
            if used:
                listed = ", ".join(f"«{c}»" for c in sorted(used))
                problems.append(("choices", f"Нельзя убрать варианты {listed}: их уже выбрали в ответах."))
    return problems


def check_change(indicator: Indicator, new_values: Mapping[str, Any]) -> list[str]:
    """The Russian reasons why `new_values` may not be saved over this indicator (empty: allowed)."""
    return [message for _field, message in change_problems(indicator, new_values)]


def check_delete(indicator: Indicator) -> list[str]:
    problems = []
    count = Answer.objects.filter(indicator=indicator).count()
    if count:
        problems.append(
            f"Показатель нельзя удалить: на него уже есть ответы ({count}). "
            "Его можно переименовать или сделать необязательным."
        )
    users = _used_in_formulas(indicator)
    if users:
        problems.append(
            "Показатель нельзя удалить: его код используется в формуле показателя "
            + ", ".join(f"«{c}»" for c in users)
            + "."
        )
    return problems


# --- Saving indicators ---------------------------------------------------------------------------------


def indicator_save(
    *, user, form: MonitoringForm, values: Mapping[str, Any], indicator: Indicator | None = None
) -> Indicator:
    """Create or change an indicator from checked `values` (IndicatorForm.cleaned_data); the rules of
    check_change are checked again under a lock, ValidationError when they refuse (nothing saved)."""
    _check_methodist(user)
    with transaction.atomic():
        MonitoringForm.objects.select_for_update().filter(pk=form.pk).first()
        if indicator is not None:
            problems = check_change(indicator, values)
            if problems:
                raise ValidationError(problems)
        else:
            indicator = Indicator(form=form)
            indicator.position = 10**6  # last; _renumber puts it at the end of its section
        for name in INDICATOR_FIELDS:
            if name in values:
                setattr(indicator, name, values[name])
        if not indicator.code:
            indicator.code = suggest_code(form)
        indicator.full_clean()
        indicator.save()
        _renumber(form)
    return indicator


def indicator_delete(*, user, indicator: Indicator) -> None:
    _check_methodist(user)
    with transaction.atomic():
        problems = check_delete(indicator)
        if problems:
            raise ValidationError(problems)
        form = indicator.form
        indicator.delete()
        _renumber(form)


# --- Copy to the next year -----------------------------------------------------------------------------


def existing_copy(form: MonitoringForm) -> MonitoringForm | None:
    return MonitoringForm.objects.filter(title=form.title, year=form.year + 1).order_by("pk").first()


def form_copy(*, user, form: MonitoringForm) -> MonitoringForm:
    """Next year's form: the same title, sections and indicators with the same codes (targets too),
    `copied_from` this form. ValidationError (Russian) when a form of that title and year exists."""
    _check_methodist(user)
    with transaction.atomic():
        MonitoringForm.objects.select_for_update().filter(pk=form.pk).first()
        if existing_copy(form) is not None:
            raise ValidationError(
                f"Форма «{form.title}» на {form.year + 1}-{form.year + 2} учебный год уже есть.",
                code="exists",
            )
        copy = MonitoringForm.objects.create(title=form.title, year=form.year + 1, copied_from=form)
        sections = {}
        for section in form.sections.order_by("position", "pk"):
            sections[section.pk] = Section.objects.create(
                form=copy, position=section.position, title=section.title
            )
        Indicator.objects.bulk_create(
            [
                Indicator(
                    form=copy,
                    section=sections.get(indicator.section_id),
                    position=indicator.position,
                    **{name: getattr(indicator, name) for name in INDICATOR_FIELDS if name != "section"},
                )
                for indicator in form.indicators.order_by("position", "pk")
            ]
        )
    return copy


def form_outline(form: MonitoringForm) -> list[dict]:
    """[{section, indicators}] in the form's order, for the form page (sections without indicators too)."""
    indicators = _ordered(form)
    groups: list[dict] = []
    loose = [i for i in indicators if i.section is None]
    if loose:
        groups.append({"section": None, "indicators": loose})
    for section in form.sections.order_by("position", "pk"):
        groups.append(
            {"section": section, "indicators": [i for i in indicators if i.section_id == section.pk]}
        )
    return groups
