"""Run inside a restored copy by the restore drill (cases.backup.drill); not by hand."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from cases.backup.checks import restore_checks
from cases.backup.drill import parse_moment


class Command(BaseCommand):
    help = "The restore drill's checks against the restored copy this process is connected to."

    def add_arguments(self, parser):
        parser.add_argument("--database-name", required=True)
        parser.add_argument("--report", required=True)
        parser.add_argument("--to", default="")

    def handle(self, *args, **options):
        moment = parse_moment(options["to"]) if options["to"] else None
        report = restore_checks(database_name=options["database_name"], moment=moment)
        Path(options["report"]).write_text(json.dumps(report, indent=1, default=str))
