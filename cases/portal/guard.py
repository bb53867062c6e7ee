"""The sign-in check of the portal pages of evidence review and appeals: the signed-in
party, or the signed-out page; every answer `no-store`."""

import functools

from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .session import portal_party


def party_required(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        party = portal_party(request)
        if party is None:
            return render(request, "portal/signed_out.html", status=200)
        return view(request, party, *args, **kwargs)

    return never_cache(wrapper)
