"""The staff pages' filters, read from the query string (one parser for pages and exports).

Bad input raises ``ValidationError`` with a Vietnamese message and the offending
parameter; nothing is read from the database beyond the chosen field, unit and commune.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from paht.core.errors import ValidationError
from paht.geo.models import Commune, Province
from paht.org.models import Unit
from paht.reports.models import Field, State

from .scope import Scope
from .selectors import StatsFilter, served_provinces

FIRST_DAY = date(2000, 1, 1)
MAX_DAYS = 366 * 10  # a period of up to ten years
DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@dataclass(frozen=True)
class StaffQuery:
    """Period (local days, both included), narrowing, and the list's own filters."""

    first: date
    last: date
    scope: Scope
    field: Field | None = None
    unit: Unit | None = None
    commune: Commune | None = None
    province: Province | None = None
    state: str | None = None
    overdue: bool = False

    def filters(self) -> StatsFilter:
        return StatsFilter.for_dates(
            self.first,
            self.last,
            field=self.field,
            unit=self.unit,
            commune=self.commune,
            scope=self.scope.unit_ids,
            province=self.province,
        )

    def params(self, *, with_list: bool = True) -> dict:
        """The query string that reproduces this query (links, exports, polling)."""
        params = {"tu": self.first.isoformat(), "den": self.last.isoformat()}
        if self.field is not None:
            params["linh_vuc"] = self.field.code
        if self.unit is not None:
            params["don_vi"] = self.unit.code
        if self.commune is not None:
            params["xa"] = self.commune.code
        if self.province is not None:
            params["tinh"] = self.province.code
        if with_list and self.state:
            params["trang_thai"] = self.state
        if with_list and self.overdue:
            params["qua_han"] = "1"
        return params

    def querystring(self, *, with_list: bool = True) -> str:
        return urlencode(self.params(with_list=with_list))


def default_period(today: date) -> tuple[date, date]:
    """From 1 January to today: the leadership's usual "so far this year"."""
    return date(today.year, 1, 1), today


def _date(params, name: str, default: date, today: date) -> date:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    try:
        if not DATE_RE.fullmatch(raw):
            raise ValueError(raw)
        value = date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(
            _("Ngày không hợp lệ. Vui lòng nhập theo dạng năm-tháng-ngày, ví dụ 2025-03-31."),
            fields={name: _("Không hợp lệ.")},
        ) from None
    if not FIRST_DAY <= value <= today + timedelta(days=1):
        raise ValidationError(
            _("Ngày phải từ %(first)s đến hôm nay.") % {"first": FIRST_DAY.strftime("%d/%m/%Y")},
            fields={name: _("Ngoài khoảng cho phép.")},
        )
    return value


# Codes of fields, units and communes: letters, digits, "_" and "-". Anything else (a NUL
# byte, which PostgreSQL refuses in a query) is no code at all: a 400, not a 500.
CODE_RE = re.compile(r"[A-Za-z0-9_-]{1,50}")
PROVINCE_RE = re.compile(r"[0-9]{2}")


def _by_code(model, params, name: str, message: str, **where):
    code = params.get(name, "").strip()
    if not code:
        return None
    field = "pk" if model is Commune else "code"
    ok = CODE_RE.fullmatch(code)
    found = model.objects.filter(**{field: code}, **where).first() if ok else None
    if found is None:
        raise ValidationError(message, fields={name: _("Không hợp lệ.")})
    return found


def read_province(raw: str, name: str, among: list[Province] | None = None) -> Province | None:
    """The province asked for by its code, among those the deployment serves (``among``
    when the caller has them already; no query when none is asked for)."""
    code = raw.strip()
    if not code:
        return None
    if among is not None:
        found = next((p for p in among if p.code == code), None)
    else:
        ok = PROVINCE_RE.fullmatch(code)
        found = served_provinces().filter(code=code).first() if ok else None
    if found is None:
        raise ValidationError(
            _("Tỉnh, thành phố đã chọn không có trong hệ thống. Vui lòng chọn lại."),
            fields={name: _("Không hợp lệ.")},
        )
    return found


def read_query(params, *, scope: Scope, with_list: bool = False) -> StaffQuery:
    """The filters in ``params``; ``with_list`` reads the staff list's state and overdue."""
    today = timezone.localdate()
    default_first, default_last = default_period(today)
    first = _date(params, "tu", default_first, today)
    last = _date(params, "den", default_last, today)
    if first > last:
        raise ValidationError(
            _("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."),
            fields={"tu": _("Sau ngày kết thúc.")},
        )
    if (last - first).days > MAX_DAYS:
        raise ValidationError(
            _("Khoảng thời gian dài nhất là 10 năm. Vui lòng chọn khoảng ngắn hơn."),
            fields={"tu": _("Quá dài.")},
        )
    field = _by_code(
        Field, params, "linh_vuc", _("Lĩnh vực đã chọn không tồn tại. Vui lòng chọn lại.")
    )
    unit = _by_code(
        Unit, params, "don_vi", _("Đơn vị đã chọn không tồn tại hoặc bạn không được xem.")
    )
    if unit is not None and not scope.may_see_unit(unit):
        raise ValidationError(
            _("Đơn vị đã chọn không tồn tại hoặc bạn không được xem."),
            fields={"don_vi": _("Không hợp lệ.")},
        )
    commune = _by_code(
        Commune, params, "xa", _("Xã, phường đã chọn không tồn tại. Vui lòng chọn lại.")
    )
    province = read_province(params.get("tinh", ""), "tinh")
    state, overdue = None, False
    if with_list:
        state = params.get("trang_thai", "").strip() or None
        if state is not None and state not in State.values:
            raise ValidationError(
                _("Trạng thái đã chọn không tồn tại. Vui lòng chọn lại."),
                fields={"trang_thai": _("Không hợp lệ.")},
            )
        raw = params.get("qua_han", "").strip()
        if raw not in ("", "0", "1"):
            raise ValidationError(
                _("Giá trị lọc quá hạn không hợp lệ."), fields={"qua_han": _("Không hợp lệ.")}
            )
        overdue = raw == "1"
    return StaffQuery(
        first=first,
        last=last,
        scope=scope,
        field=field,
        unit=unit,
        commune=commune,
        province=province,
        state=state,
        overdue=overdue,
    )


def read_month(params, *, today: date | None = None) -> date:
    """The first day of the month in ``thang`` (YYYY-MM); last month by default."""
    today = today or timezone.localdate()
    raw = params.get("thang", "").strip()
    if not raw:
        last_month = today.replace(day=1) - timedelta(days=1)
        return last_month.replace(day=1)
    match = re.fullmatch(r"([0-9]{4})-([0-9]{2})", raw)
    if match:
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and FIRST_DAY <= date(year, month, 1) <= today:
            return date(year, month, 1)
    raise ValidationError(
        _("Tháng không hợp lệ. Vui lòng chọn một tháng đã qua hoặc tháng này, dạng năm-tháng."),
        fields={"thang": _("Không hợp lệ.")},
    )
