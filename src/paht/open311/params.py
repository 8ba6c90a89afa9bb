"""Reading what GeoReport v2 clients send, as real clients send it.

An empty optional parameter counts as absent; ``api_key`` and the rest may come in the
query string or the body (form-encoded or multipart); a ``+`` in a date offset that the
client forgot to percent-encode arrives as a space and is taken back. Every refusal is an
``Open311Error`` naming the parameter, collected so that a client sees all its mistakes
at once.
"""

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from paht.reports.models import Field

from .errors import Open311Error
from .selectors import MAX_RESULTS, Attribute, attributes_for

MAX_SPAN = timedelta(days=90)
MAX_PAGE = 100_000
# Tracking codes and service codes are short slugs; anything else cannot name one.
TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_ATTRIBUTE = re.compile(r"^attribute\[([^\]]+)\](\[\])?$")
_SPACED_OFFSET = re.compile(r"^(\d{4}-\d{2}-\d{2}T[\d:.]+) (\d{2}:?\d{2})$")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class Params:
    """The request's parameters: the body's first (POST), then the query string's."""

    def __init__(self, request: HttpRequest):
        self.sources = [request.POST, request.GET] if request.method == "POST" else [request.GET]
        for source in self.sources:
            for key, values in source.lists():
                if "\x00" in key or any("\x00" in v for v in values):
                    raise Open311Error(400, _("Tham số chứa ký tự không hợp lệ."))

    def get(self, name: str) -> str:
        for source in self.sources:
            value = (source.get(name) or "").strip()
            if value:
                return value
        return ""

    def names(self) -> set[str]:
        return {k for source in self.sources for k in source}

    def getlist(self, name: str) -> list[str]:
        for source in self.sources:
            values = [v.strip() for v in source.getlist(name) if v.strip()]
            if values:
                return values
        return []


def jurisdiction_id() -> str:
    """The one jurisdiction this deployment serves (a setting; default ``vn-<province>``)."""
    default = f"vn-{settings.PAHT_PROVINCE_CODE}"
    return getattr(settings, "PAHT_OPEN311_JURISDICTION_ID", "") or default


def check_jurisdiction(params: Params) -> None:
    """We serve one jurisdiction, so the parameter is optional: absent or empty is fine,
    ours is fine, any other is an unknown jurisdiction (404, as the spec says)."""
    given = params.get("jurisdiction_id")
    if given and given.lower() != jurisdiction_id().lower():
        raise Open311Error(
            404,
            _("jurisdiction_id không đúng: máy chủ này chỉ phục vụ %(ours)s.")
            % {"ours": jurisdiction_id()},
        )


# --- GET requests -----------------------------------------------------------------------


@dataclass(frozen=True)
class Search:
    codes: list[str] | None  # service_request_id: overrides every other filter
    service_codes: list[str]
    start: datetime | None
    end: datetime | None
    statuses: frozenset[str]
    offset: int
    limit: int


def _comma_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def _datetime(name: str, raw: str, *, end: bool, errors: list) -> datetime | None:
    value = raw.strip()
    spaced = _SPACED_OFFSET.match(value)
    if spaced:
        value = f"{spaced[1]}+{spaced[2]}"
    try:
        parsed = datetime.fromisoformat(value)
        if _DATE_ONLY.match(value):
            # A W3C date alone: the whole local day (end_date includes that day).
            parsed = parsed.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
            if end:
                parsed += timedelta(days=1, microseconds=-1)
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None or parsed.tzinfo is None or not 1900 <= parsed.year <= 9000:
        errors.append(
            _(
                "%(name)s không hợp lệ: cần ngày giờ theo W3C có múi giờ, "
                "ví dụ 2026-11-22T09:30:00+07:00."
            )
            % {"name": name}
        )
        return None
    return parsed


def _int(name: str, raw: str, *, default: int, low: int, high: int, errors: list) -> int:
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        errors.append(
            _("%(name)s phải là số nguyên từ %(low)d đến %(high)d.")
            % {"name": name, "low": low, "high": high}
        )
        return default
    return value


def search(params: Params, *, now: datetime) -> Search:
    """The filters of GET requests. Without dates: the last 90 days; with one end only,
    the 90 days after start_date or before end_date; a span over 90 days is refused."""
    errors: list[str] = []
    codes = None
    if params.get("service_request_id"):
        listed = _comma_list(params.get("service_request_id"))
        if len(listed) > MAX_RESULTS:
            errors.append(
                _("service_request_id: tối đa %(max)d mã mỗi lần.") % {"max": MAX_RESULTS}
            )
        codes = [c for c in listed if TOKEN.match(c)]

    statuses = frozenset(_comma_list(params.get("status").lower()))
    if statuses == {"both"} or statuses == {"all"}:
        statuses = frozenset()
    if not statuses <= {"open", "closed"}:
        errors.append(_("status chỉ nhận open, closed hoặc both."))

    start = end = None
    if params.get("start_date"):
        start = _datetime("start_date", params.get("start_date"), end=False, errors=errors)
    if params.get("end_date"):
        end = _datetime("end_date", params.get("end_date"), end=True, errors=errors)
    if start and end:
        if start > end:
            errors.append(_("start_date phải trước end_date."))
        elif end - start > MAX_SPAN:
            errors.append(_("Khoảng thời gian từ start_date đến end_date tối đa 90 ngày."))
    elif start:
        end = start + MAX_SPAN
    elif end:
        start = end - MAX_SPAN
    elif not errors:
        start, end = now - MAX_SPAN, now

    page = _int("page", params.get("page"), default=1, low=1, high=MAX_PAGE, errors=errors)
    size = _int(
        "page_size",
        params.get("page_size"),
        default=MAX_RESULTS,
        low=1,
        high=MAX_RESULTS,
        errors=errors,
    )
    if errors:
        raise Open311Error(400, *errors)
    return Search(
        codes=codes,
        service_codes=_comma_list(params.get("service_code")),
        start=start,
        end=end,
        statuses=statuses,
        offset=(page - 1) * size,
        limit=size,
    )


# --- POST requests ----------------------------------------------------------------------


def submission(params: Params) -> dict:
    """``citizen_report_submit``'s fields from a POST requests body.

    What Open311 makes optional but our rules require is refused here with a clear
    description: the reporter's name and phone number (Vietnamese regulation). The
    service then checks the rest (field, point inside the province, lengths, email).
    ``media_url`` is not fetched: downloading a URL a client names would let anyone make
    the server call into its own network (SSRF) and would bypass the upload checks; a
    photo comes through the REST API's upload instead. ``device_id`` and ``account_id``
    are accepted and not stored.
    """
    errors: list[str] = []
    service_code = params.get("service_code")
    if not service_code:
        errors.append(_("service_code là bắt buộc."))
    lat, lng = params.get("lat"), params.get("long")
    address = params.get("address_string")
    if not (lat or lng or address):
        if params.get("address_id"):
            errors.append(
                _("address_id chưa được hỗ trợ: vui lòng gửi lat và long, hoặc address_string.")
            )
        else:
            errors.append(_("Thiếu vị trí: vui lòng gửi lat và long, hoặc address_string."))
    name = " ".join(p for p in (params.get("first_name"), params.get("last_name")) if p)
    if not name:
        errors.append(
            _("first_name/last_name: vui lòng cho biết họ tên người phản ánh (không công khai).")
        )
    if not params.get("phone"):
        errors.append(
            _(
                "phone: theo quy định, phản ánh phải có số điện thoại liên hệ của người "
                "phản ánh (không công khai)."
            )
        )
    description = params.get("description")
    if service_code and not errors:
        field = Field.objects.filter(code=service_code, is_active=True).first()
        answers = attribute_answers(attributes_for(field) if field else [], params, errors)
        if answers:
            description = "\n".join([description, "", *answers]).strip()
    if errors:
        raise Open311Error(400, *errors)
    return {
        "field": service_code,
        "description": description,
        "name": name,
        "phone": params.get("phone"),
        "email": params.get("email"),
        "lat": lat or None,
        "lng": lng or None,
        "address": address,
        "commune_code": None,
        "observed_at": None,
        "share_identity": False,
    }


def attribute_answers(attributes: list[Attribute], params: Params, errors: list) -> list[str]:
    """Check the answers to a service's questions (``attribute[CODE]``, and
    ``attribute[CODE][]`` for several values) and return them as lines for the report's
    text, which is where staff read them until answers get a model of their own."""
    given: dict[str, list[str]] = {}
    for key in params.names():
        match = _ATTRIBUTE.match(key)
        if match:
            given.setdefault(match[1], []).extend(params.getlist(key))
    lines = []
    for attribute in sorted(attributes, key=lambda a: a.order):
        if not attribute.variable:
            continue
        values = given.get(attribute.code, [])
        if not values:
            if attribute.required:
                errors.append(
                    _("attribute[%(code)s] là bắt buộc: %(question)s")
                    % {"code": attribute.code, "question": attribute.description}
                )
            continue
        if attribute.datatype in ("singlevaluelist", "multivaluelist"):
            names = dict(attribute.values)
            if any(v not in names for v in values) or (
                attribute.datatype == "singlevaluelist" and len(values) > 1
            ):
                errors.append(
                    _("attribute[%(code)s] không hợp lệ: chọn trong %(keys)s.")
                    % {"code": attribute.code, "keys": ", ".join(names)}
                )
                continue
            values = [names[v] for v in values]
        elif attribute.datatype == "number" and not all(_is_number(v) for v in values):
            errors.append(_("attribute[%(code)s] phải là một số.") % {"code": attribute.code})
            continue
        lines.append(f"{attribute.description}: {', '.join(values)}")
    return lines


def _is_number(value: str) -> bool:
    try:
        return math.isfinite(float(value))
    except ValueError:
        return False
