"""Put `unknown` (or `failed`) deliveries back in line: a person's decision, made here
for many at once. A dry run unless --yes, which for `unknown` accepts that a delivery
that did go out is published twice. Each goes out at its scheduled time, or now if
that has passed."""

from django.core.management.base import BaseCommand

from posts.models import Delivery
from posts.services.deliveries import delivery_retry
from socialtrend.errors import ConflictError


class Command(BaseCommand):
    help = "Retry deliveries that ended unknown or failed (dry run unless --yes)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--status", required=True, choices=[Delivery.Status.UNKNOWN, Delivery.Status.FAILED])
        parser.add_argument("--post", type=int, help="Only this post's deliveries.")
        parser.add_argument("--yes", action="store_true", help="Do it; without it, only list what would be retried.")

    def handle(self, *args, status: str, post: int | None, yes: bool, **options) -> None:
        deliveries = Delivery.objects.filter(status=status).select_related("account", "post").order_by("pk")
        if post is not None:
            deliveries = deliveries.filter(post_id=post)
        retried = skipped = 0
        for delivery in deliveries:
            line = f"delivery {delivery.pk} (post {delivery.post_id}, {delivery.account}): {delivery.last_error}"
            if not yes:
                self.stdout.write(f"would retry {line}")
                continue
            try:
                delivery_retry(delivery=delivery, confirm=True)
            except ConflictError as exc:
                skipped += 1
                self.stderr.write(f"skipped {line}: {exc.message}")
            else:
                retried += 1
                self.stdout.write(f"retrying {line}")
        if yes:
            self.stdout.write(self.style.SUCCESS(f"{retried} retried, {skipped} skipped."))
        else:
            self.stdout.write(f"Dry run: {deliveries.count()} {status} deliveries; add --yes to retry them.")
