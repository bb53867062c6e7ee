import pytest
from django.urls import reverse

from resources.models import Definition

pytestmark = pytest.mark.django_db

DEFINITION_SLUGS = [
    "discrimination", "discriminatory-harassment", "bias-incident", "racist-conduct", "sexual-harassment",
    "gender-based-harassment", "sexual-misconduct", "nonconsensual-sexual-penetration",
    "nonconsensual-sexual-contact", "effective-consent", "incapacitation", "sexual-exploitation",
    "intimate-partner-violence", "dating-violence", "domestic-violence", "stalking", "retaliation",
    "title-ix-sexual-harassment", "title-ix-jurisdiction",
]


def get_text(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize(
    "name", ["home", "options", "directory", "definitions", "rights", "training"]
)
def test_every_help_page_answers_even_on_an_empty_database(client, name):
    assert client.get(reverse(f"resources:{name}")).status_code == 200


def test_options_page_shows_each_option_with_its_three_answers_and_action(client, seeded):
    page = get_text(client, reverse("resources:options"))

    assert page.count("How do I do this?") == 6
    assert page.count("What happens when I do this?") == 6
    assert page.count("Who has access to my information?") == 6
    assert 'href="/report/"' in page
    assert 'href="/complaint/"' in page
    assert 'href="/resources/idhr/"' in page
    assert 'href="/resources/mit-police/"' in page
    assert "the Office will not be able to contact you" in page
    assert "Bias Response Team" in page
    assert "Confidential or private" in page


def test_directory_explains_confidential_and_private_resources(client, seeded):
    page = get_text(client, reverse("resources:directory"))

    assert 'id="confidential-or-private"' in page
    assert "will not report any information to the IDHR Office" in page
    assert "have a duty to inform" in page


def test_confidential_filter_lists_only_confidential_resources(client, seeded):
    page = get_text(client, reverse("resources:directory") + "?confidential=on")

    assert "Violence Prevention and Response (VPR)" in page
    assert "MIT Ombuds Office" in page
    assert ">MIT Police<" not in page
    assert "Institute Discrimination &amp; Harassment Response Office" not in page
    assert "Not confidential</span>" not in page


def test_audience_filter_keeps_resources_for_wider_groups(client, seeded):
    page = get_text(client, reverse("resources:directory") + "?audience=graduate_students")

    assert "GradSupport" in page  # graduate students
    assert "ask.mit" in page  # students
    assert ">MIT Police<" in page  # everyone
    assert "Peer Ears" not in page  # undergraduates only
    assert "MIT MyLife Services" not in page  # employees


def test_24_7_and_category_filters_combine(client, seeded):
    page = get_text(client, reverse("resources:directory") + "?open_24_7=on&category=emergency")

    assert ">MIT Police<" in page
    assert "Emergency: 911" in page
    assert "Boston Police Department" not in page  # no hours in the documents
    assert "Violence Prevention and Response (VPR)" not in page  # 24/7 but advocacy
    assert 'value="emergency" selected' in page


def test_unknown_filter_values_are_ignored_not_an_error(client, seeded):
    page = get_text(client, reverse("resources:directory") + "?audience=aliens&category=<script>&open_24_7=maybe")

    assert "Violence Prevention and Response (VPR)" in page
    assert "<script>" not in page


def test_resource_page_shows_contacts_and_confidentiality(client, seeded):
    page = get_text(client, reverse("resources:resource_detail", args=["violence-prevention-and-response"]))

    assert 'href="tel:+16172532300"' in page
    assert "24-hour hotline" in page
    assert "Confidential</span>" in page
    assert "mailto:vpradvocate@mit.edu" in page


def test_unknown_resource_is_a_404(client, seeded):
    assert client.get(reverse("resources:resource_detail", args=["no-such-thing"])).status_code == 404


def test_definitions_page_has_an_anchor_for_every_report_category(client, seeded):
    page = get_text(client, reverse("resources:definitions"))

    for slug in DEFINITION_SLUGS:
        assert f'id="{slug}"' in page, slug
    assert "E (5)" in page
    assert "Do you know who you are with?" in page
    assert "so severe, pervasive, and objectively offensive" in page
    assert "occurred against a person in the United States" in page
    assert Definition.objects.get(slug="stalking").get_absolute_url() == "/definitions/#stalking"


def test_rights_page_lists_the_four_rights_and_title_ix_contacts(client, seeded):
    page = get_text(client, reverse("resources:rights"))

    assert "Notify or decline to notify law enforcement" in page
    assert "Receive assistance from the Institute" in page
    assert "no-contact order" in page
    assert "Concurrently utilize the formal complaint process" in page
    assert "Institute Title IX Coordinator" in page
    assert "Office for Civil Rights, Region I" in page


def test_training_page_says_who_must_complete_it(client, seeded):
    page = get_text(client, reverse("resources:training"))

    assert "all graduate students third year and above, and all faculty and staff" in page
    assert "five different training options" in page
    assert "January 8, 2021" in page


def test_home_links_to_the_intake_pages_by_plain_path_while_they_are_built(client):
    page = get_text(client, reverse("resources:home"))

    for path in ["/report/", "/complaint/", "/follow-up/", "/reporting-options/", "/resources/"]:
        assert f'href="{path}' in page
