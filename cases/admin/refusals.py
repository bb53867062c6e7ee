"""A refusal in the admin: its text (naming the paragraph it enforces) and, where something
must be done first, a link to where to do it (cases.selectors.refusals.Refusal)."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString


def refusal_html(template: str, refusal) -> SafeString:
    """`template` (translated, with %(why)s) around the refusal, escaped, then its link if any."""
    text = template % {"why": refusal}
    fix_url = getattr(refusal, "fix_url", "")
    if not fix_url:
        return format_html("{}", text)
    return format_html('{} <a href="{}">{}</a>', text, fix_url, refusal.fix_label)
