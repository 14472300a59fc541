"""Russian words in a case: people's names, positions, organization names. Pure, no Django.

Built on pymorphy3 (the OpenCorpora dictionary, with its guesser for words it does not know, such as
most surnames). Cases are pymorphy3's codes: «nomn», «gent», «datv», «accs», «ablt», «loct».

`inflect_person("Киселева Людмила Петровна", "accs")` → «Киселеву Людмилу Петровну»;
`inflect_phrase("директор МБОУ «СОШ № 1»", "accs")` → «директора МБОУ «СОШ № 1»»: only the head noun
and the words that agree with it before it change; what follows it (already in its own case), quoted
names and abbreviations stay as written.
"""

from __future__ import annotations

import functools
import re

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_WORD_RE = re.compile(r"^[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*$")


@functools.cache
def _analyzer():
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def _check_case(case: str) -> None:
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; one of {', '.join(CASES)}")


def _same_shape(original: str, word: str) -> str:
    """`word` written as `original` is: in capitals, capitalised (each part of a hyphenated word), with
    «е» where the original has no «ё» (the dictionary writes «Киселёва»)."""
    if "ё" not in original.lower():
        word = word.replace("ё", "е")
    if original.isupper() and len(original) > 1:
        return word.upper()
    parts, shaped = original.split("-"), word.split("-")
    if len(parts) != len(shaped):
        return word[:1].upper() + word[1:] if original[:1].isupper() else word
    return "-".join(
        s[:1].upper() + s[1:] if p[:1].isupper() else s for p, s in zip(parts, shaped, strict=True)
    )


def gender_of(*, first_name: str = "", patronymic: str = "") -> str | None:
    """«masc» or «femn» by the patronymic, else by the first name (the dictionary's); None if unknown."""
    patronymic = patronymic.lower()
    if patronymic.endswith(("вна", "чна", "кызы")):
        return "femn"
    if patronymic.endswith(("вич", "ич", "оглы")):
        return "masc"
    if first_name:
        for parse in _analyzer().parse(first_name):
            if "Name" in parse.tag and parse.tag.gender in ("masc", "femn"):
                return parse.tag.gender
    return None


def _inflect_name_part(word: str, case: str, gender: str | None, grammeme: str) -> str:
    """One part of a name (grammeme «Surn», «Name», «Patr») in the case, keeping the person's gender."""
    if "-" in word:  # «Петрова-Водкина»: each part
        return "-".join(_inflect_name_part(part, case, gender, grammeme) for part in word.split("-"))
    parses = [p for p in _analyzer().parse(word) if "nomn" in p.tag and "sing" in p.tag]
    ranked = sorted(
        parses,
        key=lambda p: (
            grammeme not in p.tag,
            gender is not None and p.tag.gender != gender,
            -p.score,
        ),
    )
    for parse in ranked:
        if gender is not None and parse.tag.gender is not None and parse.tag.gender != gender:
            continue
        inflected = parse.inflect({case})
        if inflected is not None:
            return _same_shape(word, inflected.word)
    return word  # not declined («Шевчук» for a woman, «Дурново», «Черных»)


def inflect_person(full_name: str, case: str, gender: str | None = None) -> str:
    """«Смирнов Андрей Сергеевич» in `case` («Смирнова Андрея Сергеевича» for «accs»).

    The name is read as «Фамилия Имя Отчество»; initials («Волкова Е.В.») stay as they are.
    `gender` («masc»/«femn») is taken from the patronymic or the first name when not given.
    """
    _check_case(case)
    words = full_name.split()
    if not words:
        return ""
    first = words[1] if len(words) > 1 and _WORD_RE.match(words[1]) else ""
    patronymic = words[2] if len(words) > 2 and _WORD_RE.match(words[2]) else ""
    gender = gender or gender_of(first_name=first, patronymic=patronymic)
    out = []
    for index, word in enumerate(words):
        if not _WORD_RE.match(word) or index > 2:
            out.append(word)
            continue
        grammeme = ("Surn", "Name", "Patr")[index]
        out.append(_inflect_name_part(word, case, gender, grammeme))
    return " ".join(out)


def _is_kept(word: str) -> bool:
    """Abbreviations («МБОУ», «РМО»), numbers and anything not a plain Russian word stay as written."""
    bare = word.strip(",.;:")
    return not _WORD_RE.match(bare) or (bare.isupper() and len(bare) > 1)


def inflect_phrase(text: str, case: str) -> str:
    """A position or an organization name in `case`: «начальник управления образования» →
    «начальника управления образования» (accs), «районный методический кабинет» → «районного
    методического кабинета» (gent). The head noun and the adjectives before it agree; the rest stays."""
    _check_case(case)
    words = text.split()
    analyzer = _analyzer()
    head_at = None
    head = None
    for index, word in enumerate(words):
        if _is_kept(word) or word.startswith(("«", '"')):
            break
        parses = analyzer.parse(word)
        noun = next((p for p in parses if p.tag.POS == "NOUN" and "nomn" in p.tag), None)
        adjective = next((p for p in parses if p.tag.POS in ("ADJF", "PRTF") and "nomn" in p.tag), None)
        # a substantivised adjective heads the phrase when nothing follows it («заведующий» alone)
        if noun is not None and (adjective is None or noun.score >= adjective.score):
            head_at, head = index, noun
            break
        if adjective is None:
            break
    if head is None:
        # «заведующий РМК», «ведущий специалист …» with no noun found: an adjective heads it
        first = analyzer.parse(words[0])[0] if words and not _is_kept(words[0]) else None
        if first is None or first.tag.POS not in ("ADJF", "PRTF") or "nomn" not in first.tag:
            return text
        head_at, head = 0, first
    number = head.tag.number or "sing"
    out = list(words)
    head_form = head.inflect({case, number})
    if head_form is not None:
        out[head_at] = _same_shape(words[head_at], head_form.word)
    for index in range(head_at):
        parses = [
            p for p in analyzer.parse(words[index]) if p.tag.POS in ("ADJF", "PRTF") and "nomn" in p.tag
        ]
        wanted = {case, number}
        if number == "sing" and head.tag.gender:
            parses.sort(key=lambda p: p.tag.gender != head.tag.gender)
        if case == "accs" and (number == "plur" or head.tag.gender == "masc"):
            wanted.add(head.tag.animacy or "inan")
        for parse in parses:
            form = parse.inflect(wanted)
            if form is not None:
                out[index] = _same_shape(words[index], form.word)
                break
    return " ".join(out)
