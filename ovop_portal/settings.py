"""Settings of the OVOP Portal, read from environment variables.

Every variable is listed with its default in README.md ("Settings"). The defaults are production's where safety
is at stake (DEBUG off, so SECRET_KEY is required, HTTPS and secure cookies), and a first run's otherwise: SQLite in
the project folder, files on local disk, e-mail printed to the console. scripts/demo.sh sets what a run on plain
HTTP needs; the tests' own settings are tests/settings.py.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless asked for: a server started without settings must not show tracebacks or run with a published key.
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"
# Rotating the key: the old key goes here (comma-separated) while the new one becomes SECRET_KEY, so that sessions,
# password-reset links and other signatures made with the old key stay valid until they expire (README, runbook).
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
# /healthz runs its checks (a database query, a probe file written to the storage) at most this often per process.
HEALTH_CHECK_SECONDS = float(os.environ.get("HEALTH_CHECK_SECONDS", "5"))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_guid",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "accounts",
    "audit",
    "nominations",
    "curation",
    "awards",
    "notifications",
    "reports",
    "reminders",
]

MIDDLEWARE = [
    "django_guid.middleware.guid_middleware",  # first, so that every later log line of the request carries its id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "curation.middleware.NoRoundInCurationMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.page_cache.WriteRequestMiddleware",
]

ROOT_URLCONF = "ovop_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread_notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "ovop_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,  # a connection that died (database restarted) is replaced, not reused
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's default random_page_cost (4) prices a random read as on a spinning disk; on SSDs or with the
    # data in memory, 1.1 is the usual setting, and with it the planner reads a province's nominations of a round
    # through the (round, regency, status) index instead of reading the whole round (East Java: 0.65 ms against
    # 6.5 ms, EXPLAIN ANALYZE on the benchmark database). Set per connection, so no server change is needed.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={os.environ.get('DATABASE_RANDOM_PAGE_COST', '1.1')}"
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite lets one writer at a time. By default a transaction starts as a reader and fails at once with
    # "database is locked" when it wants to write while another writes (SQLite cannot make it wait without risking
    # a deadlock), and the connection gives up after 5 s. So: every transaction takes the write lock when it
    # begins (IMMEDIATE), a writer waits up to DATABASE_SQLITE_TIMEOUT seconds for it, and the write-ahead log lets
    # pages be read while someone writes (synchronous=NORMAL is safe with WAL: a power cut may lose the last
    # commits, never corrupt the file).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("DATABASE_SQLITE_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions: in Redis when REDIS_URL is set (several app servers share them), else in the
# process's memory and the database (one server). Sessions are read from Redis and written through to the
# database, so a Redis restart or eviction logs nobody out (bench/two_servers.py empties Redis to check).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # django-redis keeps one client per connection pool; Django's own Redis backend builds a new client for
    # every cache call (three a request here: session, data generations, page), about 0.3 ms each.
    # If Redis cannot be reached the portal goes on without it (logged): sessions are read from the database
    # and every page is drawn afresh (bench/two_servers.py runs a server whose Redis is down).
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Rendered list, ranking and detail pages kept per visitor until any data changes (core/page_cache.py).
# Needs a cache shared by every process, so it is on by default only with REDIS_URL; 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "60" if REDIS_URL else "0"))

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while a user or an address is locked out
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# Failed logins (django-axes, accounts/lockout.py): after AXES_FAILURE_LIMIT failures a username is locked out at
# the address they came from, and after AXES_ADDRESS_FAILURE_LIMIT failures the address itself, whatever the
# usernames (many people share an address behind a load balancer or a NAT), both for AXES_COOLOFF_MINUTES.
# A successful login resets the count.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "50"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "accounts.lockout.PortalAxesHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"


def client_address_settings(proxy_count):
    """How django-axes finds the visitor's address (through django-ipware) behind `proxy_count` reverse proxies.

    Without a proxy it is the connection's address: a header would be the visitor's own word. Behind proxies
    that each append the address they received the request from to X-Forwarded-For (nginx, HAProxy, cloud
    load balancers), the visitor's address is the proxy_count-th entry from the right; entries further left are
    the visitor's own word too. django-ipware counts the proxies listed after the client in the header, which is
    one fewer than the proxies in front (the nearest is REMOTE_ADDR), and without strict mode it takes the entry
    at that place however many a visitor put in front of it.
    """
    if not proxy_count:
        return {"AXES_IPWARE_META_PRECEDENCE_ORDER": ("REMOTE_ADDR",), "AXES_IPWARE_PROXY_COUNT": None}
    return {
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
        "AXES_IPWARE_PROXY_COUNT": proxy_count - 1,
        "AXES_IPWARE_PROXY_ORDER": "left-most",
        "IPWARE_STRICT": False,
    }


globals().update(client_address_settings(int(os.environ.get("AXES_PROXY_COUNT", "0"))))
AXES_VERBOSE = False

# Two-factor sign-in (accounts/two_factor.py): the roles that must use it; everyone else may turn it on. A code is
# checked against the authenticator app's key (TOTP, 30-second steps) or is one of the user's recovery codes.
TWO_FACTOR_REQUIRED_ROLES = env_list("TWO_FACTOR_REQUIRED_ROLES", "ministry_admin")
if set(TWO_FACTOR_REQUIRED_ROLES) - {"officer", "team_member", "chair", "ministry_admin", "assessor"}:
    raise ImproperlyConfigured(
        "TWO_FACTOR_REQUIRED_ROLES takes officer, team_member, chair, ministry_admin and assessor, comma-separated."
    )
TWO_FACTOR_RECOVERY_CODES = int(os.environ.get("TWO_FACTOR_RECOVERY_CODES", "10"))
OTP_TOTP_ISSUER = os.environ.get("TWO_FACTOR_ISSUER", "OVOP Portal")

# Password reset e-mails (accounts/forms.py): at most this many an hour to one e-mail address, and requests answered
# from one network address; past either the page answers the same and sends nothing.
PASSWORD_RESET_PER_EMAIL_PER_HOUR = int(os.environ.get("PASSWORD_RESET_PER_EMAIL_PER_HOUR", "3"))
PASSWORD_RESET_PER_ADDRESS_PER_HOUR = int(os.environ.get("PASSWORD_RESET_PER_ADDRESS_PER_HOUR", "20"))
# Invitations (accounts/invitations.py): hours a link to set one's first password stays valid, and whether the chair
# of a province's team may invite members of their own province (otherwise only ministry admins invite).
INVITATION_VALID_HOURS = int(os.environ.get("INVITATION_VALID_HOURS", "72"))
TEAM_CHAIRS_MAY_INVITE = env_bool("TEAM_CHAIRS_MAY_INVITE", False)
# The public interest form (/ovop/): interests accepted per network address and per e-mail address per hour.
INTEREST_PER_ADDRESS_PER_HOUR = int(os.environ.get("INTEREST_PER_ADDRESS_PER_HOUR", "10"))
INTEREST_PER_EMAIL_PER_HOUR = int(os.environ.get("INTEREST_PER_EMAIL_PER_HOUR", "3"))

# Content Security Policy (django-csp): only the portal's own scripts, styles, images and forms.
# No inline <script> or style attribute is needed by the pages (Bootstrap's JavaScript sets styles through
# the DOM, which CSP allows).
MEDIA_ORIGIN = os.environ.get("MEDIA_ORIGIN", "")
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

if not DEBUG:
    # Production: HTTPS only, secure cookies, HSTS. Behind a TLS-terminating proxy set
    # SECURE_PROXY_SSL_HEADER by the X-Forwarded-Proto header (on by default here).
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
FORMAT_MODULE_PATH = ["core.formats"]  # English times on a 24-hour clock (core/formats/en)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    # Uploaded files live in an S3-compatible bucket; links are short-lived signed URLs.
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "300")),
            "file_overwrite": False,
        },
    }
else:
    DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
    }
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "OVOP Portal <no-reply@ovop.kemenperin.go.id>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's address as users reach it, for links in e-mails.
PORTAL_URL = os.environ.get("PORTAL_URL", "http://127.0.0.1:8000").rstrip("/")

if os.environ.get("EMAIL_FILE_PATH"):  # for EMAIL_BACKEND django.core.mail.backends.filebased.EmailBackend
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))  # seconds an SMTP call may hang before it is retried

# Task queue (ovop_portal/celery.py; README "Task queue and e-mail"). With a broker (Redis) a Celery worker sends the
# e-mails and `celery beat` runs the reminders; without one each task runs in the process that queued it, right after
# the transaction commits, and reminders come from `manage.py send_reminders` (cron).
CELERY_TASK_ALWAYS_EAGER = not os.environ.get("CELERY_BROKER_URL")
# In-process, Celery still builds a (never used) producer: kombu's in-memory transport, not an AMQP guess.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = False  # in-process, a failed e-mail is recorded; the page that queued it goes on
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-task leaves its message to another (sending is claimed once)
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "ovop")
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
# A message not acknowledged within this time is handed to another worker: longer than the longest retry delay.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * 60 * 60}
CELERY_TIMEZONE = "Asia/Jakarta"
CELERY_BEAT_SCHEDULE = {
    "send-reminders": {"task": "reminders.tasks.send_reminders", "schedule": 10 * 60},
    "requeue-stalled-email": {"task": "notifications.tasks.requeue_stalled", "schedule": 10 * 60},
}
# E-mails: retried after 1, 2, 4, 8, ... minutes (with jitter, at most an hour apart), then marked failed.
EMAIL_MAX_RETRIES = int(os.environ.get("EMAIL_MAX_RETRIES", "6"))
EMAIL_RETRY_BACKOFF = int(os.environ.get("EMAIL_RETRY_BACKOFF", "60"))
# An e-mail claimed by a worker that has not finished within this many minutes is queued again (the worker died).
EMAIL_STALLED_MINUTES = int(os.environ.get("EMAIL_STALLED_MINUTES", "15"))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_TAGS = {40: "danger"}  # messages.ERROR shows as Bootstrap's alert-danger

# What one request may carry at all (README, "Deploying at scale"). nginx in front refuses a body over its
# client_max_body_size (100 MB, deploy/front_proxy.py) before any worker sees it; each form then checks its own
# files (nominations/uploads.py: photos 5 MB, PDFs 10 MB, 10 photos a nomination).
# The form's fields other than files: the longest text is 10,000 characters, the widest id list a page of 50.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# A file over this goes to a temporary file, not the worker's memory: a phone photo (2 to 5 MB) is on disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Files in one request: a nomination's 10 photos (its most) and 10 documents in one save. More is refused with
# a page that says so (core.views.bad_request), before any file is read into a form.
DATA_UPLOAD_MAX_NUMBER_FILES = 20

# Each request has an id (django-guid): the proxy's X-Request-ID when it sends a valid one (a UUID, with or
# without dashes, as nginx's $request_id), else a new one; it is returned in the X-Request-ID response header
# and written on every log line of the request, so that a user's report, the proxy's log and the portal's meet.
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "VALIDATE_GUID": True, "RETURN_HEADER": True, "EXPOSE_HEADER": False}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.request_id.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
