"""Load the office's public content (fixtures/*.json) into an empty site.

`make run` calls this on every start: it loads the fixtures the first time and
afterwards leaves what staff have edited in the admin alone. `--force` reloads
them, overwriting staff edits to the same records.
"""
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from resources.models import Definition, ReportingOption, Resource, Right, TrainingRequirement

CONTENT_MODELS = (Resource, ReportingOption, Definition, Right, TrainingRequirement)


class Command(BaseCommand):
    help = "Load fixtures/*.json when the public content tables are empty."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Reload even if content exists.")

    def handle(self, *args, force, **options):
        if not force and any(model.objects.exists() for model in CONTENT_MODELS):
            self.stdout.write("Site content already loaded; staff edits kept (use --force to reload).")
            return
        fixtures = sorted(str(p) for p in (Path(settings.BASE_DIR) / "fixtures").glob("*.json"))
        call_command("loaddata", *fixtures, verbosity=options.get("verbosity", 1))
