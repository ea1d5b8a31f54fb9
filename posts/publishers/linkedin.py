"""LinkedIn publisher: the versioned Posts API (`POST /rest/posts`) and the Images API.

Every call carries `Linkedin-Version` (monthly, a setting: LinkedIn retires old
versions) and `X-Restli-Protocol-Version: 2.0.0`. Images are uploaded first
(`initializeUpload`, then a PUT of the bytes) and referenced by URN; the new
post's URN comes back in the `x-restli-id` response header. The author is the
account's `remote_id`: `urn:li:person:{sub}` or `urn:li:organization:{id}`.
"""

import re

from django.conf import settings

from posts.publishers.base import (
    MediaFile,
    PermanentError,
    Publisher,
    PublishRequest,
    PublishResult,
)
from socialtrend.networks import Network
from socialtrend.outbound import HttpClient

VISIBILITIES = ("PUBLIC", "CONNECTIONS", "LOGGED_IN")
# Reserved characters of LinkedIn's "little text" commentary format; unescaped,
# the text is silently cut at the first one.
_RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")
_HASHTAG = re.compile(r"(?<![\w#])#(\w+)")


def little_text(text: str) -> str:
    """Escape commentary for LinkedIn, keeping `#tags` as real hashtags."""
    pieces, last = [], 0
    for match in _HASHTAG.finditer(text):
        pieces.append(_RESERVED.sub(r"\\\1", text[last : match.start()]))
        pieces.append("{hashtag|\\#|" + _RESERVED.sub(r"\\\1", match.group(1)) + "}")
        last = match.end()
    pieces.append(_RESERVED.sub(r"\\\1", text[last:]))
    return "".join(pieces)


class LinkedInPublisher(Publisher):
    network = Network.LINKEDIN

    def __init__(self, *, http: HttpClient | None = None):
        self.http = http or HttpClient()
        self.api = settings.LINKEDIN_API_URL

    def publish(self, request: PublishRequest) -> PublishResult:
        if any(item.kind != "image" for item in request.media):
            raise PermanentError("LinkedIn posts from SocialTrend carry images only, not video")
        visibility = request.options.get("visibility", "PUBLIC")
        if visibility not in VISIBILITIES:
            raise PermanentError(f"LinkedIn visibility must be one of {', '.join(VISIBILITIES)}")
        author, token = request.account.remote_id, request.account.access_token
        images = [self._upload_image(author, token, item) for item in request.media]
        body = {
            "author": author,
            "commentary": little_text(request.text),
            "visibility": visibility,
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        if len(images) == 1:
            body["content"] = {"media": {"id": images[0]}}
        elif images:
            body["content"] = {"multiImage": {"images": [{"id": urn} for urn in images]}}
        response = self.http.request(
            "POST", f"{self.api}/rest/posts", json=body, headers=self._headers(token), safe_to_retry=False
        )
        urn = response.headers.get("x-restli-id", "")
        if not urn:
            raise PermanentError("LinkedIn accepted the post but sent no x-restli-id", http_status=response.status_code)
        return PublishResult(
            remote_id=urn, url=f"https://www.linkedin.com/feed/update/{urn}/", http_status=response.status_code
        )

    def _upload_image(self, owner: str, token: str, item: MediaFile) -> str:
        response = self.http.request(
            "POST",
            f"{self.api}/rest/images",
            params={"action": "initializeUpload"},
            json={"initializeUploadRequest": {"owner": owner}},
            headers=self._headers(token),
            safe_to_retry=True,
        )
        value = response.json()["value"]
        self.http.request(
            "PUT",
            value["uploadUrl"],
            data=item.path.read_bytes(),
            headers={"Authorization": f"Bearer {token}", "Content-Type": item.mime_type},
            safe_to_retry=True,
        )
        return value["image"]

    @staticmethod
    def _headers(token: str) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {token}",
            "Linkedin-Version": settings.LINKEDIN_VERSION,
            "X-Restli-Protocol-Version": "2.0.0",
        }
