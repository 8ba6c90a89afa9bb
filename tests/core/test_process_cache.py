"""Configuration kept per process: read once, dropped when it changes here, re-read
after the cache time when it changes elsewhere, never replaced by a stale load."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from paht.core.errors import ValidationError
from paht.core.process_cache import ProcessCache, forget_all
from paht.reports.models import Field
from paht.reports.validation import get_commune, get_field
from tests.factories import AN_XUYEN


def test_a_value_is_loaded_once_until_forgotten():
    loads = []
    cache = ProcessCache("test-once", lambda: loads.append(1) or len(loads))
    assert [cache.get(), cache.get()] == [1, 1]
    cache.forget()
    assert cache.get() == 2
    forget_all()
    assert cache.get() == 3


def test_a_load_that_overlaps_a_change_is_not_kept():
    # A change lands while a load is under way: that load may have read the old rows,
    # so it answers its caller but is not kept for the next one.
    loads = []

    def load():
        loads.append(1)
        if len(loads) == 1:
            cache.forget()  # "a change was saved meanwhile"
        return len(loads)

    cache = ProcessCache("test-overlap", load)
    assert cache.get() == 1
    assert cache.get() == 2  # loaded again
    assert cache.get() == 2  # and kept


def test_another_process_change_is_seen_after_the_cache_time(settings):
    value = {"n": 1}
    cache = ProcessCache("test-expiry", lambda: value["n"])
    assert cache.get() == 1
    value["n"] = 2
    settings.PAHT_CONFIG_CACHE_SECONDS = 3600
    assert cache.get() == 1
    settings.PAHT_CONFIG_CACHE_SECONDS = -1
    assert cache.get() == 2


def test_fields_and_communes_are_read_once_per_process(world):
    get_field("ha_tang_do_thi"), get_commune(AN_XUYEN)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(3):
            field, commune = get_field("ha_tang_do_thi"), get_commune(AN_XUYEN)
    assert len(queries) == 0
    assert (field.code, commune.code) == ("ha_tang_do_thi", AN_XUYEN)
    # Each caller gets its own instance: changing one changes nobody else's.
    field.name = "đổi"
    assert get_field("ha_tang_do_thi").name == "Hạ tầng đô thị"


def test_a_field_switched_off_here_is_refused_at_once(world):
    get_field("ha_tang_do_thi")
    field = Field.objects.get(code="ha_tang_do_thi")
    field.is_active = False
    field.save()  # as the admin saves it
    with pytest.raises(ValidationError) as refused:
        get_field("ha_tang_do_thi")
    assert refused.value.fields == {"field": "Lĩnh vực không tồn tại."}
