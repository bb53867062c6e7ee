"""One Title IX formal complaint walked from intake to the appeal decision's release, in a real browser.

The case page is measured on a phone (390x844) at each stage: nothing passes the screen's edge.
After the appeal's release, Back and a stale second tab show that nothing is released twice.

Each person does their own part, signed in as themselves: the case manager (intake, letters,
notice, evidence review, hearing), the investigator (interview, evidence, report), the Title IX
coordinator (the Title IX determination, the role assignments), the decision-maker (attested;
determination and findings), the appeal decision-maker (attested; the appeal). Every screen is
photographed into SCREENSHOT_DIR; the notice and the determination also at 390x844. The letters
are downloaded as PDFs and their text is read back.

Waiting is impossible in a test: where the regulation asks for days to pass (the 10 days to
respond to the evidence, the 10 days between the report and the hearing), the test moves the
recorded dates back by editing the rows directly, and says so where it does.
"""

import datetime
import io

import pytest
from django.db.models import F
from django.utils import timezone
from pypdf import PdfReader

from cases.models import Appeal, Case, CaseDeadline, Determination, EvidenceReview, Hearing, InvestigationReport, Letter
from cases.outcome_seeds import outcome_lists_ensure
from cases.permissions import role_groups_sync
from cases.selectors.hearing import evidence_review_deadlines
from idhr_portal import roles
from idhr_portal.testing.browser import screenshot

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# 34 CFR 106.45(b)(2)(i)(B): what the written notice of allegations must say.
NOTICE_STATEMENTS = (
    "The respondent is presumed not responsible for the alleged conduct",
    "a determination regarding responsibility is made only at the conclusion of the grievance process",
    "You may have an advisor of your choice, who may be, but is not required to be, an attorney",
    "You may inspect and review the evidence obtained in the investigation that is directly related to the"
    " allegations",
    # A student respondent on the Title IX track: the hearing procedure named is the Committee on
    # Discipline's (the notice once named both procedures because it looked for the non-Title-IX track).
    "The hearing is held under the Committee on Discipline's Title IX Sexual Harassment Hearing Procedures.",
)
# 106.45(b)(7)(ii) and (b)(8)(i): what the written determination must say.
APPEAL_BASES = (
    "a procedural irregularity that affected the outcome of the matter",
    "new evidence that was not reasonably available at the time of the determination and that could affect the"
    " outcome of the matter",
    "had a conflict of interest or bias for or against complainants or respondents generally",
)
NEW_EVIDENCE = (
    "New evidence that was not reasonably available at the time of the determination regarding responsibility or "
    "dismissal, that could affect the outcome of the matter"
)
APPEAL_RATIONALE = "The witness named in the appeal was interviewed before the hearing: the evidence is not new."
# The elements whose right edge passes the viewport (what a phone would scroll sideways to see).
WIDER_THAN_VIEWPORT = """() => Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .map(e => `${e.tagName}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)
  .slice(0, 40)"""


def _phone_width(page, where, too_wide):
    """The page as it is, at 390x844: what passes the screen's width is noted in `too_wide`."""
    page.set_viewport_size(PHONE)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        too_wide.append((where, width, page.evaluate(WIDER_THAN_VIEWPORT)))
    page.set_viewport_size(DESKTOP)


def _sign_in(page, username):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def _ok(page, expected=None):
    """The action succeeded: a success message (the expected one, when given) and no refusal on the
    page. (A sanction refused "This field is required." once passed here on the finding's message.)"""
    page.wait_for_load_state()
    shown = lambda: [e.inner_text() for e in page.locator(".action-errors, .errorlist, .messagelist").all()]  # noqa: E731
    assert page.locator(".messagelist .success").count() >= 1, (page.url, shown())
    assert page.locator(".action-errors, .errorlist").count() == 0, (page.url, shown())
    if expected is not None:
        assert expected in page.locator(".messagelist").inner_text(), (page.url, shown())


def _move(page, label, confirm=False):
    assert page.get_by_role("button", name=f"Move to “{label}”").count() == 1, page.locator("#transitions").inner_text()
    page.get_by_role("button", name=f"Move to “{label}”").click()
    page.wait_for_load_state()
    if confirm:
        page.get_by_role("button", name=f"Confirm: move to “{label}”").click()
        page.wait_for_load_state()
    _ok(page)


def _mark_sent(page):
    page.get_by_label("How it was sent").select_option("post")
    page.get_by_role("button", name="Mark sent").click()
    page.wait_for_load_state()
    assert page.locator("#letter-send-form").count() == 0, page.locator("#content").inner_text()[:3000]


def _send_unsent_letters(page, url):
    """Mark every prepared letter of the case sent, one by one, from the case page's letter list."""
    while True:
        page.goto(url)
        unsent = page.locator("#case-letter-list li", has_text="not sent").get_by_role("link")
        if unsent.count() == 0:
            return
        unsent.first.click()
        _mark_sent(page)


def _label_of(scope, name, text):
    """The label of the option of select `name` that contains `text`."""
    select = scope.locator(f"select[name='{name}']")
    labels = [o.inner_text() for o in select.locator("option").all()]
    matching = [label for label in labels if text in label]
    assert len(matching) == 1, (name, text, labels)
    return matching[0].strip()


def _fill_datetime(scope, name, date, time):
    field = scope.locator(f"[name='{name}']")
    if field.count() == 1:
        field.fill(f"{date}T{time}")
    else:  # Django's split date/time widget
        scope.locator(f"[name='{name}_0']").fill(date)
        scope.locator(f"[name='{name}_1']").fill(time)


def _upload(page, url, kind, filename, data):
    page.goto(url)
    page.get_by_role("button", name="Add another Document").click()
    row = page.locator("tr.dynamic-documents").last
    row.locator("select[name$='-kind']").select_option(kind)
    row.locator("input[type='file']").set_input_files(
        files=[{"name": filename, "mimeType": "application/pdf" if filename.endswith(".pdf") else "text/plain",
                "buffer": data}])
    page.get_by_role("button", name="Save and continue editing").click()
    _ok(page)


def _a_pdf():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _shift_review(review, *, days):
    delta = datetime.timedelta(days=days)
    EvidenceReview.objects.filter(pk=review.pk).update(sent_on=review.sent_on - delta)
    for deadline in evidence_review_deadlines(review):
        CaseDeadline.objects.filter(pk=deadline.pk).update(
            starts_on=deadline.starts_on - delta, due_on=deadline.due_on - delta)
    Letter.objects.filter(regarding=f"cases.evidencereview:{review.pk}").update(sent_at=F("sent_at") - delta)


def _shift_hearing(case, hearing, *, days):
    delta = datetime.timedelta(days=days)
    for report in InvestigationReport.objects.filter(case=case):
        InvestigationReport.objects.filter(pk=report.pk).update(
            finalised_on=report.finalised_on - delta, sent_on=report.sent_on - delta)
        Letter.objects.filter(regarding=f"cases.investigationreport:{report.pk}").update(
            sent_at=F("sent_at") - delta)
    Hearing.objects.filter(pk=hearing.pk).update(
        scheduled_at=hearing.scheduled_at - delta, notice_on=hearing.notice_on - delta)
    for deadline in CaseDeadline.objects.filter(case=case):
        CaseDeadline.objects.filter(pk=deadline.pk).update(
            starts_on=deadline.starts_on - delta, due_on=deadline.due_on - delta)


def _pdf_text(page, link_name="Download the PDF"):
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).click()
    with open(download.value.path(), "rb") as handle:
        pdf = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(p.extract_text() for p in pdf.pages).split())


@pytest.mark.timeout(900)  # the longest walk: near 300 s alone on a loaded machine
def test_one_title_ix_formal_complaint_from_intake_to_the_appeal(new_page):
    role_groups_sync()
    outcome_lists_ensure()
    factories.staff(roles.CASE_MANAGER, username="morgan", first_name="Morgan", last_name="Manager")
    factories.staff(roles.INVESTIGATOR, username="ines", first_name="Ines", last_name="Investigator")
    factories.staff(roles.TITLE_IX_COORDINATOR, username="casey", first_name="Casey", last_name="Coordinator")
    factories.staff(roles.INVESTIGATOR, username="dana", first_name="Dana", last_name="Decider")
    factories.staff(roles.INVESTIGATOR, username="avery", first_name="Avery", last_name="Appeals")
    report = factories.ReportFactory(reporter_name="Jordan Lee", reporter_affiliation="student",
                                     categories=["sexual_harassment"])
    factories.ReportPartyFactory(report=report, name="Alex Morgan", affiliation="student")
    factories.formal_complaint_for(report)

    manager = new_page(viewport=DESKTOP)
    _sign_in(manager, "morgan")
    # Intake: the queue, the report, "Open a case".
    manager.locator("#intake-count").click()
    manager.get_by_role("link", name=report.reference).click()
    screenshot(manager, "formal-01-report")
    manager.get_by_role("button", name="Open a case").click()
    manager.wait_for_url("**/admin/cases/case/*/change/")
    case = Case.objects.get(case_reports__report=report)
    url = f"/admin/cases/case/{case.pk}/change/"
    screenshot(manager, "formal-02-case-new")
    too_wide = []  # the case page at each stage, on a phone (it was 518 px wide at 390)
    _phone_width(manager, "new", too_wide)

    # The coordinator: the Title IX determination on the case page, the investigator, the roles.
    coordinator = new_page(viewport=DESKTOP)
    _sign_in(coordinator, "casey")
    coordinator.goto(url)
    coordinator.locator("input[name='title_ix_category']").check()
    for field in ("ti_in_program_at_filing", "ti_in_institute_program", "ti_in_united_states"):
        coordinator.locator(f"select[name='{field}']").select_option(label="Yes")
    coordinator.locator("select[name='investigator']").select_option(label="ines")
    coordinator.get_by_role("button", name="Save and continue editing").click()
    _ok(coordinator)
    case.refresh_from_db()
    assert case.is_title_ix and case.investigator.username == "ines"
    screenshot(coordinator, "formal-03-title-ix-determination")
    # Staff are listed by name in the pickers, as the Roles box lists them (usernames alone once).
    for role, label in (("decision_maker", "Dana Decider (dana)"), ("appeal_decision_maker", "Avery Appeals (avery)")):
        form = coordinator.locator("#role-assign-form")
        form.get_by_label("role").select_option(role)
        form.get_by_label("staff member").select_option(label=label)
        form.get_by_role("button", name="Assign").click()
        _ok(coordinator)
    screenshot(coordinator, "formal-04-roles-assigned")
    _phone_width(coordinator, "roles assigned (coordinator)", too_wide)

    # Each assignee attests to no conflict of interest, signed in as themselves.
    decider = new_page(viewport=DESKTOP)
    _sign_in(decider, "dana")
    appeals = new_page(viewport=DESKTOP)
    _sign_in(appeals, "avery")
    ines = new_page(viewport=DESKTOP)  # 106.45(b)(1)(iii): the investigator attests before investigating
    _sign_in(ines, "ines")
    for person, role in ((decider, "decision_maker"), (appeals, "appeal_decision_maker"), (ines, "investigator")):
        person.goto(url)
        form = person.locator("#attestation-form")
        form.get_by_label("role").select_option(role)
        form.get_by_role("button", name="Attest: no conflict of interest").click()
        _ok(person)
    screenshot(appeals, "formal-05-attested")
    _phone_width(appeals, "attested (appeal decision-maker)", too_wide)
    ines.reload()
    roles_box = ines.locator("#case-roles").inner_text()  # the last to attest: the page shows all three
    assert "Conflict-of-interest attestation: Dana Decider · Decision-maker" in roles_box
    assert "Conflict-of-interest attestation: Avery Appeals · Appeal decision-maker" in roles_box
    assert "Conflict-of-interest attestation: Ines Investigator · Investigator" in roles_box

    # The case manager: assessment, then the formal investigation (confirmed, with its reason).
    manager.goto(url)
    _move(manager, "Assessment")
    move = manager.locator(".transition-form", has=manager.get_by_role("button", name="Move to “Formal investigation”"))
    move.get_by_label("Reason (required, kept with the move)").fill("Signed formal complaint of Title IX conduct")
    move.get_by_label("Basis for concluding the response was not deliberately indifferent (required)").fill(
        "A formal complaint was signed; the grievance process starts with a notice of allegations.")
    _move(manager, "Formal investigation", confirm=True)
    assert manager.locator("#case-status").inner_text() == "Formal investigation"
    screenshot(manager, "formal-06-investigation")

    # The allegation, then the notice of allegations to both parties.
    manager.get_by_role("link", name="Record an allegation").click()
    manager.get_by_label("Respondent").select_option(label="Alex Morgan")
    manager.get_by_label("Complainant").select_option(label="Jordan Lee")
    manager.get_by_label("Alleged conduct").fill("Repeated unwelcome messages of a sexual nature")
    manager.get_by_label("Policy provision").fill("Mind and Hand Book II(7)(C)")
    manager.get_by_label("Date as known").fill("September 2026")
    manager.get_by_label("Place").fill("Online (course forum)")
    screenshot(manager, "formal-07-allegation")
    manager.get_by_role("button", name="Record the allegation").click()
    manager.wait_for_url(f"**{url}*")
    manager.locator("#case-letters").get_by_role(
        "button", name="Prepare the notice of allegations (both parties)").click()
    manager.wait_for_url("**/admin/cases/letter/*/review/")
    screenshot(manager, "formal-08-notice")
    notice_text = _pdf_text(manager)
    for expected in NOTICE_STATEMENTS:
        assert expected in notice_text, (expected, notice_text)
    _mark_sent(manager)
    manager.set_viewport_size(PHONE)
    manager.reload()
    screenshot(manager, "formal-08-notice-phone")
    manager.set_viewport_size(DESKTOP)
    manager.goto(url)
    other = manager.locator("#case-letter-list li", has_text="not sent").get_by_role("link")
    other.click()
    _mark_sent(manager)
    manager.goto(url)
    assert "not sent" not in manager.locator("#case-letter-list").inner_text()
    screenshot(manager, "formal-09-notice-sent")
    _phone_width(manager, "notice sent", too_wide)

    # The investigator: an interview of the respondent, with its notice.
    case.refresh_from_db()
    assert case.investigator and case.investigator.username == "ines", case.investigator
    investigator = new_page(viewport=DESKTOP)
    _sign_in(investigator, "ines")
    investigator.goto(url)
    investigator.get_by_role("link", name="Schedule an interview or meeting (prepares its notice)").click()
    investigator.locator("select[name='kind']").select_option("interview")
    investigator.locator("select[name='party']").select_option(
        label=_label_of(investigator, "party", "Alex Morgan"))
    # Named as every picker names a party (it once read "Respondent (Student)" only).
    assert _label_of(investigator, "party", "Alex Morgan") == "Alex Morgan — respondent (student)"
    interview_on = (timezone.localdate() + datetime.timedelta(days=6)).isoformat()
    _fill_datetime(investigator, "starts_at", interview_on, "14:00")
    investigator.locator("[name='place']").fill("Building W31, room 223")
    investigator.locator("[name='participants']").fill("Ines Investigator; the respondent and their advisor")
    investigator.locator("[name='purpose']").fill("To hear the respondent's account of the allegations")
    screenshot(investigator, "formal-10-interview")
    investigator.get_by_role("button", name="Save", exact=True).click()
    _ok(investigator)
    screenshot(investigator, "formal-10-interview-saved")

    # Evidence: uploaded to the case, then marked directly related on the investigation.
    _upload(investigator, url, "evidence", "messages.txt", b"Screenshots of the messages, transcribed.")
    investigator.get_by_role("link", name="Investigation", exact=True).click()
    investigator.get_by_role("button", name="Add another Evidence").click()
    row = investigator.locator("tr.dynamic-evidence").last
    row.locator("input[name$='-received_on']").fill(timezone.localdate().isoformat())
    row.locator("[name$='-description']").fill("Messages sent on the course forum")
    row.locator("select[name$='-document']").select_option(index=1)
    row.locator("input[name$='-directly_related']").check()
    screenshot(investigator, "formal-11-evidence")
    investigator.get_by_role("button", name="Save", exact=True).click()
    _ok(investigator)

    # Sent for review: both parties' 10-day clocks start.
    investigator.goto(url)
    investigator.locator("#case-process summary").click()
    investigator.locator("#evidence-review-form").get_by_role(
        "button", name="Send the related evidence to the parties and advisors").click()
    _ok(investigator)
    screenshot(investigator, "formal-12-evidence-sent")
    _phone_width(investigator, "evidence sent", too_wide)
    # The parties' 10 days run from the day the evidence reached them: the manager sends it.
    _send_unsent_letters(manager, url)
    review = EvidenceReview.objects.get(case=case)
    # Waiting 10 days is impossible here: the review (and its clocks) are moved 11 days back by
    # editing the rows, as if it had been sent then.
    _shift_review(review, days=11)
    for name, role in (("Jordan Lee", "complainant"), ("Alex Morgan", "respondent")):
        _upload(investigator, url, "evidence_response", f"response-{role}.txt", b"My response to the evidence.")
        investigator.locator("#case-process summary").click()
        form = investigator.locator("#evidence-response-form")
        form.get_by_label("party").select_option(label=_label_of(form, "evidence-response-party", name))
        form.get_by_label("received on").fill((timezone.localdate() - datetime.timedelta(days=3)).isoformat())
        form.get_by_label("written response (a case document)").select_option(
            label=_label_of(form, "evidence-response-document", f"response-{role}.txt"))
        form.get_by_role("button", name="Record the response").click()
        _ok(investigator)

    # The report, finalised and sent.
    _upload(investigator, url, "investigator_report", "investigation-report.pdf", _a_pdf())
    investigator.locator("#case-process summary").click()
    form = investigator.locator("#report-finalise-form")
    form.get_by_label("report (a case document)").select_option(
        label=_label_of(form, "report-finalise-document", "investigation-report.pdf"))
    form.get_by_role("button", name="Finalise the investigation report").click()
    _ok(investigator)
    investigator.locator("#case-process summary").click()
    investigator.locator("#report-send-form").get_by_role(
        "button", name="Send the report to the parties and advisors").click()
    _ok(investigator)
    screenshot(investigator, "formal-13-report-sent")
    _send_unsent_letters(manager, url)

    # The case manager: advisors, the hearing 10 days after the report, a refusal at 9.
    manager.goto(url)
    for name, advisor in (("Jordan Lee", "Sam Advisor"), ("Alex Morgan", "Robin Counsel")):
        form = manager.locator("#advisor-form")
        form.get_by_label("advisor of").select_option(label=_label_of(form, "advisor-advises", name))
        form.get_by_label("advisor's name").fill(advisor)
        form.get_by_role("button", name="Record the advisor").click()
        _ok(manager)
    today = timezone.localdate()
    form = manager.locator("#hearing-schedule-form")
    form.get_by_label("date and time").fill(f"{(today + datetime.timedelta(days=9)).isoformat()}T10:00")
    form.get_by_label("place").fill("Building 10, room 105")
    form.get_by_label("separate rooms requested").check()
    form.get_by_role("button", name="Schedule the hearing").click()
    manager.wait_for_load_state()
    form = manager.locator("#hearing-schedule-form")
    screenshot(manager, "formal-14-hearing-refused-at-9-days")
    _phone_width(manager, "hearing refused", too_wide)
    assert form.locator(".errorlist").count() >= 1, form.inner_text()
    assert form.get_by_label("place").input_value() == "Building 10, room 105"
    form.get_by_label("date and time").fill(f"{(today + datetime.timedelta(days=10)).isoformat()}T10:00")
    form.get_by_role("button", name="Schedule the hearing").click()
    _ok(manager)
    hearing = Hearing.objects.get(case=case)
    ruling = manager.locator("#ruling-form")
    ruling.get_by_label("asked on behalf of").select_option(label=_label_of(ruling, "ruling-asked_for", "Alex Morgan"))
    ruling.get_by_label("question (summary)").fill("Asked the complainant about a past relationship")
    ruling.get_by_label("ruling").select_option("not_relevant")
    ruling.get_by_label("reason (required when the question is excluded)").fill(
        "Prior sexual behavior of the complainant: neither exception of 106.45(b)(6)(i) applies.")
    ruling.get_by_role("button", name="Record the ruling").click()
    _ok(manager)
    screenshot(manager, "formal-15-hearing-scheduled")
    _phone_width(manager, "hearing scheduled", too_wide)
    # The hearing day cannot be waited for: the report, the hearing and its notice are moved
    # 11 days back by editing the rows, so that the hearing was yesterday, 10 days after the report.
    _shift_hearing(case, hearing, days=11)
    manager.reload()
    form = manager.locator("#hearing-held-form")
    _fill_datetime(form, "hearing-held-held_at", (today - datetime.timedelta(days=1)).isoformat(), "10:05")
    form.get_by_role("button", name="Start the hearing (mark it held)").click()
    _ok(manager)
    _upload(manager, url, "hearing_record", "hearing-recording.txt", b"Transcript of the hearing.")
    form = manager.locator("#hearing-record-form")
    form.get_by_label("recording or transcript (a case document)").select_option(
        label=_label_of(form, "hearing-record-document", "hearing-recording.txt"))
    form.get_by_role("button", name="Attach the recording or transcript").click()
    _ok(manager)
    screenshot(manager, "formal-16-hearing-held")
    _phone_width(manager, "hearing held", too_wide)
    move = manager.locator(".transition-form", has=manager.get_by_role("button", name="Move to “Determination”"))
    move.get_by_label("Reason (required, kept with the move)").fill("Hearing held; the decision-maker decides")
    _move(manager, "Determination", confirm=True)
    assert manager.locator("#case-status").inner_text() == "Determination"

    # The decision-maker (attested, not the coordinator or investigator) decides; the investigator
    # and the case manager are not offered the form (106.45(b)(7)(i)).
    investigator.goto(url)
    assert investigator.locator("#determination-form").count() == 0
    _phone_width(investigator, "determination stage (investigator)", too_wide)
    assert manager.locator("#determination-form").count() == 0
    decider.goto(url)
    form = decider.locator("#determination-form")
    assert form.count() == 1, decider.locator("#content").inner_text()[:1500]
    form.locator("select[name='outcome']").select_option("responsible")
    form.locator("textarea[name='rationale']").fill("The respondent's messages establish the conduct.")
    form.locator("input[name='remedies_provided']").check()
    form.locator("textarea[name='remedies_description']").fill("Extensions and a housing move")
    # The finding on the allegation is part of the form: nothing chosen for the decision-maker (issue 24).
    assert form.locator("select[name$='_result']").input_value() == ""
    form.locator("select[name$='_result']").select_option("responsible")
    form.locator("textarea[name$='_facts']").fill("The respondent sent the messages on the course forum.")
    form.locator("textarea[name$='_rationale']").fill("Weighed on the preponderance of the evidence.")
    form.get_by_role("button", name="Record the determination").click()
    _ok(decider, "Determination recorded.")
    # Recorded: shown as recorded, and the form prefilled for a correction before the release.
    assert "The respondent's messages establish the conduct." in decider.locator("#determination-recorded").inner_text()
    form = decider.locator("#determination-form")
    assert form.locator("select[name='outcome']").input_value() == "responsible"
    assert form.locator("textarea[name='rationale']").input_value() == "The respondent's messages establish the conduct."
    assert form.locator("select[name$='_result']").input_value() == "responsible"
    sanction = decider.locator("#sanction-form")
    # The one respondent is chosen already (left on "---------", the sanction was once refused unseen).
    assert _label_of(sanction, "party", "Alex Morgan") == "Alex Morgan — respondent (student)"
    sanction.get_by_label("sanction").select_option("probation")
    sanction.get_by_label("details").fill("For one academic year")
    sanction.get_by_role("button", name="Record the sanction").click()
    _ok(decider, "Sanction recorded.")
    screenshot(decider, "formal-17-determination")
    _phone_width(decider, "determination", too_wide)
    decider.set_viewport_size(PHONE)
    decider.reload()
    screenshot(decider, "formal-17-determination-phone")
    decider.set_viewport_size(DESKTOP)

    # Released to both parties at once by the case manager; the outcome letter's PDF.
    manager.goto(url)
    manager.get_by_role("button", name="Release the determination to both parties").click()
    _ok(manager)
    determination = Determination.objects.get(case=case)
    outcome_letters = list(Letter.objects.filter(case=case, kind="outcome"))
    assert sorted(letter.recipient.role for letter in outcome_letters) == ["complainant", "respondent"]
    assert outcome_letters[0].batch is not None and outcome_letters[0].batch == outcome_letters[1].batch
    assert manager.locator("#case-status").inner_text() == "Appeal window"
    screenshot(manager, "formal-18-released")
    _phone_width(manager, "released", too_wide)
    manager.goto(f"/admin/cases/letter/{outcome_letters[0].pk}/review/")
    screenshot(manager, "formal-19-outcome-letter")
    outcome_text = _pdf_text(manager)
    deadline = determination.appeal_deadline
    for expected in (
        "Findings of fact supporting the determination: The respondent sent the messages on the course forum.",
        "Result: Responsible",
        *APPEAL_BASES,
        f"An appeal must be submitted in writing to IDHR by {deadline:%A}, {deadline:%B} {deadline.day}, {deadline.year}.",
    ):
        assert expected in outcome_text, (expected, outcome_text)
    # 106.45(b)(7)(ii)(E): the disciplinary sanctions imposed on the respondent.
    assert "Sanctions Probation: For one academic year" in outcome_text, outcome_text
    assert "No disciplinary sanctions are imposed on the respondent." not in outcome_text

    # The respondent appeals; both parties' statements; the appeal decision-maker decides.
    _upload(manager, url, "other", "appeal.txt", b"The respondent's appeal.")
    form = manager.locator("#appeal-file-form")
    form.get_by_label("filed by").select_option(label=_label_of(form, "filed_by", "Alex Morgan"))
    form.get_by_label(NEW_EVIDENCE).check()
    form.get_by_label("grounds").fill("New evidence: a witness not available before.")
    form.get_by_role("button", name="Record the appeal").click()
    _ok(manager)
    screenshot(manager, "formal-20-appeal-filed")
    _phone_width(manager, "appeal filed", too_wide)
    assert "Appeal of" in manager.locator("#case-outcome").inner_text()

    # Both parties' written statements, each within its own window (106.45(b)(8)(iii)(D)): the
    # complainant (the other party) first. Each is a case document chosen by its file name.
    for name, role in (("Jordan Lee", "complainant"), ("Alex Morgan", "respondent")):
        filename = f"appeal-statement-{role}.txt"
        _upload(manager, url, "other", filename, f"The {role}'s written statement on the appeal.".encode())
        form = manager.locator("#appeal-statement-form")
        form.get_by_label("party").select_option(label=_label_of(form, "party", name))
        form.get_by_label("statement (a document of the case)").select_option(
            label=_label_of(form, "document", filename))
        if role == "complainant":
            screenshot(manager, "formal-21-appeal-statement")
        form.get_by_role("button", name="Record the statement").click()
        _ok(manager, "Written statement recorded.")
    statements = manager.locator("#case-outcome .appeal-statement").all_inner_texts()
    assert [" ".join(t.split()) for t in statements] == [
        f"Written statement: Complainant · {today.isoformat()}", f"Written statement: Respondent · {today.isoformat()}"]
    screenshot(manager, "formal-22-appeal-statements")

    # The appeal decision-maker (none of the coordinator, investigator or decision-maker) decides,
    # with the rationale (106.45(b)(8)(iii)(B), (E)); the decision-maker is not offered the form.
    decider.goto(url)
    assert decider.locator("#appeal-decision-form").count() == 0
    appeals.goto(url)
    form = appeals.locator("#appeal-decision-form")
    assert _label_of(form, "appeal", "Alex Morgan") == (
        f"Appeal of the determination · Alex Morgan — respondent (student) · filed {today.isoformat()} · "
        f"{NEW_EVIDENCE} · Pending")
    form.get_by_label("decision").select_option("upheld")
    form.get_by_label("rationale").fill(APPEAL_RATIONALE)
    screenshot(appeals, "formal-23-appeal-decision")
    _phone_width(appeals, "appeal decision", too_wide)
    form.get_by_role("button", name="Decide the appeal").click()
    _ok(appeals, "Appeal decided.")

    # Released to both parties at once (F): the appeal outcome letters in one batch, sent together.
    manager.goto(url)
    stale = manager.context.new_page()  # a second tab on the case page, opened before the release
    stale.goto(url)
    manager.locator("#appeal-release-form").get_by_role(
        "button", name="Release the appeal decision to both parties").click()
    _ok(manager, "The appeal decision was released to both parties together.")
    # Reload, then Back: the admin's pages are never cached, so Back shows the case page afresh,
    # with nothing left to release. The stale tab's button: refused, nothing released twice.
    manager.reload()
    manager.go_back()
    manager.wait_for_load_state()
    assert manager.locator("#appeal-release-form").count() == 0
    with stale.expect_navigation():
        stale.locator("#appeal-release-form").get_by_role(
            "button", name="Release the appeal decision to both parties").click()
    assert "The decision on this appeal was already given to the parties." in stale.locator(
        "#appeal-release-form .action-errors").inner_text()
    screenshot(stale, "formal-24-appeal-release-sent-again")
    stale.close()
    manager.goto(url)
    appeal_letters = list(Letter.objects.filter(case=case, kind="appeal_outcome"))
    assert len(appeal_letters) == 2
    assert Appeal.objects.get(case=case).released_at is not None
    assert sorted(letter.recipient.role for letter in appeal_letters) == ["complainant", "respondent"]
    assert appeal_letters[0].batch is not None and appeal_letters[0].batch == appeal_letters[1].batch
    # 106.45(b)(7)(iii): given while the appeal window is open, the determination is not final yet (the
    # complainant may still appeal); without another appeal it is final the day after the window.
    deadline = Determination.objects.get(case=case).appeal_deadline
    assert manager.locator("#finality").inner_text() == (
        f"Not final yet: the written decision on the appeal was given to both parties on {today.isoformat()}, and "
        f"the appeal window is open until {deadline.isoformat()}; without another appeal it becomes final on "
        f"{(deadline + datetime.timedelta(days=1)).isoformat()}.")
    screenshot(manager, "formal-24-appeal-released")
    manager.goto(f"/admin/cases/letter/{appeal_letters[0].pk}/review/")
    screenshot(manager, "formal-25-appeal-outcome-letter")
    appeal_text = _pdf_text(manager)
    # 106.45(b)(8)(iii)(E)-(F): a written decision describing the result and its rationale, to both at once.
    for expected in (
        f"This is the written decision on the appeal of the determination filed by the respondent on "
        f"{today:%B} {today.day}, {today.year}. It is given to the complainant and the respondent at the same time.",
        "New evidence that was not reasonably available",
        "The determination regarding responsibility is not final yet:",
        "Result of the appeal The determination is upheld.",
        f"Rationale {APPEAL_RATIONALE}",
    ):
        assert expected in appeal_text, (expected, appeal_text)
    _mark_sent(manager)
    sent = {letter.sent_at for letter in Letter.objects.filter(case=case, kind="appeal_outcome")}
    assert len(sent) == 1 and None not in sent

    # The case page on a phone: nothing wider than the screen (it was 518 px wide at 390).
    manager.set_viewport_size(PHONE)
    manager.goto(url)
    screenshot(manager, "formal-26-case-phone")
    assert manager.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], manager.evaluate(
        WIDER_THAN_VIEWPORT)
    _phone_width(manager, "appeal released", too_wide)
    assert too_wide == []  # (stage, width, the elements passing the screen's edge)
