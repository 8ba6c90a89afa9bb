from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from paht.clients.models import ApiKey
from paht.clients.services import InvalidApiKey, apikey_check, apikey_create
from paht.core.errors import TooManyRequests

pytestmark = pytest.mark.django_db


def test_a_new_key_works_and_only_its_hash_is_stored():
    key, raw = apikey_create(name="Hue-S")

    assert raw.startswith(f"paht_{key.prefix}_")
    assert raw.split("_", 2)[2] not in key.key_hash
    assert apikey_check(raw) == key
    assert ApiKey.objects.get(pk=key.pk).last_used_at is not None


@pytest.mark.parametrize(
    "raw", ["", None, "paht", "paht_nope_secret", "other_abc_def", "paht_{prefix}_wrong"]
)
def test_wrong_or_missing_keys_are_refused(raw):
    key, _ = apikey_create(name="App")
    raw = raw.replace("{prefix}", key.prefix) if raw else raw
    with pytest.raises(InvalidApiKey) as info:
        apikey_check(raw)
    assert info.value.status == 403
    assert "Khóa API không hợp lệ" in str(info.value.message)


def test_a_revoked_key_is_refused():
    key, raw = apikey_create(name="App")
    key.is_active = False
    key.save()
    with pytest.raises(InvalidApiKey):
        apikey_check(raw)


def test_each_key_has_its_own_hourly_limit():
    _, limited = apikey_create(name="Small", per_hour=2)
    _, other = apikey_create(name="Other", per_hour=2)
    apikey_check(limited)
    apikey_check(limited)
    with pytest.raises(TooManyRequests) as info:
        apikey_check(limited)
    assert info.value.status == 429
    assert info.value.retry_after > 0
    apikey_check(other)  # another key is not affected


def test_command_prints_the_key_once_and_lists_prefixes_only():
    out = StringIO()
    call_command("apikey", "create", "CaMau-G", stdout=out, stderr=StringIO())
    raw = out.getvalue().strip()
    assert apikey_check(raw).name == "CaMau-G"

    listing = StringIO()
    call_command("apikey", "list", stdout=listing)
    assert "CaMau-G" in listing.getvalue()
    assert raw.split("_", 2)[2] not in listing.getvalue()

    prefix = raw.split("_")[1]
    call_command("apikey", "revoke", prefix, stdout=StringIO())
    with pytest.raises(InvalidApiKey):
        apikey_check(raw)
    with pytest.raises(CommandError):
        call_command("apikey", "create", "", stdout=StringIO(), stderr=StringIO())


def test_admin_shows_a_new_key_once(client):
    admin = get_user_model().objects.create_superuser("root", "root@example.com", "x-test-pass-1")
    client.force_login(admin)
    response = client.post(
        "/admin/clients/apikey/add/",
        {"name": "iHanoi", "per_hour": 100, "is_active": "on"},
        follow=True,
    )
    assert response.status_code == 200
    key = ApiKey.objects.get(name="iHanoi")
    shown = [str(m) for m in response.context["messages"]]
    raw = next(m.split(": ", 1)[1] for m in shown if "paht_" in m)
    assert apikey_check(raw) == key
