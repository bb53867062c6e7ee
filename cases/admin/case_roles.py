"""The case page's "Roles" box: assign a decision-maker, appeal decision-maker or
facilitator (the coordinator), attest to no conflict of interest (the assignee), and
decide an appeal (the appeal decision-maker). Same pattern as case_actions: refused,
the page again with the refusal on the form and what was typed kept.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import selectors, services
from cases.models import Appeal, CaseAssignment, CaseRole, ConflictAttestation

from .mixins import refusal_to_form

ASSIGNABLE = [(r.value, r.label) for r in CaseRole if r != CaseRole.INVESTIGATOR]


class RoleAssignForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("role"), choices=ASSIGNABLE)
    user = forms.ModelChoiceField(label=gettext_lazy("staff member"), queryset=get_user_model().objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model().objects.filter(is_active=True, is_staff=True).order_by("username")
        )


class AttestationForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("role"), choices=CaseRole.choices)
    statement = forms.CharField(
        label=gettext_lazy("statement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=services.DEFAULT_ATTESTATION,
    )

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        if roles:
            self.fields["role"].choices = [(r, CaseRole(r).label) for r in roles]


class AppealDecisionForm(forms.Form):
    appeal = forms.ModelChoiceField(label=gettext_lazy("appeal"), queryset=Appeal.objects.none())
    decision = forms.ChoiceField(
        label=gettext_lazy("decision"),
        choices=[c for c in Appeal.Decision.choices if c[0] != Appeal.Decision.PENDING],
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appeal"].queryset = Appeal.objects.filter(case=case, decision=Appeal.Decision.PENDING)


def _held_roles(case, user) -> list[str]:
    held = list(
        CaseAssignment.objects.filter(case=case, user=user, ended_at__isnull=True).values_list("role", flat=True)
    )
    if case.investigator_id == user.pk:
        held.insert(0, CaseRole.INVESTIGATOR.value)
    return held


class CaseRolesMixin:
    def _role_forms(self, request, case, refused: dict) -> dict:
        held = _held_roles(case, request.user)
        attested = set(
            ConflictAttestation.objects.filter(case=case, user=request.user).values_list("role", flat=True)
        )
        to_attest = [r for r in held if r not in attested]
        context = {
            "role_assign_form": RoleAssignForm() if selectors.user_is_coordinator(request.user) else None,
            "attestation_form": AttestationForm(roles=to_attest) if to_attest else None,
            "appeal_decision_form": (
                AppealDecisionForm(case=case) if CaseRole.APPEAL_DECISION_MAKER in held else None
            ),
            "conflict_attestations": list(
                ConflictAttestation.objects.filter(case=case).select_related("user")
            ),
        }
        context.update({k: v for k, v in refused.items() if k in context})
        return context

    def _posted_case(self, request, case_id):
        if request.method != "POST":
            raise Http404
        return self._visible_case(request, case_id)

    def role_assign_view(self, request, case_id):
        case = self._posted_case(request, case_id)
        form = RoleAssignForm(request.POST)
        if form.is_valid():
            try:
                services.case_role_assign(case=case, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                refusal_to_form(form, error)
            else:
                messages.success(request, _("Assigned."))
                return self._back(case)
        return self._refused(request, case, role_assign_form=form)

    def attestation_view(self, request, case_id):
        case = self._posted_case(request, case_id)
        form = AttestationForm(request.POST, roles=_held_roles(case, request.user))
        if form.is_valid():
            try:
                services.conflict_attestation_record(case=case, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                refusal_to_form(form, error)
            else:
                messages.success(request, _("Conflict-of-interest attestation recorded."))
                return self._back(case)
        return self._refused(request, case, attestation_form=form)

    def appeal_decision_view(self, request, case_id):
        case = self._posted_case(request, case_id)
        form = AppealDecisionForm(request.POST, case=case)
        if form.is_valid():
            try:
                services.appeal_decide(
                    appeal=form.cleaned_data["appeal"], decision=form.cleaned_data["decision"], actor=request.user
                )
            except ValidationError as error:
                refusal_to_form(form, error)
            else:
                messages.success(request, _("Appeal decided."))
                return self._back(case)
        return self._refused(request, case, appeal_decision_form=form)
