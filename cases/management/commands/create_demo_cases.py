"""Demo cases in every workflow state (`make run`); the builder is cases.demo."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cases.demo import DEMO, demo_cases_create


class Command(BaseCommand):
    help = "Create demo cases in every workflow state (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--allow-production", action="store_true", help="Run even when DEBUG is off.")

    def handle(self, *args, allow_production, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("Demo cases are for development only (DEBUG is off).")
        created = demo_cases_create()
        self.stdout.write(f"Demo cases: {created} created, {len(DEMO) - created} already there.")
