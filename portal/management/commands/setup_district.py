"""`manage.py setup_district`: the first run of a real district, asked in Russian or given by flags."""

from __future__ import annotations

import getpass
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from portal import setup
from portal.checklist import first_run_steps

PASSWORD_ENV = "DISTRICT_ADMIN_PASSWORD"

#: (field, flags, question) in the order they are asked; a default is computed from earlier answers.
QUESTIONS: list[tuple[str, tuple[str, ...], str]] = [
    ("district", ("--district",), "Название района"),
    (
        "office_name",
        ("--office-name", "--issuer"),
        "Полное наименование органа управления образованием (как в уставе)",
    ),
    ("office_short_name", ("--office-short-name",), "Краткое наименование органа управления"),
    ("higher_body", ("--higher-body",), "Вышестоящий орган (печатается над наименованием в приказах)"),
    ("head_name", ("--head-name",), "Руководитель, подписывающий приказы: фамилия, имя, отчество"),
    ("head_position", ("--head-position",), "Должность руководителя"),
    ("place", ("--place",), "Место издания приказов, например «г. Энск» (Enter — без места)"),
    (
        "method_office_name",
        ("--methodical-office-name", "--method-office"),
        "Полное наименование методического кабинета",
    ),
    (
        "method_office_short_name",
        ("--methodical-office-short-name", "--method-office-short-name"),
        "Краткое наименование методического кабинета",
    ),
    ("admin_email", ("--admin-email",), "Электронная почта первого администратора"),
    ("admin_username", ("--admin-username",), "Логин администратора"),
]
#: With --noinput these have no default and must be given.
REQUIRED_FLAGS = {
    "office_name": "--office-name (или --issuer)",
    "method_office_name": "--methodical-office-name (или --method-office)",
    "admin_email": "--admin-email",
}


def _no_check(value: str) -> None:
    return None


def _check_head(value: str) -> None:
    setup.check_required(value)
    setup.split_full_name(value)


#: Asked, the head is required: the orders need their signatory (with --noinput it may come later).
INTERACTIVE_CHECKS = {**setup.FIELD_CHECKS, "head_name": _check_head}


def _defaults(answers: dict[str, str]) -> dict[str, Callable[[], str]]:
    district = answers.get("district") or settings.DISTRICT_NAME
    return {
        "district": lambda: settings.DISTRICT_NAME,
        "office_name": lambda: setup.default_office_name(district),
        "office_short_name": lambda: "Управление образования",
        "higher_body": lambda: setup.default_higher_body(district),
        "head_name": lambda: "",
        "head_position": lambda: "Начальник управления образования",
        "place": lambda: "",
        "method_office_name": lambda: setup.default_method_office_name(district),
        "method_office_short_name": lambda: "РМК",
        "admin_email": lambda: "",
        "admin_username": lambda: setup.default_username(answers.get("admin_email", "")),
    }


class Command(BaseCommand):
    help = (
        "Первый запуск своего района: управление образования (издатель приказов) с реквизитами, методический "
        "кабинет, руководитель и первый администратор. Без --noinput спрашивает то, что не задано флагами. "
        'Последняя строка — JSON {"issuer_id", "method_office_id", "admin"}. '
        "Повторный запуск ничего не меняет."
    )

    def add_arguments(self, parser):
        for field, flags, question in QUESTIONS:
            parser.add_argument(*flags, dest=field, help=question + ".")
        parser.add_argument(
            "--admin-password", help=f"Пароль администратора (или переменная {PASSWORD_ENV})."
        )
        parser.add_argument(
            "--admin-password-file", help="Файл, первая строка которого — пароль администратора."
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Ничего не спрашивать: недостающее — ошибка. Без пароля администратору уходит ссылка.",
        )

    # --- asking ------------------------------------------------------------------------------------------

    def _ask(self, question: str, default: str, check: Callable[[str], None], *, optional: bool) -> str:
        shown = f" [{default}]" if default else ""
        while True:
            self.stdout.write(f"{question}{shown}: ", ending="")
            self.stdout.flush()
            line = sys.stdin.readline()
            if not line:
                raise CommandError("Ввод прерван: район не настроен.")
            answer = line.strip() or default
            if not answer and optional:
                return ""
            try:
                check(answer)
            except ValidationError as exc:
                self.stderr.write(" ".join(exc.messages))
                continue
            return answer

    def _ask_password(self, username: str, email: str) -> str | None:
        question = "Пароль администратора (Enter — выслать ссылку для задания пароля на почту): "
        while True:
            if sys.stdin.isatty():
                value = getpass.getpass(question)
            else:
                self.stdout.write(question, ending="")
                self.stdout.flush()
                value = sys.stdin.readline().rstrip("\n")
            if not value:
                return None
            try:
                setup.check_password(value, username=username, email=email)
            except ValidationError as exc:
                self.stderr.write(" ".join(exc.messages))
                continue
            return value

    def _password(self, options) -> str | None:
        if options.get("admin_password"):
            return options["admin_password"]
        if options.get("admin_password_file"):
            path = Path(options["admin_password_file"])
            if not path.is_file():
                raise CommandError(f"Файл пароля «{path}» не найден.")
            lines = path.read_text(encoding="utf-8").splitlines()
            return lines[0] if lines and lines[0] else None
        return os.environ.get(PASSWORD_ENV) or None

    # --- the command -------------------------------------------------------------------------------------

    def handle(self, *args, interactive: bool, **options):
        office = setup.existing_office()
        if office is not None:
            self._already_set_up(office, options)
            return
        answers: dict[str, str] = {}
        for field, _flags, question in QUESTIONS:
            given = options.get(field)
            default = _defaults(answers)[field]()
            if field == "head_position" and not (answers.get("head_name") or "").strip():
                answers[field] = given or default
                continue
            if given is not None:
                answers[field] = given.strip()
            elif interactive:
                answers[field] = self._ask(
                    question, default, INTERACTIVE_CHECKS.get(field, _no_check), optional=field == "place"
                )
            elif field in REQUIRED_FLAGS:
                answers[field] = ""
            else:
                answers[field] = default
        password = self._password(options)
        if password is None and interactive:
            password = self._ask_password(answers["admin_username"], answers["admin_email"])
        if not interactive:
            missing = [flag for field, flag in REQUIRED_FLAGS.items() if not answers[field]]
            if missing:
                raise CommandError("Не заданы обязательные параметры: " + ", ".join(missing) + ".")
        data = setup.DistrictData(**answers, admin_password=password)
        try:
            result = setup.district_setup(data=data)
        except setup.DistrictAlreadySetUp as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError(_problems_text(exc)) from exc
        self._report(result, data)

    def _already_set_up(self, office, options) -> None:
        wanted = (options.get("office_name") or "").strip()
        message = str(setup.DistrictAlreadySetUp(office))
        if wanted and wanted.lower() != office.name.lower():
            raise CommandError(f"{message} Запрошено другое наименование: «{wanted}».")
        self.stdout.write(message)
        method_office = (
            setup.Organization.objects.filter(kind=setup.Organization.Kind.METHOD_OFFICE)
            .order_by("pk")
            .first()
        )
        admin = setup.first_administrator()
        self._json(
            office.pk, method_office.pk if method_office else None, admin.get_username() if admin else None
        )

    def _report(self, result: setup.DistrictSetupResult, data: setup.DistrictData) -> None:
        out = self.stdout.write
        out(f"Район «{data.district}» настроен.")
        out(f"  Управление образования: {result.office.name} («{result.office.short_name}»).")
        out(f"  Методический кабинет: {result.method_office.name} («{result.method_office.short_name}»).")
        if result.head:
            out(f"  Руководитель: {result.head.full_name}, {result.head.position.lower()}.")
        out(f"  Администратор: логин «{result.admin.get_username()}», роли: администратор и методист.")
        if result.invitation_url:
            out(f"  Пароль не задан: ссылка для его задания отправлена на {result.admin.email}:")
            out(f"  {result.invitation_url}")
        if data.district != settings.DISTRICT_NAME:
            out(
                "Название района на страницах берётся из настройки DISTRICT_NAME "
                f"(сейчас «{settings.DISTRICT_NAME}»): "
                f"впишите в .env строку DISTRICT_NAME={data.district}"
            )
        out(f"Войдите: {settings.SITE_URL}/accounts/login/ — и пройдите шаги, они же на главной странице:")
        for number, step in enumerate(first_run_steps(), start=1):
            mark = "готово" if step.done else "не сделано"
            out(f"  {number}. {step.title} — {mark}.")
            out(f"     {step.text}")
            for link in step.links:
                out(f"     {link.label}: {settings.SITE_URL}{link.url}")
        self._json(result.office.pk, result.method_office.pk, result.admin.get_username())

    def _json(self, issuer_id, method_office_id, admin) -> None:
        self.stdout.write(
            json.dumps(
                {"issuer_id": issuer_id, "method_office_id": method_office_id, "admin": admin},
                ensure_ascii=False,
            )
        )


def _problems_text(exc: ValidationError) -> str:
    labels = {field: question for field, _flags, question in QUESTIONS}
    labels["admin_password"] = "Пароль администратора"
    if hasattr(exc, "error_dict"):
        parts = [
            f"{labels.get(field, field)}: {' '.join(ValidationError(errors).messages)}"
            for field, errors in exc.error_dict.items()
        ]
        return "Район не настроен. " + "; ".join(parts)
    return "Район не настроен. " + " ".join(exc.messages)
