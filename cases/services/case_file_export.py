"""The complete case file, made by a Celery task (issue 24, item 4).

A very large case's file (cases.case_file) took 45-100 s to make, past the server's 30 s
timeout. Now:

1. `case_file_export_request`: the coordinator gives the reason; a `CaseFileExport` row is
   queued and its task published once the row is committed (a broker outage never fails
   the request: the sweep publishes it again).
2. `case_file_export_build` (the task `cases.case_file_export_build`): writes the ZIP to a
   temporary file, recording its progress on the row, then stores it encrypted in private
   media (EncryptedFileStore "case_files", like every other file) and marks it ready.
3. `case_file_export_download`: the requester, still the Title IX coordinator, takes the
   file once: the disclosure (with the reason given at 1) and the access-log export row
   are written, the row is marked downloaded and the file deleted.
4. `case_file_export_sweep` (beat, every few minutes): deletes every file a day after its
   request (EXPORT_KEEP), and publishes again an export still queued after a while.
"""

from __future__ import annotations

import datetime
import functools
import logging
import tempfile
import time

from celery import current_app
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors.access import user_is_coordinator
from idhr_portal.crypto import EncryptedFileStore

from .. import case_file
from ..models import AccessLog, Case, CaseFileExport, Disclosure
from .audit import access_log_record
from .disclosure import disclosure_record

logger = logging.getLogger(__name__)

export_store = EncryptedFileStore("case_files")
Status = CaseFileExport.Status

# A file not downloaded is deleted this long after it was asked for.
EXPORT_KEEP = datetime.timedelta(days=1)
# An export still queued this long after its request lost its task (broker down): publish again.
REQUEUE_AFTER = datetime.timedelta(minutes=2)
# Progress is written to the row at most this often (seconds), and whenever the percentage changes.
PROGRESS_EVERY = 1.0
KEPT = (Status.QUEUED, Status.BUILDING, Status.READY)


def _ensure_coordinator(user) -> None:
    if not user_is_coordinator(user):
        raise PermissionDenied(_("Only the Title IX coordinator exports the complete case file."))


def _publish(export_id: int) -> None:
    # By the task's name (cases.tasks.case_file_export_build): the task module calls this
    # service, so the service does not import it back.
    current_app.tasks["cases.case_file_export_build"].delay(export_id)


def case_file_export_request(*, case: Case, user, reason: str, recipient: str = "") -> CaseFileExport:
    """Queue the making of the case file; the task is published once the row is committed."""
    _ensure_coordinator(user)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason: the case file is a disclosure.")})
    with transaction.atomic():
        export = CaseFileExport.objects.create(
            case=case, requested_by=user, reason=reason.strip(), recipient=recipient.strip()
        )
        transaction.on_commit(functools.partial(_publish, export.pk), robust=True)
    return export


class _Progress:
    """Writes (done, total, step) to the row, at most every PROGRESS_EVERY seconds or when
    the percentage moves."""

    def __init__(self, export_id: int):
        self.export_id = export_id
        self.percent = -1
        self.written = 0.0

    def __call__(self, done: int, total: int, step: str) -> None:
        percent = min(99, int(100 * done / total)) if total else 0
        now = time.monotonic()
        if percent == self.percent and now - self.written < PROGRESS_EVERY:
            return
        self.percent, self.written = percent, now
        CaseFileExport.objects.filter(pk=self.export_id, status=Status.BUILDING).update(
            progress=percent, step=step[:200]
        )


def case_file_export_build(*, export_id: int) -> bool:
    """Make the ZIP of one queued export; true when it is ready. Run by the Celery task."""
    claimed = CaseFileExport.objects.filter(pk=export_id, status__in=(Status.QUEUED, Status.BUILDING)).update(
        status=Status.BUILDING, progress=0, step=_("Starting")
    )
    if not claimed:  # downloaded, expired, failed, or gone with its case
        return False
    export = CaseFileExport.objects.select_related("case", "requested_by").get(pk=export_id)
    stored = ""
    try:
        with tempfile.TemporaryFile(prefix="idhr-case-file-") as handle:
            documents = case_file.case_file_write(
                case=export.case, user=export.requested_by, target=handle, progress=_Progress(export_id)
            )
            size = handle.tell()
            handle.seek(0)
            stored = export_store.save(handle.read())
    except Exception as error:
        logger.exception("case file export %s failed", export_id)
        CaseFileExport.objects.filter(pk=export_id, status=Status.BUILDING).update(
            status=Status.FAILED, error=type(error).__name__[:500], finished_at=timezone.now()
        )
        return False
    ready = CaseFileExport.objects.filter(pk=export_id, status=Status.BUILDING).update(
        status=Status.READY,
        progress=100,
        step="",
        stored_name=stored,
        size=size,
        document_count=documents,
        finished_at=timezone.now(),
    )
    if not ready:  # expired while it was being made
        export_store.delete(stored)
    return bool(ready)


@transaction.atomic
def case_file_export_download(*, export_id: int, user) -> tuple[bytes, str]:
    """The requester takes the ready file once: (ZIP bytes, file name). Records the
    disclosure and the access-log row, marks the export downloaded and deletes the file."""
    _ensure_coordinator(user)
    export = CaseFileExport.objects.select_for_update().select_related("case").filter(pk=export_id).first()
    if export is None or export.requested_by_id != user.pk:
        raise PermissionDenied(_("Only the coordinator who asked for this case file may download it."))
    if export.status != Status.READY:
        raise ValidationError(
            _("This case file cannot be downloaded: %(status)s.") % {"status": export.get_status_display()}
        )
    data = export_store.read(export.stored_name)
    disclosure_record(
        case=export.case,
        kind=Disclosure.Kind.CASE_FILE,
        description=case_file.case_file_disclosure_description(document_count=export.document_count),
        recipient_label=export.recipient or _("Title IX coordinator (file downloaded)"),
        basis=Disclosure.Basis.COORDINATOR,
        reason=export.reason,
        actor=user,
    )
    access_log_record(user=user, action=AccessLog.Action.EXPORT, obj=export.case, with_identities=True)
    stored = export.stored_name
    export.status, export.stored_name, export.downloaded_at = Status.DOWNLOADED, "", timezone.now()
    export.save(update_fields=["status", "stored_name", "downloaded_at"])
    transaction.on_commit(functools.partial(export_store.delete, stored))
    return data, export.filename


def case_file_export_sweep(*, now: datetime.datetime | None = None) -> dict:
    """Delete files a day after their request; publish again exports whose task was lost."""
    now = now or timezone.now()
    expired = 0
    for pk in list(
        CaseFileExport.objects.filter(status__in=KEPT, requested_at__lte=now - EXPORT_KEEP).values_list("pk", flat=True)
    ):
        with transaction.atomic():
            export = CaseFileExport.objects.select_for_update(skip_locked=True).filter(pk=pk, status__in=KEPT).first()
            if export is None:
                continue
            stored = export.stored_name
            export.status, export.stored_name, export.progress, export.step = Status.EXPIRED, "", 0, ""
            export.save(update_fields=["status", "stored_name", "progress", "step"])
            if stored:
                transaction.on_commit(functools.partial(export_store.delete, stored))
            expired += 1
    requeued = 0
    for pk in CaseFileExport.objects.filter(
        status=Status.QUEUED, requested_at__lte=now - REQUEUE_AFTER
    ).values_list("pk", flat=True):
        try:
            _publish(pk)
        except Exception:  # the broker is still down: the next sweep tries
            logger.warning("could not publish case file export %s; the next sweep will", pk)
            break
        requeued += 1
    return {"expired": expired, "requeued": requeued, "orphans": _delete_orphans(now)}


def _delete_orphans(now: datetime.datetime) -> int:
    """Files left behind by an export whose row went with its case (retention purge)."""
    folder = export_store.root / export_store.folder
    if not folder.is_dir():
        return 0
    kept = set(CaseFileExport.objects.exclude(stored_name="").values_list("stored_name", flat=True))
    deleted = 0
    for path in folder.glob("*.bin"):
        name = f"{export_store.folder}/{path.name}"
        if name not in kept and path.stat().st_mtime <= (now - EXPORT_KEEP).timestamp():
            export_store.delete(name)
            deleted += 1
    return deleted
