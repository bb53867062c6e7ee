"""Issue 19: responsible employees use the university sign-in for the referral form."""
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import expect

from reports.models import Referral, Report
from reports.tests import steps

from .conftest import IDP_PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_a_responsible_employee_signs_in_from_the_referral_page_and_the_referral_names_them(
    idp, page, live_server, settings
):
    page.goto("/referral/sign-in/")
    page.get_by_role("link", name="Sign in with your university account").click()
    page.get_by_label("Username").fill("riley")
    page.get_by_label("Password").fill(IDP_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")

    assert page.url.startswith(f"{live_server.url}/referral/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Refer an incident")
    # The referral form does not ask the IdP for multi-factor (Riley's IdP sign-in had none).
    assert idp.requests_seen == [[]]

    # File the referral in the browser's own session (its cookie, the same server).
    client = Client()
    cookies = {c["name"]: c["value"] for c in page.context.cookies(live_server.url)}
    client.cookies[settings.SESSION_COOKIE_NAME] = cookies[settings.SESSION_COOKIE_NAME]
    response = steps.file_referral(client)
    assert response.status_code == 302 and response["Location"] == "/referral/receipt/"

    referral = Referral.objects.get()
    assert referral.referrer == get_user_model().objects.get(username="riley@example.edu")
    report = Report.objects.get()
    assert report.reporter_name == "Riley Employee"
    assert report.reporter_email == "riley.employee@example.edu"
