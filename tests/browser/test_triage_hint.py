"""The citizen sees the triage assistant's note while typing, before sending."""

import pytest
from playwright.sync_api import expect

from paht.reports.models import Report
from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE

LAND = (
    "Tôi nộp hồ sơ xin cấp giấy chứng nhận quyền sử dụng đất ở bộ phận một cửa phường "
    "từ tháng 3, đã quá hẹn hai tháng mà vẫn chưa có sổ đỏ, hỏi thì bảo chờ."
)


@pytest.mark.parametrize("device", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_land_certificate_complaint_is_warned_but_never_blocked(new_context, base_data, device):
    page = new_context(**device).new_page()
    page.goto("/gui-phan-anh/")
    hint = page.locator("#triage-hint")
    expect(hint).to_be_hidden()
    page.locator("#id_description").fill(LAND)
    expect(hint).to_be_visible()
    expect(hint).to_have_class("notice triage-hint warn")
    expect(hint).to_contain_text("Thủ tục hành chính")
    expect(hint).to_contain_text("Trung tâm Phục vụ hành chính công")
    expect(hint).to_contain_text("bạn vẫn có thể gửi")
    hint.scroll_into_view_if_needed()
    page.screenshot(path=ARTIFACTS / f"triage-hint-{device['viewport']['width']}.png")
    # A warning only: the send button is still there and enabled, nothing was sent.
    expect(page.locator("#send")).to_be_enabled()
    assert not Report.objects.exists()


def test_a_field_is_suggested_and_chosen_with_one_tap(new_context, base_data):
    page = new_context(**PHONE).new_page()
    page.goto("/gui-phan-anh/")
    page.locator("#id_description").fill("den duong hem 7 ko sang 3 dem nay roi, toi thui")
    hint = page.locator("#triage-hint")
    expect(hint).to_contain_text("Điện – chiếu sáng")
    hint.get_by_role("button").click()
    expect(page.locator("input[name=field][value=dien_chieu_sang]")).to_be_checked()
    expect(hint).to_be_hidden()
