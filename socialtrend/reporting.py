"""What Django's error reports (the DEBUG technical 500 page, error e-mails) may show.

Django hides settings and request.META entries whose names contain API, AUTH,
TOKEN, KEY, SECRET, PASS or SIGNATURE. Our service URLs carry their passwords
inside the value (`postgres://user:password@host/db`, `redis://:password@host`),
under names that match none of those: DATABASE_URL, REDIS_URL, CELERY_BROKER_URL,
the cache's LOCATION, a DSN. Under runserver the process environment is part of
request.META too, so the same names are hidden there.
"""

import re

from django.views.debug import SafeExceptionReporterFilter as DjangoFilter


class SafeExceptionReporterFilter(DjangoFilter):
    hidden_settings = re.compile(f"{DjangoFilter.hidden_settings.pattern}|URL|DSN|LOCATION", flags=re.IGNORECASE)
