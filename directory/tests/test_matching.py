import pytest

from directory.matching import OrganizationMatcher, organization_key


@pytest.mark.parametrize(
    "typed",
    [
        'МБОУ "СОШ №1"',
        "МБОУ СОШ № 1",
        "сош №1",
        "СОШ № 1 пгт Тестовый",
        "Муниципальное бюджетное общеобразовательное учреждение «СОШ № 1»",
        "МАОУ «СОШ  № 1»",
    ],
)
def test_spellings_of_one_school(district, typed):
    assert OrganizationMatcher().match(typed) == district["school_a"]


def test_unknown_and_ambiguous_names_match_nothing(district):
    matcher = OrganizationMatcher()
    assert matcher.match("СОШ № 10") is None
    assert matcher.match("Гимназия № 7") is None
    assert matcher.match("") is None
    assert matcher.match("СОШ") is None


def test_keys():
    assert organization_key("МБДОУ детский сад № 5 «Солнышко»") == "детский сад № 5 солнышко"
    assert organization_key("РМК") == "рмк"
