"""Letters in the admin: only the Title IX coordinator writes template versions (never in
place); a letter's review page is access-logged; letters released together are marked
sent together; the case page lists the letters and prepares the notice of allegations."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import AccessLog, Allegation, Letter, LetterTemplate, Party
from cases.services.letters import letter_prepare, letter_template_current

from . import factories

pytestmark = pytest.mark.django_db


def _edit(client, template, body, note="Clearer wording"):
    return client.post(
        reverse("admin:cases_lettertemplate_change", args=[template.pk]),
        {"title": template.title, "body": body, "change_note": note},
    )


def test_the_coordinator_saves_a_new_version_and_the_old_one_is_kept(client):
    coordinator = factories.coordinator()
    client.force_login(coordinator)
    client.get(reverse("admin:cases_lettertemplate_changelist"))  # the shipped versions exist
    first = LetterTemplate.objects.get(kind="meeting", version=1)
    original_body = first.body

    page = client.get(reverse("admin:cases_lettertemplate_change", args=[first.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "meeting.starts_at" not in text or "What the template may use" in text
    assert "What the template may use" in text and "Versions" in text
    assert "Preview against a sample case" in text

    response = _edit(client, first, original_body + "<p>Bring photo ID.</p>")
    assert response.status_code == 302
    versions = list(LetterTemplate.objects.filter(kind="meeting").order_by("version"))
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].body == original_body  # never edited in place
    assert versions[1].body.endswith("<p>Bring photo ID.</p>") and versions[1].created_by == coordinator
    assert versions[1].change_note == "Clearer wording"
    assert letter_template_current("meeting") == versions[1]


def test_a_case_manager_may_read_templates_but_not_write_a_version(client):
    factories.coordinator()
    manager = factories.case_manager()
    client.force_login(manager)
    assert client.get(reverse("admin:cases_lettertemplate_changelist")).status_code == 200
    first = LetterTemplate.objects.get(kind="allegations", version=1)
    page = client.get(reverse("admin:cases_lettertemplate_change", args=[first.pk]))
    assert page.status_code == 200 and 'name="body"' not in page.content.decode()
    response = _edit(client, first, "<p>Changed by a case manager</p>")
    assert response.status_code == 403
    assert list(LetterTemplate.objects.filter(kind="allegations").values_list("version", flat=True)) == [1]


def test_a_template_that_cannot_render_is_refused_beside_the_editor(client):
    client.force_login(factories.coordinator())
    client.get(reverse("admin:cases_lettertemplate_changelist"))
    first = LetterTemplate.objects.get(kind="outcome", version=1)
    response = _edit(client, first, "{% for x in %}")
    assert response.status_code == 200 and "The template has an error" in response.content.decode()
    response = _edit(client, first, "{{ case.reference|date:missing.variable }}")
    assert response.status_code == 200 and "cannot be rendered" in response.content.decode()
    assert LetterTemplate.objects.filter(kind="outcome").count() == 1


def test_preview_renders_the_typed_text_against_a_sample(client):
    client.force_login(factories.coordinator())
    client.get(reverse("admin:cases_lettertemplate_changelist"))
    first = LetterTemplate.objects.get(kind="meeting", version=1)
    page = client.post(
        reverse("admin:cases_lettertemplate_preview", args=[first.pk]),
        {"body": "<p>Case {{ case.reference }} for {{ recipient.name }}: {{ meeting.purpose }}</p>"},
    )
    assert "Case C-SAMPLE for Alex Morgan (sample): Initial interview" in page.content.decode()
    assert LetterTemplate.objects.filter(kind="meeting").count() == 1


def _case(manager):
    case = factories.CaseFactory(case_manager=manager, status="investigation")
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, name="Jordan Lee")
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, name="Alex Morgan")
    return case, complainant, respondent


def test_case_page_prepares_the_notice_to_both_parties_then_lists_it(client):
    manager = factories.case_manager()
    case, complainant, respondent = _case(manager)
    client.force_login(manager)
    prepare = reverse("admin:cases_letter_prepare", args=[case.pk])

    refused = client.post(prepare, {"kind": "allegations"}, follow=True)
    assert "Record the allegations first" in refused.content.decode()
    assert not Letter.objects.exists()

    Allegation.objects.create(
        case=case, number=1, respondent=respondent, complainant=complainant,
        conduct="Unwelcome comments in lab", policy_provision="II(7)(B)", added_by=manager,
    )
    response = client.post(prepare, {"kind": "allegations"})
    letters = list(Letter.objects.filter(case=case).order_by("pk"))
    assert {letter.recipient for letter in letters} == {complainant, respondent}
    assert response.status_code == 302 and response["Location"].endswith(f"/letter/{letters[0].pk}/review/")

    page = client.get(reverse("admin:cases_case_change", args=[case.pk])).content.decode()
    assert page.count("Notice of allegations</a>") == 2
    assert "template v1" in page and "not sent" in page


def test_review_page_is_access_logged_and_marks_a_batch_sent_together(client):
    manager = factories.case_manager()
    case, complainant, respondent = _case(manager)
    letters = letter_prepare(
        case=case, kind="outcome", recipients=[complainant, respondent], actor=manager, batch=True
    )
    client.force_login(manager)
    review = reverse("admin:cases_letter_review", args=[letters[0].pk])
    page = client.get(review).content.decode()
    assert "Written determination" in page and "Released together" in page
    assert AccessLog.objects.filter(
        user=manager, action=AccessLog.Action.VIEW, object_type="cases.letter", object_id=str(letters[0].pk)
    ).exists()
    pdf = client.get(reverse("admin:cases_case_document", args=[case.pk, letters[0].document_id]))
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    assert AccessLog.objects.filter(action=AccessLog.Action.DOWNLOAD, object_id=str(letters[0].document_id)).exists()

    # "Party portal" is not recorded by hand: only "Send via portal" publishes and notifies.
    by_hand = client.post(
        reverse("admin:cases_letter_send", args=[letters[0].pk]),
        {"channel": "portal", "sent_on": timezone.localdate()},
    )
    assert "Select a valid choice" in by_hand.content.decode()
    assert not Letter.objects.filter(sent_at__isnull=False).exists()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    refused = client.post(
        reverse("admin:cases_letter_send", args=[letters[0].pk]), {"channel": "post", "sent_on": tomorrow}
    )
    assert "cannot be recorded as sent in the future" in refused.content.decode()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    client.post(reverse("admin:cases_letter_send", args=[letters[0].pk]), {"channel": "post", "sent_on": yesterday})
    sent = {(letter.sent_channel, timezone.localtime(letter.sent_at).date()) for letter in Letter.objects.all()}
    assert sent == {("post", yesterday)}  # both letters, the same channel and day


def test_an_unassigned_case_manager_cannot_see_or_send_a_letter(client):
    manager = factories.case_manager()
    case, complainant, respondent = _case(manager)
    letter = letter_prepare(case=case, kind="allegations", recipients=[complainant], actor=manager)[0]
    client.force_login(factories.case_manager())
    assert client.get(reverse("admin:cases_letter_review", args=[letter.pk])).status_code == 404
    response = client.post(reverse("admin:cases_letter_send", args=[letter.pk]), {"channel": "post"})
    assert response.status_code == 404
    letter.refresh_from_db()
    assert letter.sent_at is None


def test_scheduling_a_meeting_too_soon_is_refused_beside_the_date_then_opens_its_notice(client, settings):
    settings.PROCESS_MEETING_NOTICE_DAYS = 5
    manager = factories.case_manager()
    case, complainant, respondent = _case(manager)
    client.force_login(manager)
    add = reverse("admin:cases_meeting_add") + f"?case={case.pk}"
    form = client.get(add).content.decode()
    assert f'<option value="{respondent.pk}">' in form

    def post(days):
        day = timezone.localdate() + datetime.timedelta(days=days)
        return client.post(add, {
            "case": case.pk, "kind": "interview", "party": respondent.pk,
            "starts_at_0": day.isoformat(), "starts_at_1": "10:00",
            "place": "W31-223", "participants": "The investigator", "purpose": "Initial interview",
        })

    refused = post(3)
    assert refused.status_code == 200
    assert "at least 5 calendar days&#x27; notice: this is 3" in refused.content.decode()
    assert not Letter.objects.exists()
    response = post(6)
    letter = Letter.objects.get(case=case, kind="meeting")
    assert letter.recipient == respondent
    assert response["Location"].endswith(f"/letter/{letter.pk}/review/")
