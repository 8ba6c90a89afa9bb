"""Request and response shapes shared by the routers, and how errors are documented.

Every operation declares its error statuses with the one ``Error`` shape, each with a
description saying when it happens (``responses(...)``), so a client can be built from
the OpenAPI document alone.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator


def _no_nul(value: str) -> str:
    # PostgreSQL cannot store or even compare text holding NUL: refuse it at the door.
    if "\x00" in value:
        raise ValueError("NUL character")
    # A lone surrogate ("\ud800" in JSON) is no character at all and cannot be stored.
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("invalid Unicode") from None
    return value


Text = Annotated[str, AfterValidator(_no_nul)]
"""Any text a client sends: a NUL character is refused (400) before it reaches a query."""


def _storable(value: datetime) -> datetime:
    # A moment at the edge of the calendar (0001-01-01T00:00+14:00) has no UTC equivalent,
    # and the database stores UTC: refuse it here rather than fail when saving.
    if value.tzinfo is not None:
        try:
            value.astimezone(UTC)
        except OverflowError:
            raise ValueError("out of range") from None
    return value


Moment = Annotated[datetime, AfterValidator(_storable)]


class ErrorBody(Schema):
    code: str = Field(
        description="Machine-readable reason, e.g. `invalid`, `not_found`, `rate_limited`.",
        examples=["invalid"],
    )
    message: str = Field(
        description="Human-readable message in the language `Accept-Language` asked for.",
        examples=["Dữ liệu gửi lên không hợp lệ."],
    )
    fields: dict[str, list[str]] | dict[str, str] | dict = Field(
        {},
        description="Per-field messages for invalid input (field name → message or messages).",
        examples=[{"phone": ["Số điện thoại không hợp lệ."]}],
    )


class Error(Schema):
    error: ErrorBody


# --- documenting responses -----------------------------------------------------------

INVALID = (
    "Invalid input (`invalid` or a more precise code); `error.fields` names each offending "
    "field. Malformed JSON answers `http_400`."
)
NO_KEY = "`X-API-Key` is missing (`not_authenticated`)."
BAD_KEY = "`X-API-Key` is unknown or revoked (`invalid_api_key`)."
LIMITED = (
    "A rate limit was reached (`rate_limited`): per API key and hour, and where the "
    "operation says so per phone number or address. `Retry-After` gives the seconds to wait."
)
KEY_REUSED = (
    "The `Idempotency-Key` was already used for a request with other content "
    "(`idempotency_key_reused`): send a new key."
)
NOT_FOUND = "No such report, or not visible to this caller (`not_found`)."
TOO_LARGE = "The request body is too large (`too_large`)."
NOT_JSON = "The body is not `application/json` (`unsupported_media_type`)."

RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer"},
    }
}


@dataclass(frozen=True)
class Responses:
    """What an operation answers: ``schemas`` for ``response=``, ``extra`` for
    ``openapi_extra=`` (a description for each error status)."""

    schemas: dict[int, Any]
    extra: dict


def responses(ok: dict[int, Any], errors: dict[int, str], **extra) -> Responses:
    """Success schemas plus ``Error`` for each status in ``errors`` (status → when)."""
    documented: dict[int, dict] = {}
    for status, when in errors.items():
        documented[status] = {"description": when}
        if status == 429:
            documented[status]["headers"] = RETRY_AFTER
    return Responses(
        schemas={**ok, **dict.fromkeys(errors, Error)},
        extra={"responses": documented, **extra},
    )


# --- configuration -------------------------------------------------------------------


class FieldOut(Schema):
    code: str = Field(examples=["ha_tang_do_thi"])
    name: str = Field(examples=["Hạ tầng đô thị"])
    description: str


class ReturnReasonOut(Schema):
    code: str = Field(examples=["thu_tuc_hanh_chinh"])
    name: str
    guidance: str = Field(description="Where to go instead: shown before the citizen sends.")


class FieldsOut(Schema):
    fields: list[FieldOut]
    out_of_scope: list[ReturnReasonOut]


class CommuneOut(Schema):
    code: str = Field(examples=["32002"])
    name: str = Field(examples=["Phường An Xuyên"])
    kind: str
    lat: float | None
    lng: float | None


# --- reports as citizens and the public see them ---------------------------------------


class Named(Schema):
    code: str
    name: str


class LocationOut(Schema):
    lat: float | None = Field(examples=[9.225])
    lng: float | None = Field(examples=[105.179])
    address: str = Field(examples=["Trước cổng chợ, đường Lý Thường Kiệt"])
    commune: Named | None


class TimelineEntry(Schema):
    at: datetime
    text: str = Field(
        description="What happened, as a sentence in the requested language.",
        examples=["Đã chuyển đến UBND Phường An Xuyên xử lý."],
    )
    note: str = Field(description="The note written with the step, if any.")


class MediaOut(Schema):
    id: str
    kind: str = Field(description="`photo` or `video`.")
    purpose: str = Field(description="`evidence` (sent by the citizen), `result` or `update`.")
    state: str = Field(description="`pending`, `processing` or `ready`; urls only when ready.")
    width: int | None
    height: int | None
    duration: float | None = Field(description="Seconds, for videos.")
    urls: dict[str, str] = Field(
        description="Absolute URLs of the file's variants (e.g. `small`, `large`, `poster`).",
        examples=[{"small": "https://paht.example.vn/media/3f1c…/small"}],
    )


class ReportItem(Schema):
    """A published report in a list."""

    code: str = Field(examples=["PA-2025-000123"])
    round: int = Field(description="2 for a re-opened report (phản ánh lần 2).")
    state: str = Field(examples=["published"])
    state_label: str = Field(examples=["Đã có kết quả"])
    field: Named
    title: str
    commune: Named | None
    lat: float | None
    lng: float | None
    submitted_at: datetime
    published_at: datetime | None
    lead_unit: str | None = Field(description="Name of the unit that handled it.")
    thumbnail: str | None = Field(description="Absolute URL of a small picture, if any.")


class ReportPage(Schema):
    items: list[ReportItem]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; null on the last page."
    )


class ReportQuery(Schema):
    field: Text | None = Field(None, description="Field code (GET /fields).")
    status: Literal["published", "closed", "reopened"] | None = Field(
        None, description="State: result published, closed, or re-opened (round 2 sent)."
    )
    commune: Text | None = Field(None, description="Commune code (GET /communes).")
    bbox: Text | None = Field(
        None,
        description="Map area `south,west,north,east` in degrees (WGS 84).",
        examples=["9.15,105.10,9.25,105.25"],
    )
    since: date | None = Field(None, description="Submitted on or after this day (local time).")
    until: date | None = Field(None, description="Submitted on or before this day (local time).")
    cursor: Text | None = Field(None, max_length=200, description="`next_cursor` of a page.")
    limit: int = Field(20, ge=1, le=100, description="Page size, 1–100.")


class PublicReport(Schema):
    """A published report: what anyone may read (nothing about the reporter)."""

    code: str = Field(examples=["PA-2025-000123"])
    round: int
    state: str
    state_label: str
    field: Named
    title: str
    description: str
    location: LocationOut
    submitted_at: datetime
    published_at: datetime | None
    lead_unit: str | None
    result_text: str
    result_at: datetime | None
    rating: int | None = Field(description="The reporter's rating, 1–5 stars.")
    satisfied: bool | None
    timeline: list[TimelineEntry]
    media: list[MediaOut]
    previous_round: str | None = Field(description="Code of round 1, for a round-2 report.")
    next_round: str | None = Field(description="Code of the round-2 report, if re-opened.")


class ExpectedDates(Schema):
    classify_by: datetime | None = Field(None, description="Deadline to check and route it.")
    result_by: datetime | None = Field(
        None, description="Estimated date of the result at normal priority (may move)."
    )


class ReturnOut(Schema):
    reason: Named | None
    guidance: str = Field(description="Where to go instead, for the reason given.")
    note: str = Field(description="The coordinator's own explanation.")


class ReporterReport(Schema):
    """A report as its reporter sees it: progress, deadlines and what they may do next."""

    code: str = Field(examples=["PA-2025-000123"])
    round: int
    state: str = Field(examples=["in_progress"])
    state_label: str = Field(examples=["Đang xử lý"])
    field: Named
    title: str
    description: str
    location: LocationOut
    observed_at: datetime
    submitted_at: datetime
    deadline_at: datetime | None = Field(description="Deadline of the current step, while open.")
    expected: ExpectedDates | None = Field(description="While waiting to be classified.")
    lead_unit: str | None
    result_text: str
    result_at: datetime | None
    published_at: datetime | None
    returned: ReturnOut | None = Field(description="Why it was returned, when it was.")
    merged_into: str | None = Field(description="Code of the report it was merged into.")
    rating: int | None
    satisfied: bool | None
    timeline: list[TimelineEntry]
    media: list[MediaOut]
    media_processing: bool = Field(description="True while a file is still being processed.")
    can_reply: bool
    can_rate: bool
    can_reopen: bool
    reopen_until: datetime | None = Field(description="Last moment to re-open (round 1 only).")
    previous_round: str | None
    next_round: str | None


# --- what citizens send ----------------------------------------------------------------


class Suggestion(Schema):
    lat: float | None
    lng: float | None
    taken_at: str | None = Field(description="When the photo was taken (ISO 8601), if known.")


class UploadOut(Schema):
    id: str = Field(examples=["3f1c2d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f"])
    key: str = Field(
        description="Proves this upload when attaching it to a report; shown only here.",
        examples=["q2Vx0y…"],
    )
    kind: str = Field(description="`photo` or `video`.")
    state: str
    suggestion: Suggestion = Field(
        description="Place and time read from the file, to pre-fill the report."
    )


class AttachmentRef(Schema):
    id: Text = Field(description="`id` from POST /uploads.")
    key: Text = Field(description="`key` from POST /uploads.")


REPORT_EXAMPLE = {
    "field": "ha_tang_do_thi",
    "description": "Đèn đường trước chợ An Xuyên không sáng ba đêm liền, rất tối.",
    "lat": 9.225,
    "lng": 105.179,
    "address": "Trước cổng chợ, đường Lý Thường Kiệt",
    "commune": "32002",
    "observed_at": "2025-06-01T19:30:00+07:00",
    "name": "Nguyễn Văn A",
    "phone": "0912345678",
    "email": "",
    "share_identity": False,
    "attachments": [{"id": "3f1c2d4e-5b6a-4c7d-8e9f-0a1b2c3d4e5f", "key": "q2Vx0y…"}],
}


class ReportIn(Schema):
    """A new report. Give a map point (lat and lng), or an address, or a commune."""

    model_config = {"json_schema_extra": {"examples": [REPORT_EXAMPLE]}}

    field: Text = Field(description="Field code from GET /fields.")
    description: Text = Field(
        description="What is wrong, in the citizen's words (up to 4000 characters).",
        json_schema_extra={"maxLength": 4000},
    )
    lat: float | None = Field(None, description="Latitude (WGS 84); with `lng`.")
    lng: float | None = Field(None, description="Longitude (WGS 84); with `lat`.")
    address: Text = Field("", json_schema_extra={"maxLength": 300})
    commune: Text | None = Field(None, description="Commune code from GET /communes.")
    observed_at: Moment | None = Field(
        None, description="When it was seen, ISO 8601 with an offset; default: now."
    )
    name: Text = Field(description="Reporter's name: never published.")
    phone: Text = Field(description="Vietnamese phone number: never published.")
    email: Text = Field("", description="Optional: never published.")
    share_identity: bool = Field(
        False, description="May the handling unit see who sent it? Default: no."
    )
    attachments: list[AttachmentRef] = Field(
        [], description="Files uploaded before with POST /uploads (up to 5 photos, 1 video)."
    )


class SubmitOut(Schema):
    code: str = Field(description="The tracking code.", examples=["PA-2025-000123"])
    secret: str = Field(
        description=(
            "Proves the reporter: send it as `X-Report-Secret` to follow, reply, rate or "
            "re-open. Shown only in this answer (and its retries): keep it on the device."
        ),
        examples=["kq3L0…"],
    )
    follow_url: str = Field(description="The web page to follow the report (holds the secret).")
    submitted_at: datetime
    expected: ExpectedDates


class NoteIn(Schema):
    note: Text = Field(
        description="Text from the reporter (up to 4000 characters).",
        json_schema_extra={"maxLength": 4000},
        examples=["Ổ gà lại xuất hiện sau trận mưa hôm qua."],
    )


class RateIn(Schema):
    rating: int = Field(
        description="Stars, 1 to 5.", json_schema_extra={"minimum": 1, "maximum": 5}, examples=[4]
    )
    satisfied: bool = Field(description="Is the reporter satisfied with the result?")


class PhoneIn(Schema):
    phone: Text = Field(description="Vietnamese phone number.", examples=["0912345678"])


class CodeSent(Schema):
    expires_in: int = Field(description="Seconds the code stays valid.", examples=[300])
    code_length: int = Field(examples=[6])


class VerifyIn(Schema):
    phone: Text = Field(examples=["0912345678"])
    code: Text = Field(description="The code received by SMS.", examples=["123456"])


class TokenOut(Schema):
    token: str = Field(description="Send as `Authorization: Bearer <token>`.")
    expires_at: datetime


class MyReport(Schema):
    code: str = Field(examples=["PA-2025-000123"])
    round: int
    state: str
    state_label: str
    field: Named
    title: str
    commune: Named | None
    submitted_at: datetime


class MyReportsQuery(Schema):
    cursor: Text | None = Field(None, max_length=200, description="`next_cursor` of a page.")
    limit: int = Field(20, ge=1, le=100, description="Page size, 1–100.")


class MyReportPage(Schema):
    items: list[MyReport]
    next_cursor: str | None


# --- statistics ------------------------------------------------------------------------


class BucketsOut(Schema):
    total: int
    handled: int = Field(description="A result was published (published, closed, re-opened).")
    in_progress: int = Field(description="Every open state.")
    returned: int
    handled_rate: float | None = Field(description="Percent of total; null when total is 0.")
    in_progress_rate: float | None
    returned_rate: float | None


class OutcomeOut(Schema):
    results: int = Field(description="Approved results with a lead unit.")
    on_time: int
    late: int
    on_time_rate: float | None
    rated: int
    satisfied: int
    satisfaction_rate: float | None
    avg_rating: float | None


class SummaryOut(Schema):
    buckets: BucketsOut
    outcome: OutcomeOut
    merged: int = Field(description="Duplicates merged into other reports, left out of totals.")


class FieldStats(Schema):
    code: str
    name: str
    buckets: BucketsOut


class UnitStats(Schema):
    name: str
    short_name: str
    total: int
    handled: int
    overdue: int = Field(description="In progress past the handling deadline, now.")
    outcome: OutcomeOut


class StatsQuery(Schema):
    year: int | None = Field(None, description="From 2000 to this year; default: this year.")
    field: Text | None = Field(None, description="Field code (GET /fields).")
    province: Text | None = Field(
        None,
        description=(
            "Province code (two digits), for a deployment serving several provinces: "
            "reports whose commune lies in it."
        ),
    )


class StatsOut(Schema):
    year: int
    field: str | None
    province: str | None = Field(None, description="The province asked for, if any.")
    start: datetime
    end: datetime = Field(description="Exclusive end of the period.")
    summary: SummaryOut
    by_field: list[FieldStats]
    by_unit: list[UnitStats]
