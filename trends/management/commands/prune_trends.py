import re
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from trends import services

UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def parse_age(text: str) -> timedelta:
    """`90d`, `12h`, `4w` -> a timedelta."""
    match = re.fullmatch(r"(\d+)([hdw])", text.strip())
    if not match or int(match.group(1)) == 0:
        raise CommandError(f'--older-than must look like 90d, 12h or 4w, got "{text}"')
    return timedelta(**{UNITS[match.group(2)]: int(match.group(1))})


class Command(BaseCommand):
    help = "Delete trend history and source runs older than an age, and trends not seen since."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--older-than", required=True, help="An age such as 90d, 12h or 4w.")

    def handle(self, *args, older_than: str, **options) -> None:
        result = services.trends_prune(older_than=parse_age(older_than))
        self.stdout.write(f"deleted {result.snapshots} snapshots, {result.items} trends, {result.runs} runs")
