"""Google Trends: a trend source only (the trending-now RSS feed and pytrends); nothing to publish to."""

from networks.spec import NetworkSpec, Setting, TextRules, TrendsInfo

SPEC = NetworkSpec(
    name="google",
    label="Google Trends",
    text=TextRules(max_length=0),
    publishes=False,
    connect=None,
    captions=False,
    settings=(
        Setting("TRENDS_GOOGLE_ENABLED", True, "bool", "Read Google's public trending feed (no key needed)."),
        Setting("TRENDS_GOOGLE_RSS_URL", "https://trends.google.com/trending/rss"),
        Setting("TRENDS_GOOGLE_REGIONS", ["US"], "list", "Country codes of the trending feeds to read."),
        Setting("TRENDS_GOOGLE_LANGUAGE", "en-US"),
        Setting("TRENDS_GOOGLE_INTERVAL", 1800, "int", "Seconds between two Google trend refreshes."),
    ),
    trends=TrendsInfo(
        label="Google Trends",
        method="Trending-now RSS feed per region; pytrends interest_over_time for tracked keywords.",
        interval_setting="TRENDS_GOOGLE_INTERVAL",
        source="networks.google.trends.build_source",
        enabled="networks.google.trends.enabled",
    ),
)
