"""Shared helpers of the console tests."""

import re

from django.test import Client

NAME = "Nguyễn Văn An"  # tests.factories.submit's reporter
PHONE = "0912345678"
EMAIL = "an@example.com"


def client_for(world, who: str | None) -> Client:
    client = Client()
    if who is not None:
        client.force_login(world.users[who])
    return client


def post_action(client, report, action: str, **data):
    data.setdefault("version", str(report.version))
    return client.post(f"/can-bo/phan-anh/{report.code}/thao-tac/{action}/", data)


def assert_no_contact(html: str, where: str) -> None:
    text = html.lower()
    for needle in (NAME.lower(), PHONE, "+84912345678", "0912 345 678", EMAIL):
        assert needle not in text, f"{needle!r} in {where}"


def version_of(html: str) -> int:
    return int(re.search(r'name="version" value="(\d+)"', html).group(1))
