"""Staff sessions end after a working day, or sooner when left idle (DESIGN §2)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from .security import AUTH_AT, session_expired

STAFF_PATHS = ("/can-bo/", "/admin/")


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
            and session_expired(request)
        ):
            logout(request)
            if staff_path:
                messages.warning(request, _("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại."))
                return redirect_to_login(request.get_full_path(), login_url="console:login")
        return self.get_response(request)
