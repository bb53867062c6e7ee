"""The incident report's own step: about you (anonymous or named)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Affiliation, Report
from .base import StepForm, _email, _text


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
