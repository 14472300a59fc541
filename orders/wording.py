"""Russian wording of an order's draft: cases of the approved document's name, the approval word,
the issuer in the genitive, people in the accusative. Pure functions, no Django.

Only the common words of a district office's orders are known; anything else returns None (or the
text unchanged) and the caller falls back to a wording that needs no declension. Every generated
text stays editable in the draft.
"""

from __future__ import annotations

import datetime as dt
import re

from core.inflection import inflect_person, inflect_phrase
from core.russian import strip_final_stop

# --- Nouns that name an approved document ---------------------------------------------------------

#: lemma → (gender, genitive, accusative); gender: m, f, n, pl.
DOCUMENT_NOUNS: dict[str, tuple[str, str, str]] = {
    "карта": ("f", "карты", "карту"),
    "план": ("m", "плана", "план"),
    "план-график": ("m", "плана-графика", "план-график"),
    "программа": ("f", "программы", "программу"),
    "положение": ("n", "положения", "положение"),
    "правила": ("pl", "правил", "правила"),
    "порядок": ("m", "порядка", "порядок"),
    "регламент": ("m", "регламента", "регламент"),
    "инструкция": ("f", "инструкции", "инструкцию"),
    "график": ("m", "графика", "график"),
    "перечень": ("m", "перечня", "перечень"),
    "концепция": ("f", "концепции", "концепцию"),
    "стратегия": ("f", "стратегии", "стратегию"),
    "календарь": ("m", "календаря", "календарь"),
    "состав": ("m", "состава", "состав"),
    "список": ("m", "списка", "список"),
    "методика": ("f", "методики", "методику"),
    "рекомендации": ("pl", "рекомендаций", "рекомендации"),
    "требования": ("pl", "требований", "требования"),
    "расписание": ("n", "расписания", "расписание"),
    "комплекс": ("m", "комплекса", "комплекс"),
    "форма": ("f", "формы", "форму"),
    "формы": ("pl", "форм", "формы"),
    "критерии": ("pl", "критериев", "критерии"),
    "смета": ("f", "сметы", "смету"),
}
APPROVAL_WORDS = {"m": "УТВЕРЖДЕН", "f": "УТВЕРЖДЕНА", "n": "УТВЕРЖДЕНО", "pl": "УТВЕРЖДЕНЫ"}

#: Adjective endings: nominative → (genitive, accusative), by gender.
_ADJECTIVE_ENDINGS: dict[str, dict[str, tuple[str, str]]] = {
    "f": {"ая": ("ой", "ую"), "яя": ("ей", "юю")},
    "m": {"ый": ("ого", "ый"), "ой": ("ого", "ой"), "ий": ("его", "ий")},
    "n": {"ое": ("ого", "ое"), "ее": ("его", "ее")},
    "pl": {"ые": ("ых", "ые"), "ие": ("их", "ие")},
}
_ALL_ADJECTIVE_ENDINGS = ("ая", "яя", "ый", "ий", "ой", "ое", "ее", "ые", "ие")
_WORD_RE = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
_LEADING_NOISE = "«»\"“”„' "


def _is_adjective(word: str) -> bool:
    return word.lower() not in DOCUMENT_NOUNS and word.lower().endswith(_ALL_ADJECTIVE_ENDINGS)


def _leading_phrase(title: str) -> tuple[list[re.Match], str] | None:
    """The leading adjectives and the document noun of `title` (as regex matches) and the noun's lemma."""
    words: list[re.Match] = []
    for match in _WORD_RE.finditer(title):
        between = title[words[-1].end() : match.start()] if words else title[: match.start()]
        if between.strip(_LEADING_NOISE):  # a digit or punctuation inside the phrase: stop
            return None
        word = match.group(0).lower()
        words.append(match)
        if word in DOCUMENT_NOUNS:
            return words, word
        if not _is_adjective(word) or len(words) > 3:
            return None
    return None


def _adjective_form(word: str, gender: str, case: int) -> str:
    lower = word.lower()
    for ending, forms in _ADJECTIVE_ENDINGS[gender].items():
        if lower.endswith(ending):
            new = forms[case]
            # «-ий» after к, г, х, ж, ш, щ, ч takes «-ого» («методический» → «методического»).
            if ending == "ий" and case == 0 and lower[-3:-2] in "кгхжшщч":
                new = "ого"
            return lower[: -len(ending)] + new
    return lower


def _decline_title(title: str, case: int) -> str | None:
    """`title` with its leading noun phrase in the genitive (case=0) or accusative (case=1), lowercase."""
    found = _leading_phrase(title)
    if found is None:
        return None
    words, lemma = found
    gender, genitive, accusative = DOCUMENT_NOUNS[lemma]
    pieces = []
    position = 0
    for match in words:
        pieces.append(title[position : match.start()])
        word = match.group(0)
        if word.lower() == lemma:
            pieces.append(genitive if case == 0 else accusative)
        else:
            pieces.append(_adjective_form(word, gender, case))
        position = match.end()
    pieces.append(title[position:])
    return "".join(pieces)


def genitive_title(title: str) -> str | None:
    """«Дорожная карта по …» → «дорожной карты по …»; None when the leading noun is not known."""
    return _decline_title(title.strip(), 0)


def document_gender(title: str) -> str:
    """Grammatical gender of the document named by `title`: m, f, n or pl."""
    found = _leading_phrase(title.strip())
    if found is not None:
        return DOCUMENT_NOUNS[found[1]][0]
    # Not a known noun: the ending of the first word that is not an adjective tells.
    for match in _WORD_RE.finditer(title):
        word = match.group(0).lower()
        if _is_adjective(word):
            continue
        if word.endswith(("а", "я")):
            return "f"
        if word.endswith(("о", "е")):
            return "n"
        if word.endswith(("ы", "и")):
            return "pl"
        return "m"
    return "m"


def approval_word(title: str) -> str:
    """The approval stamp agreeing with the approved document.

    «Дорожная карта …» → «УТВЕРЖДЕНА», «План …» → «УТВЕРЖДЕН», «Программа …» → «УТВЕРЖДЕНА»,
    «Положение …» → «УТВЕРЖДЕНО», «Правила …» → «УТВЕРЖДЕНЫ».
    """
    return APPROVAL_WORDS[document_gender(title)]


def approval_word_for(*, title: str, kind_phrase: str) -> str:
    """The approval word of a document: by its title's noun when known, else by its kind's noun phrase
    («дорожная карта», «план»: what the feature app calls this kind of document)."""
    if _leading_phrase(title.strip()) is not None:
        return approval_word(title)
    return approval_word(kind_phrase)


def title_in_capitals(title: str) -> str:
    """The leading noun phrase in capitals, as an appendix title: «ДОРОЖНАЯ КАРТА по развитию …»."""
    title = title.strip()
    found = _leading_phrase(title)
    if found is None:
        return title
    end = found[0][-1].end()
    return title[:end].upper() + title[end:]


# --- Approved documents -------------------------------------------------------------------------------

_YEAR_RE = re.compile(r"\b(?:19|20)\d{2}\b")


def _starts_lowercase(text: str) -> bool:
    first = text.lstrip(_LEADING_NOISE)[:1]
    return bool(first) and first.islower()


def period_phrase(start: dt.date, end: dt.date) -> str:
    """«на 2022–2023 учебный год», «на 2023 год», «на 2021–2023 годы», «на период с 01.08.2020 по …»."""
    if (start.month, start.day, end.month, end.day) == (9, 1, 8, 31) and end.year == start.year + 1:
        return f"на {start.year}–{end.year} учебный год"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        return f"на {start.year} год" if start.year == end.year else f"на {start.year}–{end.year} годы"
    return f"на период с {start:%d.%m.%Y} по {end:%d.%m.%Y}"


def approved_phrase(*, title: str, kind_phrase: str, period: str = "", case: int = 0) -> str:
    """The approved document in a case, for the heading (genitive) or point 1 (accusative).

    «Дорожная карта по развитию ШМО» → «дорожной карты по развитию ШМО на 2022–2023 учебный год»;
    `period` is a period_phrase(), added when the title names no year; `kind_phrase` («дорожная карта»)
    names the document when its title does not.
    """
    title = strip_final_stop(title)
    declined = _decline_title(title, case)
    if declined is None:
        declined_kind = _decline_title(kind_phrase, case) or ""
        if _starts_lowercase(title):
            declined = f"{declined_kind} {title}"
        else:
            declined = f"{declined_kind} «{title.strip(_LEADING_NOISE)}»"
    if period and not _YEAR_RE.search(title):
        declined = f"{declined} {period}"
    return declined


def appendix_title(*, title: str, kind_phrase: str) -> str:
    """The appendix title: the title with its noun phrase in capitals, or «<KIND PHRASE> «title»»."""
    title = strip_final_stop(title)
    capitals = title_in_capitals(title)
    if capitals != title or _leading_phrase(title) is not None:
        return capitals
    capital_kind = kind_phrase.upper()
    if _starts_lowercase(title):
        return f"{capital_kind} {title}"
    return f"{capital_kind} «{title.strip(_LEADING_NOISE)}»"


# --- Organizations in the genitive -------------------------------------------------------------------

#: Head nouns of organization names → genitive.
ORGANIZATION_NOUNS = {
    "управление": "управления",
    "отдел": "отдела",
    "комитет": "комитета",
    "департамент": "департамента",
    "администрация": "администрации",
    "учреждение": "учреждения",
    "кабинет": "кабинета",
    "центр": "центра",
    "министерство": "министерства",
    "служба": "службы",
}
_ORGANIZATION_GENDER = {
    "управление": "n",
    "отдел": "m",
    "комитет": "m",
    "департамент": "m",
    "администрация": "f",
    "учреждение": "n",
    "кабинет": "m",
    "центр": "m",
    "министерство": "n",
    "служба": "f",
}


def organization_genitive(name: str) -> str:
    """«Управление образования администрации N района» → «управления образования администрации N района».

    Leading adjectives and the head noun go into the genitive. A name written in capitals is
    lowered as a whole (proper names then need a hand correction); otherwise the rest is kept.
    """
    name = " ".join(name.split())
    if not name:
        return ""
    all_caps = name.upper() == name
    text = name.lower() if all_caps else name
    declined = inflect_phrase(text, "gent")
    first = declined.split(" ", 1)[0]
    if not first.isupper() or all_caps:
        declined = declined[:1].lower() + declined[1:]
    return declined


# --- People in the accusative («возложить на кого», «назначить кого») -------------------------------

#: First word of a position → accusative («методист» → «методиста»).
POSITION_WORDS = {
    "методист": "методиста",
    "старший": "старшего",
    "ведущий": "ведущего",
    "главный": "главного",
    "заведующий": "заведующего",
    "заведующая": "заведующую",
    "начальник": "начальника",
    "заместитель": "заместителя",
    "директор": "директора",
    "специалист": "специалиста",
    "руководитель": "руководителя",
    "консультант": "консультанта",
    "инспектор": "инспектора",
    "председатель": "председателя",
    "советник": "советника",
    "учитель": "учителя",
    "педагог": "педагога",
    "педагог-психолог": "педагога-психолога",
}


def is_female(*, first_name: str = "", patronymic: str = "") -> bool | None:
    """By the patronymic (-вна/-чна), else by the first name's ending; None when unknown."""
    patronymic = patronymic.lower()
    if patronymic.endswith(("вна", "чна", "кызы")):
        return True
    if patronymic.endswith(("вич", "ич", "оглы")):
        return False
    first = first_name.lower()
    if first.endswith(("а", "я")) and first not in {"илья", "никита", "кузьма", "фома", "лука"}:
        return True
    if first:
        return False
    return None


def surname_accusative(surname: str, *, female: bool) -> str:
    """«Волкова» → «Волкову», «Богинский» → «Богинского»; indeclinable surnames stay as they are."""
    return inflect_person(surname, "accs", gender="femn" if female else "masc")


def position_accusative(position: str) -> str | None:
    """«Методист РМК» → «методиста РМК»; None when the position has no word to decline."""
    position = " ".join(position.split())
    if not position:
        return None
    declined = inflect_phrase(position, "accs")
    if declined == position:
        return None
    first = declined.split(" ", 1)[0]
    if first[:1].isupper() and not first.isupper():
        declined = declined[:1].lower() + declined[1:]
    return declined


def person_accusative(
    *, last_name: str, first_name: str, patronymic: str = "", position: str = ""
) -> str | None:
    """«методиста Волкову Е.В.», or None when the position cannot be declined."""
    initials = "".join(f"{p[0]}." for p in (first_name, patronymic) if p)
    female = bool(is_female(first_name=first_name, patronymic=patronymic))
    surname = surname_accusative(last_name, female=female)
    if position:
        declined = position_accusative(position)
        if declined is None:
            return None
        return f"{declined} {surname} {initials}".strip()
    return f"{surname} {initials}".strip()
