"""Issuing and checking API keys.

A key reads ``paht_<prefix>_<secret>``: the prefix finds the row, the secret is compared
with its stored SHA-256 in constant time. Each key has its own hourly limit.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from paht.core.errors import DomainError, ValidationError
from paht.core.throttle import Limit, check_and_count

from .models import ApiKey


class InvalidApiKey(DomainError):
    code = "invalid_api_key"
    status = 403


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def apikey_create(*, name: str, per_hour: int = 3600) -> tuple[ApiKey, str]:
    """Create a key for the application ``name``; returns the row and the key, shown once."""
    name = (name or "").strip()
    if not name or len(name) > 100:
        raise ValidationError(_("Tên ứng dụng phải có từ 1 đến 100 ký tự."), fields={"name": ""})
    if per_hour < 1:
        raise ValidationError(_("Giới hạn mỗi giờ phải lớn hơn 0."), fields={"per_hour": ""})
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(24)
    key = ApiKey.objects.create(name=name, prefix=prefix, key_hash=_hash(secret), per_hour=per_hour)
    return key, f"paht_{prefix}_{secret}"


def apikey_check(raw: str | None, *, at: datetime | None = None) -> ApiKey:
    """The active key ``raw`` names, counted against its hourly limit; else InvalidApiKey
    (403) or TooManyRequests (429)."""
    parts = str(raw or "").strip().split("_", 2)
    if len(parts) != 3 or parts[0] != "paht":
        raise InvalidApiKey(_("Khóa API không hợp lệ hoặc bị thiếu."))
    key = ApiKey.objects.filter(prefix=parts[1], is_active=True).first()
    if key is None or not secrets.compare_digest(key.key_hash, _hash(parts[2])):
        raise InvalidApiKey(_("Khóa API không hợp lệ hoặc bị thiếu."))
    now = at or timezone.now()
    check_and_count(
        f"apikey:{key.pk}",
        Limit("apikey_hour", key.per_hour, 3600),
        message=_("Ứng dụng đã vượt giới hạn số yêu cầu mỗi giờ. Vui lòng thử lại sau."),
        at=now,
    )
    if key.last_used_at is None or now - key.last_used_at > timedelta(minutes=5):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key
