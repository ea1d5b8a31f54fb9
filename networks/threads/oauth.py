"""Threads OAuth: authorize at threads.net, exchange the code at graph.threads.net for a
short-lived token (1 hour), swap it for a long-lived one (60 days, `th_exchange_token`),
read `/me`. A long-lived token at least a day old and not expired is refreshed with
`th_refresh_token` for another 60 days; an expired one needs a new sign-in.
"""

from django.conf import settings

from networks.oauth import Connection, OAuthProvider, Profile, TokenSet, scopes_from
from networks.publishing import AccountRef
from networks.threads import SPEC
from networks.threads.publisher import api_base, classify
from socialtrend.outbound import HttpClient

SCOPES = "threads_basic,threads_content_publish,threads_delete"


class ThreadsOAuth(OAuthProvider):
    settings_prefix = "THREADS"
    scopes = SCOPES
    network = SPEC.name

    def __init__(self) -> None:
        self.http = HttpClient(classify=classify)

    def complete(self, *, code: str, code_verifier: str = "") -> Connection:
        short = self.http.request(
            "POST",
            f"{settings.THREADS_GRAPH_URL}/oauth/access_token",
            data={
                "client_id": settings.THREADS_CLIENT_ID,
                "client_secret": settings.THREADS_CLIENT_SECRET,
                "grant_type": "authorization_code",
                "redirect_uri": settings.THREADS_REDIRECT_URI,
                "code": code,
            },
            safe_to_retry=True,
        ).json()
        tokens = self._long_lived(
            "access_token",
            {"grant_type": "th_exchange_token", "client_secret": settings.THREADS_CLIENT_SECRET},
            short["access_token"],
        )
        me = self.http.request(
            "GET",
            f"{api_base()}/me",
            params={"fields": "id,username,name,threads_profile_picture_url", "access_token": tokens.access_token},
        ).json()
        profile = Profile(
            remote_id=str(me.get("id") or short["user_id"]),
            handle=me["username"],
            display_name=me.get("name", ""),
            avatar_url=me.get("threads_profile_picture_url", ""),
        )
        return Connection(tokens=tokens, profile=profile)

    def refresh(self, *, account: AccountRef) -> TokenSet:
        tokens = self._long_lived("refresh_access_token", {"grant_type": "th_refresh_token"}, account.access_token)
        return TokenSet(access_token=tokens.access_token, expires_in=tokens.expires_in, scopes=list(account.scopes))

    def _long_lived(self, path: str, params: dict[str, str], token: str) -> TokenSet:
        answer = self.http.request(
            "GET", f"{settings.THREADS_GRAPH_URL}/{path}", params={**params, "access_token": token}
        ).json()
        return TokenSet(
            access_token=answer["access_token"], expires_in=answer.get("expires_in"), scopes=scopes_from(SCOPES)
        )
