"""Whatever a client sends, the answer is an Open311 document, never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .conftest import FORMATS, errors, post_data, url, xml_root

pytestmark = pytest.mark.django_db

NAMES = [
    "service_request_id",
    "service_code",
    "start_date",
    "end_date",
    "status",
    "page",
    "page_size",
    "jurisdiction_id",
    "lat",
    "long",
    "address_string",
    "address_id",
    "first_name",
    "last_name",
    "phone",
    "email",
    "description",
    "attribute[X]",
    "attribute[X][]",
]
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "nan",
            "1e999",
            "-0",
            "9" * 40,
            "2026-02-30T00:00:00+07:00",
            "2026-01-01T00:00:00 07:00",
            "0001-01-01",
            "9999-12-31T23:59:59+14:00",
            "open,closed,,",
            "PA-2026-000001,,",
        ]
    ),
)
PARAMS = st.dictionaries(st.sampled_from(NAMES), VALUES, max_size=6)
ALLOWED = {200, 201, 400, 403, 404, 409, 429}
CHECKS = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _is_document(response, fmt):
    if response.status_code >= 400:
        errors(response, fmt)
    elif fmt == "xml":
        xml_root(response)
    else:
        response.json()


@CHECKS
@given(query=PARAMS, fmt=st.sampled_from(FORMATS))
def test_any_query_to_requests(client, world, query, fmt):
    response = client.get(url("requests", fmt), query)
    assert response.status_code in ALLOWED
    _is_document(response, fmt)


@CHECKS
@given(body=PARAMS, fmt=st.sampled_from(FORMATS), path=st.text(max_size=20))
def test_any_post_or_path(client, world, api_key, body, fmt, path):
    response = client.post(url("requests", fmt), post_data(api_key) | body)
    assert response.status_code in ALLOWED
    _is_document(response, fmt)
    response = client.get(f"/open311/v2/requests/{path}.{fmt}".replace("?", "%3F"))
    assert response.status_code in ALLOWED
