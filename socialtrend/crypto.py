"""Encryption at rest for tokens and secrets (Fernet, keys from settings).

`FIELD_ENCRYPTION_KEY` holds one or more Fernet keys, newest first. Without
one (the embedded default) a key is derived from `SECRET_KEY`, so that a demo
still never stores a token in clear text.
"""

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.signals import setting_changed
from django.db import models


@cache
def _fernet() -> MultiFernet:
    keys = settings.FIELD_ENCRYPTION_KEYS or [_derive_key(settings.SECRET_KEY)]
    return MultiFernet([Fernet(key) for key in keys])


def _derive_key(secret: str) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(f"field-encryption:{secret}".encode()).digest())


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
