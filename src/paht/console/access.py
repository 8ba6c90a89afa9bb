"""Who may open the staff console: signed-in staff with at least one active membership,
past the second factor when they have one or a policy requires it."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django_otp import user_has_device

from paht.reports.permissions import Actor

from .security import pending_user, second_factor_ok, second_factor_page


def staff_required(view):
    """Anonymous visitors go to the console sign-in; signed-in users without a role get 403;
    users who still owe a TOTP code go to the code page (or enrol first).

    The view receives ``request.actor`` (an Actor with the user's memberships).
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            pending = pending_user(request)  # passed the password, owes the TOTP code
            login_url = second_factor_page(pending) if pending else "console:login"
            return redirect_to_login(request.get_full_path(), login_url=login_url)
        if not second_factor_ok(request):
            if user_has_device(request.user, confirmed=True):
                return redirect_to_login(request.get_full_path(), login_url="console:otp")
            return redirect_to_login(request.get_full_path(), login_url="console:otp_setup")
        actor = Actor.for_user(request.user)
        if not actor.memberships:
            raise PermissionDenied
        request.actor = actor
        return view(request, *args, **kwargs)

    return wrapped


def role_required(*roles):
    """staff_required, and one of ``roles`` in some unit (else 403)."""

    def decorate(view):
        @staff_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not any(request.actor.has_role(r) for r in roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
