"""The checks the restore drill runs inside the restored copy (`manage.py restore_check`).

This process's database is the scratch cluster, its PRIVATE_MEDIA_ROOT the drill's
folder, its keys the ones given to the drill. The report (a dict, written as JSON) has
a list of `problems`, empty when the copy is sound.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from idhr_portal.crypto import EncryptedFileStore, InvalidToken

from . import media

MISMATCH = "key does not match this backup"
SAMPLE_CASES = 5


def restore_checks(*, database_name: str, moment: datetime.datetime | None) -> dict:
    problems: list[str] = []
    report: dict = {"problems": problems, "key_mismatch": False}
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    report["migrations"] = {
        "applied": len(executor.loader.applied_migrations),
        "pending": [str(m) for m, _b in pending],
    }
    if pending:
        problems.append(f"{len(pending)} migrations not applied in the restored copy")
    _check_field_key(report)
    _check_audit(report)
    documents = media.manifests(database=database_name)
    reference = media.manifest_at(documents, moment)
    counts = media.row_counts()
    report["counts"] = {
        "restored": counts,
        "source": reference["counts"] if reference else {},
        "source_at": reference["taken_at"].isoformat() if reference else "",
    }
    _check_files(report, documents, moment)
    if not report["key_mismatch"]:
        _open_cases(report)
    return report


def _check_field_key(report: dict) -> None:
    from cases.models import Party

    party = Party.objects.exclude(name="").order_by("pk").first()
    if party is None:
        return
    try:
        str(party.name)
    except InvalidToken:
        report["key_mismatch"] = True
        report["problems"].append(f"FIELD_ENCRYPTION_KEYS: {MISMATCH}")


def _check_audit(report: dict) -> None:
    from cases.audit_chain import audit_verify

    result = audit_verify()
    report["audit"] = {"links": result.links, "chains": len(result.heads), "broken": str(result.first_break or "")}
    if not result.ok:
        report["problems"].append(f"Audit chain broken at {result.first_break}")


def _check_files(report: dict, documents: list[dict], moment) -> None:
    files = media.stored_files()
    assembled = media.media_assemble(
        names=list(files), documents=documents, moment=moment, target_root=settings.PRIVATE_MEDIA_ROOT
    )
    undecryptable = []
    for name in assembled["files"]:
        try:
            EncryptedFileStore(name.split("/", 1)[0]).read(name)
        except InvalidToken:
            undecryptable.append(name)
    report["files"] = {
        "expected": len(files),
        "present": len(assembled["files"]),
        "missing": [f"{files[n][0]} {files[n][1]}: {n}" for n in assembled["missing"]],
        "undecryptable": undecryptable,
    }
    if assembled["missing"]:
        report["problems"].append(f"{len(assembled['missing'])} stored files of that time are missing from the backup")
    if undecryptable:
        report["key_mismatch"] = True
        report["problems"].append(f"FIELD_ENCRYPTION_KEYS: {MISMATCH} ({len(undecryptable)} files do not decrypt)")


def _open_cases(report: dict) -> None:
    """A sample of cases opened as the office opens them: timeline, parties, documents."""
    from cases.models import Case, CaseDocument, Party
    from cases.selectors.dashboard import case_timeline
    from cases.services.documents import case_document_read

    opened = []
    for case in Case.objects.order_by("-pk")[:SAMPLE_CASES]:
        try:
            events = len(list(case_timeline(case=case)))
            names = [str(p.name) for p in Party.objects.filter(case=case)]
            documents = [len(case_document_read(document=d)) for d in CaseDocument.objects.filter(case=case)]
        except (InvalidToken, OSError) as error:
            report["problems"].append(f"case {case.reference} does not open: {type(error).__name__}")
            continue
        opened.append(
            {"reference": case.reference, "events": events, "parties": len(names), "documents": len(documents)}
        )
    report["cases"] = opened
