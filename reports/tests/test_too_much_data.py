"""A public form that sends too many fields or too large a body gets the portal's own
page with a plain message, and the draft saved so far is still there."""
import pytest
from django.test import Client

from reports.tests import steps

pytestmark = pytest.mark.django_db

HEADING = "This form sent more than we can take"


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def assert_too_much_page(response, back_url):
    body = response.content.decode()
    assert response.status_code == 400
    assert f'<h1 class="h2">{HEADING}</h1>' in body
    assert f'<a href="{back_url}">Go back to the form</a>' in body
    assert "tel:911" in body  # the emergency numbers of every error page
    for internal in ("Traceback", "RECEIPT_CODE_PEPPER", "TooManyFieldsSent", "RequestDataTooBig"):
        assert internal not in body


def test_too_many_fields_get_the_portals_page_and_the_draft_stays(visitor, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 100
    steps.post(visitor, "/report/", steps.YOU_ANONYMOUS)
    flood = {**steps.WHAT, **{f"extra{i}": "x" for i in range(150)}}

    response = visitor.post("/report/what-happened/", flood)

    assert_too_much_page(response, "/report/what-happened/")
    # The first step's answers are still in the draft: the second step opens, not the first.
    page = visitor.get("/report/what-happened/")
    assert page.status_code == 200
    assert 'name="narrative"' in page.content.decode()
    assert visitor.post("/report/what-happened/", steps.WHAT).status_code == 302


def test_too_large_a_body_gets_the_portals_page(visitor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000
    steps.post(visitor, "/report/", steps.YOU_ANONYMOUS)

    response = visitor.post("/report/what-happened/", {**steps.WHAT, "narrative": "x" * 30_000})

    assert_too_much_page(response, "/report/what-happened/")


def test_the_follow_up_form_too(visitor, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = visitor.post("/follow-up/", {f"f{i}": "x" for i in range(20)})

    assert_too_much_page(response, "/follow-up/")
