"""Generated inputs against the app's own OpenAPI document (schemathesis + hypothesis).

Every citizen and public operation gets schema-valid and schema-violating inputs, with a
valid API key, report secret and citizen token so the generator reaches the handlers.
Whatever it sends: never a 5xx, and every answer — errors included — has a status,
content type, headers and body the document declares. Bounded: a fixed number of
examples per operation, derandomized, no deadline, so it runs the same in CI every time.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from paht.api.tokens import citizen_token_create
from paht.reports.models import State
from tests.api.citizen_helpers import new_app_key, report_body
from tests.factories import report_in_state

pytestmark = pytest.mark.django_db

EXAMPLES = 10  # per operation and mode
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def app():
    """Django as a plain WSGI app, inside the test's transaction: a finished request must
    not close the connection that holds the test's data (as Django's test client does)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def credentials(world, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "media": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": None},
        },
    }
    published, secret = report_in_state(world, State.PUBLISHED)
    token, _ = citizen_token_create(phone="0912345678")  # the factory's reporter
    return {
        "key": new_app_key(per_hour=100_000),
        "code": published.code,
        "secret": secret,
        "token": token,
    }


def _headers(operation, credentials) -> dict:
    security = operation.definition.raw.get("security") or []
    schemes = {name for requirement in security for name in requirement}
    headers = {}
    if "AppKey" in schemes:
        headers["X-API-Key"] = credentials["key"]
    if "ReportSecret" in schemes:
        headers["X-Report-Secret"] = credentials["secret"]
    if "CitizenToken" in schemes and "ReportSecret" not in schemes:
        headers["Authorization"] = f"Bearer {credentials['token']}"
    return headers


def _valid_bodies() -> dict[str, list]:
    """Bodies the random generator would hardly find (a real field code, a point in the
    province), so that the handlers' success paths are exercised too."""
    report = report_body()
    form = {k: v for k, v in report.items() if k != "attachments"}
    form["share_identity"] = "true"
    return {
        "POST /api/v1/reports": [report, {**report, "lat": None, "lng": None}],
        "POST /api/v1/reports/multipart": [form],
        "POST /api/v1/auth/code": [{"phone": "0987 654 321"}],
    }


def _strategy(operation, credentials, mode):
    """Cases of ``operation``, and in positive mode also with a real report's code in the
    path or a valid body, so the generator gets past "not found" and "invalid"."""
    headers = _headers(operation, credentials)
    free = operation.as_strategy(generation_mode=mode, headers=headers)
    if mode.is_negative:
        return free
    variants = [free]
    if "{code}" in operation.path:
        code = {"code": credentials["code"]}
        variants.append(operation.as_strategy(headers=headers, path_parameters=code))
    for body in _valid_bodies().get(operation.label, []):
        variants.append(operation.as_strategy(headers=headers, body=body))
    return st.one_of(*variants)


def _explore(app, operation, strategy, checks) -> set[int]:
    """Run one operation's generated cases; returns the statuses it answered."""
    statuses: set[int] = set()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        response = case.call_and_validate(app=app, checks=checks)
        statuses.add(response.status_code)

    try:
        run()
    except Unsatisfiable:
        # Negative mode only: nothing this operation takes can violate its schema (no
        # parameters at all, or only free-form strings such as a path's code).
        assert checks != CHECKS, operation.label
    return statuses


def test_generated_inputs_never_break_the_api(app, credentials):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    schema = schema.exclude(path_regex="^/api/v1/staff")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 16
    seen: dict[str, set[int]] = {}
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            checks = CHECKS + ([negative_data_rejection] if mode.is_negative else [])
            strategy = _strategy(operation, credentials, mode)
            seen.setdefault(operation.label, set()).update(
                _explore(app, operation, strategy, checks)
            )
    # The generator reached the handlers, not only the authentication in front of them.
    reached = {label for label, statuses in seen.items() if statuses - {401, 403}}
    assert reached == {op.label for op in operations}, seen
