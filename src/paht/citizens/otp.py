"""Sign-in by phone + one-time code: request a code by SMS, verify it once.

Neither service looks at reports, so the answers are the same whether or not a number
has ever sent one (nobody learns that a number is known). The code travels only in the
SMS: the database keeps a keyed hash, logs keep row ids. The SMS is sent directly after
commit rather than through the task queue, because task arguments are stored in clear.
"""

import enum
import hmac
import logging
import re
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from paht.core.crypto import keyed_hash
from paht.core.errors import ValidationError
from paht.core.phone import normalize_phone
from paht.core.throttle import Limit, check_and_count
from paht.notify.sms import send_sms

from .models import OneTimeCode

log = logging.getLogger(__name__)

CODE_DIGITS = 6
_CODE = re.compile(rf"^\d{{{CODE_DIGITS}}}$")

REQUEST_LIMITED = gettext_lazy("Bạn đã yêu cầu mã xác thực quá nhiều lần. Vui lòng thử lại sau.")
VERIFY_LIMITED = gettext_lazy("Bạn đã nhập mã xác thực quá nhiều lần. Vui lòng thử lại sau.")


class _Outcome(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    LOCKED = "locked"
    DEAD = "dead"


def _code_hash(phone_hash: str, code: str) -> str:
    # Bound to the phone: the same digits sent to two numbers hash differently.
    return keyed_hash(f"otp:{phone_hash}:{code}")


def _send_after_commit(code_id: int, phone: str, text: str) -> None:
    try:
        send_sms(phone, text)
    except Exception as exc:
        # The citizen can ask again; a gateway's error text may hold the number, so only
        # its type is logged.
        log.error("one-time code not sent otp=%s error=%s", code_id, type(exc).__name__)
    else:
        log.info("one-time code sent otp=%s", code_id)


def code_request(*, phone: str, ip: str, at: datetime | None = None) -> str:
    """Send a fresh sign-in code to ``phone``; return the normalised number.

    Raises ValidationError (field "phone") for a number that is not Vietnamese, and
    TooManyRequests past the per-IP or per-phone limits, in which case nothing is sent.
    Earlier unused codes of the number stop working.
    """
    phone = normalize_phone(phone)
    now = at or timezone.now()
    digest = keyed_hash(phone)
    with transaction.atomic():
        # Refused attempts roll back with the transaction, so they do not use up a limit.
        check_and_count(
            f"otp-ip:{ip}",
            Limit("otp_ip_hour", settings.PAHT_OTP_PER_IP_HOUR, 3600),
            message=REQUEST_LIMITED,
            at=now,
        )
        check_and_count(
            f"otp-phone:{digest}",
            Limit("otp_phone_15min", settings.PAHT_OTP_PER_PHONE_15_MIN, 15 * 60),
            Limit("otp_phone_day", settings.PAHT_OTP_PER_PHONE_DAY, 24 * 3600),
            message=REQUEST_LIMITED,
            at=now,
        )
        OneTimeCode.objects.filter(
            phone_hash=digest, used_at__isnull=True, expires_at__gt=now
        ).update(expires_at=now)
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        ttl = settings.PAHT_OTP_TTL_SECONDS
        otp = OneTimeCode.objects.create(
            phone_hash=digest,
            code_hash=_code_hash(digest, code),
            created_at=now,
            expires_at=now + timedelta(seconds=ttl),
        )
        text = _(
            "PAHT: mã xác thực của bạn là %(code)s, có hiệu lực trong %(minutes)s phút. "
            "Không cung cấp mã này cho bất kỳ ai."
        ) % {"code": code, "minutes": max(1, ttl // 60)}
        transaction.on_commit(lambda: _send_after_commit(otp.pk, phone, text))
    log.info("one-time code requested otp=%s", otp.pk)
    return phone


def _check(phone_hash: str, code: str, now: datetime) -> tuple[_Outcome, int]:
    """Compare ``code`` with the phone's live code; returns (outcome, tries left)."""
    limit = settings.PAHT_OTP_MAX_ATTEMPTS
    with transaction.atomic():
        otp = (
            OneTimeCode.objects.select_for_update()
            .filter(phone_hash=phone_hash, used_at__isnull=True)
            .order_by("-created_at", "-id")
            .first()
        )
        if otp is None or otp.expires_at <= now or otp.attempts >= limit:
            return _Outcome.DEAD, 0
        if not hmac.compare_digest(otp.code_hash, _code_hash(phone_hash, code)):
            otp.attempts += 1
            otp.save(update_fields=["attempts"])
            log.info("one-time code wrong otp=%s attempts=%s", otp.pk, otp.attempts)
            left = limit - otp.attempts
            return (_Outcome.WRONG if left > 0 else _Outcome.LOCKED), left
        otp.used_at = now
        otp.save(update_fields=["used_at"])
        log.info("one-time code used otp=%s", otp.pk)
        return _Outcome.OK, limit - otp.attempts


def code_verify(*, phone: str, code: str, ip: str, at: datetime | None = None) -> str:
    """Check ``code`` for ``phone`` and use it up; return the normalised number.

    Raises ValidationError on field "code" (malformed, wrong, expired, replaced or
    used-up code) and TooManyRequests past the per-IP limit of entries. The wrong-entry
    count is committed before the error is raised.
    """
    phone = normalize_phone(phone)
    now = at or timezone.now()
    entered = re.sub(r"\s", "", code or "")
    if not _CODE.match(entered):
        message = _("Mã xác thực gồm %(n)s chữ số.") % {"n": CODE_DIGITS}
        raise ValidationError(message, fields={"code": message})
    check_and_count(
        f"otp-verify-ip:{ip}",
        Limit("otp_verify_ip_hour", settings.PAHT_OTP_VERIFY_PER_IP_HOUR, 3600),
        message=VERIFY_LIMITED,
        at=now,
    )
    outcome, left = _check(keyed_hash(phone), entered, now)
    if outcome is _Outcome.OK:
        return phone
    if outcome is _Outcome.WRONG:
        message = _("Mã xác thực không đúng. Bạn còn %(left)s lần thử.") % {"left": left}
    elif outcome is _Outcome.LOCKED:
        message = _("Bạn đã nhập sai quá nhiều lần nên mã này đã bị hủy. Vui lòng yêu cầu mã mới.")
    else:
        message = _("Mã xác thực đã hết hạn hoặc không còn hiệu lực. Vui lòng yêu cầu mã mới.")
    raise ValidationError(message, fields={"code": message}, code=f"otp_{outcome.value}")


def code_purge(*, older_than: timedelta = timedelta(days=1), at: datetime | None = None) -> int:
    """Delete codes created before ``older_than`` ago (all are dead by then)."""
    now = at or timezone.now()
    deleted, _counts = OneTimeCode.objects.filter(created_at__lt=now - older_than).delete()
    return deleted
