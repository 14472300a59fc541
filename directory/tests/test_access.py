"""The access helpers: who sees which organizations and people, and who may change them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from directory import access
from directory.models import Role


@pytest.mark.django_db
def test_methodist_and_administrator_see_the_whole_district(district, methodist, administrator):
    for user in (methodist, administrator):
        assert set(access.organizations_visible_to(user)) == {
            district["office"],
            district["method_office"],
            district["school_a"],
            district["school_b"],
        }
        assert access.people_visible_to(user).count() == len(district["people"])


@pytest.mark.django_db
def test_director_sees_only_own_school_and_its_staff(district, director_a):
    assert list(access.organizations_visible_to(director_a)) == [district["school_a"]]
    assert {p.organization_id for p in access.people_visible_to(director_a)} == {district["school_a"].pk}


@pytest.mark.django_db
def test_director_guessing_other_school_gets_404(district, director_a):
    with pytest.raises(Http404):
        access.get_organization_for_user(director_a, district["school_b"].pk)
    with pytest.raises(Http404):
        access.get_person_for_user(director_a, district["people"]["teacher_b"].pk)


@pytest.mark.django_db
def test_administrator_reads_but_cannot_edit_the_directory(district, administrator):
    school = access.get_organization_for_user(administrator, district["school_a"].pk)
    assert school == district["school_a"]
    with pytest.raises(PermissionDenied):
        access.get_organization_for_user(administrator, district["school_a"].pk, for_update=True)
    with pytest.raises(PermissionDenied):
        access.get_person_for_user(administrator, district["people"]["teacher_a"].pk, for_update=True)


@pytest.mark.django_db
def test_director_edits_own_school_and_staff(district, director_a):
    assert access.get_organization_for_user(director_a, district["school_a"].pk, for_update=True)
    assert access.get_person_for_user(director_a, district["people"]["teacher_a"].pk, for_update=True)
    assert not access.can_add_organization(director_a)
    assert list(access.organizations_for_staff_editing(director_a)) == [district["school_a"]]


@pytest.mark.django_db
def test_teacher_sees_only_own_card(district, teacher_a):
    assert list(access.people_visible_to(teacher_a)) == [district["people"]["teacher_a"]]
    with pytest.raises(Http404):
        access.get_person_for_user(teacher_a, district["people"]["director_a"].pk)
    with pytest.raises(PermissionDenied):
        access.get_person_for_user(teacher_a, district["people"]["teacher_a"].pk, for_update=True)


@pytest.mark.django_db
def test_user_without_roles_sees_nothing(django_user_model, district):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    assert not access.organizations_visible_to(nobody).exists()
    assert not access.people_visible_to(nobody).exists()


@pytest.mark.django_db
def test_role_scope_must_match_its_kind(district, methodist):
    from django.core.exceptions import ValidationError

    from directory import services

    with pytest.raises(ValidationError):
        services.role_grant(user=methodist, kind=Role.Kind.DIRECTOR)  # a director needs a school
    with pytest.raises(ValidationError):
        services.role_grant(user=methodist, kind=Role.Kind.TEACHER, organization=district["school_a"])


@pytest.mark.django_db
def test_scope_is_computed_with_a_constant_number_of_queries(district, director_a, django_assert_num_queries):
    director_a = type(director_a).objects.get(pk=director_a.pk)
    with django_assert_num_queries(2):
        access.user_scope(director_a)
        access.user_scope(director_a)  # cached on the user object
