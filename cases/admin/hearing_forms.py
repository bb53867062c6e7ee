"""The case page's formal-process forms: evidence review, report, advisors, hearing, rulings, extensions.

Each form's choices are the case's own (parties, documents, hearings, deadlines); each calls
one service (cases.admin.hearing.PROCESS_ACTIONS).
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cases.models import (
    CaseDeadline,
    CaseDocument,
    DeadlineExtension,
    Hearing,
    InvestigationReport,
    Party,
    RelevanceRuling,
)

from .choices import case_choices, share
from .pickers import document_label, party_label

PRINCIPAL_ROLES = (Party.Role.COMPLAINANT, Party.Role.RESPONDENT)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def _documents(case):
    return CaseDocument.objects.filter(case=case).order_by("-uploaded_at", "-pk")


def _principals(case):
    return Party.objects.filter(case=case, role__in=PRINCIPAL_ROLES).order_by("role", "pk")


# The same rows, read once per page for all the forms (admin/choices.py).
def share_documents(field, case):
    share(field, _documents(case), case_choices(case).documents)


def share_principals(field, case):
    share(field, _principals(case), case_choices(case).parties_in(PRINCIPAL_ROLES))


def share_hearings(field, case, *, status=None, exclude_status=None):
    queryset = Hearing.objects.filter(case=case)
    queryset = queryset.filter(status=status) if status else queryset.exclude(status=exclude_status)
    share(field, queryset, case_choices(case).hearings_with(status=status, exclude_status=exclude_status))


class PartyChoiceField(forms.ModelChoiceField):
    """A party by name, role and affiliation, as every picker shows it (admin/pickers.py): these
    forms are offered only to staff who may see identities (hearing.HearingActionsMixin)."""

    def label_from_instance(self, obj):
        return party_label(obj)


class DocumentChoiceField(forms.ModelChoiceField):
    """"interview-notes.pdf · Interview record · 2026-11-02", as every document picker shows it."""

    def label_from_instance(self, obj):
        return document_label(obj)


class CaseProcessForm(forms.Form):
    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.setup(case)

    def setup(self, case):
        pass

    def preselect_only_choice(self, name):
        """With one hearing (or report) to choose from, it is chosen already."""
        field = self.fields[name]
        choices = field.shared_rows if hasattr(field, "shared_rows") else list(field.queryset[:2])
        if len(choices) == 1 and not self.is_bound:
            self.initial.setdefault(name, choices[0].pk)


class EvidenceReviewSendForm(CaseProcessForm):
    sent_on = forms.DateField(label=gettext_lazy("sent on"), widget=DateInput, initial=timezone.localdate)
    inspection_arrangement = forms.CharField(
        label=gettext_lazy("how to inspect evidence that has no file (stated in the letter)"),
        help_text=gettext_lazy(
            "Needed when an item has no file: e.g. a hard copy to collect, or an appointment to "
            "inspect it at the office (place, dates and times)."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class EvidenceResponseForm(CaseProcessForm):
    party = PartyChoiceField(label=gettext_lazy("party"), queryset=Party.objects.none())
    received_on = forms.DateField(label=gettext_lazy("received on"), widget=DateInput, required=False)
    document = DocumentChoiceField(
        label=gettext_lazy("written response (a case document)"), queryset=CaseDocument.objects.none(), required=False
    )
    no_response = forms.BooleanField(label=gettext_lazy("no response received"), required=False)

    def setup(self, case):
        share_principals(self.fields["party"], case)
        share_documents(self.fields["document"], case)


class ReportFinaliseForm(CaseProcessForm):
    document = DocumentChoiceField(label=gettext_lazy("report (a case document)"), queryset=CaseDocument.objects.none())
    finalised_on = forms.DateField(label=gettext_lazy("finalised on"), widget=DateInput, initial=timezone.localdate)

    def setup(self, case):
        share_documents(self.fields["document"], case)


class ReportSendForm(CaseProcessForm):
    report = forms.ModelChoiceField(label=gettext_lazy("report"), queryset=InvestigationReport.objects.none())
    sent_on = forms.DateField(label=gettext_lazy("sent on"), widget=DateInput, initial=timezone.localdate)

    def setup(self, case):
        reports = InvestigationReport.objects.filter(case=case, sent_on__isnull=True)
        share(self.fields["report"], reports, reports)  # read once for the preselection and the select
        self.preselect_only_choice("report")


class AdvisorForm(CaseProcessForm):
    advises = PartyChoiceField(label=gettext_lazy("advisor of"), queryset=Party.objects.none())
    name = forms.CharField(label=gettext_lazy("advisor's name"), max_length=200)
    email = forms.EmailField(label=gettext_lazy("advisor's email"), required=False)
    appointed_by_office = forms.BooleanField(
        label=gettext_lazy("appointed by the office (the party has no advisor)"), required=False
    )

    def setup(self, case):
        share_principals(self.fields["advises"], case)


class HearingScheduleForm(CaseProcessForm):
    scheduled_at = forms.DateTimeField(label=gettext_lazy("date and time"), widget=DateTimeInput)
    place = forms.CharField(label=gettext_lazy("place"), max_length=300, required=False)
    video_link = forms.URLField(
        label=gettext_lazy("video link"), max_length=500, required=False, assume_scheme="https"
    )
    separate_rooms = forms.BooleanField(label=gettext_lazy("separate rooms requested"), required=False)
    notice_waiver = DocumentChoiceField(
        label=gettext_lazy("written waiver of the notice period (if any)"),
        queryset=CaseDocument.objects.none(),
        required=False,
    )

    def setup(self, case):
        share_documents(self.fields["notice_waiver"], case)


class HearingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{timezone.localtime(obj.scheduled_at):%Y-%m-%d %H:%M} ({obj.get_status_display()})"


class HearingHeldForm(CaseProcessForm):
    hearing = HearingChoiceField(label=gettext_lazy("hearing"), queryset=Hearing.objects.none())
    held_at = forms.DateTimeField(label=gettext_lazy("started at"), widget=DateTimeInput)

    def setup(self, case):
        share_hearings(self.fields["hearing"], case, status=Hearing.Status.SCHEDULED)
        self.preselect_only_choice("hearing")


class HearingCancelForm(CaseProcessForm):
    hearing = HearingChoiceField(label=gettext_lazy("hearing"), queryset=Hearing.objects.none())
    reason = forms.CharField(label=gettext_lazy("reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def setup(self, case):
        share_hearings(self.fields["hearing"], case, status=Hearing.Status.SCHEDULED)
        self.preselect_only_choice("hearing")


class HearingRecordForm(CaseProcessForm):
    hearing = HearingChoiceField(label=gettext_lazy("hearing"), queryset=Hearing.objects.none())
    document = DocumentChoiceField(
        label=gettext_lazy("recording or transcript (a case document)"), queryset=CaseDocument.objects.none()
    )

    def setup(self, case):
        share_hearings(self.fields["hearing"], case, status=Hearing.Status.HELD)
        self.preselect_only_choice("hearing")
        share_documents(self.fields["document"], case)


class RulingForm(CaseProcessForm):
    hearing = HearingChoiceField(label=gettext_lazy("hearing"), queryset=Hearing.objects.none())
    asked_for = PartyChoiceField(label=gettext_lazy("asked on behalf of"), queryset=Party.objects.none())
    question_summary = forms.CharField(
        label=gettext_lazy("question (summary)"), widget=forms.Textarea(attrs={"rows": 2})
    )
    ruling = forms.ChoiceField(label=gettext_lazy("ruling"), choices=RelevanceRuling.Ruling.choices)
    reason = forms.CharField(
        label=gettext_lazy("reason (required when the question is excluded)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    def setup(self, case):
        share_hearings(self.fields["hearing"], case, exclude_status=Hearing.Status.CANCELLED)
        share_principals(self.fields["asked_for"], case)
        self.preselect_only_choice("hearing")


class DeadlineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.label} ({obj.due_on:%Y-%m-%d})"


class DeadlineExtendForm(CaseProcessForm):
    deadline = DeadlineChoiceField(label=gettext_lazy("deadline"), queryset=CaseDeadline.objects.none())
    new_due_on = forms.DateField(label=gettext_lazy("new due date"), widget=DateInput)
    cause = forms.ChoiceField(label=gettext_lazy("good cause"), choices=DeadlineExtension.Cause.choices)
    reason = forms.CharField(
        label=gettext_lazy("reason (sent to both parties)"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def setup(self, case):
        self.fields["deadline"].queryset = CaseDeadline.objects.filter(
            case=case, state=CaseDeadline.State.OPEN
        ).order_by("due_on", "pk")
