"""One person, one party: triage into an existing case, merging and removing parties."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases.models import Case, IdentityToken, Party, SupportiveMeasure, TimelineEvent
from cases.services.parties import party_save
from cases.services.party_changes import party_merge, party_remove
from cases.services.triage import case_open_from_report, case_report_add

from . import factories

pytestmark = pytest.mark.django_db


def _report(reference, respondent_name, respondent_email, reporter="Pat Doe"):
    report = factories.ReportFactory(reference=reference, reporter_name=reporter, relationship="on_behalf")
    factories.ReportPartyFactory(report=report, role="respondent", name=respondent_name, email=respondent_email)
    return report


def _respondents(case):
    return sorted(p.name for p in Party.objects.filter(case=case, role="respondent"))


def test_a_second_report_about_the_same_respondent_adds_no_second_party(manager):
    case = case_open_from_report(report=_report("R-FIRST001", "Alex Morgan", "alex@mit.edu"), actor=manager)
    case_report_add(case=case, report=_report("R-SECOND01", "Morgan, Alex", ""), actor=manager)
    case_report_add(case=case, report=_report("R-THIRD001", "A. Morgan", "ALEX@mit.edu"), actor=manager)
    assert _respondents(case) == ["Alex Morgan"]
    summaries = list(TimelineEvent.objects.filter(case=case, kind="party").values_list("summary", flat=True))
    assert "Report R-SECOND01 names the respondent already in the case: no second party added" in summaries
    assert "Report R-THIRD001 names the respondent already in the case: no second party added" in summaries


def test_someone_else_with_another_name_and_email_is_added(manager):
    case = case_open_from_report(report=_report("R-FIRST002", "Alex Morgan", "alex@mit.edu"), actor=manager)
    case_report_add(case=case, report=_report("R-OTHER002", "Jordan Lee", "jordan@mit.edu"), actor=manager)
    assert _respondents(case) == ["Alex Morgan", "Jordan Lee"]


def test_staff_are_asked_same_person_and_may_say_someone_else(client, manager):
    case = case_open_from_report(report=_report("R-FIRST003", "Alex Morgan", "alex@mit.edu"), actor=manager)
    second = _report("R-SECOND03", "Alex Morgan", "")
    client.force_login(manager)
    url = reverse("admin:reports_report_add_to_case", args=[second.pk])
    asked = client.post(url, {"case": case.pk})
    assert asked.status_code == 200
    assert "Same person as Alex Morgan (respondent)" in asked.content.decode()
    assert not case.case_reports.filter(report=second).exists()

    key = asked.context["matches"][0]["key"]
    answered = client.post(url, {"case": case.pk, "confirm": "1", f"same_{key}": "new"})
    assert answered.status_code == 302
    assert _respondents(case) == ["Alex Morgan", "Alex Morgan"]


def test_answering_same_person_keeps_one_party(client, manager):
    case = case_open_from_report(report=_report("R-FIRST004", "Alex Morgan", "alex@mit.edu"), actor=manager)
    second = _report("R-SECOND04", "Alex Morgan", "")
    client.force_login(manager)
    url = reverse("admin:reports_report_add_to_case", args=[second.pk])
    key = client.post(url, {"case": case.pk}).context["matches"][0]["key"]
    client.post(url, {"case": case.pk, "confirm": "1", f"same_{key}": "same"})
    assert case.case_reports.filter(report=second).exists()
    assert _respondents(case) == ["Alex Morgan"]


def test_merging_two_parties_keeps_both_histories_and_moves_their_records(manager):
    case = factories.CaseFactory(case_manager=manager)
    kept = party_save(party=Party(case=case, role="respondent", name="Alex Morgan", email=""), actor=manager)
    twin = party_save(
        party=Party(case=case, role="respondent", name="A. Morgan", email="alex@mit.edu"), actor=manager
    )
    measure = factories.SupportiveMeasureFactory(case=case, party=twin)
    twin_pk = twin.pk

    party_merge(keep=kept, merge=twin, actor=manager, reason="Same student, two spellings")

    assert list(Party.objects.filter(case=case).values_list("pk", flat=True)) == [kept.pk]
    kept.refresh_from_db()
    assert (kept.name, kept.email) == ("Alex Morgan", "alex@mit.edu")
    assert SupportiveMeasure.objects.get(pk=measure.pk).party_id == kept.pk
    PartyEvent = apps.get_model("cases", "PartyEvent")
    assert PartyEvent.objects.filter(pgh_obj_id=twin_pk).exists()  # the merged party's history stays
    assert PartyEvent.objects.filter(pgh_obj_id=kept.pk).count() >= 2
    assert not IdentityToken.objects.filter(holder=f"party:{twin_pk}").exists()
    assert IdentityToken.objects.filter(holder=f"party:{kept.pk}", kind="email").count() == 1
    summary = TimelineEvent.objects.filter(case=case, summary__startswith="Parties merged").get().summary
    assert summary == f"Parties merged: the respondent (#{twin_pk}) is the respondent (#{kept.pk}); both histories kept"


def test_parties_of_two_cases_are_never_merged(manager):
    one = factories.PartyFactory(case=factories.CaseFactory(case_manager=manager))
    two = factories.PartyFactory(case=factories.CaseFactory(case_manager=manager))
    with pytest.raises(ValidationError):
        party_merge(keep=one, merge=two, actor=manager)


def test_a_party_is_removed_while_the_case_is_new_with_a_reason(client, manager):
    case = factories.CaseFactory(case_manager=manager, status=Case.Status.NEW)
    party = factories.PartyFactory(case=case, role="witness", name="Wrong Person")
    with pytest.raises(ValidationError):
        party_remove(party=party, actor=manager, reason="  ")
    client.force_login(manager)
    response = client.post(reverse("admin:cases_party_remove", args=[party.pk]), {"reason": "Typed into the wrong case"})
    assert response.status_code == 302
    assert not Party.objects.filter(pk=party.pk).exists()
    assert TimelineEvent.objects.filter(
        case=case, summary="Witness removed while the case was new (reason in the history)"
    ).exists()
    PartyEvent = apps.get_model("cases", "PartyEvent")
    deletion = PartyEvent.objects.filter(pgh_obj_id=party.pk, pgh_label="delete").get()
    assert deletion.pgh_context.metadata["reason"] == "Typed into the wrong case"


def test_a_party_is_not_removed_once_the_case_has_moved_on_or_has_records(manager):
    moved = factories.CaseFactory(case_manager=manager, status="informal_resolution")
    with pytest.raises(ValidationError, match="only while the case is new"):
        party_remove(party=factories.PartyFactory(case=moved), actor=manager, reason="mistake")
    case = factories.CaseFactory(case_manager=manager)
    measure = factories.SupportiveMeasureFactory(case=case)
    with pytest.raises(ValidationError, match="merge it instead"):
        party_remove(party=measure.party, actor=manager, reason="mistake")
    assert Party.objects.filter(pk=measure.party_id).exists()


def test_the_party_page_offers_merge_and_remove_with_names(client, manager):
    case = factories.CaseFactory(case_manager=manager)
    party = factories.PartyFactory(case=case, name="Alex Morgan")
    factories.PartyFactory(case=case, name="A. Morgan", role="respondent")
    client.force_login(manager)
    page = client.get(reverse("admin:cases_party_change", args=[party.pk])).content.decode()
    assert "A. Morgan (respondent, student)" in page
    assert "Remove this party" in page


def test_the_retention_purge_also_deletes_the_history_of_a_merged_party(coordinator):
    import datetime

    from django.utils import timezone

    from cases import retention

    case = factories.CaseFactory(case_manager=coordinator, status=Case.Status.CLOSED_NO_ACTION)
    kept = factories.PartyFactory(case=case, name="Alex Morgan")
    twin = factories.PartyFactory(case=case, name="A. Morgan")
    twin_pk = twin.pk
    party_merge(keep=kept, merge=twin, actor=coordinator, reason="same")
    PartyEvent = apps.get_model("cases", "PartyEvent")
    assert PartyEvent.objects.filter(pgh_obj_id=twin_pk).count() >= 2  # insert and delete
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now())
    expired = list(retention.expired_cases(now=timezone.now() + datetime.timedelta(days=365 * 20)))
    assert case in expired
    retention.retention_purge(now=timezone.now() + datetime.timedelta(days=365 * 20))
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not PartyEvent.objects.filter(pgh_obj_id__in=[twin_pk, kept.pk]).exists()


def test_without_an_answer_only_someone_in_the_same_role_is_taken_as_the_same_person(manager):
    case = case_open_from_report(report=_report("R-FIRST005", "Alex Morgan", "alex@mit.edu"), actor=manager)
    witness_report = factories.ReportFactory(reference="R-WITNESS5", reporter_name="Pat Doe", relationship="on_behalf")
    factories.ReportPartyFactory(report=witness_report, role="witness", name="Alex Morgan", email="alex@mit.edu")
    case_report_add(case=case, report=witness_report, actor=manager)
    assert sorted(Party.objects.filter(case=case).values_list("role", flat=True)) == ["respondent", "witness"]
