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

from cases.models import Appeal, AssigneeObjection, CaseAssignment, CaseRole, ConflictAttestation, Party
from cases.selectors.access import case_user_may_edit, user_is_coordinator, user_may_see_identities
from cases.services.assignments import (
    DEFAULT_ATTESTATION,
    assignee_objection_file,
    assignee_objection_resolve,
    case_role_assign,
    conflict_attestation_record,
)
from cases.services.outcomes import appeal_decide

from .choices import case_choices, share
from .mixins import refusal_to_form
from .pickers import label_form_with_identities, label_with_identities, preselect_only_choice

ASSIGNABLE = [(r.value, r.label) for r in CaseRole if r != CaseRole.INVESTIGATOR]


class StaffChoiceField(forms.ModelChoiceField):
    """A staff member by name, as the Roles box lists them (the username alone was hard to match)."""

    def label_from_instance(self, obj):
        full_name = obj.get_full_name()
        return f"{full_name} ({obj.username})" if full_name else obj.username


class RoleAssignForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("role"), choices=ASSIGNABLE)
    user = StaffChoiceField(label=gettext_lazy("staff member"), queryset=get_user_model().objects.none())

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        if case is not None:  # the case page: the staff list read once for its forms
            share(self.fields["user"], _staff(), case_choices(case).staff)
        else:
            self.fields["user"].queryset = _staff()


class AttestationForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("role"), choices=CaseRole.choices)
    statement = forms.CharField(
        label=gettext_lazy("statement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=DEFAULT_ATTESTATION,
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
    rationale = forms.CharField(
        label=gettext_lazy("rationale"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    result_after_appeal = forms.CharField(
        label=gettext_lazy("result after the appeal"),
        help_text=gettext_lazy("Only when the decision modifies or overturns: the result that now stands for each "
                               "allegation, and any sanction or remedy changed."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, case, with_identities=False, **kwargs):
        super().__init__(*args, **kwargs)
        appeals = Appeal.objects.filter(case=case)  # sent from a stale page: the service says why it is refused
        self.fields["appeal"].queryset = appeals if self.is_bound else appeals.filter(decision=Appeal.Decision.PENDING)
        preselect_only_choice(self, "appeal")
        label_form_with_identities(self, with_identities=with_identities)


def _staff():
    return get_user_model().objects.filter(is_active=True, is_staff=True).order_by("username")


class ObjectionForm(forms.Form):
    party = forms.ModelChoiceField(label=gettext_lazy("objecting party"), queryset=Party.objects.none())
    role = forms.ChoiceField(label=gettext_lazy("role"), choices=CaseRole.choices)
    assignee = StaffChoiceField(label=gettext_lazy("assignee"), queryset=get_user_model().objects.none())
    grounds = forms.CharField(label=gettext_lazy("grounds"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        principals = [Party.Role.COMPLAINANT, Party.Role.RESPONDENT]
        share(
            self.fields["party"],
            Party.objects.filter(case=case, role__in=principals),
            case_choices(case).parties_in(principals),
        )
        label_with_identities(self.fields["party"])  # shown only to those who may edit the case
        share(self.fields["assignee"], _staff(), case_choices(case).staff)


class ObjectionResolveForm(forms.Form):
    objection = forms.ModelChoiceField(label=gettext_lazy("objection"), queryset=AssigneeObjection.objects.none())
    upheld = forms.TypedChoiceField(
        label=gettext_lazy("resolution"),
        choices=[("yes", gettext_lazy("Upheld: replace the assignee")), ("no", gettext_lazy("Rejected"))],
        coerce=lambda value: value == "yes",
    )
    replacement = StaffChoiceField(
        label=gettext_lazy("replacement"), queryset=get_user_model().objects.none(), required=False
    )
    reason = forms.CharField(
        label=gettext_lazy("reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objection"].queryset = AssigneeObjection.objects.filter(
            case=case, resolution=AssigneeObjection.Resolution.PENDING
        )
        share(self.fields["replacement"], _staff(), case_choices(case).staff)


def _held_roles(case, user, assignments=None) -> list[str]:
    if assignments is not None:  # the case page's current assignments, already read
        held = [a.role for a in assignments if a.user_id == user.pk]
    else:
        held = list(
            CaseAssignment.objects.filter(case=case, user=user, ended_at__isnull=True).values_list("role", flat=True)
        )
    if case.investigator_id == user.pk:
        held.insert(0, CaseRole.INVESTIGATOR.value)
    return held


class CaseRolesMixin:
    def _role_forms(self, request, case, refused: dict) -> dict:
        held = _held_roles(case, request.user, case_choices(case).assignments)
        attested = set(
            ConflictAttestation.objects.filter(case=case, user=request.user).values_list("role", flat=True)
        )
        to_attest = [r for r in held if r not in attested]
        coordinator = user_is_coordinator(request.user)
        context = {
            "role_assign_form": RoleAssignForm(case=case) if coordinator else None,
            "attestation_form": AttestationForm(roles=to_attest) if to_attest else None,
            "appeal_decision_form": (
                AppealDecisionForm(case=case, with_identities=user_may_see_identities(request.user))
                if CaseRole.APPEAL_DECISION_MAKER in held
                else None
            ),
            "objection_form": (
                ObjectionForm(case=case) if case_user_may_edit(request.user, case) else None
            ),
            "objection_resolve_form": (
                ObjectionResolveForm(case=case)
                if coordinator and AssigneeObjection.objects.filter(case=case, resolution="pending").exists()
                else None
            ),
            "assignee_objections": list(
                AssigneeObjection.objects.filter(case=case).select_related("party", "assignee", "replacement")
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
                case_role_assign(case=case, actor=request.user, **form.cleaned_data)
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
                conflict_attestation_record(case=case, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                refusal_to_form(form, error)
            else:
                messages.success(request, _("Conflict-of-interest attestation recorded."))
                return self._back(case)
        return self._refused(request, case, attestation_form=form)

    def appeal_decision_view(self, request, case_id):
        case = self._posted_case(request, case_id)
        form = AppealDecisionForm(
            request.POST, case=case, with_identities=user_may_see_identities(request.user)
        )
        if form.is_valid():
            try:
                appeal_decide(
                    appeal=form.cleaned_data["appeal"],
                    decision=form.cleaned_data["decision"],
                    rationale=form.cleaned_data.get("rationale", ""),
                    result_after_appeal=form.cleaned_data.get("result_after_appeal", ""),
                    actor=request.user,
                )
            except ValidationError as error:
                refusal_to_form(form, error)
            else:
                messages.success(request, _("Appeal decided."))
                return self._back(case)
        return self._refused(request, case, appeal_decision_form=form)

    def objection_view(self, request, case_id):
        case = self._posted_case(request, case_id)
        form = ObjectionForm(request.POST, case=case)
        if form.is_valid():
            try:
                assignee_objection_file(case=case, actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                refusal_to_form(form, error)
            else:
                messages.success(request, _("Objection recorded."))
                return self._back(case)
        return self._refused(request, case, objection_form=form)

    def objection_resolve_view(self, request, case_id):
        case = self._posted_case(request, case_id)
        form = ObjectionResolveForm(request.POST, case=case)
        if form.is_valid():
            try:
                assignee_objection_resolve(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                refusal_to_form(form, error)
            else:
                messages.success(request, _("Objection resolved."))
                return self._back(case)
        return self._refused(request, case, objection_resolve_form=form)
