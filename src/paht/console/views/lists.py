"""The console's lists: home, the coordinator's inbox, the unit's queue, approvals."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from paht.core.errors import DomainError
from paht.org.models import Role
from paht.reports.models import ReturnReason

from ..access import role_required, staff_required
from ..selectors import approval_tabs, inbox_tabs, listing, unit_tabs
from ..services import reports_bulk_return
from .common import page


@staff_required
def home(request):
    actor = request.actor
    if actor.has_role(Role.COORDINATOR) or actor.has_role(Role.SUPERVISOR):
        return redirect("console:inbox")
    if actor.has_role(Role.HANDLER):
        return redirect("console:queue")
    if actor.has_role(Role.APPROVER):
        return redirect("console:approvals")
    return page(request, "console/home.html", {})


def _list_page(request, tabs, *, title: str, url_name: str, bulk: bool = False, status=200):
    data = listing(
        request.actor, tabs, tab=request.GET.get("tab"), cursor=request.GET.get("cursor")
    )
    context = {
        "title": title,
        "url_name": url_name,
        "listing": data,
        "bulk": bulk and data.current is not None and data.current.key in {"moi", "lan-2"},
        "reasons": ReturnReason.objects.filter(is_active=True) if bulk else [],
    }
    return page(request, "console/list.html", context, status)


@role_required(Role.COORDINATOR, Role.SUPERVISOR)
def inbox(request):
    return _list_page(
        request,
        inbox_tabs(request.actor),
        title=_("Tiếp nhận, phân loại"),
        url_name="console:inbox",
        bulk=request.actor.has_role(Role.COORDINATOR),
    )


@role_required(Role.HANDLER)
def queue(request):
    return _list_page(
        request, unit_tabs(request.actor), title=_("Phản ánh của đơn vị"), url_name="console:queue"
    )


@role_required(Role.APPROVER)
def approvals(request):
    return _list_page(
        request,
        approval_tabs(request.actor),
        title=_("Phê duyệt kết quả"),
        url_name="console:approvals",
    )


@require_POST
@role_required(Role.COORDINATOR)
def bulk_return(request):
    """Return the ticked reports with one reason: all of them, or none and the reason why."""
    versions = {}
    for value in request.POST.getlist("report"):
        code, _sep, version = value.partition(":")
        if version.isdigit():
            versions[code[:32]] = int(version)
    try:
        events = reports_bulk_return(
            actor=request.actor,
            versions=versions,
            reason=request.POST.get("reason", ""),
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return _list_page(
            request,
            inbox_tabs(request.actor),
            title=_("Tiếp nhận, phân loại"),
            url_name="console:inbox",
            bulk=True,
            status=exc.status,
        )
    count = len(events)
    messages.success(
        request,
        ngettext("Đã trả lại %(n)s phản ánh.", "Đã trả lại %(n)s phản ánh.", count) % {"n": count},
    )
    return redirect("console:inbox")
