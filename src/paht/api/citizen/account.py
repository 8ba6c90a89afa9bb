"""Sign-in by phone (POST /auth/code, /auth/verify) and the signed-in phone's reports."""

from django.conf import settings
from django.db.models import Q
from ninja import Header, Query, Status

from paht.citizens import otp
from paht.core.crypto import keyed_hash
from paht.core.http import client_ip
from paht.reports.models import Report
from paht.reports.selectors import decode_cursor, encode_cursor

from ..base import AppKey, CitizenToken
from ..once import HEADER, once
from ..public import named
from ..schemas import (
    BAD_KEY,
    INVALID,
    KEY_REUSED,
    LIMITED,
    NO_KEY,
    NOT_JSON,
    TOO_LARGE,
    CodeSent,
    MyReportPage,
    MyReportsQuery,
    PhoneIn,
    TokenOut,
    VerifyIn,
    responses,
)
from ..tokens import citizen_token_create
from .common import JSON, KEY_DOC, router

# --- sign-in by phone and "my reports" --------------------------------------------------------

CODE = responses(
    {202: CodeSent},
    {
        400: INVALID + " A phone number that is not Vietnamese names `phone`.",
        401: NO_KEY,
        403: BAD_KEY,
        409: KEY_REUSED,
        413: TOO_LARGE,
        415: NOT_JSON,
        429: LIMITED + " Codes are limited per phone number (15 minutes, day) and per "
        "address (hour).",
    },
)


@router.post(
    "/auth/code",
    auth=AppKey(),
    response=CODE.schemas,
    openapi_extra=CODE.extra,
    summary="Sign in, step 1: send a one-time code by SMS",
    description=(
        "Sends a one-time code to the phone; earlier unused codes stop working. The "
        "answer is the same whether or not the number ever sent a report." + KEY_DOC
    ),
    operation_id="requestSignInCode",
)
@JSON
def auth_code(
    request,
    body: PhoneIn,
    idempotency_key: str | None = Header(None, alias=HEADER, max_length=100),
):
    def work():
        otp.code_request(phone=body.phone, ip=client_ip(request))
        return 202, {"expires_in": settings.PAHT_OTP_TTL_SECONDS, "code_length": otp.CODE_DIGITS}

    # Only a keyed hash of the number goes into the idempotency record's fingerprint.
    return Status(*once(request, "auth.code", {"phone": keyed_hash(body.phone)}, work))


VERIFY = responses(
    {200: TokenOut},
    {
        400: INVALID + " A wrong, expired or used-up code names `code` (`otp_wrong`, "
        "`otp_dead`, `otp_locked`).",
        401: NO_KEY,
        403: BAD_KEY,
        413: TOO_LARGE,
        415: NOT_JSON,
        429: LIMITED + " Code entries are limited per address and hour.",
    },
)


@router.post(
    "/auth/verify",
    auth=AppKey(),
    response=VERIFY.schemas,
    openapi_extra=VERIFY.extra,
    summary="Sign in, step 2: exchange the code for a citizen token",
    description=(
        "Checks the code sent to the phone (a few tries, then it is cancelled) and answers "
        "a bearer token for GET /me/reports and for following and acting on every report "
        "sent from that phone. Not idempotent by key: the answer is a credential, which "
        "is not stored, and a code works once, so a retry after a lost answer asks for a "
        "new code."
    ),
    operation_id="verifySignInCode",
)
@JSON
def auth_verify(request, body: VerifyIn):
    # Outside any wrapping transaction: a wrong entry must stay counted when refused.
    phone = otp.code_verify(phone=body.phone, code=body.code, ip=client_ip(request))
    token, expires_at = citizen_token_create(phone=phone)
    return Status(200, {"token": token, "expires_at": expires_at})


MINE = responses(
    {200: MyReportPage},
    {400: INVALID, 401: "No valid citizen token (`not_authenticated`)."},
)


@router.get(
    "/me/reports",
    auth=CitizenToken(),
    response=MINE.schemas,
    openapi_extra=MINE.extra,
    summary="My reports",
    description=(
        "Every report sent from the signed-in phone, newest first, keyset-paginated: pass "
        "`next_cursor` back as `cursor` until it is null. Follow one with "
        "GET /reports/{code}/follow and the same token."
    ),
    operation_id="listMyReports",
)
def my_reports(request, q: Query[MyReportsQuery]):
    qs = Report.objects.filter(contact__phone_hash=request.citizen_phone_hash)
    position = decode_cursor(q.cursor) if q.cursor else None
    if position:
        when, pk = position
        qs = qs.filter(Q(submitted_at__lt=when) | Q(submitted_at=when, pk__lt=pk))
    rows = list(
        qs.select_related("field", "commune").order_by("-submitted_at", "-id")[: q.limit + 1]
    )
    more, rows = len(rows) > q.limit, rows[: q.limit]
    return Status(
        200,
        {
            "items": [
                {
                    "code": r.code,
                    "round": r.round,
                    "state": r.state,
                    "state_label": r.get_state_display(),
                    "field": named(r.field),
                    "title": r.title,
                    "commune": named(r.commune),
                    "submitted_at": r.submitted_at,
                }
                for r in rows
            ],
            "next_cursor": (
                encode_cursor(rows[-1].submitted_at, rows[-1].pk) if more and rows else None
            ),
        },
    )
