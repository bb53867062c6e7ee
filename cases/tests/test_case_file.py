"""Issue 18, item 6: the complete case file. The coordinator (only) exports one ZIP: a PDF
holding the timeline and the letters' text, the case's documents, and a SHA-256 manifest
that matches every file; the export is a disclosure with the reason asked first, and an
access-log export row.

Since issue 24 the file is made by a Celery task (cases.services.case_file_export): here the
task's service runs in the test's transaction, as the worker would run it; the worker itself
is exercised by test_case_file_browser.py.
"""

import datetime
import hashlib
import io
import zipfile

import pytest
from django.urls import reverse
from pypdf import PdfReader

from cases.models import AccessLog, Allegation, Case, CaseFileExport, Disclosure, Party
from cases.services.case_file_export import case_file_export_build
from cases.services.documents import case_document_add
from cases.services.letters import letter_mark_sent, letter_prepare
from cases.services.workflow import case_transition

from . import factories

pytestmark = pytest.mark.django_db

CONDUCT = "Scratched the word marmalade into the tandem bicycle"
EVIDENCE = b"Witness note: the heliotrope lanyard was found at 21:40.\n"
REASON = "Records request from the respondent's attorney, letter of 2026-11-20"


@pytest.fixture
def full_case(case, manager):
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, name="Isolde Farquharson")
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, name="Bartholomew Ng")
    Allegation.objects.create(
        case=case,
        number=1,
        respondent=respondent,
        complainant=complainant,
        conduct=CONDUCT,
        policy_provision="Mind and Hand Book II(7)(E)(2)",
        occurred_on=datetime.date(2026, 10, 3),
        added_by=manager,
    )
    case_transition(case=case, to=Case.Status.OUTREACH, actor=manager, reason="Complainant asked to talk")
    (letter,) = letter_prepare(case=case, kind="allegations", recipients=[respondent], actor=manager)
    letter_mark_sent(letters=[letter], channel="post", actor=manager)
    case_document_add(
        case=case, kind="evidence", filename="witness-note.txt", data=EVIDENCE, actor=manager
    )
    return case


def _url(case):
    return reverse("admin:cases_case_file", args=[case.pk])


def _export(client, case):
    """Ask for the file, let the task make it, download it from the export page."""
    asked = client.post(_url(case), {"reason": REASON, "recipient": "Counsel for the respondent"})
    export = CaseFileExport.objects.get(case=case)
    assert asked.status_code == 302
    assert asked["Location"] == reverse("admin:cases_case_file_export", args=[case.pk, export.pk])
    assert case_file_export_build(export_id=export.pk) is True
    response = client.post(reverse("admin:cases_case_file_export_download", args=[case.pk, export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="{case.reference}-case-file.zip"'
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_pdf_holds_the_timeline_and_the_letters_text(client, coordinator, full_case):
    client.force_login(coordinator)
    archive = _export(client, full_case)
    reader = PdfReader(io.BytesIO(archive.read(f"{full_case.reference}-case-file.pdf")))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert f"Case file {full_case.reference}" in text
    # Timeline entries, as the services wrote them.
    assert "Notice of allegations prepared for respondent" in text
    assert "Notice of allegations sent (post) to respondent" in text
    assert "Document added: Evidence" in text
    assert "Complainant asked to talk" in text  # the reason of the move
    # The letter's own text, and the parties named (the coordinator's file).
    assert CONDUCT in text
    assert "Bartholomew Ng" in text and "Isolde Farquharson" in text
    # The disclosures before this one: the letter sent by post.
    assert "Notice of allegations, sent (post)" in text


def test_the_manifest_hashes_match_every_file_in_the_zip(client, coordinator, full_case):
    client.force_login(coordinator)
    archive = _export(client, full_case)
    names = sorted(archive.namelist())
    manifest = archive.read("manifest-sha256.txt").decode("utf-8")
    listed = {}
    for line in manifest.splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    assert sorted(listed) == sorted(n for n in names if n != "manifest-sha256.txt")
    assert len(listed) == 3  # the PDF, the letter's PDF, the witness note
    for name, digest in listed.items():
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest
    (note,) = [n for n in names if n.endswith("witness-note.txt")]
    assert note.startswith("documents/")
    assert archive.read(note) == EVIDENCE


def test_the_export_is_one_disclosure_with_the_reason_and_an_access_log_row(client, coordinator, full_case):
    client.force_login(coordinator)
    before = Disclosure.objects.filter(case=full_case).count()
    _export(client, full_case)
    rows = list(Disclosure.objects.filter(case=full_case).order_by("pk"))
    assert len(rows) == before + 1
    row = rows[-1]
    assert row.kind == "case_file"
    assert row.description == "PDF of the record, 2 documents and a SHA-256 manifest (ZIP)"
    assert row.recipient_label == "Counsel for the respondent"
    assert row.basis == "coordinator"
    assert row.reason == "Records request from the respondent's attorney, letter of 2026-11-20"
    assert row.actor == coordinator
    log = AccessLog.objects.get(action="export", object_type="cases.case", object_id=str(full_case.pk))
    assert log.user == coordinator and log.with_identities is True


def test_the_confirmation_asks_for_the_reason_first(client, coordinator, full_case):
    client.force_login(coordinator)
    page = client.get(_url(full_case))
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    before = Disclosure.objects.count()
    refused = client.post(_url(full_case), {"reason": "  "})
    assert refused.status_code == 200 and refused["Content-Type"].startswith("text/html")
    assert "Give the reason: the case file is a disclosure." in refused.content.decode()
    assert Disclosure.objects.count() == before
    assert not CaseFileExport.objects.exists()
    assert not AccessLog.objects.filter(action="export").exists()
    # The button is on the case page, for the coordinator.
    assert _url(full_case) in client.get(reverse("admin:cases_case_change", args=[full_case.pk])).content.decode()


@pytest.mark.parametrize(("who", "status"), [("manager", 403), ("investigator", 403), ("other_manager", 404)])
def test_anyone_but_the_coordinator_is_refused(client, request, full_case, who, status):
    user = request.getfixturevalue(who)
    client.force_login(user)
    before = Disclosure.objects.count()
    assert client.get(_url(full_case)).status_code == status
    assert client.post(_url(full_case), {"reason": REASON}).status_code == status
    assert Disclosure.objects.count() == before
    assert not AccessLog.objects.filter(action="export").exists()
    assert not CaseFileExport.objects.exists()
    page = client.get(reverse("admin:cases_case_change", args=[full_case.pk]))
    assert _url(full_case) not in page.content.decode()


def test_the_bias_response_team_is_refused_a_shared_case_file(client, brt, full_case):
    full_case.shared_with_brt = True
    full_case.save()
    client.force_login(brt)
    assert client.post(_url(full_case), {"reason": REASON}).status_code == 403
    assert not AccessLog.objects.filter(action="export").exists()
