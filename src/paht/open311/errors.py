"""Refusals in the GeoReport v2 error format, mapped from domain errors in one place.

``<errors><error><code>400</code><description>…</description></error></errors>`` or
``[{"code": 400, "description": "…"}]``. The spec knows 404 (unknown resource), 403
(missing or invalid ``api_key``) and 400 (anything else); we keep 409 (an idempotency key
reused for another request) and 429 (a rate limit, with ``Retry-After``) because a client
must tell them apart from a bad request to react correctly.
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _

from paht.core.errors import DomainError

from .render import document

KEPT_STATUSES = frozenset({400, 403, 404, 405, 409, 429})

# Domain errors name what is wrong in report_submit's terms; clients know Open311's.
PARAMETERS = {
    "field": "service_code",
    "location": "lat/long",
    "description": "description",
    "name": "first_name/last_name",
    "phone": "phone",
    "email": "email",
    "address": "address_string",
    "idempotency_key": "Idempotency-Key",
}


class Open311Error(Exception):
    """A refusal with one or several descriptions (the spec allows several at once)."""

    def __init__(self, status: int, *descriptions, retry_after: int | None = None):
        self.status = status if status in KEPT_STATUSES else 400
        self.descriptions = [str(d) for d in descriptions] or [_("Yêu cầu không hợp lệ.")]
        self.retry_after = retry_after
        super().__init__("; ".join(self.descriptions))

    @classmethod
    def from_domain(cls, exc: DomainError) -> "Open311Error":
        message = str(exc.message)
        named = [PARAMETERS[f] for f in exc.fields if f in PARAMETERS]
        if named and exc.status not in (403, 429):
            message = f"{named[0]}: {message}"
        return cls(exc.status, message, retry_after=getattr(exc, "retry_after", None))

    def response(self, fmt: str) -> HttpResponse:
        body = [{"code": self.status, "description": d} for d in self.descriptions]
        response = document(fmt, "errors", body, status=self.status)
        if self.retry_after:
            response["Retry-After"] = str(self.retry_after)
        return response
