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
    # 9: the eighth-query budget plus one for the annual analyses waiting for review (associations).
    with django_assert_max_num_queries(9):
        assert methodist_client.get("/").status_code == 200


def _card_titles(page: str, role: str) -> list[str]:
    import re

    section = page.split(f'data-role="{role}"', 1)[1].split("</section>", 1)[0]
    return [
        re.sub(r"<[^>]+>", "", title).strip()
        for title in re.findall(r'<h3 class="h6 card-title">(.*?)</h3>', section)
    ]


@pytest.mark.django_db
def test_director_start_page_has_my_tasks_card(director_a_client):
    page = director_a_client.get("/").content.decode()
    assert "Мои задачи" in _card_titles(page, "director")
    assert 'href="/roadmaps/tasks/"' in page.split('data-role="director"', 1)[1]


@pytest.mark.django_db
def test_head_of_office_start_page_shows_orders_waiting_for_signature_with_a_count(
    district, methodist, administrator, administrator_client, methodist_client
):
    from orders import services as order_services
    from orders.tests.factories import SAMPLE_ROWS, make_roadmap, ready_draft

    page = administrator_client.get("/").content.decode()
    titles = _card_titles(page, "administrator")
    assert "На подпись" in titles and "Приказы" in titles
    assert "Проектов приказов, ждущих вашей подписи или визы, нет." in page

    people = district["people"]
    roadmaps = [
        make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS, title=title)
        for title in ("План работы РМО на 2026-2027 учебный год", "План работы ШМО на 2026-2027 учебный год")
    ]
    # One waits for the head's visa; one for the methodist's visa (not yet the head's signature).
    for roadmap, approver in zip(roadmaps, ("administrator", "methodist"), strict=True):
        order = ready_draft(user=methodist, roadmap=roadmap)
        order_services.order_send_for_review(user=methodist, order=order, approvers=[people[approver]])

    page = administrator_client.get("/").content.decode()
    assert "Проектов приказов ждут вашей подписи или визы: 1." in page
    journal = administrator_client.get("/orders/?awaiting=on").content.decode()
    assert "плана работы РМО" in journal and "плана работы ШМО" not in journal
    assert "Приказы" in _card_titles(methodist_client.get("/").content.decode(), "methodist")
