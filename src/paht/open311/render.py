"""One Open311 document, written as XML or JSON.

A document is plain data: dicts (their key order is the element order), lists and
scalars. JSON mirrors it directly, list documents being bare arrays. XML names each list
item after its container (``services/service``, ``service_requests/request``…), as the
GeoReport v2 examples do. Datetimes leave here as W3C strings with the province's offset.
"""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse

CONTENT_TYPES = {
    "xml": "text/xml; charset=utf-8",
    "json": "application/json; charset=utf-8",
}
FORMATS = tuple(CONTENT_TYPES)

# Container element → the element of each of its items.
ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}

XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
# Characters XML 1.0 cannot carry at all, even escaped; a citizen's text may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def w3c(value: datetime) -> str:
    """``2026-11-22T09:30:00+07:00``: local time of the province, with its offset."""
    return value.astimezone(ZoneInfo(settings.TIME_ZONE)).isoformat(timespec="seconds")


def document(fmt: str, root: str, data, *, status: int = 200) -> HttpResponse:
    """The response for ``data`` in ``fmt`` (``xml`` or ``json``); ``root`` names the XML
    root element (``services``, ``service_definition``, ``errors``…)."""
    if fmt == "json":
        body = json.dumps(_plain(data), ensure_ascii=False).encode()
    else:
        body = xml_bytes(root, data)
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def xml_bytes(root: str, data) -> bytes:
    element = ET.Element(root)
    _fill(element, root, data)
    return (XML_DECLARATION + ET.tostring(element, encoding="unicode")).encode()


def _fill(element: ET.Element, tag: str, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), key, child)
    elif isinstance(value, list):
        item = ITEMS[tag]
        for child in value:
            _fill(ET.SubElement(element, item), item, child)
    else:
        element.text = _text(value)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return w3c(value)
    return _NOT_XML.sub("", str(value))


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return w3c(value)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return str(value)
