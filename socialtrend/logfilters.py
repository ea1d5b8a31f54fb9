"""Logging filters that keep the development console quiet (settings LOGGING, core.py).

Beat sends `posts.dispatch_due` every second and the worker logs each run it
receives and finishes; the SPA polls the API every few seconds and runserver
logs each request. Those INFO lines drown what matters, so they are dropped;
warnings and errors (a failed tick, a 4xx or 5xx answer) still pass.
"""

import logging

# The tasks beat sends every few seconds (settings/publishing.py).
TICK_TASKS = ("posts.dispatch_due", "posts.reap_stuck", "posts.verify_due")


class QuietTicks(logging.Filter):
    """On celery.beat, celery.worker.strategy and celery.app.trace: drop the INFO
    lines about the tick tasks ("Sending due task", "received", "succeeded")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is not ours to drop
            return True
        return not any(task in message for task in TICK_TASKS)


class QuietPolls(logging.Filter):
    """On django.server: drop the line of a GET answered below 400 (the SPA's polls);
    a 4xx is logged at WARNING and a 5xx at ERROR, and those pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.WARNING:
            return True
        args = record.args if isinstance(record.args, tuple) else ()
        requestline = str(args[0]) if args else ""
        return not requestline.startswith(("GET ", "HEAD "))
