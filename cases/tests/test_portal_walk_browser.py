"""The whole party-portal walk of issue 15 in Chromium, each party in their own browser on a
phone (390×844): the office invites the complainant and the respondent (each signs in with the
emailed link and the one-time code read from the real SMTP server), publishes the notice of
allegations (both read it: read receipts), sends the evidence for review (each party sends a
written response in the portal: a case document and a timeline entry), releases the
determination (both see it after the one release, neither before), the respondent appeals and
the complainant answers with a statement in their window. Staff steps go through the services,
with the formal-process guards (the investigator and the decision-maker attest first, letters
are sent before the parties' clocks run). axe-core on every party page; no party page names the
other party except a letter; screenshots in SCREENSHOT_DIR. Literal dates (office time): invited
and noticed 2026-11-02, evidence sent 2026-11-16, responses 2026-11-18, determination released
2026-12-07, appeal 2026-12-08, statement 2026-12-09."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.db import transaction
from playwright.sync_api import expect

from cases.models import (
    Appeal,
    AppealStatement,
    Case,
    CaseDocument,
    CaseRole,
    Determination,
    Evidence,
    EvidenceResponse,
    Finding,
    Investigation,
    Letter,
    LetterReceipt,
    TimelineEvent,
)
from cases.outcome_seeds import outcome_lists_ensure
from cases.services.assignments import case_role_assign, conflict_attestation_record
from cases.services.documents import case_document_add, case_document_read
from cases.services.evidence_review import evidence_review_send
from cases.services.letters import letter_prepare
from cases.services.outcomes import determination_record, determination_release, finding_save
from cases.services.portal import letter_send_via_portal, party_portal_invite
from cases.services.workflow import case_transition
from idhr_portal.pdf import html_to_pdf
from idhr_portal.testing.browser import assert_accessible, screenshot

from . import factories
from .test_portal import code_in, deliver_all, link_in, mails_to, make_case, smtp_server  # noqa: F401
from .test_portal_review import pdf_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
OFFICE = zoneinfo.ZoneInfo("America/New_York")
COMPLAINANT = "Quinlan Zephyrwood"
RESPONDENT = "Marisol Vantablack"
PROCEDURAL = "Procedural irregularity that affected the outcome of the matter"


def at(text: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(text).replace(tzinfo=OFFICE)


class Party:
    """One party's own browser (its own context: cookies are not shared with the other party)."""

    def __init__(self, new_page, smtp, party, other_name, tag):
        self.page = new_page(**PHONE)
        self.smtp, self.party, self.other_name, self.tag = smtp, party, other_name, tag
        self.shots = 0

    def sign_in_with_last_link(self):
        page = self.page
        deliver_all()
        links = [message for message in mails_to(self.smtp, self.party.email) if "/portal/invitation/" in str(message)]
        page.goto(link_in(links[-1]))  # the last link emailed (an invitation or a letter's notice)
        expect(page.get_by_role("heading", level=1)).to_have_text("Open your documents")
        self.check("invitation")
        page.get_by_role("button", name="Email me a code").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Enter your one-time code")
        self.check("code")
        deliver_all()
        page.get_by_label("One-time code").fill(code_in(mails_to(self.smtp, self.party.email)[-1]))
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your documents")

    def check(self, context, *, letter=False):
        """axe-core clean; the other party's name only where a letter says it; a screenshot."""
        assert_accessible(self.page, f"{self.tag}: {context}")
        if not letter:
            content = self.page.content()
            for part in self.other_name.split():
                assert part not in content, f"{self.tag}: {context} names the other party"
        self.shots += 1
        screenshot(self.page, f"portal-walk-{self.tag}-{self.shots:02d}-{context.replace(' ', '-')}")


def test_the_party_portal_walk_from_the_invitation_to_the_answer_to_an_appeal(new_page, smtp_server, groups):  # noqa: F811
    outcome_lists_ensure()
    with time_machine.travel(at("2026-11-02 09:00"), tick=True):
        manager, case, complainant, respondent = make_case(COMPLAINANT, RESPONDENT, tag="walk")
        coordinator = factories.coordinator(username="coordinator-walk")
        investigator = factories.investigator(username="investigator-walk")
        decider = factories.investigator(username="decider-walk")
        Case.objects.filter(pk=case.pk).update(status=Case.Status.INVESTIGATION, investigator=investigator)
        case.refresh_from_db()
        c = Party(new_page, smtp_server, complainant, RESPONDENT, "complainant")
        r = Party(new_page, smtp_server, respondent, COMPLAINANT, "respondent")

        # 1. The office invites both parties; each signs in in their own browser: nothing yet.
        for party, browser in ((complainant, c), (respondent, r)):
            party_portal_invite(party=party, actor=manager)
            browser.sign_in_with_last_link()
            expect(browser.page.get_by_text("There are no documents for you yet.")).to_be_visible()
            browser.check("documents empty")

        # 2. The notice of allegations, published to both; each reads it: a read receipt each.
        letters = letter_prepare(
            case=case, kind="allegations", recipients=[complainant, respondent], actor=manager
        )
        letter_send_via_portal(letters=letters, actor=manager)
        deliver_all()
        notices = {letter.recipient_id: letter for letter in letters}
        for party, browser in ((complainant, c), (respondent, r)):
            assert LetterReceipt.objects.get(letter=notices[party.pk]).first_opened_at is None
            browser.page.reload()
            expect(browser.page.get_by_text("New", exact=True)).to_be_visible()
            browser.check("documents notice new")
            browser.page.get_by_role("link", name="Notice of allegations").click()
            expect(browser.page.get_by_text("glasswing").first).to_be_visible()
            browser.check("notice of allegations", letter=True)
            opened = LetterReceipt.objects.get(letter=notices[party.pk]).first_opened_at
            assert opened is not None and opened.astimezone(OFFICE).date() == datetime.date(2026, 11, 2)
            browser.page.get_by_role("link", name="Back to your documents").click()
            expect(browser.page.get_by_text("New", exact=True)).to_have_count(0)
        assert LetterReceipt.objects.filter(letter__in=letters, first_opened_at__isnull=False).count() == 2

    # 3. The investigator attests, records the evidence and sends it for review (2026-11-16).
    with time_machine.travel(at("2026-11-16 09:00"), tick=True):
        conflict_attestation_record(case=case, role=CaseRole.INVESTIGATOR, actor=investigator)
        investigation = Investigation.objects.create(case=case, investigator=investigator)
        document = case_document_add(
            case=case, kind="evidence", filename="messages.pdf",
            data=html_to_pdf("<p>EVIDENCE-WALK text messages</p>"), actor=investigator,
        )
        Evidence.objects.create(
            investigation=investigation, description="Text messages", document=document,
            received_on=datetime.date(2026, 11, 10), directly_related=True,
        )
        review = evidence_review_send(case=case, actor=investigator, sent_on=datetime.date(2026, 11, 16))
        letter_send_via_portal(
            letters=list(Letter.objects.filter(case=case, kind="evidence_review", sent_at__isnull=True)),
            actor=manager,
        )

    # 4. Each party signs in with the new link, opens the evidence and sends a written response.
    with time_machine.travel(at("2026-11-18 10:00"), tick=True):
        for party, browser, words in (
            (complainant, c, "WALK-RESPONSE-C The messages are mine."),
            (respondent, r, "WALK-RESPONSE-R I was in the library that evening."),
        ):
            browser.sign_in_with_last_link()
            page = browser.page
            page.get_by_role("link", name="Evidence and the investigation report").click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Evidence and the investigation report")
            browser.check("evidence list")
            page.get_by_role("link", name="Evidence sent on November 16, 2026").click()
            expect(page.get_by_text("You may send a written response until the end of November 26, 2026.")).to_be_visible()
            browser.check("evidence review")
            page.get_by_label("Your written response").fill(words)
            page.get_by_role("button", name="Send my response").click()
            expect(page.get_by_text("your written response was received and added to the case")).to_be_visible()
            browser.check("evidence response sent")
            response = EvidenceResponse.objects.get(review=review, party=party)
            assert response.document.case_id == case.pk and response.document.kind == "evidence_response"
            assert words in pdf_text(case_document_read(document=response.document))
        assert CaseDocument.objects.filter(case=case, kind="evidence_response").count() == 2
        summaries = list(TimelineEvent.objects.filter(case=case).values_list("summary", flat=True))
        for role in ("complainant", "respondent"):
            assert f"Written response to the evidence submitted in the portal by the {role}" in summaries
            assert f"Document added in the portal by the {role}: Written response to the evidence" in summaries

    # 5. The investigator's report; the decision-maker assigned, attests, decides (2026-12-07).
    with time_machine.travel(at("2026-12-07 09:00"), tick=True):
        case_document_add(
            case=case, kind="investigator_report", filename="report.txt", content_type="text/plain",
            data=b"Investigation report (walk).", actor=investigator,
        )
        case_transition(
            case=case, to=Case.Status.DETERMINATION, actor=investigator, reason="Investigation complete."
        )
        case_role_assign(case=case, role=CaseRole.DECISION_MAKER, user=decider, actor=coordinator)
        conflict_attestation_record(case=case, role=CaseRole.DECISION_MAKER, actor=decider)
        case.refresh_from_db()
        determination = determination_record(
            case=case, outcome=Determination.Outcome.RESPONSIBLE,
            standard_of_evidence=Determination.Standard.PREPONDERANCE,
            rationale="The messages corroborate the complainant's account.", actor=decider,
        )
        finding_save(
            determination=determination, allegation=case.allegations.get(), findings_of_fact="The messages were sent.",
            policy_provision="Mind and Hand Book II(7)(E)(2)", result=Finding.Result.RESPONSIBLE,
            rationale="Preponderance of the evidence.", actor=decider,
        )
        # Three weeks without activity: both parties are signed out; the office invites them again.
        # Before the release neither party has a decision to read or appeal.
        for browser in (c, r):
            browser.page.reload()
            expect(browser.page.get_by_role("heading", level=1)).to_have_text("Party portal")  # signed out
            browser.check("signed out after three weeks")
            party_portal_invite(party=browser.party, actor=manager)
            browser.sign_in_with_last_link()
            expect(browser.page.get_by_role("link", name="Outcome letter (written determination)")).to_have_count(0)
            browser.page.get_by_role("link", name="Appeals").click()
            expect(browser.page.get_by_text("There is nothing to appeal yet.")).to_be_visible()
            browser.check("appeals before the release")
        # The release: both outcome letters published in one transaction.
        with transaction.atomic():
            determination_release(determination=determination, actor=manager)
            outcome = list(Letter.objects.filter(case=case, kind="outcome", sent_at__isnull=True))
            assert {letter.recipient_id for letter in outcome} == {complainant.pk, respondent.pk}
            letter_send_via_portal(letters=outcome, actor=manager)
        sent = set(Letter.objects.filter(pk__in=[letter.pk for letter in outcome]).values_list("sent_at", flat=True))
        assert len(sent) == 1 and None not in sent  # the same instant for both
        for browser in (c, r):  # both, still signed in, see it after the one release
            browser.page.goto("/portal/")
            decision = browser.page.get_by_role("link", name="Outcome letter (written determination)")
            expect(decision).to_be_visible()
            expect(browser.page.locator("li", has=decision).get_by_text("New", exact=True)).to_be_visible()
            browser.check("documents decision released")

    # 6. Both read the decision (its own email link each); the respondent appeals (2026-12-08).
    with time_machine.travel(at("2026-12-08 10:00"), tick=True):
        for browser in (c, r):
            browser.sign_in_with_last_link()
            browser.page.get_by_role("link", name="Outcome letter (written determination)").click()
            browser.check("outcome letter", letter=True)
            assert LetterReceipt.objects.get(
                letter__kind="outcome", letter__recipient=browser.party
            ).first_opened_at is not None
        page = r.page
        page.goto("/portal/")
        page.get_by_role("link", name="Appeals").click()
        expect(page.get_by_text("You may appeal the decision until the end of December 14, 2026.")).to_be_visible()
        r.check("appeals")
        page.get_by_role("link", name="Appeal the decision").click()
        r.check("appeal form")
        page.get_by_label(PROCEDURAL).check()
        page.get_by_label("Why you appeal (your statement)").fill("WALK-APPEAL The hearing refused my witness.")
        page.get_by_role("button", name="File my appeal").click()
        expect(page.get_by_text("Your appeal was filed.")).to_be_visible()
        r.check("appeal filed")
        appeal = Appeal.objects.get(case=case)
        assert appeal.filed_by == respondent and appeal.filed_on == datetime.date(2026, 12, 8)
        page.get_by_role("link", name="Your case").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your case")
        r.check("case overview after the appeal")
        notice = Letter.objects.get(case=case, kind="appeal_filed")
        assert notice.recipient == complainant and notice.sent_channel == "portal" and notice.sent_at is not None

    # 7. The complainant is told through the portal and sends a statement in their window (2026-12-09).
    with time_machine.travel(at("2026-12-09 10:00"), tick=True):
        c.sign_in_with_last_link()
        page = c.page
        appeal_notice = page.get_by_role("link", name="Notice of appeal")
        expect(page.locator("li", has=appeal_notice).get_by_text("New", exact=True)).to_be_visible()
        c.check("documents notice of appeal new")
        appeal_notice.click()
        expect(page.get_by_text(PROCEDURAL).first).to_be_visible()
        c.check("notice of appeal", letter=True)
        assert LetterReceipt.objects.get(letter=notice).first_opened_at is not None
        page.get_by_role("link", name="Back to your documents").click()
        page.get_by_role("link", name="Appeals").click()
        expect(page.get_by_text("You may send a written statement until December 15, 2026")).to_be_visible()
        c.check("appeals of the other party")
        page.get_by_role("link", name="An appeal by the other party").click()
        expect(page.get_by_text("You have not sent a written statement on this appeal.")).to_be_visible()
        c.check("appeal of the other party")
        page.get_by_label("Your written statement").fill("WALK-STATEMENT The hearing was fair.")
        page.get_by_role("button", name="Send my statement").click()
        expect(page.get_by_text("Thank you: your written statement was received and added to the case.")).to_be_visible()
        c.check("statement sent")
        page.get_by_role("link", name="Your case").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your case")
        c.check("case overview after the statement")
        statement = AppealStatement.objects.get(appeal=appeal, party=complainant)
        assert statement.document.case_id == case.pk
        assert "WALK-STATEMENT" in pdf_text(case_document_read(document=statement.document))
        summaries = list(TimelineEvent.objects.filter(case=case).values_list("summary", flat=True))
        assert "Appeal of the determination filed by the respondent" in summaries
        assert "Written statement on the appeal by the complainant" in summaries
        # The appellant's statement was filed with the appeal; the complainant's answers it.
        assert set(AppealStatement.objects.filter(appeal=appeal).values_list("party", flat=True)) == {
            complainant.pk, respondent.pk,
        }
    for browser in (c, r):
        assert browser.page.request_log.foreign() == []
