"""Sending a report from the web: one form that works with and without JavaScript.

Without JavaScript the photos travel with the form; with it, each file is uploaded on
its own first (``/media/upload``) and only its reference travels. Either way a file that
arrived is kept across a form error, as a reference carried in the re-rendered form.
"""

import secrets
import uuid

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from paht.citizens import access
from paht.citizens.services import Submitted, citizen_report_resent, citizen_report_submit
from paht.core.errors import Conflict, DomainError
from paht.core.http import client_ip
from paht.core.throttle import Limit, check_and_count
from paht.media.config import current_limits
from paht.media.models import Attachment, MediaState
from paht.media.uploads import attachment_upload
from paht.reports.models import Channel, Report, ReturnReason
from paht.reports.permissions import Actor
from paht.reports.selectors import expected_dates
from paht.reports.services import hash_secret

from ..forms import ReportForm, add_domain_error, mark_invalid
from .common import map_context

SECRETS_KEY = access.SECRETS_KEY


def _new_key() -> str:
    return secrets.token_urlsafe(18)


def _carried(form: ReportForm, values: list[str]) -> list[dict]:
    """Files uploaded earlier in this form (``id:key``), still waiting to be attached.

    A reference that proves nothing (unknown, wrong key, already attached) is refused
    with a message rather than dropped in silence: the citizen believes it is sent.
    """
    # One more than may be attached, so a surplus is refused by the attach, not cut here.
    values = values[: settings.PAHT_MEDIA_MAX_PHOTOS + settings.PAHT_MEDIA_MAX_VIDEOS + 1]
    pairs, unknown = [], 0
    for value in values:
        attachment_id, _sep, key = str(value).partition(":")
        try:
            pairs.append((str(uuid.UUID(attachment_id)), key))
        except ValueError:
            unknown += 1
    found = {
        str(a.pk): a
        for a in Attachment.objects.filter(pk__in=[p[0] for p in pairs], report__isnull=True)
    }
    carried = []
    for attachment_id, key in pairs:
        a = found.get(attachment_id)
        if not (key and a and secrets.compare_digest(a.upload_key_hash, hash_secret(key))):
            unknown += 1
        elif a.state == MediaState.QUARANTINED:
            name = a.source_name or a.kind
            form.add_error("files", _("%(name)s: tệp không xử lý được.") % {"name": name})
        else:
            carried.append(
                {"ref": f"{attachment_id}:{key}", "name": a.source_name or a.kind, "kind": a.kind}
            )
    if unknown:
        form.add_error(
            "files",
            _(
                "Không tìm thấy tệp đã tải lên, hoặc tệp đã được dùng. Vui lòng chọn lại ảnh, "
                "video cần gửi."
            ),
        )
    return carried


def _context(form: ReportForm, carried: list[dict]) -> dict:
    mark_invalid(form)
    limits = current_limits()
    return {
        "form": form,
        "carried": carried,
        "out_of_scope": ReturnReason.objects.filter(out_of_scope=True, is_active=True),
        "map": map_context(),
        "limits": {
            "photos": settings.PAHT_MEDIA_MAX_PHOTOS,
            "videos": settings.PAHT_MEDIA_MAX_VIDEOS,
            "photo_mb": limits.photo_max_bytes // (1024 * 1024),
            "video_mb": limits.video_max_bytes // (1024 * 1024),
            "video_seconds": int(limits.video_max_seconds),
        },
    }


@require_http_methods(["GET", "POST"])
def submit(request):
    if request.method == "POST":
        return _submit_post(request)
    now = timezone.localtime().replace(second=0, microsecond=0)
    form = ReportForm(initial={"key": _new_key(), "observed_at": now})
    return render(request, "web/submit.html", _context(form, []) | {"fresh": True})


def _upload_files(request, form: ReportForm, carried: list[dict]) -> list[dict]:
    actor = Actor.for_user(request.user)
    room = settings.PAHT_MEDIA_MAX_PHOTOS + settings.PAHT_MEDIA_MAX_VIDEOS - len(carried)
    uploads = request.FILES.getlist("files")
    if len(uploads) > max(room, 0):
        # Stored files count towards the limits only once attached: refuse the surplus
        # here rather than keep files the report cannot take.
        form.add_error("files", _("Quá số ảnh, video cho phép; vui lòng chọn lại."))
        return carried
    for upload in uploads:
        try:
            check_and_count(
                f"ip:{client_ip(request)}",
                Limit("upload_ip", settings.PAHT_UPLOAD_PER_IP_HOUR, 3600),
                message=_("Bạn đã tải lên quá nhiều tệp. Vui lòng thử lại sau ít phút."),
            )
            result = attachment_upload(file=upload, name=upload.name, actor=actor)
        except DomainError as exc:
            form.add_error("files", f"{upload.name}: {exc.message}")
            continue
        carried.append(
            {
                "ref": f"{result.attachment.pk}:{result.key}",
                "name": result.attachment.source_name or upload.name,
                "kind": result.attachment.kind,
            }
        )
    return carried


def _fields(data: dict) -> dict:
    """The form's values as ``report_submit`` takes them."""
    return {
        "field": data["field"],
        "description": data["description"],
        "name": data["name"],
        "phone": data["phone"],
        "email": data["email"],
        "lat": data["lat"],
        "lng": data["lng"],
        "address": data["address"],
        "commune_code": data["commune"] or None,
        "observed_at": data["observed_at"],
        "share_identity": data["share_identity"],
    }


def _renew_key(form: ReportForm, exc: Conflict) -> None:
    """This form was used for another report: keep what was typed, under a new key."""
    form.add_error(None, str(exc.message))
    form.data = form.data.copy()
    form.data["key"] = _new_key()


def _earlier(form: ReportForm) -> Submitted | None:
    """The report this very form created already, if it did."""
    return citizen_report_resent(
        idempotency_key=form.cleaned_data["key"],
        scope="web",
        channel=Channel.WEB,
        **_fields(form.cleaned_data),
    )


def _submit_post(request):
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():  # before the uploads, so their errors join the form's
        try:
            earlier = _earlier(form)
        except Conflict as exc:
            _renew_key(form, exc)
        else:
            if earlier is not None:
                # A double tap, or a resend after the answer was lost: the report exists
                # already, and the files that came again are not stored twice.
                return _sent(request, earlier)
    elif "key" in form.errors:
        # A hidden field the citizen cannot fix: give the form a new one and say why.
        form.data = form.data.copy()
        form.data["key"] = _new_key()
        form.add_error(None, _("Biểu mẫu đã cũ. Vui lòng kiểm tra lại rồi bấm “Gửi phản ánh”."))
    dropped = set(request.POST.getlist("drop_attachment"))
    kept = [v for v in request.POST.getlist("attachment") if v not in dropped]
    carried = _upload_files(request, form, _carried(form, kept))
    if form.errors:
        return _invalid(request, form, carried)
    try:
        submitted = citizen_report_submit(
            idempotency_key=form.cleaned_data["key"],
            scope="web",
            channel=Channel.WEB,
            ip=client_ip(request),
            attachments=[tuple(c["ref"].split(":", 1)) for c in carried],
            **_fields(form.cleaned_data),
        )
    except Conflict as exc:
        # Sent twice at once: the other request made the report while this one stored
        # its copy of the files (whose new ids made the content differ).
        try:
            earlier = _earlier(form)
        except Conflict:
            earlier = None
        if earlier is not None:
            return _sent(request, earlier)
        _renew_key(form, exc)
        return _invalid(request, form, carried)
    except DomainError as exc:
        add_domain_error(form, exc)
        return _invalid(request, form, carried, status=getattr(exc, "status", 400))
    return _sent(request, submitted)


def _sent(request, submitted: Submitted):
    report = submitted.report
    access.grant(request, report)
    shown = request.session.get(SECRETS_KEY, {})
    shown[report.code] = submitted.secret
    request.session[SECRETS_KEY] = dict(list(shown.items())[-10:])
    return redirect("web:submitted", code=report.code)


def _invalid(request, form, carried, status=400):
    context = _context(form, carried)
    return render(request, "web/submit.html", context, status=status)


@never_cache
def done(request, code: str):
    report = get_object_or_404(Report.objects.select_related("field", "commune"), code=code)
    if not access.is_reporter(request, report):
        return redirect("web:track")
    secret = request.session.get(SECRETS_KEY, {}).get(report.code)
    link = (
        request.build_absolute_uri(reverse("web:secret_link", args=[report.code, secret]))
        if secret
        else ""
    )
    context = {
        "report": report,
        "link": link,
        "dates": expected_dates(report),
        "title": _("Đã gửi phản ánh"),
    }
    return render(request, "web/submitted.html", context)
