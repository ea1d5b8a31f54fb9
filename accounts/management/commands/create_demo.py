from django.conf import settings
from django.core.management.base import BaseCommand

from accounts.services import demo_user_ensure


class Command(BaseCommand):
    help = "Create the demo user (idempotent) and print how to log in."

    def handle(self, *args, **options) -> None:
        user, created = demo_user_ensure()
        verb = "Created" if created else "Found"
        self.stdout.write(self.style.SUCCESS(f"{verb} demo user."))
        self.stdout.write(f"  e-mail:   {user.email}")
        self.stdout.write(f"  password: {settings.DEMO_USER_PASSWORD}")
