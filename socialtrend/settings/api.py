"""The REST API: Django REST framework, SimpleJWT tokens and their signing key,
the OpenAPI schema (drf-spectacular), CORS and the request-body limits.
"""

from datetime import timedelta

from django.core.exceptions import ImproperlyConfigured

from socialtrend.env import env_int, env_list, env_str
from socialtrend.settings.core import DEBUG, EMBEDDED_MODE, SECRET_KEY

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["socialtrend.api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["socialtrend.api.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "socialtrend.api.schema.AutoSchema",
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
    # The client is the socket's address (REMOTE_ADDR) unless proxies are declared:
    # with N trusted proxies in front, the N-th X-Forwarded-For entry from the right.
    # (DRF's own default, None, trusts the whole header: a client could pick its bucket.)
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

# JWTs are signed with a key of their own, so that rotating either key leaves the
# other's uses alone (sessions, password reset links, signed OAuth state). A
# development key is acceptable where the secret key's is (core.py).
JWT_SIGNING_KEY = env_str("JWT_SIGNING_KEY")
if not JWT_SIGNING_KEY:
    if not (DEBUG or EMBEDDED_MODE):
        raise ImproperlyConfigured("JWT_SIGNING_KEY must be set when DATABASE_URL is set and DJANGO_DEBUG=0")
    JWT_SIGNING_KEY = "jwt-insecure-development-only-signing-key-never-use-it-in-production"
elif JWT_SIGNING_KEY == SECRET_KEY:
    raise ImproperlyConfigured("JWT_SIGNING_KEY must differ from DJANGO_SECRET_KEY")

SIMPLE_JWT = {
    "SIGNING_KEY": JWT_SIGNING_KEY,
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env_int("JWT_ACCESS_MINUTES", 15)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env_int("JWT_REFRESH_DAYS", 7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "AUTH_HEADER_TYPES": ("Bearer",),
    # Access tokens carry a digest of the password hash: a password change ends
    # them at once, not when they expire (refresh tokens are blacklisted then too).
    "CHECK_REVOKE_TOKEN": True,
}

# Largest JSON body and largest multipart upload (socialtrend.middleware answers 413 over them).
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 1024 * 1024)
API_MAX_UPLOAD_BYTES = env_int("API_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES
# Deepest nesting of objects and arrays in a JSON body (socialtrend.api.parsers answers 400 past it).
API_MAX_JSON_DEPTH = env_int("API_MAX_JSON_DEPTH", 32)

SPECTACULAR_SETTINGS = {
    "TITLE": "SocialTrend API",
    "DESCRIPTION": "Plan, write and publish social-media posts. Errors share one shape: "
    '`{"detail": "...", "errors": {"field": ["message"]}}`.',
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from drf-spectacular-sidecar's static files, not a CDN (socialtrend/docs.py).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No badge fetched from the public validator service.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every app's enums, named so that fields called "status", "network" or
    # "source" in several apps do not collide in the schema.
    "ENUM_NAME_OVERRIDES": {
        "NetworkEnum": "networks.choices",
        "SocialAccountStatusEnum": "accounts.models.SocialAccount.Status",
        "PostStatusEnum": "posts.models.Post.Status",
        "DeliveryStatusEnum": "posts.models.Delivery.Status",
        "DirectConnectNetworkEnum": "accounts.api.social_accounts.DIRECT",
        "WebhookDeliveryStatusEnum": "webhooks.models.WebhookDelivery.Status",
        "TrendSourceEnum": "trends.sources.source_choices",
        "TrendRunStatusEnum": "trends.models.RunStatus",
        "NotificationKindEnum": "notifications.models.Notification.Kind",
        "DeliveryVerificationEnum": "posts.models.Delivery.Verification",
    },
}

CORS_ALLOWED_ORIGINS = env_list(
    "CORS_ALLOWED_ORIGINS",
    ["http://localhost:5173", "http://127.0.0.1:5173"] if DEBUG else [],
)
CORS_URLS_REGEX = r"^/api/.*$"
