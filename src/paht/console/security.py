"""Staff sign-in rules: throttling, the second factor, and how long a session lives."""

import secrets
import time
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp import user_has_device

from paht.core.crypto import keyed_hash
from paht.core.throttle import Limit, check_and_count, check_and_count_all, take_back

from .models import TwoFactorPolicy

AUTH_AT = "console_auth_at"  # when the password was accepted (absolute expiry)
SEEN_AT = "console_seen_at"  # last request (idle expiry)

# A browser where a staff member signed in before: its own sign-in counter, so that
# guesses from elsewhere cannot lock the officer out of the browser they work in.
DEVICE_SALT = "paht.console.known-device"
DEVICE_DAYS = 180


def _limits() -> tuple[Limit, Limit, Limit]:
    window = settings.PAHT_STAFF_LOGIN_WINDOW_MINUTES * 60
    return (
        Limit("staff_login_user", settings.PAHT_STAFF_LOGIN_PER_USER, window),
        Limit("staff_login_device", settings.PAHT_STAFF_LOGIN_PER_USER, window),
        Limit("staff_login_ip", settings.PAHT_STAFF_LOGIN_PER_IP, window),
    )


def throttle_message() -> str:
    return _("Bạn đã thử đăng nhập quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút.") % {
        "minutes": settings.PAHT_STAFF_LOGIN_WINDOW_MINUTES
    }


def _device_tag(username: str) -> str:
    return keyed_hash(f"device:{username}")


def device_cookie_name(username: str) -> str:
    # One cookie per user: officers sharing a computer each keep theirs.
    return "paht_device_" + _device_tag(username)[:16]


def _device_salt(username: str) -> str:
    # The username is bound by the signature, not written in the cookie.
    return f"{DEVICE_SALT}:{_device_tag(username)}"


def known_device(request, username: str) -> str | None:
    """The id of this browser if ``username`` signed in from it before, else None."""
    raw = request.COOKIES.get(device_cookie_name(username)) if request is not None else None
    if not raw:
        return None
    try:
        value = signing.loads(raw, salt=_device_salt(username), max_age=timedelta(days=DEVICE_DAYS))
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or not value.get("d"):
        return None
    return str(value["d"])


def remember_device(request, response, username: str) -> None:
    """Mark this browser as one ``username`` signs in from: call once the whole sign-in
    (password, and the code when one is asked) has passed. Sent to the sign-in page
    only, the one place it is read."""
    name = username.strip().lower()
    device = known_device(request, name) or secrets.token_hex(16)
    response.set_cookie(
        device_cookie_name(name),
        signing.dumps({"d": device}, salt=_device_salt(name)),
        max_age=DEVICE_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
        path=reverse("console:login"),
    )


def staff_authenticate(request, *, username: str, password: str, ip: str):
    """The user for these credentials, or None.

    Each attempt is counted before the password is checked (concurrent guesses cannot
    all pass one check), against the address and the username, and taken back when the
    password is right: only failures count, whether the user exists or not, so the
    answer reveals nothing. Once a counter reaches its limit, even the right password
    is refused until the window passes. From a browser where this user signed in before
    (``remember_device``), the username is counted for that browser alone: guessing
    from elsewhere locks the username everywhere else, not at the officer's desk.
    Successful sign-ins do not count: a whole office behind one address signs in
    every morning.
    """
    per_user, per_device, per_ip = _limits()
    name = username.strip().lower()
    device = known_device(request, name)
    user_key = (
        (f"user:{name}|device:{device}", per_device) if device else (f"user:{name}", per_user)
    )
    counted = check_and_count_all([user_key, (f"ip:{ip}", per_ip)], message=throttle_message())
    user = authenticate(request, username=username, password=password)
    if user is not None:
        take_back(counted)
    return user


def otp_throttle(user) -> None:
    # The password is right by now: codes are counted per user, wherever they come from.
    per_user = _limits()[0]
    check_and_count(
        f"otp:{user.pk}",
        Limit("staff_otp_user", per_user.count, per_user.seconds),
        message=throttle_message(),
    )


def totp_required(user) -> bool:
    """A policy requires TOTP for one of the user's roles."""
    roles = set(user.memberships.values_list("role", flat=True))
    if user.is_superuser or user.is_staff:
        roles.add("admin")  # whoever may open the Django admin counts as an admin
    return TwoFactorPolicy.objects.filter(role__in=roles, require_totp=True).exists()


def needs_second_factor(user) -> bool:
    """Users with a confirmed device always use it; others when a policy demands it."""
    return user_has_device(user, confirmed=True) or totp_required(user)


def second_factor_ok(request) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    verified = getattr(user, "is_verified", None)
    if verified is not None and verified():
        return True
    # Asked by the middleware and again by the view: look the answer up once a request.
    cached = getattr(request, "_paht_needs_2fa", None)
    if cached is None or cached[0] != user.pk:
        cached = (user.pk, needs_second_factor(user))
        request._paht_needs_2fa = cached
    return not cached[1]


def pending_user(request):
    """The user whose session passed the password but still owes the TOTP code, whom
    ``SecondFactorMiddleware`` hides from every page but sign-in, code and enrolment."""
    return getattr(request, "paht_pending_user", None)


def second_factor_page(user) -> str:
    """Where such a user goes next: the code if they have a device, else enrolment."""
    return "console:otp" if user_has_device(user, confirmed=True) else "console:otp_setup"


def session_start(request) -> None:
    now = int(time.time())
    request.session[AUTH_AT] = now
    request.session[SEEN_AT] = now


def session_expired(request, now: float | None = None, *, touch: bool = True) -> bool:
    """True when the staff session passed its absolute or idle limit. A session without
    the marks (signed in some other way) starts its clock now. ``touch=False`` checks
    without counting the request as activity (a page polling by itself)."""
    now = now or time.time()
    auth_at = request.session.get(AUTH_AT)
    seen_at = request.session.get(SEEN_AT)
    if auth_at is None or seen_at is None:
        session_start(request)
        return False
    if now - auth_at > settings.PAHT_STAFF_SESSION_HOURS * 3600:
        return True
    if now - seen_at > settings.PAHT_STAFF_IDLE_MINUTES * 60:
        return True
    if touch and now - seen_at > 30:  # no session write on every request
        request.session[SEEN_AT] = int(now)
    return False
