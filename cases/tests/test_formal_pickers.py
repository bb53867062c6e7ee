"""The formal-process forms name who and which file, as the issue-16 pickers do: a written
statement on an appeal is chosen by its file name (kind and date only once: it could not be told
from the other documents), an interview's party by name."""

import datetime
import html

import pytest
from django.utils import timezone

from cases.models import Appeal, AppealBasis, Case, CaseDocument, Determination, Party
from cases.outcome_seeds import outcome_lists_ensure
from cases.services.documents import case_document_add

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def appealed(manager, investigator, coordinator):
    outcome_lists_ensure()
    case = factories.CaseFactory(case_manager=manager, investigator=investigator, status=Case.Status.APPEAL_WINDOW)
    factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, name="Jordan Lee", affiliation="student")
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, name="Alex Morgan",
                                        affiliation="student")
    Determination.objects.create(
        case=case, outcome="responsible", decided_on=datetime.date(2026, 11, 2),
        appeal_deadline=datetime.date(2026, 11, 9), decided_by=coordinator, released_at=timezone.now(),
    )
    Appeal.objects.create(case=case, filed_by=respondent, filed_on=datetime.date(2026, 11, 4),
                          basis=AppealBasis.objects.first())
    for name in ("notice-of-allegations.txt", "statement-jordan.txt"):
        case_document_add(case=case, kind=CaseDocument.Kind.OTHER, filename=name,
                                   content_type="text/plain", data=b"A written statement.", actor=manager)
    return case


def _options(page: str, select_id: str) -> list[str]:
    start = page.index(f'id="{select_id}"')
    block = page[start:page.index("</select>", start)]
    return [html.unescape(part.split(">", 1)[1].split("</option")[0]) for part in block.split("<option")[1:]]


def test_the_appeal_statement_form_names_the_appeal_the_party_and_the_file(client, manager, appealed):
    client.force_login(manager)
    page = client.get(f"/admin/cases/case/{appealed.pk}/change/").content.decode()
    today = timezone.localdate().isoformat()

    assert _options(page, "appeal_statement-document") == [
        "---------",
        f"statement-jordan.txt · Other · {today}",
        f"notice-of-allegations.txt · Other · {today}",
    ]
    assert _options(page, "appeal_statement-party") == [
        "---------", "Jordan Lee — complainant (student)", "Alex Morgan — respondent (student)",
    ]
    # The one pending appeal is chosen already, named by what and whom.
    appeal_options = _options(page, "appeal_statement-appeal")
    assert (
        "Appeal of the determination · Alex Morgan — respondent (student) · filed 2026-11-04 · "
        "Procedural irregularity that affected the outcome of the matter · Pending"
    ) in [
        option.removeprefix("selected>") for option in appeal_options]
    assert 'selected>Appeal of the determination' in page
    assert _options(page, "appeal_file-filed_by")[1:] == [
        "Jordan Lee — complainant (student)", "Alex Morgan — respondent (student)"]


def test_the_interview_party_picker_names_each_party(client, investigator, appealed):
    client.force_login(investigator)
    page = client.get(f"/admin/cases/meeting/add/?case={appealed.pk}").content.decode()

    assert _options(page, "id_party") == [
        "---------", "Jordan Lee — complainant (student)", "Alex Morgan — respondent (student)"]
