"""Following a report as its sender: track by code + phone, the secret link, the
reporter's page, and replying, rating and re-opening exactly as the workflow allows."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from paht.core.throttle import Limit
from paht.reports.models import Report, ReportEvent, State
from paht.reports.workflow import Action
from paht.web.views import follow
from tests.factories import report_in_state
from tests.web.helpers import (
    TRACK,
    assert_field_error,
    assert_secure_page,
    by_id,
    controls,
    dom,
    errors_in,
    text,
    value_of,
    walk,
)

PHONE = "0912345678"  # the factories' reporter
NOT_FOUND = "Không tìm thấy phản ánh với mã và số điện thoại này."
BAD_LINK = "Đường dẫn không đúng hoặc đã hết hiệu lực."


def page_url(report) -> str:
    return f"/phan-anh/{report.code}/"


def track(client, code: str, phone: str = PHONE):
    return client.post(TRACK, {"code": code, "phone": phone})


def following(client, report):
    """A browser that proved, by code and phone, that it sent ``report``."""
    response = track(client, report.code)
    assert response.status_code == 302 and response["Location"] == page_url(report)
    return client


def events(report, action) -> int:
    return ReportEvent.objects.filter(report=report, action=action).count()


def notices(response) -> list[str]:
    """Texts of the alerts on a page (form-level errors)."""
    root = dom(response)
    found = []
    for el, _a in walk(root):
        if dict(el.attributes).get("role") == "alert":
            found.append(text(el))
    return found


# --- track by code and phone ------------------------------------------------------


def test_the_track_page_asks_for_code_and_phone(client, world):
    response = client.get(TRACK)
    assert response.status_code == 200
    assert_secure_page(response)
    root = dom(response)
    assert controls(root, "code") and controls(root, "phone")


def test_code_and_phone_open_the_report_in_any_spelling(client, world):
    report, _secret = report_in_state(world, State.IN_PROGRESS)
    assert client.get(page_url(report)).status_code == 302
    response = track(client, f"  {report.code.lower()} ", "+84 912 345 678")
    assert response.status_code == 302 and response["Location"] == page_url(report)
    page = client.get(page_url(report))
    assert page.status_code == 200
    assert_secure_page(page)
    html = page.content.decode()
    assert report.code in html and report.description in html
    assert text(by_id(dom(page), "state")[0]) == "Đang xử lý"


def test_wrong_phone_and_unknown_code_get_the_same_answer(client, world):
    report, _secret = report_in_state(world, State.SUBMITTED)
    wrong_phone = track(client, report.code, "0987654321")
    unknown_code = track(client, "PA-2026-999999", PHONE)
    assert wrong_phone.status_code == unknown_code.status_code == 400
    assert notices(wrong_phone) == notices(unknown_code) == [NOT_FOUND]
    assert errors_in(wrong_phone) == errors_in(unknown_code) == {}
    # What was typed comes back, and no access was given.
    assert value_of(dom(wrong_phone), "code") == report.code
    assert value_of(dom(wrong_phone), "phone") == "0987654321"
    assert client.get(page_url(report)).status_code == 302


@pytest.mark.parametrize(
    "data, name, message",
    [
        ({"code": "PA-2026-000001", "phone": "12345"}, "phone", "Số điện thoại không hợp lệ."),
        ({"code": "PA-2026-000001", "phone": "abc"}, "phone", "Số điện thoại không hợp lệ."),
        ({"code": "PA-2026-000001", "phone": ""}, "phone", "Vui lòng nhập số điện thoại."),
        ({"code": "", "phone": PHONE}, "code", "Vui lòng nhập mã phản ánh."),
    ],
)
def test_track_form_errors_are_shown_at_the_field(client, world, data, name, message):
    response = client.post(TRACK, data)
    assert response.status_code == 400
    assert_field_error(response, name, message)
    assert set(errors_in(response)) == {name}
    other = "code" if name == "phone" else "phone"
    assert value_of(dom(response), other) == data[other]


def test_an_empty_track_post_names_both_fields(client, world):
    response = client.post(TRACK, {})
    assert response.status_code == 400
    assert_field_error(response, "code", "Vui lòng nhập mã phản ánh.")
    assert_field_error(response, "phone", "Vui lòng nhập số điện thoại.")


def test_tracking_is_throttled_per_address(client, world, monkeypatch):
    monkeypatch.setattr(follow, "TRACK_LIMIT", Limit("track_ip", 3, 3600))
    report, secret = report_in_state(world, State.SUBMITTED)
    for _ in range(3):
        assert track(client, report.code, "0987654321").status_code == 400
    # Even the right answer is refused now: guessing cannot go on.
    response = track(client, report.code)
    assert response.status_code == 429
    assert notices(response) == ["Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."]
    assert client.get(page_url(report)).status_code == 302
    link = client.get(f"/theo-doi/{report.code}/{secret}/")
    assert link.status_code == 429
    assert link["Content-Type"] == "text/html; charset=utf-8"
    assert "Bạn đã tra cứu quá nhiều lần" in link.content.decode()
    # Another address is not concerned.
    elsewhere = Client(REMOTE_ADDR="203.0.113.9")
    assert track(elsewhere, report.code).status_code == 302


def test_tracking_needs_the_csrf_token(world):
    report, _secret = report_in_state(world, State.SUBMITTED)
    browser = Client(enforce_csrf_checks=True)
    assert track(browser, report.code).status_code == 403
    assert browser.get(page_url(report)).status_code == 302


# --- the secret link ------------------------------------------------------------------


def test_the_secret_link_opens_the_page_and_leaves_the_address_bar(client, world):
    report, secret = report_in_state(world, State.ASSIGNED)
    response = client.get(f"/theo-doi/{report.code}/{secret}/", follow=True)
    assert response.status_code == 200
    final = response.redirect_chain[-1][0]
    assert final == page_url(report) and secret not in final
    assert report.code in response.content.decode()
    assert secret not in response.content.decode()


@pytest.mark.parametrize("which", ["wrong secret", "unknown code", "secret of another report"])
def test_a_bad_secret_link_is_a_404_with_a_message(client, world, which):
    report, secret = report_in_state(world, State.ASSIGNED)
    _other, other_secret = report_in_state(world, State.ASSIGNED)
    url = {
        "wrong secret": f"/theo-doi/{report.code}/{secret[:-2]}xx/",
        "unknown code": f"/theo-doi/PA-2026-999999/{secret}/",
        "secret of another report": f"/theo-doi/{report.code}/{other_secret}/",
    }[which]
    response = client.get(url)
    assert response.status_code == 404
    assert_secure_page(response)
    assert BAD_LINK in response.content.decode()
    assert client.get(page_url(report)).status_code == 302


# --- the reporter's page without access -----------------------------------------------


def test_without_access_the_page_sends_to_track_with_a_message(client, world):
    report, _secret = report_in_state(world, State.IN_PROGRESS)
    response = client.get(page_url(report), follow=True)
    assert response.redirect_chain == [(TRACK, 302)]
    assert "Vui lòng nhập mã và số điện thoại để xem phản ánh của bạn." in (
        response.content.decode()
    )
    assert report.description not in response.content.decode()


def test_without_access_a_published_report_sends_to_its_public_page(client, world):
    report, _secret = report_in_state(world, State.PUBLISHED)
    response = client.get(page_url(report))
    assert response.status_code == 302 and response["Location"] == f"/cong-khai/{report.code}/"


def test_without_access_a_private_result_is_not_made_public(client, world):
    report, _secret = report_in_state(world, State.PUBLISHED)
    Report.objects.filter(pk=report.pk).update(is_private=True)
    response = client.get(page_url(report))
    assert response.status_code == 302 and response["Location"] == TRACK


def test_an_unknown_code_is_a_404(client, world):
    assert client.get("/phan-anh/PA-2026-999999/").status_code == 404


@pytest.mark.parametrize(
    "path, data",
    [
        ("tra-loi", {"reply-note": "Thêm thông tin"}),
        ("danh-gia", {"rating": "1", "satisfied": "no"}),
        ("phan-anh-lai", {"reopen-note": "Chưa sửa"}),
    ],
)
def test_actions_without_access_change_nothing(client, world, path, data):
    report, _secret = report_in_state(world, State.PUBLISHED)
    version = report.version
    response = client.post(f"{page_url(report)}{path}/", data)
    assert response.status_code == 302 and response["Location"] == TRACK
    report.refresh_from_db()
    assert report.version == version and report.rating is None
    assert not Report.objects.filter(previous_round=report).exists()


def test_actions_only_take_posts(client, world):
    report, _secret = report_in_state(world, State.PUBLISHED)
    following(client, report)
    for path in ("tra-loi", "danh-gia", "phan-anh-lai"):
        assert client.get(f"{page_url(report)}{path}/").status_code == 405


# --- reply --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "state", [State.SUBMITTED, State.ASSIGNED, State.IN_PROGRESS, State.PUBLISHED]
)
def test_reply_in_states_that_allow_it(client, world, state):
    report, _secret = report_in_state(world, state)
    following(client, report)
    page = client.get(page_url(report))
    assert controls(dom(page), "reply-note")
    note = "Ổ gà đã rộng thêm, tối qua có người ngã xe."
    response = client.post(f"{page_url(report)}tra-loi/", {"reply-note": note}, follow=True)
    assert response.redirect_chain == [(page_url(report), 302)]
    assert "Đã gửi thông tin bổ sung." in response.content.decode()
    event = ReportEvent.objects.get(report=report, action=Action.REPLY)
    assert event.note == note and event.actor_role == "reporter"
    assert note in response.content.decode()  # the reporter sees their own words


def test_a_double_tap_on_reply_posts_the_note_once(client, world):
    report, _secret = report_in_state(world, State.IN_PROGRESS)
    following(client, report)
    page = dom(client.get(page_url(report)))
    key = value_of(page, "reply-key")
    assert key
    data = {"reply-note": "Nước vẫn ngập sau trận mưa tối qua.", "reply-key": key}
    for _ in range(2):
        response = client.post(f"{page_url(report)}tra-loi/", data)
        assert response.status_code == 302
    assert ReportEvent.objects.filter(report=report, action=Action.REPLY).count() == 1
    # A new form (a new key) sends a new note.
    again = value_of(dom(client.get(page_url(report))), "reply-key")
    assert again != key
    client.post(f"{page_url(report)}tra-loi/", {**data, "reply-key": again})
    assert ReportEvent.objects.filter(report=report, action=Action.REPLY).count() == 2


@pytest.mark.parametrize("state", [State.RETURNED, State.MERGED, State.CLOSED, State.REOPENED])
def test_reply_is_refused_where_the_workflow_does_not_allow_it(client, world, state):
    report, _secret = report_in_state(world, state)
    following(client, report)
    assert not controls(dom(client.get(page_url(report))), "reply-note")
    note = "Xin bổ sung thêm ảnh."
    response = client.post(f"{page_url(report)}tra-loi/", {"reply-note": note})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Không thể “Bổ sung thông tin” khi phản ánh đang ở trạng thái" in html
    # The refused text is still in its box.
    assert value_of(dom(response), "reply-note") == note
    assert events(report, Action.REPLY) == 0


def test_an_empty_reply_is_a_field_error(client, world):
    report, _secret = report_in_state(world, State.IN_PROGRESS)
    following(client, report)
    response = client.post(f"{page_url(report)}tra-loi/", {"reply-note": "   "})
    assert response.status_code == 400
    assert_field_error(response, "reply-note", "Vui lòng nhập nội dung.")
    assert events(report, Action.REPLY) == 0


def test_a_too_long_reply_is_a_field_error(client, world):
    report, _secret = report_in_state(world, State.IN_PROGRESS)
    following(client, report)
    response = client.post(f"{page_url(report)}tra-loi/", {"reply-note": "a" * 4001})
    assert response.status_code == 400
    assert "reply-note" in errors_in(response)
    assert events(report, Action.REPLY) == 0


# --- rate -----------------------------------------------------------------------------


def test_rate_once_after_publication(client, world):
    report, _secret = report_in_state(world, State.PUBLISHED)
    following(client, report)
    assert controls(dom(client.get(page_url(report))), "rating")
    response = client.post(f"{page_url(report)}danh-gia/", {"rating": "4", "satisfied": "yes"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.rating, report.satisfied) == (4, True)
    page = client.get(page_url(report))
    assert "Cảm ơn bạn đã đánh giá kết quả xử lý." in page.content.decode()
    assert "Bạn đã đánh giá 4/5 sao" in text(by_id(dom(page), "my-rating")[0])
    assert not controls(dom(page), "rating")  # not offered a second time

    again = client.post(f"{page_url(report)}danh-gia/", {"rating": "1", "satisfied": "no"})
    assert again.status_code == 409
    assert "Bạn đã đánh giá phản ánh này." in again.content.decode()
    report.refresh_from_db()
    assert (report.rating, report.satisfied) == (4, True)
    assert events(report, Action.RATE) == 1


def test_a_closed_report_can_still_be_rated(client, world):
    report, _secret = report_in_state(world, State.CLOSED)
    following(client, report)
    response = client.post(f"{page_url(report)}danh-gia/", {"rating": "2", "satisfied": "no"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.rating, report.satisfied) == (2, False)


@pytest.mark.parametrize(
    "data, name, message",
    [
        ({"satisfied": "yes"}, "rating", "Vui lòng chọn số sao từ 1 đến 5."),
        ({"rating": "9", "satisfied": "yes"}, "rating", "Vui lòng chọn số sao từ 1 đến 5."),
        ({"rating": "3"}, "satisfied", "Vui lòng cho biết bạn có hài lòng hay không."),
        ({"rating": "3", "satisfied": "maybe"}, "satisfied", "Vui lòng cho biết bạn có hài"),
    ],
)
def test_rate_form_errors(client, world, data, name, message):
    report, _secret = report_in_state(world, State.PUBLISHED)
    following(client, report)
    response = client.post(f"{page_url(report)}danh-gia/", data)
    assert response.status_code == 400
    assert_field_error(response, name, message)
    assert set(errors_in(response)) == {name}
    report.refresh_from_db()
    assert report.rating is None and events(report, Action.RATE) == 0


def test_rating_before_publication_is_refused(client, world):
    report, _secret = report_in_state(world, State.IN_PROGRESS)
    following(client, report)
    assert not controls(dom(client.get(page_url(report))), "rating")
    response = client.post(f"{page_url(report)}danh-gia/", {"rating": "5", "satisfied": "yes"})
    assert response.status_code == 409
    assert "Không thể “Đánh giá kết quả”" in response.content.decode()
    report.refresh_from_db()
    assert report.rating is None


# --- re-open ----------------------------------------------------------------------------


def test_reopen_once_within_the_window_creates_round_two(client, world):
    report, _secret = report_in_state(world, State.PUBLISHED)
    following(client, report)
    page = client.get(page_url(report))
    assert controls(dom(page), "reopen-note")
    note = "Ổ gà vẫn còn, chỉ đổ tạm ít đá, mưa xong lại sâu như cũ."
    response = client.post(f"{page_url(report)}phan-anh-lai/", {"reopen-note": note}, follow=True)
    second = Report.objects.get(code=f"{report.code}-L2")
    assert response.redirect_chain == [(page_url(second), 302)]
    html = response.content.decode()
    assert f"Đã gửi phản ánh lần 2 với mã {second.code}." in html
    assert "Phản ánh lần 2" in html and second.description == note
    assert second.round == 2 and second.previous_round_id == report.pk
    assert second.state == State.SUBMITTED
    report.refresh_from_db()
    assert report.state == State.REOPENED
    # Round 1 links to round 2, and the reopen form is gone.
    first_page = client.get(page_url(report))
    assert f'href="{page_url(second)}"' in first_page.content.decode()
    assert not controls(dom(first_page), "reopen-note")
    # Round 2 can be followed by its own code and the same phone.
    assert track(Client(), second.code)["Location"] == page_url(second)


def test_reopen_twice_is_refused(client, world):
    report, _secret = report_in_state(world, State.PUBLISHED)
    following(client, report)
    client.post(f"{page_url(report)}phan-anh-lai/", {"reopen-note": "Chưa được sửa."})
    again = client.post(f"{page_url(report)}phan-anh-lai/", {"reopen-note": "Vẫn chưa sửa."})
    assert again.status_code == 409
    assert "Không thể “Phản ánh lần 2”" in again.content.decode()
    assert value_of(dom(again), "reopen-note") == "Vẫn chưa sửa."
    second = Report.objects.get(previous_round=report)
    # Round 2 itself cannot be re-opened either.
    from_second = client.post(f"{page_url(second)}phan-anh-lai/", {"reopen-note": "Lần 3."})
    assert from_second.status_code == 409
    assert Report.objects.filter(code__startswith=report.code).count() == 2


def test_reopen_after_the_window_is_refused(client, world, settings):
    settings.PAHT_REOPEN_WINDOW_DAYS = 3
    report, _secret = report_in_state(world, State.PUBLISHED)
    Report.objects.filter(pk=report.pk).update(published_at=timezone.now() - timedelta(days=4))
    following(client, report)
    page = client.get(page_url(report))
    assert not controls(dom(page), "reopen-note")  # not offered once the window is over
    response = client.post(f"{page_url(report)}phan-anh-lai/", {"reopen-note": "Vẫn hỏng."})
    assert response.status_code == 409
    assert "Đã quá thời hạn 3 ngày để phản ánh lần 2." in response.content.decode()
    assert not Report.objects.filter(previous_round=report).exists()
    report.refresh_from_db()
    assert report.state == State.PUBLISHED


def test_reopen_just_inside_the_window_is_allowed(client, world, settings):
    settings.PAHT_REOPEN_WINDOW_DAYS = 3
    report, _secret = report_in_state(world, State.PUBLISHED)
    Report.objects.filter(pk=report.pk).update(
        published_at=timezone.now() - timedelta(days=3) + timedelta(minutes=5)
    )
    following(client, report)
    assert controls(dom(client.get(page_url(report))), "reopen-note")
    response = client.post(f"{page_url(report)}phan-anh-lai/", {"reopen-note": "Vẫn hỏng."})
    assert response.status_code == 302
    assert Report.objects.filter(previous_round=report).count() == 1


def test_reopen_needs_a_reason(client, world):
    report, _secret = report_in_state(world, State.PUBLISHED)
    following(client, report)
    response = client.post(f"{page_url(report)}phan-anh-lai/", {"reopen-note": ""})
    assert response.status_code == 400
    assert_field_error(response, "reopen-note", "Vui lòng nhập nội dung.")
    assert not Report.objects.filter(previous_round=report).exists()


def test_reopen_before_publication_is_refused(client, world):
    report, _secret = report_in_state(world, State.IN_PROGRESS)
    following(client, report)
    response = client.post(f"{page_url(report)}phan-anh-lai/", {"reopen-note": "Chưa xong."})
    assert response.status_code == 409
    assert not Report.objects.filter(previous_round=report).exists()
