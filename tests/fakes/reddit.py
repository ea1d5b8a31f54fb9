"""A fake Reddit for PRAW on pytest-httpserver: the token endpoint and subreddit listings."""

from pytest_httpserver import HTTPServer


def post(post_id: str, title: str, *, score: int, comments: int, **extra) -> dict:
    return {
        "kind": "t3",
        "data": {
            "id": post_id,
            "name": f"t3_{post_id}",
            "title": title,
            "score": score,
            "num_comments": comments,
            "upvote_ratio": 0.9,
            "permalink": f"/r/python/comments/{post_id}/slug/",
            "url": f"https://example.com/{post_id}",
            "subreddit": "python",
            "author": "someone",
            "created_utc": 1_790_000_000,
            "stickied": False,
            "over_18": False,
            **extra,
        },
    }


def listing(*posts: dict) -> dict:
    return {"kind": "Listing", "data": {"after": None, "before": None, "children": list(posts)}}


def expect_token(server: HTTPServer) -> None:
    server.expect_request("/api/v1/access_token", method="POST").respond_with_json(
        {"access_token": "fake-token", "token_type": "bearer", "expires_in": 86400, "scope": "*"}
    )


def expect_listing(server: HTTPServer, subreddit: str, name: str, body: dict) -> None:
    server.expect_request(f"/r/{subreddit}/{name}", method="GET").respond_with_json(body)
