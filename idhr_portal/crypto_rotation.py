"""Key rotation for data encrypted with idhr_portal.crypto.

Found generically, so a new encrypted column or blind index is rotated without
touching this module:

- encrypted columns: every local concrete field that is an EncryptedTextField or
  EncryptedJSONField, on every concrete model of apps.get_models(). That includes
  the pghistory event tables (cases.*Event): they hold ciphertext copies of the
  tracked rows, and a copy left under an old key would keep that key necessary (and
  its compromise harmful). Re-encryption changes the ciphertext only, never the
  plaintext, so the history still says exactly what it said.
- encrypted files: every file under PRIVATE_MEDIA_ROOT (EncryptedFileStore keeps all
  of them there: attachments/ named by reports.Attachment.stored_name, cases/ named by
  cases.CaseDocument.stored_name, staging/ named only inside encrypted session drafts),
  so orphans and staged uploads are rotated too.
- blind indexes: a CharField "<field>_index" next to an encrypted "<field>" (name,
  email) on the same model, including the event tables' copies.

Rows are read in primary-key order, one batch per transaction with the batch's rows
locked (SELECT ... FOR UPDATE), so an edit made at the same moment is never lost.
A value already under the current key (is_current_token) is skipped, so a run that
was interrupted simply continues when started again, and a second run changes nothing.

Writes bypass the encrypted field (the token is written as it is, not encrypted
again) and run with the table's pgtrigger triggers ignored: pghistory would
otherwise add one "update" event per row for a change of ciphertext only, and
reports.FormalComplaint's freeze trigger would refuse the re-encryption of a signed
complaint whose content does not change.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pgtrigger
from cryptography.fernet import InvalidToken
from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import connection, models, transaction
from django.db.models.functions import Cast

from idhr_portal.crypto import (
    EncryptedFileStore,
    EncryptedJSONField,
    EncryptedTextField,
    blind_index,
    is_current_token,
    rotate_token,
)

ENCRYPTED_FIELD_TYPES = (EncryptedTextField, EncryptedJSONField)
# The blind_index kind of each indexed field name ("<name>_index" next to "<name>").
BLIND_INDEX_KINDS = {"name": "name", "email": "email"}

Progress = Callable[[str], None]


def _silent(message: str) -> None:
    return None


def _verb(check_only: bool, verb: str = "re-encrypt") -> str:
    return f"to {verb}" if check_only else {"re-encrypt": "re-encrypted", "recompute": "recomputed"}[verb]


@dataclass
class RotationCounts:
    rows: int = 0  # rows (or files) looked at
    rotated: int = 0  # rows (or files) rewritten
    values: int = 0  # encrypted values rewritten
    errors: list[str] = field(default_factory=list)  # "<label> pk=<pk> <field>" only, no content

    def add(self, other: RotationCounts) -> None:
        self.rows += other.rows
        self.rotated += other.rotated
        self.values += other.values
        self.errors += other.errors


def _concrete_models() -> Iterator[type[models.Model]]:
    seen_tables: set[str] = set()
    for model in apps.get_models():
        opts = model._meta
        if opts.proxy or not opts.managed or opts.db_table in seen_tables:
            continue
        seen_tables.add(opts.db_table)
        yield model


def encrypted_columns() -> list[tuple[type[models.Model], list[models.Field]]]:
    """Every concrete model with encrypted columns, and those columns."""
    found = []
    for model in _concrete_models():
        fields = [f for f in model._meta.local_concrete_fields if isinstance(f, ENCRYPTED_FIELD_TYPES)]
        if fields:
            found.append((model, fields))
    return sorted(found, key=lambda item: item[0]._meta.label)


def blind_index_columns() -> list[tuple[type[models.Model], list[tuple[models.Field, models.Field, str]]]]:
    """Every model with blind indexes: (model, [(encrypted field, index field, kind), ...])."""
    found = []
    for model in _concrete_models():
        pairs = []
        for source in model._meta.local_concrete_fields:
            if not isinstance(source, ENCRYPTED_FIELD_TYPES):
                continue
            try:
                index = model._meta.get_field(f"{source.name}_index")
            except FieldDoesNotExist:  # no blind index next to this field
                continue
            kind = BLIND_INDEX_KINDS.get(source.name)
            if kind is None:
                raise ImproperlyConfigured(
                    f"{model._meta.label}.{index.name}: no blind-index kind is known for '{source.name}'; "
                    "add it to idhr_portal.crypto_rotation.BLIND_INDEX_KINDS."
                )
            pairs.append((source, index, kind))
        if pairs:
            found.append((model, pairs))
    return sorted(found, key=lambda item: item[0]._meta.label)


def _table_triggers(model: type[models.Model]) -> list[str]:
    """URIs of every pgtrigger trigger installed on the model's table (pghistory's included)."""
    table = model._meta.db_table
    return [
        f"{registered._meta.label}:{trigger.name}"
        for registered, trigger in pgtrigger.registered()
        if registered._meta.db_table == table
    ]


def _triggers_ignored(model: type[models.Model]):
    uris = _table_triggers(model)
    # pgtrigger.ignore() with no URI would ignore every trigger: only name this table's.
    return pgtrigger.ignore(*uris) if uris else contextlib.nullcontext()


def _batches(
    model: type[models.Model],
    *,
    columns: dict[str, models.Expression],
    batch_size: int,
    handle: Callable[[list[tuple]], None],
) -> Iterator[int]:
    """Call handle(rows) for each batch of rows (pk, *columns) in pk order; yield after each commit.

    Each batch is one transaction: its rows are locked (SELECT ... FOR UPDATE) while
    `handle` writes them, so an edit made at the same moment waits and is not lost.
    Whatever stops the run (an error, Ctrl-C) loses at most the batch in progress.
    """
    queryset = model._base_manager.order_by("pk").annotate(**columns)
    last_pk = None
    while True:
        with transaction.atomic(), _triggers_ignored(model):
            # The audit rows' append-only trigger (cases.audit_chain) lets this transaction
            # change encrypted columns, and nothing else.
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('idhr.key_rotation', 'on', true)")
            page = queryset if last_pk is None else queryset.filter(pk__gt=last_pk)
            rows = list(page.select_for_update(of=("self",)).values_list("pk", *columns)[:batch_size])
            if not rows:
                return
            handle(rows)
        last_pk = rows[-1][0]
        yield len(rows)


def rotate_model_fields(
    model: type[models.Model],
    fields: list[models.Field],
    *,
    batch_size: int = 500,
    check_only: bool = False,
    progress: Progress = _silent,
) -> RotationCounts:
    """Re-encrypt every value of these encrypted fields under the current key."""
    label = model._meta.label
    counts = RotationCounts()
    # Read the raw column (the token) instead of the decrypted value.
    raw = {f"_raw_{f.attname}": Cast(f.attname, output_field=models.TextField()) for f in fields}

    def handle(rows: list[tuple]) -> None:
        updates: list[models.Model] = []
        for pk, *tokens in rows:
            counts.rows += 1
            new_tokens, changed = [], 0
            for f, token in zip(fields, tokens, strict=True):
                if token is None or is_current_token(token.encode("ascii")):
                    new_tokens.append(token)
                    continue
                try:
                    new_tokens.append(rotate_token(token.encode("ascii")).decode("ascii"))
                except InvalidToken:
                    counts.errors.append(f"{label} pk={pk} {f.name}")
                    new_tokens.append(token)
                    continue
                changed += 1
            if changed:
                obj = model(pk=pk)
                for f, token in zip(fields, new_tokens, strict=True):
                    # An expression is written as it is: the field does not encrypt it again.
                    setattr(obj, f.attname, models.Value(token, output_field=models.TextField()))
                updates.append(obj)
                counts.values += changed
        if updates and not check_only:
            model._base_manager.bulk_update(updates, [f.name for f in fields])
        counts.rotated += len(updates)

    for _batch in _batches(model, columns=raw, batch_size=batch_size, handle=handle):
        progress(f"{label}: {counts.rows} row(s) read, {counts.rotated} {_verb(check_only)}")
    return counts


def private_files(root: Path | None = None) -> list[str]:
    """Names (relative to PRIVATE_MEDIA_ROOT) of every stored encrypted file, sorted."""
    root = Path(root or settings.PRIVATE_MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(
        str(path.relative_to(root))
        for path in root.rglob("*")
        if path.is_file() and path.suffix != ".tmp" and not path.is_symlink()
    )


def rotate_files(
    *, batch_size: int = 500, check_only: bool = False, progress: Progress = _silent
) -> RotationCounts:
    """Re-encrypt every private file under the current key (EncryptedFileStore.rotate)."""
    counts = RotationCounts()
    names = private_files()
    for start in range(0, len(names), batch_size):
        for name in names[start : start + batch_size]:
            folder = name.split("/", 1)[0]
            counts.rows += 1
            try:
                store = EncryptedFileStore(folder)
                if check_only:
                    path = Path(settings.PRIVATE_MEDIA_ROOT) / name
                    changed = not is_current_token(path.read_bytes())
                    if changed:
                        rotate_token(path.read_bytes())  # raises when no key opens it
                else:
                    changed = store.rotate(name)
            except FileNotFoundError:  # deleted meanwhile (staging purge, retention purge)
                continue
            except (InvalidToken, ValueError):
                counts.errors.append(f"file {name}")
                continue
            if changed:
                counts.rotated += 1
                counts.values += 1
        progress(f"files: {counts.rows} of {len(names)} read, {counts.rotated} {_verb(check_only)}")
    return counts


def rotate_all(
    *, batch_size: int = 500, check_only: bool = False, progress: Progress = _silent
) -> RotationCounts:
    """Every encrypted column of every model, then every private file."""
    total = RotationCounts()
    for model, fields in encrypted_columns():
        total.add(
            rotate_model_fields(
                model, fields, batch_size=batch_size, check_only=check_only, progress=progress
            )
        )
    total.add(rotate_files(batch_size=batch_size, check_only=check_only, progress=progress))
    return total


def _index_value(value, *, kind: str, key: str) -> str:
    return blind_index(value or "", kind=kind, key=key)


def _index_batch_handler(
    model, pairs, counts: RotationCounts, *, new_key: str, old_key: str | None, check: bool
):
    label = model._meta.label

    def handle(rows: list[tuple]) -> None:
        updates = []
        for pk, *values in rows:
            counts.rows += 1
            obj, changed = model(pk=pk), False
            for position, (_source, index, kind) in enumerate(pairs):
                value, stored = values[2 * position], values[2 * position + 1]
                wanted = _index_value(value, kind=kind, key=new_key)
                setattr(obj, index.attname, wanted)
                if stored == wanted:
                    continue
                changed = True
                counts.values += 1
                if old_key is not None and stored != _index_value(value, kind=kind, key=old_key):
                    counts.errors.append(f"{label} pk={pk} {index.name}")
            if changed:
                updates.append(obj)
        if updates and not check:
            model._base_manager.bulk_update(updates, [index.name for _s, index, _k in pairs])
        counts.rotated += len(updates)

    return handle


def rotate_blind_indexes(
    *,
    batch_size: int = 500,
    old_key: str | None = None,
    check_only: bool = False,
    progress: Progress = _silent,
) -> RotationCounts:
    """Recompute every blind index from the decrypted value under settings.BLIND_INDEX_KEY.

    With `old_key`, a stored index that matches neither the old nor the new key is
    reported as an error (it was computed from another value or another key); it is
    still rewritten.
    """
    new_key = settings.BLIND_INDEX_KEY
    if old_key is not None and hmac.compare_digest(old_key.encode(), new_key.encode()):
        raise ImproperlyConfigured("The old blind-index key is the same as BLIND_INDEX_KEY.")
    total = RotationCounts()
    for model, pairs in blind_index_columns():
        label = model._meta.label
        counts = RotationCounts()
        columns = {}
        for source, index, _kind in pairs:
            columns[f"_src_{source.attname}"] = models.F(source.attname)
            columns[f"_idx_{index.attname}"] = models.F(index.attname)
        handle = _index_batch_handler(
            model, pairs, counts, new_key=new_key, old_key=old_key, check=check_only
        )
        for _batch in _batches(model, columns=columns, batch_size=batch_size, handle=handle):
            progress(f"{label}: {counts.rows} row(s) read, {counts.rotated} {_verb(check_only, 'recompute')}")
        total.add(counts)
    return total


def fingerprint(key: str) -> str:
    """A short, non-reversible name for a key, safe to print (first 8 hex of its SHA-256)."""
    return hashlib.sha256(key.encode()).hexdigest()[:8]
