"""Party portal pages (see the package docstring)."""

import io

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cases.services.documents import case_document_read
from cases.services.portal import (
    PortalLinkRefused,
    letter_receipt_downloaded,
    letter_receipt_opened,
    party_portal_code_verify,
    party_portal_link_use,
)

from ..selectors import portal as selectors
from .forms import CodeForm
from .session import PENDING_KEY, pending_invitation, pending_save, portal_end, portal_party, portal_sign_in


def _signed_in(view):
    def wrapper(request, *args, **kwargs):
        party = portal_party(request)
        if party is None:
            reason = getattr(request, "portal_signed_out", "")
            context = {"signed_out_reason": reason, "idle_minutes": settings.PORTAL_IDLE_SECONDS // 60}
            return render(request, "portal/signed_out.html", context, status=200)
        return view(request, party, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return never_cache(wrapper)


@_signed_in
def home(request, party):
    return render(
        request,
        "portal/home.html",
        {"party": party, "letters": selectors.portal_letters(party=party).select_related("receipt")},
    )


@never_cache
def invitation(request, token):
    """GET asks before using the link (mail scanners open links too); POST uses it once."""
    if request.method != "POST":
        return render(request, "portal/invitation.html", {"token": token})
    try:
        used = party_portal_link_use(token=token)
    except PortalLinkRefused as refused:
        return render(request, "portal/link_refused.html", {"reason": refused.reason}, status=410)
    pending_save(request, used.pk)
    return redirect("portal:code")


@never_cache
def code(request):
    invitation_id = pending_invitation(request)
    if invitation_id is None:
        return render(request, "portal/signed_out.html")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            party = party_portal_code_verify(invitation_id=invitation_id, code=form.cleaned_data["code"])
        except PortalLinkRefused as refused:
            request.session.pop(PENDING_KEY, None)
            return render(request, "portal/link_refused.html", {"reason": refused.reason}, status=410)
        if party is not None:
            portal_sign_in(request, party)
            return redirect("portal:home")
        form.add_error("code", _("That is not the code we sent. Please check the newest email and try again."))
    return render(request, "portal/code.html", {"form": form})


@_signed_in
def letter(request, party, letter_id):
    item = selectors.portal_letter_get(party=party, letter_id=letter_id)
    if item is None:
        raise Http404
    letter_receipt_opened(letter=item)
    return render(request, "portal/letter.html", {"party": party, "letter": item})


@_signed_in
def letter_pdf(request, party, letter_id):
    item = selectors.portal_letter_get(party=party, letter_id=letter_id)
    if item is None or item.document is None:
        raise Http404
    data = case_document_read(document=item.document)
    letter_receipt_downloaded(letter=item)
    filename = f"IDHR-{item.kind.replace('_', '-')}-{item.sent_at:%Y%m%d}.pdf"
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=filename, content_type="application/pdf")


@never_cache
@require_POST
def sign_out(request):
    portal_end(request)  # the portal's keys only: a staff sign-in in this browser stays
    messages.success(request, _("You have signed out of the portal."))
    return redirect("portal:home")
