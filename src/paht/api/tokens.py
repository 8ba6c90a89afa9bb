"""Issuing and checking API bearer tokens (only their SHA-256 is stored)."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from paht.console.security import needs_second_factor, otp_throttle, staff_authenticate
from paht.core.crypto import keyed_hash
from paht.core.errors import DomainError, TooManyRequests

from .models import AccessToken

STAFF_TTL = timedelta(hours=12)  # at most; never longer than a console session
CITIZEN_TTL = timedelta(days=30)


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    status = 401


class TotpRequired(NotAuthenticated):
    """The password was right, but this account signs in with a TOTP code as well."""

    code = "totp_required"


def staff_ttl() -> timedelta:
    """A token lives no longer than a console session may (its absolute limit)."""
    return min(STAFF_TTL, timedelta(hours=settings.PAHT_STAFF_SESSION_HOURS))


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _issue(**fields) -> str:
    raw = secrets.token_urlsafe(32)
    AccessToken.objects.create(token_hash=_hash(raw), **fields)
    return raw


def staff_token_create(
    *, username: str, password: str, ip: str, otp: str = "", request=None
) -> tuple[str, datetime]:
    """A token for a staff member who proves their password, and their TOTP code when
    the console would ask for one. The console's throttling applies: the same per-user
    and per-address buckets of failed attempts, and the same per-user count of codes.
    """
    user = staff_authenticate(
        request, username=str(username or ""), password=str(password or ""), ip=ip
    )
    if user is None or not user.is_active or not user.memberships.exists():
        raise NotAuthenticated(_("Tên đăng nhập hoặc mật khẩu không đúng."))
    if needs_second_factor(user):
        _second_factor(user, str(otp or "").strip())
    expires = timezone.now() + staff_ttl()
    return _issue(kind=AccessToken.Kind.STAFF, user=user, expires_at=expires), expires


def _second_factor(user, otp: str) -> None:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        raise TotpRequired(
            _(
                "Tài khoản này phải dùng xác thực hai lớp. Hãy đăng nhập bàn làm việc cán bộ "
                "để đăng ký ứng dụng xác thực trước."
            )
        )
    if not otp:
        raise TotpRequired(
            _("Tài khoản này cần mã xác thực: gửi kèm trường “otp” (mã 6 số trong ứng dụng).")
        )
    otp_throttle(user)
    allowed, info = device.verify_is_allowed()
    if not allowed:
        until = (info or {}).get("locked_until")
        wait = int((until - timezone.now()).total_seconds()) + 1 if until else 1
        raise TooManyRequests(
            _("Vừa nhập sai mã. Vui lòng chờ vài giây rồi nhập lại."), retry_after=max(1, wait)
        )
    if not device.verify_token(otp):
        raise TotpRequired(_("Mã xác thực không đúng hoặc đã hết hạn."))


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
