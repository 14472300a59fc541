"""Row editing, deadlines -> occurrences, history, copy to a new period."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from roadmaps import services
from roadmaps.models import Occurrence, RoadmapRow, RowChange
from roadmaps.services import RowData, StaleRowError

from .factories import SAMPLE_ROWS, make_roadmap


@pytest.fixture
def roadmap(district, methodist):
    return make_roadmap(user=methodist, organization=district["method_office"], rows=SAMPLE_ROWS)


def rows_of(roadmap):
    return list(roadmap.rows.order_by("position"))


def dates_of(row):
    return [d.isoformat() for d in row.occurrences.order_by("due_date").values_list("due_date", flat=True)]


@pytest.mark.django_db
def test_new_roadmap_rows_get_levels_and_occurrences(roadmap):
    rows = rows_of(roadmap)
    assert [r.level for r in rows] == [0, 1, 1, 1, 0, 1]
    assert [r.schedule_kind for r in rows[1:4]] == ["continuous", "recurring", "on_request"]
    assert dates_of(rows[2]) == ["2022-10-31", "2022-12-31", "2023-03-31", "2023-05-31"]
    assert dates_of(rows[3]) == []
    assert dates_of(rows[0]) == []  # headings have no dates


@pytest.mark.django_db
def test_changing_the_deadline_text_moves_the_occurrences(roadmap, methodist):
    row = rows_of(roadmap)[5]
    services.row_update(
        user=methodist, row=row, data={"deadline_text": "до 30 сентября"}, version=row.version
    )
    assert dates_of(row) == ["2022-09-30"]
    assert row.deadline_text == "до 30 сентября"


@pytest.mark.django_db
def test_a_stale_edit_is_refused_and_the_other_version_is_kept(roadmap, methodist, administrator):
    row = rows_of(roadmap)[1]
    seen_version = row.version
    services.row_update(user=methodist, row=row, data={"activity": "Версия первого"}, version=seen_version)
    stale = RoadmapRow.objects.get(pk=row.pk)
    with pytest.raises(StaleRowError) as error:
        services.row_update(
            user=administrator, row=stale, data={"activity": "Версия второго"}, version=seen_version
        )
    assert error.value.current.activity == "Версия первого"
    assert RoadmapRow.objects.get(pk=row.pk).activity == "Версия первого"


@pytest.mark.django_db
def test_insert_above_and_below_keeps_the_order(roadmap, methodist):
    anchor = rows_of(roadmap)[2]
    services.row_insert(
        user=methodist, roadmap=roadmap, data=RowData(activity="Выше"), anchor=anchor, where="above"
    )
    services.row_insert(
        user=methodist, roadmap=roadmap, data=RowData(activity="Ниже"), anchor=anchor, where="below"
    )
    activities = [r.activity for r in rows_of(roadmap)]
    i = activities.index(anchor.activity)
    assert activities[i - 1 : i + 2] == ["Выше", anchor.activity, "Ниже"]
    assert [r.position for r in rows_of(roadmap)] == list(range(1, 9))


@pytest.mark.django_db
def test_delete_then_undo_restores_the_row_in_place_with_its_dates(roadmap, methodist):
    row = rows_of(roadmap)[2]
    change = services.row_delete(user=methodist, row=row, version=row.version)
    assert row.activity not in [r.activity for r in rows_of(roadmap)]
    restored = services.row_restore(user=methodist, change=change)
    assert rows_of(roadmap)[2].pk == restored.pk
    assert dates_of(restored) == ["2022-10-31", "2022-12-31", "2023-03-31", "2023-05-31"]
    with pytest.raises(ValidationError):
        services.row_restore(user=methodist, change=change)


@pytest.mark.django_db
def test_move_and_indent(roadmap, methodist):
    row = rows_of(roadmap)[2]
    services.row_move(user=methodist, row=row, direction="up", version=row.version)
    assert rows_of(roadmap)[1].pk == row.pk
    row.refresh_from_db()
    services.row_indent(user=methodist, row=row, delta=-1, version=row.version)
    assert RoadmapRow.objects.get(pk=row.pk).level == 0
    first = rows_of(roadmap)[0]
    with pytest.raises(ValidationError):
        services.row_indent(user=methodist, row=first, delta=1, version=first.version)
    with pytest.raises(ValidationError):
        services.row_move(user=methodist, row=first, direction="up", version=first.version)


@pytest.mark.django_db
def test_renumber_only_when_asked(roadmap, methodist):
    assert [r.number for r in rows_of(roadmap)] == ["", "1", "2", "3", "", "4"]
    changed = services.roadmap_renumber(user=methodist, roadmap=roadmap)
    assert changed == 6
    assert [r.number for r in rows_of(roadmap)] == ["1.", "1.1.", "1.2.", "1.3.", "2.", "2.1."]


@pytest.mark.django_db
def test_changing_the_period_rereads_every_deadline(roadmap, methodist):
    services.roadmap_update(
        user=methodist,
        roadmap=roadmap,
        data={"period_start": dt.date(2023, 9, 1), "period_end": dt.date(2024, 8, 31)},
    )
    rows = rows_of(roadmap)
    assert dates_of(rows[2]) == ["2023-10-31", "2023-12-31", "2024-03-31", "2024-05-31"]
    assert rows[5].schedule_kind == "unparsed"  # «Май 2023 г.» is outside the new period
    assert dates_of(rows[5]) == []


@pytest.mark.django_db
def test_copy_to_next_year_copies_rows_and_rereads_deadlines(roadmap, methodist, district):
    first = rows_of(roadmap)[1]
    first.responsible_people.add(district["people"]["methodist"])
    copy = services.roadmap_copy(
        user=methodist,
        roadmap=roadmap,
        period_start=dt.date(2023, 9, 1),
        period_end=dt.date(2024, 8, 31),
        title="Дорожная карта на 2023-2024 учебный год",
    )
    assert [r.activity for r in rows_of(copy)] == [r.activity for r in rows_of(roadmap)]
    assert copy.status == "draft"
    assert list(rows_of(copy)[1].responsible_people.all()) == [district["people"]["methodist"]]
    assert dates_of(rows_of(copy)[2]) == ["2023-10-31", "2023-12-31", "2024-03-31", "2024-05-31"]
    assert dates_of(rows_of(roadmap)[2])[0] == "2022-10-31"  # the original is untouched


@pytest.mark.django_db
def test_manual_dates_for_an_unparsed_deadline(roadmap, methodist):
    row = rows_of(roadmap)[3]
    services.row_update(
        user=methodist,
        row=row,
        data={"deadline_text": "по особому графику министерства"},
        version=row.version,
    )
    row.refresh_from_db()
    services.row_set_manual_dates(user=methodist, row=row, dates=[dt.date(2023, 3, 15)])
    assert dates_of(row) == ["2023-03-15"]
    assert RoadmapRow.objects.get(pk=row.pk).deadline_text == "по особому графику министерства"
    with pytest.raises(ValidationError):
        services.row_set_manual_dates(user=methodist, row=row, dates=[dt.date(2030, 1, 1)])


@pytest.mark.django_db
def test_every_change_is_in_the_history(roadmap, methodist):
    row = rows_of(roadmap)[1]
    services.row_update(user=methodist, row=row, data={"activity": "Новое"}, version=row.version)
    change = RowChange.objects.filter(roadmap=roadmap, action="update").first()
    assert change.user == methodist
    assert change.before["activity"] == "Обновление положений о ШМО"
    assert change.after["activity"] == "Новое"


@pytest.mark.django_db
def test_occurrence_sync_runs_a_constant_number_of_queries(
    district, methodist, django_assert_max_num_queries
):
    rows = [
        RowData(number=str(i), activity=f"Мероприятие {i}", deadline_text="Ежемесячно") for i in range(200)
    ]
    roadmap = make_roadmap(user=methodist, organization=district["method_office"], rows=rows)
    assert Occurrence.objects.filter(row__roadmap=roadmap).count() == 200 * 12
    with django_assert_max_num_queries(8):
        services.occurrences_sync(roadmap=roadmap)


@pytest.mark.django_db
def test_outdenting_a_row_takes_its_sub_rows_along(district, methodist):
    roadmap = make_roadmap(
        user=methodist,
        organization=district["method_office"],
        rows=[
            RowData(number="1.", activity="Раздел", is_heading=True),
            RowData(number="1.1.", activity="Пункт"),
            RowData(number="1.1.1.", activity="Подпункт"),
            RowData(number="1.2.", activity="Следующий пункт"),
        ],
    )
    assert [r.level for r in rows_of(roadmap)] == [0, 1, 2, 1]
    item = rows_of(roadmap)[1]
    services.row_indent(user=methodist, row=item, delta=-1, version=item.version)
    assert [r.level for r in rows_of(roadmap)] == [0, 0, 1, 1]
    # «1.1.» -> «2.» changes the depth of written numbers: renumbering asks first
    with pytest.raises(services.RenumberNeedsConfirmation):
        services.roadmap_renumber(user=methodist, roadmap=roadmap)
    services.roadmap_renumber(user=methodist, roadmap=roadmap, confirm_depth_changes=True)
    assert [r.number for r in rows_of(roadmap)] == ["1.", "2.", "2.1.", "2.2."]


@pytest.mark.django_db
def test_saving_an_unchanged_row_writes_no_history_and_keeps_the_version(roadmap, methodist):
    row = rows_of(roadmap)[1]
    before = RowChange.objects.count()
    services.row_update(user=methodist, row=row, data={"activity": row.activity}, version=row.version)
    assert RoadmapRow.objects.get(pk=row.pk).version == row.version
    assert RowChange.objects.count() == before


@pytest.mark.django_db
def test_a_heading_cannot_get_dates(roadmap, methodist):
    heading = rows_of(roadmap)[0]
    with pytest.raises(ValidationError):
        services.row_set_manual_dates(user=methodist, row=heading, dates=[dt.date(2023, 3, 1)])


@pytest.mark.django_db
def test_renumbering_that_would_change_a_numbers_depth_asks_first(district, methodist):
    # «4.» and «5.» sit one level down under section 3 (as an older import put them).
    rows = [
        RowData(number="3.", activity="Мониторинг", is_heading=True),
        RowData(number="3.1.", activity="Мониторинг сайтов", deadline_text="Ноябрь 2022"),
        RowData(number="4.", activity="Подготовка отчёта", deadline_text="Май 2023", level=1),
        RowData(number="5.", activity="Размещение отчёта", deadline_text="Май 2023", level=1),
    ]
    roadmap = make_roadmap(user=methodist, organization=district["method_office"], rows=rows)
    with pytest.raises(services.RenumberNeedsConfirmation) as refused:
        services.roadmap_renumber(user=methodist, roadmap=roadmap)
    assert [(old, new) for _, old, new in refused.value.changes] == [("4.", "1.2."), ("5.", "1.3.")]
    assert "«4.» → «1.2.»" in refused.value.messages[0]
    assert [r.number for r in rows_of(roadmap)] == ["3.", "3.1.", "4.", "5."]  # nothing changed
    assert not RowChange.objects.filter(roadmap=roadmap, action=RowChange.Action.RENUMBER).exists()
    assert services.roadmap_renumber(user=methodist, roadmap=roadmap, confirm_depth_changes=True) == 4
    assert [r.number for r in rows_of(roadmap)] == ["1.", "1.1.", "1.2.", "1.3."]


@pytest.mark.django_db
def test_the_summer_setting_skips_july_and_august_of_recurring_items_and_nobody_is_reminded(
    district, methodist, settings, django_capture_on_commit_callbacks
):
    from notifications.reminders import reminders_scan

    settings.ROADMAP_SKIP_SUMMER = True
    methodist.email = "metodist@example.ru"
    methodist.save()
    rows = [
        RowData(number="1", activity="Заседание РМО", deadline_text="Ежемесячно до 25 числа"),
        RowData(number="2", activity="Летняя школа", deadline_text="Июль 2023 г."),
    ]
    roadmap = make_roadmap(
        user=methodist, organization=district["method_office"], rows=rows, status="approved"
    )
    monthly, summer_school = rows_of(roadmap)
    monthly.responsible_people.add(district["people"]["methodist"])
    assert monthly.deadline_text == "Ежемесячно до 25 числа" and monthly.schedule_kind == "recurring"
    assert dates_of(monthly)[-2:] == ["2023-05-25", "2023-06-25"]  # no 25 July, no 25 August
    assert len(dates_of(monthly)) == 10
    assert dates_of(summer_school) == ["2023-07-31"]  # a one-off date stays
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scan(today=dt.date(2023, 7, 25))
    assert not [m for m in mail.outbox if "СРОК СЕГОДНЯ" in m.body]  # nobody is told of 25 July
    settings.ROADMAP_SKIP_SUMMER = False
    services.occurrences_sync(roadmap=roadmap)
    assert "2023-08-25" in dates_of(monthly)
    with django_capture_on_commit_callbacks(execute=True):
        reminders_scan(today=dt.date(2023, 8, 25))
    assert [m for m in mail.outbox if "СРОК СЕГОДНЯ" in m.body]  # without the setting: reminded
