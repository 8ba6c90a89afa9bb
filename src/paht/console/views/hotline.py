"""The hotline operator's quick form: a caller's report entered on their behalf."""

from django.shortcuts import redirect
from django.utils.translation import gettext as _

from paht.core.errors import DomainError
from paht.org.models import Role
from paht.reports.models import Channel
from paht.reports.permissions import reports_visible_to
from paht.reports.services import report_submit
from paht.web.forms import add_domain_error

from ..access import role_required
from ..forms import HotlineForm
from .common import page


@role_required(Role.COORDINATOR)
def hotline(request):
    form = HotlineForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                result = report_submit(
                    actor=request.actor,
                    channel=Channel.HOTLINE,
                    field=d["field"],
                    description=d["description"],
                    name=d["name"],
                    phone=d["phone"],
                    address=d["address"],
                    commune_code=d["commune"] or None,
                    lat=d["lat"],
                    lng=d["lng"],
                    share_identity=d["share_identity"],
                    priority=d["priority"],
                )
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
            else:
                return redirect("console:hotline_done", code=result.report.code)
        else:
            status = 400
    return page(request, "console/hotline.html", {"form": form}, status)


@role_required(Role.COORDINATOR)
def hotline_done(request, code: str):
    report = (
        reports_visible_to(request.actor)
        .filter(code=code, channel=Channel.HOTLINE)
        .only("code", "share_identity")
        .first()
    )
    if report is None:
        return redirect("console:hotline")
    spelled = " – ".join(code.split("-"))
    return page(
        request,
        "console/hotline_done.html",
        {"report": report, "spelled": spelled, "title": _("Đã ghi nhận phản ánh")},
    )
