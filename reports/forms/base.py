"""What every intake form shares: the step form's looks and wording, text fields with limits.

Every text field has a server-side length limit (a validator, never a `maxlength`
attribute, so a long paste is not cut silently: the person sees a message).
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..models import Report

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
