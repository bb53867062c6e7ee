"""Documents (encrypted on disk), notes, and staff messages to a reporter."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from idhr_portal.crypto import EncryptedFileStore
from reports import files

from ..models import Case, CaseDocument, CaseNote, TimelineEvent
from .audit import audited, ensure_editable, ensure_may_act, timeline_event

document_store = EncryptedFileStore("cases")


# The types a case document may be, judged by its bytes as reports' attachments are
# (reports.files): the declared content type and the name alone are never trusted.
ALLOWED_DOCUMENT_TYPES = frozenset(mime for _extensions, mime in files.ACCEPTED_TYPES.values())
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


@audited
def case_document_add(
    *, case: Case, kind: str, filename: str, data: bytes, actor, content_type: str = "",
    by_party=None, attached_to: CaseDocument | None = None,
) -> CaseDocument:
    """Store a document encrypted on disk; the name given is kept encrypted in the row.

    The type is sniffed from the bytes and must agree with the name's extension;
    `content_type` (what the browser declared) is ignored. `by_party` (actor None): a party
    uploading in the portal; `attached_to`: a file attached to another document of the case.
    """
    ensure_may_act(actor, case, by_party)
    if attached_to is not None and attached_to.case_id != case.pk:
        raise ValidationError(_("A document is attached to a document of the same case."))
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("A document may be at most 20 MB."))
    display_name = files.safe_filename(filename or "")
    if not data:
        raise ValidationError(_("“%(name)s” is empty."), code="empty", params={"name": display_name})
    detected = files.sniff_type(data[:64], data)
    if detected is None or not files.type_matches_extension(detected, display_name):
        raise ValidationError(
            _(
                "“%(name)s” is not a file type a case document may be: its content must be a PDF, "
                "PNG, JPEG, HEIC, plain-text or DOCX file, and its name must end in the matching "
                "extension."
            ),
            code="type",
            params={"name": display_name},
        )
    content_type = files.mime_type(detected)
    stored = document_store.save(data)
    try:
        document = CaseDocument.objects.create(
            case=case,
            kind=kind,
            filename=filename[:200] or "document",
            content_type=content_type,
            size=len(data),
            stored_name=stored,
            uploaded_by=actor,
            uploaded_by_party=by_party,
            attached_to=attached_to,
        )
    except Exception:
        document_store.delete(stored)
        raise
    summary = _("Document added: %(kind)s") % {"kind": document.get_kind_display()}
    if by_party is not None:
        summary = _("Document added in the portal by the %(role)s: %(kind)s") % {
            "role": by_party.get_role_display().lower(),
            "kind": document.get_kind_display(),
        }
    timeline_event(case, TimelineEvent.Kind.DOCUMENT, summary, actor)
    return document


def case_document_read(*, document: CaseDocument) -> bytes:
    return document_store.read(document.stored_name)


@audited
def case_note_add(*, case: Case, author, body: str) -> CaseNote:
    ensure_editable(author, case)
    if not body.strip():
        raise ValidationError({"body": _("Write the note.")})
    note = CaseNote.objects.create(case=case, author=author, body=body.strip())
    timeline_event(case, TimelineEvent.Kind.NOTE, _("Note added"), author)
    return note


@audited
def case_reporter_message_send(*, case: Case, report, actor, body: str):
    """A staff message to the reporter of a report in this case (they read it with their code)."""
    ensure_editable(actor, case)
    if not body.strip():
        raise ValidationError({"body": _("Write the message.")})
    if not case.case_reports.filter(report=report).exists():
        raise ValidationError(_("That report is not part of this case."))
    from reports.services import staff_message_add

    message = staff_message_add(report=report, author=actor, body=body.strip())
    timeline_event(
        case,
        TimelineEvent.Kind.MESSAGE,
        _("Message sent to the reporter of %(ref)s") % {"ref": report.reference},
        actor,
    )
    return message
