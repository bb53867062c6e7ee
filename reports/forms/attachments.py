"""The files step: several files in one field, accepted types named for the browser."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .. import files
from .base import StepForm


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": files.ACCEPT_ATTRIBUTE}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class FilesForm(StepForm):
    files = MultipleFileField(
        label=_("Add files"),  # the field template adds "(optional)"
        required=False,
        help_text=_("Up to %(count)s files, %(size)s MB each: PDF, PNG, JPEG, HEIC, TXT or Word (DOCX).")
        % {
            "count": settings.REPORTS_MAX_ATTACHMENTS,
            "size": settings.REPORTS_ATTACHMENT_MAX_SIZE // (1024 * 1024),
        },
    )
