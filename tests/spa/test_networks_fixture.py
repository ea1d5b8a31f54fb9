"""The SPA's unit tests run against a fixture of GET /api/v1/networks/; it must be the real answer.

Only `configured` and `configure_hint` may differ (they depend on the server's
settings): the fixture describes a server with every network configured.
Regenerate it with `manage.py networks --spa-fixture > frontend/src/test/networks-fixture.json`.
"""

import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

FIXTURE = Path(settings.BASE_DIR) / "frontend/src/test/networks-fixture.json"
SERVER_DEPENDENT = ("configured", "configure_hint")


def without_server_state(networks: list[dict]) -> list[dict]:
    return [{key: value for key, value in network.items() if key not in SERVER_DEPENDENT} for network in networks]


def test_the_spa_fixture_is_what_the_endpoint_answers(auth_client):
    response = auth_client.get("/api/v1/networks/")

    assert response.status_code == 200
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert without_server_state(fixture) == without_server_state(response.json())
    assert all(network["configured"] for network in fixture)


def test_the_fixture_is_what_the_command_prints():
    out = io.StringIO()
    call_command("networks", "--spa-fixture", stdout=out)

    assert json.loads(out.getvalue()) == json.loads(FIXTURE.read_text(encoding="utf-8"))
