"""The API's documentation pages: Swagger UI and Redoc, served from drf-spectacular-sidecar's
static files (no CDN: they work offline, and no third-party script runs on the SPA's origin,
where the SPA keeps its tokens), under the site's Content-Security-Policy.

Swagger UI fits the site's policy as it is (templates/api_docs/swagger_ui.html). Redoc styles
itself with inline <style> elements that carry no nonce and builds its search worker from a
blob: URL, so its page alone allows those two; its sidebar also asks its maker's CDN for a
logo, which the page's images policy (same origin and data: only) refuses.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView


class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "api_docs/swagger_ui.html"


class RedocView(SpectacularRedocView):
    template_name = "api_docs/redoc.html"


swagger_ui = SwaggerView.as_view(url_name="schema")
redoc = csp_replace({"style-src": [SELF, UNSAFE_INLINE], "worker-src": [SELF, "blob:"], "img-src": [SELF, "data:"]})(
    RedocView.as_view(url_name="schema")
)
