"""The numbers and flags a person relies on, as loaded from fixtures/ and as shown.

Where the seed documents disagree, the value most of them agree on is the one kept
(e.g. MIT Police: 617-253-1212 in 001, 002, 003 and twice in 000; 616-… once in 000).
"""
import pytest
from django.core.management import call_command
from django.urls import reverse

from resources.models import (
    Definition,
    Phone,
    ReportingOption,
    Resource,
    Right,
    TrainingRequirement,
)

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db

CONFIDENTIAL_PER_000 = [  # "These confidential resources include VPR, MIT Health, MIT Mental Health, Ombuds, Chaplains"
    "violence-prevention-and-response",
    "mit-health",
    "student-mental-health-and-counseling",
    "mit-ombuds-office",
    "mit-chaplains",
]
NOT_CONFIDENTIAL = [
    "idhr", "title-ix-coordinator", "mit-police", "emergency-911", "boston-police-department",
    "cambridge-police-department", "dean-on-call", "student-support-services", "gradsupport", "irefs",
    "lean-on-me", "mit-anonymous-reporting-hotline", "office-for-civil-rights", "equal-opportunity-officer",
]


def numbers(slug: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for phone in Phone.objects.filter(resource__slug=slug):
        found.setdefault(phone.kind, []).append(phone.number)
    return found


def test_fixtures_load_on_an_empty_database_and_again_without_duplicates(db):
    assert Resource.objects.count() == 0
    call_command("loaddata", *FIXTURES, verbosity=0)
    counts = [m.objects.count() for m in (Resource, Phone, ReportingOption, Definition, Right, TrainingRequirement)]
    call_command("loaddata", *FIXTURES, verbosity=0)

    assert [m.objects.count() for m in (Resource, Phone, ReportingOption, Definition, Right, TrainingRequirement)] == counts
    assert counts[0] >= 35
    assert counts[2] == 6  # the six reporting options of 000_…
    assert counts[4] == 4  # the four rights of 001_…
    assert counts[5] == 1


def test_emergency_numbers_are_the_ones_the_documents_agree_on(seeded):
    assert numbers("emergency-911") == {"emergency": ["911"]}
    assert numbers("mit-police") == {"emergency": ["617-253-1212"], "campus": ["100"], "non_emergency": ["617-253-2996"]}
    assert not Phone.objects.filter(number__contains="616-").exists()
    assert numbers("boston-police-department") == {"main": ["617-343-4400"]}
    assert numbers("cambridge-police-department") == {"main": ["617-349-3381"]}
    assert numbers("mit-emergency-medical-services") == {"emergency": ["617-253-1212"]}


def test_vpr_is_a_confidential_24_hour_hotline(seeded):
    vpr = Resource.objects.get(slug="violence-prevention-and-response")

    assert numbers(vpr.slug) == {"hotline": ["617-253-2300"]}
    assert vpr.available_24_7 and vpr.is_confidential
    assert vpr.email == "vpradvocate@mit.edu"


def test_confidential_means_what_the_reporting_options_page_says(seeded):
    confidential = set(Resource.objects.filter(is_confidential=True).values_list("slug", flat=True))

    assert set(CONFIDENTIAL_PER_000) <= confidential
    assert confidential.isdisjoint(NOT_CONFIDENTIAL)
    # The rest are parts of MIT Health / MIT Mental Health, and say so.
    for resource in Resource.objects.filter(is_confidential=True).exclude(slug__in=CONFIDENTIAL_PER_000):
        assert "MIT Health" in resource.confidentiality_note or "MIT Mental Health" in resource.confidentiality_note


def test_offices_and_contacts_carry_the_documents_numbers(seeded):
    idhr = Resource.objects.get(slug="idhr")
    assert (idhr.email, numbers("idhr")) == ("idhr@mit.edu", {"main": ["617-715-4080"]})
    coordinator = Resource.objects.get(slug="title-ix-coordinator")
    assert "Sarah Rankin" in coordinator.contact_name
    assert "W31-223" in coordinator.location
    assert numbers("title-ix-coordinator") == {"main": ["617-324-7526"]}
    ocr = Resource.objects.get(slug="office-for-civil-rights")
    assert ocr.email == "OCR.Boston@ed.gov"
    assert ocr.location == "5 Post Office Square, 8th Floor, Boston, MA 02109-3921"
    assert numbers("office-for-civil-rights") == {"main": ["617-289-0111"]}
    assert numbers("equal-opportunity-officer") == {"main": ["617-324-5675"]}
    dean = Resource.objects.get(slug="dean-on-call")
    assert "5PM – 9AM" in dean.hours and not dean.available_24_7


def test_every_resource_the_documents_name_is_in_the_directory(seeded):
    names = " | ".join(Resource.objects.values_list("name", flat=True))
    for expected in [
        "IDHR", "Title IX Coordinator", "MIT Police", "Boston Police", "Cambridge Police", "911",
        "Violence Prevention and Response", "Office for Civil Rights", "Equal Opportunity Officer", "Ombuds",
        "Chaplains", "MIT Health", "Mental Health", "Anonymous Reporting Hotline", "ask.mit", "CARE Team",
        "Dean on Call", "GradSupport", "iREFS", "Lean on Me", "Let’s Chat", "MedLinks", "Emergency Medical Services",
        "Urgent Care", "Peer Ears", "Student Support Services (S3)", "DoingWell", "Human Resources", "MyLife",
        "Faculty Guide", "Helping Others", "Environmental Health & Safety", "IS&T", "Vice President for Research",
        "Anonymous Sexual Assault Form",
    ]:
        assert expected in names, expected


def test_the_six_reporting_options_lead_to_their_portal_actions(seeded):
    options = {o.slug: o for o in ReportingOption.objects.all()}

    assert options["incident-report-form"].action_url == "/report/"
    assert options["incident-report-form"].anonymous_possible
    assert options["formal-complaint"].action_url == "/complaint/"
    assert not options["formal-complaint"].anonymous_possible
    assert options["reach-out-to-idhr"].action == ReportingOption.Action.CONTACT
    assert options["mit-police"].action == ReportingOption.Action.POLICE
    assert options["mit-police-online-form"].anonymous_possible
    assert not any(o.is_confidential for o in options.values())
    for option in options.values():
        assert option.how_to and option.what_happens and option.who_has_access


def test_pages_show_the_key_numbers(client, seeded):
    home = client.get(reverse("resources:home")).content.decode()
    for text in ["911", "617-253-1212", "100 from a campus phone", "617-253-2300", 'href="tel:+16172532300"']:
        assert text in home
    directory = client.get(reverse("resources:directory")).content.decode()
    for text in ["617-253-1212", "617-253-2996", "617-253-2300", "617-343-4400", "617-349-3381", "617-715-4080"]:
        assert text in directory
    assert "616-253-1212" not in directory
    rights = client.get(reverse("resources:rights")).content.decode()
    for text in ["617-324-7526", "Sarah Rankin", "617-289-0111", "OCR.Boston@ed.gov", "W31-223"]:
        assert text in rights
    assert "vpradvocate@mit.edu" in client.get(reverse("resources:training")).content.decode()


def test_a_fixture_number_is_the_one_the_page_header_and_home_show(client, seeded):
    """The header and home page print the emergency numbers without the database; keep them equal."""
    page = client.get(reverse("resources:home")).content.decode()
    for phone in Phone.objects.filter(resource__slug__in=["mit-police", "violence-prevention-and-response"]):
        if phone.kind in (Phone.Kind.EMERGENCY, Phone.Kind.HOTLINE):
            assert phone.number in page
            assert phone.tel_href in page
