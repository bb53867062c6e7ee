"""The restore drill: restore a backup into a scratch cluster and check it there.

`restore_drill(to=None)`:

1. the keys given (the keys of that time: settings, or an env file) are checked first
   against the fingerprints of the backup's manifest: a missing or wrong key stops the
   drill with "key does not match this backup", before anything is restored;
2. a media snapshot is taken (files written since the last backup are copied too), and
   the current WAL segment is archived (`pgbackrest check`);
3. pgBackRest restores into RESTORE_DRILL_DIR/<run>/data, which starts on a free port
   of its own, does not archive, and never sees the source (only the repository);
4. `manage.py restore_check` runs against it in a separate process with the same code,
   those keys, a dummy mail backend and an in-memory broker (no email is ever sent, no
   task reaches the source's queue), and writes its report;
5. the scratch cluster is stopped and removed (kept with keep=True: an office exports
   a mistakenly purged case from there).
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.fernet import Fernet
from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from . import media, repository

MISMATCH = "key does not match this backup"


class KeyProblem(Exception):
    """A key is missing or does not match the backup: exit 2, one line, no stack trace."""


@dataclass
class DrillResult:
    ok: bool
    target: str
    seconds: float = 0.0
    report: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    scratch: dict = field(default_factory=dict)


def keys_from(env_file: Path | None) -> dict:
    """The three keys: from an env file (KEY=value lines) when given, else the settings."""
    if env_file is None:
        values = {name: getattr(settings, name, None) for name in media.KEY_NAMES}
        values["FIELD_ENCRYPTION_KEYS"] = ",".join(values["FIELD_ENCRYPTION_KEYS"] or [])
    else:
        values = {}
        for line in env_file.read_text().splitlines():
            name, _sep, value = line.strip().partition("=")
            if name in media.KEY_NAMES:
                values[name] = value.strip().strip("'\"")
    for name in media.KEY_NAMES:
        if not values.get(name):
            raise KeyProblem(_("%(name)s is missing: the restore needs the keys of that time.") % {"name": name})
    keys = {
        **values,
        "FIELD_ENCRYPTION_KEYS": [k.strip() for k in values["FIELD_ENCRYPTION_KEYS"].split(",") if k.strip()],
    }
    for key in keys["FIELD_ENCRYPTION_KEYS"]:
        try:
            Fernet(key.encode())
        except ValueError as error:
            raise KeyProblem(
                _("FIELD_ENCRYPTION_KEYS: %(mismatch)s (not a Fernet key).") % {"mismatch": MISMATCH}
            ) from error
    return keys


def parse_moment(value: str) -> datetime.datetime:
    """An ISO 8601 moment; without an offset, the office's time zone (TIME_ZONE)."""
    from django.utils import timezone

    moment = datetime.datetime.fromisoformat(value.strip())
    if moment.tzinfo is None:
        moment = timezone.make_aware(moment)
    return moment


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def restore_drill(
    *, to: datetime.datetime | None = None, keys_file: Path | None = None, keep: bool = False
) -> DrillResult:
    started = time.monotonic()
    database = connection.settings_dict["NAME"]
    target = to.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f+00") if to else None
    result = DrillResult(ok=False, target=target or "latest")
    keys = keys_from(keys_file)
    documents = media.manifests(database=database)
    recorded = media.manifest_at(documents, to)
    if recorded is None:
        raise repository.BackupError(_("No backup of database %(db)s before that moment.") % {"db": database})
    wrong = media.keys_mismatch(recorded["keys"], media.key_fingerprints(keys))
    if wrong:
        raise KeyProblem(f"{', '.join(wrong)}: {MISMATCH}")
    media.media_snapshot(kind="drill")
    # The WAL written until now archived: a target in the current segment is reachable.
    repository.wal_switch_and_archive()
    run = Path(settings.RESTORE_DRILL_DIR) / f"drill-{uuid.uuid4().hex[:8]}"
    data = run / "data"
    run.mkdir(parents=True, mode=0o700)
    repository.chown_to_cluster_user(run.parent)
    repository.chown_to_cluster_user(run)
    port = free_port()
    try:
        repository.restore_into(data, target=target)
        _scratch_start(run, port)
        report = _run_checks(run, port, database=database, keys=keys, moment=to)
    except BaseException:
        _scratch_stop(run, remove=True)
        raise
    result.report = report
    result.problems = report.get("problems", [])
    result.ok = not result.problems
    result.seconds = time.monotonic() - started
    result.scratch = {"port": port, "path": str(run), "media": str(run / "media"), "database": database}
    _scratch_stop(run, remove=not keep)
    return result


def _scratch_start(run: Path, port: int) -> None:
    socket_dir = run / "run"
    socket_dir.mkdir(mode=0o700)
    repository.chown_to_cluster_user(socket_dir)
    options = (
        f"-c port={port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={socket_dir} "
        "-c archive_mode=off -c hot_standby=off -c shared_buffers=64MB -c fsync=off"  # a scratch copy: no fsync
    )
    command = [
        repository.pg_bin("pg_ctl"),
        "-D",
        str(run / "data"),
        "-l",
        str(run / "postgresql.log"),
        "-w",
        "-t",
        "600",
        "-o",
        options,
        "start",
    ]
    done = subprocess.run(repository.as_cluster_user(command), capture_output=True, text=True, cwd="/", check=False)  # noqa: S603
    if done.returncode != 0:
        raise repository.BackupError(
            _("The scratch cluster did not start (see %(log)s).") % {"log": run / "postgresql.log"}
        )
    psql = [
        repository.pg_bin("psql"),
        "-h",
        str(socket_dir),
        "-p",
        str(port),
        "-U",
        "postgres",
        "-d",
        "postgres",
        "-Atc",
    ]
    for _attempt in range(1200):  # recovery replays the WAL, then promotes
        done = subprocess.run(  # noqa: S603 - our own binaries and arguments
            repository.as_cluster_user([*psql, "SELECT pg_is_in_recovery()"]),
            capture_output=True,
            text=True,
            cwd="/",
            check=False,
        )  # noqa: S603
        if done.stdout.strip() == "f":
            return
        time.sleep(0.1)
    raise repository.BackupError(
        _("The scratch cluster did not finish its recovery (see %(log)s).") % {"log": run / "postgresql.log"}
    )


def _scratch_stop(run: Path, *, remove: bool) -> None:
    if (run / "data" / "postmaster.pid").exists() and remove:
        command = [repository.pg_bin("pg_ctl"), "-D", str(run / "data"), "-m", "immediate", "-w", "stop"]
        subprocess.run(repository.as_cluster_user(command), capture_output=True, cwd="/", check=False)  # noqa: S603
    if remove:
        shutil.rmtree(run, ignore_errors=True)


def _run_checks(run: Path, port: int, *, database: str, keys: dict, moment) -> dict:
    db = connection.settings_dict
    media_root = run / "media"
    media_root.mkdir(mode=0o700)
    report_path = run / "report.json"
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@127.0.0.1:{port}/{database}",
        "PRIVATE_MEDIA_ROOT": str(media_root),
        "BACKUP_DIR": str(settings.BACKUP_DIR),
        "TEST_PRIVATE_MEDIA_ROOT": str(media_root),
        "EMAIL_URL": "dummymail://",
        "CELERY_BROKER_URL": "memory://",
        "FIELD_ENCRYPTION_KEYS": ",".join(keys["FIELD_ENCRYPTION_KEYS"]),
        "BLIND_INDEX_KEY": keys["BLIND_INDEX_KEY"],
        "RECEIPT_CODE_PEPPER": keys["RECEIPT_CODE_PEPPER"],
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "idhr_portal.settings.local"),
    }
    command = [
        sys.executable,
        str(Path(settings.BASE_DIR) / "manage.py"),
        "restore_check",
        "--database-name",
        database,
        "--report",
        str(report_path),
    ]
    if moment is not None:
        command += ["--to", moment.isoformat()]
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=settings.BASE_DIR, check=False)  # noqa: S603
    if not report_path.exists():
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise repository.BackupError(
            _("The checks did not run: %(line)s") % {"line": lines[-1] if lines else done.returncode}
        )
    return json.loads(report_path.read_text())
