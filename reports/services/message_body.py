"""The one rule for the body of a message, whoever writes it: a reporter or IDHR staff on
the follow-up page (reports.services.follow_up), a party or staff in the party portal
(cases.services.portal_messages). Surrounding spaces are dropped; an empty message or one
over MESSAGE_MAX_LENGTH characters is refused with a message on the `body` field."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MESSAGE_MAX_LENGTH = 10_000


def message_body_clean(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Please write a message.")})
    if len(body) > MESSAGE_MAX_LENGTH:
        raise ValidationError(
            {"body": _("Please keep a message under %(max)s characters.") % {"max": MESSAGE_MAX_LENGTH}}
        )
    return body
