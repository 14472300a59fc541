from django.core.management.base import BaseCommand

from portal.demo import DEMO_PASSWORD, seed_demo


class Command(BaseCommand):
    help = "Создаёт или обновляет демонстрационный район (идемпотентно) и печатает демо-логины."

    def handle(self, *args, **options):
        logins = seed_demo()
        self.stdout.write("Демонстрационный район готов. Вход: http://127.0.0.1:8000/accounts/login/")
        self.stdout.write(f"Пароль у всех демо-пользователей: {DEMO_PASSWORD}")
        width = max(len(login.username) for login in logins)
        for login in logins:
            self.stdout.write(f"  {login.username.ljust(width)}  {login.role} — {login.who}")
