"""Django settings, built only from environment variables (see openlead/config.py)."""

from __future__ import annotations

import os
from datetime import timedelta

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from openlead.config import BASE_DIR, ConfigError, load_config

try:
    CONFIG = load_config(os.environ)
except ConfigError as exc:
    # `openlead serve` and manage.py turn this into a one-line message naming the variable.
    raise ImproperlyConfigured(str(exc)) from exc

DEBUG = CONFIG.debug
SECRET_KEY = CONFIG.secret_key
ALLOWED_HOSTS = CONFIG.allowed_hosts
CSRF_TRUSTED_ORIGINS = CONFIG.csrf_trusted_origins
OPENLEAD_DEMO = CONFIG.demo

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    # Second factor (issue 12): TOTP devices, and static devices holding recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "openlead.access",
    "openlead.programs",
    "openlead.people",
    "openlead.casework",
    "openlead.referrals",
    "openlead.legal",
    "openlead.records",
    "openlead.reports",
    "openlead.retention",
    "openlead.portal",
    "openlead.hmis",
    "openlead.accountability",
    # The REST API (issue 15): DRF for the views, drf-spectacular for the OpenAPI document.
    "rest_framework",
    "drf_spectacular",
    "openlead.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "openlead.access.middleware.RequestIdMiddleware",
    # Each data key fetched and unwrapped once per request, and dropped after (issue 16).
    "openlead.access.keycache.RequestKeysMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language (issue 14): the one chosen with the switch (set_language's
    # cookie), else the browser's Accept-Language, else English.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "openlead.access.middleware.SessionLimitsMiddleware",
    "openlead.programs.middleware.ProgramTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "openlead.access.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
    # The role's menu (request.menu, read by base.html) and the 405 page (issue 11).
    "openlead.navigation.NavigationMiddleware",
    "openlead.errors.NotAllowedPageMiddleware",
    # A person whose data key is gone (an old backup restored after a deletion): 410 page.
    "openlead.errors.UnreadableRecordMiddleware",
    # A participant's session reaches only the /me/ pages and logout (audited 403 elsewhere).
    "openlead.portal.middleware.ParticipantBoundaryMiddleware",
    # Last, so its redirects still get the CSP, no-store and frame headers above it.
    "openlead.access.mfa_gate.MfaRequiredMiddleware",
]

ROOT_URLCONF = "openlead.urls"
WSGI_APPLICATION = "openlead.wsgi.application"
AUTH_USER_MODEL = "access.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "openlead" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openlead.access.context.membership",
            ]
        },
    }
]


# The main database's backends add the audit chain's commit step: events recorded in a
# transaction join the chain as it commits, so the chain's lock is held only then
# (openlead.access.db.pending, issue 16). The key store has no audit table.
_AUDITED_ENGINES = {
    "django.db.backends.postgresql": "openlead.access.db.postgresql",
    "django.db.backends.sqlite3": "openlead.access.db.sqlite3",
}


def _database(url: str, *, audited: bool = False) -> dict[str, object]:
    db: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    engine = str(db["ENGINE"])
    if audited and engine in _AUDITED_ENGINES:
        db["ENGINE"] = _AUDITED_ENGINES[engine]
    if engine == "django.db.backends.sqlite3":
        # IMMEDIATE transactions serialise writers, so the audit chain cannot fork.
        db["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
        db["CONN_MAX_AGE"] = 0
    return db


DATABASES = {
    "default": _database(CONFIG.database_url, audited=True),
    # Wrapped per-person data keys live apart from the data, so deleting a key
    # crypto-shreds a person even in old backups of the main database.
    "keys": _database(CONFIG.keys_database_url),
}
DATABASE_ROUTERS = ["openlead.access.routers.KeyStoreRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

OPENLEAD_KEK_ID = CONFIG.kek_id
OPENLEAD_KEKS = CONFIG.keks
OPENLEAD_BLIND_INDEX_KEY = CONFIG.blind_index_key

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Django's list has 20,000 entries; this one the 100,000 most common leaked passwords.
    {"NAME": "openlead.access.passwords.BreachedPasswordValidator"},
    {"NAME": "openlead.access.passwords.GuessabilityValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# The client address behind the TLS proxy (access.clientip; docs/deployment.md): with
# neither setting, X-Forwarded-For is ignored and REMOTE_ADDR is the client.
OPENLEAD_TRUSTED_PROXY_HOPS = CONFIG.trusted_proxy_hops
OPENLEAD_TRUSTED_PROXIES = CONFIG.trusted_proxies

# Lockout (CJIS AC-7): 5 failures in 15 minutes lock the username, and only the username,
# so nobody can lock out a colleague by failing from the same network. Unknown usernames
# get the same answer (the lockout reveals no accounts), and axes stores only a keyed hash
# of them (access.logins.axes_username), never the typed text.
AXES_FAILURE_LIMIT = CONFIG.axes_failure_limit
AXES_COOLOFF_TIME = timedelta(minutes=CONFIG.axes_cooloff_minutes)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_CLIENT_IP_CALLABLE = "openlead.access.clientip.client_address"
AXES_USERNAME_CALLABLE = "openlead.access.logins.axes_username"
# The raw form data axes keeps would hold a password typed into the username box.
AXES_SENSITIVE_PARAMETERS = ["password", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False
# axes warns when the address is not a lockout parameter. Here it is deliberately not: the
# per-address limit is the softer throttle in access.logins, which locks no account.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Participants' accounts are never locked (a lockout an abuser can trigger denies a person
# their own record); openlead.portal limits their sign-in per account instead.
AXES_WHITELIST_CALLABLE = "openlead.access.participants.axes_never_locks"
# The softer per-network throttle beside it (access.logins): this many failures from one
# address in 15 minutes answer 429 "wait N minutes" and lock no account.
OPENLEAD_LOGIN_ADDRESS_FAILURES = CONFIG.login_address_failures

# MFA (issue 12): every signed-in user completes a TOTP or recovery code before any page
# but the MFA pages. Turning it off takes a setting whose name says what it does.
OPENLEAD_MFA_INSECURE_DISABLED = CONFIG.mfa_insecure_disabled
OTP_TOTP_ISSUER = "openlead"
# A fresh second factor within this many seconds is needed for exports, overrides, resets.
OPENLEAD_STEP_UP_SECONDS = 10 * 60

# Accepted public self-referrals per client address per hour. Many people share one
# address (a shelter's, a library's or a phone carrier's), so the limit is set to what
# a busy drop-in day can produce; invalid posts do not count (referrals.views).
OPENLEAD_SELF_REFERRAL_LIMIT = 30

# Sessions: database-backed (stateless app servers). The idle limit (default 15 minutes)
# and the absolute limit (10 hours from login) are enforced by access.middleware; the
# session store keeps the database expiry from sliding past the absolute limit.
SESSION_ENGINE = "openlead.access.sessionstore"
OPENLEAD_SESSION_IDLE_SECONDS = CONFIG.session_idle_minutes * 60
OPENLEAD_SESSION_ABSOLUTE_SECONDS = 10 * 60 * 60  # one working shift (security bar, test 8)
SESSION_COOKIE_AGE = OPENLEAD_SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_SECURE = CONFIG.secure_cookies
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SECURE = CONFIG.secure_cookies
if CONFIG.secure_cookies:
    SESSION_COOKIE_NAME = "__Host-openlead-session"
    CSRF_COOKIE_NAME = "__Host-openlead-csrf"

SECURE_SSL_REDIRECT = CONFIG.secure_cookies
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = 31536000 if CONFIG.secure_cookies else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Outgoing mail: record-view alerts to program admins (openlead.access.alerts).
# Without OPENLEAD_EMAIL_URL no mail is sent; the alert still shows on /alerts/.
OPENLEAD_EMAIL_ENABLED = CONFIG.email is not None
if CONFIG.email is not None:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = CONFIG.email.host
    EMAIL_PORT = CONFIG.email.port
    EMAIL_HOST_USER = CONFIG.email.user
    EMAIL_HOST_PASSWORD = CONFIG.email.password
    EMAIL_USE_TLS = CONFIG.email.use_tls
    EMAIL_USE_SSL = CONFIG.email.use_ssl
    EMAIL_TIMEOUT = 10
    DEFAULT_FROM_EMAIL = SERVER_EMAIL = CONFIG.email.sender

LANGUAGE_CODE = "en"
# English and Spanish (issue 14). The public pages are complete in Spanish; staff pages
# fall back to English where a string is not translated yet.
LANGUAGES = [("en", "English"), ("es", "Español")]
# The catalogs and their compiled .mo files are committed: a fresh machine has no gettext
# (tests/test_i18n.py fails when a .mo is older than its .po).
LOCALE_PATHS = [BASE_DIR / "openlead" / "locale"]
LANGUAGE_COOKIE_SECURE = CONFIG.secure_cookies
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = CONFIG.data_dir / "static"
STATICFILES_DIRS = [BASE_DIR / "openlead" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": CONFIG.log_level},
    # Request logs would carry query strings (search terms are identifiers): keep them out.
    "loggers": {"django.request": {"level": "ERROR"}, "axes": {"level": "WARNING"}},
}

# The REST API (openlead.api, docs/api.md): scoped tokens or the app's own session (DRF's
# SessionAuthentication enforces CSRF on writes), JSON in and out, errors as RFC 9457
# problem details, pages of at most 25.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "openlead.api.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "openlead.api.pagination.ApiPagination",
    "EXCEPTION_HANDLER": "openlead.api.problems.problem_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_THROTTLE_CLASSES": ["openlead.api.auth.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": "600/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "openlead API",
    "DESCRIPTION": "Referrals, casework, justice-record imports and evaluation runs (docs/api.md).",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "openlead.api.schema.add_problems",
    ],
}

# "Run linkage now" in the web app starts `openlead link-program --run` as its own process
# (a web worker never waits on Splink). The test settings use "inline": an in-memory
# SQLite database cannot be shared with another process.
OPENLEAD_LINKAGE_RUNNER = "subprocess"

# "Run the evaluation now" starts `openlead evaluate-program --run` the same way ("inline"
# in the test settings). Each run's aggregate outputs live in EVALUATION_DIR/<run id>/.
OPENLEAD_EVALUATION_RUNNER = "subprocess"
OPENLEAD_EVALUATION_DIR = CONFIG.data_dir / "evaluations"
