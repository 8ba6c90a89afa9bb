"""POST /api/v1/triage/suggest: the warning a citizen sees before sending."""

import json

import pytest

from tests.api.citizen_helpers import API
from tests.factories import AN_XUYEN_POINT, make_world

LAND = (
    "Nộp hồ sơ cấp sổ đỏ ở bộ phận một cửa 3 tháng rồi chưa có kết quả, hỏi hoài không ai trả lời"
)


def _post(client, body, **headers):
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(
        f"{API}/triage/suggest", data=data, content_type="application/json", **headers
    )


def test_out_of_scope_text_gets_reason_and_guidance(client, db):
    response = _post(client, {"text": LAND})
    assert response.status_code == 200
    body = response.json()
    assert body["in_scope"] is False
    assert body["category"] == body["reason"]["code"] == "thu_tuc_hanh_chinh"
    assert "Trung tâm Phục vụ hành chính công" in body["reason"]["guidance"]
    assert len(body["top3"]) == 3 and all(0 <= f["score"] <= 1 for f in body["top3"])


def test_in_scope_text_with_a_point_gets_field_commune_and_unit(client, db):
    make_world()
    body = _post(
        client,
        {
            "text": "den duong hem 3 tat ca tuan nay, toi thui",
            "lat": AN_XUYEN_POINT[0],
            "lng": AN_XUYEN_POINT[1],
        },
    ).json()
    assert body["in_scope"] is True and body["reason"] is None
    assert body["category"] == body["top3"][0]["code"] == "dien_chieu_sang"
    assert body["place"]["commune_name"] == "Phường An Xuyên"
    assert body["place"]["unit"]


def test_english_names_follow_accept_language(client, db):
    body = _post(client, {"text": LAND}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["reason"]["name"] == "Administrative procedures"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"text": "   "}, 400),
        ({"text": "x" * 4001}, 400),
        ({"text": "đèn hỏng", "lat": 123.0, "lng": 105.0}, 400),
        ({"text": "bad\u0000text"}, 400),
        ("{not json", 400),
        ({}, 400),
    ],
)
def test_bad_input_is_refused_with_a_message(client, db, body, status):
    response = _post(client, body)
    assert response.status_code == status
    assert response.json()["error"]["message"]


def test_limited_per_address(client, db, settings):
    settings.PAHT_TRIAGE_PER_IP_HOUR = 2
    for _ in range(2):
        assert _post(client, {"text": LAND}).status_code == 200
    response = _post(client, {"text": LAND})
    assert response.status_code == 429 and response["Retry-After"]


def test_only_json_is_read(client, db):
    response = client.post(f"{API}/triage/suggest", data="text=đèn hỏng", content_type="text/plain")
    assert response.status_code == 415
