"""Cleaning of what citizens and staff send: every refusal is a ValidationError whose
message is for the user, in their language, and nothing is written before it."""

import copy
import math
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext as _

from paht.core.errors import ValidationError
from paht.core.process_cache import ProcessCache
from paht.geo.models import Commune
from paht.geo.services import commune_for_point, deployment_commune, distance_m
from paht.org.models import Unit

from .models import Field, Priority

MAX_DESCRIPTION = 4000
# A point farther than this from every commune centre of the province is outside it.
MAX_DISTANCE_FROM_COMMUNE_M = 30_000


def _invalid(message: str, field: str, detail: str | None = None) -> ValidationError:
    return ValidationError(message, fields={field: detail or message})


def _label(field: str) -> str:
    labels = {
        "title": _("tiêu đề"),
        "description": _("nội dung phản ánh"),
        "name": _("họ tên"),
        "address": _("địa chỉ"),
        "note": _("nội dung"),
    }
    return labels.get(field, field)


def clean_text(value, *, field: str, max_length: int, required: bool) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str) or "\x00" in value:
        raise _invalid(_("%(field)s không hợp lệ.") % {"field": _label(field).capitalize()}, field)
    value = value.strip()
    if required and not value:
        raise _invalid(
            _("Vui lòng nhập %(field)s.") % {"field": _label(field)},
            field,
            _("Trường này là bắt buộc."),
        )
    if len(value) > max_length:
        raise _invalid(
            _("%(field)s quá dài (tối đa %(max)d ký tự).")
            % {"field": _label(field).capitalize(), "max": max_length},
            field,
            _("Tối đa %(max)d ký tự.") % {"max": max_length},
        )
    return value


def clean_bool(value, *, field: str, message: str) -> bool:
    # "false" must never become True: consent and verdicts are real booleans only.
    if not isinstance(value, bool):
        raise _invalid(message, field)
    return value


def clean_email(value) -> str:
    email = clean_text(value, field="email", max_length=254, required=False)
    if email:
        try:
            validate_email(email)
        except DjangoValidationError:
            raise _invalid(_("Địa chỉ email không hợp lệ."), "email") from None
    return email


def clean_datetime(value, *, field: str) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise _invalid(_("Thời điểm không hợp lệ."), field)
    return value


def clean_priority(value) -> str:
    if value not in Priority.values:
        raise _invalid(_("Mức độ không hợp lệ."), "priority")
    return value


def _active_fields() -> dict[str, Field]:
    return {f.code: f for f in Field.objects.using(DEFAULT_DB_ALIAS).filter(is_active=True)}


# The active fields by code (``core.process_cache``): every submission names one.
fields = ProcessCache("fields", _active_fields)


def get_field(code_or_field) -> Field:
    code = code_or_field.code if isinstance(code_or_field, Field) else code_or_field
    found = fields.get().get(code) if isinstance(code, str) else None
    if found is None:
        raise _invalid(_("Lĩnh vực không hợp lệ."), "field", _("Lĩnh vực không tồn tại."))
    return copy.copy(found)  # the caller's own instance


def get_commune(code) -> Commune:
    found = deployment_commune(str(code))
    if found is None:
        raise _invalid(
            _("Xã, phường không thuộc địa bàn tỉnh."), "commune", _("Xã, phường không hợp lệ.")
        )
    return found


def locate(lat, lng, address: str, commune_code) -> tuple[float | None, float | None, Commune]:
    """Check the point lies in the province and find its commune (or take the given one)."""
    if (lat is None) != (lng is None):
        raise _invalid(_("Vị trí phải có cả vĩ độ và kinh độ."), "location", _("Thiếu tọa độ."))
    commune = get_commune(commune_code) if commune_code else None
    if lat is not None:
        try:
            lat, lng = float(lat), float(lng)
        except (TypeError, ValueError):
            lat = lng = math.nan
        if not (-90 <= lat <= 90 and -180 <= lng <= 180):  # NaN fails both comparisons
            raise _invalid(_("Tọa độ không hợp lệ."), "location")
        nearest = commune_for_point(lat=lat, lng=lng)
        if nearest is None or distance_m(lat, lng, nearest.lat, nearest.lng) > (
            MAX_DISTANCE_FROM_COMMUNE_M
        ):
            raise _invalid(_("Vị trí nằm ngoài địa bàn tỉnh."), "location")
        commune = commune or nearest
    elif not address and commune is None:
        raise _invalid(
            _("Vui lòng chọn vị trí trên bản đồ hoặc nhập địa chỉ."), "location", _("Thiếu vị trí.")
        )
    return lat, lng, commune


def get_units(ids, *, field: str) -> list[Unit]:
    if isinstance(ids, (str, bytes, Unit)) or not isinstance(ids, Iterable):
        raise _invalid(_("Đơn vị không hợp lệ."), field)
    pks = []
    for item in ids:
        pk = item.pk if isinstance(item, Unit) else item
        if isinstance(pk, bool) or not isinstance(pk, int):
            raise _invalid(_("Đơn vị không hợp lệ."), field)
        pks.append(pk)
    units = list(Unit.objects.filter(pk__in=pks, is_active=True))
    if len(units) != len(set(pks)):
        raise _invalid(_("Đơn vị không hợp lệ."), field)
    return units


def clean_working_days(value) -> Decimal:
    try:
        days = Decimal(str(value)) if not isinstance(value, bool) else Decimal(0)
    except (InvalidOperation, TypeError):
        days = Decimal(0)
    if not days.is_finite() or not (Decimal("0.5") <= days <= Decimal(30)) or days % Decimal("0.5"):
        raise _invalid(
            _("Số ngày gia hạn phải từ 0,5 đến 30 ngày làm việc."),
            "working_days",
            _("Không hợp lệ."),
        )
    return days
