"""Citizen sign-in by phone + one-time code, and "my reports".

Thin adapters over paht.citizens.otp and paht.citizens.access. Between the two steps the
number waits in the session encrypted (sessions hold no phone in clear).
"""

import math

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from paht.core.crypto import decrypt, encrypt
from paht.core.errors import DomainError, TooManyRequests
from paht.core.http import client_ip
from paht.notify.sms import mask_phone
from paht.reports.models import OPEN_STATES, RESOLVED_STATES

from . import access, otp

PENDING_KEY = "citizen_pending_phone"
PER_PAGE = 20


def _pending_phone(request) -> str:
    token = request.session.get(PENDING_KEY)
    return decrypt(token) if token else ""


def _error_page(request, template: str, context: dict, exc: DomainError):
    """Re-render a form with the error next to its field (or on top), with its status."""
    context = {**context, "errors": {k: str(v) for k, v in exc.fields.items()}}
    if not exc.fields:
        context["error"] = str(exc.message)
    if isinstance(exc, TooManyRequests):
        context["retry_minutes"] = math.ceil(exc.retry_after / 60)
    response = render(request, template, context, status=exc.status)
    if isinstance(exc, TooManyRequests):
        response["Retry-After"] = str(exc.retry_after)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def sign_in(request):
    """Ask for the phone number, then send a code to it."""
    phone = request.POST.get("phone", "") if request.method == "POST" else ""
    context = {"phone": phone}
    if request.method == "POST":
        try:
            normalised = otp.code_request(phone=phone, ip=client_ip(request))
        except DomainError as exc:
            return _error_page(request, "citizens/sign_in.html", context, exc)
        request.session[PENDING_KEY] = encrypt(normalised)
        return redirect("citizens:verify")
    return render(request, "citizens/sign_in.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    """Enter the code sent to the pending number (or ask for another one)."""
    phone = _pending_phone(request)
    if not phone:
        return redirect("citizens:sign_in")
    context = {
        "masked_phone": mask_phone(phone),
        "minutes": max(1, settings.PAHT_OTP_TTL_SECONDS // 60),
        "code": "",
    }
    if request.method == "GET":
        return render(request, "citizens/verify.html", context)
    ip = client_ip(request)
    if "resend" in request.POST:
        try:
            otp.code_request(phone=phone, ip=ip)
        except DomainError as exc:
            return _error_page(request, "citizens/verify.html", context, exc)
        messages.success(request, _("Đã gửi lại mã xác thực."))
        return redirect("citizens:verify")
    context["code"] = request.POST.get("code", "")
    try:
        phone = otp.code_verify(phone=phone, code=context["code"], ip=ip)
    except DomainError as exc:
        return _error_page(request, "citizens/verify.html", context, exc)
    request.session.pop(PENDING_KEY, None)
    access.sign_in(request, phone)
    return redirect("citizens:mine")


def _badge(state: str) -> str:
    if state in OPEN_STATES:
        return "open"
    return "done" if state in RESOLVED_STATES else "bad"


@never_cache
@require_http_methods(["GET"])
def mine(request):
    """Every report the session may follow: by sign-in, or proved one by one."""
    signed_in = bool(access.phone_hash(request))
    page = Paginator(access.reports_of_session(request), PER_PAGE).get_page(
        request.GET.get("trang")
    )
    if not signed_in and not page.paginator.count:
        return redirect("citizens:sign_in")
    for report in page:
        report.badge = _badge(report.state)
    return render(request, "citizens/mine.html", {"page": page, "signed_in": signed_in})


@never_cache
@require_POST
def sign_out(request):
    access.sign_out(request)
    messages.success(request, _("Bạn đã đăng xuất."))
    return redirect("citizens:sign_in")
