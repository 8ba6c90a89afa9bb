"""The API object, its authentication and the one error shape (DESIGN §4).

Every error, whatever raised it, answers ``{"error": {"code", "message", "fields"}}``
with the right status, in the language ``Accept-Language`` asks for (the language
middleware negotiates it on /api/). Bad input is never a 500.
"""

import logging

from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader, HttpBearer

from paht.clients.services import apikey_check
from paht.core.errors import DomainError
from paht.core.http import error_json
from paht.reports.permissions import Actor

from .models import AccessToken
from .tokens import token_check

log = logging.getLogger(__name__)

api = NinjaAPI(
    title="PAHT API",
    version="1",
    description=(
        "REST API of PAHT (phản ánh hiện trường): citizens send and follow field reports, "
        "staff handle them, anyone reads published results and statistics. Every POST "
        "accepts an `Idempotency-Key` header: a retry with the same key returns the first "
        "answer and changes nothing. Errors always have the shape "
        '`{"error": {"code": "...", "message": "...", "fields": {...}}}`; messages follow '
        "`Accept-Language` (Vietnamese by default, English)."
    ),
    urls_namespace="api_v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


# --- authentication ------------------------------------------------------------------


class AppKey(APIKeyHeader):
    """A third-party application's key (`X-API-Key`), counted against its hourly limit."""

    param_name = "X-API-Key"
    openapi_description = (
        "The application's key, issued by the deployment's administrator (admin, or "
        "`paht apikey create NAME`). Each key has its own hourly limit (429 beyond it)."
    )

    def authenticate(self, request, key):
        if not key:
            return None
        request.api_client = apikey_check(key)  # raises 403 / 429 itself
        return request.api_client


class StaffToken(HttpBearer):
    """`Authorization: Bearer <token>` from POST /staff/token."""

    openapi_description = (
        "A staff member's token from POST /staff/token (username + password, and the "
        "TOTP code when the account uses one), valid as long as a console session at most "
        "(12 hours or less, see `expires_at`); the same permissions as in the console."
    )

    def authenticate(self, request, token):
        found = token_check(token, AccessToken.Kind.STAFF)
        if found is None:
            return None
        request.user = found.user
        request.actor = Actor.for_user(found.user)
        return found


class CitizenToken(HttpBearer):
    """`Authorization: Bearer <token>` from POST /auth/verify (a verified phone)."""

    openapi_description = (
        "A citizen's token from POST /auth/verify (phone + one-time code), valid 30 days: "
        "it opens every report sent from that phone."
    )

    def authenticate(self, request, token):
        found = token_check(token, AccessToken.Kind.CITIZEN)
        if found is None:
            return None
        request.citizen_phone_hash = found.phone_hash
        return found


# --- errors --------------------------------------------------------------------------


@api.exception_handler(DomainError)
def _domain_error(request, exc: DomainError):
    response = error_json(exc.code, exc.message, exc.status, exc.fields)
    if getattr(exc, "retry_after", None):
        response["Retry-After"] = str(exc.retry_after)
    return response


def _location(loc) -> str:
    """Pydantic's error location as the client's field name: the source and the
    operation's parameter name go, ``("body", "payload", "phone")`` → ``phone``,
    ``("file", "file")`` → ``file``, ``("query", "limit")`` → ``limit``."""
    where = ("body", "query", "path", "header", "cookie", "form", "file")
    parts = [str(p) for p in loc]
    if parts and parts[0] in where and len(parts) > 1:
        parts = parts[1:]
        if len(parts) > 1:
            parts = parts[1:]  # the parameter holding a schema: its fields are what count
    return ".".join(parts) or "body"


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc: NinjaValidationError):
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        fields.setdefault(_location(error.get("loc", ())), []).append(
            _("Giá trị không hợp lệ: %(detail)s") % {"detail": error.get("msg", "")}
        )
    return error_json("invalid", _("Dữ liệu gửi lên không hợp lệ."), 400, fields)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return error_json(
        "not_authenticated", _("Cần đăng nhập hoặc mã truy cập hợp lệ (Authorization)."), 401
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_json("not_found", _("Không tìm thấy."), 404)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    messages = {
        400: _("Yêu cầu không hợp lệ (không đọc được nội dung gửi lên)."),
        405: _("Phương thức không được hỗ trợ."),
        413: _("Nội dung gửi lên quá lớn."),
        415: _("Định dạng nội dung không được hỗ trợ."),
    }
    status = exc.status_code
    return error_json(f"http_{status}", messages.get(status, str(exc)), status)


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return error_json("too_large", _("Nội dung gửi lên quá lớn."), 413)
