"""`{% once_token %}`: a fresh one-time token for a staff action form (cases/once.py)."""

import uuid

from django import template
from django.utils.html import format_html

from cases.once import FIELD

register = template.Library()


@register.simple_tag
def once_token():
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, uuid.uuid4())
