"""Cegah's one settings module: every value comes from the environment, with safe defaults.

Every variable read here is listed in `.env.example` and explained in `docs/settings.md`.
`CEGAH_ENV` picks the profile: `development` (the default, what `make run` serves),
`test` (set by the test runner) or `production` (secrets required, HTTPS enforced,
messages really sent, MFA required for staff).
"""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from limits import parse as parse_rate
from whitenoise.compress import Compressor

from cegah.lib.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CEGAH_VAR_DIR", str(BASE_DIR / "var")))

CEGAH_ENV = env_choice("CEGAH_ENV", ("development", "test", "production"), "development")
PRODUCTION = CEGAH_ENV == "production"
TESTING = CEGAH_ENV == "test"

DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when CEGAH_ENV=production.")

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY is required when CEGAH_ENV=production.")
    SECRET_KEY = "insecure-development-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when CEGAH_ENV=production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks_db",
    "crontask",
    "cegah.core",
    "cegah.regions",
    "cegah.agencies",
    "cegah.gratification",
    "cegah.accounts",
    "cegah.api",
    "cegah.messaging",
    "cegah.audit",
    "cegah.complaints",
    "cegah.portal",
    "cegah.library",
    "cegah.factchecks",
    "cegah.search",
    "cegah.campaigns",
    "cegah.reach",
    "cegah.services",
    "cegah.offices",
    "cegah.integrity",
    "cegah.forum",
    "cegah.assistant",
    "cegah.chat",
    "cegah.privacy",
    "cegah.ops",
    "cegah.observability",
    # Wagtail: the editorial side (pages, news, images, documents, moderation, scheduling).
    # Before Wagtail: Indonesian for the admin strings Wagtail's own catalogue leaves out.
    "cegah.wagtail_id",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    # First, so its header reaches every answer, WhiteNoise's static files included.
    "cegah.core.headers.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The API's language comes from Accept-Language alone (no prefix, cookie or session).
    "cegah.api.middleware.ApiLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "cegah.accounts.middleware.RequireStaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cegah.reach.pageviews.PageViewMiddleware",
    # Site pages for the bare 405, 410 and 429 answers of HTML pages (not the API's).
    "cegah.core.errors.ErrorPageMiddleware",
    # Last: a cached page for an anonymous visitor skips routing, yet gets every header above.
    "cegah.core.caching.AnonymousPageCacheMiddleware",
]

ROOT_URLCONF = "cegah.urls"
WSGI_APPLICATION = "cegah.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cegah.core.context_processors.site",
            ],
        },
    },
]

# Databases: SQLite under var/ by default; DATABASE_URL=postgres://… for PostgreSQL.
_default_db = f"sqlite:///{VAR_DIR / 'cegah.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_db),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=20000;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_redis_url = env_str("REDIS_URL")
CACHES: dict[str, dict[str, Any]] = {
    "default": (
        # Reads miss and writes are skipped while Redis does not answer (cegah/core/cache.py).
        {"BACKEND": "cegah.core.cache.TolerantRedisCache", "LOCATION": _redis_url}
        if _redis_url
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Room for the shared pages, the page-cache versions and every signed-in person's
            # workspace entries: at Django's default of 300 entries, culling drops the
            # versions and the home page's blocks, and pages render afresh all the time.
            "OPTIONS": {"MAX_ENTRIES": env_int("LOCMEM_CACHE_MAX_ENTRIES", 20_000)},
        }
    )
}

TASKS = {
    "default": {
        "BACKEND": (
            "django.tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        ),
    }
}
if _redis_url:
    # What must not silently pass while Redis is down (single-use proofs of work) uses Redis
    # strictly: the request then answers 503 with Retry-After (cegah.core.errors).
    CACHES["strict"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": _redis_url,
    }
CRONTASK = {"REDIS_URL": _redis_url or None}
# The worker is considered down when its last heartbeat is older than this.
WORKER_HEARTBEAT_MAX_AGE = env_int("WORKER_HEARTBEAT_MAX_AGE", 180)
# This process's names in `/healthz` and the worker heartbeats: the host name unless the
# process manager names each web node and worker (`make cluster` does: web1, worker2, …).
NODE_NAME = env_str("NODE_NAME", socket.gethostname())
WORKER_NAME = env_str("WORKER_NAME", NODE_NAME)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 is deliberately slow; the suite hashes hundreds of passwords.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:workspace"
ACCOUNT_LOGOUT_REDIRECT_URL = "portal:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env_choice(
    "ACCOUNT_EMAIL_VERIFICATION",
    ("none", "optional", "mandatory"),
    "mandatory" if PRODUCTION else "optional",
)
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cegah] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cegah"
# Staff roles (anything beyond citizen and civil servant) must turn on TOTP before work.
MFA_REQUIRED_FOR_STAFF = env_bool("MFA_REQUIRED_FOR_STAFF", PRODUCTION)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# Wagtail: one page tree per language (id first), translated with wagtail-localize.
WAGTAIL_SITE_NAME = "Cegah"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Evidence and other files only views that check who asks may hand out: no URL serves this
# folder (keep it outside MEDIA_ROOT and STATIC_ROOT; `complaints.E001` checks).
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600
# Source maps (ninja's Swagger UI and ReDoc ship 5 MB of them) are only fetched by developer
# tools: compressing them doubled collectstatic's time (`make run`, CI's served check).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *Compressor.SKIP_COMPRESS_EXTENSIONS,
    "map",
)

# Outgoing messages: outside production they land in the outbox table, never with people.
if PRODUCTION:
    MAILERS = {
        "default": {
            "BACKEND": env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
            "OPTIONS": {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 587),
                "username": env_str("EMAIL_HOST_USER") or None,
                "password": env_str("EMAIL_HOST_PASSWORD") or None,
                "use_tls": env_bool("EMAIL_USE_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "cegah.messaging.backends.OutboxEmailBackend"}}
# Message channels (cegah.messaging.channels): WhatsApp Cloud API and Telegram bot. Their
# real adapters run only in production with credentials; otherwise messages land in the
# outbox table. MESSAGING_LIVE=true uses the real adapters outside production (staging).
MESSAGING_LIVE = env_bool("MESSAGING_LIVE", False)
MESSAGING_HTTP_TIMEOUT = env_int("MESSAGING_HTTP_TIMEOUT", 10)
WHATSAPP_TOKEN = env_str("WHATSAPP_TOKEN")
WHATSAPP_PHONE_NUMBER_ID = env_str("WHATSAPP_PHONE_NUMBER_ID")
WHATSAPP_API_BASE = env_str("WHATSAPP_API_BASE", "https://graph.facebook.com")
WHATSAPP_API_VERSION = env_str("WHATSAPP_API_VERSION", "v21.0")
WHATSAPP_TEMPLATE = env_str("WHATSAPP_TEMPLATE")
WHATSAPP_TEMPLATE_LANGUAGE = env_str("WHATSAPP_TEMPLATE_LANGUAGE", "id")
TELEGRAM_BOT_TOKEN = env_str("TELEGRAM_BOT_TOKEN")
TELEGRAM_API_BASE = env_str("TELEGRAM_API_BASE", "https://api.telegram.org")
# The bot's @username (without "@"): participants' pages link to it so they can start the
# bot; empty hides the link. The webhook /telegram/webhook/ accepts only updates carrying
# TELEGRAM_WEBHOOK_SECRET (given to setWebhook); empty turns the webhook off.
TELEGRAM_BOT_USERNAME = env_str("TELEGRAM_BOT_USERNAME").lstrip("@")
TELEGRAM_WEBHOOK_SECRET = env_str("TELEGRAM_WEBHOOK_SECRET")
# Send rates per channel, as `limits` parses them.
MESSAGING_RATES = {
    "email": env_str("MESSAGING_RATE_EMAIL", "10/second"),
    "whatsapp": env_str("MESSAGING_RATE_WHATSAPP", "20/second"),
    "telegram": env_str("MESSAGING_RATE_TELEGRAM", "25/second"),
}
# Campaign reminders (cegah.campaigns.reminders): participants per background job.
CAMPAIGN_REMINDER_CHUNK = env_int("CAMPAIGN_REMINDER_CHUNK", 500)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cegah <noreply@cegah.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Content Security Policy (Django's own): no inline script without the nonce, no CDN.
SECURE_CSP: dict[str, list[str]] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Browser features no page uses are refused to every page and to anything embedded in it
# (`cegah.core.headers`: Django has no setting for this header). Fullscreen stays for the
# library's videos; nothing asks for the location (grep `geolocation` before allowing it).
# Only features Chromium knows are listed (it logs an error for others, such as the retired
# `interest-cohort`, whose successor is `browsing-topics`).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "accelerometer": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "fullscreen": ["self"],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", PRODUCTION)
# A refused form gets the site's 403 page with a plain explanation, not Django's.
CSRF_FAILURE_VIEW = "cegah.core.errors.csrf_failure"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies of our own stand in front of the application: the client's address
# is then taken from X-Forwarded-For (`cegah.lib.clientip`), for rate limits and click counts.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

ADMINS = env_list("ADMIN_EMAILS")

# Who runs this deployment: every page's footer, and the data controller in the privacy
# notice. Outside production the defaults are marked demonstration values; in production
# they start empty and the deploy check `cegah.W010` warns until each is set.
OPERATOR_NAME = env_str("OPERATOR_NAME", "" if PRODUCTION else "Pengelola Cegah (contoh)")
OPERATOR_ADDRESS = env_str(
    "OPERATOR_ADDRESS", "" if PRODUCTION else "Jl. Contoh No. 1, Jakarta 10110 (alamat contoh)"
)
OPERATOR_EMAIL = env_str("OPERATOR_EMAIL", "" if PRODUCTION else "kontak@cegah.example")
OPERATOR_PHONE = env_str("OPERATOR_PHONE", "" if PRODUCTION else "+62 21 0000 0000")
OPERATOR_HOTLINE = env_str("OPERATOR_HOTLINE", "" if PRODUCTION else "+62 800 0000 000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "apscheduler": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}


def _rate(name: str, default: str) -> str:
    """A rate limit such as `10/hour` or `30/minute`; anything unparsable stops start-up."""
    value = env_str(name, default).strip()
    try:
        parse_rate(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not a rate such as 10/hour.") from exc
    return value


# Per-client limits on the public complaint form, receipt emails and the API (per process).
# The form counts complaints sent, never forms refused for a mistake (decision 0010).
COMPLAINTS_SUBMIT_RATE = _rate("COMPLAINTS_SUBMIT_RATE", "10/hour")
COMPLAINTS_LOOKUP_RATE = _rate("COMPLAINTS_LOOKUP_RATE", "30/minute")
# Complaints sent from the form without the ALTCHA proof of work (no JavaScript) count
# against this limit too, instead of being refused (cegah/lib/altcha.py). 10 an hour, not
# 3, so a family's or a school's shared address is not shut out (decision 0010).
COMPLAINTS_UNPROVEN_RATE = _rate("COMPLAINTS_UNPROVEN_RATE", "10/hour")
# Fact-checks (cegah.factchecks): per-client limit on suspicious messages sent (per process).
FACTCHECKS_SUBMIT_RATE = _rate("FACTCHECKS_SUBMIT_RATE", "10/hour")


def _decree_number(name: str, default: str) -> str:
    """A decree number pattern: {seq} (the year's running number per issuer, e.g. {seq:04d}),
    {year}, {month} or {month_roman}; anything else stops start-up."""
    value = env_str(name, default).strip()
    try:
        first, second = (
            value.format(seq=seq, year=2026, month=11, month_roman="XI") for seq in (1, 2)
        )
    except (KeyError, IndexError, ValueError) as exc:
        raise ImproperlyConfigured(
            f"{name}={value!r} may only use {{seq}}, {{year}}, {{month}} and {{month_roman}}."
        ) from exc
    if first == second:
        raise ImproperlyConfigured(f"{name}={value!r} must contain {{seq}}.")
    return value


# Gratification decision letters (cegah.gratification.decree): the number pattern of each
# body that may sign one (PerKPK 1/2026 lets the signatory depend on the reporter's position),
# and where they are issued.
GRATIFICATION_DECREE_NUMBER_FORMATS = {
    "pimpinan": _decree_number(
        "GRATIFICATION_DECREE_NUMBER_PIMPINAN", "KEP-{seq:04d}/01-GTF/{month_roman}/{year}"
    ),
    "deputi": _decree_number(
        "GRATIFICATION_DECREE_NUMBER_DEPUTI", "KEP-{seq:04d}/10-GTF/{month_roman}/{year}"
    ),
    "direktur": _decree_number(
        "GRATIFICATION_DECREE_NUMBER_DIREKTUR", "KEP-{seq:04d}/13-GTF/{month_roman}/{year}"
    ),
}
GRATIFICATION_DECREE_PLACE = env_str("GRATIFICATION_DECREE_PLACE", "Jakarta")
# ALTCHA: challenges are signed with a key derived from SECRET_KEY; a browser tries up to
# this many numbers (about a second on a cheap phone), and a challenge lives 20 minutes.
ALTCHA_HMAC_KEY = hashlib.sha256(f"altcha:{SECRET_KEY}".encode()).hexdigest()
ALTCHA_MAX_NUMBER = env_int("ALTCHA_MAX_NUMBER", 100_000)
ALTCHA_CHALLENGE_EXPIRE = 20 * 60 * 1000
# Used proofs are remembered in Redis, strictly, when there is one: shared by every node.
ALTCHA_CACHE_ALIAS = "strict" if "strict" in CACHES else "default"
# django-altcha's widget resolves its script through the static storage: point it at the one
# copy we vendor (the CSP-safe build, docs/decisions/0007-altcha-one-vendored-script.md); the
# package's own files are never collected. Its texts come from the `strings` option instead
# of a translations bundle.
ALTCHA_JS_URL = "vendor/altcha/altcha.js"
ALTCHA_JS_TRANSLATIONS_URL = ""
ALTCHA_INCLUDE_TRANSLATIONS = False

# The site's own page views (cegah.reach.pageviews): counted without cookies or IPs, kept in
# each web process's memory and added to the database at most this often.
PAGEVIEWS_ENABLED = env_bool("PAGEVIEWS_ENABLED", not TESTING)
PAGEVIEWS_FLUSH_SECONDS = env_int("PAGEVIEWS_FLUSH_SECONDS", 0 if TESTING else 30)

NINJA_PAGINATION_PER_PAGE = 50
# The API's page and page-size limits are declared in its schema (`cegah/api/params.py`).

# Content library (cegah.library): pictures (Wagtail images and renditions), videos and
# poster PDFs go to the `default` storage: MEDIA_ROOT by default. MEDIA_STORAGE=s3 sends
# them to S3-compatible object storage (AWS S3, MinIO, Ceph, …) through django-storages
# (installed with the runtime requirements); complaint evidence stays in
# STORAGES["private"] on disk either way.
MEDIA_STORAGE = env_choice("MEDIA_STORAGE", ("local", "s3"), "local")
if MEDIA_STORAGE == "s3":
    try:
        import storages  # noqa: F401
    except ImportError as exc:
        raise ImproperlyConfigured(
            'MEDIA_STORAGE=s3 needs django-storages: pip install "django-storages[s3]".'
        ) from exc
    if not env_str("S3_BUCKET"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET.")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID") or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": env_str("S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,  # public materials: plain, cacheable addresses
            "file_overwrite": False,
        },
    }
    # Pages show pictures and videos from the bucket's public address.
    _media_origin = (
        f"https://{env_str('S3_CUSTOM_DOMAIN')}"
        if env_str("S3_CUSTOM_DOMAIN")
        else env_str("S3_ENDPOINT_URL", "https://s3.amazonaws.com")
    )
    SECURE_CSP["img-src"] = [*SECURE_CSP["img-src"], _media_origin]
    SECURE_CSP["media-src"] = [CSP.SELF, _media_origin]

# --- forum ---
# Discussion (cegah.forum): moderation thresholds, posting limits and the answer deadline.
# Distinct people's flags that hide a post at once and put it in the moderation queue.
FORUM_HIDE_AFTER_FLAGS = env_int("FORUM_HIDE_AFTER_FLAGS", 3)
# Posts (threads and replies) one person may write, as `limits` parses them; counted in
# Redis when REDIS_URL is set, per process otherwise.
FORUM_POST_RATE = env_str("FORUM_POST_RATE", "10/hour;30/day")
# Hours a new account waits before its first post (agency staff are exempt).
FORUM_NEW_ACCOUNT_HOURS = env_int("FORUM_NEW_ACCOUNT_HOURS", 24)
# A moderator is emailed when their queue grows past this many posts (at most once a day).
FORUM_QUEUE_ALERT_SIZE = env_int("FORUM_QUEUE_ALERT_SIZE", 20)
# Working days the agency concerned has to answer a question officially.
FORUM_ANSWER_DEADLINE_WORKDAYS = env_int("FORUM_ANSWER_DEADLINE_WORKDAYS", 5)

# --- assistant ---
# The knowledge base and its question answering (cegah.assistant, docs/decisions/0019).
# Below this confidence (percent, 0–100) the assistant does not answer and hands over to the
# forum, a complaint or a contact; calibrated on the question set (bench/README.md).
ASSISTANT_MIN_CONFIDENCE = env_int("ASSISTANT_MIN_CONFIDENCE_PERCENT", 43) / 100
if not 0 <= ASSISTANT_MIN_CONFIDENCE <= 1:
    raise ImproperlyConfigured("ASSISTANT_MIN_CONFIDENCE_PERCENT must be between 0 and 100.")
# Longest question the API and the ask form accept (characters).
ASSISTANT_MAX_QUESTION_CHARS = env_int("ASSISTANT_MAX_QUESTION_CHARS", 500)
# Questions one client may ask the public API, as `limits` parses them.
ASSISTANT_ASK_RATE = _rate("ASSISTANT_ASK_RATE", "30/minute")
# Where "contact KPK" points when the assistant hands over.
ASSISTANT_CONTACT_URL = env_str("ASSISTANT_CONTACT_URL", "https://www.kpk.go.id/id/kontak-kami")
# Unanswered-question aggregates not asked again for this many days are deleted.
ASSISTANT_UNANSWERED_RETENTION_DAYS = env_int("ASSISTANT_UNANSWERED_RETENTION_DAYS", 365)

# --- chat ---
# Tanya Cegah conversations (cegah.chat): the web page /tanya/, the Telegram bot and the
# WhatsApp webhook /hooks/whatsapp. Conversations, their state and the sender's chat id or
# phone number are deleted this many days after the last message (the nightly purge).
CHAT_RETENTION_DAYS = env_int("CHAT_RETENTION_DAYS", 30)
if CHAT_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("CHAT_RETENTION_DAYS must be at least 1.")


def _chat_rates(name: str, default: str) -> str:
    """One or more rates separated by `;` (`20/minute;300/day`); unparsable stops start-up."""
    from limits import parse_many

    value = env_str(name, default).strip()
    try:
        parse_many(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not a rate such as 20/minute.") from exc
    return value


# Messages one sender (web session, Telegram chat, WhatsApp number) may send; the web also
# counts per client address. Counted in Redis when REDIS_URL is set.
CHAT_SENDER_RATE = _chat_rates("CHAT_SENDER_RATE", "20/minute;300/day")
CHAT_ADDRESS_RATE = _chat_rates("CHAT_ADDRESS_RATE", "60/minute;1000/day")
# Whether ordinary messages to the Telegram bot go to the assistant (off: the bot only links
# chats for reminders). Off in the test profile so other apps' bot tests see no replies.
CHAT_TELEGRAM_ENABLED = env_bool("CHAT_TELEGRAM_ENABLED", not TESTING)
# WhatsApp Cloud API webhook: the verify token typed in Meta's app dashboard (GET handshake)
# and the app secret that signs each POST (X-Hub-Signature-256). Empty turns the webhook off.
WHATSAPP_VERIFY_TOKEN = env_str("WHATSAPP_VERIFY_TOKEN")
WHATSAPP_APP_SECRET = env_str("WHATSAPP_APP_SECRET")

# --- observability ---
# Prometheus metrics at /metrics and structured logs (cegah.observability, docs/decisions/0025).
# PROMETHEUS_MULTIPROC_DIR (read by prometheus_client itself, not here) switches on the
# multiprocess mode: the serve and cluster commands set it to a directory per node and empty
# it at start. /metrics answers clients inside these networks (as cegah.lib.clientip makes
# out the client), or any client sending `Authorization: Bearer <METRICS_TOKEN>`; else 404.
METRICS_ALLOWED_NETWORKS = env_list(
    "METRICS_ALLOWED_NETWORKS",
    ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
)
try:
    import ipaddress as _ipaddress

    for _network in METRICS_ALLOWED_NETWORKS:
        _ipaddress.ip_network(_network, strict=False)
except ValueError as exc:
    raise ImproperlyConfigured(
        f"METRICS_ALLOWED_NETWORKS has {_network!r}, not a network such as 10.0.0.0/8."
    ) from exc
METRICS_TOKEN = env_str("METRICS_TOKEN")
# Seconds a process keeps the gauges it read from the database (queues, deadlines, heartbeats).
METRICS_CACHE_SECONDS = env_int("METRICS_CACHE_SECONDS", 15)
# Console logs: `plain` lines, or `json` (one object a line, for a log collector).
LOG_FORMAT = env_choice("LOG_FORMAT", ("plain", "json"), "json" if PRODUCTION else "plain")
# One log line per request (view, status, duration; never the path or the query).
LOG_REQUESTS = env_bool("LOG_REQUESTS", PRODUCTION)
# First, so it times the whole stack and every answer carries the request id.
MIDDLEWARE.insert(0, "cegah.observability.middleware.ObservabilityMiddleware")
LOGGING["filters"] = {
    "personal_data": {"()": "cegah.observability.logs.PersonalDataFilter"},
    "request_context": {"()": "cegah.observability.logs.RequestContextFilter"},
}
LOGGING["formatters"] = {
    "plain": {
        "()": "cegah.observability.logs.PlainFormatter",
        "format": "%(asctime)s %(levelname)s %(name)s: %(message)s",
    },
    "json": {"()": "cegah.observability.logs.JsonFormatter"},
}
LOGGING["handlers"] = {
    "console": {
        "class": "logging.StreamHandler",
        "formatter": LOG_FORMAT,
        "filters": ["request_context", "personal_data"],
    }
}

# --- privacy ---
# Retention periods of personal data (cegah.privacy, docs/privacy.md). Messages in the outbox
# (the sink outside production) are deleted after this many days.
PRIVACY_OUTBOX_RETENTION_DAYS = env_int("PRIVACY_OUTBOX_RETENTION_DAYS", 30)
# A closed complaint's reporter identity (name, email, phone, account link) is blanked this
# many years after the complaint's last change; the complaint itself stays.
PRIVACY_COMPLAINT_IDENTITY_YEARS = env_int("PRIVACY_COMPLAINT_IDENTITY_YEARS", 5)
# Campaign participants' phone, email and Telegram chat are blanked this many days after the
# campaign's last day (name, NIP and confirmations stay in the campaign's report).
PRIVACY_PARTICIPANT_CONTACT_DAYS = env_int("PRIVACY_PARTICIPANT_CONTACT_DAYS", 90)
# Access-log entries are deleted this many years after they were written.
PRIVACY_ACCESS_LOG_YEARS = env_int("PRIVACY_ACCESS_LOG_YEARS", 5)
for _name in (
    "PRIVACY_OUTBOX_RETENTION_DAYS",
    "PRIVACY_COMPLAINT_IDENTITY_YEARS",
    "PRIVACY_PARTICIPANT_CONTACT_DAYS",
    "PRIVACY_ACCESS_LOG_YEARS",
):
    if globals()[_name] < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1.")

# --- ops: backups ---
# `manage.py backup` and `manage.py restore` (cegah.ops, docs/operations.md). Where a backup
# goes without --to: a directory, or s3://bucket/prefix. A set holds personal data: keep the
# target apart from the servers it protects, and never next to the keys (FIELD_ENCRYPTION_KEYS,
# SECRET_KEY), which are not in any backup.
BACKUP_TARGET = env_str("BACKUP_TARGET", str(VAR_DIR / "backups"))
# The S3 (or MinIO, Ceph, …) account for s3:// targets; each falls back to the media's S3_*
# value, and empty keys fall back to boto3's own chain (instance role, AWS_* variables).
BACKUP_S3_ENDPOINT_URL = env_str("BACKUP_S3_ENDPOINT_URL", env_str("S3_ENDPOINT_URL"))
BACKUP_S3_REGION = env_str("BACKUP_S3_REGION", env_str("S3_REGION"))
BACKUP_S3_ACCESS_KEY_ID = env_str("BACKUP_S3_ACCESS_KEY_ID", env_str("S3_ACCESS_KEY_ID"))
BACKUP_S3_SECRET_ACCESS_KEY = env_str(
    "BACKUP_S3_SECRET_ACCESS_KEY", env_str("S3_SECRET_ACCESS_KEY")
)
# Server-side encryption asked of the bucket for each object (`AES256` or `aws:kms`); empty
# asks for none (the bucket's default applies).
BACKUP_S3_SERVER_SIDE_ENCRYPTION = env_choice(
    "BACKUP_S3_SERVER_SIDE_ENCRYPTION", ("", "aes256", "aws:kms"), ""
)
# Where a set bound for S3, or fetched from it, is assembled first (needs room for a whole
# set); empty: the system's temporary directory.
BACKUP_WORK_DIR = env_str("BACKUP_WORK_DIR")
# The directory holding pg_dump and pg_restore; empty: the newest /usr/lib/postgresql/*/bin,
# else the PATH.
BACKUP_PG_BIN_DIR = env_str("BACKUP_PG_BIN_DIR")

# --- encryption at rest ---
# Personal data in complaints, gratification reports, campaign participants and accounts is
# stored encrypted (cegah.lib.encryption, docs/decisions/0022). FIELD_ENCRYPTION_KEYS: Fernet
# keys separated by commas; the first encrypts, all decrypt (rotation: put the new key first,
# run `manage.py rotate_encryption_keys`, then remove the old one). FIELD_HASH_KEY: the HMAC
# key of the blind indexes that let rows be found by phone or email. Both are required in
# production; elsewhere they are derived from SECRET_KEY. Keep them apart from the backups.
from cegah.lib.encryption import (  # noqa: E402 -- this block is appended to the settings
    development_encryption_key,
    development_hash_key,
    parse_keys,
)

FIELD_ENCRYPTION_KEYS = parse_keys("FIELD_ENCRYPTION_KEYS", env_list("FIELD_ENCRYPTION_KEYS"))
if not FIELD_ENCRYPTION_KEYS:
    if PRODUCTION:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is required when CEGAH_ENV=production.")
    FIELD_ENCRYPTION_KEYS = [development_encryption_key(SECRET_KEY)]
FIELD_HASH_KEY = env_str("FIELD_HASH_KEY").strip()
if not FIELD_HASH_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("FIELD_HASH_KEY is required when CEGAH_ENV=production.")
    FIELD_HASH_KEY = development_hash_key(SECRET_KEY)
elif len(FIELD_HASH_KEY) < 32:
    raise ImproperlyConfigured("FIELD_HASH_KEY must be at least 32 characters long.")

# --- accounts: login throttling, lockout and sessions ---
# allauth counts attempts in the Django cache (Redis when REDIS_URL is set, so every web node
# shares one count). Each value is allauth's rate syntax: `amount/period/per`, several joined
# by commas, period like `30s`, `m`, `15m`, `h`, `d`; per is `ip`, `key` (the email typed)
# or `user` (docs/security.md). An unparsable value stops start-up.
import re as _re  # noqa: E402 -- this block is appended to the settings

_ALLAUTH_RATE = _re.compile(r"^\d+/(\d+(\.\d+)?)?[smhd](/(ip|key|user))?$")


def _allauth_rates(name: str, default: str) -> str:
    """Rates in allauth's syntax (`20/m/ip,5/h/key`); anything else stops start-up."""
    value = env_str(name, default).strip()
    if not all(_ALLAUTH_RATE.match(part.strip()) for part in value.split(",")):
        raise ImproperlyConfigured(f"{name}={value!r} is not a rate such as 20/m/ip,5/h/key.")
    return value


# Lockout: after this many failed sign-ins to one account (from any address) within the
# window, the account cannot sign in for the rest of the window, even with the right password.
# Two-factor codes and re-entered passwords count against the same per-account limit; a
# password reset lifts the lock.
LOGIN_LOCKOUT_ATTEMPTS = env_int("LOGIN_LOCKOUT_ATTEMPTS", 5)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15)
if LOGIN_LOCKOUT_ATTEMPTS < 1 or LOGIN_LOCKOUT_MINUTES < 1:
    raise ImproperlyConfigured("LOGIN_LOCKOUT_ATTEMPTS and LOGIN_LOCKOUT_MINUTES must be >= 1.")
ACCOUNT_ADAPTER = "cegah.accounts.adapter.AccountAdapter"
# TOTP secrets and recovery-code seeds encrypted with FIELD_ENCRYPTION_KEYS.
MFA_ADAPTER = "cegah.accounts.adapter.MFAAdapter"
ACCOUNT_RATE_LIMITS = {
    # Every sign-in form sent from one address (a flood is answered 429).
    "login": _allauth_rates("ACCOUNT_RATE_LOGIN", "30/m/ip"),
    # Failed sign-ins (and two-factor codes) from one address across accounts, plus the lockout.
    "login_failed": (
        _allauth_rates("ACCOUNT_RATE_LOGIN_FAILED_IP", "20/m/ip")
        + f",{LOGIN_LOCKOUT_ATTEMPTS}/{LOGIN_LOCKOUT_MINUTES}m/key"
    ),
    "signup": _allauth_rates("ACCOUNT_RATE_SIGNUP", "20/m/ip"),
    "reset_password": _allauth_rates("ACCOUNT_RATE_RESET_PASSWORD", "20/m/ip,5/h/key"),
    "reset_password_from_key": _allauth_rates("ACCOUNT_RATE_RESET_PASSWORD_FROM_KEY", "20/m/ip"),
    "confirm_email": _allauth_rates("ACCOUNT_RATE_CONFIRM_EMAIL", "1/3m/key"),
    "reauthenticate": _allauth_rates("ACCOUNT_RATE_REAUTHENTICATE", "10/m/user"),
    "change_password": _allauth_rates("ACCOUNT_RATE_CHANGE_PASSWORD", "5/m/user"),
    "manage_email": _allauth_rates("ACCOUNT_RATE_MANAGE_EMAIL", "10/m/user"),
}
# Email the person when their password, email address or second factor changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# "Sign out my other sessions" (allauth's user sessions, /akun/sessions/).
INSTALLED_APPS.append("allauth.usersessions")
MIDDLEWARE.insert(
    MIDDLEWARE.index("cegah.accounts.middleware.RequireStaffMFAMiddleware") + 1,
    "cegah.accounts.middleware.StaffSessionMiddleware",
)
# The Django admin's and Wagtail's own password forms would skip the lockout and the second
# factor: they lead to allauth's sign-in page instead.
MIDDLEWARE.insert(
    MIDDLEWARE.index("cegah.accounts.middleware.RequireStaffMFAMiddleware"),
    "cegah.accounts.middleware.LoginThroughAllauthMiddleware",
)
# Staff (the roles that need MFA) are signed out after this many idle minutes, and after this
# many hours whatever they do; 0 turns either off. Citizens keep Django's session age. Off in
# the test profile, whose tests move the clock by days with a staff member signed in.
STAFF_SESSION_IDLE_MINUTES = env_int("STAFF_SESSION_IDLE_MINUTES", 0 if TESTING else 30)
STAFF_SESSION_MAX_HOURS = env_int("STAFF_SESSION_MAX_HOURS", 0 if TESTING else 12)
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE_DAYS", 14) * 24 * 3600
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script reads the token from the cookie; forms carry it
# Over HTTPS the cookies get the `__Host-` prefix: the browser then refuses them unless they
# are Secure, for the whole site and not set by a subdomain.
if SESSION_COOKIE_SECURE:
    SESSION_COOKIE_NAME = "__Host-sessionid"
if CSRF_COOKIE_SECURE:
    CSRF_COOKIE_NAME = "__Host-csrftoken"
# Passwords: at least this many characters (OWASP ASVS 2.1.1 asks for 12); no upper limit
# below Django's own, no composition rules; common and numeric-only passwords are refused.
PASSWORD_MIN_LENGTH = env_int("PASSWORD_MIN_LENGTH", 12)
for _validator in AUTH_PASSWORD_VALIDATORS:
    if _validator["NAME"].endswith(".MinimumLengthValidator"):
        _options: dict[str, Any] = {"OPTIONS": {"min_length": PASSWORD_MIN_LENGTH}}
        _validator.update(_options)

# --- work queues at campaign scale ---
# Campaign reminders (cegah.campaigns.reminders): a send job holds its claimed rows for this
# many seconds (extended while it works); after that, a worker is presumed dead and the
# planner's next run queues its rows again.
CAMPAIGN_REMINDER_LEASE = env_int("CAMPAIGN_REMINDER_LEASE", 300)
# Queued reminders that no job has claimed after this many seconds are presumed lost (a worker
# died between taking the job and claiming its rows) and queued again; keep it above the
# longest time a reminder job waits in the queue on a campaign day.
CAMPAIGN_REMINDER_REQUEUE_AFTER = env_int("CAMPAIGN_REMINDER_REQUEUE_AFTER", 1800)
# The task queue: "db" (django-tasks-db, the default: tasks commit with the data, SKIP
# LOCKED on PostgreSQL) or "rq" (django-tasks-rq on Redis; workers run `manage.py rqworker
# --job-class django_tasks_rq.Job default`; needs django-tasks-rq installed). Tests keep the
# immediate backend. See docs/decisions/0021-work-queue-at-campaign-scale.md.
TASKS_QUEUE = env_choice("TASKS_QUEUE", ("db", "rq"), "db")
TASKS_RQ_URL = env_str("TASKS_RQ_URL", _redis_url)
if TASKS_QUEUE == "rq" and not TESTING:
    if not TASKS_RQ_URL:
        raise ImproperlyConfigured("TASKS_QUEUE=rq needs TASKS_RQ_URL or REDIS_URL.")
    # django-tasks-rq's queue list; TASKS was typed with string values above.
    _rq_tasks: dict[str, Any] = {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}
    TASKS["default"] = _rq_tasks
    RQ_QUEUES = {"default": {"URL": TASKS_RQ_URL}}
    INSTALLED_APPS.append("django_rq")
