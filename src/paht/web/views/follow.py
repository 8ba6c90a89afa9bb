"""Following a report as its sender: proving it, reading it, replying, rating, re-opening."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from paht.citizens import access
from paht.core import idempotency
from paht.core.crypto import keyed_hash
from paht.core.errors import DomainError, TooManyRequests
from paht.core.http import client_ip
from paht.core.throttle import Limit, check_and_count
from paht.media.selectors import media_processing, reporter_media
from paht.reports.models import Report, ReportEvent, State
from paht.reports.permissions import allowed_transitions
from paht.reports.services import hash_secret, report_transition
from paht.reports.timeline import citizen_timeline, describe_event
from paht.reports.workflow import Action

from ..forms import NoteForm, RateForm, TrackForm, add_domain_error, mark_invalid

TRACK_LIMIT = Limit("track_ip", 30, 3600)
TRACK_CODE_LIMIT = Limit("track_code", 10, 86400)


def _throttle(request) -> None:
    check_and_count(
        f"ip:{client_ip(request)}",
        TRACK_LIMIT,
        message=_("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def track(request):
    form = TrackForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        try:
            _throttle(request)
            if form.is_valid():
                report = (
                    Report.objects.filter(code=form.cleaned_data["code"])
                    .select_related("contact")
                    .first()
                )
                # A phone is not a secret: a code may be tried with only a few numbers.
                check_and_count(
                    f"code:{form.cleaned_data['code']}",
                    TRACK_CODE_LIMIT,
                    message=_(
                        "Mã này đã được tra cứu quá nhiều lần hôm nay. Hãy dùng đường dẫn "
                        "riêng hoặc đăng nhập bằng số điện thoại."
                    ),
                )
                contact = getattr(report, "contact", None) if report else None
                phone_hash = keyed_hash(form.cleaned_data["phone"])
                if contact is not None and secrets.compare_digest(contact.phone_hash, phone_hash):
                    access.grant(request, report)
                    return redirect("web:report", code=report.code)
                # One message for both cases: the page must not reveal which codes exist.
                form.add_error(None, _("Không tìm thấy phản ánh với mã và số điện thoại này."))
        except TooManyRequests as exc:
            form.add_error(None, str(exc.message))
            status = 429
    return render(request, "web/track.html", {"form": mark_invalid(form)}, status=status)


@never_cache
def secret_link(request, code: str, secret: str):
    try:
        _throttle(request)
    except TooManyRequests as exc:
        context = {"form": TrackForm(), "error": exc.message}
        return render(request, "web/track.html", context, status=429)
    report = Report.objects.filter(code=code).first()
    if report is None or not secrets.compare_digest(report.secret_hash, hash_secret(secret)):
        form = TrackForm(initial={"code": code})
        error = _(
            "Đường dẫn không đúng hoặc đã hết hiệu lực. Hãy tra cứu bằng mã và số điện thoại."
        )
        return render(request, "web/track.html", {"form": form, "error": error}, status=404)
    access.grant(request, report)
    # The secret leaves the address bar: the page itself has a plain address.
    return redirect("web:report", code=report.code)


def _reopen_until(report: Report):
    if report.published_at is None:
        return None
    return report.published_at + timedelta(days=settings.PAHT_REOPEN_WINDOW_DAYS)


def _page(request, report: Report, actor, forms: dict | None = None, status: int = 200):
    forms = forms or {}
    actions = {t.action for t in allowed_transitions(actor, report)}
    reopen_until = _reopen_until(report)
    media = reporter_media(report)
    timeline = [(e, describe_event(e)) for e in citizen_timeline(report)]
    next_round = Report.objects.filter(previous_round=report).only("code").first()
    context = {
        "report": report,
        "timeline": timeline,
        "evidence": [m for m in media if m.purpose != "result"],
        "result_media": [m for m in media if m.purpose == "result"],
        "processing": media_processing(report),
        "next_round": next_round,
        # A form sent back with a refusal stays on the page, so its message is seen even
        # when the action is no longer offered (rated already, re-opened already).
        "can_reply": Action.REPLY in forms or Action.REPLY in actions,
        "can_rate": Action.RATE in forms or (Action.RATE in actions and report.rating is None),
        "can_reopen": Action.REOPEN in forms
        or (
            Action.REOPEN in actions
            and report.round == 1
            and next_round is None
            and reopen_until is not None
            and timezone.now() <= reopen_until
        ),
        "reopen_until": reopen_until,
        "reply_form": mark_invalid(forms.get(Action.REPLY) or NoteForm(prefix="reply")),
        "rate_form": mark_invalid(forms.get(Action.RATE) or RateForm()),
        "reopen_form": mark_invalid(forms.get(Action.REOPEN) or NoteForm(prefix="reopen")),
        "resolved": report.state in {State.PUBLISHED, State.CLOSED, State.REOPENED},
    }
    return render(request, "web/report.html", context, status=status)


def _load(request, code: str):
    report = get_object_or_404(
        Report.objects.select_related(
            "field", "commune", "lead_unit", "return_reason", "merged_into", "previous_round"
        ),
        code=code,
    )
    return report, access.reporter_actor(request, report)


@never_cache
def report(request, code: str):
    report, actor = _load(request, code)
    if actor is None:
        if report.is_published:
            return redirect("web:public_detail", code=report.code)
        messages.info(request, _("Vui lòng nhập mã và số điện thoại để xem phản ánh của bạn."))
        return redirect("web:track")
    return _page(request, report, actor)


def _act(request, code: str, action: Action, form, payload, done):
    """Apply one of the reporter's actions; on a refusal show the page with the message
    next to the form that caused it, keeping what was typed."""
    report, actor = _load(request, code)
    if actor is None:
        return redirect("web:track")
    if not form.is_valid():
        return _page(request, report, actor, {action: form}, status=400)

    def work():
        event = report_transition(report=report, action=action, actor=actor, **payload(form))
        return {"event": event.pk}, 200

    key = form.cleaned_data.get("key")
    try:
        if key:
            outcome = idempotency.run_once(
                scope=f"web-{action}:{report.pk}",
                key=key,
                fingerprint=idempotency.fingerprint(payload(form)),
                work=work,
            )
            body = outcome.body
        else:
            body, _status = work()
    except DomainError as exc:
        add_domain_error(form, exc)
        return _page(request, report, actor, {action: form}, status=exc.status)
    return done(ReportEvent.objects.get(pk=body["event"]))


@require_POST
def reply(request, code: str):
    def done(event):
        messages.success(request, _("Đã gửi thông tin bổ sung."))
        return redirect("web:report", code=code)

    form = NoteForm(request.POST, prefix="reply")
    return _act(request, code, Action.REPLY, form, lambda f: {"note": f.cleaned_data["note"]}, done)


@require_POST
def rate(request, code: str):
    def done(event):
        messages.success(request, _("Cảm ơn bạn đã đánh giá kết quả xử lý."))
        return redirect("web:report", code=code)

    def payload(f):
        return {"rating": f.cleaned_data["rating"], "satisfied": f.cleaned_data["satisfied"]}

    return _act(request, code, Action.RATE, RateForm(request.POST), payload, done)


@require_POST
def reopen(request, code: str):
    def done(event):
        second = Report.objects.get(code=event.data["next_round"])
        access.grant(request, second)
        messages.success(
            request,
            _("Đã gửi phản ánh lần 2 với mã %(code)s. Trung tâm sẽ xem xét lại.")
            % {"code": second.code},
        )
        return redirect("web:report", code=second.code)

    form = NoteForm(request.POST, prefix="reopen")
    note = lambda f: {"note": f.cleaned_data["note"]}  # noqa: E731
    return _act(request, code, Action.REOPEN, form, note, done)
