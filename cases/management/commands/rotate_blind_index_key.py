"""Recompute every blind index (repeat-respondent matching, the people search) under BLIND_INDEX_KEY.

Usage (after setting the new BLIND_INDEX_KEY on every machine):

    OLD_BLIND_INDEX_KEY=... manage.py rotate_blind_index_key [--old-key-env OLD_BLIND_INDEX_KEY]
        [--batch-size 500] [--check]

The indexes are recomputed from the decrypted names and email addresses, so the old
key is not needed to rotate; given with --old-key-env it is used to report stored
indexes that match neither key (data computed from another value). Resumable and
idempotent: rows whose indexes are already right are not written.
"""

import os

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from idhr_portal import crypto_rotation
from idhr_portal.db_roles import as_owner


class Command(BaseCommand):
    help = "Recompute every blind-index column from the decrypted values with the current BLIND_INDEX_KEY."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")
        parser.add_argument(
            "--old-key-env",
            default="",
            help="environment variable holding the previous key (optional; for the consistency check)",
        )
        parser.add_argument("--check", action="store_true", help="write nothing: count indexes to recompute")

    def handle(self, *args, **options):
        with as_owner():  # key rotation is the owner's (idhr_portal.db_roles)
            return self._handle(**options)

    def _handle(self, batch_size: int, old_key_env: str, check: bool, **_options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        old_key = None
        if old_key_env:
            old_key = os.environ.get(old_key_env)
            if not old_key:
                raise CommandError(f"The environment variable {old_key_env} is not set.")
        try:
            counts = crypto_rotation.rotate_blind_indexes(
                batch_size=batch_size, old_key=old_key, check_only=check, progress=self.stdout.write
            )
        except ImproperlyConfigured as error:  # the same key twice, or an unknown index kind
            raise CommandError(str(error)) from error
        # The people search's indexes (cases.IdentityToken): rebuilt from the decrypted identities.
        from cases.services.people import identity_tokens_rebuild

        counts.add(
            identity_tokens_rebuild(
                batch_size=batch_size, old_key=old_key, check_only=check, progress=self.stdout.write
            )
        )
        verb = "to recompute" if check else "recomputed"
        self.stdout.write(
            f"Done: {counts.rows} row(s) read, {counts.rotated} {verb} ({counts.values} index value(s)), "
            f"{len(counts.errors)} unexpected stored value(s)."
        )
        for error in counts.errors[:100]:
            self.stderr.write(f"stored index matched neither the old nor the new key: {error}")
        if check and counts.rotated:
            raise CommandError(f"{counts.rotated} row(s) still have indexes under another key.")
