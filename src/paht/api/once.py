"""`Idempotency-Key` for every POST of the API.

A POST handler wraps its work in ``once(...)``: with a key, the first successful answer
is stored with the key (in the work's own transaction) and a retry gets it back; the
same key with another body is a 409. Refused requests store nothing, so a retry after
fixing the input runs afresh. Keys are scoped per operation and per caller.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _
from pydantic import BaseModel

from paht.core import idempotency
from paht.core.errors import ValidationError

HEADER = "Idempotency-Key"


def _caller(request) -> str:
    if getattr(request, "api_client", None) is not None:
        return f"key{request.api_client.pk}"
    if getattr(request, "citizen_phone_hash", None):
        return f"phone{request.citizen_phone_hash[:16]}"
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user{user.pk}"
    return "anon"


def _plain(value):
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    return value


def once(request, operation: str, payload, work: Callable[[], tuple[int, dict]]):
    """Run ``work`` (returning status and body) once per Idempotency-Key; returns
    ``(status, body)`` for a ninja operation declared with those statuses."""
    key = request.headers.get(HEADER)
    if key is None:
        return work()
    if not key.strip() or len(key) > idempotency.MAX_KEY:
        raise ValidationError(_("Idempotency-Key phải có từ 1 đến 100 ký tự."), fields={HEADER: ""})

    def stored():
        status, body = work()
        return _plain(body), status

    outcome = idempotency.run_once(
        scope=f"api:{operation}:{_caller(request)}",
        key=key,
        fingerprint=idempotency.fingerprint(_plain(payload)),
        work=stored,
    )
    return outcome.status, outcome.body
