"""Reporter personal data is input-only: crawl every Open311 answer, find none of it."""

from datetime import timedelta

import pytest
from django.utils import timezone

from paht.reports.models import Field, Report, State
from paht.reports.permissions import Actor
from paht.reports.services import report_transition
from paht.reports.workflow import Action
from tests.factories import report_in_state

from .conftest import FORMATS, codes, json_of, post_data, ready_photo, url

pytestmark = pytest.mark.django_db

# Reporters nobody else is called, with numbers and addresses nobody else has.
PEOPLE = [
    ("Khổng Thị Huyền Zyxa", "0886 123 457", "huyen.zyxa.pii@example.org"),
    ("Quách Văn Tuấn Zyxb", "+84 977 450 362", "tuan.zyxb.pii@example.net"),
    ("Lò Thị Mỷ Zyxc", "0358.642.091", "my.zyxc@pii.example.com"),
]
POSTED = ("Hà Văn Zyxd", "Đinh", "0329 781 046", "zyxd.pii@example.vn", "dev-zyxd", "acct-zyxd")


def forms_of(phone: str) -> set[str]:
    digits = "".join(c for c in phone if c.isdigit())
    local = "0" + digits[2:] if digits.startswith("84") else digits
    return {phone, digits, local, local[1:], "+84" + local[1:], "84" + local[1:]}


def needles() -> set[str]:
    found = set()
    for name, phone, email in PEOPLE:
        found |= {name, *name.split()[-2:], email, email.split("@")[0]} | forms_of(phone)
    first, last, phone, email, device, account = POSTED
    found |= {first, f"{first} {last}", "Zyxd", email, device, account} | forms_of(phone)
    return found


@pytest.fixture
def seeded(world, api_key, client):
    """The reporters above in every state Open311 shows, with notes and photos."""
    now = timezone.now()
    states = [State.SUBMITTED, State.IN_PROGRESS, State.PUBLISHED, State.CLOSED]
    made = []
    for i, (name, phone, email) in enumerate(PEOPLE):
        report, _ = report_in_state(
            world,
            states[i % len(states)],
            name=name,
            phone=phone,
            email=email,
            at=now - timedelta(days=2 + i),
        )
        made.append(report)
    published = next(r for r in made if r.state == State.PUBLISHED)
    ready_photo(published)
    # The reporter writes back, naming themselves: their words stay out of Open311.
    report_transition(
        report=made[0],
        action=Action.REPLY,
        actor=Actor.reporter(made[0]),
        note=f"Tôi là {PEOPLE[0][0]}, gọi {PEOPLE[0][1]}.",
    )
    closed, _ = report_in_state(
        world, State.CLOSED, name=PEOPLE[2][0], phone=PEOPLE[2][1], email=PEOPLE[2][2]
    )
    made.append(closed)
    first, last, phone, email, device, account = POSTED
    answers = []
    for fmt in FORMATS:
        body = post_data(
            api_key,
            first_name=first,
            last_name=last,
            phone=phone,
            email=email,
            device_id=device,
            account_id=account,
            description=f"Cống nghẹt ({fmt})",
        )
        answers.append(client.post(url("requests", fmt), body, HTTP_IDEMPOTENCY_KEY=f"k-{fmt}"))
        answers.append(client.post(url("requests", fmt), body, HTTP_IDEMPOTENCY_KEY=f"k-{fmt}"))
        # Refusals that carry the personal data back must not echo it either.
        for bad in (
            {"email": "not an email " + email},
            {"lat": "91"},
            {"service_code": "khong_co"},
            {"description": "x" * 4001},
        ):
            answers.append(client.post(url("requests", fmt), body | bad))
        answers.append(client.post(url("requests", fmt), body | {"phone": phone + "999"}))
    assert [a.status_code for a in answers[:2]] == [201, 201]
    return {"answers": answers}


def crawl(client, answers) -> list:
    responses = list(answers)
    for fmt in FORMATS:
        for language in ("vi", "en"):
            headers = {"HTTP_ACCEPT_LANGUAGE": language}
            responses.append(client.get(url("discovery", fmt), **headers))
            responses.append(client.get(url("services", fmt), **headers))
            for field in Field.objects.all():
                responses.append(client.get(url(f"services/{field.code}", fmt), **headers))
            for query in (
                {},
                {"status": "open"},
                {"status": "closed"},
                {"start_date": "2026-01-01", "end_date": "2026-03-31"},
                {"service_request_id": ",".join(Report.objects.values_list("code", flat=True))},
                {"start_date": "bad"},
            ):
                responses.append(client.get(url("requests", fmt), query, **headers))
            listed = codes(client.get(url("requests", fmt)), fmt)
            assert len(listed) >= 5
            for code in Report.objects.values_list("code", flat=True):
                responses.append(client.get(url(f"requests/{code}", fmt), **headers))
                responses.append(client.get(url(f"tokens/{code}", fmt), **headers))
            responses.append(client.get(f"/open311/v2/nothing.{fmt}", **headers))
    return responses


def test_no_personal_data_in_any_answer(client, seeded):
    responses = crawl(client, seeded["answers"])
    assert len(responses) > 100
    assert {r.status_code for r in responses} >= {200, 201, 400, 404}
    leaks = []
    for response in responses:
        text = response.content.decode("utf-8")
        if response["Content-Type"].startswith("application/json"):
            text += repr(json_of(response))
        headers = " ".join(f"{k}: {v}" for k, v in response.items())
        for needle in needles():
            if needle in text or needle in headers:
                leaks.append((response.status_code, needle, text[:200]))
    assert leaks == []


def test_personal_data_was_stored(seeded):
    """The crawl proves something only if the data is there to leak."""
    from paht.reports.models import ReporterContact

    names = {c.name for c in ReporterContact.objects.all()}
    assert {p[0] for p in PEOPLE} <= names
    assert f"{POSTED[0]} {POSTED[1]}" in names
