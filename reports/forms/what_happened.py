"""The step every flow shares: what happened, when and where."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Answer, Report
from .base import MEDIUM, NARRATIVE_TOO_LONG, StepForm, _text


class WhatHappenedForm(StepForm):
    categories = forms.MultipleChoiceField(
        label=_("What kind of conduct was it?"),
        required=False,
        choices=Report.Category.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose any that fit. If you are not sure, leave them empty: IDHR staff can help."),
    )
    protected_bases = forms.MultipleChoiceField(
        label=_("Was it related to any of these?"),
        required=False,
        choices=Report.ProtectedBasis.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The characteristics protected by MIT's Nondiscrimination Policy. Optional."),
    )
    date_precision = forms.ChoiceField(
        label=_("When did it happen?"), choices=Report.DatePrecision.choices, widget=forms.RadioSelect
    )
    incident_date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%m/%d/%Y"],
        help_text=_("If you know the date. For example 2025-03-14."),
    )
    incident_month = forms.DateField(
        label=_("Month"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%m/%Y"],
        help_text=_("If you know the month. For example 2025-03."),
    )
    date_text = _text(
        _("Roughly when"),
        help_text=_("For example: “the first week of the fall term” or “between May and July 2024”."),
    )
    location_type = forms.ChoiceField(
        label=_("Where did it happen?"), choices=Report.Location.choices, widget=forms.RadioSelect
    )
    location_detail = _text(
        _("Describe the place, if you can"),
        max_length=MEDIUM,
        help_text=_("For example a building, a street, or the website or app."),
    )
    narrative = _text(
        _("What happened?"),
        required=True,
        max_length=settings.REPORTS_NARRATIVE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        too_long=NARRATIVE_TOO_LONG,
        help_text=_(
            "In your own words. Include what you think is important; "
            "you can add more later with your receipt code. "
            "Up to %(max)s characters."
        )
        % {"max": f"{settings.REPORTS_NARRATIVE_MAX_LENGTH:,}"},
    )
    police_contacted = forms.ChoiceField(
        label=_("Have the police been contacted?"),
        required=False,
        choices=Answer.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incident_date"].error_messages["invalid"] = _(
            "Please enter a real date, like 2025-03-14."
        )
        self.fields["incident_month"].error_messages["invalid"] = _("Please enter a month, like 2025-03.")
        self.fields["narrative"].error_messages["required"] = _("Please tell us what happened.")
        if self.kind == Report.Kind.REFERRAL:
            self.fields["narrative"].label = _("What did the person share with you?")
            self.fields["narrative"].error_messages["required"] = _(
                "Please describe what was shared with you."
            )

    def clean(self):
        cleaned = super().clean()
        precision = cleaned.get("date_precision")
        today = timezone.localdate()
        if precision == Report.DatePrecision.EXACT:
            value = cleaned.get("incident_date")
            if value is None and "incident_date" not in self.errors:
                self.add_error("incident_date", _("Please enter the date, or choose another option."))
            elif value and value > today:
                self.add_error("incident_date", _("The date cannot be in the future."))
        elif precision == Report.DatePrecision.MONTH:
            value = cleaned.get("incident_month")
            if value is None and "incident_month" not in self.errors:
                self.add_error("incident_month", _("Please enter the month, or choose another option."))
            elif value and value > today:
                self.add_error("incident_month", _("The month cannot be in the future."))
        elif (
            precision == Report.DatePrecision.RANGE
            and not cleaned.get("date_text")
            and "date_text" not in self.errors
        ):
            self.add_error("date_text", _("Please describe roughly when, or choose another option."))
        return cleaned
