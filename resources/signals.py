"""Staff edits (admin, shell, loaddata) invalidate the cached public pages.

A signal rather than admin hooks so that every path that writes these rows is
caught, inline phone edits included; the rule itself lives in services.
"""
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from . import services
from .models import Phone, ReportingOption, Resource


def _invalidate(**kwargs) -> None:
    services.public_pages_invalidate()
    # Again after commit, so a request that read the old rows meanwhile cannot
    # leave a stale copy behind.
    transaction.on_commit(services.public_pages_invalidate, robust=True)


def connect() -> None:
    for model in (Resource, Phone, ReportingOption):
        post_save.connect(_invalidate, sender=model, dispatch_uid=f"resources-cache-{model.__name__}-save")
        post_delete.connect(_invalidate, sender=model, dispatch_uid=f"resources-cache-{model.__name__}-delete")
