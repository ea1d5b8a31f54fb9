"""Captions: the language model (any OpenAI-compatible server), its timeouts
and retries, and the per-user daily quota.

With no key the offline generator answers (deterministic, marked `offline`).
Any OpenAI-compatible server works through OPENAI_BASE_URL (Ollama, vLLM,
LM Studio); they need some non-empty key even when they ignore it.
"""

from socialtrend.env import env_float, env_int, env_str

OPENAI_API_KEY = env_str("OPENAI_API_KEY")
OPENAI_BASE_URL = env_str("OPENAI_BASE_URL")
OPENAI_MODEL = env_str("OPENAI_MODEL", "gpt-4o-mini")
# A caption request is a web request: the SDK's defaults (600 s, 2 retries) are far too long.
OPENAI_TIMEOUT = env_float("OPENAI_TIMEOUT", 20.0)
OPENAI_MAX_RETRIES = env_int("OPENAI_MAX_RETRIES", 1)
# Caption requests per user per UTC day; 0 turns the quota off.
CAPTIONS_DAILY_QUOTA = env_int("CAPTIONS_DAILY_QUOTA", 50)
# How many current trends `ride_trends` puts into the prompt.
CAPTIONS_RIDE_TRENDS_LIMIT = env_int("CAPTIONS_RIDE_TRENDS_LIMIT", 3)
