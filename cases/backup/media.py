"""The private media in step with the database: manifests and a copy of every file.

Each snapshot (at every backup, and at the start of every restore drill) writes
BACKUP_DIR/media/manifests/<moment>-<database>-<kind>.json:

- `files`: every stored file that a row points to (attachments, case documents and
  the letters' PDFs, which are case documents), name -> SHA-256 of the encrypted
  bytes; the bytes themselves are copied once, by content, to
  BACKUP_DIR/media/objects/<sha256[:2]>/<sha256> (they are encrypted already);
- `counts`: rows per main table at that moment (the drill compares a restore with it);
- `keys`: fingerprints of the keys of that moment (HMAC of a fixed text under each
  key: they identify a key without revealing it), so that a restore with other keys
  says "key does not match this backup" before it begins.

A restore to a moment T takes, for each file its restored rows point to, the version
of the last snapshot at or before T that has it, else of the first one after T (a file
written between two snapshots). Files purged before T are not in the restored rows,
so they are not brought back.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction

# Rows that name an encrypted file on disk, and the field (as cases.retention.FILE_FIELDS).
FILE_MODELS = (("reports.Attachment", "stored_name"), ("cases.CaseDocument", "stored_name"))
# The tables the drill counts, source against restore.
COUNTED_MODELS = (
    "cases.Case",
    "reports.Report",
    "reports.Attachment",
    "cases.CaseDocument",
    "cases.Letter",
    "cases.Party",
    "cases.TransitionLog",
    "cases.TimelineEvent",
    "cases.AccessLog",
    "cases.AuditSeal",
    "cases.PurgeLog",
    "notifications.Notification",
)
KEY_NAMES = ("FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY", "RECEIPT_CODE_PEPPER")
FINGERPRINT_TEXT = b"idhr-backup-key-fingerprint-v1"


def media_dir() -> Path:
    return Path(settings.BACKUP_DIR) / "media"


def fingerprint(key: str) -> str:
    return hmac.new(key.encode(), FINGERPRINT_TEXT, hashlib.sha256).hexdigest()[:32]


def key_fingerprints(keys: dict[str, object]) -> dict[str, list[str] | str]:
    """FIELD_ENCRYPTION_KEYS: one per key, the first encrypts; the others: one each."""
    return {
        "FIELD_ENCRYPTION_KEYS": [fingerprint(k) for k in keys["FIELD_ENCRYPTION_KEYS"]],
        "BLIND_INDEX_KEY": fingerprint(keys["BLIND_INDEX_KEY"]),
        "RECEIPT_CODE_PEPPER": fingerprint(keys["RECEIPT_CODE_PEPPER"]),
    }


def keys_mismatch(recorded: dict, given: dict) -> list[str]:
    """The names of the given keys that cannot read a backup made with `recorded` keys:
    every field key that encrypted then (the first of each time) must be among the given."""
    wrong = []
    if recorded["FIELD_ENCRYPTION_KEYS"][0] not in given["FIELD_ENCRYPTION_KEYS"]:
        wrong.append("FIELD_ENCRYPTION_KEYS")
    for name in ("BLIND_INDEX_KEY", "RECEIPT_CODE_PEPPER"):
        if recorded[name] != given[name]:
            wrong.append(name)
    return wrong


def stored_files(using: str = "default") -> dict[str, tuple[str, int]]:
    """name -> (model label, pk) of every file a row points to."""
    files = {}
    for label, field in FILE_MODELS:
        model = apps.get_model(label)
        for pk, name in model._base_manager.using(using).values_list("pk", field):
            if name:
                files[name] = (label, pk)
    return files


def row_counts(using: str = "default") -> dict[str, int]:
    return {label: apps.get_model(label)._base_manager.using(using).count() for label in COUNTED_MODELS}


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def object_path(digest: str) -> Path:
    return media_dir() / "objects" / digest[:2] / digest


@dataclass
class Snapshot:
    path: Path
    taken_at: datetime.datetime
    files: int
    missing: list[str]


def media_snapshot(*, kind: str, backup_label: str = "", using: str = "default") -> Snapshot:
    """Copy every file the rows point to (new content only) and write the manifest."""
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    connection = connections[using]
    outer = connection.in_atomic_block
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            if not outer:  # one snapshot for the files and the counts
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SELECT clock_timestamp()")
            taken_at = cursor.fetchone()[0]
        files = stored_files(using)
        counts = row_counts(using)
    manifest, missing = {}, []
    for name in sorted(files):
        source = root / name
        if not source.is_file():
            missing.append(name)
            continue
        digest = sha256_file(source)
        target = object_path(digest)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp = target.with_suffix(".tmp")
            shutil.copyfile(source, tmp)
            tmp.replace(target)
        manifest[name] = digest
    folder = media_dir() / "manifests"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = taken_at.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    database = connections[using].settings_dict["NAME"]
    path = folder / f"{stamp}-{database}-{kind}.json"
    document = {
        "taken_at": taken_at.isoformat(),
        "kind": kind,
        "backup_label": backup_label,
        "database": database,
        "files": manifest,
        "missing": missing,
        "counts": counts,
        "keys": key_fingerprints({name: getattr(settings, name) for name in KEY_NAMES}),
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(document, indent=1, sort_keys=True))
    tmp.replace(path)
    return Snapshot(path=path, taken_at=taken_at, files=len(manifest), missing=missing)


def manifests(*, database: str) -> list[dict]:
    """Every manifest of that database, oldest first."""
    found = []
    for path in sorted((media_dir() / "manifests").glob("*.json")):
        document = json.loads(path.read_text())
        if document["database"] == database:
            document["taken_at"] = datetime.datetime.fromisoformat(document["taken_at"])
            document["path"] = str(path)
            found.append(document)
    return sorted(found, key=lambda d: d["taken_at"])


def manifest_at(documents: list[dict], moment: datetime.datetime | None) -> dict | None:
    """The last manifest at or before `moment` (the last of all when None)."""
    before = [d for d in documents if moment is None or d["taken_at"] <= moment]
    return before[-1] if before else None


def file_version(documents: list[dict], name: str, moment: datetime.datetime | None) -> str | None:
    """The SHA-256 of `name` as of `moment`: the last snapshot at or before it that has
    the file, else the first after it."""
    before = [d for d in documents if moment is None or d["taken_at"] <= moment]
    after = [d for d in documents if moment is not None and d["taken_at"] > moment]
    for document in [*reversed(before), *after]:
        if name in document["files"]:
            return document["files"][name]
    return None


def media_assemble(*, names: list[str], documents: list[dict], moment, target_root: Path) -> dict:
    """Copy the backed-up version of each named file to `target_root`; returns
    {"files": {name: sha256}, "missing": [names without a copy or whose copy is damaged]}."""
    files, missing = {}, []
    for name in sorted(names):
        digest = file_version(documents, name, moment)
        source = object_path(digest) if digest else None
        if source is None or not source.is_file() or sha256_file(source) != digest:
            missing.append(name)
            continue
        target = (target_root / name).resolve()
        if target_root.resolve() not in target.parents:
            missing.append(name)
            continue
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        shutil.copyfile(source, target)
        files[name] = digest
    return {"files": files, "missing": missing}
