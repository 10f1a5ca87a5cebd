"""Django settings. Everything a deployment changes comes from the environment."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import dj_database_url

from migrights.lib.paths import data_dir
from migrights.lib.queue import huey_settings, import_huey
from migrights.lib.ratelimit import parse_rate

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

# A development key is derived per data folder so nothing secret lives in the repository;
# production sets MIGRIGHTS_SECRET_KEY.
SECRET_KEY = os.environ.get("MIGRIGHTS_SECRET_KEY") or f"dev-insecure-{DATA_DIR}"
DEBUG = os.environ.get("MIGRIGHTS_DEBUG", "") == "1"
# MIGRIGHTS_PRODUCTION=1: served over HTTPS only, with a strong key and without debug, or not at all
# (`check --deploy` is clean; see docs/operations.md).
PRODUCTION = os.environ.get("MIGRIGHTS_PRODUCTION", "") == "1"
TESTING = "pytest" in sys.modules
ALLOWED_HOSTS = [h for h in os.environ.get("MIGRIGHTS_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("MIGRIGHTS_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves Swagger UI from its own static files, no CDN
    "django_htmx",
    "axes",  # login attempts rate-limited: see AXES_* below
    "huey.contrib.djhuey",  # the job queue (HUEY below)
    "migrights.jobs",  # the job queue's rows and runner, below every app that starts a job
    "migrights.reference",
    "migrights.governance",
    "migrights.law",
    "migrights.documents",
    "migrights.corridors",
    "migrights.framework",
    "migrights.assessments",
    "migrights.scores",
    "migrights.briefs",
    "migrights.opendata",
    "migrights.publication",
    "migrights.work",
]

MIDDLEWARE = [
    "migrights.lib.requestlog.RequestLogMiddleware",  # outermost: the duration of everything, the id on every answer
    "migrights.lib.generations.OneReadingMiddleware",  # a read-only request sees one state of the data, read once
    "migrights.publication.cache.UpdatePublicCacheMiddleware",  # first: stores what the rest produced
    "migrights.publication.cache.GZipPublicMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "migrights.publication.security.SecurityHeadersMiddleware",  # CSP everywhere; private pages never stored
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",  # /fr/ and /es/ prefixes choose the language
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # after authentication, as django-axes asks
    "migrights.publication.cache.FetchPublicCacheMiddleware",  # needs to know who is signed in
    "migrights.api.AnonymousApiSlots",  # after the page cache: only requests that cost work take a slot
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out username + address
    "django.contrib.auth.backends.ModelBackend",
]
# URL names, not addresses: each resolves in the language of the page asking (/fr/accounts/login/ from /fr/work/)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "work:dashboard"
LOGOUT_REDIRECT_URL = "home"

# Five failed sign-ins for one username from one address lock that pair out for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("MIGRIGHTS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("MIGRIGHTS_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "work/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False


ROOT_URLCONF = "migrights.urls"
WSGI_APPLICATION = "migrights.wsgi.application"

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
                "migrights.publication.context.site",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{DATA_DIR / 'migrights.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while an import writes. Transactions take the write lock when they begin
    # (IMMEDIATE) and wait up to MIGRIGHTS_DB_LOCK_SECONDS for it: a deferred transaction that read
    # first failed at its first write with "database is locked" whenever another writer had committed
    # meanwhile, however long the timeout (two experts autosaving lost half their saves).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL;",
        transaction_mode="IMMEDIATE",
        timeout=float(os.environ.get("MIGRIGHTS_DB_LOCK_SECONDS", "20")),
    )

# One cache design (docs/decisions.md, "One cache design"): public pages are cached whole
# (migrights/publication/cache.py) under keys holding the generations of the data they show
# (migrights/lib/generations.py), which live in the "generations" cache; API requests are counted per client in
# "api-rate" (migrights/api.py).
# MIGRIGHTS_REDIS_URL (redis://host:6379/0): all three in that Redis, shared by every server of a deployment;
# without it, the pages and generations in folders of the data folder (shared by every process of the machine) and the
# counts in each process's memory. Tests: no page cache, generations in memory (each xdist worker has its own
# database), whatever the environment says.
REDIS_URL = os.environ.get("MIGRIGHTS_REDIS_URL", "")


def _redis(prefix: str) -> dict[str, object]:
    return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}


if REDIS_URL:
    CACHES = {"default": _redis("pages"), "generations": _redis("generations"), "api-rate": _redis("rate")}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
        "generations": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache" / "generations"),
            "OPTIONS": {"MAX_ENTRIES": 100_000},  # a few dozen: never culled
        },
        "api-rate": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "api-rate"},
    }
if TESTING:  # Redis tests set their own CACHES from MIGRIGHTS_TEST_REDIS_URL (publication/tests/test_shared_cache.py)
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    CACHES["generations"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "generations"}
# Anonymous API requests per address (N/second, N/minute, N/hour, N/day; "off": no limit); signed-in users
# have their own, higher limit and staff none. Answers from the page cache are not counted. Off in tests.
API_RATE_LIMIT = "off" if TESTING else os.environ.get("MIGRIGHTS_API_RATE_LIMIT", "60/minute")
API_RATE_LIMIT_SIGNED_IN = "off" if TESTING else os.environ.get("MIGRIGHTS_API_RATE_LIMIT_SIGNED_IN", "600/minute")
# Anonymous API requests computing at once per server process (0: no bound); one more is answered 429 at once.
API_CONCURRENT_ANONYMOUS = 0 if TESTING else int(os.environ.get("MIGRIGHTS_API_CONCURRENT", "2"))
parse_rate(API_RATE_LIMIT), parse_rate(API_RATE_LIMIT_SIGNED_IN)  # a mistyped rate stops the start, naming it
CACHE_MIDDLEWARE_SECONDS = int(os.environ.get("MIGRIGHTS_PAGE_CACHE_SECONDS", "600"))
CACHE_MIDDLEWARE_KEY_PREFIX = "public"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "en"
# The interface in three languages; English pages have no prefix, the others live under /fr/ and /es/.
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "lib" / "locale"]  # lib: the shared vocabulary's names
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Served files carry a content hash in their names and are stored compressed (whitenoise), so browsers
# cache them for ever. `migrights up` collects them; tests and MIGRIGHTS_DEBUG=1 serve them as they are.
STATIC_HASHED = not (DEBUG or TESTING) and os.environ.get("MIGRIGHTS_STATIC_HASHED", "1") == "1"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "migrights.publication.storage.HashedGzipStaticFilesStorage"
        if STATIC_HASHED
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_HASHED
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

# Raw files of every import are kept here, named by checksum.
RAW_FILES_DIR = DATA_DIR / "raw"
# PDFs attached as evidence: DATA_DIR / "documents" / <sha256>.pdf, served only to those who may read them.
EVIDENCE_MAX_BYTES = int(os.environ.get("MIGRIGHTS_EVIDENCE_MAX_MB", "10")) * 1024 * 1024
# The framework version the observatory publishes (assessments, releases, public scores); another loaded version
# (e.g. MRF 1.1) is computed on demand: `migrights compute --framework-version 1.1`.
FRAMEWORK_VERSION = os.environ.get("MIGRIGHTS_FRAMEWORK_VERSION", "1.0")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Every response carries this policy (migrights.publication.security): scripts only from the site's own files (no
# inline script, no eval: charts use Vega's expression interpreter), JSON data in <script type="application/json">.
# Styles may be inline: Vega's tooltips and htmx insert <style> elements, and a style runs no code.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)

if PRODUCTION:
    from django.core.checks.security.base import (
        SECRET_KEY_INSECURE_PREFIX,
        SECRET_KEY_MIN_LENGTH,
        SECRET_KEY_MIN_UNIQUE_CHARACTERS,
    )
    from django.core.exceptions import ImproperlyConfigured

    _key = os.environ.get("MIGRIGHTS_SECRET_KEY", "")
    if (
        len(_key) < SECRET_KEY_MIN_LENGTH
        or len(set(_key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or _key.startswith(SECRET_KEY_INSECURE_PREFIX)
    ):
        raise ImproperlyConfigured(
            f"MIGRIGHTS_PRODUCTION=1 needs a strong MIGRIGHTS_SECRET_KEY (at least {SECRET_KEY_MIN_LENGTH} random "
            "characters, e.g. from: python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    if DEBUG:
        raise ImproperlyConfigured("MIGRIGHTS_PRODUCTION=1 and MIGRIGHTS_DEBUG=1 cannot be set together")
    SECURE_SSL_REDIRECT = True
    SECURE_REDIRECT_EXEMPT = [r"^health$"]  # a load balancer asks each server over plain HTTP
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("MIGRIGHTS_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = os.environ.get("MIGRIGHTS_HSTS_PRELOAD", "1") == "1"
    if os.environ.get("MIGRIGHTS_BEHIND_HTTPS_PROXY", "") == "1":
        # the proxy ends TLS and must set X-Forwarded-Proto itself (overwriting what a client sent)
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# MIGRIGHTS_LOG_FORMAT=json: one JSON object per line (python-json-logger), with a request's id, method, path, status
# and duration (migrights/lib/requestlog.py), for a log collector; else plain lines. Requests are logged at INFO in
# json mode (MIGRIGHTS_LOG_REQUESTS=0 silences them), otherwise at MIGRIGHTS_LOG_LEVEL like the rest.
LOG_FORMAT = os.environ.get("MIGRIGHTS_LOG_FORMAT", "text")
if LOG_FORMAT not in ("text", "json"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"MIGRIGHTS_LOG_FORMAT is {LOG_FORMAT!r}: it must be text or json")
LOG_LEVEL = os.environ.get("MIGRIGHTS_LOG_LEVEL", "WARNING")
_log_requests = LOG_FORMAT == "json" and os.environ.get("MIGRIGHTS_LOG_REQUESTS", "1") != "0"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"migrights.requests": {"level": "INFO" if _log_requests else LOG_LEVEL}},
}

# Monte Carlo draws for the index editions the observatory computes (None: the spec's own number), read when
# an edition is computed (scores.editions.compute_edition). The tests set 0 except for the set-up edition
# (conftest.py); an edition with 0 draws publishes its intervals as "not computed".
_draws = os.environ.get("MIGRIGHTS_SCORE_DRAWS")
SCORES_UNCERTAINTY_DRAWS = int(_draws) if _draws else None

# Long work (publishing a release, building an edition's downloads) runs on a job queue (Huey; migrights/jobs/runner.py
# and docs/operations.md): a SQLite file in the data folder, consumed by the worker child of `migrights up`, or Redis
# when MIGRIGHTS_REDIS_URL is set, consumed by `migrights worker`. Tests run each task where it is enqueued (in the
# request: a test's transaction is not seen by another thread), except where a test turns that off.
HUEY = huey_settings(DATA_DIR, REDIS_URL, TESTING, workers=int(os.environ.get("MIGRIGHTS_WORKER_THREADS", "2")))
import_huey(REDIS_URL)  # before djhuey (INSTALLED_APPS) imports it: without the clients of unused storages
# A published release's download files are built by a job (tests build them where they need them).
DOWNLOADS_ON_RELEASE = not TESTING
