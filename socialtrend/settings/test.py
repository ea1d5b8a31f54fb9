"""Settings for the test suite: the project's settings with a fast password hasher
and a fixed encryption key.

pytest names this module (pyproject.toml, and `make test`), and pytest-django
exports it as DJANGO_SETTINGS_MODULE, so the servers and workers the tests
start inherit it: a user the test process creates can log in on them.
"""

from socialtrend.settings import *  # noqa: F403

# PBKDF2's hundreds of thousands of iterations per hash dominate tests that create
# or log in users; MD5 is fast, and fine where no real password is stored.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# With a DATABASE_URL (CI's PostgreSQL) and DEBUG off, the encryption key must be set:
# a fixed test-only Fernet key, which the workers and servers the tests start share.
FIELD_ENCRYPTION_KEYS = FIELD_ENCRYPTION_KEYS or ["t5gp0fC5aU8eXnS1w9p2nbx7mG3rKqk6dJ0yVhLzQ4E="]  # noqa: F405
