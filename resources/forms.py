from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Audience, Resource
from .selectors import ResourceFilters


class ResourceFilterForm(forms.Form):
    """The directory's filters: plain GET parameters, so they work without JavaScript."""

    confidential = forms.BooleanField(label=_("Confidential resources only"), required=False)
    audience = forms.ChoiceField(
        label=_("I am"),
        required=False,
        choices=[("", _("Anyone"))] + list(Audience.choices),
    )
    open_24_7 = forms.BooleanField(label=_("Available 24/7"), required=False)
    category = forms.ChoiceField(
        label=_("Kind of help"),
        required=False,
        choices=[("", _("All kinds"))] + list(Resource.Category.choices),
    )

    def filters(self) -> ResourceFilters:
        """The filters a person asked for; anything unrecognised is ignored, never an error page."""
        if not self.is_bound:
            return ResourceFilters()
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return ResourceFilters(
            confidential_only=bool(data.get("confidential")),
            audience=data.get("audience") or "",
            available_24_7=bool(data.get("open_24_7")),
            category=data.get("category") or "",
        )
