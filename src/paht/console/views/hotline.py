"""The hotline operator's quick form: a caller's report entered on their behalf.

The form carries a one-time key (``once``): sent twice (a double click, a reload of
the posted page, the back button), it creates one report and one SMS, and the second
answer is the first one's confirmation page.
"""

import secrets

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from paht.core import idempotency
from paht.core.errors import Conflict, DomainError
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
    once = request.POST.get("once", "") or secrets.token_urlsafe(16)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                outcome = _submit(request, form.cleaned_data)
            except DomainError as exc:
                add_domain_error(form, exc)
                status = exc.status
                if isinstance(exc, Conflict):
                    once = secrets.token_urlsafe(16)  # that key belongs to another call
            else:
                if outcome.replayed:
                    messages.info(request, _("Phản ánh này đã được ghi nhận trước đó."))
                return redirect("console:hotline_done", code=outcome.body["code"])
        else:
            status = 400
    return page(request, "console/hotline.html", {"form": form, "once": once}, status)


def _submit(request, d: dict) -> idempotency.Outcome:
    """One report per form: the same key again gets the first report back."""

    def work():
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
        return {"code": result.report.code}, 201

    once = request.POST.get("once", "")
    if not once:
        return idempotency.Outcome(*work(), replayed=False)
    fields = sorted((k, v) for k, v in request.POST.lists() if k not in {"csrfmiddlewaretoken"})
    return idempotency.run_once(
        scope=f"console-hotline:{request.user.pk}",
        key=once,
        fingerprint=idempotency.fingerprint({"hotline": fields}),
        work=work,
    )


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
