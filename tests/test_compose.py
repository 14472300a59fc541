"""docker-compose.yml is a valid Compose file (the vendored compose-spec schema) and keeps its promises.

No Docker engine here: the file is checked by reading it; tests/test_stack.py runs its commands.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

BASE_DIR = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((BASE_DIR / "tests" / "compose_spec" / "compose-spec.json").read_text(encoding="utf-8"))
APP_SERVICES = ("web", "worker", "beat")


@pytest.fixture
def compose() -> dict:
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text(encoding="utf-8"))


def schema_errors(document: dict) -> list[str]:
    assert "draft-07" in SCHEMA["$schema"]
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    errors = jsonschema.Draft7Validator(SCHEMA).iter_errors(document)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def test_the_compose_file_is_valid_by_the_compose_specification(compose):
    assert schema_errors(compose) == []


def test_the_validator_would_catch_a_broken_file(compose):
    """The schema check is not a rubber stamp: a typo in a condition and an unknown key are errors."""
    broken = copy.deepcopy(compose)
    broken["services"]["worker"]["depends_on"]["migrate"]["condition"] = "service_finished"
    broken["services"]["beat"]["restrat"] = "always"
    errors = schema_errors(broken)
    assert any(e.startswith("services/worker/depends_on") for e in errors), errors
    assert any(e.startswith("services/beat") and "restrat" in e for e in errors), errors


def test_web_worker_and_beat_wait_for_a_successful_migrate(compose):
    services = compose["services"]
    migrate = services["migrate"]
    assert migrate["command"] == ["python", "manage.py", "migrate", "--noinput"]
    assert migrate["restart"] == "no"
    for name in APP_SERVICES:
        assert services[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert "migrate" not in json.dumps(services[name]["command"])  # web no longer migrates itself


def test_one_image_built_once_and_run_by_every_app_service(compose):
    services = compose["services"]
    built = [name for name, service in services.items() if "build" in service]
    assert built == ["migrate"]
    image = services["migrate"]["image"]
    assert all(services[name]["image"] == image for name in APP_SERVICES)


def test_web_has_a_health_check_on_healthz(compose):
    check = compose["services"]["web"]["healthcheck"]
    assert "http://127.0.0.1:8000/healthz" in " ".join(check["test"])
    assert check["test"][0] == "CMD" and check["test"][1] == "python"  # the slim image has no curl


def test_beat_is_kept_single(compose):
    beat = compose["services"]["beat"]
    assert beat["deploy"]["replicas"] == 1
    assert beat["command"][:3] == ["python", "-m", "config.beat"]  # the Redis lock (config/beat.py)
    assert compose["services"]["worker"]["command"][:4] == ["celery", "-A", "config", "worker"]
