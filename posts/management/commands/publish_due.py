"""Run the dispatcher: one tick with --once, else every PUBLISH_DISPATCH_INTERVAL seconds
(a stand-in for celery beat; the publish tasks still need a worker)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from posts.services.dispatch import dispatch_due


class Command(BaseCommand):
    help = "Claim due deliveries and enqueue their publish tasks."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="Run one dispatcher tick and exit.")

    def handle(self, *args, once: bool, **options) -> None:
        while True:
            report = dispatch_due()
            self.stdout.write(f"claimed {report.claimed}, re-enqueued {report.requeued}, missed {report.missed}")
            if once:
                return
            time.sleep(settings.PUBLISH_DISPATCH_INTERVAL)
