"""Open everything an upgrade fixture's manifest lists, with the CURRENT code, and compare.

    DJANGO_SETTINGS_MODULE=tests.upgrade.settings DATABASE_URL=sqlite:///<copy>/db.sqlite3 \
        MEDIA_ROOT=<copy>/media python tests/upgrade/check_pages.py <copy>/manifest.json

Run by tests/upgrade/upgrade_check.py after `migrate` on a copy of the fixture. Uses only literal URL
paths and table names from the manifest (never reverse() or model imports), so it keeps working when
views, URL names and models move. Prints one line per problem; exits 1 when there is any.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import sys
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.upgrade.settings")


def _body(response) -> bytes:
    if getattr(response, "streaming", False):
        data = b"".join(response.streaming_content)
        response.close()
        return data
    return response.content


def _table_of(entry: dict, apps) -> str | None:
    """The table holding `entry`'s rows now: the same table (tables are kept when models move), else
    the same model label's table (a renamed table)."""
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    if entry["table"] in tables:
        return entry["table"]
    try:
        return apps.get_model(entry["model"])._meta.db_table
    except LookupError:
        return None


def check(manifest: dict) -> tuple[list[str], int]:
    import django

    django.setup()

    from django.apps import apps
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # «testserver» in ALLOWED_HOSTS, e-mail kept in memory
    problems: list[str] = []

    for entry in manifest.get("counts", []):
        table = _table_of(entry, apps)
        if table is None:
            problems.append(f"count {entry['name']}: no table {entry['table']} and no model {entry['model']}")
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            found = cursor.fetchone()[0]
        if found != entry["count"]:
            problems.append(f"count {entry['name']} ({table}): {found}, expected {entry['count']}")

    checks = [dict(page) for page in manifest.get("pages", [])]
    for order in manifest.get("signed_orders", []):
        checks.append(
            {
                "path": order["path"],
                "user": order["user"],
                "status": 200,
                "sha256": order["pdf_sha256"],
                "what": f"archived PDF of order {order['number']} (id {order['id']})",
            }
        )
    for item in manifest.get("evidence", []):
        checks.append(
            {
                "path": item["path"],
                "user": item["user"],
                "status": 200,
                "sha256": item["sha256"],
                "what": f"evidence «{item['name']}» of report {item['report_id']}",
            }
        )

    users = get_user_model()
    clients: dict[str | None, Client | None] = {None: Client()}
    for entry in checks:
        username = entry.get("user")
        label = f"{entry['path']} as {username or 'anonymous'}" + (
            f" ({entry['what']})" if "what" in entry else ""
        )
        if username not in clients:
            user = users._default_manager.filter(**{users.USERNAME_FIELD: username}).first()
            client = None
            if user is not None:
                client = Client()
                client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            clients[username] = client
        client = clients[username]
        if client is None:
            problems.append(f"{label}: no user «{username}» in the upgraded database")
            continue
        try:
            response = client.get(entry["path"], headers=entry.get("headers") or {})
            body = _body(response)
        except Exception:  # a crashing page is a finding; the other pages still get checked
            lines = traceback.format_exc().strip().splitlines()
            problems.append(f"{label}: raised {lines[-1]}\n    " + "\n    ".join(lines[-12:-1]))
            continue
        expected = entry.get("status", 200)
        if response.status_code != expected:
            where = response.get("Location", "")
            problems.append(
                f"{label}: status {response.status_code}, expected {expected}"
                + (f" (→ {where})" if where else "")
            )
            continue
        if entry.get("sha256") and hashlib.sha256(body).hexdigest() != entry["sha256"]:
            problems.append(
                f"{label}: {len(body)} bytes with SHA-256 {hashlib.sha256(body).hexdigest()}, "
                f"expected {entry['sha256']}"
            )
        if entry.get("starts_with") and not body.startswith(entry["starts_with"].encode()):
            problems.append(f"{label}: body starts with {body[:16]!r}, expected {entry['starts_with']!r}")
        if entry.get("contains"):
            text = html.unescape(body.decode("utf-8", "replace"))
            text = " ".join(text.replace("\u00a0", " ").split())
            for snippet in entry["contains"]:
                if " ".join(snippet.replace("\u00a0", " ").split()) not in text:
                    problems.append(f"{label}: the page no longer shows «{snippet}»")
    return problems, len(checks)


def main() -> None:
    manifest_path = Path(sys.argv[1])
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    problems, opened = check(manifest)
    for problem in problems:
        print(f"UPGRADE PROBLEM: {problem}")
    print(
        json.dumps(
            {"fixture": manifest.get("name"), "opened": opened, "problems": len(problems)}, ensure_ascii=False
        )
    )
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
