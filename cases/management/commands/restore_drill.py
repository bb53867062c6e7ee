"""Restore the latest backup, or a moment (--to), into a scratch cluster and check it
(`make restore-drill`, `make restore-drill TO="2026-03-01 14:02"`). Exit 0: the copy is
sound; 1: a check failed; 2: a key is missing or does not match the backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.backup import repository
from cases.backup.drill import KeyProblem, parse_moment, restore_drill


class Command(BaseCommand):
    help = "Restore a backup into a scratch cluster on its own port and check it."

    def add_arguments(self, parser):
        parser.add_argument("--to", default="", help="a moment (ISO 8601; office time without an offset)")
        parser.add_argument("--keys", default="", help="env file with the keys of that time (default: this machine's)")
        parser.add_argument("--keep", action="store_true", help="leave the scratch cluster running (to export a case)")

    def handle(self, *args, **options):
        try:
            moment = parse_moment(options["to"]) if options["to"] else None
        except ValueError as error:
            raise CommandError(f"--to: not a moment: {options['to']}") from error
        try:
            result = restore_drill(
                to=moment, keys_file=Path(options["keys"]) if options["keys"] else None, keep=options["keep"]
            )
        except KeyProblem as error:
            raise CommandError(str(error), returncode=2) from error
        except repository.BackupError as error:
            raise CommandError(str(error)) from error
        self._print(result)
        if result.report.get("key_mismatch"):
            raise CommandError("; ".join(result.problems), returncode=2)
        if not result.ok:
            raise CommandError("Restore drill failed: " + "; ".join(result.problems))

    def _print(self, result):
        out, report = self.stdout.write, result.report
        out(f"Restore drill of {result.scratch['database']} to {result.target}")
        migrations = report["migrations"]
        out(f"  Migrations: {migrations['applied']} applied, {len(migrations['pending'])} pending")
        audit = report.get("audit", {})
        if audit:
            out(
                f"  Audit chains: {audit['links']} links in {audit['chains']} chains, "
                + (f"broken at {audit['broken']}" if audit["broken"] else "intact")
            )
        counts = report["counts"]
        out(f"  Rows (restored / source at {counts['source_at'] or '-'}):")
        for label, restored in counts["restored"].items():
            source = counts["source"].get(label, "-")
            out(f"    {label:<30} {restored:>8} / {source}{'' if source == restored else '  (differs)'}")
        files = report["files"]
        out(
            f"  Stored files: {files['present']} of {files['expected']} present, SHA-256 as in the manifest, "
            f"{files['present'] - len(files['undecryptable'])} decrypt"
        )
        for missing in files["missing"]:
            out(f"    missing: {missing}")
        for case in report.get("cases", []):
            out(
                f"  Opened {case['reference']}: {case['events']} timeline events, {case['parties']} parties, "
                f"{case['documents']} documents"
            )
        out(f"  Restore and checks took {result.seconds:.1f} s")
        if result.scratch and Path(result.scratch["path"]).exists():
            out(f"  Scratch cluster kept: 127.0.0.1:{result.scratch['port']}, files in {result.scratch['media']}")
