"""The database: DATABASE_URL, or the embedded SQLite file under VAR_DIR.

The SQLite default is tuned for the web, worker and beat processes sharing one
file; PostgreSQL keeps connections open with health checks.
"""

import dj_database_url

from socialtrend.env import env_int, env_str
from socialtrend.settings.core import EMBEDDED_MODE, VAR_DIR

if EMBEDDED_MODE:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASE_URL = f"sqlite:///{VAR_DIR / 'socialtrend.sqlite3'}"
else:
    DATABASE_URL = env_str("DATABASE_URL")

DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web, worker and beat share one file: WAL lets readers run beside the
    # writer, IMMEDIATE makes writers queue instead of failing with "locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
