"""Encryption at rest and keyed hashes for reporter contact data (DESIGN §2)."""

import base64
import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import models


@functools.cache
def _derive(secret: str, info: bytes) -> bytes:
    # Separate subkeys for encryption and hashing, both from the one configured secret.
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret.encode())


@functools.cache
def _fernet(secret: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(secret, b"paht-field-encryption")))


def encrypt(text: str) -> str:
    return _fernet(settings.PAHT_FIELD_ENCRYPTION_KEY).encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet(settings.PAHT_FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()
    except InvalidToken:
        # A wrong key must not crash a page; the caller shows the field as unreadable.
        return ""


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of a normalised value, for look-ups without storing it in clear."""
    key = _derive(settings.PAHT_FIELD_ENCRYPTION_KEY, b"paht-lookup-hash")
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column stored as a Fernet token; empty strings stay empty."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt(value)
