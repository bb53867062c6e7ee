"""A staff action posted twice takes effect once: one-time form tokens.

Every action form of the staff site carries a fresh token (`{% once_token %}`,
cases/templatetags/once.py). `OnceMiddleware` runs the view of a post that carries one
inside a transaction that first inserts the token (cases.models.FormSubmission, the
token its primary key):

- a double click, a resent form or the same form posted from a second window inserts
  the same token again: PostgreSQL makes that insert wait until the first post's
  transaction ends. If the first post did its action, the second is not run: it is sent
  where the first one's result was shown, with "This was already done at HH:MM";
- a post that did not do its action (a refusal shown on the page, status 200, or an
  error) gives its token back in the same transaction, so nothing is claimed: the page
  shown again carries a new token, and the waiting post runs as if it were the first.

A redirect is the sign of an action done (POST/redirect/GET, the staff site's rule),
unless the view added an error message on the way (a refusal shown after a redirect).
Posts without a token (clients other than the staff pages) run as before; actions that
two different pages may both send are refused by their services (cases/services/*).

Written here rather than taken from a library: the claim has to be in the same
transaction as the action, so that a refused or failed action releases it.
"""

from __future__ import annotations

import datetime
import uuid

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import FormSubmission

FIELD = "_once"
DONE = (301, 302, 303)
KEPT_FOR = datetime.timedelta(days=1)


def posted_token(request) -> uuid.UUID | None:
    if request.method != "POST" or not request.user.is_authenticated:
        return None
    if getattr(request.resolver_match, "namespace", "") != "admin":
        return None
    try:
        return uuid.UUID(request.POST.get(FIELD, ""))
    except ValueError:
        return None


def form_submission_claim(*, token: uuid.UUID, user, path: str) -> FormSubmission | None:
    """Claim `token` in the current transaction; the earlier submission if it was claimed already."""
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, user=user, path=path[:300])
    except IntegrityError:
        return FormSubmission.objects.filter(token=token).first()
    return None


def form_submissions_purge(*, now: datetime.datetime | None = None) -> int:
    """Forget the tokens of posts more than a day old (the daily beat task)."""
    deleted, _rows = FormSubmission.objects.filter(created_at__lt=(now or timezone.now()) - KEPT_FOR).delete()
    return deleted


def already_done(request, earlier: FormSubmission):
    if earlier.user_id != request.user.pk:  # another person's token: nothing to show them
        return HttpResponseRedirect(reverse("admin:index"))
    messages.info(
        request,
        _("This was already done at %(time)s: it was not done a second time.")
        % {"time": timezone.localtime(earlier.created_at).strftime("%H:%M")},
    )
    return HttpResponseRedirect(earlier.result_url or reverse("admin:index"))


def _refused(request) -> bool:
    """A view that refuses with an error message and a redirect (messages.error) did nothing."""
    queued = getattr(getattr(request, "_messages", None), "_queued_messages", [])  # this request's only
    return any(message.level >= messages.ERROR for message in queued)


class OnceMiddleware:
    """Last in MIDDLEWARE: it runs the view itself when the post carries a token."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        token = posted_token(request)
        if token is None:
            return None
        with transaction.atomic():
            earlier = form_submission_claim(token=token, user=request.user, path=request.path)
            if earlier is not None:
                return already_done(request, earlier)
            response = view_func(request, *view_args, **view_kwargs)
            submission = FormSubmission.objects.filter(token=token)
            if response.status_code in DONE and not _refused(request):
                submission.update(result_url=response["Location"][:500])
            else:
                submission.delete()
        return response
