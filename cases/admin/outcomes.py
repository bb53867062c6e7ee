"""The case page's "Track and outcome" box, and the coordinator's lists behind it.

On the case page: the process track and its steps; dismissal (106.45(b)(3)); the
decision-maker's findings per allegation and sanctions; releasing the determination to both
parties at once; appeals (filing, written statements, releasing the decision). Same pattern
as case_actions: each action posts to its own URL; refused, the case page again (200) with
the refusal on that form and everything typed kept.

Admin lists the Title IX coordinator edits: the non-Title-IX tracks' steps, the sanction
options, the appeal bases; dismissals are read-only records.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import (
    Allegation,
    Appeal,
    AppealBasis,
    AppealStatement,
    CaseDocument,
    CaseRole,
    Determination,
    Dismissal,
    Finding,
    Party,
    SanctionOption,
    TrackStep,
)
from cases.selectors.access import (
    case_user_may_edit,
    case_visible_queryset,
    user_is_coordinator,
    user_is_staff_member,
    user_may_see_identities,
)
from cases.selectors.appeals import case_is_final
from cases.services.appeals import appeal_release, appeal_statement_add
from cases.services.dismissal import dismissal_record
from cases.services.outcomes import (
    appeal_file,
    determination_finality,
    determination_release,
    determination_release_refusal,
    finding_save,
    sanction_add,
    sanction_options_for,
)
from cases.services.tracks import track_steps

from .choices import case_choices, share
from .mixins import refusal_to_form
from .pickers import label_form_with_identities, preselect_only_choice

TEXT = {"widget": forms.Textarea(attrs={"rows": 3})}


class DismissalForm(forms.Form):
    ground = forms.ChoiceField(label=gettext_lazy("ground"), choices=Dismissal.Ground.choices)
    reason = forms.CharField(label=gettext_lazy("reasons (told to both parties)"), **TEXT)
    continue_on_track = forms.BooleanField(
        label=gettext_lazy(
            "the complaint continues on the respondent's non-Title-IX track (otherwise the case closes)"
        ),
        required=False,
        initial=True,
    )
    no_measures_reason = forms.CharField(
        label=gettext_lazy(
            "if the case closes and no supportive measure was ever recorded: why that was not clearly "
            "unreasonable (34 CFR 106.45(b)(10)(ii))"
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class FindingForm(forms.Form):
    allegation = forms.ModelChoiceField(label=gettext_lazy("allegation"), queryset=Allegation.objects.none())
    findings_of_fact = forms.CharField(label=gettext_lazy("findings of fact"), **TEXT)
    policy_provision = forms.CharField(label=gettext_lazy("policy provision applied"), max_length=200)
    result = forms.ChoiceField(label=gettext_lazy("result"), choices=Finding.Result.choices)
    rationale = forms.CharField(label=gettext_lazy("rationale"), **TEXT)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allegation"].queryset = Allegation.objects.filter(case=case).order_by("number")
        self.fields["allegation"].label_from_instance = lambda a: f"{a.number}. {a.policy_provision}"


class SanctionForm(forms.Form):
    party = forms.ModelChoiceField(label=gettext_lazy("respondent"), queryset=Party.objects.none())
    kind = forms.ChoiceField(label=gettext_lazy("sanction"))
    details = forms.CharField(label=gettext_lazy("details"), required=False, **TEXT)
    effective_on = forms.DateField(label=gettext_lazy("effective"), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        share(
            self.fields["party"],
            Party.objects.filter(case=case, role=Party.Role.RESPONDENT),
            case_choices(case).parties_in([Party.Role.RESPONDENT]),
        )
        preselect_only_choice(self, "party")  # a sanction once went unrecorded: no respondent chosen
        self.fields["kind"].choices = [
            (o.code, f"{o.label} ({o.get_respondent_display().lower()})")
            for o in sanction_options_for(case=case)
        ]


class ReleaseForm(forms.Form):
    """Release the determination to both parties: no fields, one button."""


class AppealFileForm(forms.Form):
    filed_by = forms.ModelChoiceField(label=gettext_lazy("filed by"), queryset=Party.objects.none())
    dismissal = forms.ModelChoiceField(
        label=gettext_lazy("appeal of"),
        queryset=Dismissal.objects.none(),
        required=False,
        empty_label=gettext_lazy("the determination"),
    )
    bases = forms.ModelMultipleChoiceField(
        label=gettext_lazy("bases (every one the party chose)"),
        queryset=AppealBasis.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose the basis of the appeal: every one the party chose.")},
    )
    grounds = forms.CharField(label=gettext_lazy("grounds"), required=False, **TEXT)
    filed_on = forms.DateField(label=gettext_lazy("filed"), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        principals = [Party.Role.COMPLAINANT, Party.Role.RESPONDENT]
        share(
            self.fields["filed_by"],
            Party.objects.filter(case=case, role__in=principals),
            case_choices(case).parties_in(principals),
        )
        self.fields["dismissal"].queryset = Dismissal.objects.filter(case=case)
        self.fields["bases"].queryset = AppealBasis.objects.filter(active=True)


class AppealStatementForm(forms.Form):
    appeal = forms.ModelChoiceField(label=gettext_lazy("appeal"), queryset=Appeal.objects.none())
    party = forms.ModelChoiceField(label=gettext_lazy("party"), queryset=Party.objects.none())
    document = forms.ModelChoiceField(label=gettext_lazy("statement (a document of the case)"),
                                      queryset=CaseDocument.objects.none())
    submitted_on = forms.DateField(label=gettext_lazy("submitted"), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        # Offered: the pending appeals. Sent (perhaps from a stale page): any appeal of the case, so
        # that the refusal says why ("already decided"), not "Select a valid choice".
        appeals = Appeal.objects.filter(case=case)
        self.fields["appeal"].queryset = appeals if self.is_bound else appeals.filter(decision=Appeal.Decision.PENDING)
        preselect_only_choice(self, "appeal")
        principals = [Party.Role.COMPLAINANT, Party.Role.RESPONDENT]
        share(
            self.fields["party"],
            Party.objects.filter(case=case, role__in=principals),
            case_choices(case).parties_in(principals),
        )
        share(self.fields["document"], CaseDocument.objects.filter(case=case), case_choices(case).documents)


class AppealReleaseForm(forms.Form):
    appeal = forms.ModelChoiceField(label=gettext_lazy("appeal"), queryset=Appeal.objects.none())

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        decided = Appeal.objects.filter(case=case).exclude(decision=Appeal.Decision.PENDING)
        # Sent again from a stale page: the service says it was given already (not "Select a valid choice").
        self.fields["appeal"].queryset = decided if self.is_bound else decided.filter(released_at__isnull=True)
        preselect_only_choice(self, "appeal")


# The case page's outcome actions: name -> (form class, whether the form takes the case).
# Each posts to outcome/<name>/ (OutcomesMixin.outcome_action_view).
ACTIONS = {
    "dismissal": (DismissalForm, False),
    "finding": (FindingForm, True),
    "sanction": (SanctionForm, True),
    "release": (ReleaseForm, False),
    "appeal_file": (AppealFileForm, True),
    "appeal_statement": (AppealStatementForm, True),
    "appeal_release": (AppealReleaseForm, True),
}


def _form(name, case, data=None, *, with_identities=False):
    form_class, takes_case = ACTIONS[name]
    kwargs = {"case": case} if takes_case else {}
    form = form_class(data, auto_id=f"{name}-%s", **kwargs)
    label_form_with_identities(form, with_identities=with_identities)  # names and file names
    return form


class OutcomesMixin:
    """CaseAdmin's outcome actions (URLs added to CaseViewsMixin.get_urls)."""

    def outcome_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(f"<int:case_id>/outcome/{name}/", wrap(self.outcome_action_view), {"name": name},
                 name=f"cases_case_outcome_{name}")
            for name in ACTIONS
        ]

    def _outcome_call(self, request, case, name, data):
        determination = Determination.objects.filter(case=case).first()
        actor = request.user
        if name == "dismissal":
            dismissal = dismissal_record(case=case, actor=actor, **data)
            return _("Dismissed: %(ground)s. The notice to both parties is ready for review.") % {
                "ground": dismissal.get_ground_display()}
        if name in ("finding", "sanction", "release") and determination is None:
            raise ValidationError(_("Record the determination first."))
        if name == "finding":
            finding_save(determination=determination, actor=actor, **data)
            return _("Finding recorded.")
        if name == "sanction":
            sanction_add(determination=determination, actor=actor, **data)
            return _("Sanction recorded.")
        if name == "release":
            determination_release(determination=determination, actor=actor)
            return _("Released: the outcome letters to both parties were prepared together, in one batch.")
        if name == "appeal_file":
            data["bases"] = list(data["bases"])
            appeal_file(case=case, party=data.pop("filed_by"), actor=actor, **data)
            return _("Appeal recorded; the other party's notice is ready for review.")
        if name == "appeal_statement":
            appeal_statement_add(actor=actor, **data)
            return _("Written statement recorded.")
        appeal_release(appeal=data["appeal"], actor=actor)
        return _("The appeal decision was released to both parties together.")

    def outcome_action_view(self, request, case_id, name):
        if request.method != "POST" or name not in ACTIONS:
            raise Http404
        case = self._visible_case(request, case_id)
        form = _form(name, case, request.POST, with_identities=user_may_see_identities(request.user))
        if form.is_valid():
            try:
                message = self._outcome_call(request, case, name, dict(form.cleaned_data))
            except ValidationError as error:
                refusal_to_form(form, error)
            else:
                messages.success(request, message)
                return self._back(case)
        return self._refused(request, case, **{f"{name}_form": form})

    def _outcome_context(self, request, case, refused: dict) -> dict:
        may_edit = case_user_may_edit(request.user, case)
        is_dm = request.user.pk in case_choices(case).role_user_ids(CaseRole.DECISION_MAKER)
        determination = case_choices(case).determination
        released = bool(determination and determination.released_at)
        dismissals = list(Dismissal.objects.filter(case=case).select_related("dismissed_by"))
        appeals = list(
            Appeal.objects.filter(case=case).select_related("filed_by", "basis", "dismissal").prefetch_related("bases")
        )
        finality = determination_finality(determination=determination) if determination else None
        final = bool(finality and finality.final_on)
        show = {
            "dismissal": may_edit and case.is_open and not released,
            "finding": is_dm and determination is not None and not released,
            "sanction": is_dm and determination is not None and not released
            and determination.outcome == Determination.Outcome.RESPONSIBLE,
            "release": may_edit and determination is not None and not released,
            # Not once the determination is final (106.45(b)(7)(iii)): no appeal pending, no window open.
            "appeal_file": may_edit and ((released and not final) or bool(dismissals)),
            "appeal_statement": may_edit and any(a.decision == Appeal.Decision.PENDING for a in appeals),
            "appeal_release": may_edit and any(a.decision != "pending" and not a.released_at for a in appeals),
        }
        context = {
            "track_steps": track_steps(case.process_track),
            "case_dismissals": dismissals,
            "case_appeals": appeals,
            "appeal_statements": list(
                AppealStatement.objects.filter(appeal__case=case).select_related("party", "document")
            ),
            "determination_findings": list(determination.findings) if determination else [],
            "determination_sanctions": list(determination.sanctions) if determination else [],
            "case_final": case_is_final(case),
            "finality_text": finality_text(finality),
            "release_refusal": (
                determination_release_refusal(determination) if show["release"] else None
            ),
        }
        for name in ACTIONS:
            key = f"{name}_form"
            # (this box is shown only to those who may see identities: case_views._case_page_context)
            context[key] = refused.get(key) or (_form(name, case, with_identities=True) if show[name] else None)
        return context


# --- The coordinator's lists ---------------------------------------------------------------


class CoordinatorListAdmin(admin.ModelAdmin):
    """Lists the Title IX coordinator keeps; other staff read them."""

    def has_module_permission(self, request):
        return user_is_staff_member(request.user)

    def has_view_permission(self, request, obj=None):
        return user_is_staff_member(request.user)

    def has_add_permission(self, request):
        return user_is_coordinator(request.user)

    def has_change_permission(self, request, obj=None):
        return user_is_coordinator(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # retire a row with "in use" instead: records point to it


@admin.register(TrackStep)
class TrackStepAdmin(CoordinatorListAdmin):
    list_display = ["track", "order", "name", "source", "active"]
    list_filter = ["track", "active"]
    list_editable = ["order", "active"]
    fields = ["track", "order", "name", "description", "source", "active"]


@admin.register(SanctionOption)
class SanctionOptionAdmin(CoordinatorListAdmin):
    list_display = ["label", "respondent", "code", "order", "active"]
    list_filter = ["respondent", "active"]
    fields = ["respondent", "code", "label", "description", "order", "active"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj else []  # sanctions recorded keep pointing at it


@admin.register(AppealBasis)
class AppealBasisAdmin(CoordinatorListAdmin):
    list_display = ["label", "regulation", "order", "active"]
    fields = ["label", "regulation", "order", "active"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.regulation:
            return ["label", "regulation", "active"]  # the regulation's bases stay as written
        return ["regulation"]


@admin.register(Dismissal)
class DismissalAdmin(admin.ModelAdmin):
    list_display = ["case", "ground", "dismissed_on", "continues_track", "appeal_deadline"]
    list_select_related = ["case"]
    list_filter = ["ground"]
    fields = ["case", "ground", "reason", "dismissed_on", "dismissed_by", "continues_track", "appeal_deadline"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(case__in=case_visible_queryset(request.user))

    def has_module_permission(self, request):
        return user_may_see_identities(request.user)

    def has_view_permission(self, request, obj=None):
        return user_may_see_identities(request.user)

    def has_add_permission(self, request):
        return False  # recorded on the case page, through the service

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def finality_text(finality) -> str:
    if finality is None:
        return ""
    if finality.final_on:
        return _("Final on %(date)s because %(why)s.") % {
            "date": finality.final_on.isoformat(),
            "why": finality.because,
        }
    return _("Not final yet: %(why)s.") % {"why": finality.because}


