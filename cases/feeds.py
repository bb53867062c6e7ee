"""The private iCalendar feed of a staff member's deadlines, outside the admin: calendar
applications cannot sign in, so the secret token in the URL is the key (cases.models.CalendarFeed).
It answers 404 for an unknown or revoked token and for an account that may no longer see cases."""

from django.http import Http404, HttpResponse
from django.utils import timezone

from cases.models import CalendarFeed
from cases.selectors.access import user_may_see_identities
from cases.selectors.calendar import calendar_ics
from cases.services.calendar import calendar_feed_token_hash


def calendar_feed(request, token):
    feed = (
        CalendarFeed.objects.select_related("user").filter(token_hash=calendar_feed_token_hash(token)).first()
    )
    if feed is None or not user_may_see_identities(feed.user):
        raise Http404
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    body = calendar_ics(
        user=feed.user, today=timezone.localdate(), base_url=request.build_absolute_uri("/").rstrip("/")
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
