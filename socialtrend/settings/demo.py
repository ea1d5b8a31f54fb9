"""The demo user that `manage.py create_demo` (and `make run`) creates."""

from socialtrend.env import env_str

DEMO_USER_EMAIL = env_str("DEMO_USER_EMAIL", "demo@socialtrend.local")
DEMO_USER_PASSWORD = env_str("DEMO_USER_PASSWORD", "socialtrend-demo")
