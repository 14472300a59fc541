"""«Формы мониторинга»: the list and the form page, the builder (sections, indicators, checks), the edit
rules once schools answered, the copy to the next year, and the campaign's roadmap item."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monitoring import builder, results
from monitoring.models import Answer, Campaign, Indicator, MonitoringForm, Section, Submission
from progress import links
from roadmaps.services import RowData
from roadmaps.tests.factories import make_roadmap

pytestmark = pytest.mark.django_db

S = Submission.State
K = Indicator.Kind


def form_url(form):
    return reverse("monitoring:form_detail", args=[form.pk])


def new_indicator_url(form):
    return reverse("monitoring:indicator_create", args=[form.pk])


def edit_url(indicator):
    return reverse("monitoring:indicator_edit", args=[indicator.form_id, indicator.pk])


def post_data(**values):
    data = {
        "section": "",
        "code": "",
        "name": "Показатель",
        "kind": K.NUMBER_INT,
        "help_text": "",
        "min_value": "",
        "max_value": "",
        "choices_text": "",
        "formula": "",
        "aggregate": Indicator.Aggregate.SUM,
        "target": "",
        "target_direction": "ge",
    }
    data.update(values)
    if data.pop("required", False):
        data["required"] = "on"
    return data


def indicator_data(indicator, **changes):
    """The edit page's POST for the indicator as it is, with `changes`."""
    data = post_data(
        section=indicator.section_id or "",
        code=indicator.code,
        name=indicator.name,
        kind=indicator.kind,
        help_text=indicator.help_text,
        choices_text="\n".join(indicator.choices),
        formula=indicator.formula,
        aggregate=indicator.aggregate,
        target="" if indicator.target is None else str(indicator.target),
        target_direction=indicator.target_direction,
        required=indicator.required,
    )
    data.update(changes)
    if data.pop("required", False):
        data["required"] = "on"
    return data


def errors_of(response) -> str:
    """The text of the error messages shown next to the fields and above the form."""
    html = response.content.decode()
    blocks = re.findall(
        r'<div[^>]*class="(?:invalid-feedback|alert alert-danger)[^"]*"[^>]*>(.*?)</div>', html, re.S
    )
    return " | ".join(" ".join(re.sub(r"<[^>]+>", " ", block).split()) for block in blocks)


@pytest.fixture
def mform(district):
    form = MonitoringForm.objects.create(title="Мониторинг деятельности ШМО", year=2025)
    section = Section.objects.create(form=form, position=0, title="Кадры")
    spec = [
        ("teachers", "Всего педагогов", K.NUMBER_INT, "", None, False),
        ("young", "Молодые специалисты", K.NUMBER_INT, "", None, False),
        ("share", "Доля молодых", K.SHARE, "young / teachers * 100", 30, False),
        ("level", "Уровень", K.CHOICE, "", None, False),
        ("forms", "Формы работы", K.MULTICHOICE, "", None, False),
    ]
    for n, (code, name, kind, formula, target, required) in enumerate(spec):
        Indicator.objects.create(
            form=form,
            section=section,
            position=n,
            code=code,
            name=name,
            kind=kind,
            formula=formula,
            target=target,
            target_direction="le" if target else "ge",
            required=required,
            choices=["высокий", "средний", "низкий"]
            if kind == K.CHOICE
            else (["семинар", "открытый урок"] if kind == K.MULTICHOICE else []),
            aggregate=Indicator.Aggregate.FORMULA
            if kind == K.SHARE
            else (Indicator.Aggregate.NONE if kind in (K.CHOICE, K.MULTICHOICE) else Indicator.Aggregate.SUM),
        )
    return form


def indicator(form, code) -> Indicator:
    return Indicator.objects.get(form=form, code=code)


def answered(form, district, state=S.SUBMITTED, org="school_a", **values):
    campaign = Campaign.objects.filter(form=form).first() or Campaign.objects.create(
        form=form, title="ШМО 2025-2026", status=Campaign.Status.OPEN
    )
    submission = Submission.objects.create(campaign=campaign, organization=district[org], state=state)
    Answer.objects.bulk_create(
        [Answer(submission=submission, indicator=indicator(form, c), value=v) for c, v in values.items()]
    )
    return submission


# --- The list and the form page ---------------------------------------------------------------------------


def test_the_methodist_sees_forms_by_year_and_the_campaign_list_links_them(methodist_client, mform):
    MonitoringForm.objects.create(title="Мониторинг деятельности ШМО", year=2024)
    page = methodist_client.get(reverse("monitoring:list")).content.decode()
    assert reverse("monitoring:form_list") in page
    html = methodist_client.get(reverse("monitoring:form_list")).content.decode()
    assert html.index("2025-2026 учебный год") < html.index("2024-2025 учебный год")
    assert form_url(mform) in html


def test_the_form_page_lists_indicators_in_order_with_targets_formulas_and_campaigns(methodist_client, mform):
    Campaign.objects.create(form=mform, title="ШМО осень 2025")
    html = methodist_client.get(form_url(mform)).content.decode()
    positions = [html.index(f"<code>{code}</code>") for code in ("teachers", "young", "share", "level")]
    assert positions == sorted(positions)
    assert "Кадры" in html
    assert "не более 30" in html
    assert "<code>young / teachers * 100</code>" in html
    assert "доля, % (вычисляется)" in html
    assert "ШМО осень 2025" in html


@pytest.mark.parametrize("who", ["director_a_client", "administrator_client", "teacher_a_client"])
def test_only_the_methodist_opens_the_forms(request, who, mform):
    client = request.getfixturevalue(who)
    assert client.get(reverse("monitoring:form_list")).status_code == 404
    assert client.get(form_url(mform)).status_code == 404
    response = client.post(new_indicator_url(mform), post_data(name="Чужой"))
    assert response.status_code == 404
    assert not Indicator.objects.filter(name="Чужой").exists()


def test_an_indicator_of_another_form_is_404(methodist_client, mform):
    other = MonitoringForm.objects.create(title="Другая", year=2025)
    url = reverse("monitoring:indicator_edit", args=[other.pk, indicator(mform, "young").pk])
    assert methodist_client.get(url).status_code == 404


# --- Creating a form, sections, indicators ---------------------------------------------------------------


def test_a_form_is_created_with_the_academic_year_as_written(methodist_client, district):
    response = methodist_client.post(
        reverse("monitoring:form_create"), {"title": "Мониторинг РМО", "year": "2025-2026"}
    )
    form = MonitoringForm.objects.get(title="Мониторинг РМО")
    assert response.status_code == 302 and response["Location"] == form_url(form)
    assert form.year == 2025


@pytest.mark.parametrize(
    "year, message",
    [("2025", "Укажите учебный год так: 2025-2026."), ("2025-2027", "два соседних года")],
)
def test_a_wrong_academic_year_is_refused_next_to_the_field(methodist_client, district, year, message):
    response = methodist_client.post(
        reverse("monitoring:form_create"), {"title": "Мониторинг РМО", "year": year}
    )
    assert response.status_code == 200
    assert message in errors_of(response)
    assert not MonitoringForm.objects.filter(title="Мониторинг РМО").exists()


def test_sections_are_added_renamed_and_deleted_keeping_their_indicators(methodist_client, mform, district):
    methodist_client.post(
        reverse("monitoring:section_create", args=[mform.pk]), {"title": "Методическая работа"}
    )
    added = Section.objects.get(form=mform, title="Методическая работа")
    assert added.position == 1
    kadry = Section.objects.get(form=mform, title="Кадры")
    methodist_client.post(
        reverse("monitoring:section_edit", args=[mform.pk, kadry.pk]), {"title": "Кадровый состав"}
    )
    kadry.refresh_from_db()
    assert kadry.title == "Кадровый состав"
    answered(mform, district, young=3)
    response = methodist_client.post(
        reverse("monitoring:section_delete", args=[mform.pk, kadry.pk]), follow=True
    )
    assert "остались в форме без раздела" in response.content.decode()
    assert not Section.objects.filter(pk=kadry.pk).exists()
    assert Indicator.objects.filter(form=mform, section=None).count() == 5
    assert Answer.objects.filter(indicator__code="young").count() == 1


def test_an_indicator_without_a_code_gets_one_from_its_position(methodist_client, mform):
    response = methodist_client.post(new_indicator_url(mform), post_data(name="Число ШМО", required=True))
    assert response.status_code == 302
    created = indicator(mform, "i6")
    assert created.name == "Число ШМО" and created.required
    # without a section it stands before the sections' indicators
    assert list(mform.indicators.order_by("position").values_list("code", flat=True))[0] == "i6"
    assert "i7" in methodist_client.get(new_indicator_url(mform)).content.decode()  # the next suggestion


def test_a_new_indicator_goes_to_the_end_of_its_section(methodist_client, mform):
    loose = Indicator.objects.create(form=mform, position=99, code="org", name="Организация", kind=K.TEXT)
    methodist_client.post(
        new_indicator_url(mform),
        post_data(code="plans", name="Планы", section=str(mform.sections.get().pk)),
    )
    order = list(mform.indicators.order_by("position").values_list("code", flat=True))
    assert order == [loose.code, "teachers", "young", "share", "level", "forms", "plans"]


def test_all_fields_of_an_indicator_are_saved(methodist_client, mform):
    methodist_client.post(
        new_indicator_url(mform),
        post_data(
            code="events",
            name="Мероприятия",
            kind=K.MULTICHOICE,
            help_text="Отметьте все",
            choices_text="семинар\n\nмастер-класс\nсеминар\n",
            aggregate=Indicator.Aggregate.NONE,
        ),
    )
    events = indicator(mform, "events")
    assert events.choices == ["семинар", "мастер-класс"]
    assert events.help_text == "Отметьте все"
    methodist_client.post(
        new_indicator_url(mform),
        post_data(
            code="hours",
            name="Часы",
            kind=K.NUMBER_DEC,
            min_value="0",
            max_value="40",
            target="10",
            target_direction="ge",
            aggregate=Indicator.Aggregate.MEAN,
        ),
    )
    hours = indicator(mform, "hours")
    assert (hours.min_value, hours.max_value, hours.target) == (0, 40, 10)
    assert hours.aggregate == Indicator.Aggregate.MEAN and hours.target_direction == "ge"
    # the edit page shows the limits as typed, not as stored («0.0000»)
    page = methodist_client.get(edit_url(hours)).content.decode()
    assert 'name="min_value" value="0"' in page and 'name="max_value" value="40"' in page


@pytest.mark.parametrize(
    "values, field_message",
    [
        ({"kind": K.SHARE, "formula": "young / staff * 100"}, "В форме нет показателей с кодом «staff»."),
        ({"kind": K.SHARE, "formula": "young / (teachers"}, "не удалось разобрать"),
        ({"kind": K.FORMULA, "formula": "__import__('os')"}, "допустимы только числа"),
        ({"kind": K.SHARE, "formula": ""}, "Для вычисляемого показателя нужна формула."),
        ({"kind": K.CHOICE, "choices_text": "один", "aggregate": "none"}, "хотя бы два варианта"),
        ({"min_value": "10", "max_value": "5"}, "«Не больше» должно быть не меньше"),
        ({"code": "young"}, "Код «young» уже есть в этой форме."),
        ({"code": "7days"}, "латинские буквы"),
        ({"kind": K.YESNO, "aggregate": "mean"}, "итог может быть"),
    ],
)
def test_bad_indicator_input_is_refused_in_russian_and_nothing_saved(
    methodist_client, mform, values, field_message
):
    before = mform.indicators.count()
    response = methodist_client.post(
        new_indicator_url(mform), post_data(code=values.pop("code", "extra"), **values)
    )
    assert response.status_code == 422
    assert field_message in errors_of(response)
    assert mform.indicators.count() == before


def test_the_default_total_follows_the_kind(methodist_client, mform):
    methodist_client.post(new_indicator_url(mform), post_data(code="site", kind=K.YESNO, aggregate="sum"))
    methodist_client.post(
        new_indicator_url(mform), post_data(code="pct", kind=K.SHARE, formula="young / teachers * 100")
    )
    methodist_client.post(new_indicator_url(mform), post_data(code="note", kind=K.TEXT, aggregate="sum"))
    assert indicator(mform, "site").aggregate == Indicator.Aggregate.SHARE_YES
    assert indicator(mform, "pct").aggregate == Indicator.Aggregate.FORMULA
    assert indicator(mform, "note").aggregate == Indicator.Aggregate.NONE


def test_a_formula_cycle_is_refused(methodist_client, mform):
    # share = young / teachers * 100; making «young» computed from «share» closes a circle
    methodist_client.post(
        new_indicator_url(mform),
        post_data(code="ratio", kind=K.FORMULA, formula="share * 2", aggregate="formula"),
    )
    assert indicator(mform, "ratio").formula == "share * 2"
    response = methodist_client.post(
        edit_url(indicator(mform, "share")),
        indicator_data(indicator(mform, "share"), formula="ratio / teachers"),
    )
    assert response.status_code == 422
    assert "по кругу: share → ratio → share" in errors_of(response)
    assert indicator(mform, "share").formula == "young / teachers * 100"


def test_indicators_move_up_and_down_within_their_section(methodist_client, mform):
    young = indicator(mform, "young")
    methodist_client.post(reverse("monitoring:indicator_move", args=[mform.pk, young.pk, "up"]))
    assert list(mform.indicators.order_by("position").values_list("code", flat=True))[:3] == [
        "young",
        "teachers",
        "share",
    ]
    methodist_client.post(reverse("monitoring:indicator_move", args=[mform.pk, young.pk, "down"]))
    methodist_client.post(reverse("monitoring:indicator_move", args=[mform.pk, young.pk, "down"]))
    assert list(mform.indicators.order_by("position").values_list("code", flat=True))[:3] == [
        "teachers",
        "share",
        "young",
    ]
    first = indicator(mform, "teachers")
    response = methodist_client.post(
        reverse("monitoring:indicator_move", args=[mform.pk, first.pk, "up"]), follow=True
    )
    assert "Показатель уже первый в своём разделе." in response.content.decode()


def test_an_indicator_without_answers_is_deleted_and_changed_freely(methodist_client, mform):
    level = indicator(mform, "level")
    response = methodist_client.post(
        edit_url(level), indicator_data(level, code="lvl", kind=K.TEXT, choices_text="", aggregate="none")
    )
    assert response.status_code == 302
    level.refresh_from_db()
    assert (level.code, level.kind, level.choices) == ("lvl", K.TEXT, [])
    methodist_client.post(reverse("monitoring:indicator_delete", args=[mform.pk, level.pk]))
    assert not Indicator.objects.filter(pk=level.pk).exists()


def test_a_code_used_in_another_formula_can_neither_change_nor_be_deleted(methodist_client, mform):
    young = indicator(mform, "young")
    response = methodist_client.post(edit_url(young), indicator_data(young, code="novice"))
    assert "используется в формуле показателя «share»" in errors_of(response)
    response = methodist_client.post(
        reverse("monitoring:indicator_delete", args=[mform.pk, young.pk]), follow=True
    )
    assert "используется в формуле показателя «share»" in response.content.decode()
    assert indicator(mform, "young").pk == young.pk


# --- Edit rules once answers exist ----------------------------------------------------------------------


def test_check_change_allows_what_keeps_answers_whole(mform, district):
    answered(mform, district, teachers=20, young=3, level="высокий", forms=["семинар"])
    teachers = indicator(mform, "teachers")
    assert (
        builder.check_change(
            teachers, {"name": "Педагогов всего", "help_text": "на 1 сентября", "target": 25}
        )
        == []
    )
    assert builder.check_change(teachers, {"kind": K.NUMBER_DEC}) == []
    level = indicator(mform, "level")
    assert builder.check_change(level, {"choices": ["высокий", "средний", "низкий", "нет данных"]}) == []
    assert builder.check_change(level, {"choices": ["высокий", "средний"]}) == []  # «низкий» was not chosen


@pytest.mark.parametrize(
    "code, changes, field, message",
    [
        ("teachers", {"code": "staff"}, "code", "Код нельзя изменить: на этот показатель уже есть ответы"),
        (
            "teachers",
            {"kind": K.TEXT, "aggregate": "none"},
            "kind",
            "Тип нельзя изменить с «целое число» на «текст»",
        ),
        ("level", {"choices_text": "средний\nнизкий"}, "choices", "Нельзя убрать варианты «высокий»"),
        ("forms", {"choices_text": "открытый урок\nвебинар"}, "choices", "Нельзя убрать варианты «семинар»"),
        ("young", {"required": True}, "required", "в 1 отправленных или принятых ответах он не заполнен"),
    ],
)
def test_changes_that_would_break_answers_are_refused_and_nothing_is_saved(
    methodist_client, mform, district, code, changes, field, message
):
    answered(mform, district, teachers=20, level="высокий", forms=["семинар", "открытый урок"])
    answered(mform, district, state=S.DRAFT, org="school_b", teachers=5)
    target = indicator(mform, code)
    before = {name: getattr(target, name) for name in builder.INDICATOR_FIELDS}
    post_changes = dict(changes)
    post_changes.setdefault("name", "Новое название")
    response = methodist_client.post(edit_url(target), indicator_data(target, **post_changes))
    assert response.status_code == 422
    assert message in errors_of(response)
    target.refresh_from_db()
    assert {name: getattr(target, name) for name in builder.INDICATOR_FIELDS} == before
    # The same rule through the service function
    new = {field: True if field == "required" else ("staff" if field == "code" else None)}
    if field == "kind":
        new = {"kind": K.TEXT}
    if field == "choices":
        new = {"choices": builder.parse_choices(changes["choices_text"])}
    assert any(message in problem for problem in builder.check_change(target, new))


def test_required_is_allowed_when_every_sent_answer_has_the_value(methodist_client, mform, district):
    answered(mform, district, state=S.ACCEPTED, teachers=20, young=2)
    answered(mform, district, state=S.DRAFT, org="school_b", teachers=5)  # a draft may still lack it
    young = indicator(mform, "young")
    response = methodist_client.post(edit_url(young), indicator_data(young, required=True))
    assert response.status_code == 302
    young.refresh_from_db()
    assert young.required


def test_an_indicator_with_answers_cannot_be_deleted(methodist_client, mform, district):
    answered(mform, district, level="средний")
    level = indicator(mform, "level")
    page = methodist_client.get(
        reverse("monitoring:indicator_delete", args=[mform.pk, level.pk])
    ).content.decode()
    assert "Показатель нельзя удалить: на него уже есть ответы (1)." in page
    response = methodist_client.post(
        reverse("monitoring:indicator_delete", args=[mform.pk, level.pk]), follow=True
    )
    assert "Показатель нельзя удалить: на него уже есть ответы (1)." in response.content.decode()
    assert Indicator.objects.filter(pk=level.pk).exists()
    assert builder.check_delete(level)


def test_renaming_and_adding_an_optional_indicator_are_allowed_with_answers(
    methodist_client, mform, district
):
    answered(mform, district, teachers=20)
    teachers = indicator(mform, "teachers")
    response = methodist_client.post(
        edit_url(teachers), indicator_data(teachers, name="Педагогических работников", target="18")
    )
    assert response.status_code == 302
    teachers.refresh_from_db()
    assert teachers.name == "Педагогических работников" and teachers.target == 18
    response = methodist_client.post(new_indicator_url(mform), post_data(code="mentors", name="Наставники"))
    assert response.status_code == 302
    assert indicator(mform, "mentors").required is False


def test_int_becomes_decimal_with_answers(methodist_client, mform, district):
    answered(mform, district, teachers=20)
    teachers = indicator(mform, "teachers")
    response = methodist_client.post(edit_url(teachers), indicator_data(teachers, kind=K.NUMBER_DEC))
    assert response.status_code == 302
    teachers.refresh_from_db()
    assert teachers.kind == K.NUMBER_DEC


# --- Copy to the next year ------------------------------------------------------------------------------


def test_a_form_is_copied_to_the_next_year_with_the_same_codes(methodist_client, mform):
    page = methodist_client.get(form_url(mform)).content.decode()
    assert "Копировать на 2026-2027" in page
    response = methodist_client.post(reverse("monitoring:form_copy", args=[mform.pk]))
    copy = MonitoringForm.objects.get(title=mform.title, year=2026)
    assert response["Location"] == form_url(copy)
    assert copy.copied_from == mform
    assert list(
        copy.indicators.order_by("position").values_list(
            "code", "kind", "formula", "target", "section__title"
        )
    ) == list(
        mform.indicators.order_by("position").values_list(
            "code", "kind", "formula", "target", "section__title"
        )
    )
    assert indicator(copy, "level").choices == ["высокий", "средний", "низкий"]
    assert copy.sections.get().pk != mform.sections.get().pk


def test_a_second_copy_is_refused_with_a_link_to_the_first(methodist_client, mform):
    methodist_client.post(reverse("monitoring:form_copy", args=[mform.pk]))
    copy = MonitoringForm.objects.get(year=2026)
    response = methodist_client.post(reverse("monitoring:form_copy", args=[mform.pk]), follow=True)
    html = response.content.decode()
    assert "Форма «Мониторинг деятельности ШМО» на 2026-2027 учебный год уже есть." in html
    assert f'href="{form_url(copy)}"' in html
    assert MonitoringForm.objects.filter(year=2026).count() == 1


def test_the_copy_s_campaign_compares_with_last_year(methodist, mform, district):
    old = Campaign.objects.create(form=mform, title="ШМО 2025-2026", status=Campaign.Status.CLOSED)
    Submission.objects.create(campaign=old, organization=district["school_a"], state=S.ACCEPTED)
    Answer.objects.create(submission=old.submissions.get(), indicator=indicator(mform, "teachers"), value=20)
    copy = builder.form_copy(user=methodist, form=mform)
    copy.title = "Мониторинг ШМО (новая редакция)"  # the link is copied_from, not the title
    copy.save()
    new = Campaign.objects.create(form=copy, title="ШМО 2026-2027", status=Campaign.Status.OPEN)
    sub = Submission.objects.create(campaign=new, organization=district["school_a"], state=S.ACCEPTED)
    Answer.objects.create(submission=sub, indicator=indicator(copy, "teachers"), value=26)
    assert results.previous_campaign(new) == old
    found = {r.indicator.code: r for r in results.results(new).indicators}
    assert (found["teachers"].last_year, found["teachers"].change) == (20, 6)


# --- The roadmap item that ordered a campaign -----------------------------------------------------------


@pytest.fixture
def roadmap(district, methodist):
    today = timezone.localdate()
    return make_roadmap(
        user=methodist,
        organization=district["method_office"],
        title="Дорожная карта по развитию ШМО",
        period=(today - dt.timedelta(days=30), today + dt.timedelta(days=300)),
        rows=[
            RowData(activity="Мониторинги", is_heading=True, number="1."),
            RowData(activity="Мониторинг деятельности школьных методических объединений", number="1.1."),
            RowData(activity="Семинар для руководителей ШМО", number="1.2."),
        ],
    )


def test_the_campaign_form_offers_rows_of_current_roadmaps(
    methodist_client, roadmap, mform, district, methodist
):
    make_roadmap(
        user=methodist,
        organization=district["method_office"],
        title="Старая карта",
        rows=[RowData(activity="Прошлогоднее мероприятие", number="1.")],
    )
    html = methodist_client.get(reverse("monitoring:campaign_create")).content.decode()
    assert "Пункт дорожной карты" in html
    assert (
        "Дорожная карта по развитию ШМО: 1.1. Мониторинг деятельности школьных методических объединений"
        in html
    )
    assert "Прошлогоднее мероприятие" not in html  # its period is over
    assert "Дорожная карта по развитию ШМО: 1. Мониторинги" not in html  # a heading


def test_a_campaign_links_to_its_roadmap_row_and_the_row_shows_its_progress(
    methodist_client, roadmap, mform, district
):
    row = roadmap.rows.get(number="1.1.")
    response = methodist_client.post(
        reverse("monitoring:campaign_create"),
        {
            "form": mform.pk,
            "title": "Мониторинг ШМО, осень",
            "deadline": "2026-12-20",
            "all_schools": "on",
            "roadmap_row": row.pk,
        },
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get(title="Мониторинг ШМО, осень")
    assert campaign.roadmap_row_id == row.pk
    total = campaign.submissions.count()
    campaign.submissions.filter(organization=district["school_a"]).update(state=S.ACCEPTED)
    html = methodist_client.get(reverse("roadmaps:detail", args=[roadmap.pk])).content.decode()
    campaign_url = reverse("monitoring:campaign", args=[campaign.pk])
    assert f'<a href="{campaign_url}">Мониторинг: Мониторинг ШМО, осень</a> — принято 1 из {total}' in html
    # accepted later: the roadmap page counts again (its cached rows do not hide the change)
    campaign.submissions.filter(organization=district["school_b"]).update(state=S.ACCEPTED)
    html = methodist_client.get(reverse("roadmaps:detail", args=[roadmap.pk])).content.decode()
    assert f"принято 2 из {total}" in html
    detail = methodist_client.get(campaign_url).content.decode()
    assert "Мониторинг деятельности школьных методических объединений" in detail


def test_the_provider_reads_many_rows_in_one_query(roadmap, mform, district, methodist):
    rows = list(roadmap.rows.filter(is_heading=False))
    for n in range(6):
        Campaign.objects.create(form=mform, title=f"Кампания {n}", roadmap_row=rows[n % 2])
    with CaptureQueriesContext(connection) as queries:
        found = links.row_work([r.pk for r in rows])
    assert len(queries) == 1
    assert [w.label for w in found[rows[0].pk]] == [
        "Мониторинг: Кампания 0",
        "Мониторинг: Кампания 2",
        "Мониторинг: Кампания 4",
    ]
    assert len(found[rows[1].pk]) == 3


def test_deleting_the_roadmap_row_keeps_the_campaign(roadmap, mform):
    row = roadmap.rows.get(number="1.1.")
    campaign = Campaign.objects.create(form=mform, title="Кампания", roadmap_row=row)
    row.delete()
    campaign.refresh_from_db()
    assert campaign.roadmap_row_id is None
