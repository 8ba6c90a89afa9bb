"""The outbox in the admin: masked recipients, status filter, retry; editable templates."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from paht.notify.models import Kind, Message, MessageTemplate, Status
from tests.factories import submit


def _admin_client(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "x-test-pass-1")
    client.force_login(user)
    return client


def test_outbox_list_masks_recipients_and_filters_by_status(world, client):
    report = submit(world).report
    submit(world, email="")
    Message.objects.filter(report=report).update(status=Status.DEAD, last_error="SMTPError: x")
    client = _admin_client(client)
    page = client.get(reverse("admin:notify_message_changelist")).content.decode()
    assert "a***@example.com" in page and "09******78" in page
    assert "an@example.com" not in page and "0912345678" not in page
    dead = client.get(reverse("admin:notify_message_changelist") + "?status__exact=dead")
    assert dead.content.decode().count(report.code) >= 1
    detail = client.get(
        reverse("admin:notify_message_change", args=[Message.objects.get(report=report).pk])
    ).content.decode()
    assert "an@example.com" not in detail


def test_retry_action_queues_a_dead_message_again(world, client):
    report = submit(world).report
    message = Message.objects.get(report=report)
    Message.objects.filter(pk=message.pk).update(status=Status.DEAD, attempts=8)
    response = _admin_client(client).post(
        reverse("admin:notify_message_changelist"),
        {"action": "retry", "_selected_action": [message.pk]},
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == Status.PENDING and message.attempts == 0


def test_a_broken_template_is_refused_with_a_clear_error(world, client):
    template = MessageTemplate.objects.get(kind=Kind.RECEIVED)
    url = reverse("admin:notify_messagetemplate_change", args=[template.pk])
    data = {
        "kind": Kind.RECEIVED,
        "subject": "[{{ code }}] Đã nhận",
        "body": "{% if %}",
        "sms": "",
        "subject_en": "",
        "body_en": "",
        "sms_en": "",
    }
    response = _admin_client(client).post(url, data)
    assert response.status_code == 200
    assert "Mẫu không hợp lệ" in response.content.decode()
    template.refresh_from_db()
    assert template.body != "{% if %}"

    data["body"] = "Mã {{ code }}"
    assert client.post(url, data).status_code == 302
    template.refresh_from_db()
    assert template.body == "Mã {{ code }}"
