"""Pickers that show who is who, to staff who may see identities.

A party select reads "Alex Morgan — respondent (student)" instead of "Respondent
(Student)", a document select "interview-notes.pdf · Interview record · 2026-11-02",
and the "add to case" picker "C-2026-CUCYX · Sexual harassment · Alex Morgan
(respondent) · Assessment". Names are decrypted only for the choices shown, and only
where the caller says the user may see identities (the Bias Response Team never does).
"""

from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from cases.models import Appeal, Case, CaseDocument, Party
from reports.models import Report

from .choices import choice_label


def party_label(party: Party) -> str:
    described = _("%(role)s (%(affiliation)s)") % {
        "role": choice_label(party, "role").lower(),
        "affiliation": choice_label(party, "affiliation").lower(),
    }
    who = party.name or party.email
    return f"{who} — {described}" if who else described[:1].upper() + described[1:]


def document_label(document: CaseDocument) -> str:
    when = date_format(localtime(document.uploaded_at), "Y-m-d") if document.uploaded_at else ""
    return " · ".join(part for part in (document.filename, document.get_kind_display(), when) if part)


def appeal_label(appeal: Appeal) -> str:
    """"Appeal of the determination · Alex Morgan — respondent (student) · filed 2026-11-30 · New evidence…;
    Conflict of interest or bias… · Pending" (every basis chosen)."""
    filed = _("filed %(date)s") % {"date": appeal.filed_on.isoformat()} if appeal.filed_on else ""
    parts = (_("Appeal of %(of)s") % {"of": appeal.of_label}, party_label(appeal.filed_by), filed,
             appeal.get_basis_display(), appeal.get_decision_display())
    return " · ".join(str(part) for part in parts if part)


def case_label(case: Case) -> str:
    people = ", ".join(
        _("%(name)s (%(role)s)") % {"name": p.name or p.email, "role": p.get_role_display().lower()}
        for p in case.picker_parties
        if p.name or p.email
    )
    labels = dict(Report.Category.choices)
    categories = ", ".join(str(labels.get(c, c)) for c in case.categories)
    parts = (case.reference, categories, people, case.get_status_display())
    return " · ".join(part for part in parts if part)


def label_with_identities(field) -> None:
    """Give a party, document or appeal choice field the labels above (the caller checked the user)."""
    model = getattr(getattr(field, "queryset", None), "model", None)
    if model is Party:
        field.label_from_instance = party_label
    elif model is CaseDocument:
        field.label_from_instance = document_label
    elif model is Appeal:
        field.queryset = field.queryset.select_related("filed_by", "basis").prefetch_related("bases")
        field.label_from_instance = appeal_label


def label_form_with_identities(form, *, with_identities: bool) -> None:
    """Every party, document and appeal choice of a form labelled as above, for a user who may see them."""
    if with_identities:
        for field in form.fields.values():
            label_with_identities(field)


def preselect_only_choice(form, name: str) -> None:
    """With one choice (one respondent, one pending appeal), it is chosen already in a new form."""
    field = form.fields[name]
    choices = field.shared_rows if hasattr(field, "shared_rows") else list(field.queryset[:2])
    if len(choices) == 1 and not form.is_bound:
        form.initial.setdefault(name, choices[0].pk)


def case_picker(field, *, with_identities: bool) -> None:
    """The "add to case" case picker: parties' names in each choice for those who may see them."""
    if not with_identities:
        return
    field.queryset = field.queryset.prefetch_related(
        Prefetch("parties", queryset=Party.objects.order_by("role", "pk"), to_attr="picker_parties")
    )
    field.label_from_instance = case_label
