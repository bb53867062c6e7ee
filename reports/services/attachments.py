"""Attachments: checked and staged encrypted while the draft is open, then copied
into the attachment store inside the submission's transaction."""

import secrets
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from idhr_portal.crypto import EncryptedFileStore

from .. import files
from ..models import Attachment, Report
from .values import StagedFile

staging_store = EncryptedFileStore("staging")
attachment_store = EncryptedFileStore("attachments")


def attachment_stage(*, upload) -> StagedFile:
    """Check one uploaded file and keep it encrypted in staging.

    Raises ValidationError (a message for the person) when the file is too large,
    empty, or not one of the accepted types judged by its content.
    """
    display_name = files.safe_filename(getattr(upload, "name", "") or "")
    size = upload.size or 0
    if size > settings.REPORTS_ATTACHMENT_MAX_SIZE:
        raise ValidationError(
            _("“%(name)s” is larger than %(limit)s MB. Please choose a smaller file."),
            code="too_large",
            params={"name": display_name, "limit": settings.REPORTS_ATTACHMENT_MAX_SIZE // (1024 * 1024)},
        )
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": display_name})
    upload.seek(0)
    data = upload.read()
    kind = files.sniff_type(data[:64], data)
    if kind is None or not files.type_matches_extension(kind, display_name):
        raise ValidationError(
            _("“%(name)s” is not a file type we accept. Please use PDF, PNG, JPEG, HEIC, TXT or DOCX."),
            code="type",
            params={"name": display_name},
        )
    stored_name = staging_store.save(data)
    return StagedFile(
        id=secrets.token_urlsafe(12),
        stored_name=stored_name,
        filename=display_name,
        content_type=files.mime_type(kind),
        size=len(data),
    )


def staged_files_discard(*, staged: list[StagedFile]) -> None:
    for item in staged:
        if item.stored_name.startswith(f"{staging_store.folder}/"):
            staging_store.delete(item.stored_name)


def staging_purge(*, older_than_seconds: int | None = None) -> int:
    """Delete staged uploads of drafts nobody finished; return how many went."""
    max_age = settings.REPORTS_STAGING_MAX_AGE_SECONDS if older_than_seconds is None else older_than_seconds
    folder = staging_store.root / staging_store.folder
    if not folder.exists():
        return 0
    cutoff = time.time() - max_age
    removed = 0
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink(missing_ok=True)
                removed += 1
        except OSError:
            continue
    return removed


def attachment_read(*, attachment: Attachment) -> bytes:
    """The decrypted bytes of an attachment (for staff downloads)."""
    return attachment_store.read(attachment.stored_name)


def _attachments_create(*, report: Report, staged: list[StagedFile], message=None) -> list[Attachment]:
    """Copy staged files into the attachment store inside the caller's transaction.

    New copies are removed if the transaction rolls back; staged copies once it commits.
    """
    if len(staged) > settings.REPORTS_MAX_ATTACHMENTS:
        raise ValidationError(
            _("You can attach up to %(count)s files."), params={"count": settings.REPORTS_MAX_ATTACHMENTS}
        )
    created: list[Attachment] = []
    for item in staged:
        data = staging_store.read(item.stored_name)
        stored_name = attachment_store.save(data)
        created.append(
            Attachment.objects.create(
                report=report,
                message=message,
                filename=item.filename,
                content_type=item.content_type,
                size=len(data),
                stored_name=stored_name,
            )
        )
    transaction.on_commit(lambda: staged_files_discard(staged=staged))
    return created
