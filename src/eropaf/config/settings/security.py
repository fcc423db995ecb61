"""Authentication, sessions, transport security, lockout and upload limits."""

from eropaf.config.settings.base import DEBUG, ENVIRONMENT
from eropaf.config.settings.env import env_bool, env_int, env_str

_DEVELOPMENT_KEY = "development-only-key-never-use-in-production-0123456789abcdef"
SECRET_KEY = env_str("SECRET_KEY", None if ENVIRONMENT == "production" else _DEVELOPMENT_KEY)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

# Lockout after repeated failed logins (django-axes): per username and address.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env_int("LOGIN_LOCKOUT_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = env_int("SESSION_TIMEOUT_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

_HTTPS = env_bool("HTTPS", default=ENVIRONMENT == "production")
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
SECURE_SSL_REDIRECT = _HTTPS and env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", default=31_536_000) if _HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _HTTPS
SECURE_HSTS_PRELOAD = _HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("UPLOAD_MAX_MEGABYTES", default=50) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A delivery file (portal or API upload) may be at most this large; an XLSX may unpack to at most
# the second figure (zip bombs are refused before anything is unpacked).
DELIVERY_FILE_MAX_BYTES = env_int("DELIVERY_FILE_MAX_MEGABYTES", default=200) * 1024 * 1024
UPLOAD_MAX_UNCOMPRESSED_BYTES = env_int("DELIVERY_FILE_MAX_UNPACKED_MEGABYTES", default=1500) * 1024 * 1024

# Debug toolbar-like helpers stay off in production whatever DEBUG says.
if ENVIRONMENT == "production" and DEBUG:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("DEBUG may not be on in production.")
