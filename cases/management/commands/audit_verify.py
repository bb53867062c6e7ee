"""Walk the audit hash chains (cases.audit_chain) and name the first broken link."""

from django.core.management.base import BaseCommand, CommandError

from cases.audit_chain import audit_verify


class Command(BaseCommand):
    help = "Verify the hash chains of the transition log, timeline, access log and history events."

    def handle(self, *args, **options):
        result = audit_verify()
        if not result.ok:
            raise CommandError(f"Audit chain broken at {result.first_break}")
        self.stdout.write(f"Audit chains intact: {result.links} links in {len(result.heads)} chains.")
        for chain, head in sorted(result.heads.items()):
            self.stdout.write(f"  {chain} {head}")
