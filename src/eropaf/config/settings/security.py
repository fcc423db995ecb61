"""Authentication, sessions, transport security, lockout and upload limits."""

from eropaf.config.settings.base import DEBUG, ENVIRONMENT
from eropaf.config.settings.env import env_bool, env_int, env_list, env_str

_DEVELOPMENT_KEY = "development-only-key-never-use-in-production-0123456789abcdef"
SECRET_KEY = env_str("SECRET_KEY", None if ENVIRONMENT == "production" else _DEVELOPMENT_KEY)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Answers only the OIDC callback, and only when OIDC is configured (eropaf.accounts.oidc).
    "eropaf.accounts.oidc.StaffOIDCBackend",
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
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", default=15)
AXES_COOLOFF_TIME = LOGIN_LOCKOUT_MINUTES / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# OIDC callbacks carry no username; the provider locks out on its own (eropaf.accounts.oidc).
AXES_WHITELIST_CALLABLE = "eropaf.accounts.oidc.axes_skips_oidc_callback"

# Two-factor authentication (docs/login.md). Staff (every user who is not only a partner user) confirm
# a TOTP code after the password before any page opens; anyone who enrolled an app is always asked.
# Off by default outside production so that the demo's logins keep working; the tests switch it on.
STAFF_TWO_FACTOR = env_bool("STAFF_TWO_FACTOR", default=ENVIRONMENT == "production")
# Wrong codes in a row before the second step is locked for LOGIN_LOCKOUT_MINUTES (per user).
TWO_FACTOR_FAILURE_LIMIT = env_int("TWO_FACTOR_FAILURE_LIMIT", default=5)
OTP_TOTP_ISSUER = env_str("TWO_FACTOR_ISSUER", "Eropaf")
# No exponential back-off from django-otp (it refuses even a right code for a while, which reads as
# "wrong code"); the count above locks instead.
OTP_TOTP_THROTTLE_FACTOR = 0
# The same for recovery codes: a wrong one counts towards the app's lockout (accounts.recovery_codes).
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Login through the organisation's OpenID Connect provider (docs/login.md), on when a client id and a
# discovery URL are set. Users are matched to existing accounts, never created.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_DISCOVERY_URL = env_str("OIDC_OP_DISCOVERY_URL", "")
OIDC_PROVIDER_NAME = env_str("OIDC_PROVIDER_NAME", "")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_USERNAME_CLAIM = env_str("OIDC_USERNAME_CLAIM", "preferred_username")
# A login counts as strong (no TOTP step afterwards) when the ID token's acr is one of these, or one
# of its amr values is. Empty lists: every OIDC login still asks for the TOTP code.
OIDC_STRONG_ACR_VALUES = env_list("OIDC_STRONG_ACR_VALUES", default=[])
OIDC_STRONG_AMR_VALUES = env_list("OIDC_STRONG_AMR_VALUES", default=["mfa"])
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", default=10)
OIDC_USE_PKCE = True
# The ID token stays in the (server-side) session: logging out sends it to the provider's
# end_session_endpoint as the hint, so that the provider's session ends as well.
OIDC_STORE_ID_TOKEN = True
OIDC_CREATE_USER = False
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
LOGIN_REDIRECT_URL_FAILURE = "accounts:login"

# Partner API keys expire at the latest this many days after they are made (0: no maximum).
PARTNER_API_TOKEN_MAX_DAYS = env_int("PARTNER_API_TOKEN_MAX_DAYS", default=365)

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
