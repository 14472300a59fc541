"""Thin Celery tasks: take plain values, call a service, safe to run twice."""

from celery import shared_task

from . import services


@shared_task
def send_password_reset(email: str, domain: str, use_https: bool) -> None:
    services.password_reset_send(email=email, domain=domain, use_https=use_https)
