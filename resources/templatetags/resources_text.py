"""Render the plain text kept in the admin as paragraphs and lists (escaped)."""
from django import template
from django.utils.html import escape, format_html_join
from django.utils.safestring import mark_safe

register = template.Library()


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
    return mark_safe("\n".join(parts))  # noqa: S308 -- every piece above is escaped


@register.simple_tag
def portal_url(name: str, fallback: str) -> str:
    """reverse(name) if that page exists yet, else the plain path (pages never break)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback
