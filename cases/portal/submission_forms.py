"""Forms of what a party writes in the portal: a response to the evidence, an appeal, a
statement on an appeal (typed text plus files)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.forms.attachments import MultipleFileField

from ..selectors.portal_review import portal_appeal_bases


class SubmissionForm(forms.Form):
    text = forms.CharField(
        label=_("Your written response"),
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Write your response in the box.")},
    )
    files = MultipleFileField(
        label=_("Attach files"),
        required=False,
        help_text=_("Up to 5 files, 20 MB each: PDF, PNG, JPEG, HEIC, TXT or Word (DOCX)."),
    )

    def clean_files(self):
        files = self.cleaned_data.get("files") or []
        if len(files) > 5:
            raise forms.ValidationError(_("Attach at most 5 files."))
        return files

    def error_summary(self) -> list[dict]:
        return [
            {"target": self[name].auto_id if name in self.fields else "", "message": message}
            for name, errors in self.errors.items()
            for message in errors
        ]


class StatementForm(SubmissionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Your written statement")
        self.fields["text"].error_messages["required"] = _("Write your statement in the box.")


class AppealForm(SubmissionForm):
    bases = forms.ModelMultipleChoiceField(
        label=_("On what basis do you appeal?"),
        help_text=_("Choose every basis that applies."),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one basis for your appeal.")},
    )
    field_order = ["bases", "text", "files"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bases"].queryset = portal_appeal_bases()
        self.fields["text"].label = _("Why you appeal (your statement)")
        self.fields["text"].error_messages["required"] = _("Write why you appeal in the box.")
