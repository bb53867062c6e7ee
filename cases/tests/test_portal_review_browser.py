"""A respondent on a phone (390×844), with and without JavaScript: signs in with the emailed
link and code, downloads the evidence (a PDF stamped with their name and the time), sends a
written response with a file (an empty one first), then appeals the decision (no basis
first). axe-core on every state where JavaScript runs; nothing requested from another site;
screenshots in SCREENSHOT_DIR. Literal dates: evidence sent and the decision released
2026-12-01; the walk happens on 2026-12-03."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from cases.models import Appeal, EvidenceResponse, PortalDownload
from cases.services.portal import party_portal_invite
from idhr_portal.testing.browser import assert_accessible, screenshot

from .test_portal import code_in, deliver_all, link_in, mails_to, smtp_server  # noqa: F401
from .test_portal_appeals import determination_released
from .test_portal_review import at, pdf_text, review_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}


@pytest.mark.parametrize("javascript", [True, False], ids=["phone", "phone-nojs"])
def test_a_respondent_downloads_the_evidence_responds_and_appeals_on_a_phone(
    new_page, smtp_server, tmp_path, javascript  # noqa: F811
):
    name = f"portal-review-{'phone' if javascript else 'phone-nojs'}"

    def check(context):
        if javascript:
            assert_accessible(page, context)

    t = determination_released(review_case())
    with time_machine.travel(at("2026-12-03 10:00"), tick=True):
        party_portal_invite(party=t["r"], actor=t["manager"])
        deliver_all()
        page = new_page(javascript=javascript, **PHONE)
        page.goto(link_in(mails_to(smtp_server, "respondent-a@example.org")[-1]))
        page.get_by_role("button", name="Email me a code").click()
        deliver_all()
        page.get_by_label("One-time code").fill(code_in(mails_to(smtp_server, "respondent-a@example.org")[-1]))
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your documents")

        page.get_by_role("link", name="Evidence and the investigation report").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Evidence and the investigation report")
        check("evidence list")
        screenshot(page, f"{name}-1-evidence-list")
        page.get_by_role("link", name="Evidence sent on December 1, 2026").click()
        expect(page.get_by_text("You may send a written response until the end of December 11, 2026.")).to_be_visible()
        check("evidence review")
        screenshot(page, f"{name}-2-evidence")

        with page.expect_download() as download:
            page.get_by_role("link", name=re.compile(r"^Download \(PDF\)\W+Text messages$")).click()
        saved = tmp_path / "evidence.pdf"
        download.value.save_as(saved)
        text = pdf_text(saved.read_bytes())
        assert "EVIDENCE-PDF-a text messages" in text
        assert "Marisol Vantablack" in text and "2026-12-03 10:0" in text
        assert PortalDownload.objects.filter(party=t["r"]).count() == 1

        page.get_by_role("button", name="Send my response").click()
        expect(page.get_by_text("Write your response in the box.").first).to_be_visible()
        check("response with an error")
        screenshot(page, f"{name}-3-response-error")
        page.get_by_label("Your written response").fill("BROWSER-RESPONSE I was in the library that evening.")
        page.get_by_label("Attach files").set_input_files(
            files=[{"name": "library-card.txt", "mimeType": "text/plain", "buffer": b"Library log 19:02"}]
        )
        page.get_by_role("button", name="Send my response").click()
        expect(page.get_by_text("your written response was received and added to the case")).to_be_visible()
        check("response sent")
        screenshot(page, f"{name}-4-response-sent")
        response = EvidenceResponse.objects.get(party=t["r"])
        assert response.document.attachments.count() == 1

        page.get_by_role("link", name="Back to evidence and the report").click()
        page.get_by_role("link", name="Back to your documents").click()
        page.get_by_role("link", name="Appeals").click()
        expect(page.get_by_text("You may appeal the decision until the end of December 8, 2026.")).to_be_visible()
        check("appeals")
        page.get_by_role("link", name="Appeal the decision").click()
        page.get_by_label("Why you appeal (your statement)").fill("BROWSER-APPEAL The hearing refused my witness.")
        page.get_by_role("button", name="File my appeal").click()
        expect(page.get_by_text("Choose at least one basis for your appeal.").first).to_be_visible()
        expect(page.get_by_label("Why you appeal (your statement)")).to_have_value(
            "BROWSER-APPEAL The hearing refused my witness."
        )
        check("appeal with an error")
        screenshot(page, f"{name}-5-appeal-error")
        page.get_by_label("Procedural irregularity that affected the outcome of the matter").check()
        page.get_by_role("button", name="File my appeal").click()
        expect(page.get_by_text("Your appeal was filed.")).to_be_visible()
        check("appeal filed")
        screenshot(page, f"{name}-6-appeal-filed")
        assert Appeal.objects.get().filed_by == t["r"]
        page.get_by_role("link", name="Your appeal").click()
        expect(page.get_by_text("Procedural irregularity that affected the outcome of the matter")).to_be_visible()
        check("appeal")
        screenshot(page, f"{name}-7-appeal")
    assert page.request_log.foreign() == []
