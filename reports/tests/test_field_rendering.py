"""The public forms' fields as a screen reader and a browser get them (drawn by Jinja2).

Issue 27 moved the field group (label, hint, error, widget) from a Django template to
Django's Jinja2 form renderer for speed. What a person gets must not change: the
error is tied to its field (aria-describedby, aria-invalid), what was typed comes
back escaped, and a choice list is a fieldset with a legend.
"""

import re

import pytest

from reports.tests import steps

pytestmark = pytest.mark.django_db

TYPED = '<b onmouseover="x">Lab & "kitchen"</b>'


def test_a_field_with_an_error_is_described_by_its_message_and_keeps_what_was_typed_escaped(client):
    steps.post(client, "/report/", steps.YOU_ANONYMOUS)
    response = client.post(
        "/report/what-happened/",
        {**steps.WHAT, "incident_date": "2025-13-45", "location_detail": TYPED, "action": "next"},
    )
    html = response.content.decode()
    date_input = re.search(r'<input[^>]*name="incident_date"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in date_input
    assert 'aria-describedby="id_incident_date_helptext id_incident_date-error"' in date_input
    assert re.search(
        r'<p class="field-error" id="id_incident_date-error"><span class="visually-hidden">Error: </span>[^<]+</p>',
        html,
    )
    detail_input = re.search(r'<input[^>]*name="location_detail"[^>]*>', html).group(0)
    assert 'value="&lt;b onmouseover=&#34;x&#34;&gt;Lab &amp; &#34;kitchen&#34;&lt;/b&gt;"' in detail_input
    assert TYPED not in html


def test_a_choice_question_is_a_fieldset_with_a_legend_and_one_input_per_choice(client):
    steps.post(client, "/report/", steps.YOU_ANONYMOUS)
    html = client.get("/report/what-happened/").content.decode()
    fieldset = re.search(r'<fieldset class="mb-4 field-group" id="id_location_type".*?</fieldset>', html, re.S)
    assert fieldset, "location is asked as a group of radio buttons"
    legend = re.search(r"<legend[^>]*>(.*?)</legend>", fieldset.group(0), re.S).group(1)
    assert legend.strip()
    radios = re.findall(r'<input type="radio" name="location_type"', fieldset.group(0))
    labels = re.findall(r'<label class="form-check-label" for="id_location_type_\d+">', fieldset.group(0))
    assert len(radios) == len(labels) >= 3
