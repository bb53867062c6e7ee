"""Every rule of intake: submissions, receipt codes, messages, attachments.

Views turn forms into the value objects below and call one function here.
Nothing in this module reads a client address, a user agent or the session:
an anonymous report is written with no link to whoever sent it.
"""

import hashlib
import hmac
import json
import logging
import re
import secrets
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template import TemplateDoesNotExist
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from idhr_portal import roles
from idhr_portal.crypto import EncryptedFileStore, blind_index
from notifications.services import Event, notification_event

from . import files
from .models import (
    Affiliation,
    Answer,
    Attachment,
    FormalComplaint,
    Referral,
    Report,
    ReporterMessage,
    ReportParty,
)
from .signals import report_submitted

logger = logging.getLogger(__name__)

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
RECEIPT_CODE_LENGTH = 25  # 25 x 5 bits = 125 random bits
RECEIPT_CODE_GROUP = 5
REFERENCE_LENGTH = 6
MESSAGE_MAX_LENGTH = 10_000

staging_store = EncryptedFileStore("staging")
attachment_store = EncryptedFileStore("attachments")


class ReportAlreadySubmitted(Exception):
    """The draft's one-time token (its receipt code) was already used: one report exists."""


class FollowUpRateLimited(Exception):
    """Too many receipt-code attempts right now."""


class FollowUpUnavailable(FollowUpRateLimited):
    """The attempt counters (the cache) cannot be reached: no code is checked unlimited."""


# --- Value objects (what a view hands to a service) ------------------------------


@dataclass(frozen=True)
class Contact:
    name: str = ""
    email: str = ""
    phone: str = ""
    affiliation: str = ""


@dataclass(frozen=True)
class Party:
    name: str = ""
    email: str = ""
    affiliation: str = Affiliation.UNKNOWN
    details: str = ""

    def is_blank(self) -> bool:
        return not (self.name.strip() or self.email.strip() or self.details.strip())


@dataclass(frozen=True)
class IncidentDetails:
    narrative: str
    categories: list[str] = field(default_factory=list)
    protected_bases: list[str] = field(default_factory=list)
    date_precision: str = Report.DatePrecision.UNKNOWN
    incident_date: date | None = None
    date_text: str = ""
    location_type: str = Report.Location.UNKNOWN
    location_detail: str = ""
    police_contacted: str = ""
    respondents: list[Party] = field(default_factory=list)
    witnesses: list[Party] = field(default_factory=list)


@dataclass(frozen=True)
class StagedFile:
    """An upload kept encrypted in the staging folder until the report is submitted."""

    id: str
    stored_name: str
    filename: str
    content_type: str
    size: int


# --- Receipt codes ----------------------------------------------------------------


def receipt_code_new() -> str:
    """A fresh receipt code: 125 random bits as five groups of Crockford base32."""
    raw = "".join(secrets.choice(CROCKFORD) for _ in range(RECEIPT_CODE_LENGTH))
    return "-".join(
        raw[i : i + RECEIPT_CODE_GROUP] for i in range(0, RECEIPT_CODE_LENGTH, RECEIPT_CODE_GROUP)
    )


def receipt_code_normalise(code: str) -> str:
    """Upper case, no separators, and the letters people confuse mapped as Crockford says."""
    text = re.sub(r"[\s\-_.]", "", (code or "")[:200]).upper()
    return text.translate(str.maketrans({"O": "0", "I": "1", "L": "1"}))


def receipt_code_hash(code: str) -> str:
    return hmac.new(
        settings.RECEIPT_CODE_PEPPER.encode(), receipt_code_normalise(code).encode(), hashlib.sha256
    ).hexdigest()


def _follow_up_rate_check(code_hash: str) -> None:
    """Cache counters only (no addresses): one for the whole site per minute, one per code per hour."""
    minute_key = f"reports:follow-up:minute:{int(time.time() // 60)}"
    code_key = f"reports:follow-up:code:{code_hash}"
    try:
        cache.add(minute_key, 0, timeout=120)
        cache.add(code_key, 0, timeout=3600)
        try:
            site_attempts = cache.incr(minute_key)
            code_attempts = cache.incr(code_key)
        except ValueError:  # the key expired between add and incr: count this one as the first
            site_attempts = code_attempts = 1
    except Exception as exc:  # the cache (Redis) is down: refuse rather than check without a limit
        logger.warning("follow-up attempt counters unavailable (%s)", type(exc).__name__)
        raise FollowUpUnavailable from exc
    if (
        site_attempts > settings.REPORTS_FOLLOW_UP_ATTEMPTS_PER_MINUTE
        or code_attempts > settings.REPORTS_FOLLOW_UP_ATTEMPTS_PER_CODE_PER_HOUR
    ):
        raise FollowUpRateLimited


def receipt_code_verify(*, code: str) -> Report | None:
    """The report a receipt code opens, or None.

    A wrong, malformed or unknown code costs the same work as a right one: one
    HMAC and one indexed lookup; the caller answers every failure the same way.
    Raises FollowUpRateLimited when there have been too many attempts, and
    FollowUpUnavailable (a FollowUpRateLimited) when they cannot be counted.
    """
    code_hash = receipt_code_hash(code)
    _follow_up_rate_check(code_hash)
    return Report.objects.filter(receipt_code_hash=code_hash).first()


# --- Attachments -------------------------------------------------------------------


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


# --- Submissions --------------------------------------------------------------------


def _reference_new() -> str:
    for _attempt in range(10):
        reference = "R-" + "".join(secrets.choice(CROCKFORD) for _ in range(REFERENCE_LENGTH))
        if not Report.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("could not find a free report reference")


def _none_if_blank(value: str) -> str | None:
    value = (value or "").strip()
    return value or None


def _validate_details(details: IncidentDetails, *, require_respondent: bool = False) -> None:
    errors: dict[str, list[str]] = {}
    if not details.narrative.strip():
        errors.setdefault("narrative", []).append(_("Please tell us what happened."))
    if len(details.narrative) > settings.REPORTS_NARRATIVE_MAX_LENGTH:
        errors.setdefault("narrative", []).append(
            _("Please keep this under %(max)s characters.") % {"max": settings.REPORTS_NARRATIVE_MAX_LENGTH}
        )
    if set(details.categories) - set(Report.Category.values):
        errors.setdefault("categories", []).append(_("Unknown category."))
    if set(details.protected_bases) - set(Report.ProtectedBasis.values):
        errors.setdefault("protected_bases", []).append(_("Unknown protected-class basis."))
    if details.date_precision in (Report.DatePrecision.EXACT, Report.DatePrecision.MONTH):
        if details.incident_date is None:
            errors.setdefault("incident_date", []).append(_("Please give the date."))
        elif details.incident_date > timezone.localdate():
            errors.setdefault("incident_date", []).append(_("The date cannot be in the future."))
    if require_respondent and not any(p.name.strip() for p in details.respondents):
        errors.setdefault("respondents", []).append(
            _("A formal complaint must name the person it is against.")
        )
    if errors:
        raise ValidationError(errors)


def _report_create(
    *,
    kind: str,
    receipt_code: str,
    details: IncidentDetails,
    is_anonymous: bool,
    relationship: str = "",
    reporter: Contact | None = None,
    wants_follow_up: bool = False,
) -> Report:
    reporter = reporter or Contact()
    incident_date = details.incident_date
    if details.date_precision == Report.DatePrecision.MONTH and incident_date is not None:
        incident_date = incident_date.replace(day=1)
    elif details.date_precision not in (Report.DatePrecision.EXACT, Report.DatePrecision.MONTH):
        incident_date = None
    report = Report.objects.create(
        kind=kind,
        reference=_reference_new(),
        categories=list(dict.fromkeys(details.categories)),
        is_title_ix=bool(set(details.categories) & Report.TITLE_IX_CATEGORIES),
        protected_bases=list(dict.fromkeys(details.protected_bases)),
        relationship=relationship,
        incident_date_precision=details.date_precision,
        incident_date=incident_date,
        incident_date_text=(
            _none_if_blank(details.date_text)
            if details.date_precision == Report.DatePrecision.RANGE
            else None
        ),
        location_type=details.location_type,
        location_detail=_none_if_blank(details.location_detail),
        narrative=details.narrative.strip(),
        police_contacted=details.police_contacted,
        is_anonymous=is_anonymous,
        reporter_name=None if is_anonymous else _none_if_blank(reporter.name),
        reporter_email=None if is_anonymous else _none_if_blank(reporter.email),
        reporter_phone=None if is_anonymous else _none_if_blank(reporter.phone),
        reporter_affiliation="" if is_anonymous else reporter.affiliation,
        wants_follow_up=bool(wants_follow_up and not is_anonymous and reporter.email),
        receipt_code_hash=receipt_code_hash(receipt_code),
    )
    for role, people in (
        (ReportParty.Role.RESPONDENT, details.respondents),
        (ReportParty.Role.WITNESS, details.witnesses),
    ):
        for position, person in enumerate(p for p in people if not p.is_blank()):
            ReportParty.objects.create(
                report=report,
                role=role,
                position=position,
                name=_none_if_blank(person.name),
                email=_none_if_blank(person.email),
                affiliation=person.affiliation or Affiliation.UNKNOWN,
                details=_none_if_blank(person.details),
                # Only respondents are matched across reports.
                name_index=blind_index(person.name, kind="name")
                if role == ReportParty.Role.RESPONDENT
                else "",
                email_index=blind_index(person.email, kind="email")
                if role == ReportParty.Role.RESPONDENT
                else "",
            )
    report_submitted.send(sender=Report, report=report)
    return report


def _admin_path(report: Report) -> str:
    try:
        return reverse("admin:reports_report_change", args=[report.pk])
    except NoReverseMatch:  # the cases app registers the Report admin
        return ""


def _notify(report: Report, event: str, *, recipients: list[str] | None = None, exclude=()) -> list[str]:
    """Record an outbox row in the current transaction: reference and admin link only.

    Returns the addresses it went to.
    """
    try:
        notification = notification_event(
            event=event,
            reference=report.reference,
            admin_path=_admin_path(report),
            object_ref=f"reports.report:{report.pk}",
            recipients=recipients,
            context={"kind": report.get_kind_display()},
            exclude=exclude,
        )
    except TemplateDoesNotExist:
        # A missing email template must never lose a report: the row is simply not written.
        logger.error("notification template missing for %s (%s)", event, report.reference)
        return []
    return list(notification.recipients) if notification else []


def _notify_new_report(report: Report, alert: str | None = None) -> None:
    """Tell intake staff of a new report; `alert` (Title IX, complaint, referral) goes
    to its own recipients first, and nobody gets both emails for one submission."""
    alerted = _notify(report, alert) if alert else []
    _notify(report, Event.REPORT_SUBMITTED, exclude=alerted)


def _submitted(run) -> Report:
    """Run a submission; a second run of the same draft raises ReportAlreadySubmitted."""
    try:
        with transaction.atomic():
            return run()
    except IntegrityError as exc:
        if "receipt_code_hash" in str(exc):
            raise ReportAlreadySubmitted from exc
        raise


def _check_unused(receipt_code: str) -> None:
    if Report.objects.filter(receipt_code_hash=receipt_code_hash(receipt_code)).exists():
        raise ReportAlreadySubmitted


def incident_report_submit(
    *,
    receipt_code: str,
    details: IncidentDetails,
    is_anonymous: bool,
    relationship: str,
    reporter: Contact | None = None,
    wants_follow_up: bool = False,
    attachments: list[StagedFile] | None = None,
) -> Report:
    """File an incident report (anonymous or named) and tell intake staff."""
    _validate_details(details)
    if not is_anonymous and not (reporter and reporter.name.strip()):
        raise ValidationError({"name": _("Please give your name, or choose to report anonymously.")})
    if (
        wants_follow_up
        and not is_anonymous
        and not (reporter and (reporter.email.strip() or reporter.phone.strip()))
    ):
        raise ValidationError(
            {"email": _("To hear back from IDHR, please give an email address or phone number.")}
        )
    _check_unused(receipt_code)

    def run():
        report = _report_create(
            kind=Report.Kind.INCIDENT,
            receipt_code=receipt_code,
            details=details,
            is_anonymous=is_anonymous,
            relationship=relationship,
            reporter=reporter,
            wants_follow_up=wants_follow_up,
        )
        _attachments_create(report=report, staged=attachments or [])
        _notify_new_report(report, Event.TITLE_IX_REPORT if report.is_title_ix else None)
        if report.wants_follow_up and report.reporter_email:
            _notify(report, Event.REPORTER_ACKNOWLEDGEMENT, recipients=[report.reporter_email])
        return report

    return _submitted(run)


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


user_is_responsible_employee = roles.user_is_responsible_employee


def referral_submit(
    *,
    receipt_code: str,
    referrer,
    referrer_role: str,
    impacted: Contact,
    details: IncidentDetails,
) -> Report:
    """File a responsible employee's referral; the referrer comes from the login."""
    if not user_is_responsible_employee(referrer):
        raise PermissionDenied(_("Only responsible employees can submit referrals."))
    _validate_details(details)
    if not referrer_role.strip():
        raise ValidationError({"referrer_role": _("Please give your role at MIT.")})
    _check_unused(receipt_code)

    def run():
        report = _report_create(
            kind=Report.Kind.REFERRAL,
            receipt_code=receipt_code,
            details=details,
            is_anonymous=False,
            relationship=Report.Relationship.ON_BEHALF,
            reporter=Contact(
                name=referrer.get_full_name() or referrer.get_username(),
                email=referrer.email,
                affiliation=Affiliation.EMPLOYEE,
            ),
            wants_follow_up=False,
        )
        Referral.objects.create(
            report=report,
            referrer=referrer,
            referrer_role=referrer_role.strip()[:200],
            impacted_name=_none_if_blank(impacted.name),
            impacted_email=_none_if_blank(impacted.email),
            impacted_phone=_none_if_blank(impacted.phone),
            impacted_affiliation=impacted.affiliation or Affiliation.UNKNOWN,
        )
        _notify_new_report(report, Event.REFERRAL_SUBMITTED)
        return report

    return _submitted(run)


# --- After submission -----------------------------------------------------------------


def _message_body_check(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Please write a message.")})
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {"body": _("Please keep a message under %(max)s characters.") % {"max": MESSAGE_MAX_LENGTH}}
        )
    return body


def reporter_message_add(
    *, report: Report, body: str, attachments: list[StagedFile] | None = None
) -> ReporterMessage:
    """A reporter's reply or new information, sent through their receipt code."""
    body = _message_body_check(body)
    with transaction.atomic():
        message = ReporterMessage.objects.create(
            report=report, direction=ReporterMessage.Direction.FROM_REPORTER, body=body
        )
        if attachments:
            already = report.attachments.count()
            if already + len(attachments) > settings.REPORTS_MAX_ATTACHMENTS * 2:
                raise ValidationError({"files": _("This report already has as many files as it can hold.")})
            _attachments_create(report=report, staged=attachments, message=message)
        _notify(report, Event.REPORTER_MESSAGE, recipients=None)
    return message


def staff_message_add(*, report: Report, author, body: str) -> ReporterMessage:
    """A message from IDHR staff, shown to the reporter on the follow-up page."""
    body = _message_body_check(body)
    with transaction.atomic():
        message = ReporterMessage.objects.create(
            report=report, direction=ReporterMessage.Direction.FROM_STAFF, body=body, author=author
        )
        if report.wants_follow_up and report.reporter_email and not report.is_anonymous:
            # Only that a message is waiting: never the message itself.
            _notify(report, Event.STAFF_MESSAGE, recipients=[report.reporter_email])
        return message


def report_status_set(*, report: Report, status: str) -> Report:
    """Set the status the reporter sees (received, under review, closed)."""
    if status not in Report.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(status=status, updated_at=timezone.now())
        report.status = status
    return report


def staged_file_to_dict(item: StagedFile) -> dict:
    return asdict(item)
