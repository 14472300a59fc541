"""Finding an organization of the directory by the name someone typed in a table.

«МБОУ "СОШ №1"», «СОШ № 1 пгт Октябрьский», «Муниципальное бюджетное общеобразовательное учреждение
«СОШ № 1»» and «сош №1» all name the school whose short name is «СОШ № 1». A name is reduced to a key:
case, «ё», quotes and the spacing around «№» do not matter, and a leading organizational-legal form
(МБОУ, МАОУ, МКОУ, МБДОУ …, or its words spelled out) is dropped. A name matches an organization when
its key equals the key of the organization's short or full name, or starts with one of them followed by
a word (a place: «СОШ № 1 пгт …»). Ambiguous names match nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .models import Organization

#: Abbreviated organizational-legal forms of Russian municipal and state institutions.
_FORM_ABBREVIATION = r"(?:м|г|ч)?(?:б|а|к)?(?:д|н|о)?о?у(?:до)?|мбу(?:до)?|мку|мау|гбу|гку"
_FORM_WORDS = (
    r"(?:муниципальн\w*|государственн\w*|частн\w*|бюджетн\w*|автономн\w*|казенн\w*|"
    r"общеобразовательн\w*|образовательн\w*|дошкольн\w*|учреждени\w*|организаци\w*|"
    r"дополнительн\w*|образовани\w*|\s)+"
)
_LEADING_FORM_RE = re.compile(rf"^(?:(?:{_FORM_ABBREVIATION})\b|{_FORM_WORDS}(?=\S))\s*")
_QUOTES_RE = re.compile(r"[\"'«»„“”‘’`]")
_NUMBER_RE = re.compile(r"(?:№|n°|no\.)\s*(\d)")


def organization_key(name: str) -> str:
    """How organization names are compared; empty for an empty name."""
    text = (name or "").replace("\u00a0", " ").replace("ё", "е").replace("Ё", "Е").casefold()
    text = _QUOTES_RE.sub(" ", text)
    text = _NUMBER_RE.sub(r"№ \1", text)
    text = " ".join(text.replace("№", " № ").split())
    stripped = _LEADING_FORM_RE.sub("", text, count=1).strip()
    # Spelled-out words may leave a short name; an abbreviation alone is kept as the whole name.
    return " ".join((stripped or text).replace(" - ", "-").split())


class OrganizationMatcher:
    """Matches typed names to organizations (loaded once, compared in memory)."""

    def __init__(self, organizations: Iterable[Organization] | None = None):
        if organizations is None:
            organizations = Organization.objects.order_by("pk")
        self._by_key: dict[str, set[int]] = {}
        self._organizations: dict[int, Organization] = {}
        for organization in organizations:
            self._organizations[organization.pk] = organization
            for name in (organization.short_name, organization.name):
                key = organization_key(name)
                if key:
                    self._by_key.setdefault(key, set()).add(organization.pk)

    def match(self, name: str) -> Organization | None:
        """The one organization the name stands for, or None (unknown or ambiguous)."""
        key = organization_key(name)
        if not key:
            return None
        found = self._by_key.get(key)
        if not found:
            # «сош № 1 пгт октябрьский»: the longest known key followed by more words.
            words = key.split()
            for length in range(len(words) - 1, 0, -1):
                found = self._by_key.get(" ".join(words[:length]))
                if found:
                    break
        if found and len(found) == 1:
            return self._organizations[next(iter(found))]
        return None
