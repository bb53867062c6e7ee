"""Test helper: fill each intake form step by step through the Django test client."""

from reports.models import Report

YOU_ANONYMOUS = {"relationship": "harmed", "identity": "anonymous"}
YOU_NAMED = {
    "relationship": "harmed",
    "identity": "named",
    "name": "Avery Reporter",
    "email": "avery.reporter@example.edu",
    "phone": "617-555-0101",
    "affiliation": "student",
    "wants_follow_up": "on",
}
WHAT = {
    "categories": ["sexual_harassment", "retaliation"],
    "protected_bases": ["sex"],
    "date_precision": "exact",
    "incident_date": "2025-03-14",
    "location_type": "on_campus",
    "location_detail": "Stata Center, 4th floor kitchen",
    "narrative": "A colleague made repeated comments about my body after the group meeting.",
    "police_contacted": "no",
}


def people(respondents=(), witnesses=()):
    data = {}
    for prefix, rows in (("respondent", respondents or [{}]), ("witness", witnesses or [{}])):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "1",
                f"{prefix}-MAX_NUM_FORMS": "10",
            }
        )
        for i, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{i}-{key}"] = value
    return data


RESPONDENT = {
    "name": "Morgan Respondent",
    "email": "morgan.r@mit.edu",
    "affiliation": "employee",
    "details": "Lab manager",
}
WITNESS = {"name": "Riley Witness", "affiliation": "student"}
COMPLAINANT = {
    "name": "Avery Q. Complainant",
    "email": "avery.c@example.edu",
    "phone": "",
    "affiliation": "student",
    "respondent_type": "employee",
}
JURISDICTION = {"in_education_program": "yes", "occurred_in_mit_program": "yes", "occurred_in_us": "not_sure"}
IMPACTED = {
    "referrer_role": "Residential Area Director",
    "impacted_name": "Sam Impacted",
    "impacted_email": "sam.i@mit.edu",
    "impacted_affiliation": "student",
}


def token_from(response) -> str:
    import re

    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    assert match, "the review page carries a one-time token"
    return match.group(1)


def post(client, url, data, **extra):
    response = client.post(url, data, **extra)
    assert response.status_code in (200, 302), response.status_code
    return response


def file_incident(client, *, you=YOU_ANONYMOUS, what=WHAT, people_data=None, files=None, **extra):
    """Walk every step of /report/ and send it; return the final response (a redirect)."""
    post(client, "/report/", you, **extra)
    post(client, "/report/what-happened/", what, **extra)
    post(client, "/report/people/", people_data or people([RESPONDENT], [WITNESS]), **extra)
    post(client, "/report/files/", {"files": files or []}, **extra)
    review = client.get("/report/review/", **extra)
    assert review.status_code == 200
    return client.post("/report/review/", {"action": "submit", "token": token_from(review)}, **extra)


def file_complaint(client, *, signature="Avery Q. Complainant", **extra):
    post(client, "/complaint/", COMPLAINANT, **extra)
    post(client, "/complaint/what-happened/", WHAT, **extra)
    post(client, "/complaint/people/", people([RESPONDENT], [WITNESS]), **extra)
    post(client, "/complaint/jurisdiction/", JURISDICTION, **extra)
    post(client, "/complaint/files/", {}, **extra)
    review = client.get("/complaint/review/", **extra)
    return client.post(
        "/complaint/review/",
        {"action": "submit", "token": token_from(review), "signature_name": signature, "attested": "on"},
        **extra,
    )


def file_referral(client, **extra):
    post(client, "/referral/", IMPACTED, **extra)
    post(client, "/referral/what-happened/", WHAT, **extra)
    post(client, "/referral/people/", people([RESPONDENT]), **extra)
    review = client.get("/referral/review/", **extra)
    return client.post("/referral/review/", {"action": "submit", "token": token_from(review)}, **extra)


def receipt_code(client, kind_path="report") -> str:
    import re

    page = client.get(f"/{kind_path}/receipt/").content.decode()
    match = re.search(r'data-code="([0-9A-Z-]{29})"', page)
    assert match, "the receipt page shows a code"
    return match.group(1)


def only_report() -> Report:
    assert Report.objects.count() == 1
    return Report.objects.get()
