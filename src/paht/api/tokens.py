"""Issuing and checking API bearer tokens (only their SHA-256 is stored)."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext as _

from paht.core.crypto import keyed_hash
from paht.core.errors import DomainError
from paht.core.throttle import Limit, check_and_count

from .models import AccessToken

STAFF_TTL = timedelta(hours=12)
CITIZEN_TTL = timedelta(days=30)


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    status = 401


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _issue(**fields) -> str:
    raw = secrets.token_urlsafe(32)
    AccessToken.objects.create(token_hash=_hash(raw), **fields)
    return raw


def staff_token_create(*, username: str, password: str, ip: str) -> tuple[str, datetime]:
    """A token for a staff member who proves their password (throttled per address)."""
    check_and_count(
        f"ip:{ip}",
        Limit("api_login_ip", 20, 3600),
        message=_("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau."),
    )
    user = authenticate(username=str(username or ""), password=str(password or ""))
    if user is None or not user.is_active or not user.memberships.exists():
        raise NotAuthenticated(_("Tên đăng nhập hoặc mật khẩu không đúng."))
    expires = timezone.now() + STAFF_TTL
    return _issue(kind=AccessToken.Kind.STAFF, user=user, expires_at=expires), expires


def citizen_token_create(*, phone: str) -> tuple[str, datetime]:
    """A token for the owner of ``phone``, already verified with a one-time code."""
    expires = timezone.now() + CITIZEN_TTL
    raw = _issue(kind=AccessToken.Kind.CITIZEN, phone_hash=keyed_hash(phone), expires_at=expires)
    return raw, expires


def token_check(raw: str, kind: str) -> AccessToken | None:
    token = (
        AccessToken.objects.select_related("user")
        .filter(token_hash=_hash(raw or ""), kind=kind, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or (token.user is not None and not token.user.is_active):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def token_revoke(raw: str) -> None:
    AccessToken.objects.filter(token_hash=_hash(raw or "")).delete()


def tokens_purge() -> int:
    deleted, _ = AccessToken.objects.filter(expires_at__lt=timezone.now()).delete()
    return deleted
