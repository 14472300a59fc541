"""The roadmap page, in-place row editing (htmx fragments and plain POSTs), history, access."""

from __future__ import annotations

import json
import re

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse
from django.utils import timezone

from roadmaps import services
from roadmaps.models import Roadmap, RoadmapRow, RowChange
from roadmaps.services import RowData

from .factories import SAMPLE_ROWS, make_roadmap

HTMX = {"HX-Request": "true"}
UNPARSED_ROW = RowData(number="5", activity="Встреча с родителями", deadline_text="Когда получится")


@pytest.fixture
def roadmap(district, methodist):
    return make_roadmap(
        user=methodist,
        organization=district["method_office"],
        rows=[*SAMPLE_ROWS, UNPARSED_ROW],
        goal="Повышение качества работы ШМО",
        tasks="1. Обновить положения.\n2. Провести семинары.",
    )


@pytest.fixture
def approved(roadmap, methodist):
    return services.roadmap_update(user=methodist, roadmap=roadmap, data={"status": Roadmap.Status.APPROVED})


def rows_of(roadmap):
    return list(roadmap.rows.order_by("position"))


def row_at(roadmap, index):
    return rows_of(roadmap)[index]


def dates_of(row):
    return [
        d.strftime("%d.%m.%Y")
        for d in row.occurrences.order_by("due_date").values_list("due_date", flat=True)
    ]


def url(name, roadmap, *extra):
    return reverse(f"roadmaps:{name}", args=[roadmap.pk, *extra])


def text_of(response) -> str:
    return response.content.decode()


def version_in(html: str) -> int:
    return int(re.search(r'name="version" value="(\d+)"', html).group(1))


def state_of(roadmap) -> dict:
    """What a refused change must leave as it was, read afresh from the database: the roadmap, every
    row (with its version and timestamps), their due dates and the history."""
    return {
        "roadmap": model_to_dict(Roadmap.objects.get(pk=roadmap.pk)),
        "rows": list(RoadmapRow.objects.filter(roadmap=roadmap).order_by("pk").values()),
        "dates": sorted(
            (row.pk, due)
            for row in roadmap.rows.all()
            for due in row.occurrences.values_list("due_date", flat=True)
        ),
        "history": RowChange.objects.count(),
    }


# --- Access -------------------------------------------------------------------------------------------


def mutations(roadmap):
    """Every URL that changes something, with a POST body that would work for a methodist."""
    row = row_at(roadmap, 2)
    change = services.row_delete(user=None, row=row_at(roadmap, 3), version=row_at(roadmap, 3).version)
    return [
        (url("renumber", roadmap), {}),
        (url("row_insert", roadmap), {"save": "1", "activity": "Новая"}),
        (url("row_edit", roadmap, row.pk), {"activity": "Правка", "version": row.version}),
        (url("row_delete", roadmap, row.pk), {"version": row.version}),
        (url("row_move", roadmap, row.pk), {"direction": "up", "version": row.version}),
        (url("row_indent", roadmap, row.pk), {"delta": "-1", "version": row.version}),
        (url("row_dates", roadmap, row.pk), {"dates": "30.09.2022"}),
        (url("row_restore", roadmap, change.pk), {}),
    ]


@pytest.mark.django_db
def test_a_methodist_sees_the_roadmap_page_with_its_edit_controls(roadmap, methodist_client):
    response = methodist_client.get(url("detail", roadmap))
    html = text_of(response)
    assert response.status_code == 200
    for text in ("Добавить раздел", "Добавить мероприятие", "Перенумеровать", "История", "✎"):
        assert text in html
    assert url("export", roadmap, "xlsx") in html and url("export", roadmap, "json") in html
    assert url("update", roadmap) in html and url("copy", roadmap) in html
    assert "Нормативно-правовая деятельность" in html and "Повышение качества работы ШМО" in html
    assert "черновик" in html and "2022–2023 учебный год" in html


@pytest.mark.django_db
def test_the_dates_column_shows_dates_badges_and_the_unparsed_warning(roadmap, methodist_client):
    html = text_of(methodist_client.get(url("detail", roadmap)))
    assert "31.10.2022" in html and "31.05.2023" in html  # «1 раз в четверть», «Май 2023 г.»
    assert "по запросу" in html
    assert "постоянно до 31.08.2023" in html
    assert "не распознано" in html and "Не удалось распознать срок" in html
    unparsed = row_at(roadmap, 6)
    assert url("row_dates", roadmap, unparsed.pk) in html


@pytest.mark.django_db
def test_the_administrator_sees_the_page_read_only(roadmap, administrator_client):
    response = administrator_client.get(url("detail", roadmap))
    html = text_of(response)
    assert response.status_code == 200
    assert "Семинары для руководителей ШМО" in html
    for text in ("Добавить раздел", "Перенумеровать", "✎", "Указать даты", url("update", roadmap)):
        assert text not in html
    assert "История" in html


@pytest.mark.django_db
def test_a_director_does_not_see_a_draft(roadmap, director_a_client):
    assert director_a_client.get(url("detail", roadmap)).status_code == 404
    assert director_a_client.get(url("history", roadmap)).status_code == 404
    row = row_at(roadmap, 1)
    assert director_a_client.get(url("row_view", roadmap, row.pk), headers=HTMX).status_code == 404


@pytest.mark.django_db
def test_a_director_sees_an_approved_roadmap_read_only(approved, director_a_client):
    response = director_a_client.get(url("detail", approved))
    html = text_of(response)
    assert response.status_code == 200
    assert "утверждена" in html and "Обновление положений о ШМО" in html
    assert "Добавить раздел" not in html and "✎" not in html
    assert director_a_client.get(url("history", approved)).status_code == 200


@pytest.mark.django_db
def test_every_change_is_refused_to_the_administrator_with_403(roadmap, administrator_client):
    targets = mutations(roadmap)
    before = state_of(roadmap)
    for target, data in targets:
        assert administrator_client.post(target, data, headers=HTMX).status_code == 403, target
    assert state_of(roadmap) == before
    row = row_at(roadmap, 1)
    assert administrator_client.get(url("row_edit", roadmap, row.pk), headers=HTMX).status_code == 403
    assert administrator_client.get(url("row_dates", roadmap, row.pk), headers=HTMX).status_code == 403


@pytest.mark.django_db
def test_every_change_of_an_approved_roadmap_is_refused_to_a_director_with_403(approved, director_a_client):
    targets = mutations(approved)
    before = state_of(approved)
    for target, data in targets:
        assert director_a_client.post(target, data).status_code == 403, target
    assert state_of(approved) == before


@pytest.mark.django_db
def test_every_change_of_a_draft_is_hidden_from_a_director_with_404(roadmap, director_a_client):
    targets = mutations(roadmap)
    before = state_of(roadmap)
    for target, data in targets:
        assert director_a_client.post(target, data).status_code == 404, target
    assert state_of(roadmap) == before


@pytest.mark.django_db
def test_a_methodist_cannot_change_an_archived_roadmap(roadmap, methodist, methodist_client):
    services.roadmap_update(user=methodist, roadmap=roadmap, data={"status": Roadmap.Status.ARCHIVED})
    html = text_of(methodist_client.get(url("detail", roadmap)))
    assert "Добавить раздел" not in html and "в архиве" in html
    targets = mutations(roadmap)
    before = state_of(roadmap)
    for target, data in targets:
        assert methodist_client.post(target, data).status_code == 403, target
    assert state_of(roadmap) == before


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_login_from_every_editor_url(roadmap, anonymous_client):
    row = row_at(roadmap, 1)
    pages = [url("detail", roadmap), url("history", roadmap), url("row_view", roadmap, row.pk)]
    for target in pages + [t for t, _ in mutations(roadmap)]:
        for response in (anonymous_client.get(target), anonymous_client.post(target)):
            assert response.status_code == 302, target
            assert response["Location"].startswith(reverse("login")), target


@pytest.mark.django_db
def test_a_get_on_a_changing_url_is_refused_with_405(roadmap, methodist_client):
    for target, _ in mutations(roadmap):
        response = methodist_client.get(target, headers=HTMX)
        if "/edit/" in target or "/dates/" in target:
            assert response.status_code == 200, target  # GET opens the inline form; only POST saves
        else:
            assert response.status_code == 405, target
        assert methodist_client.put(target).status_code == 405, target


@pytest.mark.django_db
def test_a_post_without_the_csrf_token_is_refused(roadmap, methodist, csrf_client_for):
    client = csrf_client_for(methodist)
    for target, data in mutations(roadmap):
        assert client.post(target, data, headers=HTMX).status_code == 403, target
    assert RoadmapRow.objects.filter(activity="Правка").count() == 0


@pytest.mark.django_db
def test_the_csrf_header_htmx_sends_from_the_page_is_accepted(roadmap, methodist, csrf_client_for):
    client = csrf_client_for(methodist)
    html = text_of(client.get(url("detail", roadmap)))
    token = re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)
    response = client.post(url("renumber", roadmap), headers={**HTMX, "X-CSRFToken": token})
    assert response.status_code == 200
    assert row_at(roadmap, 1).number == "1.1."


# --- Editing a row ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_pencil_opens_the_inline_form_with_the_row_texts_and_its_version(roadmap, methodist_client):
    row = row_at(roadmap, 2)
    response = methodist_client.get(url("row_edit", roadmap, row.pk), headers=HTMX)
    html = text_of(response)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="row-{row.pk}"')
    assert "Семинары для руководителей ШМО" in html and 'value="1 раз в четверть"' in html
    assert version_in(html) == row.version


@pytest.mark.django_db
def test_saving_the_inline_form_returns_the_row_with_the_new_dates(roadmap, methodist_client):
    row = row_at(roadmap, 3)  # «По запросу»
    response = methodist_client.post(
        url("row_edit", roadmap, row.pk),
        {
            "number": "3",
            "activity": "Консультации для педагогов",
            "deadline_text": "Ежемесячно",
            "responsible_text": "Методисты РМК",
            "result_text": "Оказана помощь",
            "version": row.version,
        },
        headers=HTMX,
    )
    html = text_of(response)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="row-{row.pk}"') and "<form" not in html
    assert "30.09.2022" in html and "Консультации для педагогов" in html
    saved = RoadmapRow.objects.get(pk=row.pk)
    assert (saved.activity, saved.deadline_text, saved.responsible_text) == (
        "Консультации для педагогов",
        "Ежемесячно",
        "Методисты РМК",
    )
    assert saved.version == row.version + 1
    assert dates_of(saved)[0] == "30.09.2022" and len(dates_of(saved)) == 12


@pytest.mark.django_db
def test_cancel_shows_the_row_again(roadmap, methodist_client):
    row = row_at(roadmap, 1)
    response = methodist_client.get(url("row_view", roadmap, row.pk), headers=HTMX)
    assert response.status_code == 200
    assert "Обновление положений о ШМО" in text_of(response) and "<form" not in text_of(response)


@pytest.mark.django_db
def test_saving_an_unchanged_form_writes_nothing(roadmap, methodist_client):
    row = row_at(roadmap, 1)
    changes = RowChange.objects.count()
    data = {name: getattr(row, name) for name in services.ROW_TEXT_FIELDS}
    response = methodist_client.post(
        url("row_edit", roadmap, row.pk), {**data, "version": row.version}, headers=HTMX
    )
    assert response.status_code == 200
    assert RowChange.objects.count() == changes
    assert RoadmapRow.objects.get(pk=row.pk).version == row.version


@pytest.mark.django_db
def test_an_empty_activity_returns_the_form_with_the_message_and_the_typed_values(roadmap, methodist_client):
    row = row_at(roadmap, 2)
    response = methodist_client.post(
        url("row_edit", roadmap, row.pk),
        {"number": "2.", "activity": "  ", "deadline_text": "Ежемесячно", "version": row.version},
        headers=HTMX,
    )
    html = text_of(response)
    assert response.status_code == 422
    assert "Заполните мероприятие." in html and 'value="Ежемесячно"' in html and 'value="2."' in html
    assert RoadmapRow.objects.get(pk=row.pk).deadline_text == "1 раз в четверть"


@pytest.mark.django_db
def test_a_too_long_number_is_refused_and_nothing_is_half_saved(roadmap, methodist_client):
    row = row_at(roadmap, 2)
    response = methodist_client.post(
        url("row_edit", roadmap, row.pk),
        {
            "number": "1." * 20,
            "activity": "Новый текст",
            "deadline_text": "Ежемесячно",
            "version": row.version,
        },
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "Номер не длиннее 32 символов." in text_of(response)
    assert "Новый текст" in text_of(response)
    saved = RoadmapRow.objects.get(pk=row.pk)
    assert (saved.activity, saved.version) == (row.activity, row.version)
    assert dates_of(saved) == ["31.10.2022", "31.12.2022", "31.03.2023", "31.05.2023"]


@pytest.mark.django_db
def test_a_plain_post_without_htmx_saves_and_redirects_back_with_a_message(roadmap, methodist_client):
    row = row_at(roadmap, 1)
    response = methodist_client.post(
        url("row_edit", roadmap, row.pk), {"activity": "Обновление положений", "version": row.version}
    )
    assert response.status_code == 302
    assert response["Location"] == url("detail", roadmap) + f"#row-{row.pk}"
    assert RoadmapRow.objects.get(pk=row.pk).activity == "Обновление положений"
    page = methodist_client.get(response["Location"])
    assert "Строка сохранена." in text_of(page)


@pytest.mark.django_db
def test_the_edit_link_without_htmx_opens_the_form_in_the_page(roadmap, methodist_client):
    row = row_at(roadmap, 2)
    response = methodist_client.get(url("row_edit", roadmap, row.pk))
    assert response.status_code == 302
    page = text_of(methodist_client.get(response["Location"]))
    assert 'data-testid="row-form"' in page and 'value="1 раз в четверть"' in page


@pytest.mark.django_db
def test_without_htmx_a_form_with_errors_comes_back_inside_the_page(roadmap, methodist_client):
    row = row_at(roadmap, 2)
    response = methodist_client.post(
        url("row_edit", roadmap, row.pk),
        {"activity": "", "deadline_text": "Ежемесячно", "version": row.version},
    )
    html = text_of(response)
    assert response.status_code == 422
    assert "<html" in html and "Дорожная карта по развитию ШМО" in html
    assert "Заполните мероприятие." in html and 'value="Ежемесячно"' in html
    assert RoadmapRow.objects.get(pk=row.pk).deadline_text == "1 раз в четверть"


@pytest.mark.django_db
def test_without_htmx_insert_opens_the_blank_form_in_the_page(roadmap, methodist_client):
    anchor = row_at(roadmap, 4)
    response = methodist_client.post(url("row_insert", roadmap), {"anchor": anchor.pk, "where": "below"})
    assert response.status_code == 302 and "insert=" in response["Location"]
    html = text_of(methodist_client.get(response["Location"]))
    assert 'id="row-new"' in html and f'name="anchor" value="{anchor.pk}"' in html
    assert (
        html.index(f'id="row-{anchor.pk}"') < html.index('id="row-new"') < html.index("Анализ компетентности")
    )


# --- Two people, one row ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_stale_save_is_refused_and_shows_both_versions(roadmap, methodist, administrator, methodist_client):
    row = row_at(roadmap, 2)
    seen = row.version
    services.row_update(user=methodist, row=row, data={"activity": "Семинары (версия коллеги)"}, version=seen)
    response = methodist_client.post(
        url("row_edit", roadmap, row.pk),
        {"number": "2", "activity": "Семинары (моя версия)", "deadline_text": "Ежемесячно", "version": seen},
        headers=HTMX,
    )
    html = text_of(response)
    assert response.status_code == 409
    assert "Эту строку уже изменил(а) Волкова Елена Викторовна в " in html
    assert "Ниже — сохранённая версия; ваши правки не потеряны" in html
    assert "Семинары (версия коллеги)" in html  # the saved version, read-only
    assert "Семинары (моя версия)" in html and 'value="Ежемесячно"' in html  # the typed values
    assert version_in(html) == seen + 1
    saved = RoadmapRow.objects.get(pk=row.pk)
    assert saved.activity == "Семинары (версия коллеги)" and saved.deadline_text == "1 раз в четверть"

    # Re-applied deliberately with the new version: saved.
    again = methodist_client.post(
        url("row_edit", roadmap, row.pk),
        {
            "number": "2",
            "activity": "Семинары (моя версия)",
            "deadline_text": "Ежемесячно",
            "version": seen + 1,
        },
        headers=HTMX,
    )
    assert again.status_code == 200
    assert RoadmapRow.objects.get(pk=row.pk).activity == "Семинары (моя версия)"


@pytest.mark.django_db
def test_without_htmx_a_stale_save_shows_the_conflict_inside_the_page(roadmap, methodist, methodist_client):
    row = row_at(roadmap, 2)
    seen = row.version
    services.row_update(user=methodist, row=row, data={"activity": "Версия коллеги"}, version=seen)
    response = methodist_client.post(
        url("row_edit", roadmap, row.pk), {"activity": "Моя версия", "version": seen}
    )
    html = text_of(response)
    assert response.status_code == 409
    assert "<html" in html and "Эту строку уже изменил(а) Волкова Елена Викторовна" in html
    assert "Версия коллеги" in html and "Моя версия" in html and version_in(html) == seen + 1


@pytest.mark.django_db
def test_a_conflict_caused_by_renumbering_names_who_renumbered(roadmap, administrator, methodist_client):
    row = row_at(roadmap, 2)
    seen = row.version
    services.roadmap_renumber(user=administrator, roadmap=roadmap)
    response = methodist_client.post(
        url("row_edit", roadmap, row.pk), {"activity": "Моя правка", "version": seen}, headers=HTMX
    )
    assert response.status_code == 409
    assert "Эту строку уже изменил(а) Богинский Юрий Николаевич в " in text_of(response)


@pytest.mark.django_db
def test_saving_a_row_deleted_meanwhile_offers_to_add_the_text_as_a_new_row(
    roadmap, methodist, methodist_client
):
    row = row_at(roadmap, 2)
    services.row_delete(user=methodist, row=row, version=row.version)
    response = methodist_client.post(
        url("row_edit", roadmap, row.pk),
        {
            "number": "2",
            "activity": "Мой текст семинара",
            "deadline_text": "Ежемесячно",
            "version": row.version,
        },
        headers=HTMX,
    )
    html = text_of(response)
    assert response.status_code == 409
    assert "Эту строку уже удалили" in html and "Мой текст семинара" in html
    assert f'hx-post="{url("row_insert", roadmap)}"' in html and "Добавить как новую строку" in html

    added = methodist_client.post(
        url("row_insert", roadmap),
        {
            "save": "1",
            "is_heading": "0",
            "number": "2",
            "activity": "Мой текст семинара",
            "deadline_text": "Ежемесячно",
        },
        headers=HTMX,
    )
    assert added.status_code == 200
    assert rows_of(roadmap)[-1].activity == "Мой текст семинара"


@pytest.mark.django_db
def test_deleting_with_a_stale_version_keeps_the_row_and_says_who_changed_it(
    roadmap, methodist, methodist_client
):
    row = row_at(roadmap, 2)
    seen = row.version
    services.row_update(user=methodist, row=row, data={"activity": "Изменено"}, version=seen)
    response = methodist_client.post(url("row_delete", roadmap, row.pk), {"version": seen}, headers=HTMX)
    assert response.status_code == 409
    assert "Строку «2 Изменено» уже изменил(а) Волкова Елена Викторовна в " in text_of(response)
    assert RoadmapRow.objects.filter(pk=row.pk).exists()


# --- Insert, delete, undo -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_insert_without_text_opens_a_blank_form_and_saves_nothing(roadmap, methodist_client):
    anchor = row_at(roadmap, 0)
    count = roadmap.rows.count()
    response = methodist_client.post(
        url("row_insert", roadmap), {"anchor": anchor.pk, "where": "below"}, headers=HTMX
    )
    html = text_of(response)
    assert response.status_code == 200
    assert 'data-mode="new"' in html and f'name="anchor" value="{anchor.pk}"' in html
    assert roadmap.rows.count() == count


@pytest.mark.django_db
def test_an_item_inserted_below_a_heading_goes_one_level_under_it(roadmap, methodist_client):
    heading = row_at(roadmap, 4)  # «Аналитическая работа»
    response = methodist_client.post(
        url("row_insert", roadmap),
        {
            "save": "1",
            "anchor": heading.pk,
            "where": "below",
            "is_heading": "0",
            "activity": "Мониторинг",
            "deadline_text": "Декабрь 2022 г.",
        },
        headers=HTMX,
    )
    html = text_of(response)
    assert response.status_code == 200
    assert "Мониторинг" in html and "31.12.2022" in html
    rows = rows_of(roadmap)
    assert [r.activity for r in rows[4:7]] == ["Аналитическая работа", "Мониторинг", "Анализ компетентности"]
    assert rows[5].level == heading.level + 1
    assert [r.position for r in rows] == list(range(1, len(rows) + 1))


@pytest.mark.django_db
def test_an_item_inserted_above_keeps_the_anchor_level(roadmap, methodist_client):
    anchor = row_at(roadmap, 2)
    methodist_client.post(
        url("row_insert", roadmap),
        {"save": "1", "anchor": anchor.pk, "where": "above", "activity": "Выше"},
        headers=HTMX,
    )
    rows = rows_of(roadmap)
    assert rows[2].activity == "Выше" and rows[2].level == anchor.level and rows[3].pk == anchor.pk


@pytest.mark.django_db
def test_a_heading_added_from_the_toolbar_goes_to_the_end_at_the_top_level(roadmap, methodist_client):
    response = methodist_client.post(
        url("row_insert", roadmap), {"save": "1", "is_heading": "1", "activity": "Итоги года"}, headers=HTMX
    )
    assert response.status_code == 200
    last = rows_of(roadmap)[-1]
    assert (last.activity, last.is_heading, last.level) == ("Итоги года", True, 0)
    assert "rm-heading" in text_of(response)


@pytest.mark.django_db
def test_an_empty_new_row_is_refused_and_nothing_is_created(roadmap, methodist_client):
    count = roadmap.rows.count()
    response = methodist_client.post(
        url("row_insert", roadmap),
        {"save": "1", "activity": "", "deadline_text": "Май 2023 г."},
        headers=HTMX,
    )
    assert response.status_code == 422
    assert "Заполните мероприятие." in text_of(response) and 'value="Май 2023 г."' in text_of(response)
    assert roadmap.rows.count() == count


@pytest.mark.django_db
def test_delete_shows_the_undo_bar_and_undo_brings_the_row_back_with_its_dates(roadmap, methodist_client):
    row = row_at(roadmap, 2)
    response = methodist_client.post(
        url("row_delete", roadmap, row.pk), {"version": row.version}, headers=HTMX
    )
    html = text_of(response)
    assert response.status_code == 200
    assert "Строка удалена." in html and "Отменить" in html
    assert not RoadmapRow.objects.filter(pk=row.pk).exists()
    change = RowChange.objects.get(action=RowChange.Action.DELETE)
    assert url("row_restore", roadmap, change.pk) in html

    restored = methodist_client.post(url("row_restore", roadmap, change.pk), headers=HTMX)
    assert restored.status_code == 200
    assert "Семинары для руководителей ШМО" in text_of(restored) and "31.10.2022" in text_of(restored)
    back = row_at(roadmap, 2)
    assert back.activity == row.activity and dates_of(back)[0] == "31.10.2022"

    twice = methodist_client.post(url("row_restore", roadmap, change.pk), headers=HTMX)
    assert twice.status_code == 422 and "Удаление уже отменено." in text_of(twice)


@pytest.mark.django_db
def test_a_change_of_another_roadmap_cannot_be_restored_through_this_one(
    roadmap, district, methodist, methodist_client
):
    other = make_roadmap(
        user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS, title="Другая"
    )
    row = row_at(other, 1)
    change = services.row_delete(user=methodist, row=row, version=row.version)
    assert methodist_client.post(url("row_restore", roadmap, change.pk), headers=HTMX).status_code == 404


# --- Move, indent, renumber ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_moving_a_row_up_returns_the_whole_table_body_in_the_new_order(roadmap, methodist_client):
    row = row_at(roadmap, 2)
    response = methodist_client.post(
        url("row_move", roadmap, row.pk), {"direction": "up", "version": row.version}, headers=HTMX
    )
    html = text_of(response)
    assert response.status_code == 200
    assert html.lstrip().startswith('<tbody id="roadmap-rows"')
    assert html.index("Семинары для руководителей ШМО") < html.index("Обновление положений о ШМО")
    assert row_at(roadmap, 1).pk == row.pk


@pytest.mark.django_db
def test_moving_the_first_row_up_is_refused_with_a_notice(roadmap, methodist_client):
    row = row_at(roadmap, 0)
    response = methodist_client.post(
        url("row_move", roadmap, row.pk), {"direction": "up", "version": row.version}, headers=HTMX
    )
    assert response.status_code == 422
    assert "Строку некуда перемещать." in text_of(response)
    assert row_at(roadmap, 0).pk == row.pk


@pytest.mark.django_db
def test_indent_and_outdent_change_the_level(roadmap, methodist_client):
    row = row_at(roadmap, 2)  # level 1, after a level-1 row
    response = methodist_client.post(
        url("row_indent", roadmap, row.pk), {"delta": "1", "version": row.version}, headers=HTMX
    )
    assert response.status_code == 200 and "rm-level-2" in text_of(response)
    assert RoadmapRow.objects.get(pk=row.pk).level == 2
    methodist_client.post(
        url("row_indent", roadmap, row.pk), {"delta": "-1", "version": row.version + 1}, headers=HTMX
    )
    assert RoadmapRow.objects.get(pk=row.pk).level == 1


@pytest.mark.django_db
def test_an_impossible_indent_is_refused_with_a_notice(roadmap, methodist_client):
    row = row_at(roadmap, 0)
    response = methodist_client.post(
        url("row_indent", roadmap, row.pk), {"delta": "1", "version": row.version}, headers=HTMX
    )
    assert response.status_code == 422 and "Уровень строки нельзя изменить так." in text_of(response)
    assert RoadmapRow.objects.get(pk=row.pk).level == 0


@pytest.mark.django_db
def test_a_stale_move_is_refused_with_the_fresh_table(roadmap, methodist, methodist_client):
    row = row_at(roadmap, 2)
    seen = row.version
    services.row_update(user=methodist, row=row, data={"activity": "Изменено"}, version=seen)
    response = methodist_client.post(
        url("row_move", roadmap, row.pk), {"direction": "up", "version": seen}, headers=HTMX
    )
    assert response.status_code == 409
    assert "Строку «2 Изменено» уже изменил(а) Волкова Елена Викторовна" in text_of(response)
    assert row_at(roadmap, 2).pk == row.pk


@pytest.mark.django_db
def test_renumber_numbers_every_row_from_the_outline(roadmap, methodist_client):
    response = methodist_client.post(url("renumber", roadmap), headers=HTMX)
    assert response.status_code == 200
    assert [r.number for r in rows_of(roadmap)] == ["1.", "1.1.", "1.2.", "1.3.", "2.", "2.1.", "2.2."]
    assert text_of(response).count("изменено номеров: 7") == 1  # once, above the rows
    again = methodist_client.post(url("renumber", roadmap), headers=HTMX)
    assert "ничего не изменилось" in text_of(again)


@pytest.mark.django_db
def test_renumber_without_htmx_redirects_with_a_message(roadmap, methodist_client):
    response = methodist_client.post(url("renumber", roadmap), follow=True)
    assert response.redirect_chain[-1] == (url("detail", roadmap), 302)
    assert "Строки перенумерованы" in text_of(response)


@pytest.mark.django_db
def test_a_plain_post_move_redirects_back_to_the_row(roadmap, methodist_client):
    row = row_at(roadmap, 2)
    response = methodist_client.post(
        url("row_move", roadmap, row.pk), {"direction": "down", "version": row.version}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#row-{row.pk}")
    assert row_at(roadmap, 3).pk == row.pk


# --- Manual dates -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_manual_dates_for_an_unparsed_deadline_are_saved_and_the_text_stays(roadmap, methodist_client):
    row = row_at(roadmap, 6)
    form = methodist_client.get(url("row_dates", roadmap, row.pk), headers=HTMX)
    assert form.status_code == 200 and "Когда получится" in text_of(form)
    response = methodist_client.post(
        url("row_dates", roadmap, row.pk), {"dates": "15.10.2022\n20.03.2023"}, headers=HTMX
    )
    html = text_of(response)
    assert response.status_code == 200
    assert "15.10.2022" in html and "20.03.2023" in html and "вручную" in html
    saved = RoadmapRow.objects.get(pk=row.pk)
    assert saved.manual_dates and saved.deadline_text == "Когда получится"
    assert dates_of(saved) == ["15.10.2022", "20.03.2023"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31.02.2023", "Не удалось прочитать дату: «31.02.2023»"),
        ("в октябре", "Пишите даты в виде дд.мм.гггг"),
        ("01.10.2022\n01.01.2030", "Дата 01.01.2030 вне периода дорожной карты (2022–2023 учебный год)."),
    ],
)
def test_a_wrong_manual_date_is_refused_and_nothing_is_saved(roadmap, methodist_client, typed, message):
    row = row_at(roadmap, 6)
    response = methodist_client.post(url("row_dates", roadmap, row.pk), {"dates": typed}, headers=HTMX)
    assert response.status_code == 422
    assert message in text_of(response)
    saved = RoadmapRow.objects.get(pk=row.pk)
    assert not saved.manual_dates and dates_of(saved) == []


@pytest.mark.django_db
def test_without_htmx_a_wrong_manual_date_comes_back_inside_the_page(roadmap, methodist_client):
    row = row_at(roadmap, 6)
    response = methodist_client.post(url("row_dates", roadmap, row.pk), {"dates": "32.13.2022"})
    assert response.status_code == 422
    assert "<html" in text_of(response) and "Не удалось прочитать дату: «32.13.2022»" in text_of(response)
    good = methodist_client.post(url("row_dates", roadmap, row.pk), {"dates": "30.09.2022"})
    assert good.status_code == 302 and dates_of(RoadmapRow.objects.get(pk=row.pk)) == ["30.09.2022"]


@pytest.mark.django_db
def test_empty_manual_dates_return_the_row_to_its_deadline_text(roadmap, methodist, methodist_client):
    row = row_at(roadmap, 6)
    services.row_set_manual_dates(user=methodist, row=row, dates=[row.roadmap.period_start])
    response = methodist_client.post(url("row_dates", roadmap, row.pk), {"dates": ""}, headers=HTMX)
    assert response.status_code == 200 and "не распознано" in text_of(response)
    assert not RoadmapRow.objects.get(pk=row.pk).manual_dates


# --- History ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_history_shows_who_when_what_and_only_the_changed_fields(roadmap, methodist, methodist_client):
    row = row_at(roadmap, 2)
    services.row_update(user=methodist, row=row, data={"deadline_text": "Ежемесячно"}, version=row.version)
    response = methodist_client.get(url("history", roadmap))
    html = text_of(response)
    assert response.status_code == 200
    assert "Волкова Елена Викторовна" in html and "Изменена строка" in html
    change = RowChange.objects.filter(action=RowChange.Action.UPDATE).get()
    assert timezone.localtime(change.at).strftime("%d.%m.%Y %H:%M") in html  # local time, not UTC
    assert "<del>1 раз в четверть</del>" in html and "<ins>Ежемесячно</ins>" in html
    update = html[html.index('data-action="update"') :]
    update = update[: update.index("</tr>")]
    assert "Сроки" in update and "Ответственные" not in update and "Мероприятие" not in update
    assert "Добавлено строк: 7." in html


@pytest.mark.django_db
def test_history_names_deletes_moves_renumbering_and_manual_dates(roadmap, methodist, methodist_client):
    row = row_at(roadmap, 3)
    services.row_move(user=methodist, row=row, direction="up", version=row.version)
    services.row_set_manual_dates(user=methodist, row=row_at(roadmap, 6), dates=[roadmap.period_start])
    services.roadmap_renumber(user=methodist, roadmap=roadmap)
    victim = row_at(roadmap, 5)
    services.row_delete(user=methodist, row=victim, version=victim.version)
    html = text_of(methodist_client.get(url("history", roadmap)))
    for text in (
        "Удалена строка",
        "Перемещена строка",
        "Перенумерация",
        "Изменены номера строк: 7.",
        "Даты заданы вручную.",
        "01.09.2022",
        "Анализ компетентности",
    ):
        assert text in html, text


@pytest.mark.django_db
def test_history_is_paginated(roadmap, methodist, methodist_client):
    row = row_at(roadmap, 1)
    for index in range(55):
        row = services.row_update(
            user=methodist, row=row, data={"activity": f"Текст {index}"}, version=row.version
        )
    first = text_of(methodist_client.get(url("history", roadmap)))
    assert "Страница 1 из 2" in first and "Текст 54" in first
    second = text_of(methodist_client.get(url("history", roadmap) + "?page=2"))
    assert "Добавлено строк: 7." in second


# --- Queries ------------------------------------------------------------------------------------------


def _big_roadmap(user, organization, size):
    deadlines = [
        "Ежемесячно",
        "1 раз в четверть",
        "По запросу",
        "Постоянно",
        "Май 2023 г.",
        "Когда получится",
    ]
    rows = []
    for index in range(size):
        if index % 10 == 0:
            rows.append(RowData(activity=f"Раздел {index // 10 + 1}", is_heading=True))
        else:
            rows.append(
                RowData(activity=f"Мероприятие {index}", deadline_text=deadlines[index % len(deadlines)])
            )
    return make_roadmap(user=user, organization=organization, rows=rows, title=f"Карта на {size} строк")


# Includes the navbar bell (unread notices) and, for the методист, who is reminded of each row (the
# groups' members and the linked people: two queries for the whole page).
QUERY_BOUND = 13


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 300])
def test_the_roadmap_page_runs_a_constant_number_of_queries(
    district, methodist, methodist_client, django_assert_max_num_queries, size
):
    roadmap = _big_roadmap(methodist, district["method_office"], size)
    with django_assert_max_num_queries(QUERY_BOUND):
        response = methodist_client.get(url("detail", roadmap))
    assert response.status_code == 200
    assert text_of(response).count('class="rm-row') == size


@pytest.mark.django_db
def test_renumber_that_would_change_a_numbers_depth_shows_the_changes_and_waits(
    district, methodist, methodist_client
):
    roadmap = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        rows=[
            RowData(number="3.", activity="Мониторинг", is_heading=True),
            RowData(number="3.1.", activity="Мониторинг сайтов", deadline_text="Ноябрь 2022"),
            RowData(number="4.", activity="Подготовка отчёта", deadline_text="Май 2023", level=1),
        ],
    )
    response = methodist_client.post(url("renumber", roadmap), headers=HTMX)
    page = text_of(response)
    assert response.status_code == 200 and 'data-testid="renumber-warning"' in page
    assert "«4.» → «1.2.»: Подготовка отчёта" in page and 'name="confirm_depth_changes" value="1"' in page
    assert [r.number for r in rows_of(roadmap)] == ["3.", "3.1.", "4."]
    plain = methodist_client.post(url("renumber", roadmap))  # without htmx: a page asking the same
    assert plain.status_code == 200 and "«4.» → «1.2.»" in text_of(plain)
    assert [r.number for r in rows_of(roadmap)] == ["3.", "3.1.", "4."]
    done = methodist_client.post(url("renumber", roadmap), {"confirm_depth_changes": "1"}, headers=HTMX)
    assert "изменено номеров: 3" in text_of(done)
    assert [r.number for r in rows_of(roadmap)] == ["1.", "1.1.", "1.2."]


@pytest.mark.django_db
def test_a_due_date_on_a_day_off_is_marked_on_the_page(district, methodist, methodist_client):
    roadmap = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        rows=[
            RowData(number="1", activity="Семинар в субботу", deadline_text="06.05.2023"),
            RowData(number="2", activity="Совещание в пятницу", deadline_text="05.05.2023"),
        ],
    )
    page = text_of(methodist_client.get(url("detail", roadmap)))
    saturday, friday = (
        re.search(rf'id="row-{row.pk}".*?</tr>', page, re.S).group(0) for row in rows_of(roadmap)
    )
    assert re.search(r"06\.05\.2023 <span[^>]*>выходной день, суббота</span>", saturday)
    assert "06.05.2023" in saturday and "выходной" not in friday and "05.05.2023" in friday
    assert rows_of(roadmap)[0].deadline_text == "06.05.2023"  # the text stays as written


def announced(response) -> dict:
    """What static/js/app.js says and where it puts the focus after this fragment (core.web.htmx_announce)."""
    return json.loads(response["HX-Trigger-After-Settle"])["mk-update"]


@pytest.mark.django_db
def test_each_in_place_change_names_its_announcement_and_where_the_focus_goes(roadmap, methodist_client):
    heading, item = row_at(roadmap, 0), row_at(roadmap, 2)
    data = {name: getattr(item, name) for name in services.ROW_TEXT_FIELDS}
    saved = methodist_client.post(
        url("row_edit", roadmap, item.pk),
        {**data, "activity": "Семинары и практикумы", "version": item.version},
        headers=HTMX,
    )
    assert announced(saved) == {
        "say": "Строка 2 сохранена",
        "focus": [f"#row-{item.pk} .rm-edit", f"#row-{item.pk}"],
    }
    data = {name: getattr(heading, name) for name in services.ROW_TEXT_FIELDS}
    saved = methodist_client.post(
        url("row_edit", roadmap, heading.pk),
        {**data, "activity": "Нормативная база", "version": heading.version},
        headers=HTMX,
    )
    assert announced(saved)["say"] == "Раздел «Нормативная база» сохранён"
    cancelled = methodist_client.get(url("row_view", roadmap, item.pk), headers=HTMX)
    assert announced(cancelled)["say"] == "Изменения отменены"
    moved = methodist_client.post(
        url("row_move", roadmap, item.pk), {"direction": "down", "version": item.version + 1}, headers=HTMX
    )
    assert announced(moved) == {
        "say": "Строка 2 перемещена",
        "focus": [f"#row-{item.pk} .rm-menu", f"#row-{item.pk}"],
    }
    deleted = methodist_client.post(
        url("row_delete", roadmap, item.pk),
        {"version": RoadmapRow.objects.get(pk=item.pk).version},
        headers=HTMX,
    )
    assert announced(deleted) == {"say": "Строка 2 удалена", "focus": [f"#row-{item.pk}"]}
    renumbered = methodist_client.post(url("renumber", roadmap), {"confirm_depth_changes": "1"}, headers=HTMX)
    assert announced(renumbered)["say"].startswith("Строки перенумерованы по структуре карты")
    assert announced(renumbered)["focus"] == ["#rm-renumber"]


@pytest.mark.django_db
def test_a_new_rows_form_names_the_button_that_opened_it(roadmap, methodist_client):
    anchor = row_at(roadmap, 1)
    at_end = methodist_client.post(url("row_insert", roadmap), {"is_heading": "0"}, headers=HTMX)
    assert 'data-rm-opener="#rm-add-item"' in text_of(at_end)
    heading = methodist_client.post(url("row_insert", roadmap), {"is_heading": "1"}, headers=HTMX)
    assert 'data-rm-opener="#rm-add-heading"' in text_of(heading)
    below = methodist_client.post(
        url("row_insert", roadmap), {"is_heading": "0", "anchor": anchor.pk, "where": "below"}, headers=HTMX
    )
    assert f'data-rm-opener="#row-{anchor.pk} .rm-menu"' in text_of(below)
    page = text_of(methodist_client.get(url("detail", roadmap)))
    assert 'id="rm-add-item"' in page and 'id="rm-add-heading"' in page
