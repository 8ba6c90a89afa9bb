"""Sending a report from the web: one form that works with and without JavaScript.

Without JavaScript the photos travel with the form; with it, each file is uploaded on
its own first (``/media/upload``) and only its reference travels. Either way a file that
arrived is kept across a form error, as a reference carried in the re-rendered form.
"""

import secrets

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from paht.citizens import access
from paht.citizens.services import already_submitted, citizen_report_submit
from paht.core.errors import Conflict, DomainError
from paht.core.http import client_ip
from paht.media.config import current_limits
from paht.media.models import Attachment, MediaState
from paht.media.uploads import attachment_upload
from paht.reports.models import Channel, Report, ReturnReason
from paht.reports.permissions import Actor
from paht.reports.selectors import expected_dates
from paht.reports.services import hash_secret

from ..forms import ReportForm, add_domain_error, mark_invalid
from .common import map_context

SECRETS_KEY = "submitted_secrets"


def _new_key() -> str:
    return secrets.token_urlsafe(18)


def _carried(values: list[str]) -> list[dict]:
    """Files uploaded earlier in this form (``id:key``), still waiting to be attached."""
    pairs = []
    for value in values[:10]:
        attachment_id, _sep, key = str(value).partition(":")
        if key:
            pairs.append((attachment_id, key))
    ids = [p[0] for p in pairs]
    try:
        found = {
            str(a.pk): a
            for a in Attachment.objects.filter(pk__in=ids, report__isnull=True).exclude(
                state=MediaState.QUARANTINED
            )
        }
    except (ValueError, DomainError):
        return []
    carried = []
    for attachment_id, key in pairs:
        a = found.get(attachment_id)
        if a and secrets.compare_digest(a.upload_key_hash, hash_secret(key)):
            carried.append(
                {"ref": f"{attachment_id}:{key}", "name": a.source_name or a.kind, "kind": a.kind}
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
    for upload in request.FILES.getlist("files"):
        try:
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


def _submit_post(request):
    key = request.POST.get("key", "")
    earlier = already_submitted(idempotency_key=key, scope="web") if key else None
    if earlier is not None and access.is_reporter(request, earlier):
        # A double tap, or a resend after the answer was lost: the report exists already.
        return redirect("web:submitted", code=earlier.code)
    form = ReportForm(request.POST, request.FILES)
    carried = _carried(request.POST.getlist("attachment"))
    valid = form.is_valid()  # before the uploads, so their errors join the form's
    carried = _upload_files(request, form, carried)
    if not valid or form.errors:
        return _invalid(request, form, carried)
    data = form.cleaned_data
    try:
        submitted = citizen_report_submit(
            idempotency_key=data["key"],
            scope="web",
            channel=Channel.WEB,
            ip=client_ip(request),
            attachments=[tuple(c["ref"].split(":", 1)) for c in carried],
            field=data["field"],
            description=data["description"],
            name=data["name"],
            phone=data["phone"],
            email=data["email"],
            lat=data["lat"],
            lng=data["lng"],
            address=data["address"],
            commune_code=data["commune"] or None,
            observed_at=data["observed_at"],
            share_identity=data["share_identity"],
        )
    except Conflict as exc:
        form.add_error(None, str(exc.message))
        form.data = form.data.copy()
        form.data["key"] = _new_key()  # this form was used for another report: start anew
        return _invalid(request, form, carried)
    except DomainError as exc:
        add_domain_error(form, exc)
        return _invalid(request, form, carried, status=getattr(exc, "status", 400))
    report = submitted.report
    access.grant(request, report)
    shown = request.session.get(SECRETS_KEY, {})
    shown[report.code] = submitted.secret
    request.session[SECRETS_KEY] = dict(list(shown.items())[-10:])
    return redirect("web:submitted", code=report.code)


def _invalid(request, form, carried, status=400):
    context = _context(form, carried)
    return render(request, "web/submit.html", context, status=status)


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
