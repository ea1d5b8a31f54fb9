"""Encryption at rest for tokens and secrets (Fernet, keys from settings).

`FIELD_ENCRYPTION_KEY` holds one or more Fernet keys, newest first. Only the
embedded default and DEBUG may go without one: a key is then derived from
`SECRET_KEY`, so that a demo still never stores a token in clear text. A
deployment (a DATABASE_URL, DEBUG off) must set its own: the system check below
(`manage.py check --deploy`, and every command that runs checks, such as
`migrate`) reports it missing, and no token is encrypted or read without it.
"""

import base64
import binascii
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.db import models

GENERATE = 'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'


def derived_key_allowed() -> bool:
    return bool(settings.DEBUG or settings.EMBEDDED_MODE)


def derived_key() -> str:
    """The key a demo derives from SECRET_KEY. A deployment that ran without
    FIELD_ENCRYPTION_KEY encrypted with it: list it after the new key to keep reading those rows."""
    digest = hashlib.sha256(f"field-encryption:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()


@cache
def _fernet() -> MultiFernet:
    keys = settings.FIELD_ENCRYPTION_KEYS
    if not keys:
        if not derived_key_allowed():
            raise ImproperlyConfigured("FIELD_ENCRYPTION_KEY must be set when DATABASE_URL is set and DJANGO_DEBUG=0")
        keys = [derived_key()]
    return MultiFernet([Fernet(key) for key in keys])


def _reset(**kwargs) -> None:
    _fernet.cache_clear()


setting_changed.connect(_reset)


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(ciphertext: str) -> str:
    try:
        return _fernet().decrypt(ciphertext.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("stored secret cannot be decrypted with the configured FIELD_ENCRYPTION_KEY") from exc


@checks.register(checks.Tags.security)
def check_field_encryption_key(app_configs, **kwargs) -> list[checks.CheckMessage]:
    keys = settings.FIELD_ENCRYPTION_KEYS
    if not keys and not derived_key_allowed():
        return [
            checks.Error(
                "FIELD_ENCRYPTION_KEY is not set: tokens and webhook secrets would be encrypted "
                "with a key derived from SECRET_KEY.",
                hint=f"Generate one with {GENERATE}. A site that already stored tokens without it "
                "lists the derived key after the new one (docs/operations.md).",
                id="socialtrend.crypto.E001",
            )
        ]
    errors = []
    for position, key in enumerate(keys, start=1):
        try:
            Fernet(key)
        except (ValueError, binascii.Error):
            errors.append(
                checks.Error(
                    f"FIELD_ENCRYPTION_KEY: key {position} of {len(keys)} is not a Fernet key "
                    "(32 url-safe base64-encoded bytes).",
                    hint=f"Generate one with {GENERATE}.",
                    id="socialtrend.crypto.E002",
                )
            )
    return errors


class EncryptedTextField(models.TextField):
    """A text column stored as Fernet ciphertext; Python code sees plain text.

    Empty strings stay empty, so "no token" needs no decryption.
    """

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)
