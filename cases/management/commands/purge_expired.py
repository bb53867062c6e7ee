"""Purge cases and reports whose retention period is over (settings.RETENTION_YEARS).

    manage.py purge_expired [--dry-run]

Cases on legal hold are kept. Each run is recorded in the purge log (counts only).
Celery beat runs the same purge monthly (cases.purge_expired).
"""

from django.core.management.base import BaseCommand, CommandError

from cases.models import PurgeLog
from cases.retention import retention_purge, retention_years


class Command(BaseCommand):
    help = "Delete expired cases and unattached reports with everything that hangs from them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="count what would be purged, delete nothing and write no purge log",
        )

    def handle(self, *args, dry_run: bool, **options):
        policy = ", ".join(f"{key}={years}y" for key, years in retention_years().items())
        self.stdout.write(f"Retention policy: {policy}")
        result = retention_purge(dry_run=dry_run, trigger=PurgeLog.Trigger.COMMAND)
        prefix = "Would purge" if dry_run else "Purged"
        self.stdout.write(
            f"{prefix} {result.cases} case(s) and {result.reports} report(s), {result.files} file(s); "
            f"{result.held_cases} expired case(s) kept on legal hold."
        )
        for label, count in sorted(result.counts.items()):
            self.stdout.write(f"  {label}: {count}")
        if result.log is not None:
            self.stdout.write(f"Purge log entry #{result.log.pk} written.")
        if result.failures:
            raise CommandError(f"{result.failures} case(s) or report(s) could not be purged; see the log.")
