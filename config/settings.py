"""Settings, all from the environment (django-environ); `.env` is read when present.

`.env.example` lists every variable. With DEBUG off the secrets have no fallback: a production
process without SECRET_KEY or FIELD_ENCRYPTION_KEY refuses to start.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# The test settings switch this off so that a developer's `.env` never leaks into the suite.
if env.bool("READ_DOT_ENV", default=True):
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY")
FIELD_ENCRYPTION_KEY = env.list("FIELD_ENCRYPTION_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
PORT = env.int("PORT", default=8000)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_q",
    "config.apps.BackofficeConfig",
    "skurules",
    "orders",
    "edi",
    "distributors",
    "punchout",
    "sandbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite is the embedded default. A busy timeout and IMMEDIATE transactions let the web process
# and the task cluster share the file without "database is locked" on lock upgrades.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA busy_timeout = 5000;", "transaction_mode": "IMMEDIATE"}
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-q2's monitor (cluster heartbeat) needs a cache that every process shares: Redis when it
# is configured, else a database table (locmem would show each process only itself).
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                          "LOCATION": "backoffice_cache"}}

# retry must exceed timeout or a slow task is handed to a second worker while the first runs;
# catch_up off so that a cluster back from downtime does not replay every missed slot at once.
Q_CLUSTER = {
    "name": "backoffice",
    "workers": env.int("Q_WORKERS", default=2),
    "timeout": 600,
    "retry": 720,
    "max_attempts": 3,
    "catch_up": False,
    "save_limit": 1000,
    "ack_failures": True,
    "poll": 1,
    "label": _("Task cluster"),
    "ALT_CLUSTERS": {"long": {"timeout": 3000, "retry": 3600, "max_attempts": 1}},
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("de", _("German")), ("it", _("Italian"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
LOGIN_URL = "admin:login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Partner endpoints: empty means the partner's real production address. `make run` points them
# at the local sandbox through `.env`; tests point them at a live sandbox server.
SP_API_ENDPOINT = env("SP_API_ENDPOINT", default="")
SP_API_LWA_ENDPOINT = env("SP_API_LWA_ENDPOINT", default="")
SP_API_TIMEOUT_SECONDS = env.float("SP_API_TIMEOUT_SECONDS", default=30)
SP_API_MAX_ATTEMPTS = env.int("SP_API_MAX_ATTEMPTS", default=5)
SP_API_RETRY_BASE_SECONDS = env.float("SP_API_RETRY_BASE_SECONDS", default=2)
SANDBOX_PORT = env.int("SANDBOX_PORT", default=8001)
# Stored inbound files too large for a database row (distributor feeds).
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))

# The loopback FTP and SFTP drop boxes (`manage.py sandbox_dropbox`) that stand in for the
# partners' servers; the demo's channels point at them.
SANDBOX_FTP_PORT = env.int("SANDBOX_FTP_PORT", default=2121)
SANDBOX_SFTP_PORT = env.int("SANDBOX_SFTP_PORT", default=2222)
SANDBOX_DROPBOX_ROOT = Path(env("SANDBOX_DROPBOX_ROOT", default=str(BASE_DIR / "var" / "sandbox")))
SANDBOX_DROPBOX_USER = env("SANDBOX_DROPBOX_USER", default="vendor")
SANDBOX_DROPBOX_PASSWORD = env("SANDBOX_DROPBOX_PASSWORD", default="dropbox-demo")
# The PunchOut supplier simulator (sandbox.punchout): the buyer it accepts, its own identity,
# where it posts confirmations, ship notices and invoices, and how long it waits between them.
SANDBOX_PUNCHOUT_IDENTITY = env("SANDBOX_PUNCHOUT_IDENTITY", default="BACKOFFICE-DEMO")
SANDBOX_PUNCHOUT_SECRET = env("SANDBOX_PUNCHOUT_SECRET", default="sandbox-shared-secret")
SANDBOX_PUNCHOUT_SUPPLIER_IDENTITY = env("SANDBOX_PUNCHOUT_SUPPLIER_IDENTITY", default="Amazon")
# Honcho gives every process of `make run` its own PORT, so the Makefile passes the web
# server's port as BACKOFFICE_PORT.
BACKOFFICE_PORT = env.int("BACKOFFICE_PORT", default=PORT)
SANDBOX_PUNCHOUT_BUYER_URL = (env("SANDBOX_PUNCHOUT_BUYER_URL", default="")
                              or f"http://127.0.0.1:{BACKOFFICE_PORT}/punchout/cxml/")
SANDBOX_PUNCHOUT_REPLY_SECONDS = env.float("SANDBOX_PUNCHOUT_REPLY_SECONDS", default=3)
DEMO_ADMIN_PASSWORD = env("DEMO_ADMIN_PASSWORD", default="")

# Mail to approvers and requisitioners. Without SMTP settings, `make run` writes each message as
# a file under var/mail, so the demo shows what would have been sent.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = Path(env("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail")))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="backoffice@localhost")

# PunchOut: how long a return URL stays valid, the largest document accepted, and the
# timeout of the calls to suppliers.
PUNCHOUT_RETURN_MINUTES = env.int("PUNCHOUT_RETURN_MINUTES", default=240)
PUNCHOUT_MAX_DOCUMENT_BYTES = env.int("PUNCHOUT_MAX_DOCUMENT_BYTES", default=2_000_000)
PUNCHOUT_TIMEOUT_SECONDS = env.float("PUNCHOUT_TIMEOUT_SECONDS", default=30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # One line per HTTP request drowns the task log; failures are logged by our own code.
    "loggers": {"httpx": {"level": "WARNING"}},
}
