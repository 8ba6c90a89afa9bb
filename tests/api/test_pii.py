"""No personal data in any answer: reporters with distinctive names, phones and emails,
then every public GET operation of the OpenAPI document crawled (all pages, every
filter, every report), and every answer the reporter gets too — none may carry them."""

import contextlib
import json
import re
from urllib.parse import quote

import pytest
from django.utils import timezone

from paht.api.tokens import citizen_token_create
from paht.core.phone import normalize_phone
from paht.reports.models import Report, State
from paht.reports.permissions import Actor
from paht.reports.services import report_transition
from paht.reports.workflow import Action
from tests.api.citizen_helpers import (
    API,
    app_key,
    get,
    media_root,
    photo,
    post_json,
    report_body,
)
from tests.factories import report_in_state

pytestmark = pytest.mark.django_db

__all__ = ["app_key", "media_root"]  # fixtures

REPORTERS = [
    ("Hoàng Thị Xuyến Zyqx", "0977 111 222", "xuyen.zyqx@example.org"),
    ("Quách Văn Ưng Wvkj", "+84 388 765 432", "ung.wvkj@mail.example.net"),
    ("Trịnh Bảo Phúc Qqpl", "0866.555.777", "phuc-qqpl@example.com"),
]


def needles() -> list[str]:
    """Every form in which a reporter's identity could leak."""
    found = []
    for name, phone, email in REPORTERS:
        digits = re.sub(r"\D", "", phone)
        national = "0" + digits[2:] if digits.startswith("84") else digits
        found += [
            name,
            name.split()[-1],  # the distinctive last word alone
            national,
            national[1:],  # without the leading 0
            "84" + national[1:],
            phone,
            email,
            email.split("@")[0],
        ]
    return found


def assert_clean(where: str, response) -> None:
    text = response.content.decode("utf-8", "replace")
    with contextlib.suppress(ValueError):
        text += json.dumps(response.json(), ensure_ascii=False)
    lowered = text.lower()
    for needle in needles():
        assert needle.lower() not in lowered, f"{needle!r} leaked in {where}"


@pytest.fixture
def seeded(world, client, app_key, media_root):
    """Reports of the distinctive reporters in every state, through the API and not."""
    reports = []
    for name, phone, email in REPORTERS:
        for state in (State.PUBLISHED, State.CLOSED, State.IN_PROGRESS, State.RETURNED):
            report, secret = report_in_state(world, state, name=name, phone=phone, email=email)
            reports.append((report, secret))
        reopened, secret = report_in_state(
            world, State.REOPENED, name=name, phone=phone, email=email
        )
        reports.append((reopened, secret))
        reports.append((Report.objects.get(previous_round=reopened), secret))
    # A reporter who writes their own name and number in a reply, after publication.
    published, _ = reports[0]
    name, phone, _email = REPORTERS[0]
    report_transition(
        report=published,
        action=Action.REPLY,
        actor=Actor.reporter(published),
        note=f"Tôi là {name}, số {phone}.",
    )
    # And reports sent through the API itself, with a photo.
    for name, phone, email in REPORTERS:
        up = client.post(f"{API}/uploads", {"file": photo()}, HTTP_X_API_KEY=app_key).json()
        body = report_body(
            name=name, phone=phone, email=email, attachments=[{"id": up["id"], "key": up["key"]}]
        )
        sent = post_json(client, "/reports", body, key=app_key)
        assert sent.status_code == 201
        assert_clean("POST /reports", sent)
        reports.append((Report.objects.get(code=sent.json()["code"]), sent.json()["secret"]))
    return reports


def _public_get_operations(schema) -> list[dict]:
    ops = []
    for path, methods in schema["paths"].items():
        op = methods.get("get")
        if op and not op.get("security") and "/staff" not in path:
            ops.append({"path": path, **op})
    return ops


def _queries(op, fields, communes) -> list[str]:
    """Each query parameter's meaningful values, one at a time, plus none."""
    names = {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
    year = timezone.localdate().year
    options = {
        "field": fields,
        "status": ["published", "closed", "reopened"],
        "commune": communes,
        "bbox": ["8.5,104.5,9.9,105.6"],
        "since": [f"{year - 1}-01-01"],
        "until": [f"{year}-12-31"],
        "limit": ["1", "100"],
        "year": [str(year)],
    }
    queries = [""]
    for name in sorted(names & set(options)):
        queries += [f"{name}={quote(v)}" for v in options[name]]
    return queries


def test_no_public_answer_carries_a_reporters_identity(client, seeded):
    schema = client.get(f"{API}/openapi.json")
    assert_clean("openapi.json", schema)
    schema = schema.json()
    fields = [f["code"] for f in get(client, "/fields").json()["fields"]]
    communes = sorted({r.commune_id for r, _ in seeded if r.commune_id})
    codes = {r.code for r, _ in seeded}
    crawled = 0
    for op in _public_get_operations(schema):
        path = op["path"].removeprefix(API)
        targets = [path.replace("{code}", code) for code in sorted(codes)]
        for target in targets if "{code}" in path else [path]:
            for query in _queries(op, fields, communes):
                url = f"{target}?{query}" if query else target
                while url:
                    response = get(client, url)
                    assert response.status_code in (200, 404), (url, response.status_code)
                    assert_clean(f"GET {url}", response)
                    crawled += 1
                    body = response.json() if response.status_code == 200 else None
                    paged = isinstance(body, dict) and "items" in body
                    cursor = body["next_cursor"] if paged else None
                    url = f"{target}?{query}&cursor={cursor}" if cursor else None
                    if paged:
                        codes_on_page = {i["code"] for i in response.json()["items"]}
                        for code in codes_on_page:
                            assert_clean(code, get(client, f"/reports/{code}"))
    published = [r for r, _ in seeded if r.is_published]
    assert len(published) >= 9
    assert crawled > 50


def test_not_even_the_reporter_gets_their_identity_back(client, seeded, app_key):
    chatty = seeded[0][0]  # wrote their own name in a reply: their words are theirs to read
    for report, secret in seeded:
        if report.pk == chatty.pk:
            continue
        assert_clean(
            f"follow {report.code}",
            get(client, f"/reports/{report.code}/follow", **{"X-Report-Secret": secret}),
        )
    _name, phone, _email = REPORTERS[1]
    token, _ = citizen_token_create(phone=normalize_phone(phone))
    mine = get(client, "/me/reports", Authorization=f"Bearer {token}")
    assert mine.status_code == 200 and mine.json()["items"]
    assert_clean("/me/reports", mine)
    published = next(r for r, _ in seeded[1:] if r.state == State.PUBLISHED and r.rating is None)
    secret = next(s for r, s in seeded if r.pk == published.pk)
    for action, body in (
        ("reply", {"note": "Thêm một ảnh sau."}),
        ("rate", {"rating": 3, "satisfied": False}),
        ("reopen", {"note": "Chưa sửa xong."}),
    ):
        response = post_json(
            client,
            f"/reports/{published.code}/{action}",
            body,
            key=app_key,
            **{"X-Report-Secret": secret},
        )
        assert response.status_code in (200, 201), response.content.decode()
        assert_clean(action, response)
