"""Threads: Meta's Threads API (graph.threads.net), its own OAuth, the container publishing flow."""

from networks.spec import MediaRules, NetworkSpec, Option, Setting, TextRules

MAX_LENGTH = 500
# A carousel holds 2 to 20 images or videos (Threads API > Carousel posts).
MAX_CAROUSEL = 20
REPLY_CONTROLS = (
    ("everyone", "Everyone"),
    ("accounts_you_follow", "Profiles you follow"),
    ("mentioned_only", "Mentioned profiles only"),
)

SPEC = NetworkSpec(
    name="threads",
    label="Threads",
    # 500 characters, counted here as code points (Meta does not say how it counts emoji).
    text=TextRules(max_length=MAX_LENGTH),
    media=MediaRules(max_items=MAX_CAROUSEL),
    options=(Option("reply_control", "Who can reply", kind="choice", default="everyone", choices=REPLY_CONTROLS),),
    # Long-lived tokens last 60 days and are refreshed with th_refresh_token.
    refreshes_tokens=True,
    concurrency=4,
    calls_to_action=("What do you think?", "Reply with yours.", "Follow for more."),
    required_settings=("THREADS_CLIENT_ID", "THREADS_CLIENT_SECRET"),
    settings=(
        Setting("THREADS_CLIENT_ID", help="The Threads app id of the Meta app (Use cases > Access the Threads API)"),
        Setting("THREADS_CLIENT_SECRET"),
        Setting("THREADS_REDIRECT_URI", help="https://<host>/api/v1/social-accounts/callback/threads/"),
        Setting("THREADS_AUTHORIZE_URL", "https://threads.net/oauth/authorize", "url"),
        Setting("THREADS_GRAPH_URL", "https://graph.threads.net", "url"),
        # The Threads API has one version so far.
        Setting("THREADS_API_VERSION", "v1.0", help="Threads API version, e.g. v1.0"),
        Setting("THREADS_POLL_INTERVAL", 10.0, "float", "Seconds between two reads of a container's status."),
        # Keep the wait well inside CELERY_TASK_SOFT_TIME_LIMIT: a publish task that is cut off ends "unknown".
        Setting("THREADS_POLL_MAX_WAIT", 60.0, "float"),
    ),
    publisher="networks.threads.publisher.ThreadsPublisher",
    oauth="networks.threads.oauth.ThreadsOAuth",
)
