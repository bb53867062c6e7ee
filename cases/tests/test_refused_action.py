"""The case page's own action forms, refused: the case page again with the message and what was typed.

Policy (issue 11): a refused save shows the service's message on the same form (field
errors beside the field, others at the top) with every input kept, status 200; 403 only
for real permission problems. Done: back to the case page (POST/redirect/GET).
"""

import html
import re

import pytest
from django.contrib.auth.models import Group, Permission

from cases.models import AccessLog, Case, Determination, InformalResolution, TransitionLog
from cases.services.triage import case_report_add
from idhr_portal import roles

from . import factories

pytestmark = pytest.mark.django_db

REASON = (
    "The complainant asked on 3 November for a formal investigation after the second incident "
    "in the library; she will send her signed complaint by email this week."
)
RATIONALE = (
    "Three witnesses confirm the messages were sent from the respondent's account on 12 and 14 "
    "October; the respondent's explanation is not supported by the logs."
)


def _page(url_case):
    return f"/admin/cases/case/{url_case.pk}/change/"


def _textarea(page: str, name: str, field_id: str) -> str:
    """The text in the textarea `name` with id `field_id` of the page, as the browser shows it."""
    match = re.search(rf'<textarea name="{name}"[^>]*id="{field_id}"[^>]*>\n?(.*?)</textarea>', page, re.S)
    assert match, f"no textarea {name}#{field_id}"
    return html.unescape(match.group(1))


def _views(case) -> int:
    return AccessLog.objects.filter(
        object_type="cases.case", object_id=str(case.pk), action=AccessLog.Action.VIEW
    ).count()


def test_a_refused_move_shows_the_case_page_again_with_the_message_and_the_reason_typed(client, manager):
    case = factories.CaseFactory(case_manager=manager, status=Case.Status.ASSESSMENT)
    client.force_login(manager)
    client.get(_page(case))
    assert _views(case) == 1

    response = client.post(f"/admin/cases/case/{case.pk}/transition/", {"to": "investigation", "reason": REASON})

    assert response.status_code == 200
    message = (
        "Not moved: 106.30(a), 106.44(b)(1): a formal investigation needs a signed formal complaint: link the "
        "complainant's formal complaint to this case, or have the Title IX coordinator sign one (recorded "
        "as such)."
    )
    link = f'<a href="/admin/cases/case/{case.pk}/change/#formal-complaint">Sign or link the formal complaint</a>'
    refused = next(item for item in response.context["transition_items"] if item.to == "investigation")
    assert refused.form.non_field_errors() == [f"{html.escape(message)} {link}"]
    page = response.content.decode()
    errors = re.search(r'<div class="action-errors" role="alert">(.*?)</div>', page, re.S).group(1)
    assert html.unescape(re.sub(r"<[^>]+>", "", errors)).strip() == f"{message} Sign or link the formal complaint"
    assert _textarea(page, "reason", "reason-investigation") == REASON
    assert _textarea(page, "reason", "reason-closed_no_action") == ""  # the other moves' forms are empty
    # The case form on the page still saves to the case page, not to the action's URL.
    assert f'action="/admin/cases/case/{case.pk}/change/"' in page
    case.refresh_from_db()
    assert case.status == Case.Status.ASSESSMENT and not TransitionLog.objects.filter(case=case).exists()
    assert _views(case) == 1  # the page shown again is not another view


def test_a_move_to_no_status_is_refused_on_the_page_with_the_reason_kept(client, manager):
    case = factories.CaseFactory(case_manager=manager, status=Case.Status.ASSESSMENT)
    client.force_login(manager)

    response = client.post(f"/admin/cases/case/{case.pk}/transition/", {"to": "nowhere", "reason": REASON})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a status the case can move to." in page
    assert _textarea(page, "reason", "reason-nowhere") == REASON


def test_a_move_the_page_no_longer_offers_is_refused_with_the_reason_kept(client, manager):
    case = factories.CaseFactory(case_manager=manager, status=Case.Status.CLOSED)

    client.force_login(manager)
    response = client.post(f"/admin/cases/case/{case.pk}/transition/", {"to": "investigation", "reason": REASON})

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Not moved: A case cannot move from “Closed” to “Formal investigation”." in page
    assert _textarea(response.content.decode(), "reason", "reason-investigation") == REASON
    assert 'required id="reason-assessment"' in response.content.decode()  # reopening needs a reason


def test_an_allowed_move_redirects_to_the_case_page(client, manager):
    case = factories.CaseFactory(case_manager=manager, status=Case.Status.CLOSED)
    client.force_login(manager)

    # Reopening is confirmed first (issue 14, item 12): nothing moves until "Confirm".
    response = client.post(f"/admin/cases/case/{case.pk}/transition/", {"to": "assessment", "reason": REASON})
    assert response.status_code == 200 and not TransitionLog.objects.filter(case=case).exists()
    response = client.post(
        f"/admin/cases/case/{case.pk}/transition/", {"to": "assessment", "reason": REASON, "confirmed": "True"}
    )

    assert response.status_code == 302 and response["Location"] == _page(case)
    assert TransitionLog.objects.get(case=case).reason == REASON


def test_a_move_without_the_permission_to_move_cases_is_a_403(client, manager):
    Group.objects.get(name=roles.CASE_MANAGER).permissions.remove(Permission.objects.get(codename="transition_case"))
    case = factories.CaseFactory(case_manager=manager, status=Case.Status.ASSESSMENT)
    client.force_login(manager)

    response = client.post(f"/admin/cases/case/{case.pk}/transition/", {"to": "investigation", "reason": REASON})

    assert response.status_code == 403


def test_a_blank_message_is_refused_beside_the_message_field(client, manager):
    case = factories.CaseFactory(case_manager=manager, status=Case.Status.ASSESSMENT)
    first, second = factories.ReportFactory(), factories.ReportFactory()
    case_report_add(case=case, report=first, actor=manager)
    case_report_add(case=case, report=second, actor=manager)
    client.force_login(manager)

    response = client.post(f"/admin/cases/case/{case.pk}/message/", {"report": second.pk, "body": "   "})

    assert response.status_code == 200
    form = response.context["message_form"]
    assert form.errors == {"body": ["Write the message."]}
    page = response.content.decode()
    assert "Write the message." in page
    assert f'<option value="{second.pk}" selected>{second.reference}</option>' in page
    assert not second.messages.exists()


def test_a_message_for_a_report_of_another_case_is_refused_with_the_message_kept(client, manager):
    case = factories.CaseFactory(case_manager=manager, status=Case.Status.ASSESSMENT)
    case_report_add(case=case, report=factories.ReportFactory(), actor=manager)
    elsewhere = factories.ReportFactory()
    body = "Could we meet on Tuesday at 10 to talk about the measures you asked for?"
    client.force_login(manager)

    response = client.post(f"/admin/cases/case/{case.pk}/message/", {"report": elsewhere.pk, "body": body})

    assert response.status_code == 200
    assert response.context["message_form"].errors == {"report": ["Choose a report of this case."]}
    page = response.content.decode()
    assert "Choose a report of this case." in page
    assert _textarea(page, "body", "message-body") == body
    assert not elsewhere.messages.exists()


def test_a_message_sent_redirects_to_the_case_page(client, manager):
    case = factories.CaseFactory(case_manager=manager, status=Case.Status.ASSESSMENT)
    report = factories.ReportFactory()
    case_report_add(case=case, report=report, actor=manager)
    client.force_login(manager)

    response = client.post(f"/admin/cases/case/{case.pk}/message/", {"report": report.pk, "body": "Can we talk?"})

    assert response.status_code == 302 and response["Location"] == _page(case)
    assert report.messages.get().body == "Can we talk?"


def test_a_determination_without_the_investigators_report_is_refused_with_the_rationale_kept(client, manager):
    case = factories.CaseFactory(case_manager=manager, status=Case.Status.DETERMINATION)
    client.force_login(manager)
    data = {"outcome": "responsible", "standard_of_evidence": "clear_and_convincing", "rationale": RATIONALE}

    response = client.post(f"/admin/cases/case/{case.pk}/determination/", data)

    assert response.status_code == 200
    message = (
        "106.45(b)(5)(vii): a determination needs the investigator's report: upload it as a document of that kind."
    )
    assert response.context["determination_form"].non_field_errors() == [message]
    page = response.content.decode()
    assert message in html.unescape(page)
    assert _textarea(page, "rationale", "id_rationale") == RATIONALE
    assert '<option value="responsible" selected>' in page
    assert '<option value="clear_and_convincing" selected>' in page
    assert not Determination.objects.filter(case=case).exists()


def test_a_determination_without_an_outcome_is_refused_beside_the_outcome_with_the_rationale_kept(
    client, manager
):
    case = factories.CaseFactory(case_manager=manager, status=Case.Status.DETERMINATION)
    client.force_login(manager)
    data = {"standard_of_evidence": "preponderance", "rationale": RATIONALE}

    response = client.post(f"/admin/cases/case/{case.pk}/determination/", data)

    assert response.status_code == 200
    assert response.context["determination_form"].errors == {"outcome": ["Choose the outcome."]}
    assert _textarea(response.content.decode(), "rationale", "id_rationale") == RATIONALE


def test_a_determination_once_the_case_moved_on_is_refused_with_the_rationale_kept(client, manager):
    case = factories.CaseFactory(case_manager=manager, status=Case.Status.APPEAL_WINDOW)
    client.force_login(manager)
    data = {"outcome": "not_responsible", "standard_of_evidence": "preponderance", "rationale": RATIONALE}

    response = client.post(f"/admin/cases/case/{case.pk}/determination/", data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "A determination is recorded when the case is at the determination stage." in page
    assert _textarea(page, "rationale", "id_rationale") == RATIONALE


def test_an_informal_resolution_of_no_known_type_is_refused_beside_the_type(client, manager):
    case = factories.CaseFactory(case_manager=manager, status=Case.Status.ASSESSMENT)
    client.force_login(manager)

    response = client.post(f"/admin/cases/case/{case.pk}/informal/", {"kind": "arm_wrestling"})

    assert response.status_code == 200
    message = "Select a valid choice. arm_wrestling is not one of the available choices."
    assert response.context["informal_form"].errors == {"kind": [message]}
    assert message in response.content.decode()
    assert not InformalResolution.objects.filter(case=case).exists()
