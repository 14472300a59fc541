"""WSGI entry point for gunicorn (Dockerfile, docker-compose.yml).

`/healthz` answers 200 «ok» before Django's host check, HTTPS redirect and middleware, and without a
query: the health check of docker-compose.yml asks gunicorn on 127.0.0.1 inside the container (a host name
that ALLOWED_HOSTS need not list, plain HTTP). It says the workers are up and the project loaded (settings
read, apps ready); the pages themselves are the proof that the database answers.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

HEALTHZ_PATH = "/healthz"


def application(environ, start_response):
    if environ.get("PATH_INFO") == HEALTHZ_PATH:
        start_response(
            "200 OK",
            [
                ("Content-Type", "text/plain; charset=utf-8"),
                ("Cache-Control", "no-store"),
                ("Content-Length", "3"),
            ],
        )
        return [b"ok\n"]
    return django_application(environ, start_response)
