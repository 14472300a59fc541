"""The start page: each role sees what it can reach; anonymous visitors are sent to log in."""

import pytest


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(anonymous_client):
    response = anonymous_client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


@pytest.mark.django_db
def test_methodist_start_page_offers_the_district_directory_and_import(methodist_client):
    page = methodist_client.get("/").content.decode()
    assert "Методист" in page
    assert "Организации района" in page
    assert "/directory/import/" in page


@pytest.mark.django_db
def test_director_start_page_links_own_school_only(district, director_a_client):
    page = director_a_client.get("/").content.decode()
    assert "Руководитель ОО" in page
    assert f"/directory/organizations/{district['school_a'].pk}/" in page
    assert f"/directory/organizations/{district['school_b'].pk}/" not in page
    assert "/directory/import/" not in page


@pytest.mark.django_db
def test_administrator_start_page_has_no_import(administrator_client):
    page = administrator_client.get("/").content.decode()
    assert "Администратор" in page
    assert "Организации района" in page
    assert "/directory/import/" not in page


@pytest.mark.django_db
def test_teacher_start_page_shows_own_card(district, teacher_a_client):
    page = teacher_a_client.get("/").content.decode()
    assert f"/directory/people/{district['people']['teacher_a'].pk}/" in page
    assert "Организации района" not in page


@pytest.mark.django_db
def test_user_without_roles_is_told_to_ask_the_methodist(django_user_model, client):
    user = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert "пока нет ролей" in client.get("/").content.decode()


@pytest.mark.django_db
def test_start_page_query_count_does_not_depend_on_the_district_size(
    district, methodist_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        assert methodist_client.get("/").status_code == 200
