"""Who is responsible, read from the «Ответственные» text. Pure Python, no Django.

The text stays as written; these links let reminders and reports reach real people:
- a role: «Руководители ОО» → every school's director, «руководители ШМО/РМО» → association heads,
  «методисты»/«специалисты методического кабинета» → methodists;
- people named in the text: «Киселева Л.П.», «Л.П. Киселева», «Киселева Людмила Петровна».
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

DIRECTORS = "directors"
ASSOCIATION_HEADS = "association_heads"
METHODISTS = "methodists"

_ROLE_PATTERNS = [
    (
        DIRECTORS,
        r"руководител\w*\s+(?:оо|ou|образовательных\s+(?:организаций|учреждений)|общеобразовательных"
        r"|школ\w*|муниципальных\s+общеобразовательных)|директор\w*\s+(?:школ|оо)|администраци\w+\s+(?:оо|школ)",
    ),
    (
        ASSOCIATION_HEADS,
        r"руководител\w*\s+(?:[шрг]мо|мо\b|методических\s+объединений|районных\s+методических|школьных\s+методических"
        r"|рмо\s+и\s+шмо|профессиональных\s+сообществ)",
    ),
    (METHODISTS, r"методист\w*|специалист\w*\s+(?:районного\s+)?методическ\w+\s+кабинет\w*|\bрмк\b"),
]


#: The groups as the line «Напоминания получат: …» names them.
GROUP_LABELS = {
    METHODISTS: "методисты кабинета",
    DIRECTORS: "руководители ОО",
    ASSOCIATION_HEADS: "руководители МО",
}


# Groups that reminders reach. The office's methodists only in the plural or by the office's bare name:
# «Киселева Л.П. – методист МБУ …» or «специалист РМК Иванова» names one person, not every methodist.
_GROUP_PATTERNS = [
    (DIRECTORS, _ROLE_PATTERNS[0][1]),
    (ASSOCIATION_HEADS, _ROLE_PATTERNS[1][1]),
    (
        METHODISTS,
        r"\bметодист(?:ы|ов|ам|ами)\b|\bспециалист(?:ы|ов|ам|ами)\s+(?:районного\s+)?(?:методическ\w+\s+кабинет|рмк\b)"
        r"|^\W*(?:рмк|(?:районный\s+)?методический\s+кабинет)\W*$",
    ),
]


def _found(text: str, patterns) -> list[str]:
    lowered = (text or "").lower().replace("ё", "е")
    found = []
    for role, pattern in patterns:
        match = re.search(pattern, lowered)
        if match:
            found.append((match.start(), role))
    return [role for _, role in sorted(found)]


def detect_role(text: str) -> str:
    """The first role the text names, or ''."""
    roles = _found(text, _ROLE_PATTERNS)
    return roles[0] if roles else ""


def detect_groups(text: str) -> list[str]:
    """The groups whose members are reminded of the row, in the order the text names them.

    «Специалисты районного методического кабинета», «Методисты МБУ …» → methodists; «Руководители ОО»
    → directors; «Руководители РМО/ШМО» → association heads."""
    return _found(text, _GROUP_PATTERNS)


@dataclass(frozen=True)
class Candidate:
    pk: int
    last_name: str
    first_name: str
    patronymic: str


def _norm(text: str) -> str:
    return (text or "").replace("ё", "е").replace("Ё", "Е")


def find_people(text: str, people: Iterable[Candidate]) -> list[int]:
    """Ids of people named in the text, by surname with matching initials or full name."""
    text = _norm(text)
    result = []
    for person in people:
        if not person.last_name or _norm(person.last_name) not in text:
            continue  # cheap filter before the regular expressions
        last = re.escape(_norm(person.last_name))
        first = _norm(person.first_name)[:1]
        middle = _norm(person.patronymic)[:1]
        initials = rf"{re.escape(first)}\.\s*(?:{re.escape(middle)}\.)?" if first else ""
        patterns = [
            rf"\b{last}\s+{initials}" if initials else None,
            rf"{initials}\s*{last}\b" if initials else None,
            rf"\b{last}\s+{re.escape(_norm(person.first_name))}\b" if person.first_name else None,
        ]
        if any(p and re.search(p, text) for p in patterns):
            result.append(person.pk)
    return result
