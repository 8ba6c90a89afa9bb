"""POST and DELETE /staff/token: sign in and out with a bearer token."""

from ninja import Status

from paht.core.http import client_ip

from ..models import AccessToken
from ..staff_schemas import StaffTokenIn, StaffTokenOut
from ..tokens import staff_token_create, token_check, token_revoke
from .common import _errors, _responses, router


@router.post(
    "/token",
    auth=None,
    response={200: StaffTokenOut, **_errors(400, 401, 429)},
    summary="Sign in: get a bearer token",
    description=(
        "Exchange a staff member's username and password for a bearer token valid as "
        "long as a console session at most (12 hours or the deployment's shorter limit; "
        "see `expires_at`). Only users with at least one role in a unit may sign in. "
        "When the user has an authenticator app enrolled, or a policy requires TOTP for "
        "one of their roles, send its current 6-digit code as `otp`: without it, or with "
        "a wrong one, the answer is 401 `totp_required` (enrol in the console first if "
        "the account has no app yet). Failed attempts are limited per username and per "
        "address, codes per user, sharing the console's counters (429 beyond them; "
        "the console's exemption for a browser the user signed in from does not apply "
        "here). "
        "Not idempotent by key: a retry issues another token."
    ),
    openapi_extra=_responses(400, 401, 429),
    operation_id="paht_api_staff_token_create",
)
def token_create(request, body: StaffTokenIn):
    raw, expires = staff_token_create(
        username=body.username,
        password=body.password,
        otp=body.otp,
        ip=client_ip(request),
        request=request,
    )
    user = token_check(raw, AccessToken.Kind.STAFF).user
    memberships = user.memberships.select_related("unit").order_by("unit__code", "role")
    return Status(
        200,
        {
            "token": raw,
            "expires_at": expires,
            "user": {
                "username": user.get_username(),
                "roles": [
                    {"role": m.role, "unit_code": m.unit.code, "unit_name": m.unit.name}
                    for m in memberships
                ],
            },
        },
    )


@router.delete(
    "/token",
    response={204: None, **_errors(401)},
    summary="Sign out: revoke this token",
    description="The token in the Authorization header stops working at once.",
    openapi_extra=_responses(401),
    operation_id="paht_api_staff_token_delete",
)
def token_delete(request):
    raw = request.headers.get("Authorization", "").partition(" ")[2].strip()
    token_revoke(raw)
    return Status(204, None)
