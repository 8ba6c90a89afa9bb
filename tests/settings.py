"""Settings for the test suite: the real settings, with a throwaway secret."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-deployment")
os.environ.setdefault("PAHT_HTTPS", "false")
# Files the tests write (media) go to a throwaway directory, never the working copy's var/.
os.environ.setdefault("PAHT_DATA_DIR", tempfile.mkdtemp(prefix="paht-test-data-"))

from paht.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast test users

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not shared-cache memory: concurrency tests need SQLite's real locking
    # (busy timeout, IMMEDIATE transactions) across connections.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"paht-test-{os.getpid()}.sqlite3")
    }

# Pages render without a collectstatic run; the manifest storage is production's concern.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# An empty directory: WhiteNoise scans STATIC_ROOT when the first request arrives.
STATIC_ROOT = tempfile.mkdtemp(prefix="paht-static-")
PAHT_SMS_BACKEND = "paht.notify.sms.MemoryGateway"

# A read-replica alias on the same test database (Django's test mirror): the replica tests
# install paht.core.replica.ReplicaRouter themselves; other tests never read it.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
DATABASE_ROUTERS = []  # even if DATABASE_REPLICA_URL is set where the tests run
PAHT_PUBLIC_CACHE_SECONDS = 0  # tests/core/test_public_cache.py turns it on
PAHT_STATS_CACHE_SECONDS = 0  # tests/stats/test_cached.py turns it on
