"""Which address a client has: the socket's (REMOTE_ADDR), unless NUM_PROXIES
declares trusted proxies. A forged X-Forwarded-For must not pick a fresh
throttle bucket for each request."""

import pytest

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
REGISTER = "/api/v1/auth/register/"


@pytest.fixture(autouse=True)
def _auth_rate(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "auth": "10/min"},
    }
    # The throttle alone here: the login lockout's count per address is tested with the lockout.
    settings.AXES_LOCKOUT_PARAMETERS = ["username"]


@pytest.mark.parametrize(
    ("path", "body"),
    [
        (TOKEN, lambda i: {"email": f"nobody{i}@example.com", "password": "wrong-password"}),
        (REGISTER, lambda i: {"email": f"new{i}@example.com", "password": "short"}),
    ],
)
def test_a_changing_x_forwarded_for_does_not_dodge_the_auth_rate(api_client, path, body):
    codes = [
        api_client.post(path, body(i), format="json", HTTP_X_FORWARDED_FOR=f"10.{i}.0.1").status_code for i in range(30)
    ]

    assert codes[:10] == [codes[0]] * 10
    assert codes[0] in (400, 401)
    assert codes[10:] == [429] * 20


def test_the_client_address_is_the_socket_address_unless_proxies_are_configured(api_client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}

    def attempt(i: int, client_address: str):
        body = {"email": f"nobody{i}@example.com", "password": "wrong-password"}
        return api_client.post(TOKEN, body, format="json", HTTP_X_FORWARDED_FOR=client_address, REMOTE_ADDR="10.0.0.2")

    # Behind one proxy, the proxy's last X-Forwarded-For entry is the client: two clients, two buckets.
    first = [attempt(i, "1.1.1.1") for i in range(10)]
    other = attempt(10, "2.2.2.2")
    again = attempt(11, "1.1.1.1")

    assert [r.status_code for r in first] == [401] * 10
    assert other.status_code == 401
    assert again.status_code == 429
