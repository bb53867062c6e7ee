"""Bad input never gives a 500: a message beside the field, and what was typed stays."""

import re

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports import services
from reports.models import Report
from reports.tests import steps
from reports.tests.factories import ReportFactory, UserFactory, responsible_employee

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def errors_in(response) -> list[str]:
    return re.findall(r'class="field-error" id="([^"]+)-error"', response.content.decode())


@pytest.mark.parametrize(
    ("url", "prepare", "expected"),
    [
        ("/report/", [], {"id_relationship", "id_identity"}),
        ("/report/what-happened/", ["you"], {"id_date_precision", "id_location_type", "id_narrative"}),
        ("/complaint/", [], {"id_name", "id_email", "id_affiliation", "id_respondent_type"}),
    ],
)
def test_every_required_field_missing_gets_its_own_message(client, url, prepare, expected):
    if prepare:
        steps.post(client, "/report/", steps.YOU_ANONYMOUS)
    response = client.post(url, {})
    assert response.status_code == 200
    assert expected <= set(errors_in(response))
    assert "There is a problem" in response.content.decode()


def test_complaint_jurisdiction_questions_are_required(client):
    steps.post(client, "/complaint/", steps.COMPLAINANT)
    steps.post(client, "/complaint/what-happened/", steps.WHAT)
    steps.post(client, "/complaint/people/", steps.people([steps.RESPONDENT]))
    response = client.post("/complaint/jurisdiction/", {})
    assert {"id_in_education_program", "id_occurred_in_mit_program", "id_occurred_in_us"} <= set(
        errors_in(response)
    )


def test_wrong_types_get_clear_messages_and_keep_the_input(client):
    steps.post(client, "/report/", steps.YOU_ANONYMOUS)
    response = client.post(
        "/report/what-happened/",
        {
            **steps.WHAT,
            "categories": ["not_a_category"],
            "date_precision": "exact",
            "incident_date": "2025-13-45",
            "location_type": "the moon",
        },
    )
    page = response.content.decode()
    assert "Please enter a real date" in page and 'value="2025-13-45"' in page
    assert "Please choose" in page
    assert steps.WHAT["narrative"] in page
    named = client.post("/report/", {**steps.YOU_NAMED, "email": "not-an-email"})
    assert "must be an email address like name@example.com." in named.content.decode()
    assert 'value="not-an-email"' in named.content.decode()


def test_future_date_is_refused(client):
    steps.post(client, "/report/", steps.YOU_ANONYMOUS)
    response = client.post("/report/what-happened/", {**steps.WHAT, "incident_date": "2999-01-01"})
    assert "cannot be in the future" in response.content.decode()


def test_a_100000_character_narrative_gets_a_clear_message_and_is_kept(client):
    steps.post(client, "/report/", steps.YOU_ANONYMOUS)
    long_text = ("word " * 20_000)[:99_999] + "."
    response = client.post("/report/what-happened/", {**steps.WHAT, "narrative": long_text})
    assert response.status_code == 200
    page = response.content.decode()
    assert "please keep it under 50,000 characters (it has 100,000)" in page
    assert long_text in page
    assert "maxlength" not in page.split('id="id_narrative"')[0][-300:]


def test_html_and_script_are_shown_escaped_everywhere(client):
    you = {**steps.YOU_NAMED, "name": SCRIPT, "phone": "<b>617</b>"}
    what = {
        **steps.WHAT,
        "narrative": SCRIPT,
        "location_detail": SCRIPT,
        "date_precision": "range",
        "date_text": SCRIPT,
    }
    person = {"name": SCRIPT, "details": SCRIPT, "email": "a@b.cd"}
    steps.post(client, "/report/", you)
    steps.post(client, "/report/what-happened/", what)
    steps.post(client, "/report/people/", steps.people([person], [person]))
    steps.post(client, "/report/files/", {})
    page = client.get("/report/review/").content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>617" not in page
    assert page.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") >= 7
    review = client.get("/report/review/")
    client.post("/report/review/", {"action": "submit", "token": steps.token_from(review)})
    report = Report.objects.get()
    assert report.narrative == SCRIPT  # stored as typed, escaped when shown


def test_stale_token_does_not_file_a_report(client):
    steps.post(client, "/report/", steps.YOU_ANONYMOUS)
    steps.post(client, "/report/what-happened/", steps.WHAT)
    steps.post(client, "/report/people/", steps.people())
    steps.post(client, "/report/files/", {})
    response = client.post("/report/review/", {"action": "submit", "token": "forged"})
    assert response.status_code == 200
    assert "This form is out of date" in response.content.decode()
    assert Report.objects.count() == 0


def test_unknown_step_and_unknown_action_are_harmless(client):
    assert client.get("/report/nope/").status_code == 302
    assert client.post("/report/", {**steps.YOU_ANONYMOUS, "action": "explode"}).status_code == 302


def test_referral_by_someone_not_in_the_group_is_refused(client):
    client.force_login(UserFactory())
    assert client.post("/referral/review/", {"action": "submit", "token": "x"}).status_code == 403
    assert Report.objects.count() == 0


# --- Property-based: random form data at every step never gives a 500 -------------------------

FIELD_NAMES = [
    "relationship",
    "identity",
    "name",
    "email",
    "phone",
    "affiliation",
    "wants_follow_up",
    "categories",
    "protected_bases",
    "date_precision",
    "incident_date",
    "incident_month",
    "date_text",
    "location_type",
    "location_detail",
    "narrative",
    "police_contacted",
    "respondent-TOTAL_FORMS",
    "respondent-0-name",
    "respondent-0-email",
    "respondent-0-affiliation",
    "respondent-1-name",
    "witness-TOTAL_FORMS",
    "witness-0-details",
    "respondent_type",
    "in_education_program",
    "occurred_in_mit_program",
    "occurred_in_us",
    "signature_name",
    "attested",
    "token",
    "action",
    "referrer_role",
    "impacted_name",
    "impacted_email",
    "impacted_affiliation",
    "code",
    "body",
    "respondent-INITIAL_FORMS",
    "respondent-MAX_NUM_FORMS",
]
ACTIONS = [
    "next",
    "back",
    "submit",
    "upload",
    "add_respondent",
    "add_witness",
    "remove_file:zzz",
    "discard",
    "",
]
values = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            "yes",
            "no",
            "exact",
            "month",
            "range",
            "on_campus",
            "student",
            "harmed",
            "named",
            "anonymous",
            "2025-02-30",
            "-1",
            "99999999999",
            "1e9",
            "\x00",
            "on",
            "sexual_harassment",
        ]
    ),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)
form_data = st.dictionaries(
    st.one_of(st.sampled_from(FIELD_NAMES), st.text(min_size=1, max_size=20)),
    st.one_of(values, st.lists(values, max_size=4)),
    max_size=14,
).map(lambda d: {**d, "action": d.get("action") if d.get("action") in ACTIONS else "next"})

INCIDENT_URLS = ["/report/", "/report/what-happened/", "/report/people/", "/report/files/", "/report/review/"]
COMPLAINT_URLS = [
    "/complaint/",
    "/complaint/what-happened/",
    "/complaint/people/",
    "/complaint/jurisdiction/",
    "/complaint/files/",
    "/complaint/review/",
]
REFERRAL_URLS = ["/referral/", "/referral/what-happened/", "/referral/people/", "/referral/review/"]


def _client_at_step(kind: str, index: int, user=None) -> Client:
    client = Client(raise_request_exception=True)
    if user is not None:
        client.force_login(user)
    walk = {
        "incident": [
            ("/report/", steps.YOU_ANONYMOUS),
            ("/report/what-happened/", steps.WHAT),
            ("/report/people/", steps.people()),
            ("/report/files/", {}),
        ],
        "complaint": [
            ("/complaint/", steps.COMPLAINANT),
            ("/complaint/what-happened/", steps.WHAT),
            ("/complaint/people/", steps.people([steps.RESPONDENT])),
            ("/complaint/jurisdiction/", steps.JURISDICTION),
            ("/complaint/files/", {}),
        ],
        "referral": [
            ("/referral/", steps.IMPACTED),
            ("/referral/what-happened/", steps.WHAT),
            ("/referral/people/", steps.people()),
        ],
    }[kind]
    for url, data in walk[:index]:
        client.post(url, data)
    return client


HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


STEP_URLS = {"incident": INCIDENT_URLS, "complaint": COMPLAINT_URLS, "referral": REFERRAL_URLS}


@pytest.mark.parametrize(
    ("kind", "index"), [(kind, index) for kind, urls in STEP_URLS.items() for index in range(len(urls))]
)
@HYPOTHESIS
@given(data=form_data)
def test_random_data_at_each_step_never_gives_a_500(kind, index, data):
    user = responsible_employee(username="hypothesis-re") if kind == "referral" else None
    response = _client_at_step(kind, index, user).post(STEP_URLS[kind][index], data)
    assert response.status_code in (200, 302)


@HYPOTHESIS
@given(data=form_data)
def test_random_data_at_the_follow_up_never_gives_a_500(data):
    code = services.receipt_code_new()
    ReportFactory(receipt_code=code)
    client = Client(raise_request_exception=True)
    assert client.post("/follow-up/", data).status_code in (200, 429)
    client.post("/follow-up/", {"code": code})
    assert client.post("/follow-up/message/", data).status_code in (200, 302)
