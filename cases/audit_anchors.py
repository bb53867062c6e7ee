"""Anchors: the audit chains' heads written outside the database, and checked later.

Whoever holds the owner's database credentials could change an audit row and recompute
every later link; `audit_verify` alone would then pass. Each day (the audit task) and
at each backup, the head of every chain is appended to an anchor file kept with the
backups (settings.AUDIT_ANCHOR_FILE: one JSON object a line, opened for appending
only). `anchors_check` asks of each earlier anchor whether its seal still has the
hash written then: a chain recomputed after the anchor was written no longer has it.
Each line names its database, so that one file may serve several (the bench's).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import AuditSeal

SEAL_TABLE = AuditSeal._meta.db_table  # the chains' seals (cases.audit_chain)


@dataclass
class AnchorMismatch:
    line: int
    anchor: dict
    problem: str

    def __str__(self):
        a = self.anchor
        return (
            f"anchor {self.line} (written {a['at']}): {a['chain']} seal {a['seal_id']} "
            f"at position {a['position']} {self.problem}"
        )


def anchor_path(path: Path | str | None = None) -> Path:
    return Path(path or settings.AUDIT_ANCHOR_FILE)


def chain_heads() -> list[dict]:
    """Each chain's last seal: its id, position (1 = first link) and hash."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT chain, max(id), count(*) FROM {SEAL_TABLE} GROUP BY chain ORDER BY chain"  # noqa: S608 - constant
        )
        heads = cursor.fetchall()
        cursor.execute(f"SELECT id, hash FROM {SEAL_TABLE} WHERE id = ANY(%s)", [[h[1] for h in heads]])  # noqa: S608 - constant
        hashes = dict(cursor.fetchall())
    return [{"chain": c, "seal_id": i, "position": n, "hash": hashes[i]} for c, i, n in heads]


def anchors_append(*, path: Path | str | None = None) -> int:
    """Append the current heads to the anchor file (created 0600); returns how many."""
    target = anchor_path(path)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = {"at": timezone.now().isoformat(), "database": connection.settings_dict["NAME"]}
    lines = "".join(json.dumps({**stamp, **head}, sort_keys=True) + "\n" for head in chain_heads())
    fd = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(fd, "a") as handle:
        handle.write(lines)
    return lines.count("\n")


def anchors_read(path: Path | str | None = None) -> list[tuple[int, dict]]:
    """(line number, anchor) of this database's anchors (one file may serve several)."""
    target = anchor_path(path)
    if not target.exists():
        return []
    database = connection.settings_dict["NAME"]
    anchors = [(n, json.loads(line)) for n, line in enumerate(target.read_text().splitlines(), start=1) if line.strip()]
    return [(n, a) for n, a in anchors if a.get("database", database) == database]


def anchors_check(*, path: Path | str | None = None) -> tuple[int, AnchorMismatch | None]:
    """(anchors checked, the first anchor, in file order, the chain no longer matches)."""
    anchors = anchors_read(path)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, chain, hash FROM {SEAL_TABLE} WHERE id = ANY(%s)",  # noqa: S608 - constant
            [sorted({a["seal_id"] for _n, a in anchors})],
        )
        seals = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
    for line, anchor in anchors:
        seal = seals.get(anchor["seal_id"])
        if seal is None or seal[0] != anchor["chain"]:
            return len(anchors), AnchorMismatch(line, anchor, "is no longer on the chain")
        if seal[1] != anchor["hash"]:
            return len(anchors), AnchorMismatch(line, anchor, "has another hash than the one anchored")
    return len(anchors), None
