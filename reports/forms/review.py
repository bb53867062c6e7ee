"""The last step: the one-time token that sends the checked report."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .base import StepForm


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
