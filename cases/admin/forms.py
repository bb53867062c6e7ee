"""Forms of the staff workplace: the case form, document upload, the case page's small forms."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import Case, CaseDocument, Determination, Finding, InformalResolution
from cases.selectors.access import case_visible_queryset, user_may_see_identities
from reports.models import Report


class CaseForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = "__all__"

    def clean(self):
        data = super().clean()
        track = data.get("process_track")
        if (
            track
            and self.instance.pk
            and track != self.instance.process_track
            and not (data.get("process_track_reason") or "").strip()
        ):
            self.add_error(
                "process_track_reason", _("Give the reason for setting the process track by hand.")
            )
        if data.get("legal_hold") and not (data.get("legal_hold_reason") or "").strip():
            self.add_error("legal_hold_reason", _("Give the reason for the legal hold."))
        return data


class DocumentForm(forms.ModelForm):
    upload = forms.FileField(label=gettext_lazy("file"), required=True)

    class Meta:
        model = CaseDocument
        fields = ["kind"]


def _with_blank(choices) -> list:
    """A choice list that starts empty: nothing is chosen until the person chooses."""
    return [("", "---------"), *choices]


class DeterminationForm(forms.Form):
    """The decision-maker's determination: nothing pre-selected, a result and a rationale for each
    allegation and an overall rationale required (34 CFR 106.45(b)(7)(ii)(E)). The fields of each
    allegation are added per case (`finding_<pk>_result`, `..._facts`, `..._rationale`)."""

    outcome = forms.ChoiceField(
        label=gettext_lazy("outcome"),
        choices=_with_blank(Determination.Outcome.choices),
        error_messages={"required": gettext_lazy("Choose the outcome.")},
    )
    standard_of_evidence = forms.ChoiceField(
        label=gettext_lazy("standard of evidence"), choices=Determination.Standard.choices
    )
    rationale = forms.CharField(
        label=gettext_lazy("overall rationale"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Write the rationale for the determination.")},
    )
    remedies_provided = forms.BooleanField(
        label=gettext_lazy("remedies provided to the complainant"), required=False
    )
    remedies_description = forms.CharField(
        label=gettext_lazy("remedies"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, allegations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.allegations = list(allegations)
        for allegation in self.allegations:
            prefix = f"finding_{allegation.pk}"
            label = _("Allegation %(n)s") % {"n": allegation.number}
            self.fields[f"{prefix}_result"] = forms.ChoiceField(
                label=_("%(allegation)s: result") % {"allegation": label},
                choices=_with_blank(Finding.Result.choices),
                error_messages={"required": _("Choose the result on allegation %(n)s.") % {"n": allegation.number}},
            )
            self.fields[f"{prefix}_facts"] = forms.CharField(
                label=_("%(allegation)s: findings of fact") % {"allegation": label},
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "required": _("Write the findings of fact on allegation %(n)s.") % {"n": allegation.number}
                },
            )
            self.fields[f"{prefix}_rationale"] = forms.CharField(
                label=_("%(allegation)s: rationale for the result") % {"allegation": label},
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "required": _("Write the rationale for the result on allegation %(n)s.") % {"n": allegation.number}
                },
            )

    def service_kwargs(self) -> dict:
        """What determination_record takes: the determination's fields and the findings, one per allegation."""
        data = dict(self.cleaned_data)
        findings = []
        for allegation in self.allegations:
            prefix = f"finding_{allegation.pk}"
            findings.append({
                "allegation": allegation,
                "result": data.pop(f"{prefix}_result"),
                "findings_of_fact": data.pop(f"{prefix}_facts"),
                "rationale": data.pop(f"{prefix}_rationale"),
                "policy_provision": allegation.policy_provision,
            })
        return {**data, "findings": findings}

    @classmethod
    def initial_from(cls, determination) -> dict:
        """The recorded determination and its findings, to correct before the release."""
        initial = {name: getattr(determination, name) for name in cls.base_fields}
        for finding in determination.finding_rows.all():
            prefix = f"finding_{finding.allegation_id}"
            initial.update({
                f"{prefix}_result": finding.result,
                f"{prefix}_facts": finding.findings_of_fact,
                f"{prefix}_rationale": finding.rationale,
            })
        return initial


class InformalStartForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("type"), choices=InformalResolution.Kind.choices)


class TransitionForm(forms.Form):
    """One "Move to …" form of the case page: the status to move to and the reason typed."""

    to = forms.ChoiceField(
        choices=Case.Status.choices,
        widget=forms.HiddenInput,
        error_messages={
            "required": gettext_lazy("Choose a status the case can move to."),
            "invalid_choice": gettext_lazy("Choose a status the case can move to."),
        },
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    # Asked only where the move needs them (cases.services.workflow); the service refuses without.
    response_basis = forms.CharField(
        label=gettext_lazy("Basis for concluding the response was not deliberately indifferent"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    no_measures_reason = forms.CharField(
        label=gettext_lazy("Why no supportive measures was not clearly unreasonable"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    # Set by the confirmation page's "Confirm" button (moves that need a reason are confirmed first).
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ReporterMessageForm(forms.Form):
    """A message to the reporter of one of the case's reports."""

    report = forms.ModelChoiceField(
        label=gettext_lazy("Message to the reporter of"),
        queryset=Report.objects.none(),
        empty_label=None,
        error_messages={
            "required": gettext_lazy("Choose a report of this case."),
            "invalid_choice": gettext_lazy("Choose a report of this case."),
        },
    )
    body = forms.CharField(
        label=gettext_lazy("Message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        strip=False,
        error_messages={"required": gettext_lazy("Write the message.")},
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report"].queryset = Report.objects.filter(case_link__case=case).order_by("case_link__linked_at")
        self.fields["report"].label_from_instance = lambda report: report.reference


class AddToCaseForm(forms.Form):
    case = forms.ModelChoiceField(label=gettext_lazy("case"), queryset=Case.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = (
            case_visible_queryset(user)
            .exclude(status__in=Case.CLOSED_STATUSES)
            .order_by("-created_at")
        )
        # Reference, categories, parties' names, status (admin/pickers.py).
        from .pickers import case_picker

        case_picker(self.fields["case"], with_identities=user_may_see_identities(user))
