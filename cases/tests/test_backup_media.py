"""The private media's manifests (cases.backup.media): which copy of a file a restore to
a moment takes, and what it reports missing. No cluster needed: manifests and copies
are files."""

import datetime
import hashlib
import json

import pytest

from cases.backup import media

MOMENT = datetime.datetime(2026, 3, 1, 14, 2, tzinfo=datetime.UTC)


@pytest.fixture
def backup_dir(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backup"
    return settings.BACKUP_DIR


def _manifest(taken_at, files: dict[str, bytes], *, database="idhr"):
    for data in files.values():
        path = media.object_path(hashlib.sha256(data).hexdigest())
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    folder = media.media_dir() / "manifests"
    folder.mkdir(parents=True, exist_ok=True)
    document = {
        "taken_at": taken_at.isoformat(),
        "kind": "backup",
        "database": database,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
        "counts": {},
        "keys": {},
    }
    (folder / f"{taken_at.strftime('%Y%m%dT%H%M%S')}-{database}-backup.json").write_text(json.dumps(document))


def test_a_restore_takes_the_copy_of_that_time_or_the_first_after_it(backup_dir, tmp_path):
    hour = datetime.timedelta(hours=1)
    _manifest(MOMENT - 2 * hour, {"documents/a.bin": b"a, first version"})
    _manifest(MOMENT - hour, {"documents/a.bin": b"a, re-encrypted", "documents/b.bin": b"b"})
    _manifest(MOMENT + hour, {"documents/a.bin": b"a, later", "documents/c.bin": b"c, written after the backup"})
    _manifest(MOMENT - hour, {"documents/z.bin": b"another database's"}, database="idhr_bench")
    documents = media.manifests(database="idhr")
    assert len(documents) == 3

    target = tmp_path / "restored"
    names = ["documents/a.bin", "documents/b.bin", "documents/c.bin", "documents/z.bin"]
    result = media.media_assemble(names=names, documents=documents, moment=MOMENT, target_root=target)
    assert (target / "documents/a.bin").read_bytes() == b"a, re-encrypted"  # the last at or before 14:02
    assert (target / "documents/b.bin").read_bytes() == b"b"
    assert (target / "documents/c.bin").read_bytes() == b"c, written after the backup"  # the first after
    assert result["missing"] == ["documents/z.bin"]  # never backed up for this database


def test_a_damaged_copy_is_reported_missing_not_restored(backup_dir, tmp_path):
    _manifest(MOMENT, {"documents/a.bin": b"the bytes"})
    media.object_path(hashlib.sha256(b"the bytes").hexdigest()).write_bytes(b"bit rot")
    result = media.media_assemble(
        names=["documents/a.bin"], documents=media.manifests(database="idhr"), moment=None, target_root=tmp_path / "r"
    )
    assert result == {"files": {}, "missing": ["documents/a.bin"]}
    assert not (tmp_path / "r" / "documents/a.bin").exists()


def test_the_keys_of_the_backup_are_told_apart_from_others():
    recorded = media.key_fingerprints(
        {"FIELD_ENCRYPTION_KEYS": ["k1", "k0"], "BLIND_INDEX_KEY": "b", "RECEIPT_CODE_PEPPER": "p"}
    )
    rotated = media.key_fingerprints(
        {"FIELD_ENCRYPTION_KEYS": ["k2", "k1"], "BLIND_INDEX_KEY": "b", "RECEIPT_CODE_PEPPER": "p"}
    )
    assert media.keys_mismatch(recorded, rotated) == []  # k1 encrypted then and is still given
    other = media.key_fingerprints(
        {"FIELD_ENCRYPTION_KEYS": ["k0"], "BLIND_INDEX_KEY": "x", "RECEIPT_CODE_PEPPER": "p"}
    )
    assert media.keys_mismatch(recorded, other) == ["FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY"]
    assert "k1" not in json.dumps(recorded) and len(recorded["BLIND_INDEX_KEY"]) == 32
