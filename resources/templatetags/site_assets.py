"""The stylesheet every page links: Bootstrap trimmed by `make css`, or the full file."""
from functools import cache

from django import template
from django.contrib.staticfiles import finders
from django.templatetags.static import static

register = template.Library()

BUILT = "build/bootstrap.min.css"  # scripts/build_css (PurgeCSS), run by `make run` and `make test`
FULL = "vendor/bootstrap/bootstrap.min.css"


@cache
def _bootstrap_path() -> str:
    return BUILT if finders.find(BUILT) else FULL


@register.simple_tag
def bootstrap_css() -> str:
    return static(_bootstrap_path())
