"""Enrolling an authenticator app (TOTP).

Each enrolment attempt gets a fresh secret, kept server-side in this session only: no
device row exists until the code typed from the new app is right, so someone else who
knows the password and opens the enrolment page sees a different secret, and cannot
confirm the one the real user scans. Replacing a confirmed app asks for proof from the
current one (a code) or the password, and the account's email hears of every change.
"""

import logging
import re
import time
from datetime import UTC, datetime

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

log = logging.getLogger(__name__)

ENROL = "console_totp_enrol"  # session key: {user, key, failures, failed_at, proved}
CODE = re.compile(r"^\d{6}$")


def _state(request) -> dict | None:
    state = request.session.get(ENROL)
    if isinstance(state, dict) and state.get("user") == request.user.pk and state.get("key"):
        return state
    return None


def enrolment_device(request, *, fresh: bool) -> tuple[TOTPDevice, bool]:
    """An unsaved device holding this session's pending secret, and whether the secret
    is new. ``fresh`` (showing the page) always draws a new secret; a form sent back
    keeps the one the user scanned, or draws one if the session has none."""
    state = None if fresh else _state(request)
    new = state is None
    if new:
        state = {
            "user": request.user.pk,
            "key": default_key(),
            "failures": 0,
            "failed_at": None,
            "proved": False,
        }
        request.session[ENROL] = state
    device = TOTPDevice(user=request.user, name="console", key=state["key"], confirmed=False)
    device.throttling_failure_count = state["failures"]
    if state["failed_at"]:
        device.throttling_failure_timestamp = datetime.fromtimestamp(state["failed_at"], UTC)
    return device, new


def _save(request, **changes) -> None:
    state = _state(request)
    if state is not None:
        state.update(changes)
        request.session[ENROL] = state


def enrolment_proved(request) -> bool:
    """This attempt already showed the current app's code or the password."""
    state = _state(request)
    return bool(state and state.get("proved"))


def prove_current(request, value: str) -> bool | None:
    """Check the proof that the person replacing the app holds the account: a code from
    the confirmed app, or the password. None: the app's pause after a wrong code."""
    user = request.user
    value = value.strip()
    ok = False
    if CODE.match(value):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is not None:
            allowed, _info = device.verify_is_allowed()
            if not allowed:
                return None
            ok = device.verify_token(value)
    if not ok:
        ok = bool(value) and user.check_password(value)
    if ok:
        _save(request, proved=True)
    return ok


def enrolment_verify(request, device: TOTPDevice, token: str) -> bool:
    """Whether ``token`` comes from the app that scanned this session's secret.
    A wrong code counts towards django-otp's growing pause (kept in the session)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    try:
        ok = totp.verify(int(token), device.tolerance)
    except ValueError:
        ok = False
    if ok:
        device.last_t = totp.t()  # this code cannot sign in again
        device.drift = totp.drift
    else:
        _save(request, failures=device.throttling_failure_count + 1, failed_at=time.time())
    return ok


def enrolment_confirm(request, device: TOTPDevice) -> bool:
    """Make this session's device the user's only one; True when it replaced another."""
    user = request.user
    with transaction.atomic():
        replaced = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        TOTPDevice.objects.filter(user=user).delete()  # the old app, and stale attempts
        device.confirmed = True
        device.throttling_failure_count = 0
        device.throttling_failure_timestamp = None
        device.save()
    request.session.pop(ENROL, None)
    log.info("totp enrolled user_id=%s replaced=%s", user.pk, replaced)
    _tell(user, replaced)
    return replaced


def _tell(user, replaced: bool) -> None:
    """The account's owner hears of it, in case it was not them."""
    if not user.email:
        return
    when = timezone.localtime().strftime("%H:%M %d/%m/%Y")
    if replaced:
        subject = _("Ứng dụng xác thực của tài khoản đã được thay")
        what = _(
            "Ứng dụng xác thực hai lớp (TOTP) của tài khoản %(username)s vừa được thay "
            "lúc %(when)s; ứng dụng cũ không còn dùng được."
        )
    else:
        subject = _("Tài khoản đã bật xác thực hai lớp")
        what = _("Tài khoản %(username)s vừa bật xác thực hai lớp (TOTP) lúc %(when)s.")
    body = "\n\n".join(
        [
            what % {"username": user.get_username(), "when": when},
            _("Nếu không phải bạn, hãy báo ngay cho quản trị hệ thống và đổi mật khẩu."),
        ]
    )
    try:
        send_mail(subject, body, None, [user.email])
    except Exception:  # the change stands; the log says which user, never the address
        log.warning("totp change notice not sent user_id=%s", user.pk, exc_info=True)
