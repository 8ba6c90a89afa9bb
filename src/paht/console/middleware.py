"""Staff sessions end after a working day, or sooner when left idle (DESIGN §2); a
session that still owes its second factor is anonymous everywhere but the sign-in."""

from functools import cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext as _

from .security import AUTH_AT, second_factor_ok, session_expired

STAFF_PATHS = ("/can-bo/", "/admin/")


@cache
def _polling_paths() -> frozenset[str]:
    """Pages a browser fetches by itself: they check expiry but are not activity."""
    return frozenset({reverse("stats:dashboard_data")})


@cache
def _second_factor_paths() -> frozenset[str]:
    """Where a session that passed the password may still go before its TOTP code."""
    names = ("console:login", "console:otp", "console:otp_setup", "console:logout")
    return frozenset(reverse(name) for name in names)


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)  # no session: nothing to expire, none to load
        user = getattr(request, "user", None)
        staff_path = request.path.startswith(STAFF_PATHS)
        tracked = AUTH_AT in request.session
        if (
            user is not None
            and user.is_authenticated
            and (tracked or staff_path)
            and session_expired(request, touch=request.path not in _polling_paths())
        ):
            logout(request)
            if staff_path:
                messages.warning(request, _("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại."))
                return redirect_to_login(request.get_full_path(), login_url="console:login")
        return self.get_response(request)


class SecondFactorMiddleware:
    """One place for the second factor: until a session that passed the password also
    passed its TOTP code (when it owes one), ``request.user`` is anonymous for every
    view (console, admin, media, API) except sign-in, code, enrolment and sign-out.

    The hidden user stays reachable as ``request.paht_pending_user`` so the console can
    send them to the code page rather than back to the password. Goes after
    ``OTPMiddleware``, which tells whether the session is verified.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)  # no session, nobody signed in
        path = request.path
        user = getattr(request, "user", None)
        if (
            user is not None
            and path not in _second_factor_paths()
            and not path.startswith(settings.STATIC_URL)
            and user.is_authenticated
            and not second_factor_ok(request)
        ):
            anonymous = AnonymousUser()

            async def auser():
                return anonymous

            request.paht_pending_user = user
            request.user = anonymous
            request.auser = auser
        return self.get_response(request)
