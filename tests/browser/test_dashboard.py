"""A supervisor keeps the dashboard open; a report arrives; the count changes in place."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from tests.browser.conftest import DESKTOP, PHONE, shot, too_wide
from tests.factories import submit

pytestmark = pytest.mark.django_db(transaction=True)


def _signed_in(new_context, live_server, user, **options):
    """A browser context carrying a session of ``user`` (the sign-in page is the
    console's; this test is about the dashboard)."""
    client = Client()
    client.force_login(user)
    session = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    context = new_context(**options)
    context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    return context


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_new_report_appears_on_the_open_dashboard_without_reload(
    new_context, live_server, base_data, staff, settings, device
):
    from playwright.sync_api import expect

    settings.PAHT_DASHBOARD_POLL_SECONDS = 1
    options = DESKTOP if device == "desktop" else PHONE
    page = _signed_in(new_context, live_server, staff.users["supervisor"], **options).new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto("/can-bo/tong-hop/")
    new_today = page.locator('[data-count="new_today"]')
    expect(new_today).to_have_text("0")
    expect(page.locator("#chart-fields").locator("..")).to_be_hidden()  # nothing to draw yet
    page.evaluate("window.__sameDocument = true")

    submit(staff)  # through the service, as the citizen's page would

    expect(new_today).to_have_text("1")
    expect(page.locator('[data-count="in_progress"]')).to_have_text("1")
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    # The tables and charts follow: the field's row and a drawn chart, a circle on the map.
    expect(page.locator("#dash-fields tfoot td").first).to_have_text("1")
    expect(page.locator("#chart-fields").locator("..")).to_be_visible()
    expect(page.locator("#dash-map path.leaflet-interactive")).to_have_count(1)
    expect(page.locator("#dash-status")).to_contain_text("Cập nhật lúc")
    shot(page, f"dashboard-{device}")
    problems = too_wide(page)
    assert not problems, problems
    assert not errors, errors


def test_handler_dashboard_and_list_in_the_browser(new_context, live_server, base_data, staff):
    from playwright.sync_api import expect

    submit(staff)
    page = _signed_in(new_context, live_server, staff.users["handler"], **PHONE).new_page()
    page.goto("/can-bo/tong-hop/danh-sach/")
    expect(page.locator("h1")).to_contain_text("Danh sách phản ánh")
    # A report still in triage belongs to no unit: the handler's list is empty.
    expect(page.get_by_text("Không có phản ánh nào theo bộ lọc này.")).to_be_visible()
    shot(page, "staff-list-phone")
    assert not too_wide(page)
