"""SocialTrend settings: every value comes from the environment, in one place.

With no environment at all the project runs on the embedded default (SQLite
under var/, local-memory cache, a server-less Celery transport), so that
`make run` works on a bare machine. `DATABASE_URL`, `REDIS_URL` and
`CELERY_BROKER_URL` switch to the real services. `.env.example` documents each
variable.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

import networks
from socialtrend.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DJANGO_DEBUG", default=False)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "corsheaders",
    "django_celery_beat",
    "accounts",
    "networks.sandbox",
    "posts",
    "trends",
    "captions",
    "webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "socialtrend.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "socialtrend.urls"
WSGI_APPLICATION = "socialtrend.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

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

# --- Database ---------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
EMBEDDED_MODE = not DATABASE_URL
if EMBEDDED_MODE:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'socialtrend.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one file: WAL lets readers run beside the
    # writer, IMMEDIATE makes writers queue instead of failing with "locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A development key is acceptable only on the embedded SQLite default or with
# DEBUG on; a deployment (DATABASE_URL set, DEBUG off) refuses to start without
# a real one.
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or EMBEDDED_MODE):
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DATABASE_URL is set and DJANGO_DEBUG=0")
    SECRET_KEY = "django-insecure-development-only-key-never-use-it-in-production"  # noqa: S105 - dev/embedded only

# --- Cache (also backs throttling) ------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "socialtrend"),
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery -------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
CELERY_BROKER_DIR = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Kombu's filesystem transport: a folder of message files that the web,
    # worker and beat processes of one machine share. No server needed.
    for folder in ("queue", "processed", "control"):
        (CELERY_BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_BROKER_CONNECTION_TIMEOUT = env_float("CELERY_BROKER_CONNECTION_TIMEOUT", 3.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Project-level tasks; apps' tasks.py modules are autodiscovered.
CELERY_IMPORTS = ["socialtrend.tasks"]
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
# One queue name for tasks with no explicit queue; tests give their workers a queue of their own.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# The dispatcher and the reaper have a queue of their own (routes in the posts
# section), so a tick is not queued behind a backlog of publish messages; it
# still needs a free task thread. Workers consume both queues unless started
# with -Q; then name both (or run a worker for the schedule queue alone).
CELERY_SCHEDULE_QUEUE = f"{CELERY_TASK_DEFAULT_QUEUE}.schedule"
CELERY_TASK_QUEUES = [Queue(CELERY_TASK_DEFAULT_QUEUE), Queue(CELERY_SCHEDULE_QUEUE)]
CELERY_RESULT_BACKEND = None
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 150)
CELERY_WORKER_PREFETCH_MULTIPLIER = env_int("CELERY_WORKER_PREFETCH_MULTIPLIER", 4)
# Without this, Celery's Django fixup closes every database connection around
# each task: a new PostgreSQL connection (a forked backend) per task. With it,
# connections are kept, and Django's per-request rule (CONN_MAX_AGE, health
# checks) decides when to drop one, applied around each task (socialtrend/celery.py).
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 1000)
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Entries are added by each app's section below; the database scheduler
# copies them into django-celery-beat's tables, where admins can tune them.
CELERY_BEAT_SCHEDULE: dict = {}

# --- Auth and passwords ------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env_int("JWT_REFRESH_DAYS", 7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
}

# Fernet keys for tokens and secrets at rest, comma-separated, newest first
# (MultiFernet: old keys still decrypt while rows are re-encrypted).
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEY")

# --- REST API -----------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "socialtrend.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "EXCEPTION_HANDLER": "socialtrend.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "socialtrend.api.throttling.UserRateThrottle",
        "socialtrend.api.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env_str("THROTTLE_USER_RATE", "600/min"),
        "anon": env_str("THROTTLE_ANON_RATE", "120/min"),
        "auth": env_str("THROTTLE_AUTH_RATE", "10/min"),
    },
    "NUM_PROXIES": env_int("NUM_PROXIES", 0) if env_str("NUM_PROXIES") else None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 1024 * 1024)
API_MAX_UPLOAD_BYTES = env_int("API_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES

SPECTACULAR_SETTINGS = {
    "TITLE": "SocialTrend API",
    "DESCRIPTION": "Plan, write and publish social-media posts. Errors share one shape: "
    '`{"detail": "...", "errors": {"field": ["message"]}}`.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {},
}

CORS_ALLOWED_ORIGINS = env_list(
    "CORS_ALLOWED_ORIGINS",
    ["http://localhost:5173", "http://127.0.0.1:5173"] if DEBUG else [],
)
CORS_URLS_REGEX = r"^/api/.*$"

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media files ---------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or VAR_DIR / "static")
STATICFILES_DIRS = [d for d in [BASE_DIR / "frontend" / "dist"] if d.is_dir()]
# Vite's manifest names the SPA's entry script and CSS for the HTML shell (socialtrend/spa.py).
SPA_MANIFEST = BASE_DIR / "frontend" / "dist" / ".vite" / "manifest.json"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", default=not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Security (production) ----------------------------------------------------
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SILENCED_SYSTEM_CHECKS = ["security.W021"] if not SECURE_HSTS_PRELOAD else []

# --- Logging -----------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Demo ------------------------------------------------------------------
DEMO_USER_EMAIL = env_str("DEMO_USER_EMAIL", "demo@socialtrend.local")
DEMO_USER_PASSWORD = env_str("DEMO_USER_PASSWORD", "socialtrend-demo")

# --- Posts and publishing (pipeline issue) ------------------------------------
# The dispatcher claims due deliveries every PUBLISH_DISPATCH_INTERVAL seconds,
# at most PUBLISH_DISPATCH_BATCH per network per tick, and never more than the
# network's cap in flight (queued + publishing) at once.
PUBLISH_DISPATCH_INTERVAL = env_float("PUBLISH_DISPATCH_INTERVAL", 1.0)
PUBLISH_DISPATCH_BATCH = env_int("PUBLISH_DISPATCH_BATCH", 1000)
PUBLISH_CONCURRENCY = {spec.name: spec.concurrency for spec in networks.publishing_specs()}
# Overrides as "network:cap" pairs, e.g. "x:50,reddit:1".
for _pair in env_list("PUBLISH_CONCURRENCY"):
    _network, _, _cap = _pair.partition(":")
    if _network.strip() not in PUBLISH_CONCURRENCY or not _cap.strip().isdigit():
        raise ImproperlyConfigured(f'PUBLISH_CONCURRENCY wants "network:cap" pairs of known networks, got {_pair!r}')
    PUBLISH_CONCURRENCY[_network.strip()] = int(_cap)
# A publish message carries up to PUBLISH_MESSAGE_BATCH deliveries of one tick;
# each worker process makes up to PUBLISH_CALL_THREADS network calls at once
# (the sandbox network also holds a database connection per call thread).
PUBLISH_MESSAGE_BATCH = env_int("PUBLISH_MESSAGE_BATCH", 32)
PUBLISH_CALL_THREADS = env_int("PUBLISH_CALL_THREADS", 32)
# How long a publish task waits for its calls; a call still running then records
# its own outcome. Below the soft time limit, which the prefork pool enforces.
PUBLISH_CALL_WAIT = env_float("PUBLISH_CALL_WAIT", CELERY_TASK_SOFT_TIME_LIMIT - 5)
if not 0 < PUBLISH_CALL_WAIT < CELERY_TASK_SOFT_TIME_LIMIT:
    raise ImproperlyConfigured("PUBLISH_CALL_WAIT must be positive and below CELERY_TASK_SOFT_TIME_LIMIT")
PUBLISH_MAX_ATTEMPTS = env_int("PUBLISH_MAX_ATTEMPTS", 5)
# Exponential backoff between retryable failures: base * 2^(attempt-1), capped, with jitter.
PUBLISH_RETRY_BASE_SECONDS = env_float("PUBLISH_RETRY_BASE_SECONDS", 30.0)
PUBLISH_RETRY_MAX_SECONDS = env_float("PUBLISH_RETRY_MAX_SECONDS", 3600.0)
# A delivery due longer ago than this (the system was down) fails with "missed its window".
PUBLISH_LATENESS_WINDOW = env_float("PUBLISH_LATENESS_WINDOW", 900.0)
# A queued delivery whose task has not started after this long is enqueued again (lost message).
PUBLISH_QUEUED_TIMEOUT = env_float("PUBLISH_QUEUED_TIMEOUT", 120.0)
# A delivery publishing for longer than this (its worker died) becomes `unknown`;
# longer than the task's hard time limit, so a live call is never reaped.
PUBLISH_STUCK_TIMEOUT = env_float("PUBLISH_STUCK_TIMEOUT", CELERY_TASK_TIME_LIMIT + 60)
PUBLISH_REAPER_INTERVAL = env_float("PUBLISH_REAPER_INTERVAL", 30.0)
if PUBLISH_STUCK_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("PUBLISH_STUCK_TIMEOUT must be longer than CELERY_TASK_TIME_LIMIT")
CELERY_BEAT_SCHEDULE.update(
    {
        "posts.dispatch_due": {
            "task": "posts.dispatch_due",
            "schedule": PUBLISH_DISPATCH_INTERVAL,
            # A tick that waited this long behind other work is dropped: the next one replaces it.
            # (`expire_seconds` is how django-celery-beat's scheduler passes `expires`.)
            "options": {"expire_seconds": max(5, round(5 * PUBLISH_DISPATCH_INTERVAL))},
        },
        "posts.reap_stuck": {
            "task": "posts.reap_stuck",
            "schedule": PUBLISH_REAPER_INTERVAL,
            "options": {"expire_seconds": max(1, round(PUBLISH_REAPER_INTERVAL))},
        },
    }
)
CELERY_TASK_ROUTES = {task: {"queue": CELERY_SCHEDULE_QUEUE} for task in ("posts.dispatch_due", "posts.reap_stuck")}

SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {
        "NetworkEnum": "networks.choices",
        "SocialAccountStatusEnum": "accounts.models.SocialAccount.Status",
        "PostStatusEnum": "posts.models.Post.Status",
        "DeliveryStatusEnum": "posts.models.Delivery.Status",
        "DirectConnectNetworkEnum": "accounts.api.social_accounts.DIRECT",
    }
)

# Uploads: per-kind size limits in bytes (over them: 413 naming the limit).
MEDIA_MAX_IMAGE_BYTES = env_int("MEDIA_MAX_IMAGE_BYTES", 8 * 1024 * 1024)
MEDIA_MAX_VIDEO_BYTES = env_int("MEDIA_MAX_VIDEO_BYTES", 100 * 1024 * 1024)

# --- Networks (networks issue) ------------------------------------------------
# Each network's own settings are declared in its package (networks/<name>/__init__.py).
globals().update(networks.settings_from_environment())
# Every base URL is a setting so that tests (and staging) point the real
# clients at local fakes. tweepy alone hard-codes its host (api.twitter.com).
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
SPA_ACCOUNTS_PATH = env_str("SPA_ACCOUNTS_PATH", "/accounts")
NETWORK_CONNECT_TIMEOUT = env_float("NETWORK_CONNECT_TIMEOUT", 5.0)
NETWORK_READ_TIMEOUT = env_float("NETWORK_READ_TIMEOUT", 30.0)
OAUTH_STATE_MAX_AGE = env_int("OAUTH_STATE_MAX_AGE", 600)
MEDIA_LINK_MAX_AGE = env_int("MEDIA_LINK_MAX_AGE", 6 * 3600)
TOKEN_REFRESH_WINDOW_HOURS = env_int("TOKEN_REFRESH_WINDOW_HOURS", 72)
# Outgoing webhooks.
WEBHOOK_TIMEOUT = env_float("WEBHOOK_TIMEOUT", 10.0)
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6)
WEBHOOK_BACKOFF_BASE = env_float("WEBHOOK_BACKOFF_BASE", 30.0)
# Only for development and tests: let webhooks reach private and loopback addresses.
WEBHOOK_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=False)
# SDK and HTTP loggers print request headers and URLs at DEBUG (tokens): keep them quieter.
for _chatty in ("tweepy", "prawcore", "praw", "urllib3", "requests_oauthlib", "oauthlib"):
    LOGGING["loggers"][_chatty] = {"level": "INFO"}
CELERY_BEAT_SCHEDULE["social-accounts-refresh-tokens"] = {
    "task": "accounts.tasks.social_accounts_refresh_due",
    "schedule": env_float("TOKEN_REFRESH_EVERY_SECONDS", 3600.0),
}
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]["WebhookDeliveryStatusEnum"] = "webhooks.models.WebhookDelivery.Status"
CELERY_BEAT_SCHEDULE["webhooks-retry-due"] = {
    "task": "webhooks.tasks.webhook_deliveries_retry_due",
    "schedule": 30.0,
}


# --- Trends (trends issue) ----------------------------------------------------
# Sources refresh on their own beat entries; Reddit and X turn on once their
# credentials are set, the sandbox and Google's public RSS feed need none.
# Keywords whose interest Google, X and the sandbox record, besides every user's watchlist.
TRENDS_KEYWORDS = env_list("TRENDS_KEYWORDS")
TRENDS_HTTP_TIMEOUT = env_float("TRENDS_HTTP_TIMEOUT", 10.0)
TRENDS_BACKOFF_SECONDS = env_int("TRENDS_BACKOFF_SECONDS", 900)
TRENDS_CACHE_SECONDS = env_int("TRENDS_CACHE_SECONDS", 300)
TRENDS_SCORE_WINDOW = env_int("TRENDS_SCORE_WINDOW", 6)
TRENDS_HISTORY_POINTS = env_int("TRENDS_HISTORY_POINTS", 500)
TRENDS_WATCHLIST_MAX = env_int("TRENDS_WATCHLIST_MAX", 20)
# Trends' enums keep their own names beside other apps' "source"/"status" fields.
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update(
    {"TrendSourceEnum": "trends.sources.source_choices", "TrendRunStatusEnum": "trends.models.RunStatus"}
)
# One entry per source; beat runs an interval entry at once on its first start.
CELERY_BEAT_SCHEDULE.update(
    {
        f"trends-refresh-{name}": {
            "task": "trends.refresh_source",
            "schedule": timedelta(seconds=seconds),
            "args": [name],
        }
        for name, seconds in ((spec.name, globals()[spec.trends.interval_setting]) for spec in networks.trend_specs())
    }
)

# --- Captions (captions issue) ------------------------------------------------
# With no key the offline generator answers (deterministic, marked `offline`).
# Any OpenAI-compatible server works through OPENAI_BASE_URL (Ollama, vLLM,
# LM Studio); they need some non-empty key even when they ignore it.
OPENAI_API_KEY = env_str("OPENAI_API_KEY")
OPENAI_BASE_URL = env_str("OPENAI_BASE_URL")
OPENAI_MODEL = env_str("OPENAI_MODEL", "gpt-4o-mini")
# A caption request is a web request: the SDK's defaults (600 s, 2 retries) are far too long.
OPENAI_TIMEOUT = env_float("OPENAI_TIMEOUT", 20.0)
OPENAI_MAX_RETRIES = env_int("OPENAI_MAX_RETRIES", 1)
# Caption requests per user per UTC day; 0 turns the quota off.
CAPTIONS_DAILY_QUOTA = env_int("CAPTIONS_DAILY_QUOTA", 50)
# How many current trends `ride_trends` puts into the prompt.
CAPTIONS_RIDE_TRENDS_LIMIT = env_int("CAPTIONS_RIDE_TRENDS_LIMIT", 3)
