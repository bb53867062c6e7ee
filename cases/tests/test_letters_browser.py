"""Letters in a real browser: prepare the notice of allegations from the case page, read it,
download its PDF, and record it sent to each party; the coordinator's template editor."""

import io

import pytest
from pypdf import PdfReader

from cases.models import Allegation, Letter, Party
from cases.permissions import role_groups_sync
from idhr_portal import roles
from idhr_portal.testing.browser import TOUCH_PHONE, assert_accessible, screenshot

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def _sign_in(page, username):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def _case(manager):
    case = factories.CaseFactory(case_manager=manager, status="investigation", process_track="student_cod")
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, name="Jordan Lee")
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, name="Alex Morgan")
    return case, complainant, respondent


def _record_allegation(page, case):
    page.goto(f"/admin/cases/case/{case.pk}/change/")
    # Preparing the notice before any allegation is recorded is refused, and says why.
    page.locator("#case-letters").get_by_role("button", name="Prepare the notice of allegations (both parties)").click()
    page.wait_for_load_state()
    assert "Record the allegations first" in page.locator(".messagelist").inner_text()
    page.get_by_role("link", name="Record an allegation").click()
    page.get_by_label("Respondent").select_option(label="Alex Morgan")
    page.get_by_label("Complainant").select_option(label="Jordan Lee")
    page.get_by_label("Alleged conduct").fill("Repeated unwelcome messages of a sexual nature")
    page.get_by_label("Policy provision").fill("Mind and Hand Book II(7)(C)")
    page.get_by_label("Date as known").fill("September 2026")
    page.get_by_label("Place").fill("Online (course forum)")
    assert_accessible(page, "record an allegation")
    page.get_by_role("button", name="Record the allegation").click()
    page.wait_for_url(f"**/admin/cases/case/{case.pk}/change/*")
    assert "Repeated unwelcome messages" in page.locator("#case-allegation-list").inner_text()
    assert Allegation.objects.filter(case=case, number=1, supplemental=False).exists()


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_case_manager_prepares_reads_downloads_and_sends_the_notice_of_allegations(new_page, size):
    role_groups_sync()
    manager = factories.staff(roles.CASE_MANAGER, username="morgan", first_name="Morgan", last_name="Manager")
    case, complainant, respondent = _case(manager)
    page = new_page(**TOUCH_PHONE) if size == "phone" else new_page()
    _sign_in(page, "morgan")

    _record_allegation(page, case)
    letters_box = page.locator("#case-letters")
    assert "No letters yet." in letters_box.inner_text()
    letters_box.get_by_role("button", name="Prepare the notice of allegations (both parties)").click()
    page.wait_for_url("**/admin/cases/letter/*/review/")
    assert "prepared for 2 parties" in page.locator(".messagelist").inner_text()
    letter_text = page.locator("#letter-html").inner_text()
    for expected in (
        "Repeated unwelcome messages of a sexual nature",
        "September 2026",
        "Online (course forum)",
        "The respondent is presumed not responsible for the alleged conduct",
        "who may be, but is not required to be, an attorney",
        "knowingly making false statements",
    ):
        assert expected in letter_text, expected
    assert "Not sent yet" in page.locator("#letter-sent").inner_text()
    assert_accessible(page, f"letter review ({size})")
    screenshot(page, f"letters-review-{size}")

    # The PDF the party receives says the same.
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))
    pdf_text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Notice of allegations" in pdf_text and "presumed not responsible" in pdf_text

    # A date in the future is refused beside the form; then sent by post.
    first = Letter.objects.get(pk=int(page.url.rstrip("/").split("/")[-2]))
    page.get_by_label("How it was sent").select_option("post")
    page.get_by_label("Date sent").fill("2099-01-01")
    page.get_by_role("button", name="Mark sent").click()
    page.wait_for_load_state()
    assert "cannot be recorded as sent in the future" in page.locator("#letter-send-form").inner_text()
    page.get_by_label("Date sent").fill(page.evaluate("() => new Date().toLocaleDateString('en-CA')"))
    page.get_by_role("button", name="Mark sent").click()
    page.wait_for_load_state()
    assert "Post" in page.locator("#letter-sent").inner_text()
    assert page.locator("#letter-send-form").count() == 0
    screenshot(page, f"letters-sent-{size}")

    # The other party's letter from the case page, handed over in person.
    page.goto(f"/admin/cases/case/{case.pk}/change/#case-letters")
    assert page.locator("#case-letter-list li").count() == 2
    other = Letter.objects.filter(case=case).exclude(pk=first.pk).get()
    page.locator(f"#case-letters a[href$='/letter/{other.pk}/review/']").click()
    page.get_by_label("How it was sent").select_option("in_person")
    page.get_by_role("button", name="Mark sent").click()
    page.wait_for_load_state()
    page.goto(f"/admin/cases/case/{case.pk}/change/#case-letters")
    listed = page.locator("#case-letter-list").inner_text()
    assert "sent: Post," in listed and "sent: In person," in listed and "not sent" not in listed
    page.locator("#case-letters").scroll_into_view_if_needed()
    page.locator("#case-letters").screenshot(path=str(screenshot(page, f"letters-case-page-{size}")))
    assert_accessible(page, f"case page with letters ({size})")
    assert {letter.recipient for letter in Letter.objects.filter(case=case, sent_at__isnull=False)} == {
        complainant, respondent}
    assert page.request_log.foreign() == []


def test_coordinator_edits_a_template_and_previews_it(page):
    role_groups_sync()
    factories.staff(roles.TITLE_IX_COORDINATOR, username="sarah", first_name="Sarah", last_name="Rankin")
    _sign_in(page, "sarah")
    page.goto("/admin/cases/lettertemplate/")
    page.get_by_role("link", name="Notice of interview or meeting").first.click()
    page.wait_for_url("**/change/")
    assert "What the template may use" in page.content()
    assert_accessible(page, "template editor")
    screenshot(page, "letters-template-editor")
    body = page.locator("#id_body")
    body.fill(body.input_value() + "<p>Bring a photo ID.</p>")
    with page.expect_popup() as popup:
        page.get_by_role("button", name="Preview against a sample case").click()
    preview = popup.value
    preview.wait_for_load_state()
    assert "Bring a photo ID." in preview.locator("#letter-preview-html").inner_text()
    screenshot(preview, "letters-template-preview")
    page.locator("#id_change_note").fill("Ask for photo ID")
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/cases/lettertemplate/")
    assert "v2" in page.locator("#result_list").inner_text() or "2" in page.locator("#result_list").inner_text()
