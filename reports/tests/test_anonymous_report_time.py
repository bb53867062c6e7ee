"""An anonymous report is stored as received at the start of its hour (and its files too),
so its stored time cannot be joined with a log line that names an address."""
import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from reports.models import Attachment, Report
from reports.tests import steps

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def on_the_hour(moment: datetime.datetime) -> bool:
    return (moment.minute, moment.second, moment.microsecond) == (0, 0, 0)


def test_an_anonymous_report_and_its_files_are_stored_to_the_hour(client):
    before = timezone.now()
    steps.file_incident(client, files=[SimpleUploadedFile("photo.png", PNG)])

    report = Report.objects.get()
    assert report.is_anonymous
    assert on_the_hour(report.created_at) and on_the_hour(report.updated_at)
    assert before - datetime.timedelta(hours=1) < report.created_at <= timezone.now()
    attachment = Attachment.objects.get()
    assert attachment.created_at == report.created_at


def test_a_named_report_keeps_its_exact_time(client):
    before = timezone.now()
    steps.file_incident(client, you=steps.YOU_NAMED)

    report = Report.objects.get()
    assert not report.is_anonymous
    assert report.created_at >= before
    assert not on_the_hour(report.created_at)
