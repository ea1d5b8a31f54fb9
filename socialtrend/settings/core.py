"""Core Django settings: paths, debug and secret key, hosts, apps, middleware,
templates, passwords, internationalisation, static and media files, security
headers and logging.

The other settings modules import VAR_DIR, DEBUG and EMBEDDED_MODE from here.
"""

from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from socialtrend.env import env_bool, env_int, env_list, env_str
from socialtrend.settings import networks

# --- Paths and mode -------------------------------------------------------------
BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DJANGO_DEBUG", default=False)

# The embedded default: no DATABASE_URL, so SQLite under VAR_DIR (database.py).
EMBEDDED_MODE = not env_str("DATABASE_URL")

# A development key is acceptable only on the embedded SQLite default or with
# DEBUG on; a deployment (DATABASE_URL set, DEBUG off) refuses to start without
# a real one.
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not (DEBUG or EMBEDDED_MODE):
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DATABASE_URL is set and DJANGO_DEBUG=0")
    SECRET_KEY = "django-insecure-development-only-key-never-use-it-in-production"  # noqa: S105 - dev/embedded only

# Fernet keys for tokens and secrets at rest, comma-separated, newest first
# (MultiFernet: old keys still decrypt while rows are re-encrypted).
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEY")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])

# --- Apps, middleware, templates ----------------------------------------------------
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
    "drf_spectacular_sidecar",
    "csp",
    "corsheaders",
    "django_celery_beat",
    "axes",
    "accounts",
    # Network packages that are Django apps (models of their own), from the registry.
    *networks.network_apps,
    "posts",
    "trends",
    "captions",
    "webhooks",
    "planning",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "socialtrend.middleware.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a locked-out admin login into its answer (accounts.login_guard).
    "axes.middleware.AxesMiddleware",
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

# --- Passwords ------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -----------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media files ---------------------------------------------------------
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

# --- Security (production) ----------------------------------------------------------
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
# Content-Security-Policy (django-csp) for every page: the SPA (a Vite build of same-origin
# modules and one CSS file), the admin and the API docs (socialtrend/docs.py relaxes Redoc's).
# The nonce is the one on the SPA shell's script, which FullCalendar gives the <style> it
# injects; Vue and Chart.js set styles through the CSSOM, which style-src does not govern.
# Images may be https: (connected accounts' avatars), data: and blob: (upload previews).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "blob:", "https:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Error reports (DEBUG's technical 500 page, error e-mails) hide *_URL, DSN and LOCATION
# settings and environment entries too: service URLs carry their passwords.
DEFAULT_EXCEPTION_REPORTER_FILTER = "socialtrend.reporting.SafeExceptionReporterFilter"

# --- Logging ------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "quiet_ticks": {"()": "socialtrend.logfilters.QuietTicks"},
        "quiet_polls": {"()": "socialtrend.logfilters.QuietPolls"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # A quiet console: no INFO line per dispatcher tick or per SPA poll (logfilters.py).
        **{
            name: {"filters": ["quiet_ticks"]} for name in ("celery.beat", "celery.worker.strategy", "celery.app.trace")
        },
        "django.server": {"filters": ["quiet_polls"]},
        # SDK and HTTP loggers print request headers and URLs at DEBUG (tokens): keep them quieter.
        **{name: {"level": "INFO"} for name in (*networks.sdk_loggers, "urllib3", "requests_oauthlib", "oauthlib")},
    },
}
