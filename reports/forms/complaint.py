"""The formal complaint's own steps: the complainant, the Title IX questions, the signature."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Affiliation, Answer, FormalComplaint
from ..services import signature_matches
from .base import StepForm, _email, _text
from .review import SubmitForm


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
        value = self.cleaned_data["signature_name"]
        if not signature_matches(signature=value, name=self.complainant_name):
            raise forms.ValidationError(
                _("The name you typed does not match the name you gave: “%(name)s”. Please type it exactly."),
                params={"name": self.complainant_name},
            )
        return value
