"""Fakes of Google Trends: the trending-now RSS feed (served by a local server) and
the JSON endpoints pytrends calls (registered on `responses`: pytrends hard-codes
https://trends.google.com)."""

import json
from datetime import UTC, date, datetime
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

import responses

PYTRENDS_BASE = "https://trends.google.com/trends"
FEED_NS = "https://trends.google.com/trending/rss"


def trending_feed(items: list[dict], *, geo: str = "US") -> str:
    """RSS as the trending-now feed sends it (fields, namespaces and formats of a 2025 capture).

    Each item: title, traffic (Google writes "2000+", "200+": digits and a plus),
    news=[(title, url, source)], optional picture.
    """
    feed_url = f"https://trends.google.com/trending/rss?geo={geo}"
    entries = []
    for item in items:
        picture = item.get("picture", "https://encrypted-tbn1.gstatic.com/images?q=tbn:ANd9GcSsGdm1ftf6kSRV")
        news = "".join(
            "<ht:news_item>"
            f"<ht:news_item_title>{escape(title)}</ht:news_item_title>"
            "<ht:news_item_snippet/>"
            f"<ht:news_item_url>{escape(url)}</ht:news_item_url>"
            f"<ht:news_item_picture>{escape(picture)}</ht:news_item_picture>"
            f"<ht:news_item_source>{escape(source)}</ht:news_item_source>"
            "</ht:news_item>"
            for title, url, source in item.get("news", [])
        )
        first_source = next((source for _, _, source in item.get("news", [])), "")
        entries.append(
            f"<item><title>{escape(item['title'])}</title>"
            f"<ht:approx_traffic>{escape(item.get('traffic', ''))}</ht:approx_traffic>"
            "<description/>"
            f"<link>{feed_url}</link>"
            "<pubDate>Fri, 27 Nov 2026 10:00:00 -0800</pubDate>"
            f"<ht:picture>{escape(picture)}</ht:picture>"
            f"<ht:picture_source>{escape(first_source)}</ht:picture_source>"
            f"{news}</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<rss xmlns:atom="http://www.w3.org/2005/Atom" xmlns:ht="{FEED_NS}" version="2.0"><channel>'
        "<title>Daily Search Trends</title><description>Recent searches</description>"
        f'<link>{feed_url}</link><atom:link href="{feed_url}" rel="self" type="application/rss+xml"/>'
        f"{''.join(entries)}</channel></rss>"
    )


def add_pytrends_cookie(rsps: responses.RequestsMock) -> None:
    rsps.add("GET", f"{PYTRENDS_BASE}/explore/", body="", headers={"Set-Cookie": "NID=fake; Path=/"})


def add_pytrends_token(rsps: responses.RequestsMock, *, status: int = 200) -> None:
    """The explore answer: one widget per section; TIMESERIES' `request` carries the asked timeframe."""

    def explore(request) -> tuple:
        if status != 200:
            return status, {"Content-Type": "text/html; charset=UTF-8"}, "<html>Error</html>"
        asked = json.loads(parse_qs(urlsplit(request.url).query)["req"][0])
        items = asked["comparisonItem"]
        timeseries = {
            "id": "TIMESERIES",
            "title": "Interest over time",
            "type": "fe_line_chart",
            "token": "APP6_UEAAAAAZfake",
            "request": {
                "time": items[0]["time"],
                "resolution": "HOUR" if items[0]["time"].startswith("now") else "DAY",
                "locale": "en-US",
                "comparisonItem": [
                    {
                        "geo": {},
                        "complexKeywordsRestriction": {"keyword": [{"type": "BROAD", "value": item["keyword"]}]},
                    }
                    for item in items
                ],
                "requestOptions": {"property": asked.get("property", ""), "backend": "IZG", "category": 0},
            },
        }
        return (
            200,
            {"Content-Type": "application/json; charset=utf-8"},
            ")]}'\n" + json.dumps({"widgets": [timeseries]}),
        )

    rsps.add_callback("POST", f"{PYTRENDS_BASE}/api/explore", callback=explore)


def reaches_now(timeframe: str, today: date | None = None) -> bool:
    """Whether a timeframe ends now: Google then marks its newest point `isPartial`."""
    if timeframe.startswith(("now ", "today ")):
        return True
    end = timeframe.split(" ")[-1][:10]
    return date.fromisoformat(end) >= (today or datetime.now(tz=UTC).date())


def add_pytrends_interest(
    rsps: responses.RequestsMock,
    rows: list[tuple[int, list[int]]] | None = None,
    *,
    status: int = 200,
    body: str | None = None,
) -> None:
    """Interest over time: rows of (unix time, one value per keyword); or a raw body.

    As Google's multiline answer: each point has time, formattedTime,
    formattedAxisTime, value, hasData and formattedValue; when the timeframe
    reaches now, the newest point also has `"isPartial": true` (the others
    have no such key), which pytrends turns into the frame's `isPartial`
    column (pytrends issue 151, PR 152).
    """

    def multiline(request) -> tuple:
        if body is not None:
            return status, {"Content-Type": "application/json; charset=utf-8"}, body
        widget = json.loads(parse_qs(urlsplit(request.url).query)["req"][0])
        timeline = []
        for moment, values in rows or []:
            stamp = datetime.fromtimestamp(moment, tz=UTC)
            timeline.append(
                {
                    "time": str(moment),
                    "formattedTime": f"{stamp:%b %-d, %Y at %-I:%M %p}",
                    "formattedAxisTime": f"{stamp:%b %-d at %-I:%M %p}",
                    "value": values,
                    "hasData": [value > 0 for value in values],
                    "formattedValue": [str(value) for value in values],
                }
            )
        if timeline and reaches_now(widget["time"]):
            timeline[-1]["isPartial"] = True
        averages = [round(sum(v[i] for _, v in rows) / len(rows)) for i in range(len(rows[0][1]))] if rows else []
        answer = {"default": {"timelineData": timeline, "averages": averages if len(averages) > 1 else []}}
        return status, {"Content-Type": "application/json; charset=utf-8"}, ")]}',\n" + json.dumps(answer)

    rsps.add_callback("GET", f"{PYTRENDS_BASE}/api/widgetdata/multiline", callback=multiline)


def add_pytrends(rsps: responses.RequestsMock, rows: list[tuple[int, list[int]]]) -> None:
    add_pytrends_cookie(rsps)
    add_pytrends_token(rsps)
    add_pytrends_interest(rsps, rows)
