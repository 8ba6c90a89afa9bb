"""Reading Open311 answers the way a client does: XML through a real XML parser, checked
element by element against the spec's names and order, JSON as plain data; both reduced
to the same strings so one assertion covers both formats."""

import json
import secrets
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from paht.clients.services import apikey_create
from paht.media.models import Attachment, Kind, MediaState, Purpose
from paht.open311 import selectors
from paht.open311.selectors import Attribute
from paht.reports.models import Channel, Field, Report
from tests.factories import AN_XUYEN, AN_XUYEN_POINT

BASE = "/open311/v2/"
FORMATS = ["xml", "json"]
CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
XML_DECLARATION = b'<?xml version="1.0" encoding="utf-8"?>'

REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
SERVICE_FIELDS = [
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
]
CREATED_FIELDS = ["service_request_id", "service_notice", "account_id"]
ATTRIBUTE_FIELDS = [
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
]


@pytest.fixture
def api_key(db) -> str:
    _key, raw = apikey_create(name="Ứng dụng Open311 thử nghiệm")
    return raw


def url(path: str, fmt: str) -> str:
    return f"{BASE}{path}.{fmt}"


# --- XML ---------------------------------------------------------------------------------


def xml_root(response) -> ET.Element:
    assert response["Content-Type"] == CONTENT_TYPES["xml"]
    assert response.content.startswith(XML_DECLARATION)
    return ET.fromstring(response.content)  # noqa: S314 - our own answer, in a test


def text(element: ET.Element) -> str:
    assert len(element) == 0, f"<{element.tag}> should be a leaf"
    return element.text or ""


def leaves(element: ET.Element, tags: list[str]) -> dict[str, str]:
    """The element's children, which must be exactly ``tags`` in this order, as text."""
    assert [child.tag for child in element] == tags
    return {child.tag: text(child) for child in element}


def items(element: ET.Element, root: str, item: str) -> list[ET.Element]:
    assert element.tag == root
    assert all(child.tag == item for child in element), [c.tag for c in element]
    assert not (element.text or "").strip()
    return list(element)


# --- JSON --------------------------------------------------------------------------------


def json_of(response):
    assert response["Content-Type"] == CONTENT_TYPES["json"]
    return json.loads(response.content.decode("utf-8"))


def as_text(value) -> str:
    """A JSON scalar as the same value reads in XML."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def json_leaves(obj: dict, keys: list[str]) -> dict[str, str]:
    assert isinstance(obj, dict)
    assert list(obj) == keys
    for key, value in obj.items():
        assert value is None or isinstance(value, (str, int, float, bool)), key
    return {key: as_text(value) for key, value in obj.items()}


# --- documents in either format ------------------------------------------------------------


def service_requests(response, fmt: str, fields=REQUEST_FIELDS) -> list[dict[str, str]]:
    """A ``service_requests`` document as a list of {element: text}."""
    if fmt == "xml":
        root = xml_root(response)
        return [leaves(r, fields) for r in items(root, "service_requests", "request")]
    data = json_of(response)
    assert isinstance(data, list)
    rows = [json_leaves(r, fields) for r in data]
    for raw in data:
        if "service_request_id" in raw:  # ids are strings, never numbers
            assert isinstance(raw["service_request_id"], str)
    return rows


def errors(response, fmt: str) -> list[tuple[int, str]]:
    """An ``errors`` document as (code, description) pairs; the code matches the status."""
    if fmt == "xml":
        root = xml_root(response)
        found = [
            (int(e["code"]), e["description"])
            for e in (
                leaves(err, ["code", "description"]) for err in items(root, "errors", "error")
            )
        ]
    else:
        data = json_of(response)
        assert isinstance(data, list)
        for err in data:
            assert list(err) == ["code", "description"]
            assert isinstance(err["code"], int) and isinstance(err["description"], str)
        found = [(err["code"], err["description"]) for err in data]
    assert found, "an error document lists at least one error"
    assert {code for code, _d in found} == {response.status_code}
    assert all(description.strip() for _c, description in found)
    return found


def codes(response, fmt: str) -> list[str]:
    return [r["service_request_id"] for r in service_requests(response, fmt)]


# --- data ----------------------------------------------------------------------------------


def post_data(api_key: str | None = None, **overrides) -> dict:
    """A complete, valid POST requests body as a GeoReport client sends it."""
    data = {
        "api_key": api_key,
        "jurisdiction_id": "",
        "service_code": "ha_tang_do_thi",
        "lat": str(AN_XUYEN_POINT[0]),
        "long": str(AN_XUYEN_POINT[1]),
        "address_string": "Trước số 12 đường Trần Hưng Đạo",
        "first_name": "Nguyễn Văn",
        "last_name": "Bình",
        "phone": "0912 345 678",
        "email": "binh@example.com",
        "description": "Ổ gà sâu trước nhà số 12, xe máy đi qua rất nguy hiểm.",
        "device_id": "device-1",
        "account_id": "account-1",
        "media_url": "http://169.254.169.254/latest/meta-data/",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def ready_photo(report: Report, *, purpose=Purpose.EVIDENCE, kind=Kind.PHOTO) -> Attachment:
    """A processed file on the report, as the media worker leaves it."""
    return Attachment.objects.create(
        report=report,
        purpose=purpose,
        kind=kind,
        state=MediaState.READY,
        source_format="jpeg" if kind == Kind.PHOTO else "mp4",
        size_bytes=1000,
        sha256="0" * 64,
    )


def bulk_reports(n: int, *, at: datetime, field_code: str = "ha_tang_do_thi") -> list[Report]:
    """Many bare report rows at once (no contact, no events), for caps and query counts."""
    field = Field.objects.get(code=field_code)
    rows = [
        Report(
            code=f"PA-BULK-{i:06d}",
            secret_hash=secrets.token_hex(32),
            field=field,
            title="Ổ gà",
            description=f"Ổ gà số {i}",
            lat=AN_XUYEN_POINT[0],
            lng=AN_XUYEN_POINT[1],
            commune_id=AN_XUYEN,
            observed_at=at,
            submitted_at=at,
            updated_at=at,
            channel=Channel.WEB,
        )
        for i in range(n)
    ]
    return Report.objects.bulk_create(rows, batch_size=500)


QUESTIONS = [
    Attribute(
        code="DEPTH",
        description="Ổ gà sâu bao nhiêu cm?",
        datatype="number",
        required=True,
        order=2,
    ),
    Attribute(
        code="LANE",
        description="Ở làn nào?",
        datatype="singlevaluelist",
        required=False,
        order=1,
        values=(("left", "Làn trái"), ("right", "Làn phải")),
    ),
]


@pytest.fixture
def questions(monkeypatch):
    """A field with extra questions, through the one hook that would read them."""
    monkeypatch.setattr(
        selectors, "attributes_for", lambda f: QUESTIONS if f.code == "ha_tang_do_thi" else []
    )
    for module in ("paht.open311.documents", "paht.open311.params"):
        monkeypatch.setattr(f"{module}.attributes_for", selectors.attributes_for)
