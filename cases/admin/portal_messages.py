"""Staff side of party-portal messages (issue 15, item 6): on the case page each party's
thread with an unread count; the thread page shows it (marking the party's messages
read) and takes a reply. Rules in cases.services.portal_messages."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.models import AccessLog, Party, PortalMessage
from cases.selectors.access import case_user_may_edit, user_may_see_identities
from cases.selectors.portal_overview import portal_thread, portal_threads_for_staff
from cases.services.audit import access_log_record
from cases.services.portal_messages import portal_message_from_staff, portal_messages_read
from reports.services.message_body import MESSAGE_MAX_LENGTH


class StaffMessageForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Reply to the party (they are emailed that there is a message, never its text)"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        error_messages={"required": gettext_lazy("Please write a message.")},
    )


def portal_messages_context(request, case) -> dict:
    """The case page's "Party portal messages" module (staff who may see identities)."""
    if not user_may_see_identities(request.user):
        return {}
    return {"portal_threads": portal_threads_for_staff(case=case)}


def _thread_party(model_admin, request, case_id, party_id) -> Party:
    case = model_admin._visible_case(request, case_id)
    if not user_may_see_identities(request.user):
        raise Http404
    return get_object_or_404(
        Party.objects.select_related("case"), case=case, pk=party_id, role__in=("complainant", "respondent", "advisor")
    )


def portal_thread_view(model_admin, request, case_id, party_id):
    party = _thread_party(model_admin, request, case_id, party_id)
    case = party.case
    may_edit = case_user_may_edit(request.user, case)
    form = StaffMessageForm(request.POST or None)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                portal_message_from_staff(party=party, author=request.user, body=form.cleaned_data["body"])
            except ValidationError as error:
                for text in error.messages:
                    form.add_error("body", text)
            else:
                messages.success(request, _("Message sent. The party was emailed that there is a new message."))
                return HttpResponseRedirect(request.path)
    else:
        access_log_record(user=request.user, action=AccessLog.Action.VIEW, obj=party, ref=case.reference)
    items = list(portal_thread(party=party))
    unread = {item.pk for item in items if item.direction == PortalMessage.Direction.FROM_PARTY and not item.read_at}
    portal_messages_read(party=party, direction=PortalMessage.Direction.FROM_PARTY)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "original": case,
        "party": party,
        "items": items,
        "new_ids": unread,
        "form": form,
        "can_edit_case": may_edit,
        "title": _("Portal messages with the %(role)s") % {"role": party.get_role_display().lower()},
    }
    return TemplateResponse(request, "admin/cases/case/portal_thread.html", context)


def portal_message_urls(model_admin):
    wrap = model_admin.admin_site.admin_view
    return [
        path(
            "<int:case_id>/portal-messages/<int:party_id>/",
            wrap(lambda request, case_id, party_id: portal_thread_view(model_admin, request, case_id, party_id)),
            name="cases_case_portal_thread",
        ),
    ]

