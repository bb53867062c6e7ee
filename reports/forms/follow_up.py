"""Following up with a receipt code: the code, and a message to IDHR."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from .base import StepForm, _text


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
