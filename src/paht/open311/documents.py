"""What each GeoReport v2 document holds, as plain data for ``render.document``.

Element names and order follow the spec's examples. Ids are strings. Nothing here reads
the reporter's contact: a request document is built from the report row alone.
"""

from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from paht.reports.models import OPEN_STATES, Field, Report, State

from .render import CONTENT_TYPES
from .selectors import Attribute, attributes_for, status_notes

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# When this interface last changed; bump it with any change a client could notice.
CHANGESET = "2026-11-24T00:00:00+07:00"


def discovery(url: str) -> dict:
    contact = getattr(settings, "PAHT_OPEN311_CONTACT", "") or _(
        "Quản trị viên hệ thống tiếp nhận phản ánh hiện trường: %(email)s"
    ) % {"email": settings.DEFAULT_FROM_EMAIL}
    return {
        "changeset": CHANGESET,
        "contact": contact,
        "key_service": _("Đề nghị quản trị viên hệ thống cấp khóa: paht apikey create TÊN"),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": url,
                "changeset": CHANGESET,
                "type": "production",
                "formats": list(c.split(";")[0] for c in CONTENT_TYPES.values()),
            }
        ],
    }


def service(field: Field) -> dict:
    return {
        "service_code": field.code,
        "service_name": field.local_name,
        "description": field.local_description,
        "metadata": bool(attributes_for(field)),
        "type": "realtime",
        "keywords": "",
        "group": "",
    }


def definition(field: Field) -> dict:
    return {
        "service_code": field.code,
        "attributes": [_attribute(a) for a in sorted(attributes_for(field), key=lambda a: a.order)],
    }


def _attribute(a: Attribute) -> dict:
    return {
        "variable": a.variable,
        "code": a.code,
        "datatype": a.datatype,
        "required": a.required,
        "datatype_description": a.datatype_description,
        "order": a.order,
        "description": a.description,
        "values": [{"key": key, "name": name} for key, name in a.values],
    }


def created(report: Report) -> dict:
    return {
        "service_request_id": report.code,
        "service_notice": _(
            "Phản ánh đã được tiếp nhận và sẽ được phân loại, chuyển đơn vị xử lý theo quy "
            "định. Kết quả được công bố công khai, không kèm thông tin người phản ánh."
        ),
        "account_id": None,
    }


def token(report: Report, value: str) -> dict:
    return {"service_request_id": report.code, "token": value}


AWAITING_REVIEW = gettext_lazy(
    "Đang chờ tiếp nhận, phân loại; nội dung sẽ hiển thị sau khi được cán bộ xem xét."
)


def request(report: Report, *, photo: str = "") -> dict:
    """One service request; ``photo`` is the absolute URL of its public picture, if any.

    Until a coordinator has classified it, a request shows only its status and dates:
    what the citizen wrote, and where, is published once a person has read it (and could
    mark it private), as on the web pages.
    """
    reviewed = report.state != State.SUBMITTED
    return {
        "service_request_id": report.code,
        "status": "open" if report.state in OPEN_STATES else "closed",
        "status_notes": status_notes(report) if reviewed else "",
        "service_name": report.field.local_name,
        "service_code": report.field.code,
        "description": report.description if reviewed else "",
        "agency_responsible": report.lead_unit.name if report.lead_unit_id else "",
        "service_notice": "" if reviewed else str(AWAITING_REVIEW),
        "requested_datetime": report.submitted_at,
        "updated_datetime": report.updated_at,
        "expected_datetime": report.deadline_at,
        "address": _address(report) if reviewed else "",
        "address_id": "",
        "zipcode": "",
        "lat": report.lat if reviewed else None,
        "long": report.lng if reviewed else None,
        "media_url": photo,
    }


def requests(reports: list[Report], photos: dict[int, str], absolute: Callable[[str], str]):
    return [request(r, photo=absolute(photos[r.pk]) if r.pk in photos else "") for r in reports]


def _address(report: Report) -> str:
    commune = report.commune.name if report.commune_id else ""
    if commune and commune.casefold() in report.address.casefold():
        commune = ""
    return ", ".join(part for part in (report.address, commune) if part)
