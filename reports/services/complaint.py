"""The signed formal complaint: its checks, its signature, and the frozen snapshot."""

import hashlib
import json
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import Event

from ..models import Answer, Attachment, FormalComplaint, Report
from .attachments import _attachments_create, attachment_store
from .notify import _notify_new_report
from .submission import _check_unused, _report_create, _submitted, _validate_details
from .values import Contact, IncidentDetails, StagedFile


def _canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def complaint_snapshot(*, report: Report, complaint_fields: dict, attachments: list[Attachment]) -> str:
    """The canonical JSON of what the complainant signed (sorted keys, compact)."""
    parties = [
        {
            "role": p.role,
            "name": p.name or "",
            "email": p.email or "",
            "affiliation": p.affiliation,
            "details": p.details or "",
        }
        for p in report.parties.order_by("role", "position")
    ]
    file_entries = []
    for attachment in attachments:
        data = attachment_store.read(attachment.stored_name)
        file_entries.append(
            {
                "filename": attachment.filename,
                "content_type": attachment.content_type,
                "size": attachment.size,
                "sha256": hashlib.sha256(data).hexdigest(),
            }
        )
    return _canonical_json(
        {
            "version": 1,
            "kind": report.kind,
            "reference": report.reference,
            "submitted_at": report.created_at.isoformat(),
            "complainant": {
                "name": report.reporter_name or "",
                "email": report.reporter_email or "",
                "phone": report.reporter_phone or "",
                "affiliation": report.reporter_affiliation,
            },
            "categories": report.categories,
            "protected_bases": report.protected_bases,
            "incident_date_precision": report.incident_date_precision,
            "incident_date": report.incident_date.isoformat() if report.incident_date else None,
            "incident_date_text": report.incident_date_text or "",
            "location_type": report.location_type,
            "location_detail": report.location_detail or "",
            "narrative": report.narrative,
            "police_contacted": report.police_contacted,
            "parties": parties,
            "attachments": file_entries,
            **complaint_fields,
        }
    )


def signature_matches(*, signature: str, name: str) -> bool:
    """A typed signature matches a name when the words are the same, in order,
    ignoring case, accents, punctuation and spacing."""

    def words(value: str) -> list[str]:
        text = unicodedata.normalize("NFKD", value or "")
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
        return [w for w in re.split(r"[^\w]+", text) if w]

    return bool(words(name)) and words(signature) == words(name)


def formal_complaint_submit(
    *,
    receipt_code: str,
    complainant: Contact,
    respondent_type: str,
    details: IncidentDetails,
    in_education_program: str,
    occurred_in_mit_program: str,
    occurred_in_us: str,
    signature_name: str,
    attested: bool,
    attachments: list[StagedFile] | None = None,
) -> Report:
    """File a signed formal complaint and freeze what was signed."""
    _validate_details(details, require_respondent=True)
    errors: dict[str, str] = {}
    if not complainant.name.strip():
        errors["name"] = _("A formal complaint cannot be anonymous: please give your full legal name.")
    if not (complainant.email.strip() or complainant.phone.strip()):
        errors["email"] = _("Please give an email address or a phone number so IDHR can contact you.")
    if respondent_type not in FormalComplaint.RespondentType.values:
        errors["respondent_type"] = _("Please say whether the complaint is against a student or an employee.")
    for name, value in (
        ("in_education_program", in_education_program),
        ("occurred_in_mit_program", occurred_in_mit_program),
        ("occurred_in_us", occurred_in_us),
    ):
        if value not in Answer.values:
            errors[name] = _("Please answer this question.")
    if not signature_matches(signature=signature_name, name=complainant.name):
        errors["signature_name"] = _(
            "The typed signature must match your full legal name exactly: “%(name)s”."
        ) % {"name": complainant.name.strip()}
    if not attested:
        errors["attested"] = _(
            "Please confirm that you are the complainant and ask the Institute to investigate."
        )
    if errors:
        raise ValidationError(errors)
    _check_unused(receipt_code)

    def run():
        report = _report_create(
            kind=Report.Kind.COMPLAINT,
            receipt_code=receipt_code,
            details=details,
            is_anonymous=False,
            relationship=Report.Relationship.HARMED,
            reporter=complainant,
            wants_follow_up=True,
        )
        stored = _attachments_create(report=report, staged=attachments or [])
        signed_at = timezone.now()
        complaint_fields = {
            "respondent_type": respondent_type,
            "in_education_program": in_education_program,
            "occurred_in_mit_program": occurred_in_mit_program,
            "occurred_in_us": occurred_in_us,
            "signature_name": signature_name.strip(),
            "attested": True,
            "signed_on": timezone.localdate(signed_at).isoformat(),
            "signed_at": signed_at.isoformat(),
        }
        snapshot = complaint_snapshot(report=report, complaint_fields=complaint_fields, attachments=stored)
        FormalComplaint.objects.create(
            report=report,
            respondent_type=respondent_type,
            in_education_program=in_education_program,
            occurred_in_mit_program=occurred_in_mit_program,
            occurred_in_us=occurred_in_us,
            signature_name=signature_name.strip(),
            attested=True,
            signed_on=timezone.localdate(signed_at),
            signed_at=signed_at,
            snapshot=snapshot,
            snapshot_sha256=hashlib.sha256(snapshot.encode("utf-8")).hexdigest(),
        )
        _notify_new_report(report, Event.COMPLAINT_SUBMITTED)
        return report

    return _submitted(run)
