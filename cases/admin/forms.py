"""Forms of the staff workplace: the case form, document upload, the case page's small forms."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import selectors
from cases.models import Case, CaseDocument, Determination, InformalResolution


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


class DeterminationForm(forms.Form):
    outcome = forms.ChoiceField(label=gettext_lazy("outcome"), choices=Determination.Outcome.choices)
    standard_of_evidence = forms.ChoiceField(
        label=gettext_lazy("standard of evidence"), choices=Determination.Standard.choices
    )
    rationale = forms.CharField(
        label=gettext_lazy("rationale"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class InformalStartForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("type"), choices=InformalResolution.Kind.choices)


class AddToCaseForm(forms.Form):
    case = forms.ModelChoiceField(label=gettext_lazy("case"), queryset=Case.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = (
            selectors.case_visible_queryset(user)
            .exclude(status__in=Case.CLOSED_STATUSES)
            .order_by("-created_at")
        )
