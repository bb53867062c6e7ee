"""A party's message thread with the IDHR Office (their own only), and the case overview.
Rules in cases.services.portal_messages; what is shown in cases.selectors.portal_overview."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases.services.portal_messages import portal_message_from_party, portal_messages_read
from reports.services.message_body import MESSAGE_MAX_LENGTH

from ..models import PortalMessage
from ..selectors import portal_overview as selectors
from .views import _signed_in


class MessageForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your message to the IDHR Office"),
        help_text=gettext_lazy("Only the IDHR Office reads it. The other party never sees your messages."),
        max_length=MESSAGE_MAX_LENGTH,
        strip=True,
        error_messages={
            "required": gettext_lazy("Please write a message."),
            "max_length": gettext_lazy("Please keep a message under 10,000 characters."),
        },
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
    )


@_signed_in
def overview(request, party):
    context = {"party": party, **selectors.portal_overview(party=party)}
    return render(request, "portal/overview.html", context)


@_signed_in
def thread(request, party):
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            portal_message_from_party(party=party, body=form.cleaned_data["body"])
        except ValidationError as error:
            for text in error.messages:
                form.add_error("body", text)
        else:
            messages.success(request, _("Your message was sent to the IDHR Office."))
            return redirect("portal:messages")
    items = list(selectors.portal_thread(party=party))
    unread = {item.pk for item in items if item.direction == PortalMessage.Direction.FROM_STAFF and not item.read_at}
    portal_messages_read(party=party, direction=PortalMessage.Direction.FROM_STAFF)
    context = {"party": party, "form": form, "items": items, "new_ids": unread}
    return render(request, "portal/messages.html", context)
