"""Reddit through PRAW: hot and rising posts of configured subreddits.

Methods used: `reddit.subreddit(name).hot(limit=N)` and `.rising(limit=N)`
with an application-only (read-only) token; PRAW reaches
`{reddit_url}/api/v1/access_token` and `{oauth_url}/r/{name}/hot|rising`.
Stickied and NSFW posts are left out: they are not trends anyone should ride.
"""

from collections.abc import Iterable
from functools import partial

import praw
import prawcore
import requests
from praw.exceptions import PRAWException

from trends.sources.base import FetchedTrend, Part, SourceError, SourceRateLimited, TrendSource
from trends.sources.http import request_failure, retry_after_seconds, with_timeout

LISTINGS = ("hot", "rising")
PUBLIC_URL = "https://www.reddit.com"


class RedditSource(TrendSource):
    name = "reddit"

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str,
        user_agent: str,
        subreddits: list[str],
        limit: int,
        timeout: float,
        oauth_url: str,
        reddit_url: str,
    ):
        self.subreddits = subreddits
        self.limit = limit
        self.timeout = timeout
        self.reddit = praw.Reddit(
            client_id=client_id,
            client_secret=client_secret,
            user_agent=user_agent,
            oauth_url=oauth_url,
            reddit_url=reddit_url,
            check_for_updates=False,
            requestor_kwargs={"session": with_timeout(requests.Session(), timeout)},
        )

    def parts(self) -> Iterable[Part]:
        for name in self.subreddits:
            yield f"r/{name}", partial(self._subreddit, name)

    def _subreddit(self, name: str) -> list[FetchedTrend]:
        try:
            return self._posts(name)
        except prawcore.TooManyRequests as exc:
            raise SourceRateLimited(
                "rate limited (HTTP 429)", retry_after_seconds=retry_after_seconds(exc.retry_after)
            ) from exc
        except prawcore.Redirect as exc:  # Reddit redirects unknown subreddits to its search page
            raise SourceError("no such subreddit") from exc
        except prawcore.BadJSON as exc:
            raise SourceError("malformed answer (not JSON)") from exc
        except prawcore.ResponseException as exc:
            raise SourceError(f"answered HTTP {exc.response.status_code}") from exc
        except prawcore.OAuthException as exc:
            raise SourceError(f"credentials rejected ({exc.error})") from exc
        except prawcore.RequestException as exc:
            raise request_failure(exc.original_exception, self.timeout) from exc
        except (PRAWException, prawcore.PrawcoreException) as exc:
            raise SourceError(f"client error ({type(exc).__name__}: {exc})") from exc
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise SourceError(f"malformed answer ({type(exc).__name__})") from exc

    def _posts(self, name: str) -> list[FetchedTrend]:
        subreddit = self.reddit.subreddit(name)
        found: dict[str, FetchedTrend] = {}
        for listing in LISTINGS:
            for post in getattr(subreddit, listing)(limit=self.limit):
                # vars(): only what the listing carried; a missing field is a
                # malformed answer, not a lazy extra request per post.
                data = vars(post)
                if data.get("stickied") or data.get("over_18"):
                    continue
                if data["id"] in found:
                    found[data["id"]].metrics["listings"].append(listing)
                    continue
                found[data["id"]] = _trend(data, subreddit=name, listing=listing)
        return list(found.values())


def _trend(data: dict, *, subreddit: str, listing: str) -> FetchedTrend:
    upvotes, comments = int(data["score"]), int(data["num_comments"])
    return FetchedTrend(
        key=str(data["id"]),
        title=str(data["title"])[:300],
        # Engagement: upvotes plus comments, so discussed posts rank beside liked ones.
        value=float(upvotes + comments),
        url=f"{PUBLIC_URL}{data['permalink']}",
        category=f"r/{subreddit}",
        metrics={
            "upvotes": upvotes,
            "comments": comments,
            "upvote_ratio": data.get("upvote_ratio"),
            "listings": [listing],
        },
    )
