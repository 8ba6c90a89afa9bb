"""A day in the staff console in Chromium: the coordinator triages three reports (one
returned, one merged, one assigned), the handler accepts and submits a result with a
photo (uploaded by the page's script), the approver approves, and the supervisor, who
kept the dashboard open all day, sees its counts follow without reloading. On a phone
and a desktop, with screenshots, and with no reporter contact on any page the unit sees."""

import pytest
from playwright.sync_api import expect

from paht.media.models import Attachment
from paht.reports.models import Report, State
from tests.factories import AN_XUYEN_POINT, submit
from tests.media import samples

from .conftest import (
    DESKTOP,
    EMAIL,
    NAME,
    PHONE,
    PHONE_NUMBER,
    assert_no_personal_data,
    shot,
    too_wide,
)

PASSWORD = "x-test-pass-1"


def _sign_in(page, username):
    page.goto("/can-bo/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def _sign_out(page):
    page.locator("form[action='/can-bo/dang-xuat/'] button").first.click()
    expect(page.get_by_role("heading", name="Cán bộ đăng nhập")).to_be_visible()


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_day_in_the_console(base_data, staff, new_context, tmp_path, settings, device):
    settings.PAHT_DASHBOARD_POLL_SECONDS = 1
    kw = dict(name=NAME, phone=PHONE_NUMBER, email=EMAIL, share_identity=False)
    spam = submit(
        staff, title="Quảng cáo bán hàng", description="Mua hàng giá rẻ tại đây.", **kw
    ).report
    kept = submit(staff, title="Ổ gà trước chợ", **kw).report
    dup = submit(
        staff,
        title="Ổ gà trước chợ (lần nữa)",
        lat=AN_XUYEN_POINT[0] + 0.0003,
        lng=AN_XUYEN_POINT[1],
        **kw,
    ).report
    options = PHONE if device == "phone" else DESKTOP
    # The supervisor opens the dashboard in the morning and leaves it open.
    board = new_context(**DESKTOP).new_page()
    _sign_in(board, "supervisor")
    board.goto("/can-bo/tong-hop/")
    in_progress = board.locator('[data-count="in_progress"]')
    expect(in_progress).to_have_text("3")
    expect(board.locator('[data-count="new_today"]')).to_have_text("3")
    board.evaluate("window.__sameDocument = true")

    context = new_context(**options)
    page = context.new_page()
    problems = []

    # Coordinator: the inbox, oldest deadline first.
    _sign_in(page, "coordinator")
    expect(page.get_by_role("heading", name="Tiếp nhận, phân loại")).to_be_visible()
    for r in (spam, kept, dup):
        expect(page.get_by_role("link", name=r.code)).to_be_visible()
    shot(page, f"console-inbox-{device}")
    problems += too_wide(page)

    # 1. Return the advert; the guidance of the chosen reason fills the note.
    with page.expect_navigation():  # console.js (deferred) listens once the page loaded
        page.get_by_role("link", name=spam.code).click()
    form = page.locator("#action-return")
    form.get_by_label("Lý do").select_option(label="Thủ tục hành chính")
    expect(form.locator("textarea")).not_to_have_value("")
    shot(page, f"console-report-{device}")
    problems += too_wide(page)
    form.get_by_role("button", name="Trả lại phản ánh").click()
    expect(page.get_by_text("Đã thực hiện: Trả lại phản ánh.")).to_be_visible()

    # 2. Merge the duplicate into the first pothole report, from the nearby list.
    page.goto(f"/can-bo/phan-anh/{dup.code}/")
    page.get_by_role("button", name=f"Gộp vào {kept.code}").click()
    expect(page.get_by_text("Đã thực hiện: Gộp vào phản ánh trùng.")).to_be_visible()

    # 3. Assign the pothole to the suggested unit, with the water company co-handling.
    page.goto(f"/can-bo/phan-anh/{kept.code}/")
    assign = page.locator("#action-assign")
    expect(assign.get_by_label("Đơn vị chủ trì")).to_have_value("ubnd_an_xuyen")
    assign.get_by_label("Đơn vị phối hợp", exact=False).select_option("cap_nuoc")
    assign.get_by_role("button", name="Chuyển đơn vị xử lý").click()
    expect(page.get_by_text("Đã thực hiện: Chuyển đơn vị xử lý.")).to_be_visible()
    _sign_out(page)

    # Handler: the unit's queue, accept, submit the result with a photo.
    _sign_in(page, "handler")
    expect(page.get_by_role("heading", name="Phản ánh của đơn vị")).to_be_visible()
    assert_no_personal_data(page.content(), "the unit's queue")
    shot(page, f"console-queue-{device}")
    problems += too_wide(page)
    page.get_by_role("link", name=kept.code).click()
    expect(page.locator("#show-identity")).to_have_count(0)  # no consent: no button
    page.locator("#action-accept").get_by_role("button").click()
    expect(page.get_by_text("Đã thực hiện: Tiếp nhận xử lý.")).to_be_visible()
    photo = tmp_path / "ket-qua.jpg"
    photo.write_bytes(samples.jpeg(1000, 750))
    result = page.locator("#action-submit_result")
    result.locator("input[type=file]").set_input_files(str(photo))
    expect(result.get_by_text("Đã tải lên")).to_be_visible()
    result.locator("textarea").fill("Đã vá ổ gà bằng bê tông nhựa.")
    assert_no_personal_data(page.content(), "the handler's report view")
    shot(page, f"console-handler-{device}")
    result.get_by_role("button", name="Gửi kết quả xử lý").click()
    expect(page.get_by_text("Đã thực hiện: Gửi kết quả xử lý.")).to_be_visible()
    _sign_out(page)

    # Approver: before and after side by side, approve.
    _sign_in(page, "approver")
    expect(page.get_by_role("heading", name="Phê duyệt kết quả")).to_be_visible()
    page.get_by_role("link", name=kept.code).click()
    expect(page.get_by_role("heading", name="Trước và sau xử lý")).to_be_visible()
    assert_no_personal_data(page.content(), "the approver's report view")
    shot(page, f"console-approver-{device}")
    problems += too_wide(page)
    page.locator("#action-approve").get_by_role("button").click()
    expect(page.get_by_text("Đã thực hiện: Phê duyệt kết quả.")).to_be_visible()

    states = dict(
        Report.objects.filter(pk__in=[spam.pk, kept.pk, dup.pk]).values_list("pk", "state")
    )
    assert states == {spam.pk: State.RETURNED, dup.pk: State.MERGED, kept.pk: State.APPROVED}

    # The supervisor's dashboard followed the day in place: returned and merged reports
    # are no longer in progress; the approved one is, until it is published.
    expect(in_progress).to_have_text("1")
    assert board.evaluate("window.__sameDocument === true"), "the dashboard was reloaded"
    shot(board, f"console-supervisor-{device}")
    assert Attachment.objects.filter(report=kept, purpose="result").count() == 1
    assert not problems, problems
