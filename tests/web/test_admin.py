import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.urls import reverse

from paht.reports.models import State
from tests.factories import report_in_state


@pytest.fixture
def admin_client(client, world):
    user = get_user_model().objects.create_superuser("root", password="x-test-pass-1")
    client.force_login(user)
    return client


def test_every_admin_page_opens_in_vietnamese(admin_client):
    for model, _model_admin in admin.site._registry.items():
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert "Quản trị" in response.content.decode() or "PAHT" in response.content.decode()


def test_report_admin_is_read_only_and_shows_the_timeline(admin_client, world):
    report, _ = report_in_state(world, State.IN_PROGRESS)
    url = reverse("admin:reports_report_change", args=[report.pk])
    page = admin_client.get(url).content.decode()
    assert report.code in page
    assert "accept" in page and "assign" in page
    response = admin_client.post(url, {"title": "sửa"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.title != "sửa"


def test_home_page_lists_fields(client, world):
    page = client.get("/").content.decode()
    assert "Hạ tầng đô thị" in page and "Cấp thoát nước" in page


def test_admin_is_vietnamese_even_for_an_english_browser(admin_client):
    page = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Phản ánh" in page and "Phân luồng" in page
    assert "Thoát" in page  # Django's own admin strings, in Vietnamese
    assert "Log out" not in page


def test_pages_forbid_inline_script(client, world):
    csp = client.get("/").headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in csp
