"""pgBackRest for the portal's cluster: take a backup, restore one elsewhere.

pgBackRest runs as the cluster's OS user (postgres) when this process is root, as
scripts/services does; its configuration (repository, encryption, retention) is the
file named by settings.PGBACKREST_CONFIG.
"""

from __future__ import annotations

import datetime
import glob
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

from django.conf import settings


class BackupError(Exception):
    """A backup tool failed; the message says which step (never a stack trace)."""


class LockHeld(BackupError):
    """Another backup of the stanza is running (pgBackRest's error 50)."""

    def __init__(self):
        super().__init__("another pgBackRest backup of this cluster is running")


LOCK_HELD = 50
FULL_EVERY = datetime.timedelta(days=7)


def as_cluster_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def chown_to_cluster_user(path: Path) -> None:
    if os.geteuid() == 0:
        shutil.chown(path, "postgres", "postgres")


def pgbackrest(*args: str, timeout: float = 3600) -> str:
    command = as_cluster_user(
        ["pgbackrest", f"--config={settings.PGBACKREST_CONFIG}", f"--stanza={settings.PGBACKREST_STANZA}", *args]
    )
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd="/", check=False)  # noqa: S603
    except FileNotFoundError as error:
        raise BackupError("pgbackrest is not installed (scripts/bootstrap installs it)") from error
    if done.returncode == LOCK_HELD:
        raise LockHeld
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise BackupError(f"pgbackrest {args[0]} failed: {detail[-1] if detail else done.returncode}")
    return done.stdout


def backup_take(*, kind: str = "auto", wait: float = 600) -> dict:
    """One pgBackRest backup: `auto` is a full one when the last full backup is older
    than FULL_EVERY (so that retention can expire old WAL), else incremental. Waits up
    to `wait` seconds for another backup of the cluster to end. Returns the backup's
    entry from `pgbackrest info`."""
    if kind == "auto":
        fulls = [b["timestamp"]["stop"] for b in backups_list() if b["type"] == "full"]
        last = datetime.datetime.fromtimestamp(max(fulls), tz=datetime.UTC) if fulls else None
        kind = "full" if last is None or datetime.datetime.now(tz=datetime.UTC) - last > FULL_EVERY else "incr"
    deadline = time.monotonic() + wait
    while True:
        try:
            pgbackrest("backup", f"--type={kind}")
            break
        except LockHeld:
            if time.monotonic() > deadline:
                raise
            time.sleep(2)
    return backups_list()[-1]


def backups_list() -> list[dict]:
    info = json.loads(pgbackrest("info", "--output=json"))
    return info[0]["backup"] if info else []


def wal_switch_and_archive() -> None:
    """Close the current WAL segment and wait until it is archived (`pgbackrest check`),
    so that a restore to "now" reaches every committed transaction."""
    pgbackrest("check")


def restore_into(data_dir: Path, *, target: str | None) -> None:
    """Restore the backup before `target` (or the latest and all archived WAL) into an
    empty data directory; the restored cluster does not archive (the repository is the
    source's), and promotes itself when recovery reaches the target."""
    args = ["restore", f"--pg1-path={data_dir}", "--archive-mode=off"]
    if target:
        args += ["--type=time", f"--target={target}", "--target-action=promote"]
    pgbackrest(*args)


def pg_bin(tool: str) -> str:
    if settings.PG_BIN:
        return str(Path(settings.PG_BIN) / tool)
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{tool}"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise BackupError("the PostgreSQL server binaries are not installed")
    return found[-1]
