"""Staff side of the party portal on a letter's review page: "Send via portal" (publish the
letter, or its whole batch at once, and email content-free notices) and "Invite to the
portal" (a fresh single-use link for the letter's recipient). Rules in cases.services.portal."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from cases.selectors.access import case_user_may_edit
from cases.services.portal import letter_send_via_portal, party_portal_invite


def _post_on_editable_letter(model_admin, request, letter_id):
    letter = model_admin._visible_letter(request, letter_id)
    if request.method != "POST" or not case_user_may_edit(request.user, letter.case):
        raise PermissionDenied
    return letter


def letter_send_portal_view(model_admin, request, letter_id):
    letter = _post_on_editable_letter(model_admin, request, letter_id)
    together = model_admin._together(letter)
    try:
        letter_send_via_portal(letters=together, actor=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("Published in the party portal; a notice without its content was emailed to: %(roles)s.")
            % {"roles": ", ".join(item.recipient.get_role_display().lower() for item in together)},
        )
    return HttpResponseRedirect(reverse("admin:cases_letter_review", args=[letter.pk]))


def letter_invite_view(model_admin, request, letter_id):
    letter = _post_on_editable_letter(model_admin, request, letter_id)
    try:
        party_portal_invite(party=letter.recipient, actor=request.user)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("The %(role)s was emailed a new invitation link to the portal.")
            % {"role": letter.recipient.get_role_display().lower()},
        )
    return HttpResponseRedirect(reverse("admin:cases_letter_review", args=[letter.pk]))


def portal_letter_urls(model_admin):
    wrap = model_admin.admin_site.admin_view
    return [
        path(
            "<int:letter_id>/send-portal/",
            wrap(lambda request, letter_id: letter_send_portal_view(model_admin, request, letter_id)),
            name="cases_letter_send_portal",
        ),
        path(
            "<int:letter_id>/invite/",
            wrap(lambda request, letter_id: letter_invite_view(model_admin, request, letter_id)),
            name="cases_letter_invite",
        ),
    ]
