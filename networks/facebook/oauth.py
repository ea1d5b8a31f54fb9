"""Facebook Login for Business: the person signs in, the Pages they may post to become the choices.

The dialog (`/{version}/dialog/oauth`) takes the business configuration's
`config_id` (FACEBOOK_CONFIG_ID) in place of scopes when one is set. The code
is exchanged for a short-lived user token (`GET /oauth/access_token`), that one
for a long-lived user token (`grant_type=fb_exchange_token`, about 60 days);
`/me/accounts` with the long-lived token then gives each Page's access token,
which does not expire (Meta's access token guide). Each Page becomes its own
account with its own token; the user token is not kept. A person who manages no
Page where they may create content has nothing to connect.
"""

from django.conf import settings

from networks.facebook import SPEC
from networks.facebook.publisher import classify, graph_base
from networks.oauth import (
    Connection,
    Identity,
    NothingToConnect,
    OAuthProvider,
    Profile,
    RefreshUnsupported,
    TokenSet,
    scopes_from,
    with_query,
)
from networks.publishing import AccountRef
from socialtrend.outbound import HttpClient

SCOPES = "pages_show_list,pages_manage_posts,pages_read_engagement"
# The Page task that allows publishing as it (Page roles as tasks: MANAGE, CREATE_CONTENT, MODERATE, ...).
CREATE_CONTENT = "CREATE_CONTENT"
PAGE_FIELDS = "id,name,username,access_token,tasks,picture{url}"
MAX_PAGES_READ = 10  # pages of /me/accounts (100 Pages each) followed at most


class FacebookOAuth(OAuthProvider):
    settings_prefix = "FACEBOOK"
    scopes = SCOPES
    network = SPEC.name

    def __init__(self) -> None:
        self.http = HttpClient(classify=classify)

    def authorize_url(self, *, state: str, code_challenge: str = "") -> str:
        params = {
            "client_id": settings.FACEBOOK_CLIENT_ID,
            "redirect_uri": settings.FACEBOOK_REDIRECT_URI,
            "state": state,
            "response_type": "code",
        }
        if settings.FACEBOOK_CONFIG_ID:
            params |= {"config_id": settings.FACEBOOK_CONFIG_ID, "override_default_response_type": "true"}
        else:
            params["scope"] = SCOPES
        return with_query(f"{settings.FACEBOOK_DIALOG_URL}/{settings.FACEBOOK_GRAPH_VERSION}/dialog/oauth", params)

    def complete(self, *, code: str, code_verifier: str = "") -> Connection:
        app = {"client_id": settings.FACEBOOK_CLIENT_ID, "client_secret": settings.FACEBOOK_CLIENT_SECRET}
        short = self._get("oauth/access_token", {**app, "redirect_uri": settings.FACEBOOK_REDIRECT_URI, "code": code})
        user_token = self._get(
            "oauth/access_token",
            {**app, "grant_type": "fb_exchange_token", "fb_exchange_token": short["access_token"]},
        )["access_token"]
        me = self._get("me", {"fields": "id,name", "access_token": user_token})
        person = Profile(
            remote_id=str(me["id"]), handle=me.get("name") or str(me["id"]), display_name=me.get("name", "")
        )
        pages = [self._page(page) for page in self._pages(user_token) if CREATE_CONTENT in (page.get("tasks") or [])]
        if not pages:
            raise NothingToConnect(
                f"{person.display_name or 'This Facebook account'} manages no Facebook Page where they may create "
                "content, or did not share any Page with this app. Reconnect and choose the Pages to share."
            )
        return Connection(tokens=TokenSet(access_token=user_token), profile=person, choices=tuple(pages))

    def refresh(self, *, account: AccountRef) -> TokenSet:
        raise RefreshUnsupported("Facebook Page tokens do not expire; a revoked one needs a reconnect")

    def _pages(self, user_token: str) -> list[dict]:
        """Every Page the person granted the app, following `paging.next` (100 a page)."""
        pages: list[dict] = []
        answer = self._get("me/accounts", {"fields": PAGE_FIELDS, "limit": "100", "access_token": user_token})
        for _ in range(MAX_PAGES_READ):
            pages += [page for page in answer.get("data") or [] if isinstance(page, dict) and page.get("access_token")]
            following = (answer.get("paging") or {}).get("next") or ""
            if not following.startswith(f"{graph_base()}/"):  # the token rides along: only to Graph itself
                break
            answer = self.http.request("GET", following).json()
        return pages

    @staticmethod
    def _page(page: dict) -> Identity:
        picture = ((page.get("picture") or {}).get("data") or {}).get("url", "")
        profile = Profile(
            remote_id=str(page["id"]),
            handle=page.get("username") or page.get("name") or str(page["id"]),
            display_name=page.get("name", ""),
            avatar_url=picture,
        )
        return Identity(
            profile=profile, tokens=TokenSet(access_token=page["access_token"], scopes=scopes_from(SCOPES)), kind="Page"
        )

    def _get(self, path: str, params: dict[str, str]) -> dict:
        return self.http.request("GET", f"{graph_base()}/{path}", params=params).json()
