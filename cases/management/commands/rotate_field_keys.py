"""Re-encrypt every encrypted column and private file under the first FIELD_ENCRYPTION_KEYS key.

Usage (after putting the new key first in FIELD_ENCRYPTION_KEYS on every machine):

    manage.py rotate_field_keys [--batch-size 500] [--check]

Resumable and idempotent: what is already under the current key is skipped. When it
reports 0 values left and no errors (`--check`), the old key can be removed.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from idhr_portal import crypto_rotation
from idhr_portal.db_roles import as_owner


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field and file with the current (first) FIELD_ENCRYPTION_KEYS key."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")
        parser.add_argument(
            "--check",
            action="store_true",
            help="write nothing: count what is not yet under the current key",
        )

    def handle(self, *args, **options):
        with as_owner():  # key rotation is the owner's (idhr_portal.db_roles)
            return self._handle(**options)

    def _handle(self, batch_size: int, check: bool, **_options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        keys = list(settings.FIELD_ENCRYPTION_KEYS)
        self.stdout.write(
            f"Current key {crypto_rotation.fingerprint(keys[0])}; {len(keys)} key(s) configured."
            + (" Checking only." if check else "")
        )
        counts = crypto_rotation.rotate_all(
            batch_size=batch_size, check_only=check, progress=self.stdout.write
        )
        verb = "to re-encrypt" if check else "re-encrypted"
        self.stdout.write(
            f"Done: {counts.rows} row(s) and file(s) read, {counts.rotated} {verb} "
            f"({counts.values} value(s)), {len(counts.errors)} error(s)."
        )
        if counts.errors:
            for error in counts.errors[:100]:
                self.stderr.write(f"cannot decrypt with any configured key: {error}")
            raise CommandError(f"{len(counts.errors)} value(s) could not be decrypted: keep every old key.")
        if check and counts.rotated:
            raise CommandError(f"{counts.rotated} row(s) or file(s) are still under an old key.")
        if not check:
            self.stdout.write(self.style.SUCCESS("Everything is under the current key."))
