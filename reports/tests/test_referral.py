import pytest

from notifications.models import Notification
from reports.models import Referral, Report
from reports.tests import steps
from reports.tests.factories import UserFactory, responsible_employee

pytestmark = pytest.mark.django_db


def test_signed_out_visitor_is_sent_to_the_referral_sign_in(client):
    response = client.get("/referral/")
    assert response.status_code == 302
    assert response["Location"].startswith("/referral/sign-in/")
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Sign in to refer an incident" in page.content.decode()


def test_user_outside_the_group_gets_a_clear_page_not_the_form(client):
    client.force_login(UserFactory())
    response = client.get("/referral/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "The referral form is for responsible employees" in page
    assert "/report/" in page
    posted = client.post("/referral/", steps.IMPACTED)
    assert posted.status_code == 403
    assert Report.objects.count() == 0


def test_responsible_employee_signs_in_on_the_public_page(client):
    user = responsible_employee(username="re1")
    response = client.post(
        "/referral/sign-in/",
        {"username": "re1", "password": "correct horse battery staple", "next": "/referral/"},
    )
    assert response.status_code == 302 and response["Location"] == "/referral/"
    assert client.get("/referral/").status_code == 200
    assert user.is_authenticated


def test_referral_is_filed_with_the_referrer_from_the_login(client, intake_staff):
    user = responsible_employee(username="re2", first_name="Pat", last_name="Director")
    client.force_login(user)
    response = steps.file_referral(client)
    assert response.status_code == 302 and response["Location"] == "/referral/receipt/"
    report = steps.only_report()
    referral = Referral.objects.get()
    assert report.kind == Report.Kind.REFERRAL
    assert referral.referrer == user and referral.referrer_role == "Residential Area Director"
    assert referral.impacted_name == "Sam Impacted" and referral.impacted_email == "sam.i@mit.edu"
    assert report.reporter_name == "Pat Director"
    assert report.parties.get().name == "Morgan Respondent"
    assert Notification.objects.filter(event=Notification.Event.REFERRAL_SUBMITTED).exists()
    # still signed in after the submit
    assert client.get("/referral/").status_code == 200


def test_referral_receipt_is_worded_for_a_referral(client):
    client.force_login(responsible_employee(username="re-words"))
    steps.file_referral(client)
    page = client.get("/referral/receipt/").content.decode()
    assert "without saying who you are" not in page
    assert "check on this referral" in page
    assert "IDHR cannot contact you" not in page
