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
from django.conf import settings
from praw.exceptions import PRAWException

from networks.reddit.client import RateLimitUsedUp, is_token_answer, reddit_client, too_many_requests_delay
from networks.trends import FetchedTrend, Part, SourceError, SourceRateLimited, TrendSource, request_failure

LISTINGS = ("hot", "rising")
# Reddit pins at most two posts in a subreddit (Subreddit.MAX_STICKIES in reddit's source) and a
# listing answers them on top of `limit` others (the PRAW cassette test_hot: limit=100 gave 102);
# PRAW counts them towards `limit`, so ask for that many more and count only the others.
STICKIED_MAX = 2
PUBLIC_URL = "https://www.reddit.com"


class RedditSource(TrendSource):
    name = "reddit"

    def __init__(self, *, reddit: praw.Reddit, subreddits: list[str], limit: int, timeout: float):
        self.reddit = reddit
        self.subreddits = subreddits
        self.limit = limit
        self.timeout = timeout

    def parts(self) -> Iterable[Part]:
        for name in self.subreddits:
            yield f"r/{name}", partial(self._subreddit, name)

    def _subreddit(self, name: str) -> list[FetchedTrend]:
        try:
            return self._posts(name)
        except prawcore.TooManyRequests as exc:
            raise SourceRateLimited(
                "rate limited (HTTP 429)", retry_after_seconds=too_many_requests_delay(exc.response)
            ) from exc
        except RateLimitUsedUp as exc:
            raise SourceRateLimited(
                "rate limit used up (x-ratelimit-remaining 0)", retry_after_seconds=exc.retry_after
            ) from exc
        except prawcore.Redirect as exc:  # Reddit redirects unknown subreddits to its search page
            raise SourceError("no such subreddit") from exc
        except prawcore.BadJSON as exc:
            raise SourceError("malformed answer (not JSON)") from exc
        except prawcore.ResponseException as exc:
            if is_token_answer(exc.response) and exc.response.status_code == 401:
                raise SourceError("credentials rejected (HTTP 401: check TRENDS_REDDIT_CLIENT_ID and _SECRET)") from exc
            raise SourceError(_refusal(exc.response)) from exc
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
            read = 0
            for post in getattr(subreddit, listing)(limit=self.limit + STICKIED_MAX):
                # vars(): only what the listing carried; a missing field is a
                # malformed answer, not a lazy extra request per post.
                data = vars(post)
                if data.get("stickied"):
                    continue
                if read == self.limit:
                    break
                read += 1
                if data.get("over_18"):
                    continue
                if data["id"] in found:
                    found[data["id"]].metrics["listings"].append(listing)
                    continue
                found[data["id"]] = _trend(data, subreddit=name, listing=listing)
        return list(found.values())


def _refusal(response) -> str:  # response: requests.Response
    """`answered HTTP 403 (private)`: Reddit names why in `reason` (private, banned, quarantined, gold_only)."""
    try:
        reason = response.json().get("reason")
    except (ValueError, AttributeError):
        reason = None
    text = f"answered HTTP {response.status_code}"
    return f"{text} ({reason[:50]})" if isinstance(reason, str) and reason else text


def _trend(data: dict, *, subreddit: str, listing: str) -> FetchedTrend:
    upvotes, comments = int(data["score"]), int(data["num_comments"])
    return FetchedTrend(
        key=str(data["id"]),
        title=str(data["title"])[:300],
        # Engagement: upvotes plus comments, so discussed posts rank beside liked ones.
        value=float(upvotes + comments),
        url=f"{PUBLIC_URL}{data['permalink']}",
        # The post's own community (PRAW gives a Subreddit, whose str() is its name): r/popular
        # and r/all list posts from everywhere.
        category=f"r/{data.get('subreddit') or subreddit}"[:100],
        metrics={
            "upvotes": upvotes,
            "comments": comments,
            "upvote_ratio": data.get("upvote_ratio"),
            "listings": [listing],
        },
    )


def build_source(*, keywords: list[str]) -> RedditSource:
    """Reddit's trends read listings with an app-only token of their own app (TRENDS_REDDIT_*)."""
    timeout = settings.TRENDS_HTTP_TIMEOUT
    reddit = reddit_client(
        client_id=settings.TRENDS_REDDIT_CLIENT_ID,
        client_secret=settings.TRENDS_REDDIT_CLIENT_SECRET,
        user_agent=settings.TRENDS_REDDIT_USER_AGENT,
        reddit_url=settings.TRENDS_REDDIT_URL,
        oauth_url=settings.TRENDS_REDDIT_OAUTH_URL,
        timeout=(timeout, timeout),
    )
    return RedditSource(
        reddit=reddit, subreddits=settings.TRENDS_REDDIT_SUBREDDITS, limit=settings.TRENDS_REDDIT_LIMIT, timeout=timeout
    )


def enabled() -> bool:
    return bool(settings.TRENDS_REDDIT_CLIENT_ID and settings.TRENDS_REDDIT_CLIENT_SECRET)
