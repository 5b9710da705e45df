"""Settings shared by every environment; everything that differs comes from the environment."""

import os
from pathlib import Path

import dj_database_url
import xstatic.pkg.leaflet
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = Path(os.environ.get("PENDAMPING_HOME", Path.cwd())).resolve()
VAR_DIR = Path(os.environ.get("PENDAMPING_VAR", BASE_DIR / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "pendamping.core",
    "pendamping.wilayah",
    "pendamping.accounts",
    "pendamping.registry",
    "pendamping.linkage",
    "pendamping.planning",
    "pendamping.casework",
    "pendamping.mobility",
    "pendamping.programs",
    "pendamping.reports",
    "pendamping.audit",
    "pendamping.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "pendamping.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "pendamping.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "pendamping.accounts.middleware.TwoFactorMiddleware",
    "pendamping.core.middleware.RoleAllowlistMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "pendamping.audit.middleware.AuditMiddleware",
]

ROOT_URLCONF = "pendamping.urls"
WSGI_APPLICATION = "pendamping.wsgi.application"

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
                "pendamping.core.context_processors.shell",
            ],
        },
    },
]


def database_from_env() -> dict:
    """SQLite under ./var by default (WAL, busy timeout, immediate writes), else DATABASE_URL."""
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config.update(sqlite_options())
        return config
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": VAR_DIR / "pendamping.sqlite3",
        **sqlite_options(),
    }


def sqlite_options() -> dict:
    return {
        "OPTIONS": {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
                "PRAGMA cache_size=-64000;"
                "PRAGMA temp_store=MEMORY;"
            ),
        },
    }


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Failed log-ins lock the account and throttle the address (accounts.lockout).
AUTHENTICATION_BACKENDS = ["pendamping.accounts.backends.LockoutBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "pendamping.accounts.passwords.VarietyValidator"},
]

# Sessions end after 8 idle hours (a working day) and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 8 * 3600))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Shared by the web server's threads and the background worker (which renders the dashboard
# after rebuilding its figures), so on disk; a shared backend (Redis, database) replaces it
# when the app runs on several machines.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}
# Where `pendamping audit verify|anchor` appends the audit chain's end (outside the database).
PENDAMPING_AUDIT_ANCHORS = Path(
    os.environ.get("PENDAMPING_AUDIT_ANCHORS", VAR_DIR / "audit-anchors.log")
)
STATIC_ROOT = VAR_DIR / "static"
# Leaflet (pip xstatic-leaflet) for the reports' map, served from our own static files.
STATICFILES_DIRS = [("leaflet", xstatic.pkg.leaflet.BASE_DIR)]
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# ---------------------------------------------------------------------------
# Security and privacy (docs/security.md)
# ---------------------------------------------------------------------------
# Two-factor log-in (TOTP): required for these roles, available to every account.
PENDAMPING_REQUIRE_2FA = env_bool("PENDAMPING_REQUIRE_2FA", True)
PENDAMPING_2FA_ROLES = ("admin", "supervisor")
# Lock an account after this many failed log-ins in the window; throttle an address likewise.
PENDAMPING_LOCKOUT_ACCOUNT_FAILURES = int(os.environ.get("PENDAMPING_LOCKOUT_ACCOUNT", 5))
PENDAMPING_LOCKOUT_ADDRESS_FAILURES = int(os.environ.get("PENDAMPING_LOCKOUT_ADDRESS", 30))
PENDAMPING_LOCKOUT_MINUTES = int(os.environ.get("PENDAMPING_LOCKOUT_MINUTES", 15))
# Behind a reverse proxy that sets X-Forwarded-For: only then is that header believed.
PENDAMPING_TRUSTED_PROXY = env_bool("PENDAMPING_TRUSTED_PROXY", False)
PENDAMPING_API_PREFIX = "/api/v1/"
# What a Ketua RT/RW account may reach (it can only report); reporting apps add theirs here.
PENDAMPING_RTRW_NAMESPACES = ["core", "accounts", "mobility", "wilayah", "privacy", "set_language"]
PENDAMPING_RTRW_API_PREFIXES = ["/api/v1/mobility/", "/api/v1/areas"]
# Audit middleware: URL names and namespaces it leaves alone, API paths that hold no personal data.
PENDAMPING_AUDIT_SKIP_VIEWS = [
    "accounts:login",
    "accounts:logout",
    "accounts:otp_verify",
    "set_language",
    "registry:importer:job",
]
PENDAMPING_AUDIT_SKIP_NAMESPACES = ["wilayah"]
PENDAMPING_AUDIT_PUBLIC_API = ["/api/v1/areas", "/api/v1/openapi.json", "/api/v1/docs"]
# Retention (years after a record is closed) before anonymisation; see `pendamping retention`.
PENDAMPING_RETENTION_YEARS = {
    "registry.person": int(os.environ.get("PENDAMPING_RETAIN_PERSON_YEARS", 5)),
    "casework.case": int(os.environ.get("PENDAMPING_RETAIN_CASE_YEARS", 10)),
    "audit.auditevent": int(os.environ.get("PENDAMPING_RETAIN_AUDIT_YEARS", 5)),
}
# Error reports (500 e-mails, DEBUG pages) with NIK/KK, passwords and codes masked.
DEFAULT_EXCEPTION_REPORTER = "pendamping.core.errorreports.MaskingExceptionReporter"
DEFAULT_EXCEPTION_REPORTER_FILTER = "pendamping.core.errorreports.MaskingReporterFilter"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_nik": {"()": "pendamping.core.logging.MaskNikFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_nik"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# The region this installation serves; the demo and the supervisor's home read it.
PENDAMPING_REGION_CODE = os.environ.get("PENDAMPING_REGION_CODE", "14.71")
PENDAMPING_ORG_NAME = os.environ.get("PENDAMPING_ORG_NAME", "Dinas Sosial Kota Pekanbaru")
