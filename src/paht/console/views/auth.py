"""Sign-in, second factor (TOTP with django-otp), enrolment and sign-out."""

import segno
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from paht.core.errors import TooManyRequests
from paht.core.http import client_ip

from ..enrolment import (
    enrolment_confirm,
    enrolment_device,
    enrolment_proved,
    enrolment_verify,
    prove_current,
)
from ..forms import EnrolForm, LoginForm, OtpForm
from ..security import (
    needs_second_factor,
    otp_throttle,
    pending_user,
    remember_device,
    second_factor_ok,
    second_factor_page,
    session_start,
    staff_authenticate,
    totp_required,
)
from .common import page


def _next(request, default: str = "console:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)


def _invalid(request, form, status: int) -> int:
    """A form sent back with mistakes answers 400, not 200."""
    return 400 if request.method == "POST" and form.errors and status == 200 else status


def _with_next(name: str, target: str) -> str:
    return f"{resolve_url(name)}?{urlencode({'next': target})}"


def _after_password(request):
    """Where a user goes once the password is right: the code, enrolment, or work."""
    nxt = _next(request)
    if user_has_device(request.user, confirmed=True):
        return redirect(_with_next("console:otp", nxt))
    if totp_required(request.user):
        return redirect(_with_next("console:otp_setup", nxt))
    return _signed_in(request, redirect(nxt))


def _signed_in(request, response):
    """The whole sign-in passed: this browser becomes one the user signs in from."""
    remember_device(request, response, request.user.get_username())
    return response


@sensitive_post_parameters("password")
def login(request):
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = staff_authenticate(
                request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                ip=client_ip(request),
            )
        except TooManyRequests as exc:
            form.add_error(None, str(exc.message))
            status = 429
        else:
            if user is None:
                form.add_error(None, _("Tên đăng nhập hoặc mật khẩu không đúng."))
                status = 400
            else:
                auth_login(request, user)
                session_start(request)
                return _after_password(request)
    status = _invalid(request, form, status)
    return page(request, "console/login.html", {"form": form, "next": _next(request)}, status)


@sensitive_post_parameters("token")
def otp_verify(request):
    if not request.user.is_authenticated:
        return redirect("console:login")
    if second_factor_ok(request):
        return redirect(_next(request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect(_with_next("console:otp_setup", _next(request)))
    form = OtpForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            otp_throttle(request.user)
        except TooManyRequests as exc:
            form.add_error(None, str(exc.message))
            status = 429
        else:
            if not _may_try(device, form):
                status = 429
            elif device.verify_token(form.cleaned_data["token"].strip()):
                otp_login(request, device)
                return _signed_in(request, redirect(_next(request)))
            else:
                form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn."))
                status = 400
    status = _invalid(request, form, status)
    return page(request, "console/otp.html", {"form": form, "next": _next(request)}, status)


def _may_try(device: TOTPDevice, form: OtpForm) -> bool:
    """django-otp slows down guessing: after a wrong code the next try must wait."""
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        form.add_error(None, _("Vừa nhập sai mã. Vui lòng chờ vài giây rồi nhập lại."))
    return allowed


def _qr_svg(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#1d2327")


@sensitive_post_parameters("token", "current")
def otp_setup(request):
    """Enrol an authenticator app: scan the code, type one code to confirm it works.

    Open to a user who passed the password and has no confirmed device yet, or who has
    already passed the second factor (to replace a phone: then the current app's code
    or the password proves it is them). Every visit draws a fresh secret kept in this
    session only (``enrolment``).
    """
    if not request.user.is_authenticated:
        return redirect("console:login")
    has_device = user_has_device(request.user, confirmed=True)
    if has_device and not request.user.is_verified():
        return redirect(_with_next("console:otp", _next(request)))
    posted = request.method == "POST"
    device, new = enrolment_device(request, fresh=not posted)
    form = EnrolForm(request.POST or None)
    status = 200
    if posted and new:
        # The secret this form was for is gone (another tab, or the session): scan again.
        form.add_error(None, _("Mã QR đã thay đổi. Vui lòng quét lại mã mới rồi nhập mã."))
        status = 400
    elif posted and form.is_valid():
        try:
            otp_throttle(request.user)
        except TooManyRequests as exc:
            form.add_error(None, str(exc.message))
            status = 429
        else:
            status = _enrol(request, device, form, has_device)
            if status == 302:
                messages.success(request, _("Đã bật xác thực hai lớp."))
                return _signed_in(request, redirect(_next(request)))
    status = _invalid(request, form, status)
    context = {
        "form": form,
        "next": _next(request),
        "qr": _qr_svg(device),
        "secret": _b32(device),
        "has_device": has_device,
        "ask_current": has_device and not enrolment_proved(request),
        "required": needs_second_factor(request.user),
    }
    return page(request, "console/otp_setup.html", context, status)


def _enrol(request, device: TOTPDevice, form: EnrolForm, has_device: bool) -> int:
    """Check the proof and the new code; 302 once the device is the user's."""
    if has_device and not enrolment_proved(request):
        proved = prove_current(request, form.cleaned_data["current"])
        if proved is None:
            form.add_error(None, _("Vừa nhập sai mã. Vui lòng chờ vài giây rồi nhập lại."))
            return 429
        if not proved:
            form.add_error(
                "current",
                _("Cần mã đúng từ ứng dụng đang dùng, hoặc mật khẩu, để thay ứng dụng."),
            )
            return 400
    if not _may_try(device, form):
        return 429
    if not enrolment_verify(request, device, form.cleaned_data["token"].strip()):
        form.add_error("token", _("Mã xác thực không đúng. Kiểm tra giờ trên điện thoại."))
        return 400
    enrolment_confirm(request, device)
    otp_login(request, device)
    return 302


def _b32(device: TOTPDevice) -> str:
    import base64

    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@require_POST
def logout(request):
    auth_logout(request)
    messages.info(request, _("Bạn đã đăng xuất."))
    return redirect("console:login")


def admin_login(request, extra_context=None):
    """The admin's own sign-in goes through the console's (throttling, second factor)."""
    target = _next(request, "admin:index")  # only this site's addresses
    if request.user.is_authenticated and second_factor_ok(request):
        if request.user.is_active and request.user.is_staff:
            return redirect(target)
        messages.error(request, _("Tài khoản không có quyền vào trang quản trị."))
        return redirect("console:home")
    pending = pending_user(request)
    if pending is not None:
        return redirect(_with_next(second_factor_page(pending), target))
    return redirect(_with_next("console:login", target))
