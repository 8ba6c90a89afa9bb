"""Discovery, services and service definitions, in both formats."""

import pytest

from paht.reports.models import Field

from .conftest import (
    ATTRIBUTE_FIELDS,
    FORMATS,
    SERVICE_FIELDS,
    errors,
    items,
    json_leaves,
    json_of,
    leaves,
    text,
    url,
    xml_root,
)

pytestmark = pytest.mark.django_db

DISCOVERY_ENDPOINT = ["specification", "url", "changeset", "type", "formats"]


def test_discovery_in_xml(client):
    response = client.get(url("discovery", "xml"))
    assert response.status_code == 200
    root = xml_root(response)
    assert root.tag == "discovery"
    assert [c.tag for c in root] == ["changeset", "contact", "key_service", "endpoints"]
    assert text(root.find("changeset")).startswith("20")
    assert "paht apikey create" in text(root.find("key_service"))
    assert text(root.find("contact"))
    (endpoint,) = items(root.find("endpoints"), "endpoints", "endpoint")
    assert [c.tag for c in endpoint] == DISCOVERY_ENDPOINT
    assert text(endpoint.find("specification")) == "http://wiki.open311.org/GeoReport_v2"
    assert text(endpoint.find("url")) == "http://testserver/open311/v2/"
    assert text(endpoint.find("type")) == "production"
    assert text(endpoint.find("changeset")) == text(root.find("changeset"))
    formats = items(endpoint.find("formats"), "formats", "format")
    assert [text(f) for f in formats] == ["text/xml", "application/json"]


def test_discovery_in_json(client):
    response = client.get(url("discovery", "json"))
    assert response.status_code == 200
    data = json_of(response)
    assert list(data) == ["changeset", "contact", "key_service", "endpoints"]
    (endpoint,) = data["endpoints"]
    assert list(endpoint) == DISCOVERY_ENDPOINT
    assert endpoint == {
        "specification": "http://wiki.open311.org/GeoReport_v2",
        "url": "http://testserver/open311/v2/",
        "changeset": data["changeset"],
        "type": "production",
        "formats": ["text/xml", "application/json"],
    }


def test_discovery_contact_comes_from_a_setting(client, settings):
    settings.PAHT_OPEN311_CONTACT = "IOC Cà Mau, 0290 3 111 222"
    assert json_of(client.get(url("discovery", "json")))["contact"] == settings.PAHT_OPEN311_CONTACT


def _services(response, fmt):
    if fmt == "xml":
        return [leaves(s, SERVICE_FIELDS) for s in items(xml_root(response), "services", "service")]
    return [json_leaves(s, SERVICE_FIELDS) for s in json_of(response)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_are_the_active_fields(client, fmt):
    Field.objects.filter(code="khac").update(is_active=False)
    response = client.get(url("services", fmt))
    assert response.status_code == 200
    services = _services(response, fmt)
    expected = list(Field.objects.filter(is_active=True).order_by("order", "name"))
    assert [s["service_code"] for s in services] == [f.code for f in expected]
    first = services[0]
    assert first == {
        "service_code": expected[0].code,
        "service_name": expected[0].name,
        "description": expected[0].description,
        "metadata": "false",
        "type": "realtime",
        "keywords": "",
        "group": "",
    }
    assert "khac" not in [s["service_code"] for s in services]


def test_services_json_types(client):
    for service in json_of(client.get(url("services", "json"))):
        assert service["metadata"] is False
        assert isinstance(service["service_code"], str)


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_in_english_use_the_english_names(client, fmt):
    response = client.get(url("services", fmt), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "en"
    road = next(s for s in _services(response, fmt) if s["service_code"] == "ha_tang_do_thi")
    field = Field.objects.get(code="ha_tang_do_thi")
    assert field.name_en and road["service_name"] == field.name_en
    assert road["description"] == field.description_en


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_definition_without_questions_has_no_attributes(client, fmt):
    response = client.get(url("services/ha_tang_do_thi", fmt))
    assert response.status_code == 200
    if fmt == "xml":
        root = xml_root(response)
        assert root.tag == "service_definition"
        assert [c.tag for c in root] == ["service_code", "attributes"]
        assert text(root.find("service_code")) == "ha_tang_do_thi"
        assert items(root.find("attributes"), "attributes", "attribute") == []
    else:
        assert json_of(response) == {"service_code": "ha_tang_do_thi", "attributes": []}


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_definition_lists_the_questions_in_order(client, questions, fmt):
    response = client.get(url("services/ha_tang_do_thi", fmt))
    if fmt == "xml":
        root = xml_root(response)
        attributes = items(root.find("attributes"), "attributes", "attribute")
        assert [[c.tag for c in a] for a in attributes] == [ATTRIBUTE_FIELDS] * 2
        lane = {c.tag: c for c in attributes[0]}
        assert text(lane["code"]) == "LANE"
        assert text(lane["variable"]) == "true"
        assert text(lane["required"]) == "false"
        assert text(lane["order"]) == "1"
        assert text(lane["datatype"]) == "singlevaluelist"
        values = items(lane["values"], "values", "value")
        assert [leaves(v, ["key", "name"]) for v in values] == [
            {"key": "left", "name": "Làn trái"},
            {"key": "right", "name": "Làn phải"},
        ]
        assert text({c.tag: c for c in attributes[1]}["code"]) == "DEPTH"
    else:
        data = json_of(response)
        assert [list(a) for a in data["attributes"]] == [ATTRIBUTE_FIELDS] * 2
        assert data["attributes"][0]["values"] == [
            {"key": "left", "name": "Làn trái"},
            {"key": "right", "name": "Làn phải"},
        ]
        assert data["attributes"][1]["required"] is True
        assert data["attributes"][1]["order"] == 2


def test_services_say_which_have_a_definition(client, questions):
    services = json_of(client.get(url("services", "json")))
    metadata = {s["service_code"]: s["metadata"] for s in services}
    assert metadata["ha_tang_do_thi"] is True
    assert metadata["ve_sinh_moi_truong"] is False


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("code", ["khong_co", "khac_inactive", "a%00b", "x" * 80])
def test_an_unknown_service_definition_is_404(client, fmt, code):
    Field.objects.filter(code="khac").update(is_active=False)
    code = "khac" if code == "khac_inactive" else code
    response = client.get(f"/open311/v2/services/{code}.{fmt}")
    assert response.status_code == 404
    assert errors(response, fmt)
