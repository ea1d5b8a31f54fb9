"""X API v2 answers for tweepy, registered on `responses` (tweepy hard-codes https://api.twitter.com)."""

import responses

COUNTS_URL = "https://api.twitter.com/2/tweets/counts/recent"


def counts_body(hourly: list[int]) -> dict:
    buckets = [
        {"start": f"2026-11-27T{hour:02d}:00:00.000Z", "end": f"2026-11-27T{hour:02d}:59:59.000Z", "tweet_count": count}
        for hour, count in enumerate(hourly)
    ]
    return {"data": buckets, "meta": {"total_tweet_count": sum(hourly)}}


def add_counts(rsps: responses.RequestsMock, hourly: list[int]) -> None:
    rsps.add("GET", COUNTS_URL, json=counts_body(hourly))
