"""Facebook Pages publisher: the Page's feed, photos and videos on the Graph API.

- text, with an optional link: `POST /{page-id}/feed` (`message`, `link`);
- one photo: `POST /{page-id}/photos` (`source` uploaded, `message`), answering the
  photo's `id` and the feed story's `post_id`;
- several photos: each `POST /{page-id}/photos` with `published=false` (nothing
  anyone sees, safe to repeat), then one `POST /{page-id}/feed` with the text and
  `attached_media[n]={"media_fbid": id}`;
- a video: `POST /{page-id}/videos` on Graph's video host (`source`, `description`).

Every call carries the Page's own access token. The link to the post is its
`permalink_url`. What the Graph error codes mean is shared with Meta's other
APIs (`networks.meta_graph`).
"""

import json
import logging
from datetime import datetime, timedelta

from django.conf import settings

from networks.facebook import SPEC
from networks.meta_graph import GraphObjectMissing, classifier
from networks.publishing import AccountRef, Lookup, MediaFile, Publisher, PublishRequest, PublishResult
from socialtrend.outbound import HttpClient, OutboundError, OutcomeUnknownError, PermanentError

logger = logging.getLogger(__name__)

classify = classifier(SPEC.label)
FACEBOOK_URL = "https://www.facebook.com"
# How far before the attempt (clock skew, a slow answer) a listed post may be dated and still be ours.
FIND_SLACK = timedelta(minutes=5)
FIND_LIMIT = 25


def graph_base(*, video: bool = False) -> str:
    host = settings.FACEBOOK_GRAPH_VIDEO_URL if video else settings.FACEBOOK_GRAPH_URL
    return f"{host}/{settings.FACEBOOK_GRAPH_VERSION}"


class FacebookPublisher(Publisher):
    network = SPEC.name

    def __init__(self, *, http: HttpClient | None = None):
        self.http = http or HttpClient(classify=classify)

    def publish(self, request: PublishRequest) -> PublishResult:
        if problem := SPEC.media_mix_problem([item.kind for item in request.media]):
            raise PermanentError(problem)
        page, token = request.account.remote_id, request.account.access_token
        media = request.media
        if not media:
            post_id = self._feed(page, token, request.text, link=str(request.options.get("link") or ""))
        elif media[0].kind == "video":
            post_id = self._video(page, token, request.text, media[0])
        elif len(media) == 1:
            post_id = self._photo(page, token, request.text, media[0])
        else:
            photos = [self._unpublished_photo(page, token, item) for item in media]
            post_id = self._feed(page, token, request.text, attached=photos)
        return PublishResult(remote_id=post_id, url=self._permalink(post_id, token), http_status=200)

    def verify(self, account: AccountRef, remote_id: str) -> Lookup:
        try:
            answer = self._get(remote_id, {"fields": "id,permalink_url", "access_token": account.access_token})
        except GraphObjectMissing:
            return Lookup(found=False)
        return Lookup(found=True, remote_id=remote_id, url=_absolute(answer.get("permalink_url", "")))

    def find(self, request: PublishRequest, published_after: datetime) -> Lookup | None:
        """The Page's newest published posts, matched on the text and the time (the link is not listed)."""
        answer = self._get(
            f"{request.account.remote_id}/published_posts",
            {
                "fields": "id,message,created_time,permalink_url",
                "limit": str(FIND_LIMIT),
                "access_token": request.account.access_token,
            },
        )
        for post in answer.get("data") or []:
            if (post.get("message") or "").strip() != request.text.strip():
                continue
            try:  # Graph dates read "2026-12-01T10:00:00+0000"
                created = datetime.strptime(post.get("created_time", ""), "%Y-%m-%dT%H:%M:%S%z")
            except ValueError:
                continue
            if created >= published_after - FIND_SLACK:
                return Lookup(found=True, remote_id=post["id"], url=_absolute(post.get("permalink_url", "")))
        return Lookup(found=False)

    def delete(self, account: AccountRef, remote_id: str) -> None:
        try:
            self.http.request(
                "DELETE",
                f"{graph_base()}/{remote_id}",
                params={"access_token": account.access_token},
                safe_to_retry=True,
            )
        except GraphObjectMissing:
            return  # already gone

    def _feed(self, page: str, token: str, text: str, *, link: str = "", attached: list[str] = ()) -> str:
        data = {"message": text, "access_token": token}
        if link:
            data["link"] = link
        for index, photo in enumerate(attached):
            data[f"attached_media[{index}]"] = json.dumps({"media_fbid": photo})
        response = self.http.request("POST", f"{graph_base()}/{page}/feed", data=data, safe_to_retry=False)
        return _id(response.json(), "id")

    def _photo(self, page: str, token: str, text: str, item: MediaFile) -> str:
        response = self.http.request(
            "POST",
            f"{graph_base()}/{page}/photos",
            data={"message": text, "access_token": token},
            files={"source": _upload(item)},
            safe_to_retry=False,
        )
        answer = response.json()
        return _id(answer, "post_id") if answer.get("post_id") else _id(answer, "id")

    def _unpublished_photo(self, page: str, token: str, item: MediaFile) -> str:
        response = self.http.request(
            "POST",
            f"{graph_base()}/{page}/photos",
            data={"published": "false", "access_token": token},
            files={"source": _upload(item)},
            safe_to_retry=True,
        )
        return _id(response.json(), "id")

    def _video(self, page: str, token: str, text: str, item: MediaFile) -> str:
        response = self.http.request(
            "POST",
            f"{graph_base(video=True)}/{page}/videos",
            data={"description": text, "access_token": token},
            files={"source": _upload(item)},
            safe_to_retry=False,
        )
        return _id(response.json(), "id")

    def _permalink(self, object_id: str, token: str) -> str:
        try:
            answer = self._get(object_id, {"fields": "permalink_url", "access_token": token})
        except OutboundError as exc:
            logger.info("Facebook permalink of %s not read: %s", object_id, exc.message)
            return ""  # the post is live; a missing link is no reason to report a failure
        return _absolute(answer.get("permalink_url", ""))

    def _get(self, path: str, params: dict[str, str]) -> dict:
        return self.http.request("GET", f"{graph_base()}/{path}", params=params).json()


def _upload(item: MediaFile) -> tuple[str, bytes, str]:
    return (item.path.name, item.path.read_bytes(), item.mime_type)


def _id(answer: dict, key: str) -> str:
    value = answer.get(key)
    if not value:  # accepted, yet no id: whether it went out cannot be told from here
        raise OutcomeUnknownError(f"Facebook accepted the call but answered no {key}: {json.dumps(answer)[:200]}")
    return str(value)


def _absolute(permalink: str) -> str:
    """A video's permalink_url is relative ("/{page}/videos/{id}/"); a post's is a whole URL."""
    return f"{FACEBOOK_URL}{permalink}" if permalink.startswith("/") else permalink
