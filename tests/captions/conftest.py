import pytest

from tests.fakes.openai_server import FAKE_API_KEY, FakeOpenAI

FAKE_MODEL = "fake-caption-model"


@pytest.fixture(autouse=True)
def _offline_by_default(settings) -> None:
    """Whatever the developer's environment says, a test is offline unless it asks for the fake."""
    settings.OPENAI_API_KEY = ""
    settings.OPENAI_BASE_URL = ""
    settings.CAPTIONS_DAILY_QUOTA = 50


@pytest.fixture
def fake_openai(settings):
    fake = FakeOpenAI().start()
    settings.OPENAI_API_KEY = FAKE_API_KEY
    settings.OPENAI_BASE_URL = fake.base_url
    settings.OPENAI_MODEL = FAKE_MODEL
    settings.OPENAI_TIMEOUT = 2.0
    settings.OPENAI_MAX_RETRIES = 0
    yield fake
    fake.stop()
