"""LinkedIn publisher: the versioned Posts API (`POST /rest/posts`), the Images API and the Videos API.

Every call carries `Linkedin-Version` (monthly, a setting: LinkedIn retires old
versions) and `X-Restli-Protocol-Version: 2.0.0`. A post carries images or one
video. Media is uploaded first and referenced by URN: an image is
`initializeUpload` then one PUT; a video is `initializeUpload` (which lays out
the byte ranges to PUT), one PUT per part (each answers an ETag), then
`finalizeUpload` with the ETags in order, then polling until it is AVAILABLE.
None of that is visible to anyone, so it is safe to repeat; `POST /rest/posts`
is not. The new post's URN comes back in the `x-restli-id` response header.
The author is the account's `remote_id`: `urn:li:person:{sub}` or
`urn:li:organization:{id}`.

A post is read back by its URN (`GET /rest/posts/{encoded URN}`: 404 once it
is gone). That read needs `r_member_social` / `r_organization_social`, which
LinkedIn grants to approved partners only: without it the answer is 403 and
the delivery cannot be verified. Listing the author's posts needs the same, so
an unknown outcome is not looked for (`find` answers None: a person checks).
"""

import re
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import requests
from django.conf import settings

from networks.linkedin import SPEC, VISIBILITY_VALUES, post_url
from networks.linkedin.errors import classify
from networks.publishing import AccountRef, Lookup, MediaFile, Publisher, PublishRequest, PublishResult
from socialtrend.outbound import HttpClient, PermanentError, RetryableError, error_for_status

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
    network = SPEC.name

    # A new post is in the member's feed within seconds.
    visible_after = 30.0

    def __init__(self, *, http: HttpClient | None = None):
        self.http = http or HttpClient(classify=classify)
        self.api = settings.LINKEDIN_API_URL

    def verify(self, account: AccountRef, remote_id: str) -> Lookup:
        url = f"{self.api}/rest/posts/{quote(remote_id, safe='')}"
        response = self.http.send("GET", url, headers=self._headers(account.access_token), safe_to_retry=True)
        if response.status_code == 404:
            return Lookup(found=False)
        if not response.ok:
            raise classify(response) or error_for_status(response, safe_to_retry=True)
        if response.json().get("lifecycleState") != "PUBLISHED":
            return Lookup(found=False)
        return Lookup(found=True, remote_id=remote_id, url=post_url(remote_id))

    def publish(self, request: PublishRequest) -> PublishResult:
        if problem := SPEC.media_mix_problem([item.kind for item in request.media]):
            raise PermanentError(problem)
        visibility = request.options.get("visibility", "PUBLIC")
        if visibility not in VISIBILITY_VALUES:
            raise PermanentError(f"LinkedIn visibility must be one of {', '.join(VISIBILITY_VALUES)}")
        author, token = request.account.remote_id, request.account.access_token
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
        if request.media:
            body["content"] = self._content(author, token, request.media, title=str(request.options.get("title", "")))
        response = self.http.request(
            "POST", f"{self.api}/rest/posts", json=body, headers=self._headers(token), safe_to_retry=False
        )
        urn = response.headers.get("x-restli-id", "")
        if not urn:
            raise PermanentError("LinkedIn accepted the post but sent no x-restli-id", http_status=response.status_code)
        return PublishResult(remote_id=urn, url=post_url(urn), http_status=response.status_code)

    def _content(self, author: str, token: str, media: Sequence[MediaFile], *, title: str) -> dict[str, Any]:
        if media[0].kind == "video":  # then it is the only item (checked above)
            video = {"id": self._upload_video(author, token, media[0])}
            return {"media": video | ({"title": title} if title else {})}  # no empty title: it is optional
        images = [self._upload_image(author, token, item) for item in media]
        if len(images) == 1:
            return {"media": {"id": images[0]}}
        return {"multiImage": {"images": [{"id": urn} for urn in images]}}

    def _upload_image(self, owner: str, token: str, item: MediaFile) -> str:
        value = self._initialize_upload("images", token, {"owner": owner})
        self._put(value["uploadUrl"], token, item.path.read_bytes(), item.mime_type)
        return value["image"]

    def _upload_video(self, owner: str, token: str, item: MediaFile) -> str:
        value = self._initialize_upload(
            "videos",
            token,
            {"owner": owner, "fileSizeBytes": item.size, "uploadCaptions": False, "uploadThumbnail": False},
        )
        urn = value["video"]
        etags = self._upload_parts(token, item, value["uploadInstructions"])
        self.http.request(
            "POST",
            f"{self.api}/rest/videos",
            params={"action": "finalizeUpload"},
            json={
                "finalizeUploadRequest": {
                    "video": urn,
                    "uploadToken": value.get("uploadToken", ""),
                    "uploadedPartIds": etags,
                }
            },
            headers=self._headers(token),
            safe_to_retry=True,
        )
        self._wait_until_available(urn, token)
        return urn

    def _upload_parts(self, token: str, item: MediaFile, instructions: list[dict[str, Any]]) -> list[str]:
        """PUT each byte range LinkedIn asked for (`lastByte` inclusive); return the parts' ETags in order."""
        etags = []
        with item.path.open("rb") as stream:
            for number, part in enumerate(instructions, start=1):
                stream.seek(part["firstByte"])
                chunk = stream.read(part["lastByte"] - part["firstByte"] + 1)
                response = self._put(part["uploadUrl"], token, chunk, "application/octet-stream")
                etag = response.headers.get("ETag", "")
                if not etag:
                    # finalizeUpload needs every part's ETag: without one the upload cannot complete.
                    raise PermanentError(
                        f"LinkedIn accepted part {number} of the video but sent no ETag",
                        http_status=response.status_code,
                    )
                etags.append(etag)
        return etags

    def _wait_until_available(self, urn: str, token: str) -> None:
        """Poll until LinkedIn has processed the video, so a video it cannot process fails before any post exists."""
        deadline = time.monotonic() + settings.LINKEDIN_VIDEO_POLL_MAX_WAIT
        while True:
            response = self.http.request(
                "GET", f"{self.api}/rest/videos/{quote(urn, safe='')}", headers=self._headers(token)
            )
            video = response.json()
            status = video.get("status")
            if status == "AVAILABLE":
                return
            if status == "PROCESSING_FAILED":
                reason = video.get("processingFailureReason") or "no reason given"
                raise PermanentError(f"LinkedIn could not process the video (PROCESSING_FAILED): {reason}")
            if time.monotonic() + settings.LINKEDIN_VIDEO_POLL_INTERVAL > deadline:
                raise RetryableError(
                    f"LinkedIn is still processing the video after {settings.LINKEDIN_VIDEO_POLL_MAX_WAIT:.0f}s",
                    retry_after=settings.LINKEDIN_VIDEO_POLL_MAX_WAIT,
                )
            time.sleep(settings.LINKEDIN_VIDEO_POLL_INTERVAL)

    def _initialize_upload(self, resource: str, token: str, upload_request: dict[str, Any]) -> dict[str, Any]:
        """`initializeUpload` on `/rest/images` or `/rest/videos`: registers an upload, creates nothing visible."""
        response = self.http.request(
            "POST",
            f"{self.api}/rest/{resource}",
            params={"action": "initializeUpload"},
            json={"initializeUploadRequest": upload_request},
            headers=self._headers(token),
            safe_to_retry=True,
        )
        return response.json()["value"]

    def _put(self, url: str, token: str, data: bytes, content_type: str) -> requests.Response:
        return self.http.request(
            "PUT",
            url,
            data=data,
            headers={"Authorization": f"Bearer {token}", "Content-Type": content_type},
            safe_to_retry=True,
        )

    @staticmethod
    def _headers(token: str) -> dict[str, str]:
        return rest_headers(token)


def rest_headers(token: str) -> dict[str, str]:
    """What every call to the versioned `/rest/` APIs carries."""
    return {
        "Authorization": f"Bearer {token}",
        "Linkedin-Version": settings.LINKEDIN_VERSION,
        "X-Restli-Protocol-Version": "2.0.0",
    }
