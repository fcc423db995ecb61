"""Core Django settings: apps, database, templates, static files, languages."""

from pathlib import Path

import dj_database_url

from eropaf.config.settings.env import env_bool, env_int, env_list, env_str, project_root

PROJECT_ROOT = project_root()
PACKAGE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = PROJECT_ROOT / "var"

# development | test | production; production turns on every transport-security setting.
ENVIRONMENT = env_str("EROPAF_ENVIRONMENT", "development")
DEBUG = env_bool("DEBUG", default=ENVIRONMENT == "development")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "eropaf.core",
    "eropaf.audit",
    "eropaf.organisations",
    "eropaf.accounts",
    "eropaf.intake",
    "eropaf.matching",
    "eropaf.triage",
    "eropaf.cases",
    "eropaf.letters",
    "eropaf.messaging",
    "eropaf.escalation",
    "eropaf.signalering_plus",
    "eropaf.care_desk",
    "eropaf.coordination",
    "eropaf.reporting",
    "eropaf.ddas",
    "eropaf.retention",
    "eropaf.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "eropaf.accounts.middleware.RequestMemoMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "eropaf.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "eropaf.core.middleware.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",
    "eropaf.audit.middleware.ProcessingTraceMiddleware",
]

ROOT_URLCONF = "eropaf.config.urls"
WSGI_APPLICATION = "eropaf.config.wsgi.application"
ASGI_APPLICATION = "eropaf.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "eropaf.accounts.context_processors.navigation",
            ],
        },
    },
]

_SQLITE_DEFAULT = f"sqlite:///{VAR_DIR / 'eropaf.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _SQLITE_DEFAULT),
        conn_max_age=60,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(exist_ok=True)
    # WAL lets the demo server read while a background task writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# The interface is Dutch for everyone, whatever language the browser asks for; English is the
# source language of the catalogue only.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if ENVIRONMENT == "production"
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
if ENVIRONMENT != "production":
    # Serve straight from the source folders; production serves collectstatic's output.
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = DEBUG
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Internal endpoints use the session; partner endpoints set their own authentication (a partner
# API key only, eropaf.accounts.authentication) and throttles (per key, rates below).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "eropaf.core.problems.problem_details_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_RATES": {
        "partner": "1200/hour",
        "partner_deliveries": "60/hour",
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Eropaf API",
    "DESCRIPTION": (
        "Signals of payment arrears, cases and feedback for Dutch municipalities.\n\n"
        "Partner systems (tag `partner`) authenticate with a partner API key: "
        "`Authorization: Bearer <key>`. Internal endpoints use the logged-in session. "
        "Every error is an RFC 9457 problem (`application/problem+json`) with a Dutch `detail`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # A partner system may fetch the document with its own key.
    "SERVE_AUTHENTICATION": [
        "rest_framework.authentication.SessionAuthentication",
        "eropaf.accounts.authentication.PartnerTokenAuthentication",
    ],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "TAGS": [
        {"name": "partner", "description": "For partner systems: hand in signals, read reports, withdraw."},
        {"name": "accounts", "description": "Internal: the logged-in user."},
    ],
    # Choice labels are translated; the committed document must not depend on the catalogue.
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
}

# Messages to residents (eropaf.messaging, docs/messaging.md). Without NotifyNL, e-mail goes through
# Django's mail backend and sms is refused. The address hash key keeps opt-outs and the message log
# free of plain phone numbers and e-mail addresses; empty derives one from SECRET_KEY.
NOTIFYNL_BASE_URL = env_str("NOTIFYNL_BASE_URL", "")
NOTIFYNL_API_KEY = env_str("NOTIFYNL_API_KEY", "")
NOTIFYNL_TIMEOUT_SECONDS = env_int("NOTIFYNL_TIMEOUT_SECONDS", default=10)
MESSAGING_ADDRESS_HASH_KEY = env_str("MESSAGING_ADDRESS_HASH_KEY", "")
MESSAGING_EMAIL_FROM = env_str("MESSAGING_EMAIL_FROM", "")
# The supplier code CBS gave this deployment for DDAS deliveries (codeGegevensleverancier).
DDAS_SUPPLIER_CODE = env_str("DDAS_SUPPLIER_CODE", "EROPAF")
# The dashboard's figures are counted ahead (eropaf.reporting.figures); a report page opened when they
# are older than this many minutes asks for a new count in the background.
REPORTING_FIGURES_MAX_AGE = env_int("REPORTING_FIGURES_MAX_AGE", default=15)
# The processing log (eropaf.audit.processing_log, docs/audit.md): none, console or memory. BSNs leave
# only as HMAC-SHA256 under the hash key, which is never stored in the database; empty derives one
# from SECRET_KEY.
PROCESSING_LOG_EXPORTER = env_str("PROCESSING_LOG_EXPORTER", "none")
PROCESSING_LOG_HASH_KEY = env_str("PROCESSING_LOG_HASH_KEY", "")
# How long personal data is kept (eropaf.retention, docs/retention.md): the defaults for a
# municipality without terms of its own, in months.
RETENTION_UNMATCHED_MONTHS = env_int("RETENTION_UNMATCHED_MONTHS", default=6)
RETENTION_NOT_PICKED_UP_MONTHS = env_int("RETENTION_NOT_PICKED_UP_MONTHS", default=6)
RETENTION_PICKED_UP_MONTHS = env_int("RETENTION_PICKED_UP_MONTHS", default=12)
RETENTION_CLOSED_MONTHS = env_int("RETENTION_CLOSED_MONTHS", default=18)
