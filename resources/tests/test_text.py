from resources.models import Phone
from resources.templatetags.resources_text import paragraphs


def test_paragraphs_and_dash_lines_become_paragraphs_and_lists():
    html = paragraphs("First line\ncontinues.\n\nIntro:\n- one\n- two\nAfter.")

    assert html == "<p>First line continues.</p>\n<p>Intro:</p>\n<ul><li>one</li><li>two</li></ul>\n<p>After.</p>"


def test_paragraphs_escape_what_staff_typed():
    html = paragraphs("<script>alert(1)</script>\n- <b>bold</b>")

    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;bold&lt;/b&gt;" in html


def test_phone_links_dial_what_the_documents_say():
    assert Phone(number="617-253-1212").tel_href == "tel:+16172531212"
    assert Phone(number="(617) 253-2300").tel_href == "tel:+16172532300"
    assert Phone(number="100").tel_href == "tel:100"
    assert Phone(number="911").tel_href == "tel:911"
    assert Phone(kind=Phone.Kind.CAMPUS, number="100").display_label == "From a campus phone"
