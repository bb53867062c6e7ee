"""Appeals in the party portal (issue 15 item 5; 34 CFR 106.45(b)(8)): inside the appeal window
a party appeals on the bases they choose (the regulation's three and any the office added)
with a statement and files; the other party is told through the portal (a letter published
to them, and an email with no content) and may send a statement in their window; outside the
windows the portal refuses in plain words. The determination is released on 2026-12-01 with
the appeal window ending 2026-12-08; statements are due 7 days after the appeal is filed.
"""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import (
    Appeal,
    AppealBasis,
    AppealStatement,
    Case,
    CaseDeadline,
    Determination,
    Letter,
    TimelineEvent,
)
from cases.outcome_seeds import outcome_lists_ensure
from cases.selectors.portal import letter_delivery
from cases.services.documents import case_document_read
from cases.services.letters import letter_prepare
from cases.services.portal import letter_send_via_portal
from cases.services.portal_party import portal_appeal_file, portal_evidence_response_submit

from .test_portal import deliver_all, link_in, mails_to, make_case, smtp_server, text_of  # noqa: F401
from .test_portal_review import at, pdf_text, portal_client

pytestmark = pytest.mark.django_db

PROCEDURAL = "Procedural irregularity that affected the outcome of the matter"
BIAS_START = "The Title IX coordinator, investigator or decision-maker had a conflict of interest or bias"


def appeal_case(tag="a", names=("Quinlan Zephyrwood", "Marisol Vantablack")):
    manager, case, complainant, respondent = make_case(*names, tag=tag)
    return determination_released({"manager": manager, "case": case, "c": complainant, "r": respondent})


def determination_released(t: dict) -> dict:
    """The determination released on 2026-12-01 (appeal window to 2026-12-08), its letters published."""
    outcome_lists_ensure()
    manager, case, complainant, respondent = t["manager"], t["case"], t["c"], t["r"]
    with time_machine.travel(at("2026-12-01 09:00"), tick=False):
        determination = Determination.objects.create(
            case=case, outcome="responsible", decided_on=datetime.date(2026, 12, 1),
            appeal_deadline=datetime.date(2026, 12, 8), decided_by=manager,
            released_at=at("2026-12-01 09:00"), released_by=manager,
        )
        Case.objects.filter(pk=case.pk).update(status=Case.Status.APPEAL_WINDOW)
        letters = letter_prepare(
            case=case, kind="outcome", recipients=[complainant, respondent], actor=manager,
            extra={"determination": determination}, regarding=f"cases.determination:{determination.pk}", batch=True,
        )
        letter_send_via_portal(letters=letters, actor=manager)
    return {**t, "determination": determination}


def basis(label_start: str) -> AppealBasis:
    return AppealBasis.objects.get(label__startswith=label_start)


def appeal_post(client, bases, text, files=()):
    data = {"bases": [b.pk for b in bases], "text": text}
    if files:
        data["files"] = list(files)
    return client.post("/portal/appeals/new/", data)


def test_the_form_offers_the_regulations_three_bases_and_one_the_office_added():
    t = appeal_case()
    AppealBasis.objects.create(label="OFFICE-BASIS sanction out of proportion", order=9)
    with time_machine.travel(at("2026-12-02 10:00"), tick=False):
        page = portal_client(t["r"]).get("/portal/appeals/new/").content.decode()
    for text in (PROCEDURAL, "New evidence that was not reasonably available", BIAS_START, "OFFICE-BASIS"):
        assert text in page


def test_an_appeal_on_two_bases_reaches_the_case_and_the_other_party_by_the_portal_with_no_content_in_email(
    smtp_server,  # noqa: F811
):
    t = appeal_case()
    with time_machine.travel(at("2026-12-01 09:01"), tick=False):
        deliver_all()
    before = len(mails_to(smtp_server, "complainant-a@example.org"))
    exhibit = SimpleUploadedFile("exhibit.txt", b"EXHIBIT-MARKER a witness list", content_type="text/plain")
    with time_machine.travel(at("2026-12-03 11:00"), tick=False):
        answer = appeal_post(
            portal_client(t["r"]), [basis(PROCEDURAL), basis(BIAS_START)],
            "APPEAL-MARKER the hearing refused my witness Ignatius Pendleford", [exhibit],
        )
    assert answer.status_code == 302 and answer["Location"] == "/portal/appeals/"
    appeal = Appeal.objects.get()
    assert appeal.filed_by == t["r"] and appeal.filed_on == datetime.date(2026, 12, 3)
    assert {b.label[:30] for b in appeal.bases.all()} == {PROCEDURAL[:30], BIAS_START[:30]}
    statement = AppealStatement.objects.get()
    assert (statement.party, statement.submitted_by, statement.recorded_by) == (t["r"], t["r"], None)
    assert "APPEAL-MARKER" in pdf_text(case_document_read(document=statement.document))
    assert statement.document.attachments.count() == 1
    summaries = list(TimelineEvent.objects.filter(case=t["case"]).values_list("summary", flat=True))
    assert "Appeal of the determination filed by the respondent" in summaries
    # The complainant's notice: published to their portal at once, and a content-free email.
    notice = Letter.objects.get(kind="appeal_filed")
    assert notice.recipient == t["c"] and notice.sent_channel == "portal" and notice.sent_at is not None
    assert PROCEDURAL in notice.html and BIAS_START in notice.html  # every basis chosen, in the letter
    assert "APPEAL-MARKER" not in notice.html  # the grounds are the appellant's statement, not the notice
    with time_machine.travel(at("2026-12-03 11:01"), tick=False):
        deliver_all()
    (mail,) = mails_to(smtp_server, "complainant-a@example.org")[before:]
    text = text_of(mail)
    assert "has a document for you" in text and link_in(mail)
    for marker in ("APPEAL-MARKER", "Pendleford", "EXHIBIT-MARKER", "Zephyrwood", "Vantablack", "glasswing", "irregularity"):
        assert marker not in text
    assert letter_delivery(letter=notice)["notice_accepted_at"] is not None
    # Each party has a statement window of 7 days from the filing.
    due = set(CaseDeadline.objects.filter(kind="appeal_statement").values_list("due_on", flat=True))
    assert due == {datetime.date(2026, 12, 10)}


def test_the_other_party_sees_the_appeal_and_its_bases_and_sends_a_statement_in_their_window():
    t = appeal_case()
    with time_machine.travel(at("2026-12-03 11:00"), tick=False):
        appeal_post(portal_client(t["r"]), [basis(PROCEDURAL)], "APPEAL-MARKER secret grounds")
    appeal = Appeal.objects.get()
    with time_machine.travel(at("2026-12-10 22:00"), tick=False):  # the last day of the window
        client = portal_client(t["c"])
        listing = client.get("/portal/appeals/").content.decode()
        assert "An appeal by the other party" in listing
        page = client.get(f"/portal/appeals/{appeal.pk}/").content.decode()
        # The bases (as in the notice) and a link to the appellant's statement; its words stay in the document.
        assert "APPEAL-MARKER" not in page and PROCEDURAL in page
        answer = client.post(f"/portal/appeals/{appeal.pk}/", {"text": "STATEMENT-MARKER the outcome was fair"})
    assert answer.status_code == 302
    statement = AppealStatement.objects.get(party=t["c"])
    assert statement.submitted_by == t["c"] and statement.submitted_on == datetime.date(2026, 12, 10)
    assert "STATEMENT-MARKER" in pdf_text(case_document_read(document=statement.document))
    assert TimelineEvent.objects.filter(summary="Written statement on the appeal by the complainant").exists()
    with time_machine.travel(at("2026-12-10 22:05"), tick=False):  # the appellant never sees it
        page = portal_client(t["r"]).get(f"/portal/appeals/{appeal.pk}/").content.decode()
    assert "STATEMENT-MARKER" not in page


def test_a_statement_after_the_window_is_refused_with_the_date_and_keeps_what_was_typed():
    t = appeal_case()
    with time_machine.travel(at("2026-12-03 11:00"), tick=False):
        appeal_post(portal_client(t["r"]), [basis(PROCEDURAL)], "Grounds")
    appeal = Appeal.objects.get()
    with time_machine.travel(at("2026-12-11 08:00"), tick=False):
        answer = portal_client(t["c"]).post(f"/portal/appeals/{appeal.pk}/", {"text": "LATE-STATEMENT words"})
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "The window for written statements on this appeal closed on 2026-12-10." in page
    assert "LATE-STATEMENT words" in page
    assert not AppealStatement.objects.filter(party=t["c"]).exists()


def test_an_appeal_after_the_window_is_refused_in_plain_words():
    t = appeal_case()
    with time_machine.travel(at("2026-12-08 23:59"), tick=False):  # the last day still works
        assert portal_client(t["c"]).get("/portal/appeals/new/").status_code == 200
    with time_machine.travel(at("2026-12-09 00:01"), tick=False):
        client = portal_client(t["c"])
        form = client.get("/portal/appeals/new/")
        posted = appeal_post(client, [basis(PROCEDURAL)], "Too late")
        listing = client.get("/portal/appeals/").content.decode()
    assert form.status_code == 403 and "The time to appeal ended on 2026-12-08." in form.content.decode()
    assert posted.status_code == 403 and Appeal.objects.count() == 0
    assert "The time to appeal the decision ended on December 8, 2026." in listing


def test_no_appeal_before_the_decision_reached_the_party_and_only_one_appeal_each():
    t = appeal_case()
    Letter.objects.filter(recipient=t["c"]).update(sent_at=None)  # not yet published to the complainant
    with time_machine.travel(at("2026-12-02 10:00"), tick=False):
        early = portal_client(t["c"]).get("/portal/appeals/new/")
        assert early.status_code == 403 and "There is no decision you can appeal yet." in early.content.decode()
        client = portal_client(t["r"])
        assert appeal_post(client, [basis(PROCEDURAL)], "First").status_code == 302
        again = appeal_post(client, [basis(PROCEDURAL)], "Second")
    assert again.status_code == 403 and "You have already filed an appeal of this decision." in again.content.decode()
    assert Appeal.objects.count() == 1


def test_an_appeal_without_a_basis_is_refused_beside_the_field_and_keeps_the_statement():
    t = appeal_case()
    with time_machine.travel(at("2026-12-02 10:00"), tick=False):
        answer = appeal_post(portal_client(t["r"]), [], "KEPT-GROUNDS my reasons")
    page = answer.content.decode()
    assert answer.status_code == 400 and "Choose at least one basis for your appeal." in page
    assert "KEPT-GROUNDS my reasons" in page and Appeal.objects.count() == 0


def test_a_purged_case_takes_its_portal_submissions_attachments_and_download_log_with_it(settings, tmp_path):
    """Retention (cases.retention): nothing the portal added keeps a case from being purged."""
    from cases import retention
    from cases.models import CaseDocument, EvidenceResponse, PortalDownload

    from .test_portal_review import review_case

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "media"
    t = determination_released(review_case())
    exhibit = SimpleUploadedFile("exhibit.txt", b"An exhibit", content_type="text/plain")
    with time_machine.travel(at("2026-12-03 10:00"), tick=False):
        portal_evidence_response_submit(review=t["review"], by_party=t["advisor"], text="R", files=[exhibit])
        portal_client(t["r"]).get(f"/portal/documents/{t['pdf'].pk}/pdf/")
        portal_appeal_file(by_party=t["r"], bases=[basis(PROCEDURAL)], statement="Grounds")
    assert PortalDownload.objects.count() == 1 and CaseDocument.objects.filter(attached_to__isnull=False).exists()
    Case.objects.filter(pk=t["case"].pk).update(
        status=Case.Status.CLOSED, closed_at=at("2016-01-04 10:00"), legal_hold=False
    )
    retention.retention_purge()
    assert not Case.objects.filter(pk=t["case"].pk).exists()
    for model in (PortalDownload, CaseDocument, EvidenceResponse, Appeal, AppealStatement, Letter):
        assert not model.objects.exists(), model
