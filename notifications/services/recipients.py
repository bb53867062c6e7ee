"""Who hears of an event: the caller's list, else a registered resolver's, else the role defaults."""

import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import transaction

from idhr_portal import roles

from .. import selectors
from .outbox import Event

logger = logging.getLogger(__name__)

RecipientResolver = Callable[[str], list[str]]
_resolvers: dict[str, RecipientResolver] = {}
_resolvers_lock = threading.Lock()


def recipient_resolver_register(event: str, fn: RecipientResolver) -> None:
    """Let an app name the recipients of an event: fn(object_ref) -> addresses.

    Asked first when a caller passes no recipients; when it names nobody (or
    fails), the built-in role defaults apply. One resolver per event: registering
    again replaces it, so an AppConfig.ready() that runs twice is harmless.
    """
    Event(event)  # an unknown event is a programming error
    with _resolvers_lock:
        _resolvers[str(event)] = fn


def event_default_recipients(event: str) -> list[str]:
    """Recipients an event goes to when the caller and the resolvers name none."""
    if event in (Event.REPORT_SUBMITTED, Event.REPORTER_MESSAGE, Event.NOTIFICATION_FAILED):
        return selectors.user_emails_in_groups(*roles.INTAKE_STAFF)
    if event in (Event.TITLE_IX_REPORT, Event.COMPLAINT_SUBMITTED):
        extra = [settings.TITLE_IX_ALERT_EMAIL] if settings.TITLE_IX_ALERT_EMAIL else []
        return selectors.user_emails_in_groups(roles.TITLE_IX_COORDINATOR) + extra
    if event in (
        Event.REFERRAL_SUBMITTED, Event.REPEAT_RESPONDENT, Event.DEADLINE_DIGEST, Event.AUDIT_CHAIN,
        Event.REFUSED_ACCESS,
    ):
        return selectors.user_emails_in_groups(roles.TITLE_IX_COORDINATOR)
    # Outreach and acknowledgements go to the address the caller gives, or nowhere.
    return []


def _resolved_recipients(event: str, object_ref: str) -> list[str]:
    resolver = _resolvers.get(str(event)) or _BUILTIN_RESOLVERS.get(str(event))
    if resolver is not None:
        try:
            # A savepoint: a failing resolver must not break the caller's transaction.
            with transaction.atomic():
                found = [address for address in resolver(object_ref) or [] if address]
        except Exception:
            logger.exception("recipient resolver for %s failed; using the defaults", event)
            found = []
        if found:
            return found
    return event_default_recipients(event)


def _referral_impacted_address(object_ref: str) -> list[str]:
    """Built-in resolver for REFERRAL_OUTREACH: the impacted person's address, if given."""
    return selectors.referral_impacted_addresses(object_ref=object_ref)


_BUILTIN_RESOLVERS: dict[str, RecipientResolver] = {
    str(Event.REFERRAL_OUTREACH): _referral_impacted_address,
}
