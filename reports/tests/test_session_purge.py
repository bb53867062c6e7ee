"""Expired sessions leave the database: abandoned drafts and follow-up links do not linger."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from reports import tasks
from reports.tests import steps

pytestmark = pytest.mark.django_db


def test_expired_sessions_with_an_abandoned_draft_or_a_follow_up_link_are_deleted(client, intake_staff):
    steps.file_incident(client)
    code = steps.receipt_code(client)
    client.post("/follow-up/", {"code": code})
    follow_up_key = client.session.session_key
    # someone else starts a report and walks away from it
    abandoned = Client()
    steps.post(abandoned, "/report/", steps.YOU_NAMED)
    steps.post(abandoned, "/report/what-happened/", steps.WHAT)
    draft_key = abandoned.session.session_key
    live = Client()
    steps.post(live, "/report/", steps.YOU_ANONYMOUS)
    live_key = live.session.session_key
    past = timezone.now() - timedelta(seconds=1)
    Session.objects.filter(session_key__in=[follow_up_key, draft_key]).update(expire_date=past)

    tasks.sessions_purge_task()

    remaining = set(Session.objects.values_list("session_key", flat=True))
    assert follow_up_key not in remaining
    assert draft_key not in remaining
    assert live_key in remaining


def test_the_session_purge_runs_on_the_beat_schedule():
    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "reports.sessions_purge"]
    assert len(entries) == 1
    assert entries[0]["schedule"] <= 15 * 60
