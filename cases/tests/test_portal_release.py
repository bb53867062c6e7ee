"""Letters released together (a determination, an appeal decision, a dismissal) become
visible in the party portal to both parties at the same instant, or to neither; and the
staff's "Send via portal" button on a letter's review page releases the whole batch."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.urls import reverse

from cases.models import Letter
from cases.selectors.portal import portal_letters
from cases.services.letters import letter_prepare
from cases.services.portal import letter_send_via_portal
from notifications.models import Notification

from .test_portal import make_case


def _visible_in_one_snapshot(complainant, respondent) -> tuple[int, int]:
    """What each party's portal would list, read in one snapshot (one transaction, repeatable read)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return portal_letters(party=complainant).count(), portal_letters(party=respondent).count()


@pytest.mark.django_db(transaction=True)
def test_both_parties_see_a_released_batch_at_the_same_instant_never_one_before_the_other():
    """The release is the service's own transaction: the test opens none around it.

    The release is held at its first portal notice (after both letters were marked sent,
    before the service returns) by a receiver of the notice's post_save; readers in other
    connections take snapshots meanwhile. A service that committed the letters before its
    notices (no transaction of its own) would show (1, 1) while held, and one that published
    letter by letter would show (1, 0).
    """
    manager, case, complainant, respondent = make_case()
    letters = letter_prepare(
        case=case, kind="outcome", recipients=[complainant, respondent], actor=manager, batch=True
    )
    held, may_go_on, done = threading.Event(), threading.Event(), threading.Event()
    seen: list[tuple[int, int]] = []

    def hold_at_the_first_notice(sender, instance, created, **kwargs):
        if created and instance.event == "portal.letter" and not held.is_set():
            held.set()
            may_go_on.wait(10)

    def release():
        try:
            letter_send_via_portal(letters=letters, actor=manager)
        finally:
            connection.close()
            done.set()

    def read_until_done():
        try:
            while not done.is_set():
                seen.append(_visible_in_one_snapshot(complainant, respondent))
            seen.append(_visible_in_one_snapshot(complainant, respondent))
        finally:
            connection.close()

    post_save.connect(hold_at_the_first_notice, sender=Notification, weak=False)
    try:
        releaser = threading.Thread(target=release)
        readers = [threading.Thread(target=read_until_done) for _ in range(2)]
        releaser.start()
        assert held.wait(10), "the release reached its first portal notice"
        for reader in readers:
            reader.start()
        while len(seen) < 20:
            pass
        during = list(seen)
        may_go_on.set()
        releaser.join(10)
        for reader in readers:
            reader.join(10)
    finally:
        post_save.disconnect(hold_at_the_first_notice, sender=Notification)
        may_go_on.set()
    assert set(during) == {(0, 0)}  # marked sent but not committed: neither party sees it
    assert set(seen) <= {(0, 0), (1, 1)}  # never (1, 0) or (0, 1)
    assert seen[-1] == (1, 1)
    sent = list(Letter.objects.filter(pk__in=[letter.pk for letter in letters]).values_list("sent_at", flat=True))
    assert len(set(sent)) == 1 and sent[0] is not None


@pytest.mark.django_db
def test_one_letter_of_a_batch_cannot_be_released_alone():
    manager, case, complainant, respondent = make_case()
    letters = letter_prepare(
        case=case, kind="outcome", recipients=[complainant, respondent], actor=manager, batch=True
    )
    with pytest.raises(ValidationError, match="sent together"):
        letter_send_via_portal(letters=letters[:1], actor=manager)
    assert portal_letters(party=complainant).count() == 0 and portal_letters(party=respondent).count() == 0
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_send_via_portal_on_the_review_page_releases_the_batch_and_shows_the_delivery_record(client):
    manager, case, complainant, respondent = make_case()
    letters = letter_prepare(
        case=case, kind="outcome", recipients=[complainant, respondent], actor=manager, batch=True
    )
    client.force_login(manager)
    review = reverse("admin:cases_letter_review", args=[letters[0].pk])
    assert "Send via portal" in client.get(review).content.decode()
    response = client.post(reverse("admin:cases_letter_send_portal", args=[letters[0].pk]))
    assert response.status_code == 302
    assert all(letter.sent_channel == "portal" for letter in Letter.objects.filter(case=case))
    assert sorted(Notification.objects.filter(event="portal.letter").values_list("recipients", flat=True)) == [
        ["complainant-a@example.org"],
        ["respondent-a@example.org"],
    ]
    page = client.get(review).content.decode()
    assert "Published in the portal" in page and "First opened by the recipient" in page
    assert "Send via portal" not in page
    client.post(reverse("admin:cases_letter_invite", args=[letters[0].pk]))
    assert Notification.objects.filter(event="portal.invitation").count() == 1
