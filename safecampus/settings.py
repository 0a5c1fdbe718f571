"""SafeCampus settings: one module, configured by environment variables.

With no variable set the project runs as the embedded default: SQLite (WAL) under var/,
in-memory channel layer, database task queue, console e-mail, DEBUG on. Production sets
SAFECAMPUS_DEBUG=0 and must then give a real secret key and allowed hosts.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def env(name, default=None):
    """A variable, or the content of the file named by NAME_FILE (for container secrets)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name, default):
    value = env(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name, default):
    value = env(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def env_list(name, default):
    value = env(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("SAFECAMPUS_DEBUG", True)
VAR_DIR = Path(env("SAFECAMPUS_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env("SAFECAMPUS_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SAFECAMPUS_SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production-0123456789abcdefghij"

ALLOWED_HOSTS = env_list("SAFECAMPUS_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("SAFECAMPUS_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    # Serves the API docs (Swagger UI) from its own static files, not from a CDN.
    "ninja",
    "django_htmx",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "safecampus.core",
    "safecampus.hazards",
    "safecampus.risks",
    "safecampus.inspections",
    "safecampus.patrols",
    "safecampus.emergencies",
    "safecampus.students",
    "safecampus.gate",
    "safecampus.supervision",
    "safecampus.transport",
    "safecampus.assessment",
    "safecampus.reports",
    "safecampus.casework",
    "safecampus.education",
    "safecampus.defences",
    # Project-level: the city generator (manage.py grow_city); no app imports it.
    "safecampus.city",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "safecampus.core.twofactor.SecondFactorMiddleware",
    "safecampus.students.middleware.GuardianConfinementMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Inside the messages: a replayed form's message for the next page is taken as its answer.
    "safecampus.core.phonequeue.QueueReplayMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes must be last: it inspects the response of failed logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safecampus.urls"
WSGI_APPLICATION = "safecampus.wsgi.application"
ASGI_APPLICATION = "safecampus.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "safecampus.core.context_processors.navigation",
            ],
        },
    },
]

# The threads of an app process that serve HTTP (safecampus/asgi.py): one for each connection
# of the process's database pool, so that no request waits for a connection.
SAFECAMPUS_HTTP_THREADS = env_int("SAFECAMPUS_DB_POOL_SIZE", 10)

# Database: SQLite (WAL) under var/ unless DATABASE_URL names another one.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Requests run in the threads of the process's HTTP pool (safecampus/asgi.py) and the
        # tasks in threads of their own: a pool hands each request a warm connection and takes
        # it back at the request's end, so connections never pile up one per thread.
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 2,
            "max_size": env_int("SAFECAMPUS_DB_POOL_SIZE", 10),
        }
        # Django's defaults otherwise, measured against the alternatives (docs/performance.md):
        # statements kept prepared let PostgreSQL plan them once for any values, and that plan
        # read the bureau's overview in 800 ms instead of 60; values bound on the server gained
        # nothing beyond the benchmark's noise.
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "safecampus.sqlite3",
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
    # The browser tests' live server answers from other threads, each with its own connection:
    # they share a database file (WAL, busy timeout) rather than SQLite's shared-cache memory
    # database, which answered two threads at once with "bad parameter or other API misuse".
    if env("SAFECAMPUS_TEST_DB"):
        DATABASES["default"]["TEST"] = {"NAME": env("SAFECAMPUS_TEST_DB")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "safecampus.core.auth.UsernameOrMobileBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# Lock an account after repeated failures (等保: limit login attempts). The lock is by username
# alone: an attacker chooses the address a request seems to come from, never the account.
AXES_FAILURE_LIMIT = env_int("SAFECAMPUS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("SAFECAMPUS_LOGIN_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address in the lock; here it would only let a rotated address escape it,
# and a lock by address alone would shut out a whole school behind one NAT address.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_CLIENT_IP_CALLABLE = "safecampus.core.clientip.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_ENABLED = env_bool("SAFECAMPUS_AXES_ENABLED", True)
AXES_VERBOSE = False

SESSION_COOKIE_AGE = env_int("SAFECAMPUS_SESSION_SECONDS", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Internationalisation: Simplified Chinese first, Traditional Chinese and English available.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("SAFECAMPUS_STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# In debug the files are served straight from the source folders; production runs collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

MEDIA_ROOT = Path(env("SAFECAMPUS_MEDIA_ROOT", str(VAR_DIR / "media")))
# No MEDIA_URL is served: every file goes through core.views.attachments, which checks scope.
MEDIA_URL = "/attachments/raw-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
SAFECAMPUS_MAX_UPLOAD_BYTES = env_int("SAFECAMPUS_MAX_UPLOAD_MB", 10) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = SAFECAMPUS_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Real time: in-memory channel layer for one process, Redis across processes.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # channels_redis waits on BZPOPMIN for 5 s; redis-py's default read timeout is also
            # 5 s, so under load the read gives up first and the socket's consumer dies. The read
            # timeout leaves the blocking call room; a dead server is still noticed.
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15, "socket_connect_timeout": 5}]
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Cache (rate limits): shared through Redis when there is one, else per process.
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work: Django's tasks framework on the database queue.
TASKS = {
    "default": {
        "BACKEND": env("SAFECAMPUS_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# E-mail: console in the embedded default; SMTP when SAFECAMPUS_SMTP_HOST is set.
SMTP_HOST = env("SAFECAMPUS_SMTP_HOST")
if SMTP_HOST:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": SMTP_HOST,
                "port": env_int("SAFECAMPUS_SMTP_PORT", 587),
                "username": env("SAFECAMPUS_SMTP_USER", ""),
                "password": env("SAFECAMPUS_SMTP_PASSWORD", ""),
                "use_tls": env_bool("SAFECAMPUS_SMTP_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env("SAFECAMPUS_FROM_EMAIL", "SafeCampus <noreply@safecampus.invalid>")

# SMS: printed on the console by default; "http" posts each message to a gateway (docs/deploy.md).
SAFECAMPUS_SMS_BACKEND = env("SAFECAMPUS_SMS_BACKEND", "console")
SAFECAMPUS_SMS_URL = env("SAFECAMPUS_SMS_URL", "")
SAFECAMPUS_SMS_TOKEN = env("SAFECAMPUS_SMS_TOKEN", "")
if SAFECAMPUS_SMS_BACKEND not in ("console", "http"):
    raise ImproperlyConfigured("SAFECAMPUS_SMS_BACKEND must be console or http")
if SAFECAMPUS_SMS_BACKEND == "http" and not SAFECAMPUS_SMS_URL:
    raise ImproperlyConfigured("SAFECAMPUS_SMS_BACKEND=http needs SAFECAMPUS_SMS_URL")

# Content Security Policy: nothing from outside, scripts only with the page's nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SAFECAMPUS_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SAFECAMPUS_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SAFECAMPUS_SECRET_KEY must be at least 50 characters")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("SAFECAMPUS_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Product settings.
# How many reverse proxies in front of the app append to X-Forwarded-For. 0 (the default): the
# address is the connection's own and the header is ignored, since any client can send it.
SAFECAMPUS_TRUSTED_PROXIES = env_int("SAFECAMPUS_TRUSTED_PROXIES", 0)
# A second factor (TOTP, with recovery codes) for bureau accounts and anyone who manages people:
# required outside debug unless turned off; the demo (debug on) logs in with a password alone.
SAFECAMPUS_REQUIRE_TWO_FACTOR = env_bool("SAFECAMPUS_REQUIRE_TWO_FACTOR", not DEBUG)
OTP_TOTP_ISSUER = "SafeCampus"
# How long a new API token works before it must be rotated (a phone or a device box renews it).
SAFECAMPUS_API_TOKEN_DAYS = env_int("SAFECAMPUS_API_TOKEN_DAYS", 90)
# The audit chain's anchors: heads signed with a key that is not in the database, appended to a
# file the application only ever appends to (make it append-only, or ship it away, in production).
SAFECAMPUS_AUDIT_KEY = env("SAFECAMPUS_AUDIT_KEY", "")
SAFECAMPUS_AUDIT_ANCHOR_FILE = Path(
    env("SAFECAMPUS_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.jsonl"))
)
SAFECAMPUS_PAGE_SIZE = 25
SAFECAMPUS_SITE_URL = env("SAFECAMPUS_SITE_URL", "http://127.0.0.1:8000")
SAFECAMPUS_SCHEDULER_TICK_SECONDS = env_int("SAFECAMPUS_SCHEDULER_TICK_SECONDS", 30)
