"""What a party signed in to the portal may read: their own case's letters addressed to
them, and only once released (`sent_at` set: a batch is released in one UPDATE)."""

from __future__ import annotations

from ..models import Letter, LetterReceipt, Party


def portal_party_get(*, party_id: int) -> Party | None:
    return Party.objects.select_related("case").filter(pk=party_id).first()


def portal_letters(*, party: Party):
    """Letters released to `party`, newest first. Nothing addressed to anyone else."""
    return (
        Letter.objects.filter(recipient=party, case_id=party.case_id, sent_at__isnull=False)
        .select_related("document")
        .order_by("-sent_at", "-pk")
    )


def portal_letter_get(*, party: Party, letter_id: int) -> Letter | None:
    return portal_letters(party=party).filter(pk=letter_id).first()


def letter_delivery(*, letter: Letter) -> dict:
    """Published, notice accepted by the SMTP server, first opened, downloaded (None when not yet)."""
    from notifications.models import Notification

    receipt = LetterReceipt.objects.filter(letter=letter).first()
    notice_sent_at = None
    if receipt is not None and receipt.notice_id:
        notice_sent_at = Notification.objects.filter(pk=receipt.notice_id).values_list("sent_at", flat=True).first()
    return {
        "published_at": letter.sent_at if letter.sent_channel == Letter.Channel.PORTAL else None,
        "notice_accepted_at": notice_sent_at,
        "first_opened_at": receipt.first_opened_at if receipt else None,
        "downloaded_at": receipt.downloaded_at if receipt else None,
    }
