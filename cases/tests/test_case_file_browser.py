"""The disclosure log and the complete case file in a real browser, on a laptop and a phone:
the coordinator reads the case's disclosures, asks for the case file, is asked the reason
(an empty one is refused and explained), watches it being made by the real Celery worker
(the page polls with JavaScript; without it, it reloads itself), downloads the ZIP once and
finds it logged."""

import hashlib
import zipfile

import pytest
from playwright.sync_api import expect

from cases.models import CaseFileExport, Disclosure, Party
from cases.permissions import role_groups_sync
from cases.services.letters import letter_mark_sent, letter_prepare
from idhr_portal import roles
from idhr_portal.testing.browser import SIZES, assert_accessible, screenshot

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def _accessible(page, javascript, context):
    if javascript:  # axe-core runs as a script: only where the page allows scripts
        assert_accessible(page, context)


def _sign_in(page, username):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


@pytest.mark.parametrize(("size", "javascript"), [("desktop", True), ("phone", False)])
def test_coordinator_reads_the_disclosures_and_exports_the_case_file(new_page, celery_worker, size, javascript, tmp_path):
    role_groups_sync()
    casey = factories.staff(roles.TITLE_IX_COORDINATOR, username="casey", first_name="Casey", last_name="Coordinator")
    case = factories.CaseFactory(status="investigation", process_track="student_cod")
    factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, name="Jordan Lee")
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, name="Alex Morgan")
    (letter,) = letter_prepare(case=case, kind="allegations", recipients=[respondent], actor=casey)
    letter_mark_sent(letters=[letter], channel="post", actor=casey)

    page = new_page(javascript=javascript, **SIZES[size])
    _sign_in(page, "casey")
    page.goto(f"/admin/cases/case/{case.pk}/change/")
    panel = page.locator("#disclosures")
    text = panel.inner_text()
    assert "Letter delivered: Notice of allegations, sent (post)" in text
    assert "to Respondent (Alex Morgan)" in text
    assert "Written notice the process requires the office to give this party" in text
    assert "by Casey Coordinator" in text
    panel.scroll_into_view_if_needed()
    screenshot(page, f"disclosures-panel-{size}", full_page=False)
    _accessible(page, javascript, "case page with the disclosure log")

    panel.get_by_role("link", name="Export the complete case file…").click()
    page.wait_for_url(f"**/admin/cases/case/{case.pk}/case-file/")
    _accessible(page, javascript, "case file confirmation")
    screenshot(page, f"case-file-confirm-{size}")
    # No reason: refused, said beside the field, nothing disclosed.
    page.get_by_role("button", name="Export the case file (ZIP)").click()
    page.wait_for_load_state()
    assert "Give the reason: the case file is a disclosure." in page.locator("#case-file-form").inner_text()
    screenshot(page, f"case-file-no-reason-{size}")
    assert not Disclosure.objects.filter(kind="case_file").exists()

    page.get_by_label("Why is the case file being exported?").fill("Records request from the complainant, 2026-11-28")
    page.get_by_label("Who will receive it").fill("Jordan Lee")
    page.get_by_role("button", name="Export the case file (ZIP)").click()
    export = CaseFileExport.objects.get(case=case)
    page.wait_for_url(f"**/admin/cases/case/{case.pk}/case-file/{export.pk}/")
    # Made by the worker: the page shows its progress until it is ready (polling with
    # JavaScript, reloading itself without), then the download button.
    download_button = page.get_by_role("button", name="Download the case file (ZIP)")
    expect(download_button).to_be_visible(timeout=120_000)
    assert "Ready to download" in page.locator("#case-file-status").inner_text()
    assert not Disclosure.objects.filter(kind="case_file").exists()  # nothing has left yet
    _accessible(page, javascript, "case file ready")
    screenshot(page, f"case-file-ready-{size}")
    with page.expect_download() as download_info:
        download_button.click()
    download = download_info.value
    assert download.suggested_filename == f"{case.reference}-case-file.zip"
    target = tmp_path / "case-file.zip"
    download.save_as(target)
    with zipfile.ZipFile(target) as archive:
        manifest = archive.read("manifest-sha256.txt").decode()
        for line in manifest.splitlines():
            digest, name = line.split("  ", 1)
            assert hashlib.sha256(archive.read(name)).hexdigest() == digest
        assert f"{case.reference}-case-file.pdf" in manifest

    # Downloaded once: the file is gone, the page says so.
    page.goto(f"/admin/cases/case/{case.pk}/case-file/{export.pk}/")
    assert "This file is no longer kept." in page.locator("#content-main").inner_text()
    export.refresh_from_db()
    assert export.status == "downloaded" and export.stored_name == ""
    page.goto(f"/admin/cases/case/{case.pk}/change/")
    first = page.locator("#disclosures li").first.inner_text()
    assert "Complete case file: PDF of the record, 1 document and a SHA-256 manifest (ZIP)" in first
    assert "to Jordan Lee" in first and "Records request from the complainant, 2026-11-28" in first
    page.locator("#disclosures").scroll_into_view_if_needed()
    screenshot(page, f"disclosures-after-export-{size}", full_page=False)
