"""Who may open the staff console: signed-in staff with at least one active membership."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from paht.reports.permissions import Actor


def staff_required(view):
    """Anonymous visitors go to the console sign-in; signed-in users without a role get 403.

    The view receives ``request.actor`` (an Actor with the user's memberships).
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url="console:login")
        actor = Actor.for_user(request.user)
        if not actor.memberships:
            raise PermissionDenied
        request.actor = actor
        return view(request, *args, **kwargs)

    return wrapped
