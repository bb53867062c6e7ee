"""An appeal form sent twice (Back, then the button again) records nothing twice; and once the
written decision on an appeal was given to both parties, the determination is final (34 CFR
106.45(b)(7)(iii): final "on the date that the recipient provides the parties with the written
determination of the result of the appeal"): it is no longer appealed (the "Record an appeal"
form was still offered, and a second appeal made the final determination pending again)."""

import datetime
import html

import pytest
from django.utils import timezone

from cases.models import Appeal, AppealBasis, AppealStatement, Case, CaseDeadline, Determination, Letter, Party
from cases.outcome_seeds import outcome_lists_ensure
from cases.services.appeals import appeal_release
from cases.services.assignments import case_role_assign, conflict_attestation_record
from cases.services.documents import case_document_add
from cases.services.outcomes import appeal_decide, appeal_file

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeal_decider(groups):
    return factories.investigator(username="appeals")


@pytest.fixture
def released(case, manager, coordinator, appeal_decider):
    outcome_lists_ensure()
    factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, name="Jordan Lee", affiliation="student")
    factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, name="Alex Morgan", affiliation="student")
    today = timezone.localdate()
    Determination.objects.create(
        case=case, outcome="responsible", decided_on=today, appeal_deadline=today + datetime.timedelta(days=7),
        decided_by=coordinator, released_at=timezone.now(), released_by=manager,
    )
    Case.objects.filter(pk=case.pk).update(status=Case.Status.APPEAL_WINDOW)
    case_role_assign(case=case, role="appeal_decision_maker", user=appeal_decider, actor=coordinator)
    conflict_attestation_record(case=case, role="appeal_decision_maker", actor=appeal_decider)
    case.refresh_from_db()
    return case


def _appeal_form(case):
    return {"filed_by": case.parties.get(role="respondent").pk, "dismissal": "",
            "bases": [AppealBasis.objects.get(regulation="106.45(b)(8)(i)(B)").pk], "grounds": "A new witness"}


def test_an_appeal_and_a_statement_sent_twice_are_recorded_once(client, manager, released):
    client.force_login(manager)
    base = f"/admin/cases/case/{released.pk}/outcome"
    assert client.post(f"{base}/appeal_file/", _appeal_form(released)).status_code == 302
    again = client.post(f"{base}/appeal_file/", _appeal_form(released))

    today = timezone.localdate().isoformat()
    assert again.status_code == 200
    assert again.context["appeal_file_form"].non_field_errors() == [
        f"The respondent's appeal of the determination filed on {today} is pending already."]
    assert Appeal.objects.filter(case=released).count() == 1
    assert Letter.objects.filter(case=released, kind="appeal_filed").count() == 1

    statement = case_document_add(case=released, kind="other", filename="statement.txt",
                                           content_type="text/plain", data=b"My statement.", actor=manager)
    form = {"appeal": Appeal.objects.get().pk, "party": released.parties.get(role="complainant").pk,
            "document": statement.pk}
    assert client.post(f"{base}/appeal_statement/", form).status_code == 302
    again = client.post(f"{base}/appeal_statement/", form)
    assert again.status_code == 200
    assert again.context["appeal_statement_form"].errors == {
        "document": ["This document is recorded already as the complainant's statement on this appeal."]}
    assert AppealStatement.objects.count() == 1


def test_no_appeal_of_the_determination_once_it_is_final(client, manager, appeal_decider, released):
    """Decided and given while the window is open, the determination is not final yet: the other
    party may still appeal until the window's last day (issue 24 item 4); once the window is over,
    it is final and no longer appealed."""
    appeal = appeal_file(case=released, party=released.parties.get(role="respondent"),
                                  basis=AppealBasis.objects.get(regulation="106.45(b)(8)(i)(B)"), actor=manager)
    CaseDeadline.objects.filter(kind="appeal_statement").update(state="met")
    appeal_decide(appeal=appeal, decision="upheld", rationale="Not new evidence.", actor=appeal_decider)
    client.force_login(manager)
    base = f"/admin/cases/case/{released.pk}"
    appeal_release(appeal=appeal, actor=manager)
    today = timezone.localdate()
    deadline = today + datetime.timedelta(days=7)
    page = html.unescape(client.get(f"{base}/change/").content.decode())
    assert (f"Not final yet: the written decision on the appeal was given to both parties on {today.isoformat()}, "
            f"and the appeal window is open until {deadline.isoformat()}") in page
    assert 'id="appeal-file-form"' in page  # the complainant may still appeal
    again = client.post(f"{base}/outcome/appeal_file/", _appeal_form(released))
    assert again.context["appeal_file_form"].non_field_errors() == [
        f"The respondent's appeal of the determination was decided on {today.isoformat()}: a party appeals it once."]

    Determination.objects.filter(case=released).update(appeal_deadline=today - datetime.timedelta(days=1))
    page = html.unescape(client.get(f"{base}/change/").content.decode())
    assert (f"Final on {today.isoformat()} because the written decision on the appeal was given to both parties "
            f"on {today.isoformat()}.") in page
    assert 'id="appeal-file-form"' not in page
    form = {**_appeal_form(released), "filed_by": released.parties.get(role="complainant").pk}
    refused = client.post(f"{base}/outcome/appeal_file/", form)
    assert refused.status_code == 200
    assert refused.context["appeal_file_form"].non_field_errors() == [
        f"The appeal window closed on {(today - datetime.timedelta(days=1)).isoformat()}."]
    assert Appeal.objects.count() == 1


def test_a_stale_page_sending_the_release_or_the_statement_again_is_told_why(
    client, manager, appeal_decider, released
):
    appeal = appeal_file(case=released, party=released.parties.get(role="respondent"),
                                  basis=AppealBasis.objects.get(regulation="106.45(b)(8)(i)(B)"), actor=manager)
    CaseDeadline.objects.filter(kind="appeal_statement").update(state="met")
    appeal_decide(appeal=appeal, decision="upheld", rationale="Not new evidence.", actor=appeal_decider)
    appeal_release(appeal=appeal, actor=manager)
    client.force_login(manager)
    base = f"/admin/cases/case/{released.pk}/outcome"

    again = client.post(f"{base}/appeal_release/", {"appeal": appeal.pk})
    assert again.status_code == 200
    assert again.context["appeal_release_form"].non_field_errors() == [
        "The decision on this appeal was already given to the parties."]
    assert Letter.objects.filter(case=released, kind="appeal_outcome").count() == 2

    statement = case_document_add(case=released, kind="other", filename="late.txt",
                                           content_type="text/plain", data=b"Late statement.", actor=manager)
    late = client.post(f"{base}/appeal_statement/", {
        "appeal": appeal.pk, "party": released.parties.get(role="complainant").pk, "document": statement.pk})
    assert late.status_code == 200
    assert late.context["appeal_statement_form"].non_field_errors() == ["The appeal was already decided."]
    assert not AppealStatement.objects.exists()
