"""The referral's own forms: the referrer's sign-in and the person impacted."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from ..models import Affiliation
from .base import StepForm, _email, _text


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


class ReferralSignInForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"
