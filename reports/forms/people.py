"""The people involved: respondents and witnesses, one formset each."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Affiliation, Report
from ..services import Party
from .base import MEDIUM, StepForm, _email, _text
from .rendering import INTAKE_RENDERER


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

    def __init__(self, *args, name_asked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if name_asked:
            self.fields["name"].asked = True

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
        # A formal complaint must name someone: the first name is asked for.
        return {"kind": self.kind, "name_asked": self.require_named and index == 0}

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
        renderer=INTAKE_RENDERER,  # the management form and each person's form
    )
    formset.require_named = require_named
    formset.prefix_name = prefix
    return formset
