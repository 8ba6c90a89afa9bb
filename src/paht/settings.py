"""Django settings for PAHT, read from the environment.

Every setting a deployment changes comes from an environment variable documented in the
README; the defaults give a working local instance on SQLite under ``./var``.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

DATA_DIR = Path(os.environ.get("PAHT_DATA_DIR", "var")).resolve()

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "paht-development-only-secret-key-do-not-use-in-production"  # noqa: S105

# Reporter contact data is encrypted with a key derived from this secret; keep it apart
# from SECRET_KEY in production so rotating sessions does not lose the contact data.
PAHT_FIELD_ENCRYPTION_KEY = os.environ.get("PAHT_FIELD_ENCRYPTION_KEY", SECRET_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# The one province this deployment serves (code from the 2025 administrative units).
PAHT_PROVINCE_CODE = os.environ.get("PAHT_PROVINCE_CODE", "96")
# Citizens may re-open a published report once within this many days.
PAHT_REOPEN_WINDOW_DAYS = int(os.environ.get("PAHT_REOPEN_WINDOW_DAYS", "7"))
# Per-phone and per-IP limits on new reports from the web form and the apps.
PAHT_SUBMIT_PER_PHONE_DAY = int(os.environ.get("PAHT_SUBMIT_PER_PHONE_DAY", "10"))
PAHT_SUBMIT_PER_IP_HOUR = int(os.environ.get("PAHT_SUBMIT_PER_IP_HOUR", "30"))
PAHT_UPLOAD_PER_IP_HOUR = int(os.environ.get("PAHT_UPLOAD_PER_IP_HOUR", "120"))
# Triage and the coordinator's "nearby reports": reports this close in place and time
# (earlier, being handled or resolved) are offered as possible duplicates to merge into.
PAHT_DUPLICATE_RADIUS_M = float(os.environ.get("PAHT_DUPLICATE_RADIUS_M", "150"))
PAHT_DUPLICATE_DAYS = int(os.environ.get("PAHT_DUPLICATE_DAYS", "30"))
PAHT_TRIAGE_PER_IP_HOUR = int(os.environ.get("PAHT_TRIAGE_PER_IP_HOUR", "600"))
# Map tiles: any XYZ tile server (a province may run its own). Its origin joins the CSP.
PAHT_MAP_TILE_URL = os.environ.get(
    "PAHT_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
PAHT_MAP_ATTRIBUTION = os.environ.get("PAHT_MAP_ATTRIBUTION", "© OpenStreetMap contributors")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves the API docs (Swagger UI) from its own static files, no CDN
    "paht.core",
    "paht.geo",
    "paht.org",
    "paht.reports",
    "paht.routing",
    "paht.notify",
    "paht.media",
    "paht.citizens",
    "paht.clients",
    "paht.api",
    "paht.open311",
    "paht.stats",
    "paht.triage",
    "paht.console",
    "paht.web",
    # Staff second factor (TOTP); the console decides who needs it (console.TwoFactorPolicy).
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "paht.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "paht.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "paht.console.middleware.StaffSessionMiddleware",
    "paht.console.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "paht.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "paht.wsgi.application"
ASGI_APPLICATION = "paht.asgi.application"


def _database_config(url: str | None = None) -> dict:
    default_sqlite = f"sqlite:///{DATA_DIR / 'paht.sqlite3'}"
    url = url or os.environ.get("DATABASE_URL") or default_sqlite
    config = dj_database_url.parse(url, conn_max_age=600, conn_health_checks=True)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # A fresh checkout has no data directory yet; SQLite cannot create it.
        if config["NAME"] and config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # IMMEDIATE transactions take the write lock up front, so two concurrent workflow
        # actions queue instead of failing with "database is locked" half-way through.
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
        config["CONN_MAX_AGE"] = 0
    elif config["ENGINE"] not in {"django.db.backends.postgresql"}:
        raise ImproperlyConfigured("DATABASE_URL must be sqlite:///… or postgres://…")
    if config["ENGINE"] == "django.db.backends.postgresql" and env_bool("PAHT_DB_POOL", False):
        # Under ASGI every request runs in a new thread, so persistent connections pile
        # up (one per thread) instead of being reused: a psycopg pool per process hands
        # each request a warm connection and takes it back at the end (docs/deploy.md).
        config["CONN_MAX_AGE"] = 0
        config["CONN_HEALTH_CHECKS"] = False
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(os.environ.get("PAHT_DB_POOL_MIN", "2")),
            "max_size": int(os.environ.get("PAHT_DB_POOL_MAX", "8")),
            "timeout": float(os.environ.get("PAHT_DB_POOL_TIMEOUT", "10")),
        }
    return config


DATABASES = {"default": _database_config()}
# A read replica for public and statistics pages (paht.core.replica, docs/deploy.md §8).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = _database_config(os.environ["DATABASE_REPLICA_URL"])
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        # A replica that does not answer is given up quickly (the primary serves).
        DATABASES["replica"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    # Tests run against the primary's test database under this alias.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["paht.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The covering indexes' INCLUDE columns are PostgreSQL's (statistics read the index
# alone); on SQLite the same indexes exist without them, as intended.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

TASKS = {
    "default": {
        "BACKEND": os.environ.get("PAHT_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"


def _media_storage() -> dict:
    """Where photos and videos live: files under the data directory, or an S3 bucket."""
    kind = os.environ.get("PAHT_MEDIA_STORAGE", "local")
    if kind == "local":
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None},
        }
    if kind != "s3":
        raise ImproperlyConfigured("PAHT_MEDIA_STORAGE must be local or s3")
    bucket = os.environ.get("PAHT_S3_BUCKET", "")
    if not bucket:
        raise ImproperlyConfigured("PAHT_S3_BUCKET must be set when PAHT_MEDIA_STORAGE=s3")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("PAHT_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("PAHT_S3_REGION") or None,
            "access_key": os.environ.get("PAHT_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("PAHT_S3_SECRET_ACCESS_KEY") or None,
            "location": os.environ.get("PAHT_S3_PREFIX", ""),
            # The bucket stays private: every file is served through PAHT's access checks.
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": True,
            # Reads of big files (the worker's videos) spill to disk instead of memory.
            "max_memory_size": 8 * 1024 * 1024,
        },
    }


STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "media": _media_storage(),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Media limits (DESIGN §2): per file, and per report and purpose.
PAHT_MEDIA_PHOTO_MAX_MB = float(os.environ.get("PAHT_MEDIA_PHOTO_MAX_MB", "15"))
PAHT_MEDIA_PHOTO_MAX_MEGAPIXELS = float(os.environ.get("PAHT_MEDIA_PHOTO_MAX_MEGAPIXELS", "50"))
PAHT_MEDIA_VIDEO_MAX_MB = float(os.environ.get("PAHT_MEDIA_VIDEO_MAX_MB", "100"))
PAHT_MEDIA_VIDEO_MAX_SECONDS = float(os.environ.get("PAHT_MEDIA_VIDEO_MAX_SECONDS", "180"))
PAHT_MEDIA_MAX_PHOTOS = int(os.environ.get("PAHT_MEDIA_MAX_PHOTOS", "5"))
PAHT_MEDIA_MAX_VIDEOS = int(os.environ.get("PAHT_MEDIA_MAX_VIDEOS", "1"))
# Keep the uploaded original (with its metadata) for the coordinator; off by default.
PAHT_MEDIA_KEEP_ORIGINALS = env_bool("PAHT_MEDIA_KEEP_ORIGINALS", False)
# A photo taken farther than this from the report's point, or this long before it was
# observed, is flagged for the coordinator.
PAHT_MEDIA_FAR_METERS = int(os.environ.get("PAHT_MEDIA_FAR_METERS", "1000"))
PAHT_MEDIA_OLD_DAYS = int(os.environ.get("PAHT_MEDIA_OLD_DAYS", "30"))
# A worker holds a file for this long; after that another worker takes it over.
PAHT_MEDIA_LEASE_SECONDS = int(os.environ.get("PAHT_MEDIA_LEASE_SECONDS", "600"))
# Uploads never attached to a report are deleted after this many hours.
PAHT_MEDIA_ORPHAN_HOURS = int(os.environ.get("PAHT_MEDIA_ORPHAN_HOURS", "24"))

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "paht@localhost")

SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
CSRF_FAILURE_VIEW = "paht.core.http.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and env_bool("PAHT_HTTPS", True):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGIN_URL = "console:login"
LOGIN_REDIRECT_URL = "console:home"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact": {"()": "paht.core.logs.RedactSecrets"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Citizen sign-in (one-time codes)
# Dotted path of the SMS gateway class (paht.notify.sms); development logs the code with
# the phone masked, production sends nothing until a real gateway is configured.
PAHT_SMS_BACKEND = os.environ.get("PAHT_SMS_BACKEND") or (
    "paht.notify.sms.ConsoleGateway" if DEBUG else "paht.notify.sms.NullGateway"
)
PAHT_OTP_TTL_SECONDS = int(os.environ.get("PAHT_OTP_TTL_SECONDS", "300"))
# Wrong entries after which a code is dead and a new one must be requested.
PAHT_OTP_MAX_ATTEMPTS = int(os.environ.get("PAHT_OTP_MAX_ATTEMPTS", "5"))
# Code requests per phone number and per IP address (DESIGN §2 abuse limits).
PAHT_OTP_PER_PHONE_15_MIN = int(os.environ.get("PAHT_OTP_PER_PHONE_15_MIN", "3"))
PAHT_OTP_PER_PHONE_DAY = int(os.environ.get("PAHT_OTP_PER_PHONE_DAY", "10"))
PAHT_OTP_PER_IP_HOUR = int(os.environ.get("PAHT_OTP_PER_IP_HOUR", "10"))
# Code entries per IP address, whatever the phone.
PAHT_OTP_VERIFY_PER_IP_HOUR = int(os.environ.get("PAHT_OTP_VERIFY_PER_IP_HOUR", "30"))

# Staff console sign-in (paht.console): failed attempts per username (counted apart in a
# browser the user signed in from before) and per address in a window, and how long a
# staff session lives (absolute) and may stay idle.
PAHT_STAFF_LOGIN_PER_USER = int(os.environ.get("PAHT_STAFF_LOGIN_PER_USER", "5"))
PAHT_STAFF_LOGIN_PER_IP = int(os.environ.get("PAHT_STAFF_LOGIN_PER_IP", "20"))
PAHT_STAFF_LOGIN_WINDOW_MINUTES = int(os.environ.get("PAHT_STAFF_LOGIN_WINDOW_MINUTES", "15"))
PAHT_STAFF_SESSION_HOURS = float(os.environ.get("PAHT_STAFF_SESSION_HOURS", "10"))
PAHT_STAFF_IDLE_MINUTES = float(os.environ.get("PAHT_STAFF_IDLE_MINUTES", "30"))
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "PAHT")

# Notifications (paht.notify): the outbox the worker sends, retried with backoff.
# Absolute address of this site, for the links in messages (no trailing slash needed).
PAHT_SITE_URL = os.environ.get("PAHT_SITE_URL", "http://localhost:8000")
PAHT_NOTIFY_MAX_ATTEMPTS = int(os.environ.get("PAHT_NOTIFY_MAX_ATTEMPTS", "8"))
# Wait before the 2nd attempt; doubled after each failure (1, 2, 4… minutes).
PAHT_NOTIFY_RETRY_BASE_SECONDS = int(os.environ.get("PAHT_NOTIFY_RETRY_BASE_SECONDS", "60"))
# Units are reminded this long before a deadline they must meet.
PAHT_REMIND_BEFORE_HOURS = float(os.environ.get("PAHT_REMIND_BEFORE_HOURS", "4"))
# The HTTP SMS gateway (PAHT_SMS_BACKEND=paht.notify.sms.HttpGateway).
PAHT_SMS_HTTP_URL = os.environ.get("PAHT_SMS_HTTP_URL", "")
PAHT_SMS_HTTP_METHOD = os.environ.get("PAHT_SMS_HTTP_METHOD", "POST")
PAHT_SMS_HTTP_FORMAT = os.environ.get("PAHT_SMS_HTTP_FORMAT", "form")  # form or json
PAHT_SMS_HTTP_PHONE_PARAM = os.environ.get("PAHT_SMS_HTTP_PHONE_PARAM", "to")
PAHT_SMS_HTTP_TEXT_PARAM = os.environ.get("PAHT_SMS_HTTP_TEXT_PARAM", "text")
PAHT_SMS_HTTP_EXTRA = os.environ.get("PAHT_SMS_HTTP_EXTRA", "")  # e.g. brandname=UBND&type=2
PAHT_SMS_HTTP_PHONE_PREFIX = os.environ.get("PAHT_SMS_HTTP_PHONE_PREFIX", "84")
PAHT_SMS_HTTP_AUTH_HEADER = os.environ.get("PAHT_SMS_HTTP_AUTH_HEADER", "")
PAHT_SMS_HTTP_SUCCESS = os.environ.get("PAHT_SMS_HTTP_SUCCESS", "")
PAHT_SMS_HTTP_TIMEOUT = float(os.environ.get("PAHT_SMS_HTTP_TIMEOUT", "10"))
# The SMTP server when EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "30"))

# Anonymous public reads (lists, map points, statistics, Open311 GET) answered from the
# cache for this long (paht.core.public_cache); 0 turns it off.
PAHT_PUBLIC_CACHE_SECONDS = int(os.environ.get("PAHT_PUBLIC_CACHE_SECONDS", "10"))
PAHT_PUBLIC_CACHE_MAX_BYTES = int(os.environ.get("PAHT_PUBLIC_CACHE_MAX_BYTES", "262144"))
# A year's public statistics computed at most this often per process (paht.stats.cached).
PAHT_STATS_CACHE_SECONDS = int(os.environ.get("PAHT_STATS_CACHE_SECONDS", "60"))
# Each process's caches: the public answers (core.public_cache), and a year's statistics
# apart from them (stats.cached): a national year's are over a megabyte, so at most
# PAHT_STATS_CACHE_ENTRIES of them are kept whatever a crawler asks for.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "paht"},
    "stats": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "paht-stats",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAHT_STATS_CACHE_ENTRIES", "30"))},
    },
}
# How long an app process keeps the configuration it read (deadline rules, calendar,
# fields, the province's communes, message templates: paht.core.process_cache). An
# admin's change is seen at once by the process that made it, by the others after this.
PAHT_CONFIG_CACHE_SECONDS = int(os.environ.get("PAHT_CONFIG_CACHE_SECONDS", "30"))
# Staff dashboard (paht.stats): seconds between the page's in-place refreshes of its figures.
PAHT_DASHBOARD_POLL_SECONDS = int(os.environ.get("PAHT_DASHBOARD_POLL_SECONDS", "30"))
