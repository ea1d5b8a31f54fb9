"""`manage.py prune [--older-than-days N]`: what the daily beat task `socialtrend.prune` does.

The command sits in webhooks, the app at the top of the layers, only because
the core is not an installed app; it asks every app through the core's
`socialtrend.retention`, so it imports none of the others.
"""

from django.core.management.base import BaseCommand, CommandError

from socialtrend import retention


class Command(BaseCommand):
    help = (
        "Delete webhook events (with their deliveries and attempts) and caption history older than "
        "their retention (WEBHOOK_RETENTION_DAYS, CAPTION_RETENTION_DAYS), or than --older-than-days."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--older-than-days", type=int, help="One age, in days, for every kind (overrides the settings)."
        )

    def handle(self, *args, older_than_days: int | None, **options) -> None:
        if older_than_days is not None and older_than_days < 1:
            raise CommandError(f"--older-than-days must be a number of days of at least 1, got {older_than_days}")
        deleted = retention.prune_all(older_than_days=older_than_days)
        if not deleted:
            self.stdout.write("nothing to prune: every kind is kept for ever")
        for kind, count in deleted.items():
            self.stdout.write(f"deleted {count} {kind}")
