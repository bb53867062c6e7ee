"""Forms of the intake steps. They check input; the rules live in services.py.

Every text field has a server-side length limit (a validator, never a `maxlength`
attribute, so a long paste is not cut silently: the person sees a message).
"""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from . import files
from .models import Affiliation, Answer, FormalComplaint, Report
from .services import Contact, IncidentDetails, Party

SHORT = 200
MEDIUM = 1000


TOO_LONG = _("This is too long: please keep it under %(limit_value)d characters (it has %(show_value)d).")
NARRATIVE_TOO_LONG = _(
    "This is too long: please keep it under %(limit_value)d characters (it has %(show_value)d). "
    "You can send more later as a message with your receipt code, or attach a file."
)


def _text(
    label,
    *,
    required=False,
    max_length=SHORT,
    help_text="",
    widget=None,
    autocomplete=None,
    too_long=TOO_LONG,
):
    attrs = {"autocomplete": autocomplete} if autocomplete else {}
    widget = widget or forms.TextInput(attrs=attrs)
    field = forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=widget,
        validators=[MaxLengthValidator(max_length, message=too_long)],
        strip=True,
    )
    field.error_messages["required"] = _("Please fill in this field.")
    return field


def _email(label, *, autocomplete="off"):
    field = forms.EmailField(
        label=label,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": autocomplete}),
        validators=[MaxLengthValidator(254, message=TOO_LONG)],
    )
    field.error_messages["invalid"] = _("Please enter an email address like name@example.com.")
    return field


class StepForm(forms.Form):
    """Bootstrap classes on every widget; clear wording for the usual errors.

    No `required` attributes: the browser's own validation would stop the Back
    button and speak in its words; the server's messages appear beside each field.
    """

    use_required_attribute = False

    def __init__(self, *args, kind: str = Report.Kind.INCIDENT, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.CheckboxInput)):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control")
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = _("Please choose one of the options.")
                field.error_messages["required"] = format_lazy(
                    _("Please choose an answer to “{question}”"), question=field.label
                )
                if isinstance(field, forms.MultipleChoiceField):
                    field.error_messages["invalid_list"] = _("Please choose from the options.")


# --- Incident report: about you -----------------------------------------------------------


class AboutYouForm(StepForm):
    ANONYMOUS = "anonymous"
    NAMED = "named"

    relationship = forms.ChoiceField(
        label=_("Who are you reporting for?"), choices=Report.Relationship.choices, widget=forms.RadioSelect
    )
    identity = forms.ChoiceField(
        label=_("Do you want to tell us who you are?"),
        choices=[
            (ANONYMOUS, _("No, report anonymously (IDHR will not be able to contact you)")),
            (NAMED, _("Yes, include my name and contact details")),
        ],
        widget=forms.RadioSelect,
    )
    name = _text(_("Your name"), autocomplete="name")
    email = _email(_("Your email"), autocomplete="email")
    phone = _text(
        _("Your phone number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    affiliation = forms.ChoiceField(
        label=_("Your connection to MIT"),
        required=False,
        choices=[("", _("Choose…")), *Affiliation.choices],
    )
    wants_follow_up = forms.BooleanField(
        label=_("I would like IDHR to contact me about this report"), required=False
    )

    named_fields = ("name", "email", "phone", "affiliation", "wants_follow_up")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("identity") == self.NAMED:
            if not cleaned.get("name") and "name" not in self.errors:
                self.add_error("name", _("Please give your name, or choose to report anonymously."))
            if cleaned.get("wants_follow_up") and not (cleaned.get("email") or cleaned.get("phone")):
                if "email" not in self.errors:
                    self.add_error(
                        "email", _("To hear back from IDHR, please give an email address or phone number.")
                    )
        elif cleaned.get("identity") == self.ANONYMOUS:
            # Whatever was typed into the contact fields is not kept with an anonymous report.
            for name in self.named_fields:
                cleaned[name] = False if name == "wants_follow_up" else ""
        return cleaned


class ComplainantForm(StepForm):
    name = _text(
        _("Your full legal name"),
        required=True,
        autocomplete="name",
        help_text=_("You will type this name again to sign the complaint."),
    )
    email = _email(_("Your email"), autocomplete="email")
    phone = _text(
        _("Your phone number"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    affiliation = forms.ChoiceField(
        label=_("Your connection to MIT"), choices=[("", _("Choose…")), *Affiliation.choices]
    )
    respondent_type = forms.ChoiceField(
        label=_("Is your complaint against a student or an employee?"),
        choices=FormalComplaint.RespondentType.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Complaints against students follow the Committee on Discipline rules; "
            "complaints against faculty or staff follow Section 9.8 of Policies and Procedures."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = _(
            "A formal complaint cannot be anonymous: please give your full legal name."
        )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("email") or cleaned.get("phone")) and "email" not in self.errors:
            self.add_error(
                "email", _("Please give an email address or a phone number so IDHR can contact you.")
            )
        return cleaned


class ImpactedPersonForm(StepForm):
    referrer_role = _text(
        _("Your role at MIT"),
        required=True,
        help_text=_("For example: Residential Area Director, faculty member, teaching assistant."),
        autocomplete="organization-title",
    )
    impacted_name = _text(_("Name of the person who was impacted, if known"), autocomplete="off")
    impacted_email = _email(_("Their email, if known"), autocomplete="off")
    impacted_phone = _text(
        _("Their phone number, if known"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "tel"}),
    )
    impacted_affiliation = forms.ChoiceField(
        label=_("Their connection to MIT"), required=False, choices=[("", _("Choose…")), *Affiliation.choices]
    )


# --- What happened ---------------------------------------------------------------------------


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


# --- People ------------------------------------------------------------------------------------


class PartyForm(StepForm):
    name = _text(_("Name"), autocomplete="off")
    email = _email(_("Email"), autocomplete="off")
    affiliation = forms.ChoiceField(
        label=_("Connection to MIT"), required=False, choices=Affiliation.choices, initial=Affiliation.UNKNOWN
    )
    details = _text(
        _("Anything else that would identify them"),
        max_length=MEDIUM,
        help_text=_("For example their role, department, or what they look like."),
    )

    def party(self) -> Party:
        data = self.cleaned_data
        return Party(
            name=data.get("name", ""),
            email=data.get("email", ""),
            affiliation=data.get("affiliation") or Affiliation.UNKNOWN,
            details=data.get("details", ""),
        )


MAX_PEOPLE = 10


class BasePartyFormSet(forms.BaseFormSet):
    require_named = False

    def __init__(self, *args, kind=Report.Kind.INCIDENT, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {"kind": self.kind}

    def clean(self):
        if any(self.errors):
            return
        if self.require_named and not any((f.cleaned_data.get("name") or "").strip() for f in self.forms):
            raise forms.ValidationError(
                _("A formal complaint must name the person it is against. Please give at least one name."),
                code="respondent_required",
            )

    def parties(self) -> list[Party]:
        return [p for p in (f.party() for f in self.forms if hasattr(f, "cleaned_data")) if not p.is_blank()]


def party_formset(*, prefix: str, require_named: bool = False):
    formset = forms.formset_factory(
        PartyForm,
        formset=BasePartyFormSet,
        extra=0,
        min_num=1,
        max_num=MAX_PEOPLE,
        absolute_max=MAX_PEOPLE,
        validate_max=True,
    )
    formset.require_named = require_named
    formset.prefix_name = prefix
    return formset


class JurisdictionForm(StepForm):
    in_education_program = forms.ChoiceField(
        label=_(
            "Right now, are you participating in, or trying to participate in, "
            "an MIT education program or activity?"
        ),
        choices=Answer.choices,
        widget=forms.RadioSelect,
    )
    occurred_in_mit_program = forms.ChoiceField(
        label=_("Did it happen in an education program or activity that MIT controls?"),
        choices=Answer.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Places, events or circumstances where MIT has substantial control over the person "
            "and the setting, including buildings of recognised student organisations."
        ),
    )
    occurred_in_us = forms.ChoiceField(
        label=_("Did it happen to a person in the United States?"),
        choices=Answer.choices,
        widget=forms.RadioSelect,
    )


# --- Files ---------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": files.ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class FilesForm(StepForm):
    files = MultipleFileField(
        label=_("Add files (optional)"),
        required=False,
        help_text=_("Up to %(count)s files, %(size)s MB each: PDF, PNG, JPEG, HEIC, TXT or Word (DOCX).")
        % {
            "count": settings.REPORTS_MAX_ATTACHMENTS,
            "size": settings.REPORTS_ATTACHMENT_MAX_SIZE // (1024 * 1024),
        },
    )


# --- Review, signature ---------------------------------------------------------------------------


class SubmitForm(StepForm):
    token = forms.CharField(widget=forms.HiddenInput, validators=[MaxLengthValidator(100)])

    def __init__(self, *args, expected_token: str = "", **kwargs):
        self.expected_token = expected_token
        super().__init__(*args, **kwargs)
        self.fields["token"].error_messages["required"] = _(
            "This form is out of date. Please check it and send it again."
        )

    def clean_token(self):
        token = self.cleaned_data["token"]
        if not self.expected_token or token != self.expected_token:
            raise forms.ValidationError(_("This form is out of date. Please check it and send it again."))
        return token


class SignatureForm(SubmitForm):
    signature_name = _text(
        _("Type your full legal name to sign"),
        required=True,
        autocomplete="off",
        help_text=_("It must match the name you gave at the start of this form."),
    )
    attested = forms.BooleanField(
        label=_(
            "I am the complainant, and I ask the Institute to investigate "
            "the conduct described in this complaint."
        ),
        required=True,
    )

    def __init__(self, *args, complainant_name: str = "", **kwargs):
        self.complainant_name = complainant_name
        super().__init__(*args, **kwargs)
        self.fields["signature_name"].error_messages["required"] = _(
            "Please type your full legal name to sign."
        )
        self.fields["attested"].error_messages["required"] = _(
            "Please confirm that you are the complainant and ask the Institute to investigate."
        )

    def clean_signature_name(self):
        from .services import signature_matches

        value = self.cleaned_data["signature_name"]
        if not signature_matches(signature=value, name=self.complainant_name):
            raise forms.ValidationError(
                _("The name you typed does not match the name you gave: “%(name)s”. Please type it exactly."),
                params={"name": self.complainant_name},
            )
        return value


# --- Follow-up and sign-in --------------------------------------------------------------------


class ReceiptCodeForm(forms.Form):
    use_required_attribute = False

    code = forms.CharField(
        label=_("Your receipt code"),
        help_text=_(
            "For example K7QM4-XRP9T-WD2HJ-N6FBA-3CE8V. Capital or small letters, with or without dashes."
        ),
        validators=[MaxLengthValidator(100)],
        widget=forms.TextInput(
            attrs={
                "class": "form-control receipt-input",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].error_messages["required"] = _("Please enter your receipt code.")


class ReporterMessageForm(StepForm):
    body = _text(
        _("Your message or new information"),
        required=True,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = _("Please write a message.")


class ReferralSignInForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"


# --- From checked steps to the services' value objects ---------------------------------------------


def incident_details(what: dict, respondents: list[Party], witnesses: list[Party]) -> IncidentDetails:
    precision = what.get("date_precision") or Report.DatePrecision.UNKNOWN
    incident_date = None
    if precision == Report.DatePrecision.EXACT:
        incident_date = what.get("incident_date")
    elif precision == Report.DatePrecision.MONTH:
        incident_date = what.get("incident_month")
    return IncidentDetails(
        narrative=what.get("narrative", ""),
        categories=list(what.get("categories") or []),
        protected_bases=list(what.get("protected_bases") or []),
        date_precision=precision,
        incident_date=incident_date,
        date_text=what.get("date_text", "") if precision == Report.DatePrecision.RANGE else "",
        location_type=what.get("location_type") or Report.Location.UNKNOWN,
        location_detail=what.get("location_detail", ""),
        police_contacted=what.get("police_contacted", ""),
        respondents=respondents,
        witnesses=witnesses,
    )


def contact(data: dict, prefix: str = "") -> Contact:
    return Contact(
        name=data.get(f"{prefix}name", ""),
        email=data.get(f"{prefix}email", ""),
        phone=data.get(f"{prefix}phone", ""),
        affiliation=data.get(f"{prefix}affiliation", ""),
    )
