"""What the citizen API's modules share: the router, the reporter's proof and the checks
on request bodies."""

import secrets
from functools import wraps

from django.utils.translation import gettext as _
from ninja import Router
from ninja.decorators import decorate_view
from ninja.security import APIKeyHeader

from paht.core.errors import NotFound, PayloadTooLarge, UnsupportedMediaType
from paht.media.config import max_upload_bytes
from paht.reports.models import Report, ReporterContact
from paht.reports.services import hash_secret

from ..base import AppKey, CitizenToken, api
from ..once import HEADER

router = Router(tags=["citizen"])

SECRET_HEADER = "X-Report-Secret"  # noqa: S105 (a header name)
# The multipart envelope around the files (boundaries, field names) is small.
ENVELOPE_BYTES = 64 * 1024
KEY_DOC = (
    "\n\n**Idempotency-Key** (optional, 1–100 characters): a retry with the same key and "
    "the same body returns the first answer (same status and body) and changes nothing; "
    "the same key with another body answers 409."
)


# --- authentication ----------------------------------------------------------------------


class ReportSecret(APIKeyHeader):
    """The report's secret, returned once by the submission."""

    param_name = SECRET_HEADER
    openapi_description = (
        "The `secret` returned by POST /reports: proves the reporter of that report "
        "(and of its round 2). Sent in a header, never in the URL."
    )

    def authenticate(self, request, key):
        return key or None


class AppAndReporter:
    """The app's ``X-API-Key`` and the reporter's proof, both (OpenAPI: see ``security``)."""

    def __init__(self):
        self.app = AppKey()
        self.proofs = (ReportSecret(), CitizenToken())

    def __call__(self, request):
        client = self.app(request)  # raises 403 / 429 for a bad or spent key
        if client is None or not any(proof(request) for proof in self.proofs):
            return None
        return client


REPORTER_PROOF = [ReportSecret(), CitizenToken()]
APP_AND_REPORTER = {
    "security": [
        {"AppKey": [], "ReportSecret": []},
        {"AppKey": [], "CitizenToken": []},
    ]
}


def _proves(request, report: Report) -> bool:
    """Whether the request carries this report's secret or its phone's citizen token."""
    secret = request.headers.get(SECRET_HEADER)
    if secret and secrets.compare_digest(report.secret_hash, hash_secret(secret)):
        return True
    if getattr(request, "citizen_phone_hash", None) is None:
        CitizenToken()(request)  # not checked yet when a secret was sent too
    phone_hash = getattr(request, "citizen_phone_hash", None)
    if not phone_hash:
        return False
    stored = ReporterContact.objects.filter(report=report).values_list("phone_hash", flat=True)
    return any(secrets.compare_digest(h, phone_hash) for h in stored if h)


def _own_report(request, code: str) -> Report:
    report = (
        Report.objects.select_related(
            "field", "commune", "lead_unit", "return_reason", "merged_into", "previous_round"
        )
        .filter(code=code[:32])
        .first()
        if "\x00" not in code  # PostgreSQL cannot even compare text holding NUL: unknown
        else None
    )
    if report is None or not _proves(request, report):
        # One answer for both: whether a code exists is not told to strangers.
        raise NotFound(_("Không tìm thấy phản ánh."))
    return report


# --- request bodies --------------------------------------------------------------------------


def _body_type(*accepted: str, max_bytes=None):
    """Refuse another content type (415) or a declared body over ``max_bytes()`` (413)
    before the body is parsed; an empty body goes on to the field checks (400)."""

    def decorator(run):
        @wraps(run)
        def checked(request, *args, **kwargs):
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            if declared and request.content_type not in accepted:
                error = UnsupportedMediaType(_("Định dạng nội dung không được hỗ trợ."))
                return api.on_exception(request, error)
            if max_bytes is not None and declared > max_bytes() + ENVELOPE_BYTES:
                limit = max_bytes() // (1024 * 1024)
                error = PayloadTooLarge(_("Tệp quá lớn: tối đa %(max)s MB.") % {"max": limit})
                return api.on_exception(request, error)
            return run(request, *args, **kwargs)

        return checked

    return decorator


JSON = decorate_view(_body_type("application/json"))
MULTIPART = decorate_view(_body_type("multipart/form-data", max_bytes=max_upload_bytes))


def _idempotency_key(request) -> str:
    return request.headers.get(HEADER) or secrets.token_urlsafe(24)
