"""Case exports (CSV) for the Title IX coordinator.

Only the coordinator exports (cases.admin checks it before anything is built). A file
holds no party name or email address unless the coordinator ticks "include
identities" on the export form, and then gives the reason (FERPA 99.32: every exported
case gets a disclosure row); every exported case gets an access-log row that says
whether identities were in the file. Cells are neutralised against spreadsheet formula
injection.
"""

import csv
import io

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.selectors.access import case_visible_queryset, user_is_coordinator
from cases.services.audit import access_log_record
from cases.services.disclosure import disclosure_record

from .models import AccessLog, Case, Disclosure, Party

# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = [
    "reference",
    "status",
    "pathway",
    "title_ix",
    "categories",
    "process_track",
    "opened",
    "closed",
    "due_on",
    "legal_hold",
    "reports",
    "parties",
]
IDENTITY_COLUMNS = ["party_names", "party_emails"]
MAX_CASES = 5000


def csv_cell(value) -> str:
    """The text of a cell, with a leading apostrophe when it could run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class CaseExportForm(forms.Form):
    cases = forms.CharField(widget=forms.HiddenInput, required=False)
    include_identities = forms.BooleanField(
        label=gettext_lazy("Include identities (party names and email addresses)"),
        required=False,
        initial=False,
        help_text=gettext_lazy(
            "Leave unticked unless the file must name people. The access log records your choice."
        ),
    )

    reason = forms.CharField(
        label=gettext_lazy("Why the file must name people"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "vLargeTextField"}),
        help_text=gettext_lazy("Needed with identities: it is kept in each case's disclosure log."),
    )
    recipient = forms.CharField(
        label=gettext_lazy("Who will receive the file"),
        required=False,
        max_length=120,
        help_text=gettext_lazy("Leave empty if it stays with you in the office."),
    )

    def clean(self):
        data = super().clean()
        if data.get("include_identities") and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason: a file that names people is a disclosure."))
        return data

    def case_ids(self) -> list[int]:
        raw = self.data.get("cases") if self.is_bound else self.initial.get("cases", "")
        ids = []
        for part in str(raw or "").split(","):
            part = part.strip()
            if part.isdigit():
                ids.append(int(part))
        return ids[:MAX_CASES]

    def clean_cases(self):
        ids = self.case_ids()
        if not ids:
            raise ValidationError(_("Select at least one case to export."))
        return ids


def _party_label(party: Party) -> str:
    return f"{party.get_role_display()} ({party.get_affiliation_display()})"


@transaction.atomic
def case_export(
    *, user, cases: QuerySet[Case], include_identities: bool, reason: str = "", recipient: str = ""
) -> str:
    """The CSV text of the cases, and one access-log row per exported case (with identities,
    one disclosure row per case too)."""
    if not user_is_coordinator(user):
        raise PermissionDenied(_("Only the Title IX coordinator exports cases."))
    if include_identities and not reason.strip():
        raise ValidationError({"reason": _("Give the reason: a file that names people is a disclosure.")})
    cases = (
        case_visible_queryset(user, cases)
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.order_by("role", "pk")),
            "case_reports__report",
        )
        .order_by("reference")
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS + (IDENTITY_COLUMNS if include_identities else []))
    for case in cases[:MAX_CASES]:
        parties = list(case.parties.all())
        row = [
            case.reference,
            case.get_status_display(),
            case.get_pathway_display(),
            case.is_title_ix,
            " ".join(case.categories),
            case.get_process_track_display(),
            case.created_at.date().isoformat(),
            case.closed_at.date().isoformat() if case.closed_at else "",
            case.due_on.isoformat() if case.due_on else "",
            case.legal_hold,
            " ".join(link.report.reference for link in case.case_reports.all()),
            "; ".join(_party_label(p) for p in parties),
        ]
        if include_identities:
            row += [
                "; ".join(p.name or "" for p in parties),
                "; ".join(p.email or "" for p in parties),
            ]
        writer.writerow([csv_cell(value) for value in row])
        access_log_record(
            user=user, action=AccessLog.Action.EXPORT, obj=case, with_identities=include_identities
        )
        if include_identities:
            disclosure_record(
                case=case,
                kind=Disclosure.Kind.EXPORT,
                description=_("Case export (CSV) with party names and email addresses"),
                recipient_label=recipient.strip() or _("Title IX coordinator (file downloaded)"),
                basis=Disclosure.Basis.COORDINATOR,
                reason=reason,
                actor=user,
            )
    return buffer.getvalue()
