from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from socialtrend import docs
from socialtrend.api.views import api_not_found, bad_request
from socialtrend.health import healthz
from socialtrend.spa import spa_shell

api_v1 = [
    path("auth/", include("accounts.api.urls")),
    path("networks/", include("accounts.api.network_urls")),
    path("social-accounts/", include("accounts.api.oauth_urls")),
    path("webhooks/", include("webhooks.api.urls")),
    path("notifications/", include("notifications.api.urls")),
    path("trends/", include("trends.api.urls")),
    path("captions/", include("captions.api.urls")),
    path("social-accounts/", include("accounts.api.social_account_urls")),
    path("queue/", include("planning.api.urls")),
    path("series/", include("planning.api.series_urls")),
    path("csv/", include("planning.api.csv_urls")),
    path("posts/bulk/", include("planning.api.bulk_urls")),
    path("", include("posts.api.urls")),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("media-links/", include("posts.media_link_urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", docs.swagger_ui, name="swagger-ui"),
    path("api/redoc/", docs.redoc, name="redoc"),
    # `(?s:...)`: a path with a newline in it is an unknown API path too, not Django's HTML 404.
    re_path(r"^api/(?P<unmatched>(?s:.*))$", api_not_found),
    # Everything else is a route of the SPA: deep links and reloads get the shell.
    re_path(r"^(?!(?:api|admin|static|media|media-links)(?:/|$)|healthz$)", spa_shell, name="spa"),
]

handler400 = bad_request

# Uploaded media in development; production serves MEDIA_ROOT from the proxy.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
