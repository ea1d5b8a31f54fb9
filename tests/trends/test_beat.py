from datetime import timedelta

import pytest
from celery.signals import beat_init
from django.utils import timezone

from socialtrend.celery import app as celery_app
from trends import tasks  # noqa: F401 - connects its beat_init receiver, as beat's task autodiscovery does
from trends.models import SourceRun

pytestmark = pytest.mark.django_db


def test_beat_has_one_entry_per_source_on_its_interval(settings):
    entries = {name: entry for name, entry in settings.CELERY_BEAT_SCHEDULE.items() if name.startswith("trends-")}

    assert entries == {
        f"trends-refresh-{name}": {
            "task": "trends.refresh_source",
            "schedule": timedelta(seconds=seconds),
            "args": [name],
        }
        for name, seconds in [("sandbox", 120), ("google", 1800), ("reddit", 900), ("x", 900), ("mastodon", 900)]
    }


def test_beat_start_queues_the_enabled_sources_that_never_ran(monkeypatch, x_token):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    SourceRun.objects.create(source="x", started_at=timezone.now() - timedelta(days=1))

    beat_init.send(sender=None)
    beat_init.send(sender=None)

    assert list(SourceRun.objects.filter(source="sandbox").values_list("status", flat=True)) == ["success"]
    assert SourceRun.objects.filter(source="x").count() == 1
