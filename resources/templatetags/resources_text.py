"""Render the plain text kept in the admin as paragraphs and lists (escaped), with every
phone number a tel: link and every email address a mailto: link."""
import re

from django import template
from django.utils.html import conditional_escape, escape, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()

# 617-253-1212, (617) 253-1212, 617.253.1212, 1-800-656-4673; and 911 on its own.
PHONE = re.compile(r"(?<![\w-])(?:1-)?(?:\(\d{3}\) ?|\d{3}[-.])\d{3}[-.]\d{4}(?![\w-])|(?<![\w-])911(?![\w-])")
EMAIL = re.compile(r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _tel_href(number: str) -> str:
    digits = re.sub(r"\D", "", number)
    if len(digits) == 10:
        digits = "1" + digits
    return "tel:" + (digits if len(digits) <= 3 else "+" + digits)


def link_contacts(html: str) -> str:
    """Wrap phone numbers and email addresses of already escaped text (no <a> in it) in links."""
    html = EMAIL.sub(lambda m: f'<a href="mailto:{m.group(0)}">{m.group(0)}</a>', html)
    return PHONE.sub(lambda m: f'<a href="{_tel_href(m.group(0))}" class="tel">{m.group(0)}</a>', html)


@register.filter
def contacts(text: str) -> str:
    """Plain text, escaped, with its phone numbers and email addresses as links."""
    return mark_safe(link_contacts(conditional_escape(text or "")))  # noqa: S308 -- escaped above


@register.filter
def paragraphs(text: str) -> str:
    """Blocks split by an empty line become <p>; lines starting with '- ' become <ul> items."""
    parts = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in block.strip().split("\n") if line.strip()]
        if not lines:
            continue
        paragraph: list[str] = []
        items: list[str] = []
        for line in lines:
            if line.startswith("- "):
                if paragraph:
                    parts.append(f"<p>{escape(' '.join(paragraph))}</p>")
                    paragraph = []
                items.append(line[2:].strip())
            else:
                if items:
                    parts.append(f"<ul>{format_html_join('', '<li>{}</li>', ((i,) for i in items))}</ul>")
                    items = []
                paragraph.append(line)
        if paragraph:
            parts.append(f"<p>{escape(' '.join(paragraph))}</p>")
        if items:
            parts.append(f"<ul>{format_html_join('', '<li>{}</li>', ((i,) for i in items))}</ul>")
    return mark_safe(link_contacts("\n".join(parts)))  # noqa: S308 -- every piece above is escaped


@register.simple_tag
def portal_url(name: str, fallback: str) -> str:
    """reverse(name) if that page exists yet, else the plain path (pages never break)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback
