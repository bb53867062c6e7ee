from django.core.management.base import BaseCommand

from reports import services


class Command(BaseCommand):
    help = "Delete encrypted staged uploads of report drafts that were never sent."

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=None, help="seconds (default: the setting)")

    def handle(self, *args, older_than=None, **options):
        removed = services.staging_purge(older_than_seconds=older_than)
        self.stdout.write(f"Removed {removed} staged file(s).")
