"""SocialTrend settings: every value comes from the environment, read here.

With no environment at all the project runs on the embedded default (SQLite
under var/, local-memory cache, a server-less Celery transport), so that
`make run` works on a bare machine. `DATABASE_URL`, `REDIS_URL` and
`CELERY_BROKER_URL` switch to the real services. `.env.example` documents each
variable.

DJANGO_SETTINGS_MODULE=socialtrend.settings is this package, which gathers the
modules below. Every setting is defined once, in the module of its area; a
module imports from the others what it needs (core's paths and DEBUG, celery's
time limits), so the order of the imports here does not matter. Lower-case names
(`beat_schedule`, `publish_concurrency`) are a module's entries for a setting
another module owns; Django reads only upper-case names. The tests run on
`socialtrend.settings.test`.
"""

from socialtrend.settings.api import *  # noqa: F403 - DRF, SimpleJWT, OpenAPI schema, CORS, body limits
from socialtrend.settings.auth import *  # noqa: F403 - authentication backends, login lockout (django-axes)
from socialtrend.settings.beat import *  # noqa: F403 - CELERY_BEAT_SCHEDULE from every area's entries
from socialtrend.settings.cache import *  # noqa: F403 - CACHES
from socialtrend.settings.captions import *  # noqa: F403 - the caption model and quota
from socialtrend.settings.celery import *  # noqa: F403 - broker, queues, routes, time limits
from socialtrend.settings.core import *  # noqa: F403 - paths, apps, middleware, security, logging
from socialtrend.settings.database import *  # noqa: F403 - DATABASES
from socialtrend.settings.demo import *  # noqa: F403 - the demo user
from socialtrend.settings.networks import *  # noqa: F403 - networks' endpoints, credentials and defaults
from socialtrend.settings.notifications import *  # noqa: F403 - e-mail and the notification sweeps
from socialtrend.settings.planning import *  # noqa: F403 - recurring posts' horizon and extension
from socialtrend.settings.publishing import *  # noqa: F403 - dispatch, publish tasks, retries, uploads
from socialtrend.settings.retention import *  # noqa: F403 - days each kind of record is kept, the prune
from socialtrend.settings.trends import *  # noqa: F403 - trend sources
from socialtrend.settings.webhooks import *  # noqa: F403 - outgoing webhooks
