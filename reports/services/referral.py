"""A responsible employee's referral: the referrer comes from the login."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from idhr_portal import roles
from notifications.services import Event

from ..models import Affiliation, Referral, Report
from .notify import _notify_new_report
from .submission import _check_unused, _none_if_blank, _report_create, _submitted, _validate_details
from .values import Contact, IncidentDetails

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
