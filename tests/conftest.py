import pytest

from paht.core.process_cache import forget_all
from paht.geo.boundaries import forget_cache
from tests.factories import ensure_base_data, make_world


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # The communes of the demo province are loaded once; tests roll back on top of them.
    with django_db_blocker.unblock():
        ensure_base_data()


@pytest.fixture(autouse=True)
def _tasks_run_inline(settings):
    # Tasks run in-process in tests, so their effects (emails) can be asserted.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    # A test's rows roll back without signals: start each test as a fresh process would.
    forget_all()
    forget_cache()
    yield
    forget_all()
    forget_cache()


@pytest.fixture
def world(db):
    return make_world()
