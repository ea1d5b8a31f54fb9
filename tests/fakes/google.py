"""Fakes of Google Trends: the trending-now RSS feed (served by a local server) and
the JSON endpoints pytrends calls (registered on `responses`: pytrends hard-codes
https://trends.google.com)."""

import json
from xml.sax.saxutils import escape

import responses

PYTRENDS_BASE = "https://trends.google.com/trends"
FEED_NS = "https://trends.google.com/trending/rss"


def trending_feed(items: list[dict]) -> str:
    """RSS as the trending-now feed sends it; each item: title, traffic, news=[(title, url, source)]."""
    entries = []
    for item in items:
        news = "".join(
            f"<ht:news_item><ht:news_item_title>{escape(title)}</ht:news_item_title>"
            f"<ht:news_item_url>{escape(url)}</ht:news_item_url>"
            f"<ht:news_item_source>{escape(source)}</ht:news_item_source></ht:news_item>"
            for title, url, source in item.get("news", [])
        )
        entries.append(
            f"<item><title>{escape(item['title'])}</title>"
            f"<ht:approx_traffic>{item.get('traffic', '')}</ht:approx_traffic>"
            "<link>https://trends.google.com/trending/rss?geo=US</link>"
            "<pubDate>Fri, 27 Nov 2026 10:00:00 -0800</pubDate>"
            f"{news}</item>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss xmlns:ht="{FEED_NS}" version="2.0">'
        f"<channel><title>Daily Search Trends</title>{''.join(entries)}</channel></rss>"
    )


def add_pytrends_cookie(rsps: responses.RequestsMock) -> None:
    rsps.add("GET", f"{PYTRENDS_BASE}/explore/", body="", headers={"Set-Cookie": "NID=fake; Path=/"})


def add_pytrends_token(rsps: responses.RequestsMock, *, status: int = 200) -> None:
    widgets = {"widgets": [{"id": "TIMESERIES", "request": {"time": "now 7-d"}, "token": "fake-token"}]}
    rsps.add(
        "POST",
        f"{PYTRENDS_BASE}/api/explore",
        body=")]}'" + json.dumps(widgets),
        status=status,
        content_type="application/json",
    )


def add_pytrends_interest(
    rsps: responses.RequestsMock,
    rows: list[tuple[int, list[int]]] | None = None,
    *,
    status: int = 200,
    body: str | None = None,
) -> None:
    """Interest over time: rows of (unix time, one value per keyword); or a raw body."""
    if body is None:
        timeline = [
            {"time": str(moment), "formattedTime": "", "value": values, "hasData": [True] * len(values)}
            for moment, values in rows or []
        ]
        body = ")]}',\n" + json.dumps({"default": {"timelineData": timeline, "averages": []}})
    rsps.add(
        "GET", f"{PYTRENDS_BASE}/api/widgetdata/multiline", body=body, status=status, content_type="application/json"
    )


def add_pytrends(rsps: responses.RequestsMock, rows: list[tuple[int, list[int]]]) -> None:
    add_pytrends_cookie(rsps)
    add_pytrends_token(rsps)
    add_pytrends_interest(rsps, rows)
