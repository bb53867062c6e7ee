"""Walk the audit hash chains (cases.audit_chain) and name the first broken link; with
--anchors FILE, also the first anchor written outside the database that the chains no
longer match (cases.audit_anchors)."""

from django.core.management.base import BaseCommand, CommandError

from cases.audit_anchors import anchors_check
from cases.audit_chain import audit_verify


class Command(BaseCommand):
    help = "Verify the hash chains of the transition log, timeline, access log and history events."

    def add_arguments(self, parser):
        parser.add_argument("--anchors", default="", help="the anchor file (settings.AUDIT_ANCHOR_FILE)")

    def handle(self, *args, **options):
        result = audit_verify()
        if not result.ok:
            raise CommandError(f"Audit chain broken at {result.first_break}")
        if options["anchors"]:
            checked, mismatch = anchors_check(path=options["anchors"])
            if mismatch:
                raise CommandError(f"Audit chain no longer matches {mismatch}")
            self.stdout.write(f"Anchors matched: {checked}.")
        self.stdout.write(f"Audit chains intact: {result.links} links in {len(result.heads)} chains.")
        for chain, head in sorted(result.heads.items()):
            self.stdout.write(f"  {chain} {head}")
