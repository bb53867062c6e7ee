"""Filing a report: the checks and rows every kind shares, and the incident report.

Nothing here reads a client address, a user agent or the session: an anonymous
report is written with no link to whoever sent it. The formal complaint and the
referral are in complaint.py and referral.py.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from idhr_portal.crypto import blind_index
from notifications.services import Event

from ..models import Affiliation, Attachment, Report, ReportParty
from ..signals import report_submitted
from .attachments import _attachments_create
from .notify import _notify, _notify_new_report
from .receipt_codes import CROCKFORD, receipt_code_hash
from .values import Contact, IncidentDetails, StagedFile

REFERENCE_LENGTH = 6


class ReportAlreadySubmitted(Exception):
    """The draft's one-time token (its receipt code) was already used: one report exists."""


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


def _coarsen_anonymous_times(report: Report) -> None:
    """An anonymous report is stored as received at the start of its hour, and so are its
    files: an exact time could be joined with a log that names an address (the proxy's,
    a network's). Nothing needs the minute: intake reads the hour, deadlines start when
    staff open a case, retention counts years. (What keeps exact times is listed in
    docs/deployment.md, "Logs".)"""
    if not report.is_anonymous:
        return
    hour = report.created_at.replace(minute=0, second=0, microsecond=0)
    Report.objects.filter(pk=report.pk).update(created_at=hour, updated_at=hour)
    Attachment.objects.filter(report=report).update(created_at=hour)
    report.created_at = report.updated_at = hour


# Read by the history triggers of the intake records (cases.models.anonymous_history): inside
# an anonymous submission they stamp their events with the hour, not the exact time.
ANONYMOUS_INTAKE_SETTING = "idhr.anonymous_intake"  # the same name in cases.models.anonymous_history


def _submitted(run, *, anonymous: bool = False) -> Report:
    """Run a submission; a second run of the same draft raises ReportAlreadySubmitted."""
    try:
        with transaction.atomic():
            if anonymous:
                with connection.cursor() as cursor:  # transaction-local: ends with the submission
                    cursor.execute("SELECT set_config(%s, 'on', true)", [ANONYMOUS_INTAKE_SETTING])
            report = run()
            _coarsen_anonymous_times(report)
            return report
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

    return _submitted(run, anonymous=is_anonymous)
