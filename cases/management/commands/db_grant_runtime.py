"""Give the runtime database role row rights only (run as the owner, after migrate).

The runtime role (web server, worker, beat) may read and write rows; it owns no table,
so it can neither disable a trigger nor alter a table, and the audit trigger refuses it
the purge's and key rotation's paths (cases.audit_chain). docs/deployment.md, "Two
database roles", gives the same grants for production.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction


class Command(BaseCommand):
    help = "GRANT the runtime role row rights on every table and sequence (none of ownership)."

    def add_arguments(self, parser):
        parser.add_argument("role", nargs="?", default="idhr_app")

    def handle(self, *args, role, **options):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
            if cursor.fetchone() is None:
                raise CommandError(f"No database role {role} (scripts/services creates idhr_app).")
            quoted = connection.ops.quote_name(role)
            with transaction.atomic():
                for statement in db_grants(quoted):
                    cursor.execute(statement)
        self.stdout.write(f"Row rights granted to {role}.")


def db_grants(role: str) -> list[str]:
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ]
