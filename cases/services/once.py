"""Actions that two windows may send at the same moment take effect once.

A double click or a resent form is caught by its one-time token (cases/once.py); two
different windows carry two tokens, so the services whose action must not happen twice
lock the case's row first and then look whether it was done already (the check and the
write in one transaction, one window at a time).
"""

from ..models import Case


def case_lock(*, case: Case) -> None:
    """Hold the case's row until the end of the transaction (call inside `transaction.atomic`)."""
    Case.objects.select_for_update().filter(pk=case.pk).exists()
