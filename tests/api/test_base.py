"""The API's frame: schema and docs served locally, one error shape, language by header."""

import pytest

pytestmark = pytest.mark.django_db


def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    assert schema.json()["info"]["title"] == "PAHT API"
    docs = client.get("/api/v1/docs")
    html = docs.content.decode()
    assert docs.status_code == 200
    assert "cdn" not in html.lower() and "<script>" not in html


def test_unknown_paths_answer_the_error_shape(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Không tìm thấy.", "fields": {}}
    }


def test_fields_follow_accept_language(client):
    vi = client.get("/api/v1/fields").json()
    en = client.get("/api/v1/fields", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").json()
    codes = [f["code"] for f in vi["fields"]]
    assert "ha_tang_do_thi" in codes
    assert {f["code"]: f["name"] for f in vi["fields"]}["ha_tang_do_thi"] == "Hạ tầng đô thị"
    assert {f["code"]: f["name"] for f in en["fields"]}["ha_tang_do_thi"] == "Urban infrastructure"
    assert {r["code"] for r in vi["out_of_scope"]} == {"thu_tuc_hanh_chinh", "khieu_nai_to_cao"}


def test_communes_of_the_deployment(client):
    communes = client.get("/api/v1/communes").json()
    assert len(communes) == 64
    assert {"code": "32002", "name": "Phường An Xuyên"}.items() <= next(
        c for c in communes if c["code"] == "32002"
    ).items()


def test_pages_still_ignore_accept_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "vi"


def test_an_oversized_json_body_gets_the_error_shape(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"username": "' + "x" * 5000 + '", "password": "y"}'
    response = client.post("/api/v1/staff/token", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
