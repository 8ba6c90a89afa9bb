"""Admin-edited message templates run on a reduced engine with a size cap (security
review, finding 9): variables, {% if %} and a few filters; nothing that loads, includes
or blows up a message."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from paht.notify.models import Kind, MessageTemplate
from paht.notify.render import MAX_OUTPUT, render_message, report_context, templates
from tests.factories import submit

pytestmark = pytest.mark.django_db

FORM = {"kind": Kind.RECEIVED, "subject": "[{{ code }}] Đã nhận", "sms": ""}
FORM.update(subject_en="", body_en="", sms_en="")


def _admin(client):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "x-test-pass-1")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "body",
    [
        "{% load static %}{% static 'web/paht.css' %}",
        '{% include "web/base.html" %}',
        "{% load i18n %}{{ code }}",
        '{{ title|ljust:"5000000" }}',
        '{{ title|center:"5000000" }}',
        "{% for c in code %}{{ c }}{% endfor %}",
        "{% now 'Y' %}",
        "{% debug %}",
        "{% with a=code %}{{ a }}{% endwith %}",
        "{% extends 'web/base.html' %}",
    ],
)
def test_the_admin_refuses_tags_and_filters_outside_the_whitelist(world, client, body):
    template = MessageTemplate.objects.get(kind=Kind.RECEIVED)
    before = template.body
    url = reverse("admin:notify_messagetemplate_change", args=[template.pk])
    response = _admin(client).post(url, {**FORM, "body": body})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Mẫu không hợp lệ" in page and "chỉ được dùng" in page
    template.refresh_from_db()
    assert template.body == before


def test_the_whitelist_is_enough_for_real_templates(world, client):
    template = MessageTemplate.objects.get(kind=Kind.RECEIVED)
    url = reverse("admin:notify_messagetemplate_change", args=[template.pk])
    body = (
        "{# ghi chú #}Mã {{ code|upper }}: {{ title|truncatechars:50|default:'—' }}"
        "{% if deadline %} trước {{ deadline }}{% elif unit %} ({{ unit|lower }}){% else %}."
        "{% endif %} {{ state|capfirst }} {{ guidance|truncatewords:5 }}"
    )
    assert _admin(client).post(url, {**FORM, "body": body}).status_code == 302
    template.refresh_from_db()
    assert template.body == body


def test_a_template_saved_before_the_rule_falls_back_to_the_default(world):
    # A row written before the whitelist (or straight into the database) never runs.
    MessageTemplate.objects.filter(kind=Kind.RECEIVED).update(
        subject="{% load static %}{% static 'x' %}", body='{% include "web/base.html" %}'
    )
    templates.forget()  # written without signals: seen once the process's copy expires
    report = submit(world).report
    subject, body = render_message(
        kind=Kind.RECEIVED, language="vi", context=report_context(report, staff=False), sms=False
    )
    assert subject.startswith(f"[{report.code}]") and "<html" not in body
    assert report.code in body


def test_rendered_text_is_capped(world):
    MessageTemplate.objects.filter(kind=Kind.RESOLVED).update(
        body="{{ result }}{{ result }}{{ result }}{{ result }}"
    )
    templates.forget()
    report = submit(world).report
    context = report_context(report, staff=False, result="x" * 4000)
    _subject, body = render_message(kind=Kind.RESOLVED, language="vi", context=context, sms=False)
    assert len(body) == MAX_OUTPUT


def test_an_admin_cannot_save_a_template_that_renders_too_long(world, client):
    template = MessageTemplate.objects.get(kind=Kind.RECEIVED)
    url = reverse("admin:notify_messagetemplate_change", args=[template.pk])
    response = _admin(client).post(url, {**FORM, "body": "x" * (MAX_OUTPUT + 1)})
    assert response.status_code == 200
    assert "Mẫu quá dài" in response.content.decode()
