"""What every intake form shares: the step form's looks and wording, text fields with limits.

Every text field has a server-side length limit (a validator, never a `maxlength`
attribute, so a long paste is not cut silently: the person sees a message).
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..models import Report
from .rendering import INTAKE_RENDERER

SHORT = 200
MEDIUM = 1000


TOO_LONG = _("“%(field)s” is too long: please keep it under %(limit)s characters (it has %(count)s).")
NARRATIVE_TOO_LONG = _(
    "“%(field)s” is too long: please keep it under %(limit)s characters (it has %(count)s). "
    "You can send more later as a message with your receipt code, or attach a file."
)


@deconstructible
class TextLimit:
    """A length limit whose message names the field and writes numbers as people do ("50,000").

    Django's MaxLengthValidator knows neither the field's label nor number
    grouping; StepForm gives each limit its field's label.
    """

    code = "max_length"

    def __init__(self, limit: int, message=TOO_LONG, label=""):
        self.limit, self.message, self.label = limit, message, label

    def for_label(self, label) -> "TextLimit":
        return TextLimit(self.limit, self.message, label)

    def __call__(self, value):
        if len(value) > self.limit:
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "field": self.label,
                    "limit": number_format(self.limit, force_grouping=True),
                    "count": number_format(len(value), force_grouping=True),
                },
            )

    def __eq__(self, other):
        return isinstance(other, TextLimit) and (self.limit, self.message) == (other.limit, other.message)


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
    if isinstance(widget, forms.Textarea):
        # reports.js shows a live character count; without JavaScript the hint says the limit.
        widget.attrs.update(
            {
                "data-maxlength": str(max_length),
                "data-count-left": _("You have COUNT characters remaining"),
                "data-count-left-one": _("You have COUNT character remaining"),
                "data-count-over": _("You have COUNT characters too many"),
                "data-count-over-one": _("You have COUNT character too many"),
            }
        )
        if not help_text:
            help_text = format_lazy(_("Up to {limit} characters."), limit=f"{max_length:,}")
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=widget,
        validators=[TextLimit(max_length, too_long)],
        strip=True,
    )


def _email(label, *, autocomplete="off"):
    field = forms.EmailField(
        label=label,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": autocomplete}),
        validators=[TextLimit(254)],
    )
    field.error_messages["invalid"] = format_lazy(
        _("“{field}” must be an email address like name@example.com."), field=label
    )
    return field


class StepForm(forms.Form):
    """Bootstrap classes on every widget; clear wording for the usual errors.

    No `required` attributes: the browser's own validation would stop the Back
    button and speak in its words; the server's messages appear beside each field.
    """

    default_renderer = INTAKE_RENDERER  # widgets drawn by Jinja2 (forms/rendering.py)
    use_required_attribute = False

    # Fields shown only for some answers to another field of the same form:
    # {field: (controlling field, answers that show it)}. "" among the answers
    # means "shown while the controlling question is unanswered".
    conditional: dict[str, tuple[str, tuple[str, ...]]] = {}

    def hidden_by_choice(self) -> set[str]:
        """The fields the person's own choice hides: never checked, never kept."""
        if not self.is_bound:
            return set()
        hidden = set()
        for name, (controller, answers) in self.conditional.items():
            if (self.data.get(self.add_prefix(controller)) or "") not in answers:
                hidden.add(name)
        return hidden

    def full_clean(self):
        # Drop what was typed into a hidden field before any field is checked, so
        # an invalid value the person can no longer see never stops them.
        hidden = self.hidden_by_choice()
        if hidden:
            data = self.data.copy()
            for name in hidden:
                data.pop(self.add_prefix(name), None)
            self.data = data
        # Every message names its field, by the label the page shows (a subclass
        # may change labels in __init__): the error summary lists them apart.
        for field in self.fields.values():
            field.validators = [
                v.for_label(field.label) if isinstance(v, TextLimit) else v for v in field.validators
            ]
            if field.error_messages.get("required") == forms.Field.default_error_messages["required"]:
                field.error_messages["required"] = format_lazy(
                    _("Please fill in “{field}”."), field=field.label
                )
        super().full_clean()

    # Not always required, but asked for: labelled without "(optional)"; the
    # hint or the legend says when they are needed.
    asked: tuple[str, ...] = ()

    def __init__(self, *args, kind: str = Report.Kind.INCIDENT, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)
        for name in self.asked:
            self.fields[name].asked = True
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
