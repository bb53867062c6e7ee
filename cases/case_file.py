"""The complete case file (issue 18, item 6): what the office keeps for the seven-year
retention and produces for a records request.

One ZIP holding
- `<reference>-case-file.pdf`: cover, timeline, parties, supportive measures, the process
  (allegations, meetings and notices, investigation, evidence review, hearing), the list of
  letters, determinations, appeals, the history (cases.selectors.history, read as it is)
  and the disclosure log — rendered by WeasyPrint through idhr_portal.pdf — followed by
  every letter's PDF as it was made and sent, appended page for page (pypdf). Rendering
  the letters again would lay out every page of every letter at once: a case with 300
  letters took four minutes and 500 MB that way; appending their PDFs takes seconds;
- `documents/<id>-<name>`: every document of the case, decrypted;
- `manifest-sha256.txt`: the SHA-256 of every other file, in `sha256sum` format, so that
  `sha256sum -c manifest-sha256.txt` checks a copy.

The ZIP is written to a file the caller gives (documents one at a time, hashed as they
are written), never held in memory, reporting its progress as it goes. A large case takes
a minute or more, so a Celery task builds it (cases.services.case_file_export): only the
Title IX coordinator asks for it, and each download is a disclosure (the coordinator's
reason) and an access-log export row.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.selectors.access import user_is_coordinator
from cases.selectors.dashboard import case_timeline
from cases.selectors.history import case_history
from cases.services.documents import case_document_read
from idhr_portal.pdf import html_to_pdf

from .models import (
    Allegation,
    Appeal,
    Case,
    CaseDocument,
    Determination,
    Disclosure,
    Dismissal,
    EvidenceReview,
    Hearing,
    Investigation,
    InvestigationReport,
    Letter,
    Meeting,
    Party,
    SupportiveMeasure,
    TransitionLog,
)

MANIFEST_NAME = "manifest-sha256.txt"


def case_file_context(*, case: Case, user) -> dict:
    """Everything the case file's PDF shows (identities included: the coordinator's file)."""
    timeline = list(case_timeline(case=case))
    reasons = dict(
        TransitionLog.objects.filter(case=case).exclude(reason="").values_list("timeline_event_id", "reason")
    )
    for event in timeline:
        event.reason = reasons.get(event.pk, "")
    investigation = Investigation.objects.filter(case=case).prefetch_related("interviews__party").first()
    return {
        "case": case,
        "generated_at": timezone.now(),
        "generated_by": user,
        "timeline": timeline,
        "parties": list(Party.objects.filter(case=case).order_by("role", "pk")),
        "measures": list(SupportiveMeasure.objects.filter(case=case).select_related("party").order_by("requested_on")),
        "reports": [link.report for link in case.case_reports.select_related("report").order_by("linked_at")],
        "allegations": list(
            Allegation.objects.filter(case=case).select_related("respondent", "complainant").order_by("number")
        ),
        "meetings": list(Meeting.objects.filter(case=case).select_related("party").order_by("starts_at")),
        "investigation": investigation,
        "interviews": list(investigation.interviews.all()) if investigation else [],
        "evidence": list(investigation.evidence.order_by("received_on", "pk")) if investigation else [],
        "evidence_reviews": list(EvidenceReview.objects.filter(case=case).order_by("sent_on")),
        "investigation_reports": list(InvestigationReport.objects.filter(case=case)),
        "hearings": list(Hearing.objects.filter(case=case).order_by("scheduled_at")),
        "letters": list(
            Letter.objects.filter(case=case)
            .select_related("recipient", "sent_by", "document")
            .defer("html")
            .order_by("prepared_at", "pk")
        ),
        "dismissals": list(Dismissal.objects.filter(case=case).order_by("dismissed_on")),
        "determinations": list(
            Determination.objects.filter(case=case).prefetch_related(
                "finding_rows__allegation", "sanction_rows__party"
            )
        ),
        "appeals": list(
            Appeal.objects.filter(case=case).select_related("basis", "filed_by").prefetch_related("bases")
            .order_by("filed_on")
        ),
        "history": case_history(case=case, viewer=user),
        "disclosures": list(Disclosure.objects.filter(case=case).select_related("actor").order_by("created_at", "pk")),
        "documents": [_with_path(document) for document in CaseDocument.objects.filter(case=case).order_by("pk")],
    }


def _with_path(document: CaseDocument) -> CaseDocument:
    document.zip_path = document_path(document)
    return document


Progress = Callable[[int, int, str], None]  # (units done, units in all, what is being done)

# The record's own PDF (cover, timeline, history…) weighs as much as this many letters
# or documents in the progress shown to the coordinator: laying it out is the long part.
RECORD_UNITS = 10


def _no_progress(done: int, total: int, step: str) -> None:
    pass


def case_file_pdf(*, case: Case, user, target, progress: Progress = _no_progress, total: int = 0) -> None:
    """Write the case file's PDF to `target` (a binary file): the record, then the letters."""
    from pypdf import PdfReader, PdfWriter

    context = case_file_context(case=case, user=user)
    letters = [letter for letter in context["letters"] if letter.document_id is not None]
    total = total or RECORD_UNITS + len(letters)
    progress(0, total, _("Laying out the record (timeline, parties, process, history)"))
    html = render_to_string("cases/case_file.html", context)
    writer = PdfWriter()
    title = _("Case file %(reference)s") % {"reference": case.reference}
    writer.append(PdfReader(io.BytesIO(html_to_pdf(html, title=title))))
    for number, letter in enumerate(letters, start=1):
        progress(
            RECORD_UNITS + number - 1,
            total,
            _("Adding letter %(number)s of %(count)s") % {"number": number, "count": len(letters)},
        )
        writer.append(PdfReader(io.BytesIO(case_document_read(document=letter.document))))
    writer.write(target)


def document_path(document: CaseDocument) -> str:
    name = get_valid_filename(str(document.filename)) or "document"
    return f"documents/{document.pk}-{name[:120]}"


def case_file_units(*, case: Case) -> int:
    """How many progress units the case's file has: the record, each letter, each document."""
    letters = Letter.objects.filter(case=case, document__isnull=False).count()
    return RECORD_UNITS + letters + CaseDocument.objects.filter(case=case).count() + 1


def case_file_write(*, case: Case, user, target, progress: Progress = _no_progress) -> int:
    """Write the case file's ZIP to `target` (a binary file); the number of documents in it.

    `progress(done, total, step)` is called before each part. Only the Title IX coordinator
    is given the file (cases.services.case_file_export records the disclosure when it is
    downloaded).
    """
    if not user_is_coordinator(user):
        raise PermissionDenied(_("Only the Title IX coordinator exports the complete case file."))
    manifest = []
    documents = list(CaseDocument.objects.filter(case=case).order_by("pk"))
    total = case_file_units(case=case)
    letters_done = total - len(documents) - 1
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with tempfile.TemporaryFile(prefix="idhr-case-file-pdf-") as pdf:
            case_file_pdf(case=case, user=user, target=pdf, progress=progress, total=total)
            pdf.seek(0)
            _copy(archive, f"{case.reference}-case-file.pdf", pdf, manifest)
        for number, document in enumerate(documents, start=1):
            progress(
                letters_done + number - 1,
                total,
                _("Adding document %(number)s of %(count)s") % {"number": number, "count": len(documents)},
            )
            _write(archive, document_path(document), case_document_read(document=document), manifest)
        progress(total - 1, total, _("Writing the SHA-256 manifest"))
        lines = "".join(f"{digest}  {name}\n" for name, digest in manifest)
        archive.writestr(MANIFEST_NAME, lines.encode("utf-8"))
    progress(total, total, _("Done"))
    return len(documents)


def case_file_disclosure_description(*, document_count: int) -> str:
    return ngettext(
        "PDF of the record, %(count)s document and a SHA-256 manifest (ZIP)",
        "PDF of the record, %(count)s documents and a SHA-256 manifest (ZIP)",
        document_count,
    ) % {"count": document_count}


def _copy(archive: zipfile.ZipFile, name: str, source, manifest: list) -> None:
    """A file into the ZIP in chunks, hashed on its way in."""
    digest = hashlib.sha256()
    with archive.open(name, "w", force_zip64=True) as entry:
        while chunk := source.read(1024 * 1024):
            digest.update(chunk)
            entry.write(chunk)
    manifest.append((name, digest.hexdigest()))


def _write(archive: zipfile.ZipFile, name: str, data: bytes, manifest: list) -> None:
    """One file into the ZIP (compressed to the temporary file as it goes), and its hash."""
    archive.writestr(name, data)
    manifest.append((name, hashlib.sha256(data).hexdigest()))
