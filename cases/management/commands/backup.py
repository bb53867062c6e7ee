"""Take a backup: pgBackRest for the database, the private media's manifest beside it,
and the audit chains' heads appended to the anchor file (`make backup`)."""

from django.core.management.base import BaseCommand, CommandError

from cases.audit_anchors import anchors_append
from cases.backup import media, repository


class Command(BaseCommand):
    help = "Back up the database (pgBackRest) and the private media (manifest with SHA-256)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--type",
            choices=["auto", "full", "diff", "incr"],
            default="auto",
            help="pgBackRest backup type (auto: full when the last full one is over a week old, else incr)",
        )

    def handle(self, *args, **options):
        try:
            backup = repository.backup_take(kind=options["type"])
        except repository.BackupError as error:
            raise CommandError(str(error)) from error
        snapshot = media.media_snapshot(kind="backup", backup_label=backup["label"])
        anchored = anchors_append()
        size = backup["info"]["repository"]["delta"]
        self.stdout.write(
            f"Backup {backup['label']} ({backup['type']}, {size} bytes in the repository); "
            f"{snapshot.files} stored files in {snapshot.path.name}; {anchored} chain heads anchored."
        )
        if snapshot.missing:
            self.stderr.write(
                f"{len(snapshot.missing)} stored files named by rows are not on disk: "
                + ", ".join(snapshot.missing[:10])
            )
