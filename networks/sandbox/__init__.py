"""The `sandbox` network: publishes into a local table, with injectable latency and faults,
and makes up plausible trends. The demo, the tests and the benchmark run on it.

A Django app of its own (`networks.sandbox`): its one model is the record of
what it "published".
"""

from networks.spec import MediaRules, NetworkSpec, Setting, TextRules, TrendsInfo

SPEC = NetworkSpec(
    name="sandbox",
    label="Sandbox",
    text=TextRules(max_length=5000),
    media=MediaRules(max_items=10),
    connect="direct",
    django_app=True,
    captions=False,
    concurrency=1000,
    settings=(
        Setting("SANDBOX_LATENCY_SECONDS", 0.0, "float", "Simulated time of each publish call."),
        # Injected faults, as shares of calls (0..1).
        Setting("SANDBOX_ERROR_RATE", 0.0, "float", "503 answers."),
        Setting("SANDBOX_RATE_LIMIT_RATE", 0.0, "float", "429 answers with Retry-After."),
        Setting("SANDBOX_RETRY_AFTER_SECONDS", 60.0, "float", "The Retry-After of those 429s."),
        Setting("SANDBOX_TIMEOUT_RATE", 0.0, "float", "Read timeouts after the post went out (unknown outcome)."),
        Setting("SANDBOX_AUTH_FAILURE_RATE", 0.0, "float", "401 answers (the account expires)."),
        Setting("SANDBOX_LOOKUP_ERROR_RATE", 0.0, "float", "503 answers to lookups (verification)."),
        Setting("TRENDS_SANDBOX_ENABLED", True, "bool", "Generate demo trends."),
        Setting("TRENDS_SANDBOX_INTERVAL", 120, "int", "Seconds between two demo trend refreshes."),
    ),
    publisher="networks.sandbox.publisher.SandboxPublisher",
    connector="networks.sandbox.connect.SandboxConnector",
    trends=TrendsInfo(
        label="Sandbox (demo data)",
        method="Generated demo topics and keyword interest; no network.",
        interval_setting="TRENDS_SANDBOX_INTERVAL",
        source="networks.sandbox.trends.build_source",
        enabled="networks.sandbox.trends.enabled",
    ),
)
