"""Celery: the broker (CELERY_BROKER_URL, REDIS_URL or a folder under VAR_DIR),
serialisation, queues and routes, time limits and database-connection reuse.

Beat's scheduler and its one schedule are in beat.py, built from the entries
each area declares.
"""

from kombu import Queue

from socialtrend.env import env_float, env_int, env_str
from socialtrend.settings.cache import REDIS_URL
from socialtrend.settings.core import VAR_DIR

# --- Broker -----------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL or "filesystem://"
CELERY_BROKER_DIR = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    # Kombu's filesystem transport: a folder of message files that the web,
    # worker and beat processes of one machine share. No server needed.
    for folder in ("queue", "processed", "control"):
        (CELERY_BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_BROKER_CONNECTION_TIMEOUT = env_float("CELERY_BROKER_CONNECTION_TIMEOUT", 3.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Tasks ------------------------------------------------------------------------
# Project-level tasks; apps' tasks.py modules are autodiscovered.
CELERY_IMPORTS = ["socialtrend.tasks"]
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = "UTC"

# --- Queues and routes ------------------------------------------------------------
# One queue name for tasks with no explicit queue; tests give their workers a queue of their own.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# The dispatcher and the reaper have a queue of their own, so a tick is not
# queued behind a backlog of publish messages; it still needs a free task
# thread. Workers consume both queues unless started with -Q; then name both
# (or run a worker for the schedule queue alone).
CELERY_SCHEDULE_QUEUE = f"{CELERY_TASK_DEFAULT_QUEUE}.schedule"
CELERY_TASK_QUEUES = [Queue(CELERY_TASK_DEFAULT_QUEUE), Queue(CELERY_SCHEDULE_QUEUE)]
CELERY_TASK_ROUTES = {task: {"queue": CELERY_SCHEDULE_QUEUE} for task in ("posts.dispatch_due", "posts.reap_stuck")}

# --- Limits and workers -----------------------------------------------------------
# publishing.py derives its call wait and stuck timeout from these two limits.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 150)
CELERY_WORKER_PREFETCH_MULTIPLIER = env_int("CELERY_WORKER_PREFETCH_MULTIPLIER", 4)
# Without this, Celery's Django fixup closes every database connection around
# each task: a new PostgreSQL connection (a forked backend) per task. With it,
# connections are kept, and Django's per-request rule (CONN_MAX_AGE, health
# checks) decides when to drop one, applied around each task (socialtrend/celery.py).
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 1000)
