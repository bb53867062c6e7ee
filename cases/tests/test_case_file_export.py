"""Issue 24, item 4: the complete case file is made by a Celery task, its progress shown to
the coordinator who asked, downloaded once, kept encrypted in private media meanwhile, and
deleted after the download or a day after the request, whichever comes first."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from cases import case_file
from cases.models import AccessLog, CaseFileExport, Disclosure, Party
from cases.services import case_file_export
from cases.services.case_file_export import (
    case_file_export_build,
    case_file_export_request,
    case_file_export_sweep,
)
from cases.services.documents import case_document_add
from cases.services.letters import letter_mark_sent, letter_prepare
from cases.tasks import case_file_exports_sweep
from idhr_portal import roles

from . import factories

pytestmark = pytest.mark.django_db

REASON = "Records request from the complainant, letter of 2026-11-25"
NOTE = b"Interview note: the vermilion umbrella was left by the door.\n"
SECOND = b"Photo caption: the corridor at 22:05.\n"


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path):
    """Private media of this test alone: what it finds in case_files/ is what it made."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def small_case(case, manager):
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, name="Perpetua Quill")
    (letter,) = letter_prepare(case=case, kind="allegations", recipients=[respondent], actor=manager)
    letter_mark_sent(letters=[letter], channel="post", actor=manager)
    case_document_add(case=case, kind="evidence", filename="interview.txt", data=NOTE, actor=manager)
    case_document_add(case=case, kind="evidence", filename="caption.txt", data=SECOND, actor=manager)
    return case


def _page(case, export):
    return reverse("admin:cases_case_file_export", args=[case.pk, export.pk])


def _status(case, export):
    return reverse("admin:cases_case_file_export_status", args=[case.pk, export.pk])


def _download(case, export):
    return reverse("admin:cases_case_file_export_download", args=[case.pk, export.pk])


def _stored(export) -> Path:
    export.refresh_from_db()
    return Path(settings.PRIVATE_MEDIA_ROOT) / export.stored_name


def test_the_progress_goes_through_the_record_each_letter_each_document_and_the_manifest(
    coordinator, small_case
):
    seen = []
    target = io.BytesIO()
    documents = case_file.case_file_write(
        case=small_case, user=coordinator, target=target, progress=lambda *args: seen.append(args)
    )
    assert documents == 3  # the letter's PDF and the two notes
    # Ten units for the record, one per letter, one per document, one for the manifest: 15.
    assert seen == [
        (0, 15, "Laying out the record (timeline, parties, process, history)"),
        (10, 15, "Adding letter 1 of 1"),
        (11, 15, "Adding document 1 of 3"),
        (12, 15, "Adding document 2 of 3"),
        (13, 15, "Adding document 3 of 3"),
        (14, 15, "Writing the SHA-256 manifest"),
        (15, 15, "Done"),
    ]
    assert "manifest-sha256.txt" in zipfile.ZipFile(target).namelist()


def test_the_export_page_shows_queued_then_progress_then_ready(client, coordinator, small_case):
    client.force_login(coordinator)
    response = client.post(reverse("admin:cases_case_file", args=[small_case.pk]), {"reason": REASON})
    export = CaseFileExport.objects.get(case=small_case)
    assert response["Location"] == _page(small_case, export)
    page = client.get(_page(small_case, export)).content.decode()
    assert "Waiting for its turn" in page
    # Without JavaScript the page reloads itself; with it, the script asks the status URL.
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert "js/case-file-export.js" in page
    assert client.get(_status(small_case, export)).json() == {
        "status": "queued",
        "label": "Waiting for its turn",
        "progress": 0,
        "step": "",
        "finished": False,
    }
    # The worker has claimed it and reached the letters: 10 of 16 units is 62 %.
    CaseFileExport.objects.filter(pk=export.pk).update(status="building")
    case_file_export._Progress(export.pk)(10, 16, "Adding letter 1 of 1")
    assert client.get(_status(small_case, export)).json() == {
        "status": "building",
        "label": "Being made",
        "progress": 62,
        "step": "Adding letter 1 of 1",
        "finished": False,
    }
    page = client.get(_page(small_case, export)).content.decode()
    assert 'value="62"' in page and "Adding letter 1 of 1" in page
    assert case_file_export_build(export_id=export.pk) is True
    assert client.get(_status(small_case, export)).json()["status"] == "ready"
    page = client.get(_page(small_case, export)).content.decode()
    assert "Ready to download" in page and "Download the case file (ZIP)" in page
    assert "refresh" not in page  # finished: no more reloading
    # Nothing has left the office yet: no disclosure and no export row in the access log.
    assert not Disclosure.objects.filter(kind="case_file").exists()
    assert not AccessLog.objects.filter(action="export").exists()


def test_the_file_is_kept_encrypted_in_private_media_until_downloaded_once(
    client, coordinator, small_case, django_capture_on_commit_callbacks
):
    export = case_file_export_request(case=small_case, user=coordinator, reason=REASON)
    case_file_export_build(export_id=export.pk)
    stored = _stored(export)
    assert stored.parent.name == "case_files" and stored.exists()
    raw = stored.read_bytes()
    assert raw.startswith(b"gAAAAA")  # a Fernet token, not a ZIP ("PK")
    assert NOTE not in raw and b"Perpetua Quill" not in raw

    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_download(small_case, export))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert any(archive.read(name) == NOTE for name in archive.namelist() if name.startswith("documents/"))
    assert not stored.exists()
    export.refresh_from_db()
    assert export.status == "downloaded" and export.stored_name == ""
    disclosure = Disclosure.objects.get(kind="case_file")
    assert disclosure.reason == REASON
    assert disclosure.recipient_label == "Title IX coordinator (file downloaded)"
    assert disclosure.description == "PDF of the record, 3 documents and a SHA-256 manifest (ZIP)"
    assert AccessLog.objects.filter(action="export", user=coordinator, object_id=str(small_case.pk)).count() == 1

    # A second press gets a message, not a second copy or a second disclosure.
    again = client.post(_download(small_case, export), follow=True)
    assert again["Content-Type"].startswith("text/html")
    assert "This case file cannot be downloaded: Downloaded (file deleted)." in again.content.decode()
    assert Disclosure.objects.filter(kind="case_file").count() == 1
    assert "This file is no longer kept." in client.get(_page(small_case, export)).content.decode()


def test_a_file_not_downloaded_is_deleted_a_day_after_the_request(
    client, coordinator, small_case, django_capture_on_commit_callbacks
):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        export = case_file_export_request(case=small_case, user=coordinator, reason=REASON)
        case_file_export_build(export_id=export.pk)
    stored = _stored(export)
    with time_machine.travel(datetime.datetime(2026, 12, 2, 8, 59, tzinfo=datetime.UTC), tick=False):
        assert case_file_exports_sweep()["expired"] == 0  # 23 h 59 min: still kept
    assert stored.exists()
    with (
        time_machine.travel(datetime.datetime(2026, 12, 2, 9, 0, tzinfo=datetime.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert case_file_exports_sweep()["expired"] == 1
    assert not stored.exists()
    export.refresh_from_db()
    assert export.status == "expired" and export.stored_name == ""
    client.force_login(coordinator)
    refused = client.post(_download(small_case, export), follow=True).content.decode()
    assert "This case file cannot be downloaded: Not downloaded within a day (file deleted)." in refused
    assert not Disclosure.objects.filter(kind="case_file").exists()


def test_an_export_still_queued_after_two_minutes_is_published_again(coordinator, small_case):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC), tick=False):
        export = case_file_export_request(case=small_case, user=coordinator, reason=REASON)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 1, 59, tzinfo=datetime.UTC), tick=False):
        assert case_file_export_sweep()["requeued"] == 0
    with time_machine.travel(datetime.datetime(2026, 12, 1, 9, 2, tzinfo=datetime.UTC), tick=False):
        assert case_file_export_sweep(now=timezone.now())["requeued"] == 1
    export.refresh_from_db()
    assert export.status == "queued"


def test_a_file_whose_row_went_with_its_case_is_deleted_after_a_day(coordinator, small_case):
    export = case_file_export_request(case=small_case, user=coordinator, reason=REASON)
    case_file_export_build(export_id=export.pk)
    stored = _stored(export)
    CaseFileExport.objects.filter(pk=export.pk).delete()  # as the retention purge's CASCADE does
    case_file_export_sweep()
    assert stored.exists()  # not yet a day old
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1), tick=False):
        assert case_file_export_sweep()["orphans"] == 1
    assert not stored.exists()


@pytest.mark.parametrize(("who", "status"), [("other_coordinator", 403), ("manager", 403), ("other_manager", 404)])
def test_only_the_coordinator_who_asked_sees_or_downloads_the_file(client, request, coordinator, small_case, who, status):
    export = case_file_export_request(case=small_case, user=coordinator, reason=REASON)
    case_file_export_build(export_id=export.pk)
    if who == "other_coordinator":
        user = factories.staff(roles.TITLE_IX_COORDINATOR, username="deputy")
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    assert client.get(_page(small_case, export)).status_code == status
    assert client.get(_status(small_case, export)).status_code == status
    assert client.post(_download(small_case, export)).status_code == status
    assert _stored(export).exists()
    assert not Disclosure.objects.filter(kind="case_file").exists()
    assert not AccessLog.objects.filter(action="export").exists()


def test_an_export_of_another_case_is_not_found_under_this_one(client, coordinator, small_case):
    other = factories.CaseFactory()
    export = case_file_export_request(case=other, user=coordinator, reason=REASON)
    client.force_login(coordinator)
    assert client.get(_page(small_case, export)).status_code == 404


def test_a_build_that_fails_says_so_and_offers_to_ask_again(client, coordinator, small_case):
    export = case_file_export_request(case=small_case, user=coordinator, reason=REASON)
    document = small_case.documents.order_by("pk").last()
    (Path(settings.PRIVATE_MEDIA_ROOT) / document.stored_name).unlink()  # a file lost on disk
    assert case_file_export_build(export_id=export.pk) is False
    export.refresh_from_db()
    assert export.status == "failed" and export.stored_name == ""
    assert not list((Path(settings.PRIVATE_MEDIA_ROOT) / "case_files").glob("*.bin"))
    client.force_login(coordinator)
    page = client.get(_page(small_case, export)).content.decode()
    assert "The case file could not be made." in page and "Ask for the case file again" in page
