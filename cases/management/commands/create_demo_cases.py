"""Demo cases in every workflow state (`make run`); the builder is cases.demo."""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cases.demo import DEMO, demo_cases_create


class Command(BaseCommand):
    help = "Create demo cases in every workflow state (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--allow-production", action="store_true", help="Run even with the production settings.")

    def handle(self, *args, allow_production, **options):
        # `make run` runs with DEBUG off (production-like pages): refuse on production only.
        module = getattr(settings, "SETTINGS_MODULE", None) or os.environ.get("DJANGO_SETTINGS_MODULE", "")
        if module.endswith(".production") and not allow_production:
            raise CommandError("Demo cases are for development only (these are the production settings).")
        created = demo_cases_create()
        self.stdout.write(f"Demo cases: {created} created, {len(DEMO) - created} already there.")
